"""The shops domain's events (topics SHOP and IMPORT_RUN): names and payloads. Credentials never appear."""

from __future__ import annotations

from typing import Any, Literal

from backend.events.outbox import UnitOfWork
from backend.events.topics import EventTopic
from backend.shops.tables import ImportRun, Shop

ShopEvent = Literal["shop.connected", "shop.updated", "shop.disconnected", "shop.health_changed"]
ImportRunEvent = Literal["importRun.queued", "importRun.started", "importRun.progress", "importRun.finished"]


def shop_payload(shop: Shop) -> dict[str, Any]:
    return {"name": shop.name, "kind": shop.kind, "health": shop.health, "lastError": shop.last_error,
            "isActive": shop.is_active}


def run_payload(run: ImportRun) -> dict[str, Any]:
    return {"shopId": str(run.shop), "status": run.status, "trigger": run.trigger, "fetched": run.fetched,
            "created": run.created, "updated": run.updated, "duplicates": run.duplicates, "ignored": run.ignored,
            "failed": run.failed, "error": run.error}


def record_shop(uow: UnitOfWork, event: ShopEvent, shop: Shop) -> None:
    uow.record(EventTopic.SHOP, event, entity_type="Shop", entity_id=shop.id, merchant_id=shop.merchant,
               payload=shop_payload(shop))


def record_run(uow: UnitOfWork, event: ImportRunEvent, run: ImportRun) -> None:
    uow.record(EventTopic.IMPORT_RUN, event, entity_type="ImportRun", entity_id=run.id, merchant_id=run.merchant,
               payload=run_payload(run))
