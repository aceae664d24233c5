"""Delivery notes and picklists on paper: what they say (in the merchant's language, prices only when it wants them,
never the customer's phone or e-mail), on which paper, the bulk print in packing order, and the signed links that
keep tenants apart, expire and refuse anything they did not sign."""

from __future__ import annotations

import base64
import io
import time

import httpx
import pypdfium2 as pdfium
import pytest
import zxingcpp
from PIL import Image
from reportlab.lib.pagesizes import A6
from reportlab.pdfgen.canvas import Canvas

from backend.accounts.tables import Merchant, MerchantLogo
from backend.core import signing
from backend.core.authorization import SYSTEM
from backend.documents.layout import PaperFormat
from backend.documents.merge import merge_pdfs
from backend.documents.services import OrderDocument, order_document_token
from backend.orders.model import Customer, LineRequest, OrderRequest
from backend.orders.services import create_order
from backend.picking import services as picking
from backend.shipping import services as shipping
from tests.integration.orders_support import ADDRESS
from tests.integration.test_picking import picker
from tests.support import CALLER_ROLES, gid, make_product, make_tenant, make_warehouse, put_stock, tokens_of_every_role

PHONE = "+49 30 1234567"
EMAIL = "erika.secret@example.test"
ERRORS = "errors { field code message }"
ORDER_LINK = f"mutation($i: OrderDocumentsLinkInput!) {{ orderDocumentsLink(input: $i) {{ url expiresAt {ERRORS} }} }}"
PICKLIST_LINK = f"""mutation($i: PicklistDocumentsLinkInput!) {{ picklistDocumentsLink(input: $i) {{ url expiresAt
  {ERRORS} }} }}"""
SETTINGS = f"""mutation($i: MerchantSettingsUpdateInput!) {{ merchantSettingsUpdate(input: $i) {{
  merchant {{ language packingSlipShowsPrices address hasLogo }} {ERRORS} }} }}"""
LOGO_SET = f"mutation($i: MerchantLogoSetInput!) {{ merchantLogoSet(input: $i) {{ merchant {{ hasLogo }} {ERRORS} }} }}"
LOGO_REMOVE = f"""mutation($i: MerchantLogoRemoveInput!) {{ merchantLogoRemove(input: $i) {{ merchant {{ hasLogo }}
  {ERRORS} }} }}"""
FLOOR = {"OPERATOR_ADMIN", "OPERATOR_STAFF", "WAREHOUSE"}
MM = 72 / 25.4


@pytest.fixture(scope="module")
async def world(api):
    home, other = await make_tenant(), await make_tenant()
    warehouse = await make_warehouse()
    mug = await make_product(home.merchant, name="Kaffeebecher Größe L", size="L", colour="blau")
    cup = await make_product(home.merchant, name="Espresso cup")
    plate = await make_product(other.merchant, name="Plate")
    for product, bin_code in ((mug, "B-01"), (cup, "B-02"), (plate, "B-03")):
        await put_stock(product, warehouse, 500, bin_code)
    return {"home": home, "other": other, "warehouse": warehouse, "mug": mug, "cup": cup, "plate": plate,
            "tokens": await tokens_of_every_role(api, home), "other_token": await api.login(other.admin.email)}


async def place(world, tenant_key: str, *lines, number: str = "") -> object:  # noqa: ANN001
    tenant = world[tenant_key]
    order, _ = await create_order(SYSTEM, OrderRequest(
        merchant_id=tenant.merchant.id, lines=[LineRequest(p.id, q, price) for p, q, price in lines],
        payment_method="INVOICE", customer=Customer("Erika Mustermann", EMAIL, PHONE),
        shipping_address={**ADDRESS, "phone": PHONE}, warehouse_id=world["warehouse"].id, shipping_price="4.90",
        external_number=number))
    return order


async def picked(world, *orders):  # noqa: ANN001, ANN002, ANN201
    """A picklist of the orders (totes in their order), picked whole."""
    me = await picker()
    made = await picking.create_picklist(me, warehouse_id=world["warehouse"].id, order_ids=[o.id for o in orders])
    for line in (await picking.lines_of(me, [made.id]))[made.id]:
        from backend.catalog.tables import Location

        location = await Location.objects().where(Location.id == line.location).first()
        await picking.scan(me, made.id, location.code)
        await picking.scan(me, made.id, line.sku, line.quantity)
    return made


def texts(pdf: bytes) -> list[str]:
    return [page.get_textpage().get_text_range() for page in pdfium.PdfDocument(pdf)]


def sizes_mm(pdf: bytes) -> list[tuple[int, int]]:
    return [(round(w / MM), round(h / MM)) for w, h in (page.get_size() for page in pdfium.PdfDocument(pdf))]


async def fetch(api, url: str) -> httpx.Response:  # noqa: ANN001
    async with httpx.AsyncClient(base_url=api.url, timeout=60) as client:
        return await client.get(url)


async def order_pdf(api, token: str, order, **extra) -> bytes:  # noqa: ANN001, ANN003
    result = await api.gql(ORDER_LINK, {"i": {"orderId": gid("Order", order.id), **extra}}, token=token)
    payload = result["data"]["orderDocumentsLink"]
    assert payload["errors"] == [], payload
    response = await fetch(api, payload["url"])
    assert response.status_code == 200 and response.headers["content-type"] == "application/pdf", response.text
    return response.content


async def settings(api, token: str, merchant, **values) -> dict:  # noqa: ANN001, ANN003
    result = await api.gql(SETTINGS, {"i": {"merchantId": gid("Merchant", merchant.id), **values}}, token=token)
    return result["data"]["merchantSettingsUpdate"]


def png(width: int = 240, height: int = 80, colour: tuple = (10, 90, 200, 255)) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (width, height), colour).save(out, format="PNG")
    return out.getvalue()


# ---------------------------------------------------------------- what a delivery note says


async def test_a_delivery_note_shows_the_order_and_never_the_customers_contacts_or_prices_by_default(api, world):
    order = await place(world, "home", (world["mug"], 3, "12.50"), (world["cup"], 1, "7.00"), number="#SHOP-77")
    await picked(world, order)
    await settings(api, world["tokens"]["OPERATOR_ADMIN"], world["home"].merchant, language="EN", address="Lagerweg 5\n12345 Kassel")
    pdf = await order_pdf(api, world["tokens"]["WAREHOUSE"], order)
    text = " ".join(texts(pdf))
    for expected in ("Delivery note", order.number, "#SHOP-77", world["home"].merchant.name, "Lagerweg 5",
                     "Erika Mustermann", "Hauptstr. 5", "10115 Berlin", world["mug"].sku, world["cup"].sku,
                     "Kaffeebecher Größe L", "size L · colour blau", "3 of 3", "1 of 1", "Standard"):
        assert expected in text, (expected, text)
    for absent in (PHONE, EMAIL, "12.50", "7.00", "4.90", "EUR", "Total"):
        assert absent not in text, (absent, text)
    assert zxingcpp_codes(pdf) == [order.number]


def zxingcpp_codes(pdf: bytes) -> list[str]:
    image = pdfium.PdfDocument(pdf)[0].render(scale=300 / 72).to_pil()
    return [code.text for code in zxingcpp.read_barcodes(image) if code.format == zxingcpp.BarcodeFormat.Code128]


async def test_a_german_merchant_gets_german_wording_and_prices_when_it_wants_them(api, world):
    order = await place(world, "home", (world["mug"], 2, "12.50"))
    await picked(world, order)
    shown = await settings(api, world["tokens"]["MERCHANT_ADMIN"], world["home"].merchant, language="DE",
                           packingSlipShowsPrices=True)
    assert shown == {"merchant": {"language": "DE", "packingSlipShowsPrices": True, "address": "Lagerweg 5\n12345 Kassel",
                                  "hasLogo": False}, "errors": []}
    try:
        text = " ".join(texts(await order_pdf(api, world["tokens"]["WAREHOUSE"], order)))
    finally:
        await settings(api, world["tokens"]["MERCHANT_ADMIN"], world["home"].merchant, packingSlipShowsPrices=False)
    for expected in ("Lieferschein", "Lieferadresse", "Versandart", "Menge", "2 von 2", "12,50 EUR", "25,00 EUR",
                     "Versand", "4,90 EUR", "Gesamt", "29,90 EUR"):
        assert expected in text, (expected, text)
    assert PHONE not in text and EMAIL not in text


@pytest.mark.parametrize(("paper", "width_mm"), [("A4", 210), ("THERMAL_80MM", 80), ("LABEL_4X6", 102)])
async def test_each_format_has_its_paper_size(api, world, paper, width_mm):
    order = await place(world, "home", *[(world["mug"], 1, "1.00")] * 1, (world["cup"], 2, "1.00"))
    await picked(world, order)
    pdf = await order_pdf(api, world["tokens"]["OPERATOR_STAFF"], order, format=paper)
    pages = sizes_mm(pdf)
    assert {w for w, _ in pages} == {width_mm}
    if paper == "A4":
        assert pages == [(210, 297)]
    elif paper == "LABEL_4X6":
        assert pages == [(102, 152)]
    else:  # a roll: as long as the document, one page
        assert len(pages) == 1 and 80 < pages[0][1] < 400
    assert world["cup"].sku in texts(pdf)[0]


async def test_a_note_per_parcel_says_what_is_in_it_and_what_follows(api, world):
    order = await place(world, "home", (world["mug"], 3, "1.00"), (world["cup"], 2, "1.00"))
    await picked(world, order)
    me = await picker()
    lines = {line.sku: line for line in await _order_lines(order)}
    first = await shipping.pack(me, order.id, lines={lines[world["mug"].sku].id: 2})
    second = await shipping.pack(me, order.id)
    note = " ".join(texts(await order_pdf(api, world["tokens"]["WAREHOUSE"], order, parcelId=gid("Parcel", first.id))))
    assert f"P-{first.sequence} (1/2)" in note and "2 von 3" in note and world["cup"].sku not in note
    assert "3 weitere(r) Artikel" in note
    both = texts(await order_pdf(api, world["tokens"]["WAREHOUSE"], order))
    assert len(both) == 2 and f"P-{second.sequence} (2/2)" in both[1] and "1 von 3" in both[1] and "2 von 2" in both[1]
    for parcel, tracking in ((first, "TRACK-0001"), (second, "TRACK-0002")):
        await shipping.ship(me, parcel.id, tracking_number=tracking)
    reprint = texts(await order_pdf(api, world["tokens"]["MERCHANT_STAFF"], order))
    assert [f"P-{p.sequence} ({n}/2)" in page for n, (p, page) in enumerate(zip((first, second), reprint), 1)] == [
        True, True]


async def _order_lines(order):  # noqa: ANN001, ANN202
    from backend.orders.tables import OrderLine

    return await OrderLine.objects().where(OrderLine.sales_order == order.id)


# ---------------------------------------------------------------- picklists and the bulk print


async def test_a_picklist_on_paper_walks_the_bins_and_names_the_totes(api, world):
    first = await place(world, "home", (world["mug"], 2, "1.00"), (world["cup"], 1, "1.00"))
    second = await place(world, "other", (world["plate"], 4, "1.00"))
    me = await picker()
    made = await picking.create_picklist(me, warehouse_id=world["warehouse"].id, order_ids=[first.id, second.id])
    result = await api.gql(PICKLIST_LINK, {"i": {"picklistId": gid("Picklist", made.id), "language": "EN"}},
                           token=world["tokens"]["WAREHOUSE"])
    response = await fetch(api, result["data"]["picklistDocumentsLink"]["url"])
    text = texts(response.content)[0]
    assert f"Picklist PL-{made.sequence}" in text and world["warehouse"].code in text
    walk = [text.index(code) for code in ("B-01", "B-02", "B-03")]
    assert walk == sorted(walk), text
    assert f"{world['mug'].sku} Kaffeebecher Größe L 2 1: 2" in text.replace("\r\n", " ")
    assert f"{world['plate'].sku} Plate 4 2: 4" in text.replace("\r\n", " ")
    assert f"1 {first.number}" in text.replace("\r\n", " ") and f"2 {second.number}" in text.replace("\r\n", " ")
    assert "9.90" not in text and PHONE not in text and "Erika" not in text
    assert zxingcpp_codes(response.content) == [f"PL-{made.sequence}"]


async def test_the_bulk_print_holds_every_orders_notes_in_tote_order(api, world):
    orders = [await place(world, key, (world[product], 1, "1.00"))
              for key, product in (("other", "plate"), ("home", "mug"), ("home", "cup"))]
    made = await picked(world, *orders)
    me = await picker()
    await shipping.pack(me, orders[1].id)  # one order packed already: its note names the parcel
    totes = (await picking.orders_of(me, [made.id]))[made.id]
    result = await api.gql(PICKLIST_LINK, {"i": {"picklistId": gid("Picklist", made.id), "kind": "DELIVERY_NOTES",
                                                 "format": "LABEL_4X6"}}, token=world["tokens"]["OPERATOR_ADMIN"])
    pdf = (await fetch(api, result["data"]["picklistDocumentsLink"]["url"])).content
    pages = texts(pdf)
    assert len(pages) == 3 and set(sizes_mm(pdf)) == {(102, 152)}
    numbers = [row["number"] for row in sorted(totes, key=lambda row: row["tote"])]
    assert [next(n for n in numbers if n in page) for page in pages] == numbers
    assert "P-" in pages[[o.number for o in orders].index(orders[1].number)]
    # Each merchant's note in its own name; the packer never gets another merchant's name on a note.
    assert world["other"].merchant.name in pages[numbers.index(orders[0].number)]
    assert world["home"].merchant.name not in pages[numbers.index(orders[0].number)]


def _label(text: str) -> bytes:
    """A PDF standing in for a carrier's label (reportlab, A6)."""
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A6)
    canvas.drawString(20, 200, text)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def test_merging_keeps_every_page_in_order_with_its_own_size():
    from backend.documents.delivery_note import DeliveryNote, NoteLine
    from backend.documents.services import assemble

    def note(number: str) -> DeliveryNote:
        import datetime

        return DeliveryNote("en", "Shop", number, datetime.date(2026, 12, 4), "STANDARD", ["Erika"],
                            [NoteLine("SKU-1", "Mug", "", 1, 1)])

    pdf = assemble([note("A-1"), _label("LABEL A-1"), note("A-2"), note("A-3"), _label("LABEL A-3")], PaperFormat.A4)
    pages = texts(pdf)
    assert [next(w for w in ("LABEL A-1", "LABEL A-3", "A-1", "A-2", "A-3") if w in page) for page in pages] == [
        "A-1", "LABEL A-1", "A-2", "A-3", "LABEL A-3"]
    assert sizes_mm(pdf) == [(210, 297), (105, 148), (210, 297), (210, 297), (105, 148)]
    with pytest.raises(ValueError):
        merge_pdfs([_label("x"), b"%PDF-1.4 not really"])


# ---------------------------------------------------------------- who gets a link, and what a link opens


@pytest.mark.parametrize("role", CALLER_ROLES)
async def test_who_may_print_what(api, world, role):
    order = await place(world, "home", (world["cup"], 1, "1.00"))
    made = await picked(world, order)
    token = world["tokens"][role]
    mine = await api.gql(ORDER_LINK, {"i": {"orderId": gid("Order", order.id)}}, token=token)
    sheet = await api.gql(PICKLIST_LINK, {"i": {"picklistId": gid("Picklist", made.id)}}, token=token)
    if role == "ANONYMOUS":
        assert mine["data"] is None and sheet["data"] is None
        return
    assert mine["data"]["orderDocumentsLink"]["errors"] == [] and mine["data"]["orderDocumentsLink"]["url"]
    if role in FLOOR:
        assert sheet["data"]["picklistDocumentsLink"]["url"]
    else:  # a picklist may mix merchants: never a merchant's
        assert sheet["data"] is None and sheet["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_another_merchant_gets_no_link_to_an_order_not_its_own(api, world):
    order = await place(world, "home", (world["cup"], 1, "1.00"))
    await picked(world, order)
    theirs = await api.gql(ORDER_LINK, {"i": {"orderId": gid("Order", order.id)}}, token=world["other_token"])
    assert theirs["data"]["orderDocumentsLink"] == {"url": None, "expiresAt": None, "errors": [
        {"field": "orderId", "code": "NOT_FOUND", "message": "No such order"}]}


async def test_a_link_issued_to_a_merchant_never_serves_another_merchants_order(api, world):
    order = await place(world, "other", (world["plate"], 1, "1.00"))
    await picked(world, order)
    # Signed by us for merchant A, naming B's order (as a forged or replayed claim would).
    token = order_document_token(OrderDocument(order.id, None, PaperFormat.A4, world["home"].merchant.id))
    response = await fetch(api, f"/documents/orders/{token}")
    assert response.status_code == 404 and order.number.encode() not in response.content
    operators = order_document_token(OrderDocument(order.id, None, PaperFormat.A4, None))
    assert (await fetch(api, f"/documents/orders/{operators}")).status_code == 200


async def test_links_expire_and_tampered_links_are_refused(api, world):
    order = await place(world, "home", (world["cup"], 1, "1.00"))
    await picked(world, order)
    request = OrderDocument(order.id, None, PaperFormat.A4, world["home"].merchant.id)
    expired = order_document_token(request, ttl_seconds=300, now=time.time() - 301)
    assert (await fetch(api, f"/documents/orders/{expired}")).status_code == 410
    good = order_document_token(request)
    payload, signature = good.split(".")
    flipped = payload[:-1] + ("A" if payload[-1] != "A" else "B")
    for bad in (f"{flipped}.{signature}", f"{payload}.{signature[:-2]}", "nonsense", good + "x"):
        response = await fetch(api, f"/documents/orders/{bad}")
        assert response.status_code == 404 and b"%PDF" not in response.content, bad
    # A label link's token opens no delivery note, and a delivery note's no picklist.
    labels, _ = signing.sign("labels", {"o": order.id.hex, "p": None, "f": "A4", "m": None}, ttl_seconds=60)
    assert (await fetch(api, f"/documents/orders/{labels}")).status_code == 404
    assert (await fetch(api, f"/documents/picklists/{good}")).status_code == 404
    assert (await fetch(api, f"/documents/orders/{good}")).status_code == 200


async def test_bad_input_is_a_user_error_and_changes_nothing(api, world):
    order = await place(world, "home", (world["cup"], 1, "1.00"))
    made = await picked(world, order)
    token = world["tokens"]["WAREHOUSE"]
    unknown = gid("Order", "00000000-0000-0000-0000-000000000001")
    cases = [
        (ORDER_LINK, {"orderId": unknown}, "orderDocumentsLink", "orderId", "NOT_FOUND"),
        (ORDER_LINK, {"orderId": "nonsense"}, "orderDocumentsLink", "orderId", "INVALID_ID"),
        (ORDER_LINK, {"orderId": gid("Order", order.id), "kind": "PICKLIST"}, "orderDocumentsLink", "kind", "INVALID"),
        (ORDER_LINK, {"orderId": gid("Order", order.id), "parcelId": gid("Parcel", made.id)}, "orderDocumentsLink",
         "parcelId", "NOT_FOUND"),
        (PICKLIST_LINK, {"picklistId": gid("Order", order.id)}, "picklistDocumentsLink", "picklistId", "INVALID_ID"),
        (PICKLIST_LINK, {"picklistId": gid("Picklist", order.id)}, "picklistDocumentsLink", "picklistId", "NOT_FOUND"),
        (PICKLIST_LINK, {"picklistId": gid("Picklist", made.id), "kind": "DELIVERY_NOTE"}, "picklistDocumentsLink",
         "kind", "INVALID"),
    ]
    for query, variables, name, field, code in cases:
        payload = (await api.gql(query, {"i": variables}, token=token))["data"][name]
        assert payload["url"] is None and [(e["field"], e["code"]) for e in payload["errors"]] == [(field, code)], (
            variables, payload)
    wrong_format = await api.gql(ORDER_LINK, {"i": {"orderId": gid("Order", order.id), "format": "A5"}}, token=token)
    assert wrong_format.get("data") is None and "A5" in wrong_format["errors"][0]["message"]


# ---------------------------------------------------------------- the merchant's settings and logo


async def test_a_merchant_admin_sets_its_logo_and_it_is_printed(api, world):
    admin = world["tokens"]["MERCHANT_ADMIN"]
    result = await api.gql(LOGO_SET, {"i": {"imageBase64": base64.b64encode(png(2400, 800)).decode()}}, token=admin)
    assert result["data"]["merchantLogoSet"] == {"merchant": {"hasLogo": True}, "errors": []}
    stored = await MerchantLogo.objects().where(MerchantLogo.merchant == world["home"].merchant.id).first()
    assert (stored.media_type, stored.width, stored.height) == ("image/png", 600, 200)
    order = await place(world, "home", (world["cup"], 1, "1.00"))
    await picked(world, order)
    pdf = await order_pdf(api, world["tokens"]["WAREHOUSE"], order)
    top = pdfium.PdfDocument(pdf)[0].render(scale=1).to_pil().convert("RGB")
    assert top.getpixel((60, 50)) == (10, 90, 200)  # the logo's blue, top left
    # A photo without transparency, turned on its side by its EXIF orientation, is kept upright as a JPEG.
    photo, exif = io.BytesIO(), Image.Exif()
    exif[0x0112] = 6  # rotated 90° clockwise
    Image.effect_noise((300, 100), 60).convert("RGB").save(photo, format="JPEG", quality=92, exif=exif)
    result = await api.gql(LOGO_SET, {"i": {"imageBase64": base64.b64encode(photo.getvalue()).decode()}}, token=admin)
    assert result["data"]["merchantLogoSet"]["errors"] == []
    stored = await MerchantLogo.objects().where(MerchantLogo.merchant == world["home"].merchant.id).first()
    assert (stored.media_type, stored.width, stored.height) == ("image/jpeg", 100, 300)
    removed = await api.gql(LOGO_REMOVE, {"i": {}}, token=admin)
    assert removed["data"]["merchantLogoRemove"] == {"merchant": {"hasLogo": False}, "errors": []}
    assert not await MerchantLogo.exists().where(MerchantLogo.merchant == world["home"].merchant.id)


async def test_a_bad_logo_is_refused_and_changes_nothing(api, world):
    admin = world["tokens"]["MERCHANT_ADMIN"]
    await api.gql(LOGO_SET, {"i": {"imageBase64": base64.b64encode(png()).decode()}}, token=admin)
    before = await MerchantLogo.objects().where(MerchantLogo.merchant == world["home"].merchant.id).first()
    gif = io.BytesIO()
    Image.new("RGB", (10, 10)).save(gif, format="GIF")
    cases = [
        (base64.b64encode(gif.getvalue()).decode(), "INVALID"),
        (base64.b64encode(b"\x89PNG\r\n\x1a\nbroken").decode(), "INVALID"),
        ("not base64!", "INVALID"),
        ("", "REQUIRED"),
        (base64.b64encode(b"\x00" * (256 * 1024 + 1)).decode(), "TOO_LONG"),
    ]
    for image, code in cases:
        result = await api.gql(LOGO_SET, {"i": {"imageBase64": image}}, token=admin)
        assert result.get("data"), (code, result)
        errors = result["data"]["merchantLogoSet"]["errors"]
        assert [(e["field"], e["code"]) for e in errors] == [("imageBase64", code)], (code, errors)
    after = await MerchantLogo.objects().where(MerchantLogo.merchant == world["home"].merchant.id).first()
    assert (after.id, bytes(after.image)) == (before.id, bytes(before.image))


async def test_only_a_merchants_admin_or_an_operator_changes_its_document_settings(api, world):
    other_merchant = world["other"].merchant
    tokens = world["tokens"]
    for role in ("WAREHOUSE", "MERCHANT_STAFF", "API_KEY"):
        result = await api.gql(SETTINGS, {"i": {"packingSlipShowsPrices": True}}, token=tokens[role])
        assert result["data"] is None and result["errors"][0]["extensions"]["code"] == "FORBIDDEN", role
    # A merchant admin naming another merchant finds nothing, and nothing changes there.
    crossed = await settings(api, tokens["MERCHANT_ADMIN"], other_merchant, packingSlipShowsPrices=True)
    assert crossed["errors"] == [{"field": "merchantId", "code": "NOT_FOUND", "message": "No such merchant"}]
    crossed_logo = await api.gql(LOGO_SET, {"i": {"merchantId": gid("Merchant", other_merchant.id),
                                                  "imageBase64": base64.b64encode(png()).decode()}},
                                 token=tokens["MERCHANT_ADMIN"])
    assert crossed_logo["data"]["merchantLogoSet"]["errors"][0]["code"] == "NOT_FOUND"
    row = await Merchant.objects().where(Merchant.id == other_merchant.id).first()
    assert (row.packing_slip_shows_prices, row.logo_updated_at) == (False, None)
    # Operators name the merchant; without one they are asked for it.
    unnamed = await api.gql(SETTINGS, {"i": {"language": "EN"}}, token=tokens["OPERATOR_STAFF"])
    assert unnamed["data"]["merchantSettingsUpdate"]["errors"][0]["field"] == "merchantId"
    bad = await settings(api, tokens["OPERATOR_ADMIN"], other_merchant, address="\n".join(["line"] * 6))
    assert bad["errors"][0]["field"] == "address"
    done = await settings(api, tokens["OPERATOR_STAFF"], other_merchant, language="EN")
    assert done["merchant"]["language"] == "EN"
