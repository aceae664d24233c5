"""Picking in GraphQL: picklists, scanning and short picks (the warehouse's own work)."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.pagination import Connection, page_request
from backend.api.permissions import requires
from backend.api.picking.picklist_cancel import picklist_cancel
from backend.api.picking.picklist_create import picklist_create
from backend.api.picking.picklist_line_short import picklist_line_short
from backend.api.picking.picklist_scan import picklist_scan
from backend.api.picking.picklist_start import picklist_start
from backend.api.picking.types import Picklist, PicklistStatus
from backend.core.authorization import Permission
from backend.core.ids import expect_global_id
from backend.picking import services as picking

WRITE = [requires(Permission.PICKLISTS_WRITE)]


@strawberry.input
class PicklistFilter:
    warehouse_id: strawberry.ID | None = None
    status: list[PicklistStatus] | None = None


@strawberry.type
class PickingQuery:
    @strawberry.field(permission_classes=[requires(Permission.PICKLISTS_READ)], description="Newest first.")
    async def picklists(
        self, info: Info, first: int | None = None, after: str | None = None, last: int | None = None,
        before: str | None = None, filter: PicklistFilter | None = None,
    ) -> Connection[Picklist]:
        f = filter or PicklistFilter()
        page = await picking.list_picklists(
            info.context.actor, page_request(first, after, last, before),
            warehouse_id=expect_global_id(f.warehouse_id, "Warehouse", field="warehouseId") if f.warehouse_id else None,
            statuses=[s.value for s in f.status or []] or None,
        )
        return Connection.from_page(page, Picklist.from_row)

    @strawberry.field(permission_classes=[requires(Permission.PICKLISTS_READ)],
                      description="The picklist the signed-in picker is on, if any (the picker app's start).")
    async def my_picklist(self, info: Info) -> Picklist | None:
        row = await picking.my_picklist(info.context.actor)
        return Picklist.from_row(row) if row else None


@strawberry.type
class PickingMutation:
    picklist_create = strawberry.mutation(resolver=picklist_create, permission_classes=WRITE)
    picklist_start = strawberry.mutation(resolver=picklist_start, permission_classes=WRITE)
    picklist_scan = strawberry.mutation(resolver=picklist_scan, permission_classes=WRITE)
    picklist_line_short = strawberry.mutation(resolver=picklist_line_short, permission_classes=WRITE)
    picklist_cancel = strawberry.mutation(resolver=picklist_cancel, permission_classes=WRITE)
