from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.errors import UserError, mutation_result
from backend.api.orders.types import Order, OrderNote, order_id
from backend.orders import services as orders


@strawberry.input
class OrderNoteAddInput:
    order_id: strawberry.ID
    text: str


@strawberry.type
class OrderNoteAddPayload:
    order: Order | None = None
    note: OrderNote | None = None
    errors: list[UserError]


async def order_note_add(info: Info, input: OrderNoteAddInput) -> OrderNoteAddPayload:  # noqa: A002
    async def action() -> dict:
        order, note = await orders.add_note(info.context.actor, order_id(input.order_id), input.text)
        return {"order": Order.from_row(order), "note": OrderNote.from_row(note)}

    return await mutation_result(OrderNoteAddPayload, action)
