from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.errors import user_errors
from backend.api.inbound.types import Inbound, InboundPayload
from backend.core.ids import expect_global_id
from backend.inbound import services
from backend.inbound.services import Receipt


@strawberry.input(description="One counted product, by id or by the code a scanner read.")
class InboundReceiptInput:
    product_id: strawberry.ID | None = None
    code: str | None = strawberry.field(default=None, description="Barcode or SKU.")
    received: int = 0
    damaged: int = 0
    location_code: str | None = strawberry.field(default=None, description="The bin the good units go to.")


@strawberry.input
class InboundReceiveInput:
    inbound_id: strawberry.ID
    lines: list[InboundReceiptInput]


@user_errors
async def inbound_receive(info: Info, input: InboundReceiveInput) -> InboundPayload:
    receipts = [
        Receipt(
            product_id=expect_global_id(line.product_id, "Product", field=f"lines.{i}.productId") if line.product_id else None,
            code=line.code, received=line.received, damaged=line.damaged, location_code=line.location_code,
        )
        for i, line in enumerate(input.lines)
    ]
    inbound_id = expect_global_id(input.inbound_id, "Inbound", field="inboundId")
    return {"inbound": Inbound.from_row(await services.receive_inbound(info.context.actor, inbound_id, receipts))}
