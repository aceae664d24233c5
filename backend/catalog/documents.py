"""Label PDFs behind signed, short-lived links.

The GraphQL mutation `productLabelsCreate` checks who asks and for which products (`issue_labels_link`), then
hands out `/documents/labels/<token>`. The token is the authorization: it names the products, the layout, the
copies and the merchant scope it was issued for, signed with SECRET_KEY and valid for five minutes, so that a
browser tab or a label printer can fetch the PDF without a bearer header. A link never reaches further than its
issuer could: products are loaded again within the issuer's merchant scope when the PDF is served.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID

import anyio.to_thread
from litestar import MediaType, Response, get

from backend.catalog.labels import LabelData, LabelLayout, render_labels, variant_text
from backend.catalog.services import products_by_ids
from backend.catalog.tables import Product
from backend.core import signing
from backend.core.authorization import Actor, Permission
from backend.core.errors import FieldChecks, NotFound, ValidationFailed
from backend.core.queries import json_value

LABELS_PURPOSE = "labels"
LABELS_PATH = "/documents/labels"
LINK_TTL_SECONDS = 5 * 60
MAX_PRODUCTS = 500
MAX_COPIES = 100
# One print job: 5,000 labels are ~210 A4 sheets; beyond that a request is split (it would take seconds to render).
MAX_LABELS = 5000


@dataclass(frozen=True)
class DocumentLink:
    url: str
    expires_at: datetime


@dataclass(frozen=True)
class LabelsRequest:
    product_ids: list[UUID]
    layout: LabelLayout
    copies: int
    # None: issued to an operator, who sees every merchant.
    merchant_id: UUID | None


# ---------------------------------------------------------------- issuing


def _check_counts(product_ids: list[UUID], copies: int) -> None:
    checks = FieldChecks()
    if not product_ids:
        checks.errors.append(ValidationFailed("Choose at least one product", field="productIds", code="REQUIRED"))
    elif len(product_ids) > MAX_PRODUCTS:
        checks.errors.append(ValidationFailed(f"At most {MAX_PRODUCTS} products at once", field="productIds"))
    if not 1 <= copies <= MAX_COPIES:
        checks.errors.append(ValidationFailed(f"Between 1 and {MAX_COPIES} copies", field="copies"))
    elif len(product_ids) * copies > MAX_LABELS:
        checks.errors.append(ValidationFailed(f"At most {MAX_LABELS} labels in one print job", field="copies"))
    checks.raise_if_any()


async def issue_labels_link(actor: Actor, product_ids: list[UUID], layout: LabelLayout, copies: int) -> DocumentLink:
    """A link to labels for products the actor may see (in the order given, repeats dropped), or NotFound."""
    actor.require(Permission.PRODUCTS_READ)
    _check_counts(product_ids, copies)
    ids = list(dict.fromkeys(product_ids))
    visible = await products_by_ids(actor, ids)
    if any(i not in visible for i in ids):
        # The same answer for another merchant's product and for one that does not exist.
        raise NotFound("No such product", field="productIds")
    request = LabelsRequest(ids, LabelLayout(layout), copies, actor.merchant_scope())
    token, expires = signing.sign(LABELS_PURPOSE, _claims(request), ttl_seconds=LINK_TTL_SECONDS)
    return DocumentLink(url=f"{LABELS_PATH}/{token}", expires_at=datetime.fromtimestamp(expires, UTC))


def _claims(request: LabelsRequest) -> dict:
    # Ids as packed bytes: 500 of them keep the link near 11 kB instead of 24.
    packed = base64.b64encode(b"".join(i.bytes for i in request.product_ids)).decode()
    return {"p": packed, "l": request.layout.value, "c": request.copies,
            "m": request.merchant_id.hex if request.merchant_id else None}


def labels_token(request: LabelsRequest, *, ttl_seconds: int = LINK_TTL_SECONDS, now: float | None = None) -> str:
    """A token for `request` without any checks: for tests and trusted callers only."""
    return signing.sign(LABELS_PURPOSE, _claims(request), ttl_seconds=ttl_seconds, now=now)[0]


def read_labels_token(token: str) -> LabelsRequest:
    """What a genuine, unexpired token asks for; `signing.InvalidToken` / `signing.ExpiredToken` otherwise."""
    claims = signing.verify(LABELS_PURPOSE, token)
    try:
        packed = base64.b64decode(claims["p"], validate=True)
        if not packed or len(packed) % 16:
            raise ValueError("ids")
        ids = [UUID(bytes=packed[i:i + 16]) for i in range(0, len(packed), 16)]
        merchant = UUID(hex=claims["m"]) if claims["m"] is not None else None
        copies = claims["c"]
        if not isinstance(copies, int) or not 1 <= copies <= MAX_COPIES or len(ids) > MAX_PRODUCTS:
            raise ValueError("counts")
        return LabelsRequest(ids, LabelLayout(claims["l"]), copies, merchant)
    except (KeyError, TypeError, ValueError, AttributeError, binascii.Error):
        # Signed by us but not in this shape (an older format, say): no use to anyone.
        raise signing.InvalidToken("unexpected claims") from None


# ---------------------------------------------------------------- serving


def _refusal(status: int, text: str) -> Response:
    return Response(text, status_code=status, media_type=MediaType.TEXT,
                    headers={"Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"})


async def _labels_for(request: LabelsRequest) -> list[LabelData] | None:
    query = Product.objects().where(Product.id.is_in(request.product_ids))
    if request.merchant_id is not None:
        query = query.where(Product.merchant == request.merchant_id)
    rows = {p.id: p for p in await query}
    if len(rows) != len(request.product_ids):
        return None
    return [
        LabelData(sku=p.sku, name=p.name, barcode=p.barcode, variant=variant_text(_variant_of(p)))
        for p in (rows[i] for i in request.product_ids)
    ]


def _variant_of(product: Product) -> dict:
    """Size, colour and the other attributes, as a label prints them."""
    axes = {"size": product.size, "colour": product.colour}
    return {k: v for k, v in {**axes, **(json_value(product.attributes) or {})}.items() if v is not None}


@get(f"{LABELS_PATH}/{{token:str}}", include_in_schema=False)
async def labels_pdf(token: str) -> Response:
    """The label PDF a signed link names: 404 for a link that is not ours, 410 for one that has expired."""
    try:
        request = read_labels_token(token)
    except signing.ExpiredToken:
        return _refusal(410, "This link has expired. Create the labels again.")
    except signing.InvalidToken:
        return _refusal(404, "This link is not valid.")
    labels = await _labels_for(request)
    if labels is None:
        return _refusal(404, "This link is not valid.")
    # Rendering is CPU-bound (up to a second or two for the largest requests): keep the event loop free.
    pdf = await anyio.to_thread.run_sync(render_labels, labels, request.layout, request.copies)
    return Response(pdf, media_type="application/pdf", headers={
        "Content-Disposition": 'inline; filename="labels.pdf"',
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
    })


__all__ = ["DocumentLink", "LabelsRequest", "issue_labels_link", "labels_pdf", "labels_token", "read_labels_token"]
