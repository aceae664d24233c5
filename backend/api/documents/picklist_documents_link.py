from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.accounts.services import DocumentLanguage
from backend.api.accounts.types import DocumentLanguageType
from backend.api.documents.types import DocumentFormatType, DocumentKindType, DocumentLinkPayload
from backend.api.errors import user_errors
from backend.core.ids import expect_global_id
from backend.documents import services as documents
from backend.documents.layout import PaperFormat


@strawberry.input(description="A picklist on paper, or its delivery notes (and labels) in packing order.")
class PicklistDocumentsLinkInput:
    picklist_id: strawberry.ID
    kind: DocumentKindType = documents.DocumentKind.PICKLIST  # type: ignore[valid-type]
    format: DocumentFormatType = PaperFormat.A4  # type: ignore[valid-type]
    language: DocumentLanguageType = strawberry.field(  # type: ignore[valid-type]
        default=DocumentLanguage.DE,
        description="The picklist's language (delivery notes speak their merchant's).")


@user_errors
async def picklist_documents_link(info: Info, input: PicklistDocumentsLinkInput) -> DocumentLinkPayload:  # noqa: A002
    picklist_id = expect_global_id(input.picklist_id, "Picklist", field="picklistId")
    link = await documents.issue_picklist_link(info.context.actor, picklist_id, input.kind, input.format,
                                               DocumentLanguage(input.language).value)
    return {"url": link.url, "expires_at": link.expires_at}
