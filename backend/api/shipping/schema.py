"""Packing and shipping in GraphQL: package types, parcels, shipments, tracking, click & collect."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.permissions import requires
from backend.api.shipping.order_picked_up import order_picked_up
from backend.api.shipping.order_ready_for_pickup import order_ready_for_pickup
from backend.api.shipping.order_ship_available import order_ship_available
from backend.api.shipping.package_type_create import package_type_create
from backend.api.shipping.parcel_create import parcel_create
from backend.api.shipping.parcel_update import parcel_update
from backend.api.shipping.shipment_create import shipment_create
from backend.api.shipping.tracking_events_record import tracking_events_record
from backend.api.shipping.types import PackageType
from backend.core.authorization import Permission
from backend.core.ids import expect_global_id
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


@strawberry.type
class ShippingMutation:
    package_type_create = strawberry.mutation(resolver=package_type_create,
                                              permission_classes=[requires(Permission.WAREHOUSES_WRITE)])
    parcel_create = strawberry.mutation(resolver=parcel_create, permission_classes=WRITE)
    parcel_update = strawberry.mutation(resolver=parcel_update, permission_classes=WRITE)
    shipment_create = strawberry.mutation(resolver=shipment_create, permission_classes=WRITE)
    order_ship_available = strawberry.mutation(resolver=order_ship_available, permission_classes=WRITE)
    tracking_events_record = strawberry.mutation(resolver=tracking_events_record, permission_classes=WRITE)
    order_ready_for_pickup = strawberry.mutation(resolver=order_ready_for_pickup, permission_classes=WRITE)
    order_picked_up = strawberry.mutation(resolver=order_picked_up, permission_classes=WRITE)
