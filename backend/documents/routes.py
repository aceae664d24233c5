"""The HTTP side of the signed document links: the PDF a token names, 404 for a link that is not ours (or whose
order is out of its scope by now), 410 for one that has expired."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from litestar import MediaType, Response, get

from backend.core import signing
from backend.documents.services import (
    ORDERS_PATH,
    PICKLISTS_PATH,
    Pdf,
    order_document,
    picklist_document,
    read_order_token,
    read_picklist_token,
)

Request = TypeVar("Request")
NO_STORE = {"Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"}


def _refusal(status: int, text: str) -> Response:
    return Response(text, status_code=status, media_type=MediaType.TEXT, headers=NO_STORE)


async def _serve(token: str, read: Callable[[str], Request], load: Callable[[Request], Awaitable[Pdf | None]]) -> Response:
    try:
        request = read(token)
    except signing.ExpiredToken:
        return _refusal(410, "This link has expired. Ask for the document again.")
    except signing.InvalidToken:
        return _refusal(404, "This link is not valid.")
    pdf = await load(request)
    if pdf is None:
        return _refusal(404, "This link is not valid.")
    return Response(pdf.content, media_type="application/pdf", headers={
        **NO_STORE, "Content-Disposition": f'inline; filename="{pdf.filename}"', "Referrer-Policy": "no-referrer"})


@get(f"{ORDERS_PATH}/{{token:str}}", include_in_schema=False)
async def order_document_pdf(token: str) -> Response:
    """An order's delivery note."""
    return await _serve(token, read_order_token, order_document)


@get(f"{PICKLISTS_PATH}/{{token:str}}", include_in_schema=False)
async def picklist_document_pdf(token: str) -> Response:
    """A picklist, or its delivery notes and labels in packing order."""
    return await _serve(token, read_picklist_token, picklist_document)


__all__ = ["order_document_pdf", "picklist_document_pdf"]
