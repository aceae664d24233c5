"""Phone orders: a draft the agent builds while the customer is on the line, then completes."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.errors import UserError, mutation_result
from backend.api.orders.inputs import OrderChangesInput, line_requests, order_id
from backend.api.orders.types import AddressInput, CustomerInput, Order, OrderLineInput, PaymentMethod, ShippingMethod
from backend.core.errors import ValidationFailed
from backend.core.ids import expect_global_id
from backend.orders import editing, intake
from backend.orders.model import OrderRequest, OrderSource
from backend.orders.model import PaymentMethod as Method
from backend.orders.model import ShippingMethod as Shipping
from backend.orders.queries import orders_by_ids


@strawberry.type
class DraftOrderPayload:
    order: Order | None = None
    errors: list[UserError]


@strawberry.input
class DraftOrderCreateInput:
    merchant_id: strawberry.ID | None = None
    lines: list[OrderLineInput] | None = None
    currency: str = "EUR"
    payment_method: PaymentMethod = Method.INVOICE
    shipping_method: ShippingMethod = Shipping.STANDARD
    shipping_price: str = "0"
    customer: CustomerInput | None = None
    shipping_address: AddressInput | None = None
    billing_address: AddressInput | None = None
    customer_note: str = ""
    tags: list[str] | None = None
    warehouse_id: strawberry.ID | None = None


async def draft_order_create(info: Info, input: DraftOrderCreateInput) -> DraftOrderPayload:  # noqa: A002
    async def action() -> dict:
        request = OrderRequest(
            merchant_id=expect_global_id(input.merchant_id, "Merchant", field="merchantId") if input.merchant_id else None,
            lines=line_requests(input.lines), currency=input.currency, payment_method=input.payment_method.value,
            shipping_method=input.shipping_method.value, shipping_price=input.shipping_price,
            customer=input.customer.to_model() if input.customer else OrderRequest().customer,
            shipping_address=input.shipping_address.as_dict() if input.shipping_address else None,
            billing_address=input.billing_address.as_dict() if input.billing_address else None,
            customer_note=input.customer_note, tags=input.tags or [], source=OrderSource.PHONE.value,
            warehouse_id=expect_global_id(input.warehouse_id, "Warehouse", field="warehouseId") if input.warehouse_id else None,
        )
        return {"order": Order.from_row(await intake.create_draft(info.context.actor, request))}

    return await mutation_result(DraftOrderPayload, action)


@strawberry.input
class DraftOrderUpdateInput:
    order_id: strawberry.ID
    expected_version: int
    changes: OrderChangesInput


async def draft_order_update(info: Info, input: DraftOrderUpdateInput) -> DraftOrderPayload:  # noqa: A002
    async def action() -> dict:
        actor = info.context.actor
        oid = order_id(input.order_id)
        found = (await orders_by_ids(actor, [oid])).get(oid)
        if found is not None and found.status != "DRAFT":
            raise ValidationFailed(f"Order {found.number} is not a draft; use orderUpdate", field="orderId",
                                   code="INVALID_STATE")
        order = await editing.update_order(actor, oid, input.expected_version, input.changes.to_changes())
        return {"order": Order.from_row(order)}

    return await mutation_result(DraftOrderPayload, action)


@strawberry.input
class DraftOrderCompleteInput:
    order_id: strawberry.ID
    expected_version: int | None = None


async def draft_order_complete(info: Info, input: DraftOrderCompleteInput) -> DraftOrderPayload:  # noqa: A002
    async def action() -> dict:
        order = await intake.complete_draft(info.context.actor, order_id(input.order_id), input.expected_version)
        return {"order": Order.from_row(order)}

    return await mutation_result(DraftOrderPayload, action)


@strawberry.input
class OrderDuplicateInput:
    order_id: strawberry.ID


async def order_duplicate(info: Info, input: OrderDuplicateInput) -> DraftOrderPayload:  # noqa: A002
    async def action() -> dict:
        return {"order": Order.from_row(await intake.duplicate_order(info.context.actor, order_id(input.order_id)))}

    return await mutation_result(DraftOrderPayload, action)
