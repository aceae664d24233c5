"""A WooCommerce order (REST v3 shape) as a Packline order request: lines by SKU, gross prices after discounts,
the tax rate each line was charged, shipping, payment, addresses. SKUs we do not know hold the order with the
reason; an order with no known SKU at all cannot be placed."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any
from uuid import UUID

from backend.orders.model import (
    Customer,
    LineRequest,
    OrderRequest,
    OrderSource,
    PaymentMethod,
    PaymentStatus,
    ShippingMethod,
)
from backend.shops.model import shop_sku
from backend.shops.tables import Shop

PAYMENT_METHODS = {"bacs": PaymentMethod.BANK_TRANSFER, "cheque": PaymentMethod.CHEQUE,
                   "cod": PaymentMethod.CASH_ON_DELIVERY, "paypal": PaymentMethod.PAYPAL,
                   "ppcp-gateway": PaymentMethod.PAYPAL, "invoice": PaymentMethod.INVOICE}
PICKUP_METHODS = {"local_pickup", "pickup_location"}
CENT = Decimal("0.01")


class UnplaceableOrder(Exception):
    """Why a shop order cannot become a Packline order at all."""


@dataclass
class _Line:
    product_id: UUID
    quantity: int = 0
    net: Decimal = Decimal(0)
    tax: Decimal = Decimal(0)
    # The rate the shop charged (its tax lines' `rate_percent`), when it says so.
    rate: Decimal | None = None


def _money(value: Any) -> Decimal:
    try:
        return Decimal(str(value or "0"))
    except InvalidOperation:
        raise UnplaceableOrder(f"Not an amount: {value!r}") from None


def wanted_skus(order: dict[str, Any], shop: Shop) -> set[str]:
    return {shop_sku(item.get("sku") or "", shop.sku_rule, shop.sku_prefix)
            for item in order.get("line_items") or [] if item.get("sku")}


def _charged_rate(item: dict[str, Any], rates: dict[Any, Decimal]) -> Decimal | None:
    """The line's tax rate from the order's tax lines: the sum of the rates it was charged (None: not said)."""
    charged = [tax.get("id") for tax in item.get("taxes") or [] if _money(tax.get("total")) != 0]
    if not charged or any(rate_id not in rates for rate_id in charged):
        return None
    return sum((rates[rate_id] for rate_id in charged), Decimal(0))


def _lines(order: dict[str, Any], shop: Shop, products: dict[str, UUID]) -> tuple[list[_Line], list[str]]:
    """Lines per product (a SKU listed twice is summed) and what could not be matched."""
    rates = {tax.get("rate_id"): _money(tax["rate_percent"]) for tax in order.get("tax_lines") or []
             if tax.get("rate_percent") is not None}
    merged: dict[UUID, _Line] = {}
    unknown: list[str] = []
    for item in order.get("line_items") or []:
        sku = shop_sku(item.get("sku") or "", shop.sku_rule, shop.sku_prefix)
        product_id = products.get(sku) if sku else None
        if product_id is None:
            unknown.append(f"{item.get('sku') or '(no SKU)'} “{item.get('name', '')}” ×{item.get('quantity')}")
            continue
        line = merged.setdefault(product_id, _Line(product_id))
        line.quantity += int(item.get("quantity") or 0)
        line.net += _money(item.get("total"))
        line.tax += _money(item.get("total_tax"))
        line.rate = _charged_rate(item, rates)
    return [line for line in merged.values() if line.quantity > 0], unknown


def _line_request(line: _Line) -> LineRequest:
    gross = line.net + line.tax
    unit = (gross / line.quantity).quantize(CENT, rounding=ROUND_HALF_UP)
    rate = line.rate if line.rate is not None else \
        (line.tax * 100 / line.net).quantize(CENT, rounding=ROUND_HALF_UP) if line.net > 0 else Decimal(0)
    return LineRequest(line.product_id, line.quantity, str(unit), str(rate))


def _address(part: dict[str, Any], phone: str) -> dict[str, str]:
    return {"name": f"{part.get('first_name', '')} {part.get('last_name', '')}".strip(),
            "company": part.get("company") or "", "line1": part.get("address_1") or "",
            "line2": part.get("address_2") or "", "postalCode": part.get("postcode") or "",
            "city": part.get("city") or "", "region": part.get("state") or "", "country": part.get("country") or "",
            "phone": phone}


def _shipping(order: dict[str, Any]) -> tuple[str, str]:
    lines = order.get("shipping_lines") or []
    gross = sum((_money(s.get("total")) + _money(s.get("total_tax")) for s in lines), Decimal(0))
    pickup = any(s.get("method_id") in PICKUP_METHODS for s in lines)
    method = ShippingMethod.CLICK_AND_COLLECT if pickup else ShippingMethod.STANDARD
    return method.value, str(gross.quantize(CENT, rounding=ROUND_HALF_UP))


def order_request(order: dict[str, Any], shop: Shop, products: dict[str, UUID]) -> OrderRequest:
    """`products`: our product ids by SKU as `shop_sku` spells them."""
    lines, unknown = _lines(order, shop, products)
    if not lines:
        raise UnplaceableOrder("No line names a SKU of ours: " + "; ".join(unknown) if unknown else "The order has no lines")
    billing, shipping = order.get("billing") or {}, order.get("shipping") or {}
    phone = shipping.get("phone") or billing.get("phone") or ""
    ship_to = shipping if shipping.get("address_1") or shipping.get("last_name") else billing
    method, shipping_price = _shipping(order)
    return OrderRequest(
        merchant_id=shop.merchant, lines=[_line_request(line) for line in lines],
        currency=order.get("currency") or "EUR",
        payment_method=PAYMENT_METHODS.get(order.get("payment_method") or "", PaymentMethod.CARD).value,
        payment_status=(PaymentStatus.PAID if order.get("date_paid_gmt") or order.get("date_paid") else PaymentStatus.PENDING).value,
        shipping_method=method, shipping_price=shipping_price,
        customer=Customer(f"{billing.get('first_name', '')} {billing.get('last_name', '')}".strip(),
                          billing.get("email") or "", billing.get("phone") or ""),
        shipping_address=_address(ship_to, phone), billing_address=_address(billing, billing.get("phone") or ""),
        customer_note=(order.get("customer_note") or "")[:1000], source=OrderSource.SHOP.value, shop=shop.source_key,
        external_id=str(order["id"]), external_number=str(order.get("number") or order["id"]),
        warehouse_id=shop.warehouse,
        hold_reason=("Unknown SKU in the shop order: " + "; ".join(unknown))[:300] if unknown else "",
    )
