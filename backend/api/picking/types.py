from __future__ import annotations

import enum
from datetime import datetime
from uuid import UUID

import strawberry
from strawberry.types import Info

from backend.api.catalog.types import Product, Warehouse, load_product, load_warehouse
from backend.api.context import batch_loader
from backend.api.errors import mutation_payload
from backend.api.node import Node, global_id, register_node
from backend.api.orders.types import FulfillmentOrder
from backend.core.ids import expect_global_id
from backend.picking import services as picking
from backend.picking.events import picklist_number
from backend.picking.tables import Picklist as PicklistRow
from backend.picking.tables import PicklistLine as PicklistLineRow


@strawberry.enum(description="Where a picklist stands.")
class PicklistStatus(enum.Enum):
    OPEN = "OPEN"
    PICKING = "PICKING"
    PICKED = "PICKED"
    CANCELLED = "CANCELLED"


@strawberry.enum(description="Why units of a line were not picked.")
class ShortReason(enum.Enum):
    BIN_EMPTY = "BIN_EMPTY"
    DAMAGED = "DAMAGED"


async def _fulfillment_order(info: Info, order_id: UUID) -> FulfillmentOrder | None:
    from backend.orders import services as orders

    async def load(actor, ids):  # noqa: ANN001, ANN202
        return await orders.fulfillment_orders_by_ids(actor, ids)

    row = await batch_loader(info, "fulfillment_orders", load).load(order_id)
    return FulfillmentOrder.from_row(row) if row else None


@strawberry.type(description="The part of a line that goes to one order, sorted into its tote.")
class PicklistPick:
    tote: int
    quantity: int
    picked: int
    short: int
    order_number: str
    _order_id: strawberry.Private[UUID]

    @strawberry.field
    async def order(self, info: Info) -> FulfillmentOrder | None:
        return await _fulfillment_order(info, self._order_id)


async def _picker_names(actor, ids):  # noqa: ANN001, ANN202
    return await picking.picker_names(actor, list(ids))


async def _picks(actor, ids):  # noqa: ANN001, ANN202
    return await picking.picks_of(actor, ids)


@strawberry.type(description="What to take from one bin, for one or more orders, in walking order.")
class PicklistLine:
    id: strawberry.ID
    position: int
    bin_code: str | None = strawberry.field(description="Null: no bin on record; scan the product where you find it.")
    sku: str
    name: str
    quantity: int
    picked: int
    short: int
    at_bin: bool = strawberry.field(description="Whether its bin was scanned (the product is scanned next).")
    _id: strawberry.Private[UUID]
    _product_id: strawberry.Private[UUID]
    _picker_id: strawberry.Private[UUID | None]

    @strawberry.field(description="Whether the signed-in user took this line.")
    def mine(self, info: Info) -> bool:
        return self._picker_id is not None and self._picker_id == info.context.actor.id

    @strawberry.field(description="The name of the picker who took this line; null while nobody has.")
    async def picker_name(self, info: Info) -> str | None:
        if self._picker_id is None:
            return None
        return await batch_loader(info, "picker_names", _picker_names).load(self._picker_id)

    @strawberry.field(description="Units still to pick.")
    def remaining(self) -> int:
        return self.quantity - self.picked - self.short

    @strawberry.field
    async def product(self, info: Info) -> Product | None:
        return await load_product(info, self._product_id)

    @strawberry.field(description="The orders this line serves, by tote.")
    async def picks(self, info: Info) -> list[PicklistPick]:
        rows = await batch_loader(info, "picklist_picks", _picks).load(self._id)
        return [PicklistPick(tote=r["tote"], quantity=r["quantity"], picked=r["picked"], short=r["short"],
                             order_number=r["number"], _order_id=r["sales_order"]) for r in rows or []]

    @classmethod
    def from_row(cls, row: PicklistLineRow, bin_code: str | None) -> PicklistLine:
        return cls(id=global_id("PicklistLine", row.id), position=row.position, bin_code=bin_code, sku=row.sku,
                   name=row.name, quantity=row.quantity, picked=row.picked, short=row.short, at_bin=row.at_bin,
                   _id=row.id, _product_id=row.product, _picker_id=row.picker)


@strawberry.type(description="An order on a picklist and the tote its units go into.")
class PicklistOrder:
    tote: int
    active: bool = strawberry.field(description="False once it left the picklist (a short pick sent it back).")
    order_number: str
    _order_id: strawberry.Private[UUID]

    @strawberry.field
    async def order(self, info: Info) -> FulfillmentOrder | None:
        return await _fulfillment_order(info, self._order_id)


async def _lines(actor, ids):  # noqa: ANN001, ANN202
    return await picking.lines_of(actor, ids)


async def _orders(actor, ids):  # noqa: ANN001, ANN202
    return await picking.orders_of(actor, ids)


async def _bin_codes(actor, ids):  # noqa: ANN001, ANN202
    from backend.catalog.tables import Location

    return {row["id"]: row["code"] for row in await Location.select(Location.id, Location.code).where(
        Location.id.is_in(list(ids)))}


@strawberry.type(description="One walk through the warehouse for one or more released orders.")
class Picklist(Node):
    number: str
    status: PicklistStatus
    created_at: datetime
    started_at: datetime | None
    completed_at: datetime | None
    _id: strawberry.Private[UUID]
    _warehouse_id: strawberry.Private[UUID]

    @strawberry.field
    async def warehouse(self, info: Info) -> Warehouse | None:
        return await load_warehouse(info, self._warehouse_id)

    @strawberry.field(description="In walking order.")
    async def lines(self, info: Info) -> list[PicklistLine]:
        rows = await batch_loader(info, "picklist_lines", _lines).load(self._id) or []
        codes = batch_loader(info, "bin_codes", _bin_codes)
        return [PicklistLine.from_row(r, await codes.load(r.location) if r.location else None) for r in rows]

    @strawberry.field(description="Its orders by tote.")
    async def orders(self, info: Info) -> list[PicklistOrder]:
        rows = await batch_loader(info, "picklist_orders", _orders).load(self._id)
        return [PicklistOrder(tote=r["tote"], active=r["active"], order_number=r["number"], _order_id=r["sales_order"])
                for r in rows or []]

    @classmethod
    def from_row(cls, row: PicklistRow) -> Picklist:
        return cls(id=global_id("Picklist", row.id), number=picklist_number(row), status=PicklistStatus(row.status),
                   created_at=row.created_at, started_at=row.started_at, completed_at=row.completed_at, _id=row.id,
                   _warehouse_id=row.warehouse)


register_node("Picklist", picking.picklists_by_ids, Picklist.from_row)


def picklist_id(value: strawberry.ID, field: str = "picklistId") -> UUID:
    return expect_global_id(value, "Picklist", field=field)


async def changed_picklist(info: Info, picklist_uuid: UUID) -> Picklist | None:
    """The picklist as it is after a mutation."""
    rows = await picking.picklists_by_ids(info.context.actor, [picklist_uuid])
    return Picklist.from_row(rows[picklist_uuid]) if picklist_uuid in rows else None


PicklistPayload = mutation_payload("PicklistPayload", picklist=Picklist)
