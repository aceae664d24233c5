"""Payment status from the merchant's systems, and the merchant's payment policy."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.errors import UserError, mutation_result
from backend.api.node import global_id
from backend.api.orders.inputs import order_id
from backend.api.orders.types import Order, PaymentMethod, PaymentStatus
from backend.core.ids import expect_global_id
from backend.orders import payments
from backend.orders.model import PaymentMethod as Method
from backend.orders.model import PaymentStatus as Paid


@strawberry.input
class OrderPaymentUpdateInput:
    order_id: strawberry.ID
    payment_status: PaymentStatus
    reference: str = strawberry.field(default="", description="The payment provider's or bank's reference.")


@strawberry.type
class OrderPaymentUpdatePayload:
    order: Order | None = None
    errors: list[UserError]


async def order_payment_update(info: Info, input: OrderPaymentUpdateInput) -> OrderPaymentUpdatePayload:  # noqa: A002
    async def action() -> dict:
        order = await payments.update_payment_status(info.context.actor, order_id(input.order_id),
                                                     Paid(input.payment_status.value), input.reference)
        return {"order": Order.from_row(order)}

    return await mutation_result(OrderPaymentUpdatePayload, action)


@strawberry.type(description="Which payment methods must be paid before the warehouse ships, and when unpaid orders lapse.")
class PaymentPolicy:
    merchant_id: strawberry.ID
    prepaid_methods: list[PaymentMethod]
    unpaid_cancel_after_days: int | None = strawberry.field(description="Null: unpaid orders are never cancelled.")
    timezone: str = strawberry.field(description="Where the merchant's day starts, for the dashboard.")

    @classmethod
    def from_policy(cls, policy: payments.PaymentPolicy) -> PaymentPolicy:
        return cls(merchant_id=global_id("Merchant", policy.merchant_id),
                   prepaid_methods=[Method(m) for m in policy.prepaid_methods],
                   unpaid_cancel_after_days=policy.unpaid_cancel_after_days, timezone=policy.timezone)


@strawberry.input
class PaymentPolicyUpdateInput:
    merchant_id: strawberry.ID | None = None
    prepaid_methods: list[PaymentMethod] | None = None
    unpaid_cancel_after_days: int | None = None
    never_cancel_unpaid: bool = strawberry.field(default=False, description="Stop cancelling unpaid orders.")
    timezone: str | None = None


@strawberry.type
class PaymentPolicyUpdatePayload:
    policy: PaymentPolicy | None = None
    errors: list[UserError]


async def payment_policy_update(info: Info, input: PaymentPolicyUpdateInput) -> PaymentPolicyUpdatePayload:  # noqa: A002
    async def action() -> dict:
        merchant = expect_global_id(input.merchant_id, "Merchant", field="merchantId") if input.merchant_id else None
        policy = await payments.update_payment_policy(
            info.context.actor, merchant,
            prepaid_methods=[m.value for m in input.prepaid_methods] if input.prepaid_methods is not None else None,
            unpaid_cancel_after_days=input.unpaid_cancel_after_days, clear_unpaid_cancel=input.never_cancel_unpaid,
            timezone=input.timezone,
        )
        return {"policy": PaymentPolicy.from_policy(policy)}

    return await mutation_result(PaymentPolicyUpdatePayload, action)
