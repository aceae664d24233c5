from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.api.documents.types import DocumentFormatType, DocumentKindType, DocumentLinkPayload
from backend.api.errors import user_errors
from backend.api.shipping.types import released_order_id
from backend.core.ids import expect_global_id
from backend.documents import services as documents
from backend.documents.layout import PaperFormat


@strawberry.input(description="An order's delivery note: the one of a parcel, else one per parcel not yet "
                              "shipped, else one for what is left to ship.")
class OrderDocumentsLinkInput:
    order_id: strawberry.ID = strawberry.field(description="An Order or FulfillmentOrder id.")
    kind: DocumentKindType = documents.DocumentKind.DELIVERY_NOTE  # type: ignore[valid-type]
    format: DocumentFormatType = PaperFormat.A4  # type: ignore[valid-type]
    parcel_id: strawberry.ID | None = None


@user_errors
async def order_documents_link(info: Info, input: OrderDocumentsLinkInput) -> DocumentLinkPayload:  # noqa: A002
    order_id = released_order_id(input.order_id)
    parcel_id = expect_global_id(input.parcel_id, "Parcel", field="parcelId") if input.parcel_id else None
    link = await documents.issue_order_link(info.context.actor, order_id, input.kind, input.format, parcel_id)
    return {"url": link.url, "expires_at": link.expires_at}
