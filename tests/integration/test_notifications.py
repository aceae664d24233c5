"""Notifications from the outbox: a real SMTP server (aiosmtpd) receives the mails a worker sends for orders placed,
held, backordered, shipped, ready for pickup and delivered — in the merchant's language, HTML and plain text, from
the merchant's name with its reply-to address — and the merchant's settings switch messages off, change subjects
and introductions, and collect new orders into a digest."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from PIL import Image
from prometheus_client import REGISTRY

from backend.accounts.branding import DocumentLanguage, set_logo, update_document_settings
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


async def picked(shop: dict, order) -> None:  # noqa: ANN001
    me = await picker()
    picklist = await picking.create_picklist(me, warehouse_id=shop["warehouse"].id, order_ids=[order.id])
    await picking.scan(me, picklist.id, "B-01")
    await picking.scan(me, picklist.id, shop["cream"].sku, 2)


async def test_each_parcel_is_announced_once_with_its_tracking_link_in_english(mail_server):
    english = await make_tenant()
    await update_document_settings(SYSTEM, english.merchant.id, language=DocumentLanguage.EN)
    warehouse = await make_warehouse()
    cream = await make_product(english.merchant, name="Face cream", weight_grams=80)
    await put_stock(cream, warehouse, 50, "B-01")
    world = {"home": english, "warehouse": warehouse, "cream": cream}
    order, customer = await place(world)
    await picked(world, order)
    me = await picker()
    [line_id] = [line.id for line in await _lines(order.id)]
    first = await shipping.pack(me, order.id, lines={line_id: 1})
    second = await shipping.pack(me, order.id)
    await shipping.ship(me, first.id, tracking_number="TRACK0001", tracking_url="https://track.example/TRACK0001")
    await shipping.ship(me, second.id, tracking_number="TRACK0002", tracking_url="https://track.example/TRACK0002")
    await shipping.record_tracking_updates(me, first.id, [shipping.TrackingUpdate("e1", "DELIVERED", utcnow())])
    await run_worker_burst()
    await run_worker_burst()  # a second worker start finds the events read and the mails sent
    mails = await mail_server.inbox.wait_for(customer, 4)
    by_subject: dict[str, list] = {}
    for mail in mails:
        by_subject.setdefault(mail.message["Subject"], []).append(mail)
    on_its_way = by_subject.pop(f"Your order {order.number} is on its way")
    assert len(on_its_way) == 2
    links = sorted(link for mail in on_its_way for link in ("TRACK0001", "TRACK0002") if
                   f'href="https://track.example/{link}"' in mail.part("html")
                   and f"https://track.example/{link}" in mail.part("plain"))
    assert links == ["TRACK0001", "TRACK0002"]
    assert all(mail.message["Content-Language"] == "en" and "Hello Erika Mustermann," in mail.part("plain")
               for mail in on_its_way)
    [arrived] = by_subject.pop(f"Your order {order.number} has arrived")
    assert "Parcel P-" in arrived.part("plain")
    assert list(by_subject) == [f"Your order {order.number} at {english.merchant.name}"]


async def _lines(order_id):  # noqa: ANN001, ANN202
    from backend.orders.tables import OrderLine

    return await OrderLine.objects().where(OrderLine.sales_order == order_id)


async def test_ready_for_pickup_goes_to_the_customer_of_a_click_and_collect_order(shop, mail_server):
    order, customer = await place(shop, shipping_method=ShippingMethod.CLICK_AND_COLLECT.value)
    await picked(shop, order)
    me = await picker()
    await shipping.pack(me, order.id)
    await shipping.ready_for_pickup(me, order.id)
    await run_worker_burst()
    mails = await mail_server.inbox.wait_for(customer, 2)
    [ready] = [m for m in mails if "Abholung" in m.message["Subject"]]
    assert ready.message["Subject"] == f"Ihre Bestellung {order.number} liegt zur Abholung bereit"
    assert f"Bestellnummer {order.number}" in ready.part("plain") and f"Bestellnummer {order.number}" in ready.part("html")


async def test_the_merchant_hears_of_backorders_and_holds_with_the_reason(shop, mail_server):
    order, _ = await place(shop, quantity=600)  # 500 in stock, fewer after the other tests
    await hold_order(SYSTEM, order.id, "Adresse prüfen")
    await run_worker_burst()
    admin = shop["home"].admin.email
    await mail_server.inbox.wait_for(admin, 1)
    subjects = {m.message["Subject"]: m for m in mail_server.inbox.to(admin) if order.number in m.message["Subject"]}
    backorder = subjects[f"Bestellung {order.number} wartet auf Ware"]
    assert f"{shop['cream'].sku}: " in backorder.part("plain") and "Stück" in backorder.part("plain")
    held = subjects[f"Bestellung {order.number} angehalten"]
    assert "Grund: Adresse prüfen" in held.part("plain") and "Adresse prüfen" in held.part("html")


async def test_merchant_settings_switch_messages_off_and_change_subject_intro_sender_and_reply_to(mail_server):
    tenant = await make_tenant()
    warehouse = await make_warehouse()
    cream = await make_product(tenant.merchant, name="Creme", weight_grams=80)
    await put_stock(cream, warehouse, 50, "B-01")
    world = {"home": tenant, "warehouse": warehouse, "cream": cream}
    await notifications.update_notification_settings(SYSTEM, tenant.merchant.id, PreferencesChange(
        messages=[MessageChange(MessageKind.ORDER_RECEIPT, enabled=False),
                  MessageChange(MessageKind.NEW_ORDER, subject="Neu: {number}", intro="Schnell packen!")],
        sender_name="Cremewerk Versand", reply_to="Service@Cremewerk.example", merchant_email="lager@cremewerk.example"))
    order, customer = await place(world)
    await run_worker_burst()
    [mail] = await mail_server.inbox.wait_for("lager@cremewerk.example")
    assert mail.message["Subject"] == f"Neu: {order.number}"
    assert mail.message["From"] == "Cremewerk Versand <notifications@packline.local>"
    assert mail.message["Reply-To"] == "service@cremewerk.example"
    assert "Schnell packen!" in mail.part("plain") and "Schnell packen!" in mail.part("html")
    assert mail_server.inbox.to(customer) == [] and mail_server.inbox.to(tenant.admin.email) == []
    receipt = await Notification.objects().where((Notification.sales_order == order.id)
                                                 & (Notification.template == "order_receipt")).first()
    assert receipt.state == "SUPPRESSED" and "Switched off" in receipt.last_error


async def test_new_orders_can_come_as_a_digest_every_n_minutes(mail_server):
    tenant = await make_tenant()
    warehouse = await make_warehouse()
    cream = await make_product(tenant.merchant, name="Creme", weight_grams=80)
    await put_stock(cream, warehouse, 50, "B-01")
    world = {"home": tenant, "warehouse": warehouse, "cream": cream}
    await notifications.update_notification_settings(SYSTEM, tenant.merchant.id, PreferencesChange(
        new_order_mode=NewOrderMode.DIGEST, digest_minutes=30))
    first, _ = await place(world)
    second, _ = await place(world)
    await run_worker_burst()
    assert mail_server.inbox.to(tenant.admin.email) == []
    now = utcnow()
    assert await notifications.write_due_digests(now) == 2
    await run_worker_burst()
    [digest] = await mail_server.inbox.wait_for(tenant.admin.email)
    assert digest.message["Subject"] == "2 neue Bestellung(en)"
    assert first.number in digest.part("plain") and second.number in digest.part("html")
    third, _ = await place(world)
    await run_worker_burst()
    assert await notifications.write_due_digests(now + timedelta(minutes=10)) == 0  # not due yet
    assert await notifications.write_due_digests(now + timedelta(minutes=31)) == 1
    await run_worker_burst()
    mails = await mail_server.inbox.wait_for(tenant.admin.email, 2)
    assert third.number in mails[1].part("plain") and first.number not in mails[1].part("plain")


def sent_count(template: str) -> float:
    return REGISTRY.get_sample_value("packline_notifications_total", {"template": template, "outcome": "sent"}) or 0


async def test_the_merchants_logo_is_inline_in_the_html_and_sends_are_counted(mail_server):
    tenant = await make_tenant()
    picture = io.BytesIO()
    Image.new("RGB", (120, 40), (10, 90, 200)).save(picture, format="PNG")
    await set_logo(SYSTEM, tenant.merchant.id, picture.getvalue())
    await update_document_settings(SYSTEM, tenant.merchant.id, address="Seifenweg 1\n04109 Leipzig")
    warehouse = await make_warehouse()
    soap = await make_product(tenant.merchant, name="Seife", weight_grams=80)
    await put_stock(soap, warehouse, 5, "B-01")
    before = sent_count("order_receipt")
    _, customer = await place({"home": tenant, "warehouse": warehouse, "cream": soap}, quantity=1)
    await run_worker_burst()
    [mail] = await mail_server.inbox.wait_for(customer)
    assert sent_count("order_receipt") == before + 1
    html = mail.message.get_body(preferencelist=("related",))
    [logo] = [part for part in html.iter_parts() if part.get_content_maintype() == "image"]
    assert logo["Content-ID"] == "<merchant-logo@packline>"
    assert Image.open(io.BytesIO(logo.get_content())).size == (120, 40)
    assert 'src="cid:merchant-logo@packline"' in mail.part("html")
    assert "Seifenweg 1" in mail.part("plain") and "04109 Leipzig" in mail.part("html")


async def test_the_shipping_mail_is_previewed_with_the_latest_shipped_parcel():
    tenant, warehouse = await make_tenant(), await make_warehouse()
    cream = await make_product(tenant.merchant, name="Creme", weight_grams=80)
    await put_stock(cream, warehouse, 10, "B-01")
    shop = {"home": tenant, "warehouse": warehouse, "cream": cream}
    order, _ = await place(shop)
    await picked(shop, order)
    me = await picker()
    parcel = await shipping.pack(me, order.id)
    await shipping.ship(me, parcel.id, tracking_number="PREVIEW001", tracking_url="https://track.example/PREVIEW001")
    shown = await notifications.preview_notification(SYSTEM, shop["home"].merchant.id, MessageKind.SHIPPED, "en")
    assert shown.order_number == order.number and shown.language == "en"
    assert shown.mail.subject == f"Your order {order.number} is on its way"
    assert 'href="https://track.example/PREVIEW001"' in shown.mail.html and "PREVIEW001" in shown.mail.text
