from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.errors import UserError, user_errors
from backend.api.orders.types import (
    AddressInput,
    CustomerInput,
    Order,
    OrderLineInput,
    OrderSource,
    PaymentMethod,
    PaymentStatus,
    ShippingMethod,
    line_requests,
)
from backend.core.ids import expect_global_id, optional_merchant_id
from backend.orders import services as orders
from backend.orders.model import OrderRequest
from backend.orders.model import OrderSource as Source
from backend.orders.model import PaymentStatus as Paid
from backend.orders.model import ShippingMethod as Shipping


@strawberry.input
class OrderCreateInput:
    merchant_id: strawberry.ID | None = strawberry.field(default=None, description="Operators name the merchant.")
    lines: list[OrderLineInput]
    currency: str = "EUR"
    payment_method: PaymentMethod
    payment_status: PaymentStatus = Paid.PENDING
    shipping_method: ShippingMethod = Shipping.STANDARD
    shipping_price: str = "0"
    customer: CustomerInput
    shipping_address: AddressInput | None = None
    billing_address: AddressInput | None = strawberry.field(default=None, description="Defaults to the shipping address.")
    customer_note: str = ""
    tags: list[str] | None = None
    source: OrderSource = Source.API
    shop: str = strawberry.field(default="", description="The shop's name, for SHOP orders.")
    external_id: str | None = strawberry.field(
        default=None, description="The shop's own order id: the same shop and id never make a second order.")
    external_number: str = strawberry.field(default="", description="The order number the customer knows from the shop.")
    idempotency_key: str | None = strawberry.field(
        default=None, description="Retrying with the same key and content returns the first order.")
    warehouse_id: strawberry.ID | None = strawberry.field(default=None, description="Defaults to the main warehouse.")


def order_request(input: OrderCreateInput) -> OrderRequest:  # noqa: A002
    return OrderRequest(
        merchant_id=optional_merchant_id(input.merchant_id),
        lines=line_requests(input.lines), currency=input.currency, payment_method=input.payment_method.value,
        payment_status=input.payment_status.value, shipping_method=input.shipping_method.value,
        shipping_price=input.shipping_price, customer=input.customer.to_model(),
        shipping_address=input.shipping_address.as_dict() if input.shipping_address else None,
        billing_address=input.billing_address.as_dict() if input.billing_address else None,
        customer_note=input.customer_note, tags=input.tags or [], source=input.source.value, shop=input.shop,
        external_id=input.external_id, external_number=input.external_number, idempotency_key=input.idempotency_key,
        warehouse_id=expect_global_id(input.warehouse_id, "Warehouse", field="warehouseId") if input.warehouse_id else None,
    )


@strawberry.type
class OrderCreatePayload:
    order: Order | None = None
    created: bool = strawberry.field(default=False, description="False when a retry returned the order made before.")
    errors: list[UserError]


@user_errors
async def order_create(info: Info, input: OrderCreateInput) -> OrderCreatePayload:  # noqa: A002
    order, created = await orders.create_order(info.context.actor, order_request(input))
    return {"order": Order.from_row(order), "created": created}
