from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.errors import mutation_result
from backend.api.orders.types import DraftOrderPayload, Order, OrderChangesInput, order_id
from backend.core.errors import ValidationFailed
from backend.orders import editing
from backend.orders.queries import orders_by_ids


@strawberry.input
class DraftOrderUpdateInput:
    order_id: strawberry.ID
    expected_version: int
    changes: OrderChangesInput


async def draft_order_update(info: Info, input: DraftOrderUpdateInput) -> DraftOrderPayload:  # noqa: A002
    async def action() -> dict:
        actor = info.context.actor
        oid = order_id(input.order_id)
        found = (await orders_by_ids(actor, [oid])).get(oid)
        if found is not None and found.status != "DRAFT":
            raise ValidationFailed(f"Order {found.number} is not a draft; use orderUpdate", field="orderId",
                                   code="INVALID_STATE")
        order = await editing.update_order(actor, oid, input.expected_version, input.changes.to_changes())
        return {"order": Order.from_row(order)}

    return await mutation_result(DraftOrderPayload, action)
