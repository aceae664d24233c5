"""Inbound deliveries in GraphQL: announcing (ASN), receiving, closing and cancelling them."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.inbound.inbound_cancel import inbound_cancel
from backend.api.inbound.inbound_close import inbound_close
from backend.api.inbound.inbound_create import inbound_create
from backend.api.inbound.inbound_receive import inbound_receive
from backend.api.inbound.types import Inbound, InboundStatus
from backend.api.pagination import Connection, page_request
from backend.api.permissions import requires
from backend.core.authorization import Permission
from backend.core.ids import optional_merchant_id
from backend.inbound import services as inbounds

P = Permission


@strawberry.input
class InboundFilter:
    merchant_id: strawberry.ID | None = None
    status: list[InboundStatus] | None = None
    search: str | None = strawberry.field(default=None, description="Part of the reference or tracking number.")


@strawberry.type
class InboundQuery:
    @strawberry.field(permission_classes=[requires(Permission.INBOUNDS_READ)])
    async def inbounds(
        self, info: Info, first: int | None = None, after: str | None = None, last: int | None = None,
        before: str | None = None, filter: InboundFilter | None = None,
    ) -> Connection[Inbound]:
        filter = filter or InboundFilter()
        merchant = optional_merchant_id(filter.merchant_id)
        page = await inbounds.list_inbounds(
            info.context.actor, page_request(first, after, last, before), merchant_id=merchant,
            statuses=[s.value for s in filter.status] if filter.status else None, search=filter.search,
        )
        return Connection.from_page(page, Inbound.from_row)


@strawberry.type
class InboundMutation:
    inbound_create = strawberry.mutation(resolver=inbound_create, permission_classes=[requires(P.INBOUNDS_WRITE)])
    inbound_receive = strawberry.mutation(resolver=inbound_receive, permission_classes=[requires(P.INBOUNDS_RECEIVE)])
    inbound_close = strawberry.mutation(resolver=inbound_close, permission_classes=[requires(P.INBOUNDS_RECEIVE)])
    inbound_cancel = strawberry.mutation(resolver=inbound_cancel, permission_classes=[requires(P.INBOUNDS_WRITE)])
