from __future__ import annotations

from datetime import datetime
from uuid import UUID

import strawberry
from strawberry.types import Info

from backend.api.accounts.types import Merchant, load_merchant
from backend.api.catalog.types import Location, Product, Warehouse, load_product, load_warehouse
from backend.api.context import batch_loader
from backend.api.errors import UserError
from backend.api.node import Node, global_id, register_node
from backend.catalog import services as catalog
from backend.returns import model
from backend.returns import services as returns
from backend.returns.tables import Return as ReturnRow
from backend.returns.tables import ReturnBatch as ReturnBatchRow
from backend.returns.tables import ReturnItem as ReturnItemRow
from backend.returns.tables import ReturnPhoto as ReturnPhotoRow

ReturnStatus = strawberry.enum(model.ReturnStatus, description="Where a return stands: ANNOUNCED → RECEIVED → "
                               "INSPECTED → COMPLETED, or CANCELLED before it arrived.")
ReturnSource = strawberry.enum(model.ReturnSource, description="Who announced the return: the merchant (or its "
                               "systems), support, or nobody (taken in at the dock).")
ReturnReason = strawberry.enum(model.ReturnReason, description="Why the customer sends an item back.")
ReturnGrade = strawberry.enum(model.Grade, name="ReturnGrade", description="The condition an inspector found.")
ReturnDisposition = strawberry.enum(model.Disposition, name="ReturnDisposition",
                                    description="What becomes of an inspected item.")
ReturnBatchStatus = strawberry.enum(model.BatchStatus, name="ReturnBatchStatus")


async def _order_numbers(actor, ids):  # noqa: ANN001, ANN202
    return await returns.order_numbers(ids)


async def _items(actor, ids):  # noqa: ANN001, ANN202
    return await returns.items_of(ids)


async def _photos(actor, ids):  # noqa: ANN001, ANN202
    return await returns.photos_of(ids)


async def _batch_items(actor, ids):  # noqa: ANN001, ANN202
    return await returns.items_of_batches(ids)


@strawberry.type(description="A photo of a returned item, behind short-lived signed links (no location data: it "
                 "is re-encoded on upload).")
class ReturnPhoto:
    id: strawberry.ID
    width: int
    height: int
    media_type: str
    created_at: datetime
    _row: strawberry.Private[ReturnPhotoRow]

    @strawberry.field(description="A link to the photo, valid for five minutes.")
    def url(self, info: Info) -> str:
        return returns.photo_link(info.context.actor, self._row, thumbnail=False).url

    @strawberry.field(description="A link to a 320 px thumbnail (five minutes), null until the job has made it.")
    def thumbnail_url(self, info: Info) -> str | None:
        link = returns.photo_link(info.context.actor, self._row, thumbnail=True)
        return link.url if link else None

    @strawberry.field(description="When the links handed out now stop working.")
    def links_expire_at(self, info: Info) -> datetime:
        return returns.photo_link(info.context.actor, self._row, thumbnail=False).expires_at

    @classmethod
    def from_row(cls, row: ReturnPhotoRow) -> ReturnPhoto:
        return cls(id=global_id("ReturnPhoto", row.id), width=row.width, height=row.height, media_type=row.media_type,
                   created_at=row.created_at, _row=row)


@strawberry.type(description="One unit of a return: the customer's reason and, once inspected, its condition and "
                 "what became of it.")
class ReturnItem(Node):
    position: int
    reason: ReturnReason
    customer_comment: str
    grade: ReturnGrade | None
    feedback: str
    disposition: ReturnDisposition | None
    inspected_at: datetime | None
    _row: strawberry.Private[ReturnItemRow]

    @strawberry.field
    async def product(self, info: Info) -> Product | None:
        return await load_product(info, self._row.product)

    @strawberry.field(description="The bin a restocked item went into.")
    async def location(self, info: Info) -> Location | None:
        if self._row.location is None:
            return None
        row = await batch_loader(info, "location", catalog.locations_by_ids).load(self._row.location)
        return Location.from_row(row) if row else None

    @strawberry.field(description="The batch an item held for the merchant goes back in.")
    async def batch(self, info: Info) -> ReturnBatch | None:
        if self._row.batch is None:
            return None
        row = await batch_loader(info, "return_batch", returns.batches_by_ids).load(self._row.batch)
        return ReturnBatch.from_row(row) if row else None

    @strawberry.field(description="Which return it belongs to.")
    async def return_number(self, info: Info) -> str | None:
        row = await batch_loader(info, "return", returns.returns_by_ids).load(self._row.sales_return)
        return model.return_number(row.sequence) if row else None

    @strawberry.field
    async def photos(self, info: Info) -> list[ReturnPhoto]:
        rows = await batch_loader(info, "return_photos", _photos).load(self._row.id)
        return [ReturnPhoto.from_row(r) for r in rows or []]

    @classmethod
    def from_row(cls, row: ReturnItemRow) -> ReturnItem:
        return cls(id=global_id("ReturnItem", row.id), position=row.position, reason=model.ReturnReason(row.reason),
                   customer_comment=row.customer_comment, grade=model.Grade(row.grade) if row.grade else None,
                   feedback=row.feedback, inspected_at=row.inspected_at,
                   disposition=model.Disposition(row.disposition) if row.disposition else None, _row=row)


@strawberry.type(description="A parcel coming back from a customer: announced for an order's shipped lines, or "
                 "taken in at the dock (an unidentified one has no merchant or order until it is resolved).")
class Return(Node):
    number: str
    status: ReturnStatus
    source: ReturnSource
    tracking_number: str
    scanned_code: str = strawberry.field(description="What the dock scanned when the parcel arrived.")
    note: str
    cancel_reason: str
    created_at: datetime
    received_at: datetime | None
    inspected_at: datetime | None
    completed_at: datetime | None
    cancelled_at: datetime | None
    _row: strawberry.Private[ReturnRow]

    @strawberry.field(description="Nobody could tell yet whose parcel this is.")
    def unidentified(self) -> bool:
        return self._row.merchant is None

    @strawberry.field
    async def merchant(self, info: Info) -> Merchant | None:
        return await load_merchant(info, self._row.merchant) if self._row.merchant else None

    @strawberry.field
    async def warehouse(self, info: Info) -> Warehouse | None:
        return await load_warehouse(info, self._row.warehouse) if self._row.warehouse else None

    @strawberry.field(description="The number of the order the goods were shipped with.")
    async def order_number(self, info: Info) -> str | None:
        if self._row.sales_order is None:
            return None
        return await batch_loader(info, "order_number", _order_numbers).load(self._row.sales_order)

    @strawberry.field
    async def items(self, info: Info) -> list[ReturnItem]:
        rows = await batch_loader(info, "return_items", _items).load(self._row.id)
        return [ReturnItem.from_row(r) for r in rows or []]

    @classmethod
    def from_row(cls, row: ReturnRow) -> Return:
        return cls(id=global_id("Return", row.id), number=model.return_number(row.sequence),
                   status=model.ReturnStatus(row.status), source=model.ReturnSource(row.source),
                   tracking_number=row.tracking_number, scanned_code=row.scanned_code, note=row.note,
                   cancel_reason=row.cancel_reason, created_at=row.created_at, received_at=row.received_at,
                   inspected_at=row.inspected_at, completed_at=row.completed_at, cancelled_at=row.cancelled_at, _row=row)


@strawberry.type(description="A merchant's goods the warehouse sends back together: OPEN while it collects "
                 "items, SHIPPED once it left.")
class ReturnBatch(Node):
    number: str
    status: ReturnBatchStatus
    carrier: str
    tracking_number: str
    created_at: datetime
    shipped_at: datetime | None
    _row: strawberry.Private[ReturnBatchRow]

    @strawberry.field
    async def merchant(self, info: Info) -> Merchant | None:
        return await load_merchant(info, self._row.merchant)

    @strawberry.field
    async def warehouse(self, info: Info) -> Warehouse | None:
        return await load_warehouse(info, self._row.warehouse)

    @strawberry.field(description="The items in the batch: its packing list.")
    async def items(self, info: Info) -> list[ReturnItem]:
        rows = await batch_loader(info, "return_batch_items", _batch_items).load(self._row.id)
        return [ReturnItem.from_row(r) for r in rows or []]

    @classmethod
    def from_row(cls, row: ReturnBatchRow) -> ReturnBatch:
        return cls(id=global_id("ReturnBatch", row.id), number=model.batch_number(row.sequence),
                   status=model.BatchStatus(row.status), carrier=row.carrier, tracking_number=row.tracking_number,
                   created_at=row.created_at, shipped_at=row.shipped_at, _row=row)


@strawberry.type(description="What becomes of an item of this grade unless the inspector decides otherwise.")
class ReturnDispositionRule:
    grade: ReturnGrade
    disposition: ReturnDisposition


def rules_list(rules: dict[model.Grade, model.Disposition]) -> list[ReturnDispositionRule]:
    return [ReturnDispositionRule(grade=grade, disposition=rules[grade]) for grade in model.Grade]


@strawberry.type
class ReturnPayload:
    errors: list[UserError]
    sales_return: Return | None = strawberry.field(name="return", default=None)


@strawberry.input(description="Units of one order line: by the line's id, or by the SKU or barcode scanned.")
class ReturnLineInput:
    order_line_id: strawberry.ID | None = None
    code: str | None = strawberry.field(default=None, description="SKU or barcode of a product on the order.")
    quantity: int = 1
    reason: ReturnReason = model.ReturnReason.NOT_STATED
    comment: str = strawberry.field(default="", description="The customer's own words.")


def return_lines(lines: list[ReturnLineInput]) -> list[returns.ReturnLine]:
    from backend.core.ids import expect_global_id

    return [
        returns.ReturnLine(
            quantity=line.quantity, code=line.code, reason=model.ReturnReason(line.reason), comment=line.comment,
            order_line_id=expect_global_id(line.order_line_id, "OrderLine", field=f"lines.{i}.orderLineId")
            if line.order_line_id else None)
        for i, line in enumerate(lines)
    ]


async def order_returns(info: Info, order_id: UUID) -> list[Return]:
    rows = await batch_loader(info, "order_returns", returns.returns_of_orders).load(order_id)
    return [Return.from_row(r) for r in rows or []]


register_node("Return", returns.returns_by_ids, Return.from_row)
register_node("ReturnItem", returns.items_by_ids, ReturnItem.from_row)
register_node("ReturnBatch", returns.batches_by_ids, ReturnBatch.from_row)
