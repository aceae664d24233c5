"""Payment status from the merchant's systems."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.errors import mutation_payload, user_errors
from backend.api.orders.types import Order, PaymentStatus, order_id
from backend.orders import services as orders
from backend.orders.model import PaymentStatus as Paid


@strawberry.input
class OrderPaymentUpdateInput:
    order_id: strawberry.ID
    payment_status: PaymentStatus
    reference: str = strawberry.field(default="", description="The payment provider's or bank's reference.")


OrderPaymentUpdatePayload = mutation_payload("OrderPaymentUpdatePayload", order=Order)


@user_errors
async def order_payment_update(info: Info, input: OrderPaymentUpdateInput) -> OrderPaymentUpdatePayload:  # noqa: A002
    order = await orders.update_payment_status(info.context.actor, order_id(input.order_id),
                                                 Paid(input.payment_status.value), input.reference)
    return {"order": Order.from_row(order)}
