from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.errors import mutation_payload, user_errors
from backend.core.ids import expect_global_id
from backend.presence import services as presence


@strawberry.input
class PresenceUpdateInput:
    entity_id: strawberry.ID = strawberry.field(description="The order the page shows.")
    client_id: str = strawberry.field(description="The page's own id, as given to the `presence` subscription.")
    editing: bool
    show_name_to_merchants: bool | None = strawberry.field(
        default=None, description="Packline's people only: whether the merchant's people see your name (else "
        "'support' or 'warehouse'). Unset keeps the choice.")


PresenceUpdatePayload = mutation_payload("PresenceUpdatePayload")


@user_errors
async def presence_update(info: Info, input: PresenceUpdateInput) -> PresenceUpdatePayload:
    order = expect_global_id(input.entity_id, "Order", field="entityId")
    await presence.set_editing(info.context.actor, order, input.client_id, editing=input.editing,
                               show_name_to_merchants=input.show_name_to_merchants)
    return {}
