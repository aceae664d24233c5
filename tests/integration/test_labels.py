"""Product labels: the PDF's barcodes decode back to exactly the products' codes, and the download link keeps
tenants apart, expires, and refuses anything it did not sign."""

from __future__ import annotations

import hashlib
import hmac
import time
import uuid
from datetime import UTC, datetime, timedelta

import httpx
import pypdfium2 as pdfium
import pytest
import zxingcpp

from backend.catalog.documents import LabelsRequest, labels_token
from backend.catalog.labels import SHEETS, LabelData, LabelLayout, render_labels, variant_text
from backend.catalog.tables import Product, ProductFamily
from backend.core import signing
from backend.core.authorization import ApiKeyScope, Role
from tests.support import gid, make_api_key, make_product, make_tenant, make_user, random_ean, unique

EAN13 = zxingcpp.BarcodeFormat.EAN13
CODE128 = zxingcpp.BarcodeFormat.Code128
Code = tuple[zxingcpp.BarcodeFormat, str]
LABELS = """mutation($i: ProductLabelsCreateInput!) {
  productLabelsCreate(input: $i) { url expiresAt errors { field code message } } }"""
# SKUs as merchants write them: letters, digits, dashes, dots, slashes, lower case, digits only.
SKUS = ["TSHIRT-M-BLUE", "ab-12-cd", "4711", "X/1.2_3", "MUG-0815", "A-1", "Z9-Z9-Z9", "bottle-500ml",
        "K-2024-07", "0000-1"]


def decode(pdf: bytes, layout: LabelLayout = LabelLayout.A4_SHEET, dpi: int = 300,
           only: list[int] | None = None) -> list[list[Code]]:
    """The barcodes on every page, label by label in sheet order: one (format, text) for each label that is there.

    Rasterised at printer resolutions (200 and 300 dpi). Each label is cropped and decoded on its own, which
    counts copies and catches a label that yields two codes; every page is also decoded whole, which must find
    exactly the same codes and nothing else.
    """
    sheet = SHEETS[layout]
    scale = dpi / 72
    pages = []
    document = pdfium.PdfDocument(pdf)
    for number in range(len(document)) if only is None else only:
        image = document[number].render(scale=scale).to_pil()
        labels = []
        for x, y, width, height in sheet.boxes():
            box = (round(x * scale), round((sheet.page_height - y - height) * scale),
                   round((x + width) * scale), round((sheet.page_height - y) * scale))
            found = {(r.format, r.text) for r in read(image.crop(box))}
            assert len(found) <= 1, found
            labels.extend(found)
        whole = {(r.format, r.text) for r in read(image)}
        assert whole == set(labels), (whole, labels)
        pages.append(labels)
    return pages


def read(image: object) -> list[zxingcpp.Barcode]:
    # At the printer's own resolution, as a scanner sees the label. (zxing's extra pass over a downscaled copy
    # aliases 4-dot modules and, once in a few thousand EAN-13s, finds a second code with a valid check digit.)
    return zxingcpp.read_barcodes(image, try_downscale=False)


def page_texts(pdf: bytes) -> list[str]:
    return [page.get_textpage().get_text_range() for page in pdfium.PdfDocument(pdf)]


def expected(label: LabelData) -> Code:
    return (EAN13, label.barcode) if label.barcode and len(label.barcode) == 13 else (CODE128, label.sku)


def mixed_labels(count: int) -> list[LabelData]:
    """Every other label with an EAN-13; the others (one with an EAN-8, which is not printed) by SKU."""
    labels = []
    for number in range(count):
        if number % 2:
            labels.append(LabelData(sku=f"EAN-{number}", name=f"Übergangsjacke Größe {number}", barcode=random_ean(),
                                    variant="size M \u00b7 colour blue"))
        else:
            sku = f"{SKUS[(number // 2) % len(SKUS)]}-{number}"
            labels.append(LabelData(sku=sku, name="Tasse weiß", barcode="96385074" if number == 4 else None))
    return labels


# ---------------------------------------------------------------- rendering


@pytest.mark.parametrize("dpi", [200, 300])
def test_a4_sheets_hold_24_labels_and_every_barcode_decodes(dpi):
    labels = mixed_labels(30)
    pdf = render_labels(labels, LabelLayout.A4_SHEET)
    assert pdf.startswith(b"%PDF-")
    pages = decode(pdf, dpi=dpi)
    assert len(pages) == 2
    assert pages[0] == [expected(label) for label in labels[:24]]
    assert pages[1] == [expected(label) for label in labels[24:]]
    formats = {fmt for page in pages for fmt, _ in page}
    assert formats == {EAN13, CODE128}
    # The EAN-8 product is labelled by its SKU.
    assert (CODE128, labels[4].sku) in pages[0]


@pytest.mark.parametrize("dpi", [203, 300])
def test_thermal_labels_are_one_per_page_in_order_with_copies(dpi):
    labels = mixed_labels(7)
    pdf = render_labels(labels, LabelLayout.THERMAL_4X6, copies=2)
    pages = decode(pdf, LabelLayout.THERMAL_4X6, dpi=dpi)
    assert len(pages) == 14
    assert pages == [[expected(labels[number // 2])] for number in range(14)]
    document = pdfium.PdfDocument(pdf)
    width, height = document[0].get_size()
    assert (round(width), round(height)) == (288, 432)  # 4 x 6 in


def test_copies_fill_sheets_in_order():
    labels = mixed_labels(13)
    pdf = render_labels(labels, LabelLayout.A4_SHEET, copies=2)
    pages = decode(pdf)
    wanted = [expected(label) for label in labels for _ in range(2)]
    assert pages == [wanted[:24], wanted[24:]]
    width, height = pdfium.PdfDocument(pdf)[0].get_size()
    assert (round(width), round(height)) == (595, 842)  # A4


def test_labels_show_sku_name_and_variant_with_umlauts_and_cut_long_names():
    long_name = "Wärmflasche mit Strickbezug aus Schafwolle, Übergröße, für kalte Winternächte " * 3
    labels = [
        LabelData(sku="WF-1", name=long_name, barcode=random_ean(), variant=variant_text({"größe": "XL", "farbe": "grün"})),
        LabelData(sku="ab-12-cd", name="Schlüsselanhänger ß", variant="size M \u00b7 colour blue"),
    ]
    for layout in LabelLayout:
        text = "\n".join(page_texts(render_labels(labels, layout)))
        assert "Schlüsselanhänger ß" in text and "ab-12-cd" in text
        assert "größe XL \u00b7 farbe grün" in text and "size M \u00b7 colour blue" in text
        assert "Wärmflasche mit Strickbezug" in text and "\u2026" in text
        assert "Winternächte Wärmflasche mit Strickbezug aus Schafwolle, Übergröße, für kalte Winternächte" not in text


def test_variant_text_from_attributes():
    assert variant_text({"size": "M", "colour": "blue"}) == "size M \u00b7 colour blue"
    assert variant_text('{"size": "M"}') == "size M"
    assert variant_text({}) == variant_text(None) == variant_text("not json") == ""


def test_nothing_to_render_is_refused():
    with pytest.raises(ValueError):
        render_labels([], LabelLayout.A4_SHEET)
    with pytest.raises(ValueError):
        render_labels(mixed_labels(1), LabelLayout.A4_SHEET, copies=0)


# ---------------------------------------------------------------- signing


def test_tokens_are_bound_to_purpose_signature_and_time():
    token, expires = signing.sign("labels", {"a": 1}, ttl_seconds=300)
    assert abs(expires - (time.time() + 300)) < 5
    assert signing.verify("labels", token) == {"a": 1}
    with pytest.raises(signing.InvalidToken):
        signing.verify("invoice", token)
    with pytest.raises(signing.ExpiredToken):
        signing.verify("labels", token, now=expires)
    payload, signature = token.split(".")
    for bad in (f"{payload}x.{signature}", f"{payload}.{signature[:-1]}", payload, "", "..", f"{payload}.{signature}.",
                f"{payload}.{signature[:-2]}ä", "a" * 40_000):
        with pytest.raises(signing.InvalidToken):
            signing.verify("labels", bad)


# ---------------------------------------------------------------- the API and the download


@pytest.fixture(scope="module")
async def shop(api):
    tenant, other = await make_tenant(), await make_tenant()
    products = []
    for number, sku in enumerate(SKUS[:6]):
        barcode = random_ean() if number % 2 else None
        products.append(await make_product(tenant.merchant, sku=f"{sku}-{unique('')[:4]}", name=f"Größe {number} Jäckchen",
                                           barcode=barcode, size="M", colour="blue"))
    return {
        "tenant": tenant, "other": other, "products": products,
        "foreign": await make_product(other.merchant, barcode=random_ean()),
        "staff": await api.login(tenant.staff.email),
        "other_admin": await api.login(other.admin.email),
        "operator": await api.login((await make_user(Role.OPERATOR_STAFF)).email),
    }


async def fetch(api, url: str) -> httpx.Response:  # noqa: ANN001
    async with httpx.AsyncClient(base_url=api.url, timeout=60) as client:
        return await client.get(url)


def product_codes(products: list) -> list[Code]:
    return [(EAN13, p.barcode) if p.barcode else (CODE128, p.sku) for p in products]


async def test_merchant_downloads_labels_of_their_products(api, shop):
    products = shop["products"]
    before = datetime.now(UTC)
    result = await api.gql(LABELS, {"i": {"productIds": [gid("Product", p.id) for p in products]}}, token=shop["staff"])
    payload = result["data"]["productLabelsCreate"]
    assert payload["errors"] == []
    assert payload["url"].startswith("/documents/labels/")
    expires = datetime.fromisoformat(payload["expiresAt"])
    assert before + timedelta(minutes=4) < expires <= datetime.now(UTC) + timedelta(minutes=5, seconds=1)

    # The link is the authorization: no bearer header.
    response = await fetch(api, payload["url"])
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == 'inline; filename="labels.pdf"'
    assert response.headers["cache-control"] == "private, no-store"
    pages = decode(response.content)
    assert pages == [product_codes(products)]
    text = page_texts(response.content)[0]
    assert "Größe 1 Jäckchen" in text and "size M \u00b7 colour blue" in text and products[0].sku in text


async def test_thermal_layout_and_copies_through_the_api(api, shop):
    products = shop["products"][:3]
    result = await api.gql(LABELS, {"i": {"productIds": [gid("Product", p.id) for p in products], "layout": "THERMAL_4X6",
                                          "copies": 2}}, token=shop["staff"])
    response = await fetch(api, result["data"]["productLabelsCreate"]["url"])
    assert response.status_code == 200
    assert decode(response.content, LabelLayout.THERMAL_4X6) == [product_codes([p]) for p in products for _ in range(2)]


async def test_another_merchants_product_is_not_found_and_no_link_is_issued(api, shop):
    own = gid("Product", shop["products"][0].id)
    foreign = await api.gql(LABELS, {"i": {"productIds": [own, gid("Product", shop["foreign"].id)]}}, token=shop["staff"])
    missing = await api.gql(LABELS, {"i": {"productIds": [own, gid("Product", uuid.uuid4())]}}, token=shop["staff"])
    for result in (foreign, missing):
        payload = result["data"]["productLabelsCreate"]
        assert payload["url"] is None and payload["expiresAt"] is None
        assert [(e["field"], e["code"]) for e in payload["errors"]] == [("productIds", "NOT_FOUND")]
    # Another merchant's product and none at all look the same.
    assert foreign["data"]["productLabelsCreate"]["errors"] == missing["data"]["productLabelsCreate"]["errors"]
    # The other merchant labels their own product.
    theirs = await api.gql(LABELS, {"i": {"productIds": [gid("Product", shop["foreign"].id)]}}, token=shop["other_admin"])
    assert theirs["data"]["productLabelsCreate"]["errors"] == []


async def test_operators_label_any_merchants_products(api, shop):
    products = [shop["products"][1], shop["foreign"]]
    result = await api.gql(LABELS, {"i": {"productIds": [gid("Product", p.id) for p in products]}}, token=shop["operator"])
    response = await fetch(api, result["data"]["productLabelsCreate"]["url"])
    assert decode(response.content) == [product_codes(products)]


async def test_input_is_checked(api, shop):
    own = gid("Product", shop["products"][0].id)
    cases = [
        ({"productIds": []}, [("productIds", "REQUIRED")]),
        ({"productIds": [gid("Product", uuid.uuid4()) for _ in range(501)]}, [("productIds", "INVALID")]),
        ({"productIds": [own], "copies": 0}, [("copies", "INVALID")]),
        ({"productIds": [own], "copies": 101}, [("copies", "INVALID")]),
        ({"productIds": [gid("Product", uuid.uuid4()) for _ in range(500)], "copies": 11}, [("copies", "INVALID")]),
        ({"productIds": [own, "not-an-id"]}, [("productIds", "INVALID_ID")]),
        ({"productIds": [shop["tenant"].merchant_gid]}, [("productIds", "INVALID_ID")]),
    ]
    for variables, errors in cases:
        payload = (await api.gql(LABELS, {"i": variables}, token=shop["staff"]))["data"]["productLabelsCreate"]
        assert [(e["field"], e["code"]) for e in payload["errors"]] == errors, variables
        assert payload["url"] is None


async def test_who_may_create_labels(api, shop):
    variables = {"i": {"productIds": [gid("Product", shop["products"][0].id)]}}
    anonymous = await api.gql(LABELS, variables)
    assert anonymous.get("data") is None and anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    events_only = await make_api_key(shop["tenant"].merchant, [ApiKeyScope.EVENTS_READ])
    refused = await api.gql(LABELS, variables, token=events_only)
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    reader = await make_api_key(shop["tenant"].merchant, [ApiKeyScope.PRODUCTS_READ])
    allowed = await api.gql(LABELS, variables, token=reader)
    assert allowed["data"]["productLabelsCreate"]["errors"] == []


async def test_tampered_malformed_and_expired_links(api, shop):
    result = await api.gql(LABELS, {"i": {"productIds": [gid("Product", shop["products"][0].id)]}}, token=shop["staff"])
    url = result["data"]["productLabelsCreate"]["url"]
    token = url.rsplit("/", 1)[1]
    payload, signature = token.split(".")
    flipped = payload[:5] + ("A" if payload[5] != "A" else "B") + payload[6:]
    request = LabelsRequest([shop["products"][0].id], LabelLayout.A4_SHEET, 1, shop["tenant"].merchant.id)
    other_key = hmac.new(b"another installation's secret", payload.encode(), hashlib.sha256).hexdigest()
    not_ours = [
        f"{flipped}.{signature}",
        f"{payload}.{signature[:-1]}{'A' if signature[-1] != 'A' else 'B'}",
        f"{payload}.{other_key}",
        payload,
        "garbage",
        "a.b",
        "." * 3,
        "x" * 5000,
        # Genuine signatures, but for another kind of document or of another shape.
        signing.sign("invoice", {"p": "x"}, ttl_seconds=60)[0],
        signing.sign("labels", {"unexpected": True}, ttl_seconds=60)[0],
        # Expired and tampered with: the signature decides first.
        labels_token(request, now=time.time() - 3600)[:-2] + "AA",
    ]
    for bad in not_ours:
        response = await fetch(api, f"/documents/labels/{bad}")
        assert response.status_code == 404, bad
        assert response.headers["content-type"].startswith("text/plain")
        assert 0 < len(response.text) < 100

    expired = labels_token(request, now=time.time() - 301)
    response = await fetch(api, f"/documents/labels/{expired}")
    assert response.status_code == 410
    assert response.headers["content-type"].startswith("text/plain") and "expired" in response.text
    assert (await fetch(api, url)).status_code == 200


async def test_a_link_never_reaches_beyond_its_issuers_merchant(api, shop):
    # Even a genuine token (as a bug elsewhere might issue) that names another merchant's product opens nothing.
    request = LabelsRequest([shop["products"][0].id, shop["foreign"].id], LabelLayout.A4_SHEET, 1, shop["tenant"].merchant.id)
    assert (await fetch(api, f"/documents/labels/{labels_token(request)}")).status_code == 404
    scoped = LabelsRequest([shop["foreign"].id], LabelLayout.A4_SHEET, 1, shop["other"].merchant.id)
    assert (await fetch(api, f"/documents/labels/{labels_token(scoped)}")).status_code == 200


async def test_the_largest_request_fits_in_a_link(api):
    tenant = await make_tenant()
    families = [ProductFamily(merchant=tenant.merchant.id, name=f"Bulk {number}") for number in range(500)]
    await ProductFamily.insert(*families)
    rows = [Product(merchant=tenant.merchant.id, family=family.id, sku=f"BULK-{number:03d}", name=family.name)
            for number, family in enumerate(families)]
    await Product.insert(*rows)
    ids = [gid("Product", row.id) for row in rows]
    result = await api.gql(LABELS, {"i": {"productIds": ids, "copies": 3}}, token=await api.login(tenant.staff.email))
    payload = result["data"]["productLabelsCreate"]
    assert payload["errors"] == [] and len(payload["url"]) < 12_000
    response = await fetch(api, payload["url"])
    assert response.status_code == 200
    document = pdfium.PdfDocument(response.content)
    assert len(document) == 63  # 1,500 labels, 24 to a sheet
    # The first and the last sheet, in order.
    codes = [(CODE128, f"BULK-{number:03d}") for number in range(500) for _ in range(3)]
    assert decode(response.content, only=[0, 62]) == [codes[:24], codes[62 * 24:]]
