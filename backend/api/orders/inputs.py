"""Input pieces several order mutations share."""

from __future__ import annotations

import strawberry

from backend.api.orders.types import AddressInput, CustomerInput, OrderLineInput, PaymentMethod, ShippingMethod
from backend.core.ids import expect_global_id
from backend.orders.editing import OrderChanges
from backend.orders.model import LineRequest


def line_requests(lines: list[OrderLineInput] | None) -> list[LineRequest]:
    return [
        LineRequest(product_id=expect_global_id(line.product_id, "Product", field=f"lines.{i}.productId"),
                    quantity=line.quantity, unit_price=line.unit_price, tax_rate=line.tax_rate)
        for i, line in enumerate(lines or [])
    ]


def order_id(value: strawberry.ID, field: str = "orderId"):  # noqa: ANN201
    return expect_global_id(value, "Order", field=field)


@strawberry.input(description="What to change; fields left out stay as they are.")
class OrderChangesInput:
    lines: list[OrderLineInput] | None = strawberry.field(
        default=None, description="The complete new set of lines; reservations follow.")
    customer: CustomerInput | None = None
    shipping_address: AddressInput | None = None
    billing_address: AddressInput | None = None
    shipping_method: ShippingMethod | None = None
    shipping_price: str | None = None
    payment_method: PaymentMethod | None = None
    customer_note: str | None = None
    tags: list[str] | None = None

    def to_changes(self) -> OrderChanges:
        return OrderChanges(
            lines=line_requests(self.lines) if self.lines is not None else None,
            customer=self.customer.to_model() if self.customer else None,
            shipping_address=self.shipping_address.as_dict() if self.shipping_address else None,
            billing_address=self.billing_address.as_dict() if self.billing_address else None,
            shipping_method=self.shipping_method.value if self.shipping_method else None,
            shipping_price=self.shipping_price,
            payment_method=self.payment_method.value if self.payment_method else None,
            customer_note=self.customer_note, tags=self.tags,
        )
