"""Order and picklist documents behind signed, short-lived links: a delivery note per order (or per parcel), a
picklist, and a picklist's delivery notes with the parcels' carrier labels in packing order (tote by tote).

As with product labels (`backend/catalog/documents.py`), a GraphQL mutation checks who asks and for what
(`issue_order_link`, `issue_picklist_link`) and hands out a path whose token is the authorization: it names the
document, the paper format and the merchant scope of its issuer, signed with SECRET_KEY and valid for five minutes.
Serving loads the order again within that scope, so a link never reaches further than its issuer could.

Who: the floor and operators print everything; a merchant prints its own orders' delivery notes, never a picklist
(a picklist may mix merchants).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID

import anyio.to_thread

from backend.catalog.documents import LINK_TTL_SECONDS, DocumentLink
from backend.core import signing
from backend.core.authorization import Actor, Permission
from backend.core.errors import NotFound, ValidationFailed
from backend.documents import loading
from backend.documents.delivery_note import DeliveryNote, render_delivery_notes
from backend.documents.layout import PaperFormat
from backend.documents.merge import merge_pdfs
from backend.documents.picklist_sheet import render_picklist
from backend.documents.words import LANGUAGES
from backend.orders import services as orders
from backend.picking.tables import Picklist
from backend.shipping import services as shipping
from backend.shipping.tables import Parcel

ORDER_PURPOSE = "delivery-note"
PICKLIST_PURPOSE = "picklist-documents"
ORDERS_PATH = "/documents/orders"
PICKLISTS_PATH = "/documents/picklists"


class DocumentKind(str, enum.Enum):
    DELIVERY_NOTE = "DELIVERY_NOTE"
    PICKLIST = "PICKLIST"
    DELIVERY_NOTES = "DELIVERY_NOTES"


ORDER_KINDS = (DocumentKind.DELIVERY_NOTE,)
PICKLIST_KINDS = (DocumentKind.PICKLIST, DocumentKind.DELIVERY_NOTES)


@dataclass(frozen=True)
class OrderDocument:
    order_id: UUID
    parcel_id: UUID | None
    paper_format: PaperFormat
    # None: issued to the fulfillment center, which sees every merchant.
    merchant_id: UUID | None


@dataclass(frozen=True)
class PicklistDocument:
    picklist_id: UUID
    kind: DocumentKind
    paper_format: PaperFormat
    language: str


@dataclass(frozen=True)
class Pdf:
    content: bytes
    filename: str


# ---------------------------------------------------------------- issuing


def _link(path: str, purpose: str, claims: dict) -> DocumentLink:
    token, expires = signing.sign(purpose, claims, ttl_seconds=LINK_TTL_SECONDS)
    return DocumentLink(url=f"{path}/{token}", expires_at=datetime.fromtimestamp(expires, UTC))


async def issue_order_link(actor: Actor, order_id: UUID, kind: DocumentKind, paper_format: PaperFormat,
                           parcel_id: UUID | None = None) -> DocumentLink:
    """A link to an order's delivery note (one per parcel not yet shipped, or for what is left to ship; or the one
    of `parcel_id`), for an order the actor may see as the warehouse does (merchants: their own), or NotFound."""
    actor.require(Permission.PARCELS_READ)
    if DocumentKind(kind) not in ORDER_KINDS:
        raise ValidationFailed("An order has a delivery note: choose DELIVERY_NOTE", field="kind")
    if order_id not in await orders.fulfillment_orders_by_ids(actor, [order_id]):
        # The same answer for another merchant's order and for one that does not exist.
        raise NotFound("No such order", field="orderId")
    if parcel_id is not None and not await Parcel.exists().where(
            (Parcel.id == parcel_id) & (Parcel.sales_order == order_id)):
        raise NotFound("No such parcel of this order", field="parcelId")
    request = OrderDocument(order_id, parcel_id, PaperFormat(paper_format), actor.merchant_scope())
    return _link(ORDERS_PATH, ORDER_PURPOSE, _order_claims(request))


async def issue_picklist_link(actor: Actor, picklist_id: UUID, kind: DocumentKind, paper_format: PaperFormat,
                              language: str = "de") -> DocumentLink:
    """A link to a picklist on paper, or to its delivery notes and labels in packing order: for the floor and
    operators only (a picklist may mix merchants)."""
    actor.require(Permission.PICKLISTS_READ)
    if DocumentKind(kind) not in PICKLIST_KINDS:
        raise ValidationFailed("A picklist prints as PICKLIST or DELIVERY_NOTES", field="kind")
    if language not in LANGUAGES:
        raise ValidationFailed(f"One of {', '.join(LANGUAGES)}", field="language")
    if not actor.is_operator or not await Picklist.exists().where(Picklist.id == picklist_id):
        raise NotFound("No such picklist", field="picklistId")
    request = PicklistDocument(picklist_id, DocumentKind(kind), PaperFormat(paper_format), language)
    return _link(PICKLISTS_PATH, PICKLIST_PURPOSE, _picklist_claims(request))


def _order_claims(request: OrderDocument) -> dict:
    return {"o": request.order_id.hex, "p": request.parcel_id.hex if request.parcel_id else None,
            "f": request.paper_format.value, "m": request.merchant_id.hex if request.merchant_id else None}


def _picklist_claims(request: PicklistDocument) -> dict:
    return {"l": request.picklist_id.hex, "k": request.kind.value, "f": request.paper_format.value,
            "g": request.language}


def order_document_token(request: OrderDocument, *, ttl_seconds: int = LINK_TTL_SECONDS,
                         now: float | None = None) -> str:
    """A token for `request` without any checks: for tests and trusted callers only."""
    return signing.sign(ORDER_PURPOSE, _order_claims(request), ttl_seconds=ttl_seconds, now=now)[0]


def read_order_token(token: str) -> OrderDocument:
    """What a genuine, unexpired token asks for; `signing.InvalidToken` / `signing.ExpiredToken` otherwise."""
    claims = signing.verify(ORDER_PURPOSE, token)
    try:
        return OrderDocument(UUID(hex=claims["o"]), UUID(hex=claims["p"]) if claims["p"] else None,
                             PaperFormat(claims["f"]), UUID(hex=claims["m"]) if claims["m"] else None)
    except (KeyError, TypeError, ValueError, AttributeError):
        raise signing.InvalidToken("unexpected claims") from None


def read_picklist_token(token: str) -> PicklistDocument:
    claims = signing.verify(PICKLIST_PURPOSE, token)
    try:
        if claims["g"] not in LANGUAGES:
            raise ValueError("language")
        return PicklistDocument(UUID(hex=claims["l"]), DocumentKind(claims["k"]), PaperFormat(claims["f"]), claims["g"])
    except (KeyError, TypeError, ValueError, AttributeError):
        raise signing.InvalidToken("unexpected claims") from None


# ---------------------------------------------------------------- rendering what a link names


async def order_document(request: OrderDocument) -> Pdf | None:
    """The delivery note a link names, or None when the order is not (or no longer) within the link's scope."""
    order = await loading.released_order(request.order_id, request.merchant_id)
    if order is None:
        return None
    notes = await loading.delivery_notes(order, request.parcel_id)
    if not notes:
        return None
    # Rendering is CPU-bound: keep the event loop free.
    pdf = await anyio.to_thread.run_sync(render_delivery_notes, [note for note, _ in notes], request.paper_format)
    return Pdf(pdf, f"delivery-note-{order.number}.pdf")


async def picklist_document(request: PicklistDocument) -> Pdf | None:
    picklist = await Picklist.objects().where(Picklist.id == request.picklist_id).first()
    if picklist is None:
        return None
    if request.kind is DocumentKind.PICKLIST:
        sheet = await loading.picklist_sheet(picklist, request.language)
        pdf = await anyio.to_thread.run_sync(render_picklist, sheet, request.paper_format)
        return Pdf(pdf, f"picklist-{sheet.number}.pdf")
    run = await _packing_run(picklist, request.paper_format)
    if not run:
        return None
    pdf = await anyio.to_thread.run_sync(assemble, run, request.paper_format)
    return Pdf(pdf, f"delivery-notes-PL-{picklist.sequence}.pdf")


async def _packing_run(picklist: Picklist, paper_format: PaperFormat) -> list[DeliveryNote | bytes]:
    """Tote by tote: each order's delivery notes, each followed by its parcel's carrier label where one is stored."""
    run: list[DeliveryNote | bytes] = []
    for order in await loading.picklist_orders(picklist):
        for note, parcel_id in await loading.delivery_notes(order, None):
            run.append(note)
            if parcel_id is not None:
                run.extend(await _label_pages(parcel_id, paper_format))
    return run


def assemble(run: list[DeliveryNote | bytes], paper_format: PaperFormat) -> bytes:
    """One PDF of delivery notes (rendered here) and ready PDFs (labels), in the order given."""
    parts: list[bytes] = []
    notes: list[DeliveryNote] = []
    for item in run:
        if isinstance(item, DeliveryNote):
            notes.append(item)
            continue
        if notes:
            parts.append(render_delivery_notes(notes, paper_format))
            notes = []
        parts.append(item)
    if notes:
        parts.append(render_delivery_notes(notes, paper_format))
    return merge_pdfs(parts)


async def _label_pages(parcel_id: UUID, paper_format: PaperFormat) -> list[bytes]:
    """The parcel's carrier label, on A4 with A4 documents and on A6 with thermal ones; nothing when none is stored."""
    label = await shipping.label_pdf(parcel_id, "A4" if paper_format is PaperFormat.A4 else "A6")
    return [label] if label else []


__all__ = ["DocumentKind", "OrderDocument", "assemble", "Pdf", "PicklistDocument", "issue_order_link", "issue_picklist_link",
           "order_document", "order_document_token", "picklist_document", "read_order_token", "read_picklist_token"]
