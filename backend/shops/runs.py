"""Import runs: pulls (scheduled per shop and on demand) and uploaded files, each an arq job whose counts, cursor
and events are committed page by page; runs a dead worker left are taken up again."""

from __future__ import annotations

import json
import logging
from datetime import datetime, timedelta
from uuid import UUID, uuid4

from backend.core.authorization import SYSTEM, Actor, Permission
from backend.core.clock import utcnow
from backend.core.errors import InvalidInput, ValidationFailed
from backend.core.queries import rows_by_ids
from backend.events.outbox import unit_of_work
from backend.settings import get_settings
from backend.shops.connections import reachable_shop
from backend.shops.credentials import UnreadableCredentials
from backend.shops.csv_orders import CsvProblems, parse_orders, skus_in
from backend.shops.events import record_run, record_shop
from backend.shops.importing import Key, Tally, backoff, import_upload, products_by_sku, pull_orders
from backend.shops.model import FINISHED, PULLED, RunStatus, RunTrigger, ShopHealth, ShopKind, shop_sku
from backend.shops.queue import enqueue
from backend.shops.tables import ImportRun, Shop
from backend.shops.webhooks import requeue_unprocessed_deliveries
from backend.shops.woocommerce import ShopProblem

log = logging.getLogger(__name__)


# ---------------------------------------------------------------- reading


async def runs_by_ids(actor: Actor, ids: list[UUID]) -> dict[UUID, ImportRun]:
    if not actor.can(Permission.SHOPS_READ):
        return {}
    return await rows_by_ids(ImportRun, ids, [] if actor.is_operator else [ImportRun.merchant == actor.merchant_id])


async def runs_of(shop_ids: list[UUID], first: int) -> dict[UUID, list[ImportRun]]:
    """Each shop's latest runs, newest first (the shops were read through the actor's scope)."""
    found: dict[UUID, list[ImportRun]] = {shop_id: [] for shop_id in shop_ids}
    if shop_ids:
        rows = await ImportRun.raw(
            "SELECT * FROM (SELECT *, row_number() OVER (PARTITION BY shop ORDER BY created_at DESC) AS n "
            "FROM shop_import_run WHERE shop = ANY({})) r WHERE n <= {} ORDER BY created_at DESC",
            list(shop_ids), max(1, min(first, 100)))
        for row in rows:
            row.pop("n")
            row["failures"] = json.loads(row["failures"]) if isinstance(row["failures"], str) else row["failures"]
            found[row["shop"]].append(ImportRun(**row, _exists_in_db=True))
    return found



# ---------------------------------------------------------------- import runs


def _stale_before() -> datetime:
    return utcnow() - timedelta(seconds=get_settings().shops.run_stale_seconds)


_UNFINISHED = [RunStatus.QUEUED.value, RunStatus.RUNNING.value]


async def _live_run(shop_id: UUID) -> ImportRun | None:
    return await ImportRun.objects().where(
        (ImportRun.shop == shop_id) & ImportRun.status.is_in(_UNFINISHED) & (ImportRun.heartbeat_at > _stale_before())
    ).order_by(ImportRun.created_at, ascending=False).first()


async def resume_stale_runs() -> int:
    """Queue again every unfinished run whose worker died (or whose job was lost): it goes on from the shop's
    cursor. The job id is new, since arq still counts the dead worker's job as in progress."""
    stale = await ImportRun.objects().where(ImportRun.status.is_in(_UNFINISHED) & (ImportRun.heartbeat_at <= _stale_before()))
    for run in stale:
        await ImportRun.update({ImportRun.heartbeat_at: utcnow()}).where(ImportRun.id == run.id)
        await enqueue("shop_import", str(run.id), job_id=f"shop-import:{run.id}:{uuid4().hex[:8]}")
    return len(stale)


async def _queue_run(actor: Actor, shop: Shop, trigger: RunTrigger, upload: str = "") -> ImportRun:
    live = await _live_run(shop.id) if trigger is not RunTrigger.UPLOAD else None
    if live is not None:
        return live
    async with unit_of_work(actor) as uow:
        run = ImportRun(shop=shop.id, merchant=shop.merchant, trigger=trigger.value, upload=upload)
        await run.save()
        record_run(uow, "importRun.queued", run)
    await enqueue("shop_import", str(run.id), job_id=f"shop-import:{run.id}")
    return run


async def sync_now(actor: Actor, shop_id: UUID) -> ImportRun:
    """Queue a pull now (backoff or not); a run already queued or running is returned instead."""
    actor.require(Permission.SHOPS_WRITE)
    shop = await reachable_shop(actor, shop_id)
    if ShopKind(shop.kind) not in PULLED:
        raise ValidationFailed(f"Packline does not fetch the orders of {shop.kind} shops", field="shopId",
                               code="NOT_SUPPORTED")
    return await _queue_run(actor, shop, RunTrigger.MANUAL)


# The most problems of a file reported at once (a file wrong throughout would otherwise answer thousands).
MAX_REPORTED_PROBLEMS = 200


async def import_orders_csv(actor: Actor, shop_id: UUID, content: str) -> ImportRun:
    """Check an uploaded file whole (every bad row with its line number; nothing is queued then), and queue its
    import as a run of the shop (a CSV shop), placed on a worker with live progress."""
    actor.require(Permission.SHOPS_WRITE)
    shop = await reachable_shop(actor, shop_id)
    if shop.kind != ShopKind.CSV.value:
        raise ValidationFailed("Upload order files to a CSV shop", field="shopId", code="NOT_SUPPORTED")
    products = await products_by_sku(shop, {shop_sku(sku, shop.sku_rule, shop.sku_prefix) for sku in skus_in(content)})
    try:
        parse_orders(content, lambda sku: products.get(shop_sku(sku, shop.sku_rule, shop.sku_prefix)))
    except CsvProblems as found:
        problems = found.problems[:MAX_REPORTED_PROBLEMS]
        if len(found.problems) > MAX_REPORTED_PROBLEMS:
            problems.append(ValidationFailed(f"… and {len(found.problems) - MAX_REPORTED_PROBLEMS} more problems",
                                             field="csv"))
        raise InvalidInput(problems) from None
    return await _queue_run(actor, shop, RunTrigger.UPLOAD, content)


async def pull_due_shops(slot: datetime) -> int:
    """The periodic pull: a run for every pulled shop not backing off; each shop's run is its own job, so one
    shop's outage stops no other."""
    await resume_stale_runs()
    await requeue_unprocessed_deliveries()
    shops = await Shop.objects().where((Shop.is_active == True) & Shop.kind.is_in([k.value for k in PULLED]))  # noqa: E712
    queued = 0
    for shop in shops:
        if shop.retry_at is None or shop.retry_at <= slot:
            await _queue_run(SYSTEM, shop, RunTrigger.SCHEDULE)
            queued += 1
    return queued


async def _start(run_id: UUID) -> tuple[ImportRun, Shop] | None:
    async with unit_of_work(SYSTEM) as uow:
        run = await ImportRun.objects().where(ImportRun.id == run_id).lock_rows().first()
        if run is None or run.status in FINISHED:
            return None
        shop = await Shop.objects().where(Shop.id == run.shop).first()
        run.status, run.heartbeat_at = RunStatus.RUNNING.value, utcnow()
        run.started_at = run.started_at or run.heartbeat_at
        await run.save()
        record_run(uow, "importRun.started", run)
    return run, shop


async def _commit_page(run: ImportRun, shop: Shop, tally: Tally, last: Key | None) -> None:
    """The page's counts onto the run and the cursor past its orders (all committed by now); the cursor only
    moves forward, so a run racing a stale one never moves it back."""
    async with unit_of_work(SYSTEM) as uow:
        for name in ("fetched", "created", "updated", "duplicates", "ignored", "failed"):
            setattr(run, name, getattr(run, name) + getattr(tally, name))
        run.failures = [*(run.failures if isinstance(run.failures, list) else json.loads(run.failures)),
                        *tally.failures][-500:]
        run.heartbeat_at = utcnow()
        await run.save()
        if last is not None:
            await Shop.raw(
                "UPDATE shop SET cursor_modified = {}, cursor_external_id = {} WHERE id = {} AND "
                "(cursor_modified IS NULL OR (cursor_modified, cursor_external_id) < ({}, {}))",
                last[0], last[1], shop.id, last[0], last[1])
        record_run(uow, "importRun.progress", run)


async def _finish(run: ImportRun, shop_id: UUID, problem: ShopProblem | None) -> None:
    async with unit_of_work(SYSTEM) as uow:
        shop = await Shop.objects().where(Shop.id == shop_id).lock_rows().first()
        now = utcnow()
        was = shop.health
        if problem is None:
            shop.health, shop.consecutive_failures, shop.retry_at, shop.last_synced_at = \
                ShopHealth.HEALTHY.value, 0, None, now
        else:
            shop.health, shop.last_error, shop.last_error_at = ShopHealth.UNHEALTHY.value, problem.message[:500], now
            shop.consecutive_failures += 1
            shop.retry_at = now + backoff(shop.consecutive_failures)
        await shop.save(columns=[Shop.health, Shop.consecutive_failures, Shop.retry_at, Shop.last_synced_at,
                                 Shop.last_error, Shop.last_error_at])
        run.status = (RunStatus.SUCCEEDED if problem is None else RunStatus.FAILED).value
        run.error = problem.message[:500] if problem else ""
        run.finished_at = run.heartbeat_at = now
        await run.save()
        record_run(uow, "importRun.finished", run)
        if shop.health != was:
            record_shop(uow, "shop.health_changed", shop)


async def run_import(run_id: UUID) -> None:
    """The job behind an import run. Safe to run again after a worker died mid-run: every order goes through
    the intake's idempotency and the cursor only ever covers committed orders."""
    started = await _start(run_id)
    if started is None:
        return
    run, shop = started
    if not shop.is_active:
        await _finish(run, shop.id, ShopProblem("DISCONNECTED", "The shop was disconnected"))
        return

    async def on_page(tally: Tally, last: Key | None) -> None:
        await _commit_page(run, shop, tally, last)

    try:
        if run.trigger == RunTrigger.UPLOAD.value:
            await import_upload(shop, run.upload, on_page)
        else:
            await pull_orders(shop, on_page)
    except CsvProblems as found:
        await _finish(run, shop.id, ShopProblem("INVALID_FILE", "; ".join(p.message for p in found.problems[:5])))
    except UnreadableCredentials as error:
        await _finish(run, shop.id, ShopProblem("MISSING_CREDENTIALS", str(error)))
    except ShopProblem as problem:
        log.warning("shop %s: import failed: %s", shop.id, problem.code)
        await _finish(run, shop.id, problem)
    else:
        await _finish(run, shop.id, None)

