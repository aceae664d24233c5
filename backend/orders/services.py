"""The orders domain's front door: the use cases the API, the workers and the demo call. Other code imports these
names from here, not from the modules behind them:

- intake.py: placing orders (`create_order`), phone drafts and repeat orders; placement.sql places them all
- editing.py: changes until picking starts, holds, cancellation, notes, tags
- fulfillment.py: the orders' side of the warehouse floor (picking, short picks, packed, shipped, delivered)
- payments.py: the payment queue, payment status and policy, expiry of unpaid orders
- bulk.py: bulk actions, each order in its own transaction
- allocation.py: backorders get freed stock, oldest first
- queries.py, dashboard.py: reading orders and the live dashboard's figures
- access.py, lines.py, reservations.py, history.py, policy.py, figures.py: the steps the use cases share
- model.py: the vocabulary and rules that need no database; tables.py: the tables
"""

from backend.orders.allocation import allocate_backorders, sweep_backorders
from backend.orders.bulk import cancel_many, hold_many, release_many, tag_many
from backend.orders.dashboard import Amount, DashboardSnapshot, dashboard, dashboard_cache, dashboard_scope
from backend.orders.editing import (
    InvalidState,
    OrderChanges,
    add_note,
    cancel_order,
    change_tags,
    hold_order,
    on_cancelled_on_the_floor,
    release_hold,
    update_draft,
    update_order,
)
from backend.orders.fulfillment import (
    finish_picking,
    mark_packed,
    pick_fell_short,
    pickable,
    record_collected,
    record_delivered,
    record_picked,
    record_ready_for_pickup,
    record_returned,
    record_shipped,
    release_from_picking,
    start_picking,
)
from backend.orders.intake import IdempotencyKeyReused, complete_draft, create_draft, create_order, duplicate_order
from backend.orders.payments import (
    BulkOutcome,
    PaymentPolicy,
    cancel_expired_unpaid_orders,
    mark_paid,
    payment_policy,
    update_payment_policy,
    update_payment_status,
)
from backend.orders.queries import (
    OrderFilter,
    fulfillment_orders_by_ids,
    history_of,
    lines_of,
    list_orders,
    notes_of,
    orders_by_ids,
)

__all__ = [
    "Amount", "BulkOutcome", "DashboardSnapshot", "IdempotencyKeyReused", "InvalidState", "OrderChanges", "OrderFilter",
    "PaymentPolicy", "add_note", "allocate_backorders", "cancel_expired_unpaid_orders", "cancel_many", "cancel_order",
    "change_tags", "finish_picking", "mark_packed", "pick_fell_short", "pickable", "record_collected", "record_delivered", "record_picked",
    "record_ready_for_pickup", "record_returned", "record_shipped", "release_from_picking", "start_picking",
    "complete_draft", "create_draft", "create_order", "dashboard", "dashboard_cache", "dashboard_scope",
    "duplicate_order", "fulfillment_orders_by_ids", "history_of", "hold_many", "on_cancelled_on_the_floor", "hold_order", "lines_of", "list_orders", "mark_paid", "notes_of",
    "orders_by_ids", "payment_policy", "release_hold", "release_many", "sweep_backorders", "tag_many",
    "update_draft", "update_order", "update_payment_policy", "update_payment_status",
]
