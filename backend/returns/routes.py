"""The HTTP side of the signed photo links: the image a token names, 404 for a link that is not ours (or whose
photo is out of its scope by now), 410 for one that has expired."""

from __future__ import annotations

from litestar import MediaType, Response, get

from backend.core import signing
from backend.returns.photos import PHOTOS_PATH, photo_by_token

NO_STORE = {"Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}


def _refusal(status: int, text: str) -> Response:
    return Response(text, status_code=status, media_type=MediaType.TEXT, headers=NO_STORE)


@get(f"{PHOTOS_PATH}/{{token:str}}", include_in_schema=False)
async def return_photo(token: str) -> Response:
    """A return item's photo or its thumbnail."""
    try:
        found = await photo_by_token(token)
    except signing.ExpiredToken:
        return _refusal(410, "This link has expired. Open the return again.")
    except signing.InvalidToken:
        return _refusal(404, "This link is not valid.")
    if found is None:
        return _refusal(404, "This link is not valid.")
    data, media_type = found
    return Response(data, media_type=media_type, headers={**NO_STORE, "Content-Disposition": "inline"})


__all__ = ["return_photo"]
