"""The payment queue: marking orders paid in bulk, payment status from the merchant's systems, the merchant's
payment policy, and the job that cancels orders left unpaid, including its catch-up after worker downtime."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from backend.core.ids import from_global_id
from backend.orders.payments import cancel_expired_unpaid_orders
from backend.orders.tables import Order
from backend.scheduling.jobs import PERIODIC_JOBS
from backend.scheduling.tables import ScheduledRun
from tests.integration.orders_support import (
    CANCEL,
    ERRORS,
    HOLD,
    ORDER_FIELDS,
    assert_ledger_agrees,
    fetch,
    order_shop,
    place,
    quantities,
)
from tests.support import make_user, run_worker_burst

PAID_FIELDS = f"{ORDER_FIELDS} paymentReference paidAt"
MARK_PAID = f"""mutation($i: OrderMarkAsPaidInput!) {{ orderMarkAsPaid(input: $i) {{ succeeded failed {ERRORS}
  results {{ orderId order {{ {PAID_FIELDS} }} {ERRORS} }} }} }}"""
PAYMENT_UPDATE = f"mutation($i: OrderPaymentUpdateInput!) {{ orderPaymentUpdate(input: $i) {{ order {{ {PAID_FIELDS} }} {ERRORS} }} }}"
POLICY_FIELDS = "merchantId prepaidMethods unpaidCancelAfterDays timezone"
POLICY = f"query($m: ID) {{ paymentPolicy(merchantId: $m) {{ {POLICY_FIELDS} }} }}"
POLICY_UPDATE = f"mutation($i: PaymentPolicyUpdateInput!) {{ paymentPolicyUpdate(input: $i) {{ policy {{ {POLICY_FIELDS} }} {ERRORS} }} }}"
REFERENCE = f"query($id: ID!) {{ node(id: $id) {{ ... on Order {{ {PAID_FIELDS} history {{ kind changes actor {{ label }} }} }} }} }}"


@pytest.fixture(scope="module")
async def shop(api):
    return await order_shop(api, {"soap": 1000, "cream": 100, "brush": 0})


async def gql(api, shop, document: str, name: str, token: str = "admin", **values) -> dict:  # noqa: ANN001, ANN003
    result = await api.gql(document, {"i": values}, token=shop[token])
    assert "errors" not in result, result
    return result["data"][name]


async def order_with_refs(api, shop, order_gid: str, token: str = "admin") -> dict:  # noqa: ANN001
    """The order with its payment reference and history, as the named user of `shop` sees it."""
    result = await api.gql(REFERENCE, {"id": order_gid}, token=shop[token])
    return result["data"]["node"]


async def waiting_order(api, shop, method: str = "BANK_TRANSFER", **extra) -> dict:  # noqa: ANN001, ANN003
    order = (await place(api, shop, [("soap", 1, "4.95")], paymentMethod=method, **extra))["order"]
    assert order["status"] == "AWAITING_PAYMENT", order
    return order


# ---------------------------------------------------------------- mark as paid


async def test_mark_paid_in_bulk_with_one_reference_releases_the_orders(api, shop):
    first, second = await waiting_order(api, shop), await waiting_order(api, shop, "CHEQUE")
    paid = await gql(api, shop, MARK_PAID, "orderMarkAsPaid", orderIds=[first["id"], second["id"]],
                     transactionReference="  SEPA 2026-11-24 / 0042 ")
    assert (paid["succeeded"], paid["failed"], paid["errors"]) == (2, 0, [])
    assert [r["orderId"] for r in paid["results"]] == [first["id"], second["id"]]
    for result in paid["results"]:
        order = result["order"]
        assert (order["status"], order["paymentStatus"], order["paymentReference"]) == ("READY", "PAID", "SEPA 2026-11-24 / 0042")
        assert order["paidAt"] is not None and result["errors"] == []
    stored = await order_with_refs(api, shop, first["id"])
    entry = stored["history"][-1]
    assert entry["kind"] == "paid" and entry["actor"]["label"] == shop["tenant"].admin.email
    assert entry["changes"]["payment_status"] == {"before": "PENDING", "after": "PAID"}
    assert entry["changes"]["status"] == {"before": "AWAITING_PAYMENT", "after": "READY"}
    assert entry["changes"]["payment_reference"] == {"before": "", "after": "SEPA 2026-11-24 / 0042"}


async def test_mark_paid_with_a_reference_per_order(api, shop):
    first, second = await waiting_order(api, shop), await waiting_order(api, shop)
    paid = await gql(api, shop, MARK_PAID, "orderMarkAsPaid", token="staff", orderIds=[first["id"], second["id"]],
                     transactionReference="fallback",
                     references=[{"orderId": first["id"], "reference": "TX-1"}, {"orderId": second["id"], "reference": "TX-2"}])
    assert paid["succeeded"] == 2
    assert [r["order"]["paymentReference"] for r in paid["results"]] == ["TX-1", "TX-2"]


async def test_mark_paid_reports_each_orders_failure_and_pays_the_rest(api, shop):
    good_one, good_two = await waiting_order(api, shop), await waiting_order(api, shop)
    already = await waiting_order(api, shop)
    await gql(api, shop, MARK_PAID, "orderMarkAsPaid", orderIds=[already["id"]], transactionReference="TX-EARLIER")
    cancelled = await waiting_order(api, shop)
    await gql(api, shop, CANCEL, "orderCancel", orderId=cancelled["id"], reason="Customer withdrew")
    theirs = await other_merchant_order(api, shop)
    theirs_before = await order_with_refs(api, shop, theirs["id"], token="other_admin")
    assert theirs_before is not None

    ids = [good_one["id"], already["id"], cancelled["id"], theirs["id"], good_two["id"]]
    paid = await gql(api, shop, MARK_PAID, "orderMarkAsPaid", orderIds=ids, transactionReference="TX-BATCH")
    assert (paid["succeeded"], paid["failed"], paid["errors"]) == (2, 3, [])
    outcome = {r["orderId"]: r for r in paid["results"]}
    assert [r["orderId"] for r in paid["results"]] == ids
    assert outcome[good_one["id"]]["order"]["status"] == "READY" and outcome[good_two["id"]]["order"]["paymentStatus"] == "PAID"
    assert [(e["field"], e["code"]) for e in outcome[already["id"]]["errors"]] == [("orderIds", "INVALID_STATE")]
    assert "paid already" in outcome[already["id"]]["errors"][0]["message"]
    assert outcome[cancelled["id"]]["errors"][0]["code"] == "INVALID_STATE"
    assert "cancelled" in outcome[cancelled["id"]]["errors"][0]["message"]
    assert outcome[theirs["id"]]["errors"][0]["code"] == "NOT_FOUND" and outcome[theirs["id"]]["order"] is None

    # The failures changed nothing: the earlier reference stays, the cancelled order is unpaid, theirs untouched.
    assert (await order_with_refs(api, shop, already["id"]))["paymentReference"] == "TX-EARLIER"
    assert (await order_with_refs(api, shop, cancelled["id"]))["paymentStatus"] == "PENDING"
    assert await order_with_refs(api, shop, theirs["id"], token="other_admin") == theirs_before


async def other_merchant_order(api, shop) -> dict:  # noqa: ANN001
    """A waiting bank-transfer order of the shop's competitor, placed by its own admin."""
    from tests.support import gid, make_product, put_stock

    product = await make_product(shop["other"].merchant)
    await put_stock(product, shop["warehouse"], 5)
    result = await api.gql(
        "mutation($i: OrderCreateInput!) { orderCreate(input: $i) { order { id status } errors { code } } }",
        {"i": {"lines": [{"productId": gid("Product", product.id), "quantity": 1, "unitPrice": "3.00"}],
               "paymentMethod": "BANK_TRANSFER", "customer": {"name": "Their customer"},
               "shippingAddress": {"name": "Their customer", "line1": "Weg 1", "postalCode": "20095", "city": "Hamburg",
                                   "country": "DE"},
               "warehouseId": gid("Warehouse", shop["warehouse"].id)}},
        token=shop["other_admin"],
    )
    order = result["data"]["orderCreate"]["order"]
    assert order["status"] == "AWAITING_PAYMENT"
    return order


async def test_mark_paid_request_errors_change_nothing(api, shop):
    order = await waiting_order(api, shop)
    for values, field in (({"orderIds": []}, "orderIds"), ({"orderIds": [order["id"]] * 101}, "orderIds"),
                          ({"orderIds": [order["id"], "garbage"]}, "orderIds.1"),
                          ({"orderIds": [order["id"]], "transactionReference": "x" * 121}, "transactionReference")):
        paid = await gql(api, shop, MARK_PAID, "orderMarkAsPaid", **values)
        assert paid["results"] == [] and field in [e["field"] for e in paid["errors"]], (values, paid)
    now = await fetch(api, shop, order["id"])
    assert (now["status"], now["paymentStatus"], now["version"]) == ("AWAITING_PAYMENT", "PENDING", order["version"])


async def test_paying_a_held_or_backordered_order_keeps_it_where_it_is(api, shop):
    held = await waiting_order(api, shop)
    await gql(api, shop, HOLD, "orderHold", orderId=held["id"], reason="Check the address by phone")
    short = (await place(api, shop, [("brush", 1, "2.00")], paymentMethod="BANK_TRANSFER"))["order"]
    assert short["status"] == "BACKORDERED"
    paid = await gql(api, shop, MARK_PAID, "orderMarkAsPaid", orderIds=[held["id"], short["id"]])
    assert [(r["order"]["status"], r["order"]["paymentStatus"]) for r in paid["results"]] == [
        ("ON_HOLD", "PAID"), ("BACKORDERED", "PAID")]


# ---------------------------------------------------------------- payment status from the merchant's systems


async def test_card_payment_authorized_releases_and_failure_sends_it_back(api, shop):
    order = await waiting_order(api, shop, "CARD")
    authorized = await gql(api, shop, PAYMENT_UPDATE, "orderPaymentUpdate", orderId=order["id"], paymentStatus="AUTHORIZED",
                           reference="psp_123")
    assert authorized["errors"] == []
    assert (authorized["order"]["status"], authorized["order"]["paymentStatus"]) == ("READY", "AUTHORIZED")
    assert authorized["order"]["paymentReference"] == "psp_123"

    failed = (await gql(api, shop, PAYMENT_UPDATE, "orderPaymentUpdate", orderId=order["id"], paymentStatus="FAILED"))["order"]
    assert (failed["status"], failed["paymentStatus"]) == ("AWAITING_PAYMENT", "FAILED")
    # The reservation stays while the customer retries.
    assert failed["lines"][0]["reserved"] == 1

    paid = (await gql(api, shop, PAYMENT_UPDATE, "orderPaymentUpdate", orderId=order["id"], paymentStatus="PAID"))["order"]
    assert (paid["status"], paid["paymentStatus"]) == ("READY", "PAID") and paid["paidAt"] is not None
    refunded = (await gql(api, shop, PAYMENT_UPDATE, "orderPaymentUpdate", orderId=order["id"], paymentStatus="PARTIALLY_REFUNDED"))["order"]
    assert (refunded["status"], refunded["paymentStatus"]) == ("READY", "PARTIALLY_REFUNDED")
    history = (await order_with_refs(api, shop, order["id"]))["history"]
    assert [h["kind"] for h in history] == ["placed", "payment_updated", "payment_updated", "payment_updated", "payment_updated"]
    assert history[2]["changes"]["status"] == {"before": "READY", "after": "AWAITING_PAYMENT"}
    assert history[2]["changes"]["payment_status"] == {"before": "AUTHORIZED", "after": "FAILED"}


async def test_a_withdrawn_authorization_sends_a_prepaid_order_back_but_not_an_invoice_order(api, shop):
    card = await waiting_order(api, shop, "PAYPAL")
    await gql(api, shop, PAYMENT_UPDATE, "orderPaymentUpdate", orderId=card["id"], paymentStatus="AUTHORIZED")
    back = (await gql(api, shop, PAYMENT_UPDATE, "orderPaymentUpdate", orderId=card["id"], paymentStatus="PENDING"))["order"]
    assert (back["status"], back["paymentStatus"]) == ("AWAITING_PAYMENT", "PENDING")
    invoice = (await place(api, shop, [("soap", 1, "4.95")]))["order"]
    failed = (await gql(api, shop, PAYMENT_UPDATE, "orderPaymentUpdate", orderId=invoice["id"], paymentStatus="FAILED"))["order"]
    assert (failed["status"], failed["paymentStatus"]) == ("READY", "FAILED")


@pytest.mark.parametrize(("path", "forbidden"), [
    (["PAID"], "PENDING"), (["PAID"], "AUTHORIZED"), (["PAID"], "FAILED"), (["PENDING"], "REFUNDED"),
    (["PENDING"], "PARTIALLY_REFUNDED"), (["PAID", "REFUNDED"], "PAID"), (["PAID", "REFUNDED"], "PARTIALLY_REFUNDED"),
    (["AUTHORIZED"], "REFUNDED"),
])
async def test_forbidden_payment_moves_are_user_errors(api, shop, path, forbidden):
    order = await waiting_order(api, shop, "CARD")
    for status in path:
        if status != "PENDING":
            step = await gql(api, shop, PAYMENT_UPDATE, "orderPaymentUpdate", orderId=order["id"], paymentStatus=status)
            assert step["errors"] == [], step
    before = await order_with_refs(api, shop, order["id"])
    refused = await gql(api, shop, PAYMENT_UPDATE, "orderPaymentUpdate", orderId=order["id"], paymentStatus=forbidden)
    assert refused["order"] is None
    assert [(e["field"], e["code"]) for e in refused["errors"]] == [("paymentStatus", "INVALID_STATE")]
    assert forbidden.lower() in refused["errors"][0]["message"]
    assert await order_with_refs(api, shop, order["id"]) == before


async def test_a_cancelled_order_cannot_be_paid_later(api, shop):
    order = await waiting_order(api, shop, "CARD")
    await gql(api, shop, CANCEL, "orderCancel", orderId=order["id"], reason="Out of time")
    refused = await gql(api, shop, PAYMENT_UPDATE, "orderPaymentUpdate", orderId=order["id"], paymentStatus="PAID")
    assert refused["errors"][0]["code"] == "INVALID_STATE"
    now = await order_with_refs(api, shop, order["id"])
    assert (now["status"], now["paymentStatus"]) == ("CANCELLED", "PENDING")


# ---------------------------------------------------------------- the payment policy


async def test_payment_policy_defaults_and_validation(api, shop):
    merchant = shop["tenant"].merchant_gid
    policy = (await api.gql(POLICY, {"m": None}, token=shop["staff"]))["data"]["paymentPolicy"]
    assert policy == {"merchantId": merchant, "prepaidMethods": ["CARD", "PAYPAL", "BANK_TRANSFER", "CHEQUE"],
                      "unpaidCancelAfterDays": 14, "timezone": "Europe/Berlin"}
    for values, field in (({"unpaidCancelAfterDays": 0}, "unpaidCancelAfterDays"),
                          ({"unpaidCancelAfterDays": 366}, "unpaidCancelAfterDays"),
                          ({"timezone": "Mars/Olympus_Mons"}, "timezone")):
        refused = await gql(api, shop, POLICY_UPDATE, "paymentPolicyUpdate", **values)
        assert refused["policy"] is None and [e["field"] for e in refused["errors"]] == [field], refused
    # Several bad fields are reported together, and none of the good ones is applied.
    both = await gql(api, shop, POLICY_UPDATE, "paymentPolicyUpdate", prepaidMethods=["INVOICE"], unpaidCancelAfterDays=-1,
                     timezone="nowhere")
    assert sorted(e["field"] for e in both["errors"]) == ["timezone", "unpaidCancelAfterDays"]
    assert (await api.gql(POLICY, {"m": None}, token=shop["admin"]))["data"]["paymentPolicy"] == policy


async def test_payment_policy_belongs_to_the_merchant_admin(api, shop):
    merchant, other = shop["tenant"].merchant_gid, shop["other"].merchant_gid
    staff = await api.gql(POLICY_UPDATE, {"i": {"unpaidCancelAfterDays": 3}}, token=shop["staff"])
    assert staff["data"] is None and staff["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    foreign = await gql(api, shop, POLICY_UPDATE, "paymentPolicyUpdate", merchantId=other, unpaidCancelAfterDays=1)
    assert foreign["errors"] == [{"field": "merchantId", "code": "NOT_FOUND", "message": foreign["errors"][0]["message"]}]
    peek = await api.gql(POLICY, {"m": other}, token=shop["admin"])
    assert peek["data"] is None and peek["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    other_policy = (await api.gql(POLICY, {"m": None}, token=shop["other_admin"]))["data"]["paymentPolicy"]
    assert other_policy["unpaidCancelAfterDays"] == 14

    changed = await gql(api, shop, POLICY_UPDATE, "paymentPolicyUpdate", merchantId=merchant,
                        prepaidMethods=["CARD", "PAYPAL", "CARD"], unpaidCancelAfterDays=7, timezone="Europe/London")
    assert changed["errors"] == []
    assert changed["policy"] == {"merchantId": merchant, "prepaidMethods": ["CARD", "PAYPAL"], "unpaidCancelAfterDays": 7,
                                 "timezone": "Europe/London"}
    # Bank transfers are now shipped before payment; cards still wait.
    assert (await place(api, shop, [("soap", 1, "4.95")], paymentMethod="BANK_TRANSFER"))["order"]["status"] == "READY"
    assert (await place(api, shop, [("soap", 1, "4.95")], paymentMethod="CARD"))["order"]["status"] == "AWAITING_PAYMENT"
    never = (await gql(api, shop, POLICY_UPDATE, "paymentPolicyUpdate", neverCancelUnpaid=True))["policy"]
    assert never["unpaidCancelAfterDays"] is None and never["prepaidMethods"] == ["CARD", "PAYPAL"]

    # Operators name the merchant; an operator admin may change it, operator staff may only look.
    from backend.core.authorization import Role

    operator_admin = await api.login((await make_user(Role.OPERATOR_ADMIN)).email)
    unnamed = await api.gql(POLICY_UPDATE, {"i": {"unpaidCancelAfterDays": 5}}, token=operator_admin)
    assert unnamed["data"]["paymentPolicyUpdate"]["errors"][0]["code"] == "REQUIRED"
    restored = await api.gql(POLICY_UPDATE, {"i": {"merchantId": merchant, "prepaidMethods": ["CARD", "PAYPAL", "BANK_TRANSFER", "CHEQUE"],
                                                   "unpaidCancelAfterDays": 14, "timezone": "Europe/Berlin"}}, token=operator_admin)
    assert restored["data"]["paymentPolicyUpdate"]["policy"]["unpaidCancelAfterDays"] == 14
    looked = await api.gql(POLICY, {"m": merchant}, token=shop["operator"])
    assert looked["data"]["paymentPolicy"]["prepaidMethods"] == ["BANK_TRANSFER", "CARD", "CHEQUE", "PAYPAL"]
    denied = await api.gql(POLICY_UPDATE, {"i": {"merchantId": merchant, "unpaidCancelAfterDays": 2}}, token=shop["operator"])
    assert denied["errors"][0]["extensions"]["code"] == "FORBIDDEN"


# ---------------------------------------------------------------- cancelling unpaid orders


def days_ago(n: float) -> datetime:
    return datetime.now(UTC) - timedelta(days=n)


async def backdate(order_gid: str, placed: datetime) -> None:
    await Order.update({Order.placed_at: placed, Order.created_at: placed}).where(Order.id == from_global_id(order_gid)[1])


@pytest.fixture
async def lapsing_shop(api):
    """A merchant whose unpaid prepaid orders lapse after three days, with its own stock."""
    setup = await order_shop(api, {"lotion": 10, "towel": 1})
    result = await api.gql(POLICY_UPDATE, {"i": {"unpaidCancelAfterDays": 3}}, token=setup["admin"])
    assert result["data"]["paymentPolicyUpdate"]["errors"] == []
    return setup


async def overdue_and_fresh_orders(api, shop) -> dict[str, dict]:  # noqa: ANN001
    def lotion(**extra):  # noqa: ANN003, ANN202
        return place(api, shop, [("lotion", 1, "9.00")], **extra)

    orders = {
        "overdue_transfer": (await lotion(paymentMethod="BANK_TRANSFER"))["order"],
        "overdue_failed_card": (await lotion(paymentMethod="CARD"))["order"],
        "overdue_backordered": (await place(api, shop, [("towel", 2, "15.00")], paymentMethod="BANK_TRANSFER"))["order"],
        "recent_transfer": (await lotion(paymentMethod="BANK_TRANSFER"))["order"],
        "old_invoice": (await lotion(paymentMethod="INVOICE"))["order"],
        "old_paid_transfer": (await lotion(paymentMethod="BANK_TRANSFER"))["order"],
        "old_held_transfer": (await lotion(paymentMethod="BANK_TRANSFER"))["order"],
    }
    await gql(api, shop, PAYMENT_UPDATE, "orderPaymentUpdate", orderId=orders["overdue_failed_card"]["id"], paymentStatus="FAILED")
    await gql(api, shop, MARK_PAID, "orderMarkAsPaid", orderIds=[orders["old_paid_transfer"]["id"]])
    await gql(api, shop, HOLD, "orderHold", orderId=orders["old_held_transfer"]["id"], reason="Customer disputes the price")
    assert orders["overdue_backordered"]["status"] == "BACKORDERED"
    for name, order in orders.items():
        await backdate(order["id"], days_ago(1) if name == "recent_transfer" else days_ago(5))
    return orders


async def test_expired_unpaid_orders_are_cancelled_once_releasing_their_stock(api, lapsing_shop):
    shop = lapsing_shop
    orders = await overdue_and_fresh_orders(api, shop)
    # A merchant that never cancels unpaid orders keeps its old ones.
    keeper = await order_shop(api, {"lotion": 5})
    await api.gql(POLICY_UPDATE, {"i": {"neverCancelUnpaid": True}}, token=keeper["admin"])
    kept = (await place(api, keeper, [("lotion", 1, "9.00")], paymentMethod="BANK_TRANSFER"))["order"]
    await backdate(kept["id"], days_ago(30))
    reserved_before = (await quantities(shop, "lotion")).reserved

    # As of three days ago, nothing was overdue yet.
    assert await cancel_expired_unpaid_orders(days_ago(3)) == 0
    assert await cancel_expired_unpaid_orders(datetime.now(UTC)) == 3
    expected_cancelled = {"overdue_transfer", "overdue_failed_card", "overdue_backordered"}
    for name, order in orders.items():
        now = await fetch(api, shop, order["id"])
        if name in expected_cancelled:
            assert (now["status"], now["cancelReason"]) == ("CANCELLED", "Not paid within 3 days"), name
            assert all(l["reserved"] == 0 for l in now["lines"]), name
            assert now["history"][-1]["actor"]["label"] == "Packline"
        else:
            assert now["status"] != "CANCELLED", name
    assert (await fetch(api, keeper, kept["id"]))["status"] == "AWAITING_PAYMENT"
    assert (await quantities(shop, "lotion")).reserved == reserved_before - 2
    await assert_ledger_agrees(shop, "lotion", "towel")

    # A second run of the same slot finds nothing left to do.
    versions = {name: (await fetch(api, shop, o["id"]))["version"] for name, o in orders.items()}
    assert await cancel_expired_unpaid_orders(datetime.now(UTC)) == 0
    assert {name: (await fetch(api, shop, o["id"]))["version"] for name, o in orders.items()} == versions


async def test_the_worker_catches_up_on_expiry_after_downtime(api, lapsing_shop):
    shop = lapsing_shop
    orders = await overdue_and_fresh_orders(api, shop)
    job = PERIODIC_JOBS["cancel_expired_unpaid_orders"]
    # The last worker claimed a slot two days ago and nothing ran since.
    long_ago = job.schedule.latest(days_ago(2))
    await ScheduledRun.delete().where(ScheduledRun.job == job.name)
    await ScheduledRun.insert(ScheduledRun(job=job.name, slot=long_ago, status="DONE"))

    await run_worker_burst()

    runs = await ScheduledRun.select(ScheduledRun.slot, ScheduledRun.status).where(
        (ScheduledRun.job == job.name) & (ScheduledRun.slot > long_ago))
    # One catch-up run for the latest slot, not one per missed quarter hour.
    assert len(runs) == 1 and runs[0]["status"] == "DONE"
    assert runs[0]["slot"] > datetime.now(UTC) - timedelta(minutes=16)
    for name, order in orders.items():
        status = (await fetch(api, shop, order["id"]))["status"]
        assert (status == "CANCELLED") == name.startswith("overdue"), (name, status)
    await assert_ledger_agrees(shop, "lotion", "towel")

    # Starting again finds the slot done and cancels nothing more.
    await run_worker_burst()
    assert await ScheduledRun.count().where((ScheduledRun.job == job.name) & (ScheduledRun.slot > long_ago)) == 1
