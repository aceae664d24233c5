"""`POST /uploads/return-items/<itemId>/photos`: a photo of a return item, the image file itself as the request body
(`Content-Type: image/jpeg` or `image/png`), streamed and refused as soon as it passes 15 MB. Authenticated with
the same bearer token as GraphQL. Answers like a mutation's payload: `{"photo": {…}, "errors": []}`, or the
photo null and the errors with a fitting status (400, 401, 403, 404, 413, 415)."""

from __future__ import annotations

from litestar import Request, Response, post
from litestar.exceptions.http_exceptions import RequestEntityTooLarge

from backend.accounts.services import authenticate
from backend.api.http import bearer_token
from backend.core.errors import DomainError, Forbidden, NotFound, Unauthenticated, ValidationFailed
from backend.core.ids import expect_global_id, to_global_id
from backend.returns import services as returns

STATUS_OF = {Unauthenticated: 401, Forbidden: 403, NotFound: 404}
ACCEPTED_TYPES = ("image/jpeg", "image/png", "image/heic", "image/heif")


def _answer(status: int, photo: dict | None = None, errors: list[DomainError] = ()) -> Response:
    body = {"photo": photo, "errors": [{"field": e.field, "code": e.code, "message": e.message} for e in errors]}
    return Response(body, status_code=status, headers={"Cache-Control": "no-store"})


def _refused(error: DomainError) -> Response:
    if error.code == "TOO_LARGE":
        return _answer(413, errors=[error])
    if error.code == "UNSUPPORTED_TYPE":
        return _answer(415, errors=[error])
    return _answer(next((s for kind, s in STATUS_OF.items() if isinstance(error, kind)), 400), errors=[error])


async def _body(request: Request) -> bytes:
    declared = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
    if declared not in ACCEPTED_TYPES:
        raise ValidationFailed("Send the photo as image/jpeg or image/png", field="photo", code="UNSUPPORTED_TYPE")
    too_large = ValidationFailed("A photo may be at most 15 MB", field="photo", code="TOO_LARGE")
    if (request.content_length or 0) > returns.MAX_PHOTO_BYTES:
        raise too_large
    chunks = []
    try:
        async for chunk in request.stream():
            chunks.append(chunk)
    except RequestEntityTooLarge:
        raise too_large from None
    return b"".join(chunks)


@post("/uploads/return-items/{item_id:str}/photos", include_in_schema=False, status_code=201,
      request_max_body_size=returns.MAX_PHOTO_BYTES)
async def return_photo_upload(request: Request, item_id: str) -> Response:
    token = bearer_token(request.headers.get("authorization"))
    actor = await authenticate(token) if token else None
    try:
        if actor is None:
            raise Unauthenticated("Sign in first: send Authorization: Bearer <token>")
        item = expect_global_id(item_id, "ReturnItem", field="itemId")
        photo = await returns.add_photo(actor, item, await _body(request))
    except DomainError as error:
        return _refused(error)
    return _answer(201, {"id": to_global_id("ReturnPhoto", photo.id), "itemId": item_id, "width": photo.width,
                         "height": photo.height, "mediaType": photo.media_type})


__all__ = ["return_photo_upload"]
