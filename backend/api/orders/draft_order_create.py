"""Phone orders: a draft the agent builds while the customer is on the line, then completes."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.errors import user_errors
from backend.api.orders.types import (
    AddressInput,
    CustomerInput,
    DraftOrderPayload,
    Order,
    OrderLineInput,
    PaymentMethod,
    ShippingMethod,
    line_requests,
)
from backend.core.ids import expect_global_id, optional_merchant_id
from backend.orders import services as orders
from backend.orders.model import OrderRequest, OrderSource
from backend.orders.model import PaymentMethod as Method
from backend.orders.model import ShippingMethod as Shipping


@strawberry.input
class DraftOrderCreateInput:
    merchant_id: strawberry.ID | None = None
    lines: list[OrderLineInput] | None = None
    currency: str = "EUR"
    payment_method: PaymentMethod = Method.INVOICE
    shipping_method: ShippingMethod = Shipping.STANDARD
    shipping_price: str = "0"
    customer: CustomerInput | None = None
    shipping_address: AddressInput | None = None
    billing_address: AddressInput | None = None
    customer_note: str = ""
    tags: list[str] | None = None
    warehouse_id: strawberry.ID | None = None


@user_errors
async def draft_order_create(info: Info, input: DraftOrderCreateInput) -> DraftOrderPayload:  # noqa: A002
    request = OrderRequest(
        merchant_id=optional_merchant_id(input.merchant_id),
        lines=line_requests(input.lines), currency=input.currency, payment_method=input.payment_method.value,
        shipping_method=input.shipping_method.value, shipping_price=input.shipping_price,
        customer=input.customer.to_model() if input.customer else OrderRequest().customer,
        shipping_address=input.shipping_address.as_dict() if input.shipping_address else None,
        billing_address=input.billing_address.as_dict() if input.billing_address else None,
        customer_note=input.customer_note, tags=input.tags or [], source=OrderSource.PHONE.value,
        warehouse_id=expect_global_id(input.warehouse_id, "Warehouse", field="warehouseId") if input.warehouse_id else None,
    )
    return {"order": Order.from_row(await orders.create_draft(info.context.actor, request))}
