from __future__ import annotations

from datetime import date

import strawberry
from strawberry.types import Info

from backend.api.errors import user_errors
from backend.api.inbound.types import Inbound, InboundPayload
from backend.core.ids import expect_global_id, optional_merchant_id
from backend.inbound import services
from backend.inbound.services import AnnouncedLine


@strawberry.input
class InboundLineInput:
    product_id: strawberry.ID
    expected_quantity: int


@strawberry.input
class InboundCreateInput:
    merchant_id: strawberry.ID | None = strawberry.field(default=None, description="Operators name the merchant.")
    warehouse_id: strawberry.ID
    reference: str = strawberry.field(description="The merchant's delivery reference (e.g. its PO number).")
    expected_on: date | None = None
    carrier: str = ""
    tracking_number: str = ""
    note: str = ""
    lines: list[InboundLineInput]


@user_errors
async def inbound_create(info: Info, input: InboundCreateInput) -> InboundPayload:
    lines = [
        AnnouncedLine(expect_global_id(line.product_id, "Product", field=f"lines.{i}.productId"), line.expected_quantity)
        for i, line in enumerate(input.lines)
    ]
    inbound = await services.create_inbound(
        info.context.actor, merchant_id=optional_merchant_id(input.merchant_id),
        warehouse_id=expect_global_id(input.warehouse_id, "Warehouse", field="warehouseId"), reference=input.reference,
        lines=lines, expected_on=input.expected_on, carrier=input.carrier, tracking_number=input.tracking_number,
        note=input.note,
    )
    return {"inbound": Inbound.from_row(inbound)}
