"""Photos of returned items: uploaded to the API as a streamed body, checked by decoding, stored without their
location data, given a thumbnail by the worker, and shown only through short-lived signed links that no other
merchant can use."""

from __future__ import annotations

import io
import time

import httpx
import pytest
from PIL import ExifTags, Image

from backend.core import signing
from backend.core.storage import storage
from backend.returns.photos import PHOTO_PURPOSE, PHOTOS_PATH
from backend.returns.tables import ReturnPhoto
from tests.integration.returns_support import announce, line_input, order_lines, receive, returns_world, shipped_order
from tests.support import run_worker_burst

PHOTOS = """query($id: ID!) { node(id: $id) { ... on Return { items { id photos { id width height mediaType url
  thumbnailUrl linksExpireAt } } } } }"""


@pytest.fixture(scope="module")
async def world(api):
    return await returns_world(api)


@pytest.fixture(scope="module")
async def received(api, world):
    """A received return of two shirts: its id and its items' ids."""
    shirt = world["shirt"]
    order, tracking = await shipped_order(world, [(shirt, 2)])
    created = await announce(api, world, order, [line_input((await order_lines(order))[shirt.sku], 2)])
    await receive(api, world, tracking)
    return created["return"]["id"], [item["id"] for item in created["return"]["items"]]


def photo_with_location(size: tuple[int, int] = (1200, 900), kind: str = "JPEG") -> bytes:
    """A phone's photo: pixels, and EXIF with where it was taken and the camera."""
    picture = Image.new("RGB", size, (200, 30, 30))
    for x in range(0, size[0], 40):
        picture.paste((20, 20, 200), (x, 0, x + 20, size[1]))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.IFD.GPSInfo] = {ExifTags.GPS.GPSLatitudeRef: "N", ExifTags.GPS.GPSLatitude: (52.0, 31.0, 12.0),
                                  ExifTags.GPS.GPSLongitudeRef: "E", ExifTags.GPS.GPSLongitude: (13.0, 24.0, 36.0)}
    out = io.BytesIO()
    picture.save(out, format=kind, exif=exif)
    return out.getvalue()


async def upload(api, item_id: str, body: bytes, token: str | None, content_type: str = "image/jpeg") -> httpx.Response:  # noqa: ANN001
    headers = {"content-type": content_type}
    if token:
        headers["authorization"] = f"Bearer {token}"
    async with httpx.AsyncClient(base_url=api.url, timeout=60) as client:
        return await client.post(f"/uploads/return-items/{item_id}/photos", content=body, headers=headers)


async def get(api, path: str) -> httpx.Response:  # noqa: ANN001
    async with httpx.AsyncClient(base_url=api.url, timeout=30) as client:
        return await client.get(path)


async def test_a_photo_is_stored_without_its_location_and_gets_a_thumbnail(api, world, received):
    return_id, (item, _) = received
    original = photo_with_location()
    with Image.open(io.BytesIO(original)) as sent:
        assert sent.getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the test photo does carry a location
    answer = await upload(api, item, original, world["tokens"]["WAREHOUSE"])
    assert answer.status_code == 201, answer.text
    photo = answer.json()["photo"]
    assert answer.json()["errors"] == [] and (photo["width"], photo["height"], photo["mediaType"]) == (1200, 900, "image/jpeg")

    row = await ReturnPhoto.objects().where(ReturnPhoto.return_item == _local(item)).first()
    stored = await storage().get(row.storage_key)
    with Image.open(io.BytesIO(stored)) as kept:
        assert kept.format == "JPEG" and kept.size == (1200, 900)
        assert not kept.getexif() and "exif" not in kept.info

    seen = await api.gql(PHOTOS, {"id": return_id}, token=world["tokens"]["MERCHANT_ADMIN"])
    photos = seen["data"]["node"]["items"][0]["photos"]
    assert [p["id"] for p in photos] == [photo["id"]] and photos[0]["thumbnailUrl"] is None
    full = await get(api, photos[0]["url"])
    assert full.status_code == 200 and full.headers["content-type"].startswith("image/jpeg")
    assert full.content == stored and "no-store" in full.headers["cache-control"]

    await run_worker_burst()
    photos = (await api.gql(PHOTOS, {"id": return_id}, token=world["tokens"]["MERCHANT_STAFF"]))["data"]["node"]["items"][0]["photos"]
    assert photos[0]["thumbnailUrl"] is not None
    thumbnail = await get(api, photos[0]["thumbnailUrl"])
    assert thumbnail.status_code == 200
    with Image.open(io.BytesIO(thumbnail.content)) as small:
        assert small.format == "JPEG" and max(small.size) == 320 and not small.getexif()


def _local(global_id: str):  # noqa: ANN202
    from backend.core.ids import from_global_id

    return from_global_id(global_id)[1]


async def test_png_is_kept_as_png(api, world, received):
    _, (_, item) = received
    answer = await upload(api, item, photo_with_location((300, 200), "PNG"), world["tokens"]["OPERATOR_STAFF"],
                          "image/png")
    assert answer.status_code == 201 and answer.json()["photo"]["mediaType"] == "image/png"


async def test_upload_limits(api, world, received):
    _, (item, _) = received
    floor = world["tokens"]["WAREHOUSE"]
    before = await ReturnPhoto.count()
    too_big = await upload(api, item, photo_with_location() + b"\0" * (15 * 1024 * 1024), floor)
    assert too_big.status_code == 413 and too_big.json()["errors"][0]["code"] == "TOO_LARGE"
    gif = io.BytesIO()
    Image.new("RGB", (10, 10)).save(gif, format="GIF")
    wrong_type = await upload(api, item, gif.getvalue(), floor)
    assert wrong_type.status_code == 415 and wrong_type.json()["errors"][0]["code"] == "UNSUPPORTED_TYPE"
    script = b"#!/bin/sh\nrm -rf / --no-preserve-root\n"
    named_jpg = await upload(api, item, script, floor)
    assert named_jpg.status_code == 415, named_jpg.text
    assert named_jpg.json() == {"photo": None, "errors": [{"field": "photo", "code": "UNSUPPORTED_TYPE",
                                                            "message": "This is no readable JPEG or PNG image"}]}
    # An iPhone's HEIC (its first box names the format) gets a refusal that says what to do instead.
    heic = await upload(api, item, b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 2000, floor,
                        "image/heic")
    assert heic.status_code == 415 and "HEIC" in heic.json()["errors"][0]["message"]
    truncated = await upload(api, item, photo_with_location()[:5000], floor)
    assert truncated.status_code == 415
    declared_text = await upload(api, item, photo_with_location(), floor, "text/plain")
    assert declared_text.status_code == 415
    empty = await upload(api, item, b"", floor)
    assert empty.status_code == 400 and empty.json()["errors"][0]["code"] == "REQUIRED"
    assert (await upload(api, item, photo_with_location(), None)).status_code == 401
    assert (await upload(api, item, photo_with_location(), world["tokens"]["MERCHANT_ADMIN"])).status_code == 403
    assert (await upload(api, "not-an-id", photo_with_location(), floor)).status_code == 400
    assert await ReturnPhoto.count() == before


async def test_the_dashboards_return_pages_are_not_shadowed_by_the_photo_routes(api):
    for path in ("/returns", "/returns/UmV0dXJuOjE", "/returns/new"):
        page = await get(api, path)
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html"), path


async def test_photos_only_of_received_returns(api, world):
    shirt = world["shirt"]
    order, _ = await shipped_order(world, [(shirt, 1)])
    created = await announce(api, world, order, [line_input((await order_lines(order))[shirt.sku], 1)])
    early = await upload(api, created["return"]["items"][0]["id"], photo_with_location(), world["tokens"]["WAREHOUSE"])
    assert early.status_code == 400 and early.json()["errors"][0]["code"] == "INVALID_STATE"


async def test_signed_links_expire_and_refuse_other_tenants(api, world, received):
    return_id, (item, _) = received
    answer = await upload(api, item, photo_with_location((640, 480)), world["tokens"]["WAREHOUSE"])
    photo_id = _local(answer.json()["photo"]["id"])
    # Another merchant reaches neither the return nor, so, any link to its photos.
    theirs = await api.gql(PHOTOS, {"id": return_id}, token=world["other_token"])
    assert theirs["data"]["node"] is None
    listed = await api.gql("{ returns { edges { node { id } } } }", token=world["other_token"])
    assert return_id not in [e["node"]["id"] for e in listed["data"]["returns"]["edges"]]
    # A genuine link issued to the other merchant for this photo (as if it had guessed the id) is refused.
    other = world["other"].merchant.id
    guessed, _ = signing.sign(PHOTO_PURPOSE, {"p": photo_id.hex, "t": False, "m": other.hex}, ttl_seconds=300)
    assert (await get(api, f"{PHOTOS_PATH}/{guessed}")).status_code == 404
    mine, _ = signing.sign(PHOTO_PURPOSE, {"p": photo_id.hex, "t": False, "m": world["home"].merchant.id.hex},
                           ttl_seconds=300)
    assert (await get(api, f"{PHOTOS_PATH}/{mine}")).status_code == 200
    expired, _ = signing.sign(PHOTO_PURPOSE, {"p": photo_id.hex, "t": False, "m": world["home"].merchant.id.hex},
                              ttl_seconds=300, now=time.time() - 301)
    gone = await get(api, f"{PHOTOS_PATH}/{expired}")
    assert gone.status_code == 410 and b"expired" in gone.content
    # A label link's token does not open a photo, nor does a tampered one.
    label, _ = signing.sign("labels", {"p": photo_id.hex, "t": False, "m": None}, ttl_seconds=300)
    assert (await get(api, f"{PHOTOS_PATH}/{label}")).status_code == 404
    tampered = mine[:-2] + ("AA" if not mine.endswith("AA") else "BB")
    assert (await get(api, f"{PHOTOS_PATH}/{tampered}")).status_code == 404
    # The links the API hands out live five minutes.
    seen = await api.gql(PHOTOS, {"id": return_id}, token=world["tokens"]["MERCHANT_ADMIN"])
    expires = seen["data"]["node"]["items"][0]["photos"][0]["linksExpireAt"]
    from datetime import UTC, datetime

    left = (datetime.fromisoformat(expires) - datetime.now(UTC)).total_seconds()
    assert 240 < left <= 301


async def test_the_periodic_sweep_makes_thumbnails_a_lost_job_left_unmade(api, world, received):
    from datetime import timedelta

    from backend.core.clock import utcnow
    from backend.scheduling.jobs import PERIODIC_JOBS

    _, (item, _) = received
    answer = await upload(api, item, photo_with_location((500, 500)), world["tokens"]["WAREHOUSE"])
    photo_id = _local(answer.json()["photo"]["id"])
    # Its job is queued but no worker ran: a minute on, the sweep makes the thumbnail, and only once.
    await PERIODIC_JOBS["make_missing_return_thumbnails"].run(utcnow() + timedelta(minutes=2))
    row = await ReturnPhoto.objects().where(ReturnPhoto.id == photo_id).first()
    assert row.thumbnail_key and await storage().get(row.thumbnail_key)
    from backend.returns.services import make_thumbnail

    assert await make_thumbnail(photo_id) is False
