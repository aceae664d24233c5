"""What a merchant's documents carry: their language, its logo, its sender address, and whether packing slips show
prices. Set by the merchant's admin for its own merchant, or by the fulfillment center's staff for any.

A logo is taken as a PNG or JPEG of at most 256 kB. Pillow checks it is what it says, refuses image bombs, and
normalises it (orientation applied, at most 600 px on its longer side, colours in RGB or RGBA, metadata dropped) into
a PNG, or a JPEG when it has no transparency and the PNG would be larger, so that every document renders it alike.
"""

from __future__ import annotations

import enum
import io
from dataclasses import dataclass
from uuid import UUID

from PIL import Image, ImageOps, UnidentifiedImageError

from backend.accounts.events import record_merchant
from backend.accounts.tables import Merchant, MerchantLogo
from backend.core.authorization import Actor, Permission
from backend.core.clock import utcnow
from backend.core.errors import NotFound, ValidationFailed
from backend.events.outbox import unit_of_work

MAX_LOGO_BYTES = 256 * 1024
# Larger images are refused before they are decoded (a small file can unpack into gigabytes of pixels).
MAX_LOGO_PIXELS = 4096 * 4096
LOGO_SIDE = 600
MAX_ADDRESS_LINES = 5
MAX_ADDRESS_CHARS = 400


class DocumentLanguage(str, enum.Enum):
    DE = "de"
    EN = "en"


@dataclass(frozen=True)
class Logo:
    image: bytes
    media_type: str
    width: int
    height: int


async def _locked_merchant(actor: Actor, merchant_id: UUID | None) -> Merchant:
    """The merchant whose settings change: a merchant admin's own, or the one an operator names."""
    actor.require(Permission.MERCHANT_SETTINGS_WRITE)
    if actor.is_operator and merchant_id is None:
        raise ValidationFailed("Choose the merchant", field="merchantId", code="REQUIRED")
    if not actor.is_operator:
        if merchant_id is not None and merchant_id != actor.merchant_id:
            raise NotFound("No such merchant", field="merchantId")
        merchant_id = actor.merchant_id
    merchant = await Merchant.objects().where(Merchant.id == merchant_id).lock_rows().first()
    if merchant is None:
        raise NotFound("No such merchant", field="merchantId")
    return merchant


def clean_address(address: str) -> str:
    lines = [" ".join(line.split()) for line in address.replace("\r", "").split("\n")]
    lines = [line for line in lines if line]
    if len(lines) > MAX_ADDRESS_LINES:
        raise ValidationFailed(f"At most {MAX_ADDRESS_LINES} lines", field="address")
    cleaned = "\n".join(lines)
    if len(cleaned) > MAX_ADDRESS_CHARS:
        raise ValidationFailed(f"At most {MAX_ADDRESS_CHARS} characters", field="address")
    return cleaned


async def update_document_settings(actor: Actor, merchant_id: UUID | None, *, language: DocumentLanguage | None = None,
                                   packing_slip_shows_prices: bool | None = None,
                                   address: str | None = None) -> Merchant:
    """Change what the merchant's documents say and show; what is left out stays as it is."""
    address = clean_address(address) if address is not None else None
    async with unit_of_work(actor) as uow:
        merchant = await _locked_merchant(actor, merchant_id)
        wanted = {"language": DocumentLanguage(language).value if language is not None else None,
                  "packing_slip_shows_prices": packing_slip_shows_prices, "address": address}
        changes = {}
        for name, value in wanted.items():
            if value is not None and getattr(merchant, name) != value:
                changes[_camel(name)] = {"before": getattr(merchant, name), "after": value}
                setattr(merchant, name, value)
        if changes:
            merchant.updated_at = utcnow()
            await merchant.save()
            record_merchant(uow, "merchant.updated", merchant, changes=changes)
    return merchant


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def normalised_logo(data: bytes) -> Logo:
    """The logo as documents print it, or ValidationFailed when `data` is no PNG or JPEG of at most 256 kB."""
    if not data:
        raise ValidationFailed("Choose an image", field="imageBase64", code="REQUIRED")
    if len(data) > MAX_LOGO_BYTES:
        raise ValidationFailed("The logo may be at most 256 kB", field="imageBase64", code="TOO_LONG")
    try:
        with Image.open(io.BytesIO(data)) as probe:
            kind = probe.format
            if kind not in ("PNG", "JPEG"):
                raise ValidationFailed("The logo must be a PNG or JPEG image", field="imageBase64")
            if probe.width * probe.height > MAX_LOGO_PIXELS:
                raise ValidationFailed("The logo has too many pixels (at most 4096 × 4096)", field="imageBase64")
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            picture = ImageOps.exif_transpose(image)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationFailed("This is no readable PNG or JPEG image", field="imageBase64") from None
    return _encoded(picture)


def _encoded(picture: Image.Image) -> Logo:
    has_alpha = picture.mode in ("RGBA", "LA", "PA") or (picture.mode == "P" and "transparency" in picture.info)
    picture = picture.convert("RGBA" if has_alpha else "RGB")
    picture.thumbnail((LOGO_SIDE, LOGO_SIDE), Image.Resampling.LANCZOS)
    png = io.BytesIO()
    picture.save(png, format="PNG", optimize=True)
    best, media_type = png.getvalue(), "image/png"
    if not has_alpha:
        jpeg = io.BytesIO()
        picture.save(jpeg, format="JPEG", quality=90, optimize=True)
        if len(jpeg.getvalue()) < len(best):
            best, media_type = jpeg.getvalue(), "image/jpeg"
    if len(best) > MAX_LOGO_BYTES:
        raise ValidationFailed("The logo is too detailed to keep under 256 kB", field="imageBase64", code="TOO_LONG")
    return Logo(best, media_type, picture.width, picture.height)


async def set_logo(actor: Actor, merchant_id: UUID | None, data: bytes) -> Merchant:
    """The merchant's documents carry this logo from now on (it replaces the one before)."""
    actor.require(Permission.MERCHANT_SETTINGS_WRITE)
    logo = normalised_logo(data)
    async with unit_of_work(actor) as uow:
        merchant = await _locked_merchant(actor, merchant_id)
        await MerchantLogo.delete().where(MerchantLogo.merchant == merchant.id)
        await MerchantLogo(merchant=merchant.id, image=logo.image, media_type=logo.media_type, width=logo.width,
                           height=logo.height).save()
        merchant.logo_updated_at = merchant.updated_at = utcnow()
        await merchant.save()
        record_merchant(uow, "merchant.updated", merchant, changes={"logo": {"before": None, "after": "set"}})
    return merchant


async def remove_logo(actor: Actor, merchant_id: UUID | None) -> Merchant:
    async with unit_of_work(actor) as uow:
        merchant = await _locked_merchant(actor, merchant_id)
        if merchant.logo_updated_at is None:
            return merchant
        await MerchantLogo.delete().where(MerchantLogo.merchant == merchant.id)
        merchant.logo_updated_at, merchant.updated_at = None, utcnow()
        await merchant.save()
        record_merchant(uow, "merchant.updated", merchant, changes={"logo": {"before": "set", "after": None}})
    return merchant


async def logo_of(merchant_id: UUID) -> Logo | None:
    """The merchant's logo, for rendering its documents (no permission check: callers have checked the document)."""
    row = await MerchantLogo.objects().where(MerchantLogo.merchant == merchant_id).first()
    return Logo(bytes(row.image), row.media_type, row.width, row.height) if row else None
