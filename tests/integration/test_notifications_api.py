"""Notifications through the API: who may list, resend and configure them (every role), and tenancy — no merchant
sees, resends or configures another's; support sees all. A resend reaches the SMTP server as a new message."""

from __future__ import annotations

import pytest

from backend.core.authorization import SYSTEM
from backend.notifications.tables import Notification, NotificationSettings
from backend.orders.model import Customer, LineRequest, OrderRequest
from backend.orders.services import create_order
from tests.integration.orders_support import ADDRESS
from tests.support import (
    CALLER_ROLES,
    gid,
    make_product,
    make_tenant,
    make_warehouse,
    put_stock,
    run_worker_burst,
    tokens_of_every_role,
    unique,
)

ERRORS = "errors { field code message }"
LIST = """query($f: NotificationFilter) { notifications(filter: $f, first: 50) { totalCount edges { node {
  id template state recipient subject attempts orderNumber merchant { id } order { id number } } } } }"""
SETTINGS = """query($m: ID) { notificationSettings(merchantId: $m) { newOrderMode digestMinutes senderName replyTo
  merchantEmail merchantRecipients language messages { kind enabled subject intro } merchant { id } } }"""
UPDATE = f"""mutation($i: NotificationSettingsUpdateInput!) {{ notificationSettingsUpdate(input: $i) {{
  notificationSettings {{ senderName digestMinutes newOrderMode messages {{ kind enabled subject intro }} }} {ERRORS} }} }}"""
RESEND = f"""mutation($i: NotificationResendInput!) {{ notificationResend(input: $i) {{
  notification {{ id state attempts }} {ERRORS} }} }}"""
ORDER = "query($id: ID!) { node(id: $id) { ... on Order { number notifications { template state recipient } } } }"
NODE = "query($id: ID!) { node(id: $id) { ... on Notification { id recipient } } }"

READERS = {"OPERATOR_ADMIN", "OPERATOR_STAFF", "MERCHANT_ADMIN", "MERCHANT_STAFF"}
WRITERS = {"OPERATOR_ADMIN", "OPERATOR_STAFF", "MERCHANT_ADMIN"}


async def _shop_with_orders(count: int) -> dict:
    tenant = await make_tenant()
    warehouse = await make_warehouse()
    soap = await make_product(tenant.merchant, name="Seife", weight_grams=80)
    await put_stock(soap, warehouse, 100, "B-01")
    orders = []
    for _ in range(count):
        order, _ = await create_order(SYSTEM, OrderRequest(
            merchant_id=tenant.merchant.id, lines=[LineRequest(soap.id, 1, "4.50")],
            customer=Customer("Max", f"{unique('kunde')}@example.test"), shipping_address=ADDRESS,
            warehouse_id=warehouse.id))
        orders.append(order)
    return {"tenant": tenant, "orders": orders}


@pytest.fixture(scope="module")
async def world(api):
    home, other = await _shop_with_orders(len(WRITERS) + 2), await _shop_with_orders(1)
    await run_worker_burst()
    receipts = {}
    for order in home["orders"] + other["orders"]:
        receipts[order.id] = await Notification.objects().where(
            (Notification.sales_order == order.id) & (Notification.template == "order_receipt")).first()
        assert receipts[order.id].state == "SENT"
    return {"home": home, "other": other, "receipts": receipts,
            "tokens": await tokens_of_every_role(api, home["tenant"]),
            "other_admin": await api.login(other["tenant"].admin.email)}


def receipt_gid(world: dict, order) -> str:  # noqa: ANN001
    return gid("Notification", world["receipts"][order.id].id)


@pytest.mark.parametrize("role", CALLER_ROLES)
async def test_who_may_list_notifications(api, world, role):
    result = await api.gql(LIST, token=world["tokens"][role])
    if role in READERS:
        merchants = {e["node"]["merchant"]["id"] for e in result["data"]["notifications"]["edges"]}
        assert world["home"]["tenant"].merchant_gid in merchants or role.startswith("OPERATOR")
        if role.startswith("MERCHANT"):
            assert merchants == {world["home"]["tenant"].merchant_gid}
    else:
        assert result["data"] is None
        assert result["errors"][0]["extensions"]["code"] == ("UNAUTHENTICATED" if role == "ANONYMOUS" else "FORBIDDEN")


@pytest.mark.parametrize("role", CALLER_ROLES)
async def test_who_may_read_and_change_notification_settings(api, world, role):
    merchant = world["home"]["tenant"].merchant_gid
    token = world["tokens"][role]
    read = await api.gql(SETTINGS, {"m": merchant}, token=token)
    changed = await api.gql(UPDATE, {"i": {"merchantId": merchant, "senderName": f"Seifenhaus {role}"}}, token=token)
    if role in WRITERS:
        assert read["data"]["notificationSettings"]["merchant"]["id"] == merchant
        assert changed["data"]["notificationSettingsUpdate"] == {
            "notificationSettings": {**changed["data"]["notificationSettingsUpdate"]["notificationSettings"],
                                     "senderName": f"Seifenhaus {role}"}, "errors": []}
    else:
        for result in (read, changed):
            assert result["data"] is None
            assert result["errors"][0]["extensions"]["code"] == ("UNAUTHENTICATED" if role == "ANONYMOUS"
                                                                 else "FORBIDDEN")


@pytest.mark.parametrize("role", CALLER_ROLES)
async def test_who_may_resend(api, world, role):
    # Each allowed role resends a receipt of its own (a resent one waits to be sent and cannot be resent yet).
    order = world["home"]["orders"][sorted(WRITERS | {"x"}).index(role) if role in WRITERS else -1]
    result = await api.gql(RESEND, {"i": {"notificationId": receipt_gid(world, order)}}, token=world["tokens"][role])
    if role in WRITERS:
        payload = result["data"]["notificationResend"]
        assert payload["errors"] == [] and payload["notification"]["state"] == "PENDING"
    else:
        assert result["data"] is None
        assert result["errors"][0]["extensions"]["code"] == ("UNAUTHENTICATED" if role == "ANONYMOUS" else "FORBIDDEN")


async def test_a_merchant_neither_sees_nor_resends_nor_configures_another_merchants(api, world):
    home_order, other_order = world["home"]["orders"][-1], world["other"]["orders"][0]
    token = world["other_admin"]
    listed = (await api.gql(LIST, token=token))["data"]["notifications"]
    assert {e["node"]["orderNumber"] for e in listed["edges"]} == {other_order.number}
    asked = await api.gql(LIST, {"f": {"orderId": gid("Order", home_order.id),
                                       "merchantId": world["home"]["tenant"].merchant_gid}}, token=token)
    assert asked["data"]["notifications"]["totalCount"] == 0
    assert (await api.gql(NODE, {"id": receipt_gid(world, home_order)}, token=token))["data"]["node"] is None
    resend = (await api.gql(RESEND, {"i": {"notificationId": receipt_gid(world, home_order)}},
                            token=token))["data"]["notificationResend"]
    assert resend["errors"][0]["code"] == "NOT_FOUND"
    assert (await Notification.objects().where(Notification.id == world["receipts"][home_order.id].id).first()
            ).state == "SENT"
    home = world["home"]["tenant"].merchant_gid
    read = await api.gql(SETTINGS, {"m": home}, token=token)
    assert read["data"] is None and read["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    before = await NotificationSettings.select().where(
        NotificationSettings.merchant == world["home"]["tenant"].merchant.id)
    update = (await api.gql(UPDATE, {"i": {"merchantId": home, "senderName": "Hijacked"}},
                            token=token))["data"]["notificationSettingsUpdate"]
    assert update["errors"][0]["code"] == "NOT_FOUND"
    assert await NotificationSettings.select().where(
        NotificationSettings.merchant == world["home"]["tenant"].merchant.id) == before


async def test_support_sees_every_merchants_notifications_and_filters_them(api, world):
    token = world["tokens"]["OPERATOR_STAFF"]
    order = world["other"]["orders"][0]
    by_order = (await api.gql(LIST, {"f": {"orderId": gid("Order", order.id)}}, token=token))["data"]["notifications"]
    assert sorted(e["node"]["template"] for e in by_order["edges"]) == ["NEW_ORDER", "ORDER_RECEIPT"]
    assert all(e["node"]["order"]["number"] == order.number for e in by_order["edges"])
    sent = (await api.gql(LIST, {"f": {"orderId": gid("Order", order.id), "state": ["SENT"], "channel": ["EMAIL"]}},
                          token=token))["data"]["notifications"]
    assert sent["totalCount"] == 2
    failed = (await api.gql(LIST, {"f": {"orderId": gid("Order", order.id), "state": ["FAILED"]}},
                            token=token))["data"]["notifications"]
    assert failed["totalCount"] == 0


async def test_an_order_lists_its_mails_for_its_merchant_only(api, world):
    order = world["home"]["orders"][-1]
    mine = (await api.gql(ORDER, {"id": gid("Order", order.id)}, token=world["tokens"]["MERCHANT_STAFF"]))["data"]
    assert sorted(n["template"] for n in mine["node"]["notifications"]) == ["NEW_ORDER", "ORDER_RECEIPT"]
    theirs = (await api.gql(ORDER, {"id": gid("Order", order.id)}, token=world["other_admin"]))["data"]
    assert theirs["node"] is None


async def test_a_resend_is_a_new_message_to_the_same_recipient(api, world, mail_server):
    order = world["home"]["orders"][-2]
    receipt = world["receipts"][order.id]
    first = mail_server.inbox.to(receipt.recipient)
    assert len(first) == 1
    result = (await api.gql(RESEND, {"i": {"notificationId": receipt_gid(world, order)}},
                            token=world["tokens"]["MERCHANT_ADMIN"]))["data"]["notificationResend"]
    assert result["errors"] == []
    again = (await api.gql(RESEND, {"i": {"notificationId": receipt_gid(world, order)}},
                           token=world["tokens"]["MERCHANT_ADMIN"]))["data"]["notificationResend"]
    assert again["errors"][0]["code"] == "INVALID_STATE"
    await run_worker_burst()
    mails = await mail_server.inbox.wait_for(receipt.recipient, 2)
    assert mails[0].message["Subject"] == mails[1].message["Subject"]
    assert mails[0].message["Message-ID"] != mails[1].message["Message-ID"]
    assert (await Notification.objects().where(Notification.id == receipt.id).first()).state == "SENT"


async def test_bad_settings_are_refused_with_every_fault_and_change_nothing(api, world):
    token = world["tokens"]["MERCHANT_ADMIN"]
    before = (await api.gql(SETTINGS, token=token))["data"]["notificationSettings"]
    raw = await api.gql(UPDATE, {"i": {"digestMinutes": 2, "replyTo": "not an address", "senderName": "ok",
                                           "messages": [{"kind": "SHIPPED", "subject": "x" * 201},
                                                        {"kind": "SHIPPED", "enabled": False}]}},
                            token=token)
    assert "errors" not in raw, raw
    result = raw["data"]["notificationSettingsUpdate"]
    assert {(e["field"], e["code"]) for e in result["errors"]} == {
        ("digestMinutes", "INVALID"), ("replyTo", "INVALID"), ("messages.0.subject", "TOO_LONG"),
        ("messages.1.kind", "DUPLICATE")}
    assert (await api.gql(SETTINGS, token=token))["data"]["notificationSettings"] == before


PREVIEW = """query($m: ID, $k: NotificationKind!, $l: DocumentLanguage) {
  notificationPreview(merchantId: $m, kind: $k, language: $l) { subject text html language orderNumber } }"""


async def test_a_preview_shows_a_message_with_the_merchants_latest_order_in_either_language(api, world):
    token = world["tokens"]["MERCHANT_ADMIN"]
    latest = world["home"]["orders"][-1]
    german = (await api.gql(PREVIEW, {"k": "ORDER_RECEIPT"}, token=token))["data"]["notificationPreview"]
    assert german["orderNumber"] == latest.number and german["language"] == "de"
    assert german["subject"].startswith(f"Ihre Bestellung {latest.number}")
    assert "Seife" in german["text"] and "4,50 EUR" in german["html"]
    english = (await api.gql(PREVIEW, {"k": "ORDER_RECEIPT", "l": "EN"}, token=token))["data"]["notificationPreview"]
    assert english["subject"].startswith(f"Your order {latest.number}") and "4.50 EUR" in english["text"]
    # The merchant's own subject and introduction show at once.
    await api.gql(UPDATE, {"i": {"messages": [{"kind": "ORDER_RECEIPT", "subject": "Danke für {number}",
                                               "intro": "Schön, dass Sie da sind."}]}}, token=token)
    own = (await api.gql(PREVIEW, {"k": "ORDER_RECEIPT"}, token=token))["data"]["notificationPreview"]
    assert own["subject"] == f"Danke für {latest.number}" and "Schön, dass Sie da sind." in own["html"]
    # No parcel has shipped yet: nothing to show the shipping mail with.
    shipped = await api.gql(PREVIEW, {"k": "SHIPPED"}, token=token)
    assert shipped["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    # Another merchant's admin previews nothing of this merchant's.
    other = await api.gql(PREVIEW, {"k": "ORDER_RECEIPT", "m": world["home"]["tenant"].merchant_gid},
                          token=world["other_admin"])
    assert other["data"] is None and other["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    staff = await api.gql(PREVIEW, {"k": "ORDER_RECEIPT"}, token=world["tokens"]["MERCHANT_STAFF"])
    assert staff["errors"][0]["extensions"]["code"] == "FORBIDDEN"
