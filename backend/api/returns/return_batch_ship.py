from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.errors import mutation_payload, user_errors
from backend.api.returns.types import ReturnBatch
from backend.core.ids import expect_global_id
from backend.returns import services


@strawberry.input(description="A merchant's return batch leaves the warehouse.")
class ReturnBatchShipInput:
    batch_id: strawberry.ID
    carrier: str = ""
    tracking_number: str = ""


ReturnBatchShipPayload = mutation_payload("ReturnBatchShipPayload", batch=ReturnBatch)


@user_errors
async def return_batch_ship(info: Info, input: ReturnBatchShipInput) -> ReturnBatchShipPayload:
    batch = await services.ship_batch(info.context.actor, expect_global_id(input.batch_id, "ReturnBatch", field="batchId"),
                                      carrier=input.carrier, tracking_number=input.tracking_number)
    return {"batch": ReturnBatch.from_row(batch)}
