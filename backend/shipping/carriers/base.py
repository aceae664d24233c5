"""The seam between shipping and a carrier's API: buy a label for a parcel, fetch a label again in another size,
fetch what happened to a shipment. An adapter speaks one carrier's protocol and nothing else; what to buy when,
and what the database remembers, is `backend/shipping/labels.py`'s business."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Protocol

from backend.core.errors import DomainError


class LabelSize(Enum):
    A6 = "A6"  # thermal label printers (103 x 150 mm)
    A4 = "A4"  # office printers


@dataclass(frozen=True)
class Recipient:
    name: str
    company: str
    line1: str
    line2: str
    postal_code: str
    city: str
    country: str  # ISO 3166-1 alpha-2, as orders store it


@dataclass(frozen=True)
class LabelOrder:
    """What a carrier needs to sell a label for one parcel."""

    reference: str  # the same on every attempt for one parcel
    service: str
    weight_grams: int
    recipient: Recipient
    dimensions_mm: tuple[int, int, int] | None = None


@dataclass(frozen=True)
class BoughtLabel:
    shipment_number: str
    tracking_url: str
    pdf: bytes
    size: LabelSize


@dataclass(frozen=True)
class CarrierEvent:
    event_id: str
    status: str  # one of shipping.services.TRACKING_STATUSES
    occurred_at: datetime
    description: str
    location: str


class CarrierRefused(DomainError):
    """The carrier refused the order as given (an address it cannot deliver to, a wrong service): fix and retry."""

    code = "CARRIER_REFUSED"


class CarrierUnavailable(DomainError):
    """The carrier did not answer, or answered with its own failure: nothing to fix, try again later."""

    code = "CARRIER_UNAVAILABLE"
    # True when the request went out and its answer was lost: the carrier may have acted on it.
    maybe_delivered = False


class CarrierAdapter(Protocol):
    name: str
    services: tuple[str, ...]

    async def buy_label(self, order: LabelOrder, size: LabelSize) -> BoughtLabel:
        """Buy the label; `CarrierRefused` or `CarrierUnavailable` otherwise."""

    async def fetch_label(self, shipment_number: str, size: LabelSize) -> bytes:
        """The label of a shipment already bought, in another size (buys nothing)."""

    async def fetch_tracking(self, shipment_number: str) -> list[CarrierEvent]:
        """Every event the carrier reports for the shipment, in any order."""
