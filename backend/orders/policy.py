"""A merchant's order policy: its settings (which payment methods wait for payment, its time zone), and where a
placed order belongs by them."""

from __future__ import annotations

from uuid import UUID

from backend.core.queries import json_value
from backend.orders.model import OrderStatus, check_transition, settled_status
from backend.orders.tables import Order, OrderSettings

# Where the day and the month start for operators looking at all merchants (see `merchant_timezone`).
OPERATOR_TIMEZONE = "Europe/Berlin"


async def settings_for(merchant_id: UUID) -> OrderSettings:
    """The merchant's settings, made with the table's defaults on first use (routine `order_settings_ensure`)."""
    settings = await OrderSettings.objects().where(OrderSettings.merchant == merchant_id).first()
    if settings is None:
        await OrderSettings.raw("SELECT order_settings_ensure({})", merchant_id)
        settings = await OrderSettings.objects().where(OrderSettings.merchant == merchant_id).first()
    assert settings is not None
    return settings


async def merchant_timezone(merchant_id: UUID | None) -> str:
    """Where a merchant's day (and month) starts; operators looking at all merchants: the fulfillment center's.
    Read only: a merchant without settings yet has the default zone."""
    if merchant_id is None:
        return OPERATOR_TIMEZONE
    rows = await OrderSettings.select(OrderSettings.timezone).where(OrderSettings.merchant == merchant_id)
    return rows[0]["timezone"] if rows else OrderSettings.timezone.default


def prepaid_methods(settings: OrderSettings) -> list[str]:
    return list(json_value(settings.prepaid_methods) or [])


def status_after_placement(order: Order, fully_reserved: bool, settings: OrderSettings) -> OrderStatus:
    return settled_status(fully_reserved=fully_reserved, payment_method=order.payment_method,
                          payment_status=order.payment_status, prepaid_methods=prepaid_methods(settings))


def placement_targets(order: Order, settings: OrderSettings, hold_reason: str) -> tuple[OrderStatus, OrderStatus]:
    """Where placing the order leaves it when every unit is reserved, and when some are missing (an address that
    fails the check holds it either way); both moves are checked."""
    if_reserved = OrderStatus.ON_HOLD if hold_reason else status_after_placement(order, True, settings)
    if_short = OrderStatus.ON_HOLD if hold_reason else status_after_placement(order, False, settings)
    for target in (if_reserved, if_short):
        check_transition(OrderStatus(order.status), target, order.number)
    return if_reserved, if_short
