from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.errors import UserError, user_errors
from backend.api.returns.types import ReturnDisposition, ReturnDispositionRule, ReturnGrade, rules_list
from backend.core.errors import ValidationFailed
from backend.core.ids import optional_merchant_id
from backend.returns import model, services


@strawberry.input
class ReturnDispositionRuleInput:
    grade: ReturnGrade
    disposition: ReturnDisposition


@strawberry.input(description="What becomes of items of the grades named; the other grades keep theirs.")
class ReturnDispositionRulesSetInput:
    merchant_id: strawberry.ID | None = strawberry.field(default=None, description="Operators name the merchant.")
    rules: list[ReturnDispositionRuleInput]


@strawberry.type
class ReturnDispositionRulesSetPayload:
    errors: list[UserError]
    rules: list[ReturnDispositionRule] | None = None


@user_errors
async def return_disposition_rules_set(info: Info, input: ReturnDispositionRulesSetInput) -> ReturnDispositionRulesSetPayload:
    wanted = {model.Grade(rule.grade): model.Disposition(rule.disposition) for rule in input.rules}
    if len(wanted) != len(input.rules):
        raise ValidationFailed("A grade is named twice", field="rules", code="DUPLICATE")
    rules = await services.set_disposition_rules(info.context.actor, optional_merchant_id(input.merchant_id), wanted)
    return {"rules": rules_list(rules)}
