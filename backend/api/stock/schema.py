"""Stock in GraphQL: adjusting, moving and counting a product's units. Stock is read on `Product`."""

from __future__ import annotations

import strawberry

from backend.api.permissions import requires
from backend.api.stock.stock_adjust import stock_adjust
from backend.api.stock.stock_count import stock_count
from backend.api.stock.stock_transfer import stock_transfer
from backend.core.authorization import Permission

P = Permission


@strawberry.type
class StockMutation:
    stock_adjust = strawberry.mutation(resolver=stock_adjust, permission_classes=[requires(P.STOCK_WRITE)])
    stock_transfer = strawberry.mutation(resolver=stock_transfer, permission_classes=[requires(P.STOCK_WRITE)])
    stock_count = strawberry.mutation(resolver=stock_count, permission_classes=[requires(P.STOCK_WRITE)])
