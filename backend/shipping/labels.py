"""Buying a carrier's label for a parcel, once.

A purchase is recorded before the carrier is called (`CarrierLabel`, one row per parcel): the first caller claims
the parcel for as long as the carrier may take, a second caller meanwhile is told to wait, and a label the carrier
sold is stored at once, so that a retry after a later failure (the A4 copy, our own commit) fetches or reuses it
instead of buying again. The carrier is called outside any transaction: no row stays locked while DHL thinks. The
parcel ships (`services._ship_in`) only once its label is complete; until then it stays PACKED and retryable.

DHL's API has no idempotency key of its own (its `refNo` is printed, not enforced), so a call whose answer was
lost (a timeout after DHL created the shipment) cannot be recognised later; the packer's error then names the
parcel's reference, the same on every attempt, by which such a shipment is found (and cancelled) in DHL's portal.
A call that never reached DHL says so without that warning.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID

from backend.core.authorization import Actor
from backend.core.clock import utcnow
from backend.core.errors import Conflict, ValidationFailed
from backend.core.queries import json_value
from backend.orders.tables import Order
from backend.shipping.carriers.base import (
    CarrierAdapter,
    CarrierRefused,
    CarrierUnavailable,
    LabelOrder,
    LabelSize,
    Recipient,
)
from backend.shipping.events import parcel_number
from backend.shipping.tables import CarrierLabel, PackageType, Parcel

log = logging.getLogger("shipping.labels")

# Beyond the adapter's own timeouts (two calls: the label and its A4 copy): how long a claim keeps others away.
CLAIM_MARGIN = timedelta(seconds=10)


@dataclass(frozen=True)
class Claim:
    label_id: UUID
    attempt: int
    order: LabelOrder


class LabelInProgress(Conflict):
    code = "IN_PROGRESS"


async def claim(parcel: Parcel, order: Order, carrier: str, service: str, timeout_seconds: float) -> Claim:
    """Inside the caller's transaction, with the parcel's row locked: this caller's turn to buy its label."""
    label = await CarrierLabel.objects().where(CarrierLabel.parcel == parcel.id).first()
    now = utcnow()
    if label is not None and label.claimed_until is not None and label.claimed_until > now:
        raise LabelInProgress(f"The label of parcel {parcel_number(parcel)} is being bought right now: "
                              "wait a moment and look again", field="parcelId")
    label_order = await _label_order(parcel, order, label.service if label and label.shipment_number else service)
    until = now + 2 * timedelta(seconds=timeout_seconds) + CLAIM_MARGIN
    if label is None:
        label = CarrierLabel(parcel=parcel.id, carrier=carrier, service=label_order.service,
                             reference=label_order.reference, claimed_until=until, attempts=1)
        await label.save()
    else:
        if not label.shipment_number:
            label.carrier, label.service = carrier, service
        label.claimed_until, label.attempts = until, label.attempts + 1
        await label.save()
    return Claim(label.id, label.attempts, label_order)


async def _label_order(parcel: Parcel, order: Order, service: str) -> LabelOrder:
    if not parcel.weight_grams:
        raise ValidationFailed(f"Parcel {parcel_number(parcel)} has no weight: a carrier needs it for the label",
                               field="parcelId", code="REQUIRED")
    address = json_value(order.shipping_address) or {}
    recipient = Recipient(**{attr: str(address.get(key) or "") for attr, key in (
        ("name", "name"), ("company", "company"), ("line1", "line1"), ("line2", "line2"),
        ("postal_code", "postalCode"), ("city", "city"), ("country", "country"))})
    dimensions = None
    if parcel.package_type:
        package = await PackageType.objects().where(PackageType.id == parcel.package_type).first()
        dimensions = (package.length_mm, package.width_mm, package.height_mm)
    return LabelOrder(reference=f"packline-{parcel_number(parcel)}", service=service,
                      weight_grams=parcel.weight_grams, recipient=recipient, dimensions_mm=dimensions)


async def buy(adapter: CarrierAdapter, claim: Claim) -> CarrierLabel:
    """Outside any transaction: the label bought (unless an earlier attempt bought it) and its A4 copy fetched,
    each stored as soon as the carrier hands it over. A refusal or outage releases the claim and is raised."""
    try:
        label = await _row(claim)
        if not label.shipment_number:
            bought = await adapter.buy_label(claim.order, LabelSize.A6)
            await _store(claim, shipment_number=bought.shipment_number, tracking_url=bought.tracking_url,
                         pdf_a6=bought.pdf, bought_at=utcnow())
            label = await _row(claim)
        if label.pdf_a4 is None:
            await _store(claim, pdf_a4=await adapter.fetch_label(label.shipment_number, LabelSize.A4))
            label = await _row(claim)
        return label
    except (CarrierRefused, CarrierUnavailable) as error:
        await release(claim, error.message)
        raise
    except BaseException:
        await release(claim, "interrupted")
        raise


async def _row(claim: Claim) -> CarrierLabel:
    return await CarrierLabel.objects().where(CarrierLabel.id == claim.label_id).first()


async def _store(claim: Claim, **values: object) -> None:
    # On its own, committed at once: what the carrier sold is never lost to a later failure.
    await CarrierLabel.update({getattr(CarrierLabel, k): v for k, v in values.items()}).where(
        CarrierLabel.id == claim.label_id)


async def release(claim: Claim, reason: str) -> None:
    """The next attempt may start at once (only this attempt's claim is released)."""
    await CarrierLabel.update({CarrierLabel.claimed_until: None, CarrierLabel.last_error: reason[:500]}).where(
        (CarrierLabel.id == claim.label_id) & (CarrierLabel.attempts == claim.attempt))


async def finish(claim: Claim) -> None:
    """Inside the shipping transaction: the purchase is done."""
    await CarrierLabel.update({CarrierLabel.claimed_until: None, CarrierLabel.last_error: ""}).where(
        CarrierLabel.id == claim.label_id)


async def label_pdf(parcel_id: UUID, size: LabelSize | str) -> bytes | None:
    """The carrier's label of a parcel in a size (A6 thermal, A4), once bought; None otherwise. No access check:
    callers (signed links, bulk print) check who asks."""
    column = CarrierLabel.pdf_a4 if LabelSize(size) is LabelSize.A4 else CarrierLabel.pdf_a6
    rows = await CarrierLabel.select(column).where(
        (CarrierLabel.parcel == parcel_id) & (CarrierLabel.pdf_a4.is_not_null()))
    return bytes(rows[0][column._meta.name]) if rows else None


async def labelled(parcel_ids: list[UUID]) -> set[UUID]:
    """The parcels among these whose label is complete."""
    if not parcel_ids:
        return set()
    rows = await CarrierLabel.select(CarrierLabel.parcel).where(
        CarrierLabel.parcel.is_in(list(parcel_ids)) & CarrierLabel.pdf_a4.is_not_null())
    return {row["parcel"] for row in rows}


__all__ = ["Claim", "LabelInProgress", "buy", "claim", "finish", "label_pdf", "labelled", "release"]
