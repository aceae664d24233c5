"""The merchant's payment policy."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.errors import mutation_payload, user_errors
from backend.api.orders.types import PaymentMethod, PaymentPolicy
from backend.core.ids import optional_merchant_id
from backend.orders import services as orders


@strawberry.input
class PaymentPolicyUpdateInput:
    merchant_id: strawberry.ID | None = None
    prepaid_methods: list[PaymentMethod] | None = None
    unpaid_cancel_after_days: int | None = None
    never_cancel_unpaid: bool = strawberry.field(default=False, description="Stop cancelling unpaid orders.")
    timezone: str | None = None


PaymentPolicyUpdatePayload = mutation_payload("PaymentPolicyUpdatePayload", policy=PaymentPolicy)


@user_errors
async def payment_policy_update(info: Info, input: PaymentPolicyUpdateInput) -> PaymentPolicyUpdatePayload:  # noqa: A002
    merchant = optional_merchant_id(input.merchant_id)
    policy = await orders.update_payment_policy(
        info.context.actor, merchant,
        prepaid_methods=[m.value for m in input.prepaid_methods] if input.prepaid_methods is not None else None,
        unpaid_cancel_after_days=input.unpaid_cancel_after_days, clear_unpaid_cancel=input.never_cancel_unpaid,
        timezone=input.timezone,
    )
    return {"policy": PaymentPolicy.from_policy(policy)}
