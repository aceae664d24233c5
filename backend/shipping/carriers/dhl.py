"""DHL Parcel DE: labels through the Parcel DE Shipping API v2 (`/parcel/de/shipping/v2/orders`), tracking through
DHL's Shipment Tracking API (`/track/shipments`), both with httpx.

Why not karrio's `dhl_parcel_de` connector (karrio 2026.1.32, looked at first): its `Settings.server_url` and
`tracking_server_url` are fixed properties (sandbox or production by `test_mode`) with no setting for another base
URL, so neither a local peer nor a proxy can be put in front of it without overriding its internals; it asks for one
`printFormat` per `POST /v2/orders` and has no call for `GET /v2/orders?shipment=` (the label of a shipment already
bought), so an A6 and an A4 label would mean buying the label twice; it calls out with blocking `urllib` (and its
own retries of the token request), which would hold a thread of ours per call; and its tracking speaks the older
XML tracking service. The requests and answers below follow DHL's OpenAPI documents for the two APIs.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import re
from datetime import datetime
from typing import Any

import httpx

from backend.settings import DhlSettings, get_settings
from backend.shipping.carriers.base import (
    BoughtLabel,
    CarrierEvent,
    CarrierRefused,
    CarrierUnavailable,
    LabelOrder,
    LabelSize,
)

log = logging.getLogger("shipping.dhl")

SHIPPING_PATH = "/parcel/de/shipping/v2/orders"
TRACKING_PATH = "/track/shipments"
TRACKING_PAGE = "https://www.dhl.de/de/privatkunden/pakete-empfangen/verfolgen.html?piececode={}"
# DHL's print formats: 910-300-400 is the 103 x 150 mm thermal label, A4 a sheet for an office printer.
PRINT_FORMATS = {LabelSize.A6: "910-300-400", LabelSize.A4: "A4"}
# DHL Paket, Warenpost, Paket International, Europaket, with their procedure: a billing number is the account's
# EKP (10 digits), the product's procedure (2) and the participation (2).
PROCEDURES = {"V01PAK": "01", "V62WP": "62", "V53WPAK": "53", "V54EPAK": "54"}
SERVICES = tuple(PROCEDURES)
# DHL addresses countries by ISO 3166-1 alpha-3; orders store alpha-2. The countries DHL Parcel DE delivers to from
# here without a customs declaration (which we do not send).
COUNTRIES = {
    "DE": "DEU", "AT": "AUT", "BE": "BEL", "BG": "BGR", "CZ": "CZE", "DK": "DNK", "EE": "EST", "ES": "ESP",
    "FI": "FIN", "FR": "FRA", "GR": "GRC", "HR": "HRV", "HU": "HUN", "IE": "IRL", "IT": "ITA", "LT": "LTU",
    "LU": "LUX", "LV": "LVA", "NL": "NLD", "PL": "POL", "PT": "PRT", "RO": "ROU", "SE": "SWE", "SI": "SVN",
    "SK": "SVK",
}
# DHL tracking's statusCode → ours.
TRACKING_STATUS = {"pre-transit": "INFO", "transit": "IN_TRANSIT", "delivered": "DELIVERED", "failure": "FAILED_ATTEMPT",
                   "unknown": "INFO"}
_HOUSE_NUMBER = re.compile(r"^(?P<street>.*?\S)\s+(?P<house>\d+\s?[a-zA-Z]?(?:\s?[-/]\s?\d+\s?[a-zA-Z]?)?)$")


class DhlParcelDe:
    name = "DHL"
    services = SERVICES

    def __init__(self, settings: DhlSettings | None = None) -> None:
        self.settings = settings or get_settings().dhl

    # ------------------------------------------------------------ labels

    async def buy_label(self, order: LabelOrder, size: LabelSize) -> BoughtLabel:
        body = {"profile": "STANDARD_GRUPPENPROFIL", "shipments": [self._shipment(order)]}
        try:
            answer = await self._call("POST", SHIPPING_PATH, json=body, params=self._doc_params(size))
        except CarrierUnavailable as lost:
            if not lost.maybe_delivered:
                raise
            # DHL may have created the shipment; it has no idempotency key, so the packer is told what to look for.
            raise CarrierUnavailable(f"{lost.message}. DHL may have created this label anyway: if its portal shows "
                                     f"two shipments with reference {order.reference} after the retry, cancel the "
                                     "older one", field="carrier") from None
        item = self._item(answer)
        number = str(item["shipmentNo"])
        return BoughtLabel(shipment_number=number, tracking_url=TRACKING_PAGE.format(number),
                           pdf=_label_pdf(item), size=size)

    async def fetch_label(self, shipment_number: str, size: LabelSize) -> bytes:
        answer = await self._call("GET", SHIPPING_PATH, params={"shipment": shipment_number, **self._doc_params(size)})
        return _label_pdf(self._item(answer))

    def _shipment(self, order: LabelOrder) -> dict[str, Any]:
        s = self.settings
        shipment: dict[str, Any] = {
            "product": order.service,
            "billingNumber": s.billing_number[:10] + PROCEDURES[order.service] + s.billing_number[12:],
            "refNo": order.reference,
            "shipper": {"name1": s.sender_name, "addressStreet": s.sender_street, "addressHouse": s.sender_house,
                        "postalCode": s.sender_postal_code, "city": s.sender_city, "country": "DEU"},
            "consignee": _consignee(order),
            "details": {"weight": {"uom": "g", "value": order.weight_grams}},
        }
        if order.dimensions_mm:
            length, width, height = order.dimensions_mm
            shipment["details"]["dim"] = {"uom": "mm", "length": length, "width": width, "height": height}
        return shipment

    @staticmethod
    def _doc_params(size: LabelSize) -> dict[str, str]:
        return {"includeDocs": "include", "docFormat": "PDF", "printFormat": PRINT_FORMATS[size], "combine": "true"}

    @staticmethod
    def _item(answer: dict[str, Any]) -> dict[str, Any]:
        items = answer.get("items") or []
        if not items or not items[0].get("shipmentNo"):
            raise CarrierUnavailable("DHL answered without a shipment: try again", field="carrier")
        return items[0]

    # ------------------------------------------------------------ tracking

    async def fetch_tracking(self, shipment_number: str) -> list[CarrierEvent]:
        params = {"trackingNumber": shipment_number, "service": "parcel-de", "language": "en"}
        try:
            answer = await self._call("GET", TRACKING_PATH, params=params, tracking=True)
        except CarrierRefused as refusal:
            if refusal.code == "NOT_FOUND":
                return []  # not yet known to DHL's tracking: a label bought, the parcel not handed over
            raise
        events: list[CarrierEvent] = []
        for shipment in answer.get("shipments") or []:
            events.extend(_event(raw) for raw in shipment.get("events") or [])
        return events

    # ------------------------------------------------------------ HTTP

    async def _call(self, method: str, path: str, *, params: dict[str, str], json: dict | None = None,
                    tracking: bool = False) -> dict[str, Any]:
        s = self.settings
        if tracking:
            headers, auth = {"DHL-API-Key": s.api_key, "Accept": "application/json"}, None
        else:
            headers, auth = {"dhl-api-key": s.api_key, "Accept": "application/json",
                             "Accept-Language": "en-US"}, (s.user, s.password)
        try:
            async with httpx.AsyncClient(base_url=s.base_url, timeout=s.timeout_seconds) as client:
                response = await client.request(method, path, params=params, json=json, headers=headers, auth=auth)
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as error:
            log.warning("DHL %s %s not reached: %s", method, path, type(error).__name__)
            raise CarrierUnavailable("DHL cannot be reached: try again in a few minutes", field="carrier") from None
        except httpx.TimeoutException:
            log.warning("DHL %s %s timed out after %ss", method, path, s.timeout_seconds)
            raise _maybe_delivered("DHL did not answer in time: try again in a few minutes") from None
        except httpx.HTTPError as error:
            log.warning("DHL %s %s failed: %s", method, path, type(error).__name__)
            raise _maybe_delivered("DHL's answer was cut off: try again in a few minutes") from None
        return _answer(response)


def _maybe_delivered(message: str) -> CarrierUnavailable:
    """The request went out and its answer was lost: DHL may have acted on it."""
    error = CarrierUnavailable(message, field="carrier")
    error.maybe_delivered = True
    return error


def _answer(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        body = {}
    if response.status_code == 200:
        return body
    if response.status_code in (401, 403):
        log.error("DHL refused our credentials (%s)", response.status_code)
        raise CarrierUnavailable("DHL refused Packline's credentials: tell an administrator", field="carrier")
    if response.status_code == 404:
        raise CarrierRefused(_detail(body) or "DHL does not know this shipment", field="carrier", code="NOT_FOUND")
    if response.status_code == 429 or response.status_code >= 500:
        log.warning("DHL answered %s", response.status_code)
        raise CarrierUnavailable(f"DHL is not available right now ({response.status_code}): try again in a few "
                                 "minutes", field="carrier")
    raise CarrierRefused(f"DHL refused the label: {_validation_messages(body) or _detail(body) or response.status_code}",
                         field="carrier")


def _detail(body: dict[str, Any]) -> str:
    status = body.get("status")
    if isinstance(status, dict):
        return str(status.get("detail") or status.get("title") or "")
    return str(body.get("detail") or body.get("title") or "")


def _validation_messages(body: dict[str, Any]) -> str:
    messages = [f"{m.get('validationMessage', '')}" + (f" ({m['property']})" if m.get("property") else "")
                for item in body.get("items") or [] for m in item.get("validationMessages") or []
                if m.get("validationState", "Error") == "Error"]
    return "; ".join(messages)


def _label_pdf(item: dict[str, Any]) -> bytes:
    label = item.get("label") or {}
    try:
        pdf = base64.b64decode(label.get("b64") or "", validate=True)
    except ValueError:
        pdf = b""
    if not pdf.startswith(b"%PDF"):
        raise CarrierUnavailable("DHL's answer held no label PDF: try again", field="carrier")
    return pdf


def _consignee(order: LabelOrder) -> dict[str, Any]:
    r = order.recipient
    country = COUNTRIES.get(r.country.upper())
    if country is None:
        raise CarrierRefused(f"DHL Parcel DE does not deliver to {r.country or 'an address without a country'} "
                             "from here", field="carrier")
    matched = _HOUSE_NUMBER.match(r.line1.strip())
    street, house = (matched["street"], matched["house"]) if matched else (r.line1.strip(), "")
    consignee = {"name1": r.company or r.name, "addressStreet": street[:50], "postalCode": r.postal_code,
                 "city": r.city, "country": country}
    if house:
        consignee["addressHouse"] = house[:10]
    if r.company and r.name:
        consignee["name2"] = r.name
    if r.line2:
        consignee["additionalAddressInformation1"] = r.line2[:60]
    return consignee


def _event(raw: dict[str, Any]) -> CarrierEvent:
    occurred = datetime.fromisoformat(str(raw["timestamp"]).replace("Z", "+00:00"))
    code = str(raw.get("statusCode") or "unknown")
    description = str(raw.get("description") or raw.get("status") or "")
    location = str(((raw.get("location") or {}).get("address") or {}).get("addressLocality") or "")
    # DHL's events carry no id of their own: the same event reported twice has the same time, code and words.
    digest = hashlib.sha256(f"{occurred.isoformat()}|{code}|{description}".encode()).hexdigest()[:32]
    return CarrierEvent(event_id=f"dhl-{digest}", status=TRACKING_STATUS.get(code, "INFO"), occurred_at=occurred,
                        description=description[:500], location=location[:200])
