"""Returns in GraphQL: announcing them, taking them in at the dock, inspecting item by item, completing or
cancelling them, return batches shipped back to merchants, and the merchants' disposition rules."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.types import Info

from backend.api.pagination import Connection, page_request
from backend.api.permissions import requires
from backend.api.returns.return_batch_ship import return_batch_ship
from backend.api.returns.return_cancel import return_cancel
from backend.api.returns.return_complete import return_complete
from backend.api.returns.return_create import return_create
from backend.api.returns.return_disposition_rules_set import return_disposition_rules_set
from backend.api.returns.return_inspect import return_inspect
from backend.api.returns.return_receive import return_receive
from backend.api.returns.return_resolve import return_resolve
from backend.api.returns.types import (
    Return,
    ReturnBatch,
    ReturnBatchStatus,
    ReturnDisposition,
    ReturnDispositionRule,
    ReturnGrade,
    ReturnReason,
    ReturnStatus,
    rules_list,
)
from backend.core.authorization import Permission
from backend.core.ids import optional_merchant_id
from backend.returns import services as returns

P = Permission


def _values(chosen: list | None) -> list[str] | None:
    return [c.value for c in chosen] if chosen else None


@strawberry.input
class ReturnFilter:
    merchant_id: strawberry.ID | None = None
    status: list[ReturnStatus] | None = None
    reason: list[ReturnReason] | None = strawberry.field(default=None, description="Returns with an item of these reasons.")
    grade: list[ReturnGrade] | None = strawberry.field(default=None, description="Returns with an item of these grades.")
    disposition: list[ReturnDisposition] | None = strawberry.field(
        default=None, description="Returns with an item of these dispositions.")
    created_from: datetime | None = strawberry.field(default=None, description="Created at or after.")
    created_until: datetime | None = strawberry.field(default=None, description="Created before.")
    unidentified: bool | None = strawberry.field(default=None, description="Parcels nobody could match yet (or not).")


@strawberry.input
class ReturnBatchFilter:
    merchant_id: strawberry.ID | None = None
    status: list[ReturnBatchStatus] | None = None


@strawberry.type
class ReturnQuery:
    @strawberry.field(permission_classes=[requires(P.RETURNS_READ)], description="Returns, newest first.")
    async def returns(
        self, info: Info, first: int | None = None, after: str | None = None, last: int | None = None,
        before: str | None = None, filter: ReturnFilter | None = None,
    ) -> Connection[Return]:
        filter = filter or ReturnFilter()
        wanted = returns.ReturnFilter(
            merchant_id=optional_merchant_id(filter.merchant_id), statuses=_values(filter.status),
            reasons=_values(filter.reason), grades=_values(filter.grade), dispositions=_values(filter.disposition),
            created_from=filter.created_from, created_until=filter.created_until, unidentified=filter.unidentified)
        page = await returns.list_returns(info.context.actor, page_request(first, after, last, before), wanted)
        return Connection.from_page(page, Return.from_row)

    @strawberry.field(permission_classes=[requires(P.RETURNS_READ)], description="Return batches, newest first.")
    async def return_batches(
        self, info: Info, first: int | None = None, after: str | None = None, last: int | None = None,
        before: str | None = None, filter: ReturnBatchFilter | None = None,
    ) -> Connection[ReturnBatch]:
        filter = filter or ReturnBatchFilter()
        page = await returns.list_batches(info.context.actor, page_request(first, after, last, before),
                                          merchant_id=optional_merchant_id(filter.merchant_id),
                                          statuses=_values(filter.status))
        return Connection.from_page(page, ReturnBatch.from_row)

    @strawberry.field(permission_classes=[requires(P.RETURNS_READ)],
                      description="What becomes of an inspected item per grade: a merchant's rules (operators name "
                      "the merchant, or get the defaults new merchants start with).")
    async def return_disposition_rules(self, info: Info, merchant_id: strawberry.ID | None = None) -> list[ReturnDispositionRule]:
        return rules_list(await returns.disposition_rules(info.context.actor, optional_merchant_id(merchant_id)))


@strawberry.type
class ReturnMutation:
    return_create = strawberry.mutation(resolver=return_create, permission_classes=[requires(P.RETURNS_WRITE)])
    return_receive = strawberry.mutation(resolver=return_receive, permission_classes=[requires(P.RETURNS_RECEIVE)])
    return_resolve = strawberry.mutation(resolver=return_resolve, permission_classes=[requires(P.RETURNS_RECEIVE)])
    return_inspect = strawberry.mutation(resolver=return_inspect, permission_classes=[requires(P.RETURNS_RECEIVE)])
    return_complete = strawberry.mutation(resolver=return_complete, permission_classes=[requires(P.RETURNS_WRITE)])
    return_cancel = strawberry.mutation(resolver=return_cancel, permission_classes=[requires(P.RETURNS_WRITE)])
    return_batch_ship = strawberry.mutation(resolver=return_batch_ship, permission_classes=[requires(P.RETURNS_RECEIVE)])
    return_disposition_rules_set = strawberry.mutation(resolver=return_disposition_rules_set,
                                                       permission_classes=[requires(P.RETURN_SETTINGS_WRITE)])
