from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry
from strawberry.types import Info

from backend.api.errors import UserError, user_errors
from backend.api.shipping.types import parcel_id
from backend.shipping.carriers.base import LabelSize
from backend.shipping.documents import issue_parcel_label_link


@strawberry.enum(description="A6: a 103 x 150 mm thermal label. A4: a sheet for an office printer.")
class ParcelLabelSize(Enum):
    A6 = "A6"
    A4 = "A4"


@strawberry.input
class ParcelLabelLinkInput:
    parcel_id: strawberry.ID
    size: ParcelLabelSize = ParcelLabelSize.A6


@strawberry.type(description="A link to a parcel's carrier label PDF; it needs no sign-in and works for five minutes.")
class ParcelLabelLinkPayload:
    url: str | None = strawberry.field(default=None, description="Path of the PDF on this server.")
    expires_at: datetime | None = None
    errors: list[UserError]


@user_errors
async def parcel_label_link(info: Info, input: ParcelLabelLinkInput) -> ParcelLabelLinkPayload:  # noqa: A002
    link = await issue_parcel_label_link(info.context.actor, parcel_id(input.parcel_id), LabelSize(input.size.value))
    return {"url": link.url, "expires_at": link.expires_at}
