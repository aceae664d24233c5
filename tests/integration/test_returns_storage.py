"""Where photos are kept: the local directory (the default) and an S3-compatible service, played here by moto's
S3 server speaking the S3 protocol over HTTP, as MinIO does in docker-compose.yml."""

from __future__ import annotations

import io

import aioboto3
import httpx
import pytest
from moto.server import ThreadedMotoServer
from PIL import Image

from backend.core.storage import LocalStorage, S3Storage, checked_key
from backend.settings import StorageSettings
from tests.integration.returns_support import announce, line_input, order_lines, receive, returns_world, shipped_order
from tests.integration.test_returns_photos import PHOTOS, photo_with_location, upload

BUCKET = "packline-photos"


@pytest.fixture(scope="module")
def s3_peer():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


def _settings(endpoint: str) -> StorageSettings:
    return StorageSettings(backend="s3", directory="", s3_endpoint_url=endpoint, s3_bucket=BUCKET, s3_region="eu-central-1",
                           s3_access_key_id="packline-test", s3_secret_access_key="packline-test-secret")


async def _bucket(endpoint: str) -> None:
    session = aioboto3.Session(aws_access_key_id="packline-test", aws_secret_access_key="packline-test-secret",
                               region_name="eu-central-1")
    async with session.client("s3", endpoint_url=endpoint) as s3:
        existing = [b["Name"] for b in (await s3.list_buckets())["Buckets"]]
        if BUCKET not in existing:
            await s3.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-central-1"})


async def test_s3_storage_puts_gets_and_deletes(s3_peer):
    await _bucket(s3_peer)
    store = S3Storage(_settings(s3_peer))
    await store.put("returns/abc/photo.jpg", b"\xff\xd8 pixels", "image/jpeg")
    assert await store.get("returns/abc/photo.jpg") == b"\xff\xd8 pixels"
    await store.delete("returns/abc/photo.jpg")
    assert await store.get("returns/abc/photo.jpg") is None


async def test_local_storage_and_keys(tmp_path):
    store = LocalStorage(str(tmp_path))
    await store.put("returns/abc/photo.png", b"png", "image/png")
    assert await store.get("returns/abc/photo.png") == b"png"
    assert [p.name for p in (tmp_path / "returns" / "abc").iterdir()] == ["photo.png"]  # no temporary file left
    assert await store.get("returns/abc/other.png") is None
    for bad in ("../etc/passwd", "/etc/passwd", "returns/../../x", "Returns/A.jpg", ""):
        with pytest.raises(ValueError):
            checked_key(bad)


async def test_the_api_keeps_photos_in_s3_when_configured(api, start_api_server, s3_peer):
    await _bucket(s3_peer)
    server = start_api_server(STORAGE_BACKEND="s3", STORAGE_S3_ENDPOINT_URL=s3_peer, STORAGE_S3_BUCKET=BUCKET,
                              STORAGE_S3_REGION="eu-central-1", STORAGE_S3_ACCESS_KEY_ID="packline-test",
                              STORAGE_S3_SECRET_ACCESS_KEY="packline-test-secret")
    world = await returns_world(server)
    shirt = world["shirt"]
    order, tracking = await shipped_order(world, [(shirt, 1)])
    created = await announce(server, world, order, [line_input((await order_lines(order))[shirt.sku], 1)])
    await receive(server, world, tracking)
    answer = await upload(server, created["return"]["items"][0]["id"], photo_with_location((800, 600)),
                          world["tokens"]["WAREHOUSE"])
    assert answer.status_code == 201, answer.text

    from backend.returns.tables import ReturnPhoto

    row = await ReturnPhoto.objects().order_by(ReturnPhoto.created_at, ascending=False).first()
    kept = await S3Storage(_settings(s3_peer)).get(row.storage_key)
    with Image.open(io.BytesIO(kept)) as image:
        assert image.size == (800, 600) and not image.getexif()
    seen = await server.gql(PHOTOS, {"id": created["return"]["id"]}, token=world["tokens"]["MERCHANT_ADMIN"])
    url = seen["data"]["node"]["items"][0]["photos"][0]["url"]
    async with httpx.AsyncClient(base_url=server.url) as client:
        served = await client.get(url)
    assert served.status_code == 200 and served.content == kept
