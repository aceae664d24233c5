"""Carrier labels behind signed, short-lived links, like the product labels (`backend/catalog/documents.py`).

`issue_parcel_label_link` checks who asks and for which parcel; the token names the parcel, the size and the merchant
scope it was issued for, and the parcel is looked up again within that scope when the PDF is served."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from litestar import Response, get

from backend.catalog.documents import LINK_TTL_SECONDS, DocumentLink
from backend.core import signing
from backend.core.authorization import Actor, Permission
from backend.core.errors import NotFound
from backend.orders.tables import Order
from backend.shipping import labels
from backend.shipping.carriers.base import LabelSize
from backend.shipping.tables import Parcel

PURPOSE = "parcel-label"
PATH = "/documents/parcel-labels"


async def _visible(parcel_id: UUID, merchant_id: UUID | None) -> bool:
    query = Parcel.exists().where(Parcel.id == parcel_id)
    if merchant_id is not None:
        query = query.where(Parcel.sales_order.is_in(Order.select(Order.id).where(Order.merchant == merchant_id)))
    return await query


async def issue_parcel_label_link(actor: Actor, parcel_id: UUID, size: LabelSize) -> DocumentLink:
    """A link to the parcel's carrier label, for whoever may see the parcel; NotFound for a parcel of another
    merchant, one that does not exist, or one without a bought label (the same answer for each)."""
    actor.require(Permission.PARCELS_READ)
    scope = actor.merchant_scope()
    if not await _visible(parcel_id, scope) or parcel_id not in await labels.labelled([parcel_id]):
        raise NotFound("No carrier label for this parcel", field="parcelId")
    claims = {"p": parcel_id.hex, "s": LabelSize(size).value, "m": scope.hex if scope else None}
    token, expires = signing.sign(PURPOSE, claims, ttl_seconds=LINK_TTL_SECONDS)
    return DocumentLink(url=f"{PATH}/{token}", expires_at=datetime.fromtimestamp(expires, UTC))


def _refusal(status: int, text: str) -> Response:
    return Response(text, status_code=status, media_type="text/plain",
                    headers={"Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"})


@get(f"{PATH}/{{token:str}}", include_in_schema=False)
async def parcel_label_pdf(token: str) -> Response:
    """The label a signed link names: 404 for a link that is not ours, 410 for one that has expired."""
    try:
        claims = signing.verify(PURPOSE, token)
        parcel_id, size = UUID(hex=claims["p"]), LabelSize(claims["s"])
        merchant = UUID(hex=claims["m"]) if claims["m"] is not None else None
    except signing.ExpiredToken:
        return _refusal(410, "This link has expired. Ask for the label again.")
    except (signing.InvalidToken, KeyError, TypeError, ValueError):
        return _refusal(404, "This link is not valid.")
    pdf = await labels.label_pdf(parcel_id, size) if await _visible(parcel_id, merchant) else None
    if pdf is None:
        return _refusal(404, "This link is not valid.")
    return Response(pdf, media_type="application/pdf", headers={
        "Content-Disposition": f'inline; filename="label-{size.value}.pdf"',
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
    })


__all__ = ["issue_parcel_label_link", "parcel_label_pdf"]
