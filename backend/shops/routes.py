"""The HTTP side of shop webhooks: WooCommerce posts each delivery to its shop's address; the answer comes as
soon as the signature is checked and the delivery stored."""

from __future__ import annotations

from uuid import UUID

from litestar import MediaType, Request, Response, post

from backend.shops.services import receive_webhook

WEBHOOKS_PATH = "/webhooks/woocommerce"


@post(f"{WEBHOOKS_PATH}/{{shop_id:uuid}}", include_in_schema=False, status_code=200)
async def woocommerce_webhook(shop_id: UUID, request: Request) -> Response:
    answer = await receive_webhook(shop_id, {k.lower(): v for k, v in request.headers.items()}, await request.body())
    return Response(answer.text, status_code=answer.status, media_type=MediaType.TEXT)


__all__ = ["woocommerce_webhook"]
