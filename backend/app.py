"""The application factory: the GraphQL API, health and metrics endpoints, and the dashboard's files."""

from __future__ import annotations

import gc
import hmac
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from litestar import Litestar, MediaType, Request, Response, get
from litestar.channels import ChannelsPlugin
from litestar.config.cors import CORSConfig
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from redis.asyncio import Redis
from redis.backoff import ExponentialBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.retry import Retry

from backend.api.engine.selfcheck import check_internals
from backend.catalog.documents import labels_pdf
from backend.core.db import close_pool, open_pool, ping
from backend.core.logging import configure_logging, litestar_logging_config
from backend.core.observability import request_observer
from backend.core.redis import close_redis, redis
from backend.core.routines import require_routines
from backend.documents.routes import order_document_pdf, picklist_document_pdf
from backend.events.outbox import flush_published_marks
from backend.headers import security_headers_middleware
from backend.reactions import register_reactions
from backend.returns.routes import return_photo
from backend.settings import get_settings
from backend.shipping.documents import parcel_label_pdf
from backend.shops.routes import woocommerce_webhook
from backend.spa import spa

log = logging.getLogger(__name__)


@get("/health/live", media_type=MediaType.JSON, include_in_schema=False)
async def health_live() -> dict[str, str]:
    return {"status": "ok"}


@get("/health/ready", include_in_schema=False)
async def health_ready() -> Response:
    checks: dict[str, str] = {}
    for name, probe in (("database", ping), ("redis", lambda: redis().ping())):
        try:
            await probe()
            checks[name] = "ok"
        except Exception as error:  # noqa: BLE001 - any failure means not ready
            checks[name] = f"unavailable: {type(error).__name__}"
    ready = all(v == "ok" for v in checks.values())
    return Response({"status": "ok" if ready else "unavailable", "checks": checks}, status_code=200 if ready else 503)


@get("/metrics", include_in_schema=False)
async def prometheus_metrics(request: Request) -> Response:
    """Prometheus' scrape, per process. With METRICS_TOKEN set it asks for that bearer token (Prometheus'
    `authorization` scrape setting); without one it is open in development and not served in production."""
    app = get_settings().app
    if app.metrics_token is None:
        if app.is_production:
            return Response("Not found", status_code=404, media_type=MediaType.TEXT)
    else:
        scheme, _, given = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), app.metrics_token.encode()):
            return Response("Send the metrics token: Authorization: Bearer <METRICS_TOKEN>", status_code=401,
                            media_type=MediaType.TEXT, headers={"WWW-Authenticate": 'Bearer realm="metrics"'})
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)


@asynccontextmanager
async def lifespan(app: Litestar) -> AsyncIterator[None]:
    await open_pool()
    await require_routines()
    tune_garbage_collector()
    try:
        yield
    finally:
        await flush_published_marks()
        await close_pool()
        await close_redis()


def tune_garbage_collector() -> None:
    """Every live subscription keeps a parsed query, a context and a generator chain alive, so a process
    holding a thousand websockets has a large long-lived heap that the default thresholds make the collector
    rescan many times a second while events flow. Objects alive after start-up are frozen out of collection,
    and the older generations are collected rarely.
    The young generation is collected every 10,000 objects: a request leaves some 200 objects in reference
    cycles (GraphQL execution state, the request), and a collection pauses the process for about as long as
    the young generation is large. At 50,000 that was a 20 ms pause every two seconds under load, which every
    request in flight waited out; at 10,000 it is about 3 ms, for the same collector CPU in all."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(10_000, 20, 100)


def channels_plugin() -> ChannelsPlugin:
    """One Redis listener per process, fanning out to this process's subscribers."""
    from backend.api.engine.channels import SerializedRedisPubSubBackend  # after the self-check (create_app)

    client = Redis.from_url(
        get_settings().redis.url,
        retry=Retry(ExponentialBackoff(cap=2.0), retries=20),
        retry_on_error=[RedisConnectionError],
        health_check_interval=15,
    )
    return ChannelsPlugin(
        backend=SerializedRedisPubSubBackend(redis=client),
        arbitrary_channels_allowed=True,
        # A subscriber that falls this far behind loses the oldest messages; it reads them back from the outbox.
        subscriber_max_backlog=2000,
        subscriber_backlog_strategy="dropleft",
    )


def create_app() -> Litestar:
    settings = get_settings()
    configure_logging(production=settings.app.is_production)
    # Refuses to start, naming the library, the version found and the range tested, when an internal that
    # backend/api/engine/ or backend/core/db.py relies on is missing; what subclasses them is imported after it.
    check_internals()
    register_reactions()
    from backend.api.http import graphql_controller
    from backend.api.returns.photo_upload import return_photo_upload

    route_handlers: list = [graphql_controller(), health_live, health_ready, prometheus_metrics, labels_pdf,
                           parcel_label_pdf, order_document_pdf, picklist_document_pdf, return_photo,
                           return_photo_upload, woocommerce_webhook, spa]
    return Litestar(
        route_handlers=route_handlers,
        plugins=[channels_plugin()],
        lifespan=[lifespan],
        middleware=[request_observer, security_headers_middleware(production=settings.app.is_production)],
        cors_config=CORSConfig(allow_origins=list(settings.app.allowed_origins), allow_credentials=False,
                               allow_headers=["authorization", "content-type", "x-request-id"]),
        debug=False,
        logging_config=litestar_logging_config(),
        openapi_config=None,
    )
