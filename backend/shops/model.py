"""The shops domain's vocabulary: kinds of shop, how SKUs map, health and import runs."""

from __future__ import annotations

import enum


class ShopKind(str, enum.Enum):
    SHOPIFY = "SHOPIFY"
    WOOCOMMERCE = "WOOCOMMERCE"
    CSV = "CSV"
    API = "API"


# The secrets each kind of shop takes; any other is refused.
SECRET_NAMES: dict[ShopKind, tuple[str, ...]] = {
    ShopKind.SHOPIFY: ("accessToken", "webhookSecret"),
    ShopKind.WOOCOMMERCE: ("consumerKey", "consumerSecret", "webhookSecret"),
    ShopKind.CSV: (),
    ShopKind.API: (),
}
# Kinds whose orders Packline fetches itself (the others send or upload them).
PULLED = frozenset({ShopKind.WOOCOMMERCE})


class SkuRule(str, enum.Enum):
    EXACT = "EXACT"
    IGNORE_CASE = "IGNORE_CASE"


class ShopHealth(str, enum.Enum):
    UNKNOWN = "UNKNOWN"
    HEALTHY = "HEALTHY"
    UNHEALTHY = "UNHEALTHY"


class RunTrigger(str, enum.Enum):
    SCHEDULE = "SCHEDULE"
    MANUAL = "MANUAL"
    UPLOAD = "UPLOAD"


class RunStatus(str, enum.Enum):
    QUEUED = "QUEUED"
    RUNNING = "RUNNING"
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"


FINISHED = frozenset({RunStatus.SUCCEEDED.value, RunStatus.FAILED.value})


def shop_sku(sku: str, rule: str, prefix: str) -> str:
    """The SKU of ours a shop's SKU names: the shop's prefix cut, compared as the rule says."""
    text = sku.strip()
    if prefix and text.startswith(prefix):
        text = text[len(prefix):]
    return text.upper() if rule == SkuRule.IGNORE_CASE.value else text
