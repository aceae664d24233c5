"""Bulk actions: mark paid, hold, release, cancel and tag many orders; each order's outcome is reported."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.errors import UserError, mutation_result
from backend.api.node import global_id
from backend.api.orders.inputs import order_id
from backend.api.orders.types import Order
from backend.orders import bulk, payments
from backend.orders.payments import BulkOutcome


@strawberry.type(description="What happened to one order of a bulk action.")
class OrderBulkResult:
    order_id: strawberry.ID
    order: Order | None = strawberry.field(description="The changed order; null when this order failed.")
    errors: list[UserError]


@strawberry.type
class OrderBulkPayload:
    # Defaults for a request refused as a whole, which reports only `errors`.
    results: list[OrderBulkResult] = strawberry.field(default_factory=list)
    succeeded: int = 0
    failed: int = 0
    errors: list[UserError] = strawberry.field(description="Errors of the request as a whole (nothing was done).")


def _ids(values: list[strawberry.ID]):  # noqa: ANN202
    return [order_id(v, f"orderIds.{i}") for i, v in enumerate(values)]


def _payload(outcomes: list[BulkOutcome]) -> dict:
    results = [
        OrderBulkResult(order_id=global_id("Order", o.order_id), order=Order.from_row(o.order) if o.order else None,
                        errors=[UserError.from_domain(o.error)] if o.error else [])
        for o in outcomes
    ]
    failed = sum(1 for o in outcomes if o.error)
    return {"results": results, "succeeded": len(outcomes) - failed, "failed": failed}


@strawberry.input
class OrderPaymentReference:
    order_id: strawberry.ID
    reference: str


@strawberry.input
class OrderMarkAsPaidInput:
    order_ids: list[strawberry.ID]
    transaction_reference: str = strawberry.field(default="", description="One bank reference for all orders…")
    references: list[OrderPaymentReference] | None = strawberry.field(default=None, description="…or one per order.")


async def order_mark_as_paid(info: Info, input: OrderMarkAsPaidInput) -> OrderBulkPayload:  # noqa: A002
    async def action() -> dict:
        references = {order_id(r.order_id, "references"): r.reference for r in input.references or []}
        outcomes = await payments.mark_paid(info.context.actor, _ids(input.order_ids),
                                            reference=input.transaction_reference, references=references)
        return _payload(outcomes)

    return await mutation_result(OrderBulkPayload, action)


@strawberry.input
class OrderBulkHoldInput:
    order_ids: list[strawberry.ID]
    reason: str


async def order_bulk_hold(info: Info, input: OrderBulkHoldInput) -> OrderBulkPayload:  # noqa: A002
    async def action() -> dict:
        return _payload(await bulk.hold_many(info.context.actor, _ids(input.order_ids), input.reason))

    return await mutation_result(OrderBulkPayload, action)


@strawberry.input
class OrderBulkReleaseHoldInput:
    order_ids: list[strawberry.ID]
    note: str = ""


async def order_bulk_release_hold(info: Info, input: OrderBulkReleaseHoldInput) -> OrderBulkPayload:  # noqa: A002
    async def action() -> dict:
        return _payload(await bulk.release_many(info.context.actor, _ids(input.order_ids), input.note))

    return await mutation_result(OrderBulkPayload, action)


@strawberry.input
class OrderBulkCancelInput:
    order_ids: list[strawberry.ID]
    reason: str


async def order_bulk_cancel(info: Info, input: OrderBulkCancelInput) -> OrderBulkPayload:  # noqa: A002
    async def action() -> dict:
        return _payload(await bulk.cancel_many(info.context.actor, _ids(input.order_ids), input.reason))

    return await mutation_result(OrderBulkPayload, action)


@strawberry.input
class OrderBulkTagInput:
    order_ids: list[strawberry.ID]
    add: list[str] | None = None
    remove: list[str] | None = None


async def order_bulk_tag(info: Info, input: OrderBulkTagInput) -> OrderBulkPayload:  # noqa: A002
    async def action() -> dict:
        return _payload(await bulk.tag_many(info.context.actor, _ids(input.order_ids), input.add or [], input.remove or []))

    return await mutation_result(OrderBulkPayload, action)

