from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.errors import user_errors
from backend.api.inbound.types import Inbound, InboundPayload
from backend.core.ids import expect_global_id
from backend.inbound import services


@strawberry.input
class InboundCancelInput:
    inbound_id: strawberry.ID
    reason: str = ""


@user_errors
async def inbound_cancel(info: Info, input: InboundCancelInput) -> InboundPayload:
    inbound_id = expect_global_id(input.inbound_id, "Inbound", field="inboundId")
    return {"inbound": Inbound.from_row(await services.cancel_inbound(info.context.actor, inbound_id, input.reason))}
