from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.errors import mutation_payload, user_errors
from backend.api.orders.types import Order, OrderNote, order_id
from backend.orders import services as orders


@strawberry.input
class OrderNoteAddInput:
    order_id: strawberry.ID
    text: str


OrderNoteAddPayload = mutation_payload("OrderNoteAddPayload", order=Order, note=OrderNote)


@user_errors
async def order_note_add(info: Info, input: OrderNoteAddInput) -> OrderNoteAddPayload:  # noqa: A002
    order, note = await orders.add_note(info.context.actor, order_id(input.order_id), input.text)
    return {"order": Order.from_row(order), "note": OrderNote.from_row(note)}
