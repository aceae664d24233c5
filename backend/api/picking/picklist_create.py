from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.errors import user_errors
from backend.api.orders.types import ShippingMethod
from backend.api.picking.types import Picklist, PicklistPayload
from backend.core.errors import ValidationFailed
from backend.core.ids import expect_global_id, from_global_id, optional_merchant_id
from backend.picking import services as picking


@strawberry.input(description="Which released orders to take when none are chosen: the oldest first.")
class PicklistRuleInput:
    max_orders: int = strawberry.field(default=20, description="From 1 to 500.")
    merchant_id: strawberry.ID | None = None
    shipping_method: list[ShippingMethod] | None = None


@strawberry.input(description="Choose the orders (orderIds) or let a rule pick them.")
class PicklistCreateInput:
    warehouse_id: strawberry.ID
    order_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="FulfillmentOrder (or Order) ids: released orders of this warehouse.")
    rule: PicklistRuleInput | None = None


def released_order_id(value: strawberry.ID, field: str):  # noqa: ANN201
    kind, local = from_global_id(value, field=field)
    if kind not in ("FulfillmentOrder", "Order"):
        raise ValidationFailed("Not an order id", field=field, code="INVALID_ID")
    return local


@user_errors
async def picklist_create(info: Info, input: PicklistCreateInput) -> PicklistPayload:  # noqa: A002
    rule = None
    if input.rule is not None:
        rule = picking.PicklistRule(max_orders=input.rule.max_orders, merchant_id=optional_merchant_id(input.rule.merchant_id),
                                    shipping_methods=[m.value for m in input.rule.shipping_method or []] or None)
    picklist = await picking.create_picklist(
        info.context.actor, warehouse_id=expect_global_id(input.warehouse_id, "Warehouse", field="warehouseId"),
        order_ids=[released_order_id(i, f"orderIds.{n}") for n, i in enumerate(input.order_ids)]
        if input.order_ids is not None else None, rule=rule)
    return {"picklist": Picklist.from_row(picklist)}
