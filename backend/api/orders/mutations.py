from __future__ import annotations

import strawberry

from backend.api.orders.draft_order import draft_order_complete, draft_order_create, draft_order_update, order_duplicate
from backend.api.orders.order_bulk import (
    order_bulk_cancel,
    order_bulk_hold,
    order_bulk_release_hold,
    order_bulk_tag,
    order_mark_as_paid,
)
from backend.api.orders.order_cancel import order_cancel
from backend.api.orders.order_create import order_create
from backend.api.orders.order_hold import order_hold, order_release_hold
from backend.api.orders.order_note_add import order_note_add, order_tags_update
from backend.api.orders.order_update import order_update
from backend.api.orders.payment_mutations import order_payment_update, payment_policy_update
from backend.api.permissions import requires
from backend.core.authorization import Permission

W = [requires(Permission.ORDERS_WRITE)]
PAY = [requires(Permission.ORDERS_PAY)]


@strawberry.type
class OrdersMutation:
    order_create = strawberry.mutation(resolver=order_create, permission_classes=W)
    draft_order_create = strawberry.mutation(resolver=draft_order_create, permission_classes=W)
    draft_order_update = strawberry.mutation(resolver=draft_order_update, permission_classes=W)
    draft_order_complete = strawberry.mutation(resolver=draft_order_complete, permission_classes=W)
    order_duplicate = strawberry.mutation(resolver=order_duplicate, permission_classes=W)
    order_update = strawberry.mutation(resolver=order_update, permission_classes=W)
    order_hold = strawberry.mutation(resolver=order_hold, permission_classes=W)
    order_release_hold = strawberry.mutation(resolver=order_release_hold, permission_classes=W)
    order_cancel = strawberry.mutation(resolver=order_cancel, permission_classes=W)
    order_note_add = strawberry.mutation(resolver=order_note_add, permission_classes=W)
    order_tags_update = strawberry.mutation(resolver=order_tags_update, permission_classes=W)
    order_mark_as_paid = strawberry.mutation(resolver=order_mark_as_paid, permission_classes=PAY)
    order_payment_update = strawberry.mutation(resolver=order_payment_update, permission_classes=PAY)
    order_bulk_hold = strawberry.mutation(resolver=order_bulk_hold, permission_classes=W)
    order_bulk_release_hold = strawberry.mutation(resolver=order_bulk_release_hold, permission_classes=W)
    order_bulk_cancel = strawberry.mutation(resolver=order_bulk_cancel, permission_classes=W)
    order_bulk_tag = strawberry.mutation(resolver=order_bulk_tag, permission_classes=W)
    payment_policy_update = strawberry.mutation(resolver=payment_policy_update,
                                                permission_classes=[requires(Permission.ORDER_SETTINGS_WRITE)])
