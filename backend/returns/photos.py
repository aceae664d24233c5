"""Photos of returned items: taken at inspection, uploaded through the API, kept in object storage, shown only
through short-lived signed links.

An upload is at most 15 MB and must decode as a JPEG or PNG (Pillow reads it; a name or a declared type proves
nothing). It is stored re-encoded: turned upright, at most 4096 px on its longer side, without any metadata, so the
EXIF a phone writes (where it was taken, the device) never leaves the warehouse. HEIC is refused with a clear
error: no maintained HEIF decoder is installable here. A job makes a 320 px thumbnail after the upload's commit
(and a periodic sweep makes any a lost job missed).

A link is `/media/return-photos/<token>`: signed for this purpose, valid for five minutes, naming the photo, the size and
the merchant scope of whoever it was issued to. It is only issued for a photo the asker could load, and the photo
is checked against that scope again when it is served.
"""

from __future__ import annotations

import io
import logging
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID

import anyio.to_thread
from PIL import Image, ImageOps, UnidentifiedImageError

from backend.core import signing
from backend.core.authorization import SYSTEM, Actor, Permission
from backend.core.errors import NotFound, ValidationFailed
from backend.core.redis import key
from backend.core.storage import storage
from backend.events.outbox import unit_of_work
from backend.returns.events import record_photo
from backend.returns.lifecycle import InvalidState, locked_return
from backend.returns.model import ReturnStatus
from backend.returns.tables import Return, ReturnItem, ReturnPhoto
from backend.settings import get_settings

log = logging.getLogger(__name__)

MAX_PHOTO_BYTES = 15 * 1024 * 1024
# Refused before decoding: a small file can unpack into gigabytes of pixels. 12,000 × 9,000 covers any phone.
MAX_PHOTO_PIXELS = 108_000_000
STORED_SIDE = 4096
THUMBNAIL_SIDE = 320
MAX_PHOTOS_PER_ITEM = 12
PHOTO_PURPOSE = "return-photo"
# Not under /returns: that is the dashboard's own route, and the SPA serves whatever lies beneath it.
PHOTOS_PATH = "/media/return-photos"
LINK_TTL_SECONDS = 5 * 60
THUMBNAIL_JOB = "make_return_photo_thumbnail"


@dataclass(frozen=True)
class CleanPhoto:
    image: bytes
    media_type: str
    extension: str
    width: int
    height: int


@dataclass(frozen=True)
class PhotoLink:
    url: str
    expires_at: datetime


# ---------------------------------------------------------------- checking and re-encoding


def _unreadable() -> ValidationFailed:
    return ValidationFailed("This is no readable JPEG or PNG image", field="photo", code="UNSUPPORTED_TYPE")


# ISO base media files (HEIC, HEIF, AVIF) say what they are in their first box: `ftyp` and a brand.
_HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1", b"avif", b"avis"}


def _is_heif(data: bytes) -> bool:
    return data[4:8] == b"ftyp" and data[8:12] in _HEIF_BRANDS


def _heic_refused() -> ValidationFailed:
    return ValidationFailed("HEIC photos are not taken yet: send JPEG or PNG (on an iPhone: Settings › Camera › "
                            "Formats › Most Compatible)", field="photo", code="UNSUPPORTED_TYPE")


def cleaned_photo(data: bytes) -> CleanPhoto:
    """The photo as it is stored, or ValidationFailed (field `photo`) for anything but a JPEG or PNG ≤ 15 MB."""
    if not data:
        raise ValidationFailed("Send a photo", field="photo", code="REQUIRED")
    if len(data) > MAX_PHOTO_BYTES:
        raise ValidationFailed("A photo may be at most 15 MB", field="photo", code="TOO_LARGE")
    if _is_heif(data):
        raise _heic_refused()
    try:
        with Image.open(io.BytesIO(data)) as probe:
            kind = probe.format
            if kind not in ("JPEG", "PNG"):
                raise _unreadable()
            if probe.width * probe.height > MAX_PHOTO_PIXELS:
                raise ValidationFailed("The photo has too many pixels", field="photo", code="TOO_LARGE")
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            upright = ImageOps.exif_transpose(image)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise _unreadable() from None
    return _reencoded(upright, kind)


def _reencoded(picture: Image.Image, kind: str) -> CleanPhoto:
    picture.thumbnail((STORED_SIDE, STORED_SIDE), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    # A fresh image's save writes no EXIF, XMP or ICC text: only the pixels leave.
    if kind == "PNG":
        has_alpha = picture.mode in ("RGBA", "LA", "PA") or (picture.mode == "P" and "transparency" in picture.info)
        picture.convert("RGBA" if has_alpha else "RGB").save(out, format="PNG", optimize=True)
        return CleanPhoto(out.getvalue(), "image/png", "png", picture.width, picture.height)
    picture.convert("RGB").save(out, format="JPEG", quality=88, optimize=True)
    return CleanPhoto(out.getvalue(), "image/jpeg", "jpg", picture.width, picture.height)


def _thumbnail(data: bytes) -> bytes:
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        small = image.convert("RGB")
    small.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    small.save(out, format="JPEG", quality=82, optimize=True)
    return out.getvalue()


# ---------------------------------------------------------------- uploading


async def add_photo(actor: Actor, item_id: UUID, data: bytes) -> ReturnPhoto:
    """Keep a photo of a return item (being or just inspected); its thumbnail follows from a job."""
    actor.require(Permission.RETURNS_RECEIVE)
    photo = await anyio.to_thread.run_sync(cleaned_photo, data)
    found = await ReturnItem.select(ReturnItem.sales_return).where(ReturnItem.id == item_id).first()
    if found is None:
        raise NotFound("No such return item", field="itemId")
    photo_id = uuid.uuid4()
    storage_key = f"returns/{found['sales_return'].hex}/{photo_id.hex}.{photo.extension}"
    # Stored before the row is written: a failed commit leaves an unreferenced file, never a row without one.
    await storage().put(storage_key, photo.image, photo.media_type)
    async with unit_of_work(actor) as uow:
        sales_return = await locked_return(actor, found["sales_return"], field="itemId")
        if sales_return.status not in (ReturnStatus.RECEIVED.value, ReturnStatus.INSPECTED.value):
            raise InvalidState(f"Photos are taken of received returns; this one is {sales_return.status.lower()}",
                               field="itemId")
        if await ReturnPhoto.count().where(ReturnPhoto.return_item == item_id) >= MAX_PHOTOS_PER_ITEM:
            raise ValidationFailed(f"At most {MAX_PHOTOS_PER_ITEM} photos per item", field="photo", code="TOO_MANY")
        row = ReturnPhoto(id=photo_id, return_item=item_id, merchant=sales_return.merchant, storage_key=storage_key,
                          media_type=photo.media_type, width=photo.width, height=photo.height,
                          size_bytes=len(photo.image), created_by=actor.as_event_actor())
        await row.save()
        record_photo(uow, "return.photo_added", sales_return, row)
        uow.after_commit(("return_photo_thumbnail", photo_id), lambda: enqueue_thumbnail(photo_id))
    return row


_queue = None


async def enqueue_thumbnail(photo_id: UUID) -> None:
    """Ask the worker for the photo's thumbnail (once per photo: the job id is the photo's)."""
    from arq import create_pool
    from arq.connections import RedisSettings

    global _queue
    if _queue is None:
        _queue = await create_pool(RedisSettings.from_dsn(get_settings().redis.url))
    await _queue.enqueue_job(THUMBNAIL_JOB, str(photo_id), _job_id=f"{THUMBNAIL_JOB}:{photo_id}",
                             _queue_name=key("queue"))


# ---------------------------------------------------------------- thumbnails (the worker's)


async def make_thumbnail(photo_id: UUID) -> bool:
    """Make the photo's thumbnail unless it has one; True when this call made it. Idempotent."""
    photo = await ReturnPhoto.objects().where(ReturnPhoto.id == photo_id).first()
    if photo is None or photo.thumbnail_key:
        return False
    original = await storage().get(photo.storage_key)
    if original is None:
        log.warning("return photo %s has no stored file %s", photo_id, photo.storage_key)
        return False
    thumbnail_key = photo.storage_key.rsplit(".", 1)[0] + "-thumb.jpg"
    await storage().put(thumbnail_key, await anyio.to_thread.run_sync(_thumbnail, original), "image/jpeg")
    async with unit_of_work(SYSTEM) as uow:
        made = await ReturnPhoto.update({ReturnPhoto.thumbnail_key: thumbnail_key}).where(
            (ReturnPhoto.id == photo_id) & (ReturnPhoto.thumbnail_key == "")).returning(ReturnPhoto.id)
        if made:
            item = await ReturnItem.select(ReturnItem.sales_return).where(ReturnItem.id == photo.return_item).first()
            sales_return = await Return.objects().where(Return.id == item["sales_return"]).first()
            record_photo(uow, "return.photo_thumbnail_ready", sales_return, photo)
    return bool(made)


async def make_missing_thumbnails(slot: datetime) -> int:
    """The periodic sweep: thumbnails of photos older than a minute that a lost job left without one."""
    waiting = await ReturnPhoto.select(ReturnPhoto.id).where(
        (ReturnPhoto.thumbnail_key == "") & (ReturnPhoto.created_at < slot - timedelta(minutes=1))).limit(200)
    made = 0
    for row in waiting:
        made += await make_thumbnail(row["id"])
    return made


# ---------------------------------------------------------------- signed links


def photo_link(actor: Actor, photo: ReturnPhoto, *, thumbnail: bool) -> PhotoLink | None:
    """A link to a photo the caller loaded within `actor`'s scope (None for a thumbnail not made yet)."""
    if thumbnail and not photo.thumbnail_key:
        return None
    scope = actor.merchant_scope()
    token, expires = signing.sign(PHOTO_PURPOSE, {"p": photo.id.hex, "t": thumbnail, "m": scope.hex if scope else None},
                                  ttl_seconds=LINK_TTL_SECONDS)
    return PhotoLink(f"{PHOTOS_PATH}/{token}", datetime.fromtimestamp(expires, UTC))


async def photo_by_token(token: str) -> tuple[bytes, str] | None:
    """The image a genuine, unexpired link names, if it is still within the scope it was issued for;
    `signing.InvalidToken` / `signing.ExpiredToken` for a link that is not ours or has expired."""
    claims = signing.verify(PHOTO_PURPOSE, token)
    try:
        photo_id = UUID(hex=claims["p"])
        scope = UUID(hex=claims["m"]) if claims["m"] is not None else None
        thumbnail = bool(claims["t"])
    except (KeyError, TypeError, ValueError, AttributeError):
        raise signing.InvalidToken("unexpected claims") from None
    query = ReturnPhoto.objects().where(ReturnPhoto.id == photo_id)
    if scope is not None:
        query = query.where(ReturnPhoto.merchant == scope)
    photo = await query.first()
    if photo is None or (thumbnail and not photo.thumbnail_key):
        return None
    data = await storage().get(photo.thumbnail_key if thumbnail else photo.storage_key)
    if data is None:
        return None
    return data, "image/jpeg" if thumbnail else photo.media_type
