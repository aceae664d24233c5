"""The shops domain's front door: connecting a merchant's shops, testing them, pulling their orders as import
runs on the workers, and taking their webhooks. Behind it:

- importing.py: one shop order through the orders intake, and the paged pull behind an import run
- woocommerce.py, woo_orders.py: WooCommerce's REST API v3 and its order shape
- tracking.py: shipped parcels told back to the shops (`push_tracking`, a periodic job)
- credentials.py: the credentials' encryption; queue.py: the jobs handed to the workers
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit
from uuid import UUID, uuid4

from backend.catalog.tables import Warehouse
from backend.core.authorization import SYSTEM, Actor, Permission, resolve_merchant
from backend.core.clock import utcnow
from backend.core.errors import FieldChecks, InvalidInput, NotFound, ValidationFailed
from backend.core.queries import rows_by_ids
from backend.events.outbox import unit_of_work
from backend.shops.credentials import UnreadableCredentials, reseal, seal, unseal
from backend.shops.events import record_run, record_shop
from backend.shops.csv_orders import CsvProblems, parse_orders, skus_in
from backend.shops.importing import Key, Tally, backoff, import_order, import_upload, products_by_sku, pull_orders
from backend.shops.model import (
    FINISHED,
    PULLED,
    SECRET_NAMES,
    RunStatus,
    RunTrigger,
    ShopHealth,
    ShopKind,
    SkuRule,
    shop_sku,
)
from backend.shops.queue import enqueue
from backend.shops.tables import ImportRun, Shop, WebhookDelivery
from backend.shops.tracking import push_tracking  # noqa: F401 - the periodic job's entry, through the front door
from backend.settings import get_settings
from backend.shops.woocommerce import ShopProblem, WooClient, signature_matches

log = logging.getLogger(__name__)

WEBHOOK_TOPICS = frozenset({"order.created", "order.updated"})


@dataclass(frozen=True)
class ShopInput:
    """What `shopConnect` and `shopUpdate` take; None leaves a value as it is (on update)."""

    kind: str | None = None
    name: str | None = None
    base_url: str | None = None
    # Secrets by name (`SECRET_NAMES`); only those given are replaced.
    secrets: dict[str, str] | None = None
    warehouse_id: UUID | None = None
    sku_rule: str | None = None
    sku_prefix: str | None = None


# ---------------------------------------------------------------- reading


def _scope(actor: Actor) -> list:
    return [] if actor.is_operator else [Shop.merchant == actor.merchant_id]


async def list_shops(actor: Actor, merchant_id: UUID | None = None) -> list[Shop]:
    actor.require(Permission.SHOPS_READ)
    query = Shop.objects().where(Shop.is_active == True)  # noqa: E712
    for condition in _scope(actor):
        query = query.where(condition)
    if merchant_id is not None:
        query = query.where(Shop.merchant == merchant_id)
    return await query.order_by(Shop.name)


async def shops_by_ids(actor: Actor, ids: list[UUID]) -> dict[UUID, Shop]:
    return await rows_by_ids(Shop, ids, _scope(actor)) if actor.can(Permission.SHOPS_READ) else {}


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


def secret_names_set(shop: Shop) -> list[str]:
    """Which secrets are stored (never their values)."""
    try:
        return sorted(name for name, value in unseal(shop.credentials).items() if value)
    except UnreadableCredentials:
        return []


# ---------------------------------------------------------------- connecting


def _clean_url(url: str) -> str:
    text = url.strip().rstrip("/")
    if not text:
        return ""  # shops that send their orders need none; pulled ones are told below
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc or len(text) > 300:
        raise ValidationFailed("The shop's address, like https://shop.example.com", field="baseUrl")
    if parts.username or parts.password or parts.query or parts.fragment:
        raise ValidationFailed("The address without credentials, query or fragment", field="baseUrl")
    return text


def _clean_name(name: str) -> str:
    text = " ".join(name.split())
    if not 1 <= len(text) <= 80:
        raise ValidationFailed("1 to 80 characters", field="name", code="REQUIRED" if not text else "TOO_LONG")
    return text


def _clean_secrets(kind: ShopKind, secrets: dict[str, str]) -> dict[str, str]:
    allowed = SECRET_NAMES[kind]
    for name, value in secrets.items():
        if name not in allowed:
            raise ValidationFailed(f"A {kind.value} shop takes no {name}", field=f"credentials.{name}")
        if len(value) > 500:
            raise ValidationFailed("At most 500 characters", field=f"credentials.{name}", code="TOO_LONG")
    return {name: value.strip() for name, value in secrets.items()}


def _enum(value: str, kind: type, field: str):  # noqa: ANN202
    try:
        return kind(value)
    except ValueError:
        raise ValidationFailed(f"Unknown value {value!r}", field=field) from None


async def _check_warehouse(warehouse_id: UUID | None) -> None:
    if warehouse_id is not None and not await Warehouse.exists().where(
            (Warehouse.id == warehouse_id) & (Warehouse.is_active == True)):  # noqa: E712
        raise NotFound("No such active warehouse", field="warehouseId")


def _apply(shop: Shop, kind: ShopKind, given: ShopInput, checks: FieldChecks) -> None:
    """The input's values onto the shop, each checked."""
    if given.name is not None:
        shop.name = checks.check(_clean_name, given.name) or shop.name
    if given.base_url is not None:
        shop.base_url = checks.check(_clean_url, given.base_url) or ""
    if given.sku_rule is not None:
        shop.sku_rule = (checks.check(_enum, given.sku_rule, SkuRule, "skuRule") or SkuRule.EXACT).value
    if given.sku_prefix is not None:
        prefix = given.sku_prefix.strip()
        if len(prefix) > 40:
            checks.errors.append(ValidationFailed("At most 40 characters", field="skuPrefix", code="TOO_LONG"))
        shop.sku_prefix = prefix
    if given.warehouse_id is not None:
        shop.warehouse = given.warehouse_id
    secrets = checks.check(_clean_secrets, kind, given.secrets or {}) or {}
    if secrets:
        stored = unseal(shop.credentials) if shop.credentials else {}
        shop.credentials = seal({**stored, **secrets})
    elif shop.credentials:
        shop.credentials = reseal(shop.credentials)
    if kind in PULLED and not shop.base_url:
        checks.errors.append(ValidationFailed("Give the shop's address", field="baseUrl", code="REQUIRED"))


async def _name_taken(merchant_id: UUID, name: str, but: UUID | None) -> bool:
    query = Shop.exists().where((Shop.merchant == merchant_id) & ((Shop.name == name) | (Shop.source_key == name)))
    return await (query.where(Shop.id != but) if but else query)


async def connect_shop(actor: Actor, merchant_id: UUID | None, given: ShopInput) -> Shop:
    actor.require(Permission.SHOPS_WRITE)
    checks = FieldChecks()
    owner = checks.check(resolve_merchant, actor, merchant_id)
    kind = checks.check(_enum, given.kind or "", ShopKind, "kind")
    if kind is None or owner is None:
        checks.raise_if_any()
    shop = Shop(merchant=owner, kind=kind.value)
    _apply(shop, kind, given, checks)
    if given.name is None:
        checks.errors.append(ValidationFailed("Name the shop", field="name", code="REQUIRED"))
    checks.raise_if_any()
    await _check_warehouse(given.warehouse_id)
    shop.source_key = shop.name
    async with unit_of_work(actor) as uow:
        if await _name_taken(owner, shop.name, None):
            raise ValidationFailed("The merchant has a shop of this name", field="name", code="DUPLICATE")
        await shop.save()
        record_shop(uow, "shop.connected", shop)
    return shop


async def _locked_shop(actor: Actor, shop_id: UUID) -> Shop:
    query = Shop.objects().where((Shop.id == shop_id) & (Shop.is_active == True))  # noqa: E712
    for condition in _scope(actor):
        query = query.where(condition)
    shop = await query.lock_rows().first()
    if shop is None:
        raise NotFound("No such shop", field="shopId")
    return shop


async def update_shop(actor: Actor, shop_id: UUID, given: ShopInput) -> Shop:
    actor.require(Permission.SHOPS_WRITE)
    await _check_warehouse(given.warehouse_id)
    async with unit_of_work(actor) as uow:
        shop = await _locked_shop(actor, shop_id)
        checks = FieldChecks()
        _apply(shop, ShopKind(shop.kind), given, checks)
        checks.raise_if_any()
        if given.name is not None and await _name_taken(shop.merchant, shop.name, shop.id):
            raise ValidationFailed("The merchant has a shop of this name", field="name", code="DUPLICATE")
        shop.updated_at = utcnow()
        await shop.save()
        record_shop(uow, "shop.updated", shop)
    return shop


async def disconnect_shop(actor: Actor, shop_id: UUID) -> Shop:
    """The shop stops sending and being pulled; its credentials are erased. Its orders stay."""
    actor.require(Permission.SHOPS_WRITE)
    async with unit_of_work(actor) as uow:
        shop = await _locked_shop(actor, shop_id)
        shop.is_active, shop.credentials = False, ""
        shop.disconnected_at = shop.updated_at = utcnow()
        await shop.save()
        record_shop(uow, "shop.disconnected", shop)
    return shop


@dataclass(frozen=True)
class ShopTestResult:
    ok: bool
    problem: str = ""
    message: str = ""


async def test_shop(actor: Actor, shop_id: UUID) -> ShopTestResult:
    """Ask the shop with the stored credentials; say precisely what is wrong. Changes nothing."""
    actor.require(Permission.SHOPS_WRITE)
    shop = await _locked_shop_read(actor, shop_id)
    if ShopKind(shop.kind) is not ShopKind.WOOCOMMERCE:
        return ShopTestResult(False, "NOT_SUPPORTED", f"{shop.kind} shops cannot be tested yet")
    try:
        secrets = unseal(shop.credentials)
        if not secrets.get("consumerKey") or not secrets.get("consumerSecret"):
            return ShopTestResult(False, "MISSING_CREDENTIALS", "Enter the consumer key and secret")
        async with WooClient(shop.base_url, secrets["consumerKey"], secrets["consumerSecret"]) as client:
            await client.check()
    except UnreadableCredentials as error:
        return ShopTestResult(False, "MISSING_CREDENTIALS", str(error))
    except ShopProblem as problem:
        return ShopTestResult(False, problem.code, problem.message)
    return ShopTestResult(True, "", "Connected: orders can be read and updated")


async def _locked_shop_read(actor: Actor, shop_id: UUID) -> Shop:
    shop = (await shops_by_ids(actor, [shop_id])).get(shop_id)
    if shop is None or not shop.is_active:
        raise NotFound("No such shop", field="shopId")
    return shop


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
    shop = await _locked_shop_read(actor, shop_id)
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
    shop = await _locked_shop_read(actor, shop_id)
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


# ---------------------------------------------------------------- webhooks


@dataclass(frozen=True)
class WebhookAnswer:
    status: int
    text: str


async def receive_webhook(shop_id: UUID, headers: dict[str, str], body: bytes) -> WebhookAnswer:
    """WooCommerce's delivery: its signature checked before anything else, stored once per delivery id and
    handed to a worker. Only the signature's check and one insert stand between the shop and its answer."""
    shop = await Shop.objects().where((Shop.id == shop_id) & (Shop.is_active == True)).first()  # noqa: E712
    secret = ""
    if shop is not None and shop.kind == ShopKind.WOOCOMMERCE.value:
        try:
            secret = unseal(shop.credentials).get("webhookSecret", "")
        except UnreadableCredentials:
            secret = ""
    if not signature_matches(secret, body, headers.get("x-wc-webhook-signature")):
        return WebhookAnswer(401, "Signature missing or not valid")
    topic = headers.get("x-wc-webhook-topic", "")
    delivery_id = (headers.get("x-wc-webhook-delivery-id") or "").strip()[:100]
    if topic not in WEBHOOK_TOPICS or not delivery_id:
        # WooCommerce's ping when a webhook is saved, and topics we did not ask for, are acknowledged only.
        return WebhookAnswer(200, "Acknowledged")
    rows = await WebhookDelivery.raw(
        "INSERT INTO shop_webhook_delivery (id, shop, delivery_id, topic, body, received_at, outcome, detail) "
        "VALUES (gen_random_uuid(), {}, {}, {}, {}, now(), '', '') ON CONFLICT (shop, delivery_id) DO NOTHING "
        "RETURNING id", shop_id, delivery_id, topic, body.decode("utf-8", "replace"))
    if rows:
        await enqueue("shop_webhook", str(rows[0]["id"]), job_id=f"shop-webhook:{rows[0]['id']}")
    return WebhookAnswer(200, "Accepted")


async def requeue_unprocessed_deliveries() -> int:
    """Deliveries stored but not processed a minute later (their job was lost with Redis, or failed every try)
    are handed to a worker again; processing is idempotent."""
    waiting = await WebhookDelivery.select(WebhookDelivery.id).where(
        WebhookDelivery.processed_at.is_null() & (WebhookDelivery.received_at < utcnow() - timedelta(minutes=1)))
    for row in waiting:
        await enqueue("shop_webhook", str(row["id"]), job_id=f"shop-webhook:{row['id']}:{uuid4().hex[:8]}")
    return len(waiting)


async def process_webhook(delivery_id: UUID) -> None:
    """The job behind a stored delivery: its order through the same import as a pull's."""
    delivery = await WebhookDelivery.objects().where(WebhookDelivery.id == delivery_id).first()
    if delivery is None or delivery.processed_at is not None:
        return
    shop = await Shop.objects().where(Shop.id == delivery.shop).first()
    try:
        order: Any = json.loads(delivery.body)
    except ValueError:
        order = None
    if not shop.is_active:
        outcome_kind, detail = "IGNORED", "The shop was disconnected"
    elif not isinstance(order, dict) or "id" not in order:
        outcome_kind, detail = "FAILED", "The delivery holds no order"
    else:
        outcome = await import_order(shop, order)
        outcome_kind, detail = outcome.kind, outcome.reason
    await WebhookDelivery.update({WebhookDelivery.processed_at: utcnow(), WebhookDelivery.outcome: outcome_kind,
                                  WebhookDelivery.detail: detail[:500]}).where(WebhookDelivery.id == delivery_id)
