"""Packing and shipping in GraphQL: package types, parcels, shipments, tracking, click & collect, and the warehouse
board (also live) with the carriers' cut-off times."""

from __future__ import annotations

from collections.abc import AsyncGenerator

import strawberry
from strawberry.types import Info

from backend.api.live_figures import live_figures, topic_marks

from backend.api.permissions import requires
from backend.api.shipping.carrier_cutoff_set import carrier_cutoff_set
from backend.api.shipping.order_picked_up import order_picked_up
from backend.api.shipping.order_ready_for_pickup import order_ready_for_pickup
from backend.api.shipping.order_ship_available import order_ship_available
from backend.api.shipping.package_type_create import package_type_create
from backend.api.shipping.parcel_create import parcel_create
from backend.api.shipping.parcel_label_link import parcel_label_link
from backend.api.shipping.parcel_update import parcel_update
from backend.api.shipping.shipment_create import shipment_create
from backend.api.shipping.tracking_events_record import tracking_events_record
from backend.api.shipping.types import PackageType, WarehouseBoard
from backend.core.authorization import Permission
from backend.core.ids import expect_global_id
from backend.events.outbox import operator_channel
from backend.shipping import services as shipping

WRITE = [requires(Permission.PARCELS_WRITE)]


@strawberry.type
class ShippingQuery:
    @strawberry.field(permission_classes=[requires(Permission.PARCELS_WRITE)],
                      description="The boxes and envelopes a warehouse packs into.")
    async def package_types(self, info: Info, warehouse_id: strawberry.ID) -> list[PackageType]:
        rows = await shipping.package_types(info.context.actor,
                                            expect_global_id(warehouse_id, "Warehouse", field="warehouseId"))
        return [PackageType.from_row(r) for r in rows]

    @strawberry.field(permission_classes=[requires(Permission.PICKLISTS_READ)],
                      description="The warehouse board's figures as of now (the operators' and the floor's only).")
    async def warehouse_board(self, info: Info, warehouse_id: strawberry.ID) -> WarehouseBoard:
        return WarehouseBoard.from_snapshot(await shipping.warehouse_board(info.context.actor, _warehouse(warehouse_id)))


@strawberry.type
class ShippingMutation:
    package_type_create = strawberry.mutation(resolver=package_type_create,
                                              permission_classes=[requires(Permission.WAREHOUSES_WRITE)])
    parcel_create = strawberry.mutation(resolver=parcel_create, permission_classes=WRITE)
    parcel_update = strawberry.mutation(resolver=parcel_update, permission_classes=WRITE)
    shipment_create = strawberry.mutation(resolver=shipment_create, permission_classes=WRITE)
    parcel_label_link = strawberry.mutation(resolver=parcel_label_link,
                                            permission_classes=[requires(Permission.PARCELS_READ)])
    order_ship_available = strawberry.mutation(resolver=order_ship_available, permission_classes=WRITE)
    tracking_events_record = strawberry.mutation(resolver=tracking_events_record, permission_classes=WRITE)
    order_ready_for_pickup = strawberry.mutation(resolver=order_ready_for_pickup, permission_classes=WRITE)
    order_picked_up = strawberry.mutation(resolver=order_picked_up, permission_classes=WRITE)
    carrier_cutoff_set = strawberry.mutation(resolver=carrier_cutoff_set,
                                             permission_classes=[requires(Permission.WAREHOUSES_WRITE)])


def _warehouse(warehouse_id: strawberry.ID):  # noqa: ANN202
    return expect_global_id(warehouse_id, "Warehouse", field="warehouseId")


# Orders moving (placed, released, cancelled …), picklists (created, started, scanned, short) and parcels (packed,
# shipped, delivered) all move a board; they reach every process on the operators' channel.
BOARD_EVENTS = topic_marks("ORDER", "PICKLIST", "SHIPMENT")


async def warehouse_board(info: Info, warehouse_id: strawberry.ID) -> AsyncGenerator[WarehouseBoard, None]:
    # Not a generator itself: a refusal fails here, before the subscription starts, as an `error` message.
    scope = await shipping.board_scope(info.context.actor, _warehouse(warehouse_id))
    return live_figures(info.context, operator_channel(), BOARD_EVENTS,
                        lambda fresh_after: shipping.board_cache.get(scope, fresh_after), WarehouseBoard.from_snapshot)


@strawberry.type
class ShippingSubscription:
    warehouse_board: AsyncGenerator[WarehouseBoard, None] = strawberry.subscription(
        resolver=warehouse_board,
        permission_classes=[requires(Permission.PICKLISTS_READ)],
        description="The warehouse board: first as it is, then again within a second of every order, picklist or "
        "parcel change (a burst of scans is shown together), and every minute as cut-offs come nearer.",
    )
