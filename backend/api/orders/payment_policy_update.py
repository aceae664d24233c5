"""The merchant's payment policy."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.errors import UserError, mutation_result
from backend.api.orders.types import PaymentMethod, PaymentPolicy
from backend.core.ids import expect_global_id
from backend.orders import services as orders


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
        policy = await orders.update_payment_policy(
            info.context.actor, merchant,
            prepaid_methods=[m.value for m in input.prepaid_methods] if input.prepaid_methods is not None else None,
            unpaid_cancel_after_days=input.unpaid_cancel_after_days, clear_unpaid_cancel=input.never_cancel_unpaid,
            timezone=input.timezone,
        )
        return {"policy": PaymentPolicy.from_policy(policy)}

    return await mutation_result(PaymentPolicyUpdatePayload, action)
