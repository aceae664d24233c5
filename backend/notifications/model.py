"""The notifications' vocabulary without a database: channels, states, the message kinds and who gets each."""

from __future__ import annotations

import enum


class Channel(str, enum.Enum):
    EMAIL = "EMAIL"
    # Reserved for signed deliveries to merchants' own systems (issue 18, item 3).
    WEBHOOK = "WEBHOOK"


class State(str, enum.Enum):
    PENDING = "PENDING"
    # Claimed by a worker that is sending it now (until its lease runs out).
    SENDING = "SENDING"
    SENT = "SENT"
    FAILED = "FAILED"
    # Not sent on purpose: the merchant switched the message off, or there is nobody to send it to.
    SUPPRESSED = "SUPPRESSED"


class Audience(str, enum.Enum):
    MERCHANT = "MERCHANT"
    CUSTOMER = "CUSTOMER"


class Template(str, enum.Enum):
    """A message kind; its value names its templates (templates/<value>.html.j2 and .txt.j2)."""

    NEW_ORDER = "new_order"
    NEW_ORDER_DIGEST = "new_order_digest"
    ORDER_ON_HOLD = "order_on_hold"
    BACKORDER = "backorder"
    ORDER_RECEIPT = "order_receipt"
    SHIPPED = "shipped"
    READY_FOR_PICKUP = "ready_for_pickup"
    DELIVERED = "delivered"

    @property
    def audience(self) -> Audience:
        return Audience.CUSTOMER if self in CUSTOMER_TEMPLATES else Audience.MERCHANT

    @property
    def setting(self) -> MessageKind:
        """The merchant's switch that governs it (the digest is the new-order message, collected)."""
        return MessageKind.NEW_ORDER if self is Template.NEW_ORDER_DIGEST else MessageKind(self.name)


CUSTOMER_TEMPLATES = frozenset({Template.ORDER_RECEIPT, Template.SHIPPED, Template.READY_FOR_PICKUP,
                                Template.DELIVERED})


class MessageKind(str, enum.Enum):
    """What a merchant switches on or off, and may give its own subject and introduction."""

    NEW_ORDER = "NEW_ORDER"
    ORDER_ON_HOLD = "ORDER_ON_HOLD"
    BACKORDER = "BACKORDER"
    ORDER_RECEIPT = "ORDER_RECEIPT"
    SHIPPED = "SHIPPED"
    READY_FOR_PICKUP = "READY_FOR_PICKUP"
    DELIVERED = "DELIVERED"


class NewOrderMode(str, enum.Enum):
    INSTANT = "INSTANT"
    DIGEST = "DIGEST"


MIN_DIGEST_MINUTES = 5
MAX_DIGEST_MINUTES = 24 * 60
MAX_SUBJECT = 200
MAX_INTRO = 1000
