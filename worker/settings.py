"""arq `WorkerSettings`: the outbox relay, scheduled jobs that catch up after downtime, queued tasks."""

from __future__ import annotations

import asyncio
import logging
import uuid
from datetime import datetime
from typing import Any

from arq import cron
from arq.connections import RedisSettings

from backend.core import metrics
from backend.core.clock import utcnow
from backend.core.db import check_internals, close_pool, engine, open_pool
from backend.core.logging import configure_logging
from backend.core.redis import close_redis, key
from backend.core.routines import require_routines
from backend.events.outbox import flush_published_marks
from backend.events.relay import relay_unpublished_once, run_relay
from backend.notifications import services as notifications
from backend.reactions import register_reactions
from backend.scheduling.jobs import PERIODIC_JOBS
from backend.scheduling.periodic import claim, finish, slots_to_run
from backend.settings import get_settings

log = logging.getLogger("worker")


def queue_name() -> str:
    return key("queue")


async def schedule_due_jobs(ctx: dict[str, Any]) -> int:
    """Claim every due slot of every periodic job and queue its run; returns how many were queued."""
    queued = 0
    now = utcnow()
    for job in list(PERIODIC_JOBS.values()):
        for slot in await slots_to_run(job, now):
            if await claim(job.name, slot):
                # The database claim is what makes a slot run once; the job id only has to be new per claim
                # (arq would drop a re-queued id whose earlier result it still keeps).
                await ctx["redis"].enqueue_job(
                    "run_scheduled", job.name, slot.isoformat(),
                    _job_id=f"scheduled:{job.name}:{slot.isoformat()}:{uuid.uuid4().hex[:8]}",
                    _queue_name=queue_name(),
                )
                queued += 1
    return queued


async def run_scheduled(ctx: dict[str, Any], job_name: str, slot_iso: str) -> None:
    job = PERIODIC_JOBS[job_name]
    slot = datetime.fromisoformat(slot_iso)
    try:
        await job.run(slot)
    except Exception as error:
        await finish(job_name, slot, error=f"{type(error).__name__}: {error}")
        metrics.JOBS.labels(job_name, "failed").inc()
        raise
    await finish(job_name, slot)
    metrics.JOBS.labels(job_name, "done").inc()


async def make_return_photo_thumbnail(ctx: dict[str, Any], photo_id: str) -> None:
    from backend.returns.services import make_thumbnail

    await make_thumbnail(uuid.UUID(photo_id))


async def shop_import(ctx: dict[str, Any], run_id: str) -> None:
    from backend.shops.services import run_import

    await run_import(uuid.UUID(run_id))


async def shop_webhook(ctx: dict[str, Any], delivery_id: str) -> None:
    from backend.shops.services import process_webhook

    await process_webhook(uuid.UUID(delivery_id))


async def resume_stale_import_runs() -> None:
    """Shop imports a dead worker left half done go on (see `backend.shops.services.resume_stale_runs`)."""
    from backend.shops.services import resume_stale_runs

    await resume_stale_runs()


def notification_enqueuer(ctx: dict[str, Any]):  # noqa: ANN201
    """How the notifications domain queues a send job (after `delay` seconds: a retry's backoff)."""

    async def enqueue(notification_id: uuid.UUID, job_id: str, delay: float) -> None:
        await ctx["redis"].enqueue_job("send_notification", str(notification_id), _job_id=job_id,
                                       _queue_name=queue_name(), _defer_by=delay or None)

    return enqueue


async def send_notification(ctx: dict[str, Any], notification_id: str) -> str | None:
    state = await notifications.deliver_notification(uuid.UUID(notification_id), notification_enqueuer(ctx))
    return state.value if state else None


async def scheduler_tick(ctx: dict[str, Any]) -> None:
    await schedule_due_jobs(ctx)


async def startup(ctx: dict[str, Any]) -> None:
    # Refuses to run when an internal of Piccolo that backend/core/db.py relies on is missing (the worker uses no
    # other library's internals).
    check_internals()
    register_reactions()
    # A worker embedded in a process that already has a pool (the tests) leaves it to its owner.
    ctx["owns_resources"] = engine().pool is None
    if ctx["owns_resources"]:
        configure_logging(production=get_settings().app.is_production)
        await open_pool()
    await require_routines()
    # Publish what a dead API process left, and catch up on scheduled runs missed while no worker ran.
    await relay_unpublished_once()
    await schedule_due_jobs(ctx)
    await resume_stale_import_runs()
    ctx["relay_stop"] = asyncio.Event()
    ctx["relay"] = asyncio.create_task(run_relay(ctx["relay_stop"]))
    # Turn the outbox's events into notifications and queue their sending (at once, then every fraction of a second).
    await notifications.dispatch_once(notification_enqueuer(ctx))
    ctx["notifications"] = asyncio.create_task(
        notifications.run_dispatcher(ctx["relay_stop"], notification_enqueuer(ctx)))


async def shutdown(ctx: dict[str, Any]) -> None:
    if "relay" in ctx:
        ctx["relay_stop"].set()
        await ctx["relay"]
        await ctx["notifications"]
    await flush_published_marks()
    if ctx.get("owns_resources"):
        await close_pool()
        await close_redis()


class WorkerSettings:
    functions = [run_scheduled, make_return_photo_thumbnail, shop_import, shop_webhook, send_notification]
    cron_jobs = [cron(scheduler_tick, second=0, run_at_startup=False, unique=True)]
    on_startup = startup
    on_shutdown = shutdown
    redis_settings = RedisSettings.from_dsn(get_settings().redis.url)
    queue_name = queue_name()
    health_check_interval = 10
    max_tries = 5
    job_timeout = 600
