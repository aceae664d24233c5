"""An order's lines: checking requested lines against the catalog, prices and totals, and writing them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from backend.catalog.tables import Product
from backend.core.errors import NotFound, ValidationFailed
from backend.orders.model import MAX_LINES, LineRequest, PricedLine, Totals, clean_tax_rate, order_totals, to_minor
from backend.orders.tables import Order, OrderLine

DEFAULT_TAX_RATE = "19"


@dataclass
class CleanLine:
    product: Product
    quantity: int
    unit_price: int
    tax_rate: int


def clean_lines(requests: list[LineRequest], products: dict[UUID, Product], currency: str, merchant_id: UUID,
                *, require: bool = True) -> list[CleanLine]:
    """Check the requested lines against the merchant's catalog; one line per product (repeats are summed)."""
    if require and not requests:
        raise ValidationFailed("Add at least one line", field="lines", code="REQUIRED")
    if len(requests) > MAX_LINES:
        raise ValidationFailed(f"At most {MAX_LINES} lines", field="lines")
    merged: dict[UUID, CleanLine] = {}
    for index, request in enumerate(requests):
        line = _clean_line(request, products, currency, merchant_id, f"lines.{index}")
        existing = merged.get(line.product.id)
        if existing is None:
            merged[line.product.id] = line
        elif (existing.unit_price, existing.tax_rate) != (line.unit_price, line.tax_rate):
            raise ValidationFailed(f"{line.product.sku} is listed twice at different prices",
                                   field=f"lines.{index}.productId", code="DUPLICATE")
        else:
            existing.quantity += line.quantity
    return list(merged.values())


def _clean_line(request: LineRequest, products: dict[UUID, Product], currency: str, merchant_id: UUID,
                where: str) -> CleanLine:
    product = products.get(request.product_id)
    if product is None or product.merchant != merchant_id:
        raise NotFound("No such product", field=f"{where}.productId")
    if product.is_archived:
        raise ValidationFailed(f"{product.sku} is archived", field=f"{where}.productId", code="ARCHIVED")
    if not 1 <= request.quantity <= 100_000:
        raise ValidationFailed("Quantity must be from 1 to 100000", field=f"{where}.quantity")
    price = to_minor(request.unit_price, currency, f"{where}.unitPrice") if request.unit_price is not None else 0
    rate = clean_tax_rate(request.tax_rate if request.tax_rate is not None else DEFAULT_TAX_RATE, f"{where}.taxRate")
    return CleanLine(product, request.quantity, price, rate)


def totals_of(lines: list[CleanLine] | list[OrderLine], shipping_price: int) -> Totals:
    return order_totals([PricedLine(line.quantity, line.unit_price, line.tax_rate) for line in lines], shipping_price)


async def order_lines(order_id: UUID) -> list[OrderLine]:
    return await OrderLine.objects().where(OrderLine.sales_order == order_id).order_by(OrderLine.position)


async def line_products(lines: list[OrderLine]) -> dict[UUID, Product]:
    """The products of an order's lines, by id."""
    ids = [line.product for line in lines]
    return {p.id: p for p in await Product.objects().where(Product.id.is_in(ids))} if ids else {}


def write_lines(order: Order, wanted: list[CleanLine], existing: list[OrderLine]) -> list[OrderLine]:
    """Make the order's lines match `wanted` (matched by product), keeping reservations on kept lines. Lines no
    longer wanted come last, with quantity 0: their reservations are released, then they are deleted."""
    by_product = {line.product: line for line in existing}
    kept: list[OrderLine] = []
    for position, clean in enumerate(wanted):
        line = by_product.pop(clean.product.id, None)
        if line is None:
            line = OrderLine(sales_order=order.id, product=clean.product.id, sku=clean.product.sku,
                             name=clean.product.name, quantity=clean.quantity, reserved=0,
                             unit_price=clean.unit_price, tax_rate=clean.tax_rate, position=position)
        else:
            line.quantity, line.unit_price, line.tax_rate, line.position = (
                clean.quantity, clean.unit_price, clean.tax_rate, position)
        kept.append(line)
    removed = list(by_product.values())
    for line in removed:
        line.quantity = 0
    return kept + removed


def line_snapshot(lines: list[OrderLine]) -> list[dict[str, Any]]:
    """The lines as the history records them (placement.sql's `order_place` writes the same shape)."""
    return [{"sku": line.sku, "quantity": line.quantity, "unitPrice": line.unit_price} for line in lines
            if line.quantity > 0]


async def save_lines(lines: list[OrderLine]) -> None:
    """Write the lines: new ones inserted in one statement, changed ones updated, those at quantity 0 deleted."""
    new = []
    for line in lines:
        if line.quantity <= 0:
            if line._exists_in_db:
                await OrderLine.delete().where(OrderLine.id == line.id)
        elif line._exists_in_db:
            await OrderLine.update({
                OrderLine.quantity: line.quantity, OrderLine.reserved: line.reserved, OrderLine.unit_price: line.unit_price,
                OrderLine.tax_rate: line.tax_rate, OrderLine.position: line.position,
            }).where(OrderLine.id == line.id)
        else:
            new.append(line)
    if new:
        await OrderLine.insert(*new)
        for line in new:
            line._exists_in_db = True
