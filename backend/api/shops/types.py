from __future__ import annotations

import enum
import json
from datetime import datetime
from uuid import UUID

import strawberry
from strawberry.types import Info

from backend.api.accounts.types import Merchant, load_merchant
from backend.api.catalog.types import Warehouse, load_warehouse
from backend.api.context import batch_loader
from backend.api.errors import mutation_payload
from backend.api.node import Node, global_id, register_node
from backend.shops import services as shop_services
from backend.shops.tables import ImportRun as ImportRunRow
from backend.shops.tables import Shop as ShopRow

ShopKindType = strawberry.enum(enum.Enum("ShopKind", {k: k for k in ("SHOPIFY", "WOOCOMMERCE", "CSV", "API")}),
                               description="Which shop system the orders come from.")
SkuRuleType = strawberry.enum(enum.Enum("SkuRule", {k: k for k in ("EXACT", "IGNORE_CASE")}),
                              description="How the shop's SKUs are compared with ours (after cutting skuPrefix).")
ShopHealthType = strawberry.enum(enum.Enum("ShopHealth", {k: k for k in ("UNKNOWN", "HEALTHY", "UNHEALTHY")}),
                                 description="Whether the last pull of the shop's orders worked.")
ImportRunStatusType = strawberry.enum(
    enum.Enum("ImportRunStatus", {k: k for k in ("QUEUED", "RUNNING", "SUCCEEDED", "FAILED")}),
    description="Where an import run stands.")
ImportRunTriggerType = strawberry.enum(enum.Enum("ImportRunTrigger", {k: k for k in ("SCHEDULE", "MANUAL", "UPLOAD")}),
                                       description="What started an import run.")


@strawberry.type(description="A shop order that could not be imported, and why.")
class ImportFailure:
    external_id: str
    number: str
    reason: str


@strawberry.type(description="One pull of a shop's orders: what was fetched and what became of it.")
class ImportRun(Node):
    status: ImportRunStatusType  # type: ignore[valid-type]
    trigger: ImportRunTriggerType  # type: ignore[valid-type]
    fetched: int
    created: int
    updated: int
    duplicates: int = strawberry.field(description="Orders Packline already had, unchanged.")
    ignored: int = strawberry.field(description="Orders the shop needs no fulfillment for (cancelled, completed …).")
    failed: int
    failures: list[ImportFailure]
    error: str = strawberry.field(description="Why the run stopped, when it failed.")
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None

    @classmethod
    def from_row(cls, row: ImportRunRow) -> ImportRun:
        failures = json.loads(row.failures) if isinstance(row.failures, str) else row.failures
        return cls(
            id=global_id("ImportRun", row.id), status=ImportRunStatusType[row.status],
            trigger=ImportRunTriggerType[row.trigger], fetched=row.fetched, created=row.created,
            updated=row.updated, duplicates=row.duplicates, ignored=row.ignored, failed=row.failed,
            failures=[ImportFailure(external_id=f["externalId"], number=f["number"], reason=f["reason"])
                      for f in failures or []],
            error=row.error, created_at=row.created_at, started_at=row.started_at, finished_at=row.finished_at,
        )


async def _runs(actor, ids):  # noqa: ANN001, ANN202
    return await shop_services.runs_of(ids, 10)


@strawberry.type(description="A merchant's shop connection. Its credentials are never shown, only which are set.")
class Shop(Node):
    kind: ShopKindType  # type: ignore[valid-type]
    name: str
    base_url: str
    sku_rule: SkuRuleType  # type: ignore[valid-type]
    sku_prefix: str
    credentials_set: list[str] = strawberry.field(description="The names of the secrets stored (never their values).")
    webhook_path: str = strawberry.field(description="Where the shop sends its webhooks (WooCommerce), under our address.")
    health: ShopHealthType  # type: ignore[valid-type]
    last_error: str
    last_error_at: datetime | None
    last_synced_at: datetime | None
    retry_at: datetime | None = strawberry.field(description="Scheduled pulls wait until then after a failure.")
    created_at: datetime
    _id: strawberry.Private[UUID]
    _merchant_id: strawberry.Private[UUID]
    _warehouse_id: strawberry.Private[UUID | None]

    @strawberry.field
    async def merchant(self, info: Info) -> Merchant | None:
        return await load_merchant(info, self._merchant_id)

    @strawberry.field(description="The warehouse that ships the shop's orders (null: the first active one).")
    async def warehouse(self, info: Info) -> Warehouse | None:
        return await load_warehouse(info, self._warehouse_id) if self._warehouse_id else None

    @strawberry.field(description="The latest import runs, newest first (at most 10).")
    async def import_runs(self, info: Info) -> list[ImportRun]:
        rows = await batch_loader(info, "shop_import_runs", _runs).load(self._id)
        return [ImportRun.from_row(row) for row in rows or []]

    @classmethod
    def from_row(cls, row: ShopRow) -> Shop:
        from backend.shops.routes import WEBHOOKS_PATH

        return cls(
            id=global_id("Shop", row.id), kind=ShopKindType[row.kind], name=row.name, base_url=row.base_url,
            sku_rule=SkuRuleType[row.sku_rule], sku_prefix=row.sku_prefix,
            credentials_set=shop_services.secret_names_set(row), webhook_path=f"{WEBHOOKS_PATH}/{row.id}",
            health=ShopHealthType[row.health], last_error=row.last_error, last_error_at=row.last_error_at,
            last_synced_at=row.last_synced_at, retry_at=row.retry_at, created_at=row.created_at, _id=row.id,
            _merchant_id=row.merchant, _warehouse_id=row.warehouse,
        )


@strawberry.input(description="A shop's secrets; only those given are replaced. Never shown again once saved.")
class ShopCredentialsInput:
    access_token: str | None = strawberry.field(default=None, description="Shopify: the Admin API access token.")
    consumer_key: str | None = strawberry.field(default=None, description="WooCommerce: the REST API consumer key (ck_…).")
    consumer_secret: str | None = strawberry.field(default=None, description="WooCommerce: the consumer secret (cs_…).")
    webhook_secret: str | None = strawberry.field(default=None, description="The secret the shop signs webhooks with.")

    def as_secrets(self) -> dict[str, str]:
        given = {"accessToken": self.access_token, "consumerKey": self.consumer_key,
                 "consumerSecret": self.consumer_secret, "webhookSecret": self.webhook_secret}
        return {name: value for name, value in given.items() if value is not None}


ShopPayload = mutation_payload("ShopPayload", shop=Shop)

register_node("Shop", shop_services.shops_by_ids, Shop.from_row)
register_node("ImportRun", shop_services.runs_by_ids, ImportRun.from_row)
