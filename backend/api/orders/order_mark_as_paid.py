from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.errors import user_errors
from backend.api.orders.types import OrderBulkPayload, bulk_payload, order_id, order_ids
from backend.orders import services as orders


@strawberry.input
class OrderPaymentReference:
    order_id: strawberry.ID
    reference: str


@strawberry.input
class OrderMarkAsPaidInput:
    order_ids: list[strawberry.ID]
    transaction_reference: str = strawberry.field(default="", description="One bank reference for all orders…")
    references: list[OrderPaymentReference] | None = strawberry.field(default=None, description="…or one per order.")


@user_errors
async def order_mark_as_paid(info: Info, input: OrderMarkAsPaidInput) -> OrderBulkPayload:  # noqa: A002
    references = {order_id(r.order_id, "references"): r.reference for r in input.references or []}
    outcomes = await orders.mark_paid(info.context.actor, order_ids(input.order_ids),
                                        reference=input.transaction_reference, references=references)
    return bulk_payload(outcomes)
