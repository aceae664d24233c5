"""The documents' GraphQL types: which document, on which paper, and the link to it."""

from __future__ import annotations

from datetime import datetime

import strawberry

from backend.api.errors import UserError
from backend.documents.layout import PaperFormat
from backend.documents.services import DocumentKind

DocumentKindType = strawberry.enum(DocumentKind, name="DocumentKind", description=(
    "DELIVERY_NOTE: an order's delivery note (packing slip). PICKLIST: a picklist on paper. DELIVERY_NOTES: a "
    "picklist's delivery notes, each followed by its parcel's carrier label where one is stored, tote by tote."))
DocumentFormatType = strawberry.enum(PaperFormat, name="DocumentFormat", description=(
    "A4: office printers. THERMAL_80MM: 80 mm receipt rolls, one page as long as the document. LABEL_4X6: "
    "4 x 6 in thermal labels."))


@strawberry.type(description="A link to a document's PDF; it needs no sign-in and works for five minutes.")
class DocumentLinkPayload:
    url: str | None = strawberry.field(default=None, description="Path of the PDF on this server.")
    expires_at: datetime | None = None
    errors: list[UserError]
