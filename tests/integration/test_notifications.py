"""Notifications from the outbox: a real SMTP server (aiosmtpd) receives the mails a worker sends for orders placed,
held, backordered, shipped, ready for pickup and delivered — in the merchant's language, HTML and plain text, from
the merchant's name with its reply-to address — and the merchant's settings switch messages off, change subjects
and introductions, and collect new orders into a digest."""

from __future__ import annotations

from datetime import timedelta

import pytest

from backend.accounts.branding import DocumentLanguage, update_document_settings
from backend.core.authorization import SYSTEM
from backend.core.clock import utcnow
from backend.notifications import services as notifications
from backend.notifications.model import MessageKind, NewOrderMode
from backend.notifications.preferences import MessageChange, PreferencesChange
from backend.notifications.tables import Notification
from backend.orders.model import Customer, LineRequest, OrderRequest, ShippingMethod
from backend.orders.services import create_order, hold_order
from backend.picking import services as picking
from backend.shipping import services as shipping
from tests.integration.orders_support import ADDRESS
from tests.integration.test_picking import picker
from tests.support import make_product, make_tenant, make_warehouse, put_stock, run_worker_burst, unique


@pytest.fixture(scope="module")
async def shop():
    home = await make_tenant()
    warehouse = await make_warehouse()
    cream = await make_product(home.merchant, name="Hautcreme", weight_grams=80)
    await put_stock(cream, warehouse, 500, "B-01")
    return {"home": home, "warehouse": warehouse, "cream": cream}


async def place(shop: dict, quantity: int = 2, email: str | None = None, **extra):  # noqa: ANN003, ANN201
    email = email or f"{unique('kunde')}@example.test"
    order, _ = await create_order(SYSTEM, OrderRequest(
        merchant_id=shop["home"].merchant.id, lines=[LineRequest(shop["cream"].id, quantity, "9.90")],
        customer=Customer("Erika Mustermann", email), shipping_address=ADDRESS, warehouse_id=shop["warehouse"].id,
        **extra))
    return order, email


async def test_a_new_order_mails_the_customer_a_receipt_and_the_merchant_in_german(shop, mail_server):
    order, customer = await place(shop)
    await run_worker_burst()
    inbox = mail_server.inbox
    [receipt] = await inbox.wait_for(customer)
    message = receipt.message
    assert message["Subject"] == f"Ihre Bestellung {order.number} bei {shop['home'].merchant.name}"
    assert message["Content-Language"] == "de"
    assert shop["home"].merchant.name in message["From"]
    text, html = receipt.part("plain"), receipt.part("html")
    assert "Hallo Erika Mustermann," in text and "Vielen Dank für Ihre Bestellung" in text
    assert "2 × Hautcreme" in text and "19,80 EUR" in text and "10115 Berlin" in text
    assert "<html lang=\"de\">" in html and "19,80 EUR" in html and "Hautcreme" in html
    [to_merchant] = await inbox.wait_for(shop["home"].admin.email)
    assert to_merchant.message["Subject"] == f"Neue Bestellung {order.number}"
    assert "Erika Mustermann" in to_merchant.part("plain")
    rows = await Notification.select(Notification.template, Notification.state, Notification.recipient).where(
        Notification.sales_order == order.id)
    assert sorted((r["template"], r["state"], r["recipient"]) for r in rows) == sorted([
        ("order_receipt", "SENT", customer), ("new_order", "SENT", shop["home"].admin.email)])
