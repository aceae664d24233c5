"""A local DHL: the Parcel DE Shipping API v2 (`/parcel/de/shipping/v2/orders`) and the Shipment Tracking API
(`/track/shipments`), speaking their documented requests and answers, for the tests and for `make run`'s demo.

It checks what the real API checks first (the API key and the account's Basic credentials, the query's document
options, the order's required fields, billing numbers that fit the product, German postal codes, weights) and
answers as DHL does: 200 with `status` and `items[]` (each with `sstatus`, `shipmentNo`, `label.b64`), 400 with
`items[].validationMessages`, 401 from the gateway. Labels are real PDFs in the requested print format. It sells
every order it accepts, as DHL does (nothing makes two orders with one `refNo` one shipment).

Tests steer what the outside world does: `fail_next("timeout" | 500 | 503 | 401)` for the next shipping calls,
`delay` to hold every shipping answer, `track(...)` to move a parcel along. With `progress_seconds` (the demo),
a parcel is in transit and then delivered that many seconds after its label was bought.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import io
import re
import secrets
from collections import deque
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from litestar import Litestar, Request, Response, get, post

API_KEY = "packline-demo-dhl-key"
USER = "user-valid"
PASSWORD = "SandboxPasswort2023!"
# Billing number = EKP (10 digits) + procedure (2, the product's) + participation (2).
PROCEDURES = {"V01PAK": "01", "V62WP": "62", "V53WPAK": "53", "V54EPAK": "54"}
MAX_GRAMS = {"V01PAK": 31_500, "V62WP": 1_000, "V53WPAK": 31_500, "V54EPAK": 31_500}
PRINT_FORMATS = {"A4": (210, 297), "910-300-400": (103, 150), "910-300-600": (103, 199), "910-300-700": (105, 205),
                 "910-300-300": (105, 148), "100x70mm": (100, 70)}
COUNTRY = re.compile(r"^[A-Z]{3}$")


@dataclass
class PeerShipment:
    number: str
    ref_no: str
    product: str
    consignee: dict[str, Any]
    created_at: datetime
    events: list[dict[str, Any]] = field(default_factory=list)


class DhlPeer:
    def __init__(self, *, api_key: str = API_KEY, user: str = USER, password: str = PASSWORD,
                 progress_seconds: float | None = None) -> None:
        self.api_key, self.user, self.password = api_key, user, password
        self.progress_seconds = progress_seconds
        self.shipments: dict[str, PeerShipment] = {}
        self.requests: list[tuple[str, str, int]] = []
        self.failures: deque[tuple[str | None, str | int]] = deque()
        self.delay = 0.0
        self.timeout_seconds = 30.0

    # ------------------------------------------------------------ what tests steer

    def fail_next(self, *failures: str | int, method: str | None = None) -> None:
        """The next shipping calls (of `method` only, if given) fail: "timeout" (no answer), 401, 500, 503."""
        self.failures.extend((method, f) for f in failures)

    def created(self, ref_no: str | None = None) -> list[PeerShipment]:
        return [s for s in self.shipments.values() if ref_no is None or s.ref_no == ref_no]

    def track(self, number: str, status_code: str, description: str, locality: str = "",
              at: datetime | None = None) -> None:
        self.shipments[number].events.append({
            "timestamp": (at or datetime.now(UTC)).isoformat(timespec="seconds"), "statusCode": status_code,
            "status": status_code.replace("-", " "), "description": description,
            "location": {"address": {"addressLocality": locality}} if locality else None})

    # ------------------------------------------------------------ shipping

    async def _gate(self, request: Request) -> Response | None:
        """The gateway's checks and whatever failure a test asked for."""
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.failures and self.failures[0][0] in (None, request.method):
            failure = self.failures.popleft()[1]
            if failure == "timeout":
                await asyncio.sleep(self.timeout_seconds)
                return _problem(504, "Gateway Timeout", "The upstream server did not answer in time.")
            if failure == 401:
                return _problem(401, "Unauthorized", "Unauthorized for given resource.")
            return _status(int(failure), "Service Unavailable" if failure == 503 else "Internal Server Error",
                           "The service is temporarily unavailable.")
        if request.headers.get("dhl-api-key") != self.api_key or request.headers.get("authorization") != _basic(
                self.user, self.password):
            return _problem(401, "Unauthorized", "Unauthorized for given resource.")
        return None

    def _document_options(self, request: Request) -> tuple[str, str] | Response:
        query = request.query_params
        print_format = query.get("printFormat", "910-300-700")
        if print_format not in PRINT_FORMATS or query.get("docFormat", "PDF") not in ("PDF", "ZPL2"):
            return _status(400, "Bad Request", f"Unknown document options (printFormat {print_format}).")
        return query.get("docFormat", "PDF"), print_format

    async def create_orders(self, request: Request) -> Response:
        refusal = await self._gate(request)
        options = refusal or self._document_options(request)
        if isinstance(options, Response):
            return self._log(request, options)
        body = await _json(request)
        shipments = body.get("shipments") if isinstance(body, dict) else None
        if not body or not body.get("profile") or not isinstance(shipments, list) or not 1 <= len(shipments) <= 30:
            return self._log(request, _status(400, "Bad Request", "The request body is not a valid order."))
        checks = [_check_shipment(i, s) for i, s in enumerate(shipments)]
        if any(checks):
            items = [{"sstatus": {"title": "Bad Request" if c else "OK", "statusCode": 400 if c else 200},
                      "validationMessages": c} for c in checks]
            return self._log(request, _status(400, "Bad Request", "Validation of the shipments failed.", items=items))
        items = []
        for raw in shipments:
            shipment = self._sell(raw)
            items.append({"shipmentNo": shipment.number, "shipmentRefNo": shipment.ref_no,
                          "sstatus": {"title": "OK", "statusCode": 200}, "validationMessages": [],
                          "label": _label(shipment.number, options[1])})
        return self._log(request, _status(200, "OK", "The Webservice call ran successfully.", items=items))

    def _sell(self, raw: dict[str, Any]) -> PeerShipment:
        number = "00340434" + "".join(secrets.choice("0123456789") for _ in range(12))
        shipment = PeerShipment(number, raw.get("refNo") or "", raw["product"], raw["consignee"], datetime.now(UTC))
        self.shipments[number] = shipment
        return shipment

    async def get_orders(self, request: Request) -> Response:
        refusal = await self._gate(request)
        options = refusal or self._document_options(request)
        if isinstance(options, Response):
            return self._log(request, options)
        numbers = request.query_params.getall("shipment", [])
        if not numbers:
            return self._log(request, _status(400, "Bad Request", "Give at least one shipment number."))
        items = [{"shipmentNo": n, "sstatus": {"title": "OK", "statusCode": 200}, "label": _label(n, options[1])}
                 if n in self.shipments else
                 {"shipmentNo": n, "sstatus": {"title": "Bad Request", "statusCode": 400}, "validationMessages": [
                     {"property": "shipment", "validationMessage": "Unknown shipment number.", "validationState": "Error"}]}
                 for n in numbers]
        status = 200 if all(i["sstatus"]["statusCode"] == 200 for i in items) else 400
        return self._log(request, _status(status, "OK" if status == 200 else "Bad Request", "", items=items))

    # ------------------------------------------------------------ tracking

    async def tracking(self, request: Request) -> Response:
        if request.headers.get("dhl-api-key") != self.api_key:
            return self._log(request, _problem(401, "Unauthorized", "Unauthorized for given resource."))
        number = request.query_params.get("trackingNumber", "")
        shipment = self.shipments.get(number)
        if shipment is None:
            return self._log(request, _problem(404, "No result found", "No shipment with given tracking number found."))
        events = self._events(shipment)
        latest = events[0] if events else {"timestamp": shipment.created_at.isoformat(timespec="seconds"),
                                           "statusCode": "pre-transit", "status": "pre-transit",
                                           "description": "The shipment has been prepared electronically."}
        answer = {"shipments": [{"id": number, "service": "parcel-de", "status": latest, "events": events}]}
        return self._log(request, Response(answer, status_code=200))

    def _events(self, shipment: PeerShipment) -> list[dict[str, Any]]:
        events = shipment.events + (self._clock_events(shipment) if self.progress_seconds is not None else [])
        # DHL lists the newest first.
        return sorted(events, key=lambda e: e["timestamp"], reverse=True)

    def _clock_events(self, shipment: PeerShipment) -> list[dict[str, Any]]:
        step = timedelta(seconds=self.progress_seconds or 0)
        steps = [("transit", "The shipment has been processed in the parcel center.", "Leipzig"),
                 ("delivered", "The shipment has been successfully delivered.", shipment.consignee.get("city", ""))]
        now = datetime.now(UTC)
        return [{"timestamp": (shipment.created_at + n * step).isoformat(timespec="seconds"), "statusCode": code,
                 "status": code, "description": text, "location": {"address": {"addressLocality": place}}}
                for n, (code, text, place) in enumerate(steps, start=1) if now >= shipment.created_at + n * step]

    def _log(self, request: Request, response: Response) -> Response:
        self.requests.append((request.method, request.url.path, response.status_code))
        return response

    # ------------------------------------------------------------ the app

    def app(self) -> Litestar:
        @post("/parcel/de/shipping/v2/orders", status_code=200)
        async def create(request: Request) -> Response:
            return await self.create_orders(request)

        @get("/parcel/de/shipping/v2/orders")
        async def fetch(request: Request) -> Response:
            return await self.get_orders(request)

        @get("/track/shipments")
        async def track(request: Request) -> Response:
            return await self.tracking(request)

        return Litestar(route_handlers=[create, fetch, track], openapi_config=None)


def _basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


async def _json(request: Request) -> Any:
    try:
        return await request.json()
    except Exception:  # noqa: BLE001 - any body that is not JSON is a bad request
        return None


def _status(code: int, title: str, detail: str, *, items: list | None = None) -> Response:
    body: dict[str, Any] = {"status": {"title": title, "statusCode": code, "detail": detail}}
    if items is not None:
        body["items"] = items
    return Response(body, status_code=code)


def _problem(code: int, title: str, detail: str) -> Response:
    return Response({"status": code, "title": title, "detail": detail}, status_code=code,
                    media_type="application/problem+json")


def _message(prop: str, text: str) -> dict[str, str]:
    return {"property": prop, "validationMessage": text, "validationState": "Error"}


def _check_shipment(index: int, raw: Any) -> list[dict[str, str]]:
    at = f"shipments[{index}]"
    if not isinstance(raw, dict):
        return [_message(at, "A shipment is an object.")]
    product = raw.get("product")
    problems = [] if product in PROCEDURES else [_message(f"{at}.product", f"Unknown product {product!r}.")]
    billing = str(raw.get("billingNumber") or "")
    if not re.fullmatch(r"\d{14}", billing):
        problems.append(_message(f"{at}.billingNumber", "The billing number must have 14 digits."))
    elif product in PROCEDURES and billing[10:12] != PROCEDURES[product]:
        problems.append(_message(f"{at}.billingNumber", f"The billing number does not fit the product {product}."))
    ref = raw.get("refNo")
    if ref is not None and not 8 <= len(str(ref)) <= 35:
        problems.append(_message(f"{at}.refNo", "The reference must have 8 to 35 characters."))
    for party in ("shipper", "consignee"):
        problems.extend(_check_address(f"{at}.{party}", raw.get(party)))
    weight = (raw.get("details") or {}).get("weight") or {}
    grams = weight.get("value", 0) * (1000 if weight.get("uom") == "kg" else 1) if weight.get("uom") in ("g", "kg") else 0
    if not isinstance(grams, (int, float)) or grams <= 0:
        problems.append(_message(f"{at}.details.weight", "The weight is required (uom g or kg, a positive value)."))
    elif product in MAX_GRAMS and grams > MAX_GRAMS[product]:
        problems.append(_message(f"{at}.details.weight", f"{product} takes at most {MAX_GRAMS[product] / 1000} kg."))
    return problems


def _check_address(at: str, address: Any) -> list[dict[str, str]]:
    if not isinstance(address, dict):
        return [_message(at, "The address is required.")]
    problems = [_message(f"{at}.{key}", f"{key} is required.")
                for key in ("name1", "addressStreet", "postalCode", "city", "country") if not address.get(key)]
    country = str(address.get("country") or "")
    if country and not COUNTRY.match(country):
        problems.append(_message(f"{at}.country", "The country must be an ISO 3166-1 alpha-3 code."))
    postal = str(address.get("postalCode") or "")
    if country == "DEU" and postal and (not re.fullmatch(r"\d{5}", postal) or postal.startswith("00")):
        problems.append(_message(f"{at}.postalCode", f"The postal code {postal} is not valid for Germany."))
    return problems


def _label(number: str, print_format: str) -> dict[str, str]:
    return {"b64": base64.b64encode(_label_pdf(number, print_format)).decode(), "fileFormat": "PDF",
            "printFormat": print_format}


def _label_pdf(number: str, print_format: str) -> bytes:
    from reportlab.graphics.barcode import code128
    from reportlab.lib.units import mm
    from reportlab.pdfgen import canvas

    width, height = PRINT_FORMATS[print_format]
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(width * mm, height * mm))
    pdf.setFont("Helvetica-Bold", 14)
    pdf.drawString(8 * mm, (height - 15) * mm, "DHL PAKET (local peer)")
    code128.Code128(number, barHeight=18 * mm, barWidth=0.35 * mm).drawOn(pdf, 6 * mm, (height - 50) * mm)
    pdf.setFont("Helvetica", 10)
    pdf.drawString(8 * mm, (height - 57) * mm, number)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


@asynccontextmanager
async def serving(peer: DhlPeer, port: int):  # noqa: ANN201
    """The peer on 127.0.0.1:`port` in this event loop, until the block ends."""
    import uvicorn

    server = uvicorn.Server(uvicorn.Config(peer.app(), host="127.0.0.1", port=port, log_level="warning",
                                           lifespan="off"))
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.02)
    try:
        yield peer
    finally:
        server.should_exit = True
        await task


def main() -> None:
    parser = argparse.ArgumentParser(description="A local DHL Parcel DE for the demo.")
    parser.add_argument("--port", type=int, default=8091)
    parser.add_argument("--progress-seconds", type=float, default=60.0,
                        help="in transit this long after the label, delivered after twice as long")
    args = parser.parse_args()

    async def run() -> None:
        async with serving(DhlPeer(progress_seconds=args.progress_seconds), args.port):
            await asyncio.Event().wait()

    asyncio.run(run())


if __name__ == "__main__":
    main()
