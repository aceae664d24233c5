from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.errors import user_errors
from backend.api.orders.types import Order, OrderHoldPayload, order_id
from backend.orders import services as orders


@strawberry.input
class OrderReleaseHoldInput:
    order_id: strawberry.ID
    note: str = ""
    expected_version: int | None = None


@user_errors
async def order_release_hold(info: Info, input: OrderReleaseHoldInput) -> OrderHoldPayload:  # noqa: A002
    order = await orders.release_hold(info.context.actor, order_id(input.order_id), input.note, input.expected_version)
    return {"order": Order.from_row(order)}
