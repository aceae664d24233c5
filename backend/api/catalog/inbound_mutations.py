from __future__ import annotations

from datetime import date

import strawberry
from strawberry.types import Info

from backend.api.catalog.types import Inbound
from backend.api.errors import UserError, mutation_result
from backend.core.ids import expect_global_id
from backend.inbound import services
from backend.inbound.services import AnnouncedLine, Receipt


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


@strawberry.type
class InboundPayload:
    inbound: Inbound | None = None
    errors: list[UserError]


async def inbound_create(info: Info, input: InboundCreateInput) -> InboundPayload:
    async def action() -> dict:
        lines = [
            AnnouncedLine(expect_global_id(line.product_id, "Product", field=f"lines.{i}.productId"), line.expected_quantity)
            for i, line in enumerate(input.lines)
        ]
        inbound = await services.create_inbound(
            info.context.actor, merchant_id=expect_global_id(input.merchant_id, "Merchant", field="merchantId") if input.merchant_id else None,
            warehouse_id=expect_global_id(input.warehouse_id, "Warehouse", field="warehouseId"), reference=input.reference,
            lines=lines, expected_on=input.expected_on, carrier=input.carrier, tracking_number=input.tracking_number,
            note=input.note,
        )
        return {"inbound": Inbound.from_row(inbound)}

    return await mutation_result(InboundPayload, action)


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


async def inbound_receive(info: Info, input: InboundReceiveInput) -> InboundPayload:
    async def action() -> dict:
        receipts = [
            Receipt(
                product_id=expect_global_id(line.product_id, "Product", field=f"lines.{i}.productId") if line.product_id else None,
                code=line.code, received=line.received, damaged=line.damaged, location_code=line.location_code,
            )
            for i, line in enumerate(input.lines)
        ]
        inbound_id = expect_global_id(input.inbound_id, "Inbound", field="inboundId")
        return {"inbound": Inbound.from_row(await services.receive_inbound(info.context.actor, inbound_id, receipts))}

    return await mutation_result(InboundPayload, action)


@strawberry.input
class InboundCloseInput:
    inbound_id: strawberry.ID


async def inbound_close(info: Info, input: InboundCloseInput) -> InboundPayload:
    async def action() -> dict:
        inbound_id = expect_global_id(input.inbound_id, "Inbound", field="inboundId")
        return {"inbound": Inbound.from_row(await services.close_inbound(info.context.actor, inbound_id))}

    return await mutation_result(InboundPayload, action)


@strawberry.input
class InboundCancelInput:
    inbound_id: strawberry.ID
    reason: str = ""


async def inbound_cancel(info: Info, input: InboundCancelInput) -> InboundPayload:
    async def action() -> dict:
        inbound_id = expect_global_id(input.inbound_id, "Inbound", field="inboundId")
        return {"inbound": Inbound.from_row(await services.cancel_inbound(info.context.actor, inbound_id, input.reason))}

    return await mutation_result(InboundPayload, action)
