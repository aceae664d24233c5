"""Event topics and who may see them."""

from __future__ import annotations

import enum

from backend.core.authorization import Actor, Permission


class EventTopic(str, enum.Enum):
    MERCHANT = "MERCHANT"
    USER = "USER"
    API_KEY = "API_KEY"
    PRODUCT = "PRODUCT"
    STOCK = "STOCK"
    INBOUND = "INBOUND"
    ORDER = "ORDER"
    PICKLIST = "PICKLIST"
    SHIPMENT = "SHIPMENT"
    RETURN = "RETURN"
    SHOP = "SHOP"
    IMPORT_RUN = "IMPORT_RUN"


TOPIC_PERMISSION: dict[EventTopic, Permission] = {
    EventTopic.MERCHANT: Permission.MERCHANTS_READ,
    EventTopic.USER: Permission.USERS_READ,
    EventTopic.API_KEY: Permission.API_KEYS_READ,
    EventTopic.PRODUCT: Permission.PRODUCTS_READ,
    EventTopic.STOCK: Permission.STOCK_READ,
    EventTopic.INBOUND: Permission.INBOUNDS_READ,
    EventTopic.ORDER: Permission.ORDERS_READ,
    EventTopic.PICKLIST: Permission.PICKLISTS_READ,
    EventTopic.SHIPMENT: Permission.PARCELS_READ,
    EventTopic.RETURN: Permission.RETURNS_READ,
    EventTopic.SHOP: Permission.SHOPS_READ,
    EventTopic.IMPORT_RUN: Permission.SHOPS_READ,
}


def topics_visible_to(actor: Actor) -> frozenset[EventTopic]:
    if not actor.can(Permission.EVENTS_READ):
        return frozenset()
    return frozenset(t for t, p in TOPIC_PERMISSION.items() if actor.can(p))
