"""Reactions of one domain to another's committed changes, registered in one place.

Every process that changes data calls `register_reactions()` at start: the app factory, the worker's start-up, the
demo feed and the test session. A reaction is never wired by an import's side effect, so an entry point cannot
silently lose one.
"""

from __future__ import annotations


def register_reactions() -> None:
    """Idempotent: registering twice registers once."""
    from backend.orders.services import allocate_backorders, on_cancelled_on_the_floor
    from backend.picking.services import drop_cancelled_order
    from backend.stock.services import on_stock_freed

    # Stock freed (arrived, counted up, released by a cancelled order) goes to backorders, oldest first.
    on_stock_freed(allocate_backorders)
    # An order cancelled while it is picked leaves its picklist, in the same transaction.
    on_cancelled_on_the_floor(drop_cancelled_order)
