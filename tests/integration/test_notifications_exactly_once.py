"""Exactly one mail per notification: the same events read twice, a worker stopped after handing a mail to the SMTP
server but before marking it sent (not sent again), one stopped before handing it over (sent once, later), and an
SMTP server that is down and comes back (retried with backoff, delivered once)."""

from __future__ import annotations

import asyncio
import time

from prometheus_client import REGISTRY

from backend.core.authorization import SYSTEM
from backend.events.tables import Event
from backend.notifications import services as notifications
from backend.notifications.tables import Notification, NotificationCursor
from backend.orders.model import Customer, LineRequest, OrderRequest
from backend.orders.services import create_order
from tests.integration.orders_support import ADDRESS
from tests.support import make_product, make_tenant, make_warehouse, put_stock, run_worker_burst, unique


async def place_order():  # noqa: ANN201
    tenant = await make_tenant()
    warehouse = await make_warehouse()
    soap = await make_product(tenant.merchant, name="Seife", weight_grams=80)
    await put_stock(soap, warehouse, 10, "B-01")
    customer = f"{unique('kunde')}@example.test"
    order, _ = await create_order(SYSTEM, OrderRequest(
        merchant_id=tenant.merchant.id, lines=[LineRequest(soap.id, 1, "4.50")], customer=Customer("Max", customer),
        shipping_address=ADDRESS, warehouse_id=warehouse.id))
    return tenant, order, customer


async def receipt_of(order) -> Notification:  # noqa: ANN001
    return await Notification.objects().where((Notification.sales_order == order.id)
                                              & (Notification.template == "order_receipt")).first()


async def no_enqueue(notification_id, job_id, delay) -> None:  # noqa: ANN001
    """The test runs the send itself; retries would be queued here."""


async def test_events_read_twice_make_one_notification_and_one_mail(mail_server):
    before = (await Event.raw("SELECT coalesce(max(seq), 0) AS seq FROM event"))[0]["seq"]
    tenant, order, customer = await place_order()
    await notifications.consume_events()
    rows = await Notification.count().where(Notification.sales_order == order.id)
    assert rows == 2  # the receipt and the merchant's new-order mail
    # The position is written back (as after a restore) and two consumers read the same events at once.
    await NotificationCursor.update({NotificationCursor.last_seq: before}).where(
        NotificationCursor.consumer == "notifications")
    await asyncio.gather(notifications.consume_events(), notifications.consume_events())
    assert await Notification.count().where(Notification.sales_order == order.id) == rows
    await run_worker_burst()
    await run_worker_burst()
    assert len(await mail_server.inbox.wait_for(customer)) == 1
    assert len(mail_server.inbox.to(tenant.admin.email)) == 1
    assert (await receipt_of(order)).state == "SENT"


async def wait_until(condition, timeout: float = 5) -> None:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.01)


async def expire_claim(notification: Notification) -> None:
    """The lease of the stopped worker's claim runs out (NOTIFICATION_CLAIM_SECONDS later)."""
    await Notification.raw("UPDATE notification SET claimed_until = clock_timestamp() - interval '1 second' "
                           "WHERE id = {}", notification.id)


async def test_a_worker_stopped_after_handing_the_mail_over_does_not_send_it_again(mail_server):
    _, order, customer = await place_order()
    await notifications.consume_events()
    receipt = await receipt_of(order)
    inbox = mail_server.inbox
    with inbox.held():
        inbox.hold_answer.set()
        sending = asyncio.create_task(notifications.deliver_notification(receipt.id, no_enqueue))
        await wait_until(lambda: inbox.to(customer))
        sending.cancel()  # the worker dies before the server's "250" and before marking the mail sent
        await asyncio.gather(sending, return_exceptions=True)
    stopped = await receipt_of(order)
    assert stopped.state == "SENDING" and stopped.handed_over_at is not None
    await expire_claim(stopped)
    await run_worker_burst()
    settled = await receipt_of(order)
    assert settled.state == "SENT" and "not sent again" in settled.last_error
    assert settled.attempts == 1
    assert len(inbox.to(customer)) == 1


async def test_a_worker_stopped_before_handing_the_mail_over_sends_it_once_later(mail_server):
    _, order, customer = await place_order()
    await notifications.consume_events()
    receipt = await receipt_of(order)
    inbox = mail_server.inbox
    with inbox.held():
        inbox.hold_recipient.set()
        sending = asyncio.create_task(notifications.deliver_notification(receipt.id, no_enqueue))
        await wait_until(lambda: customer in inbox.recipients_seen)
        sending.cancel()
        await asyncio.gather(sending, return_exceptions=True)
    stopped = await receipt_of(order)
    assert stopped.state == "SENDING" and stopped.handed_over_at is None and inbox.to(customer) == []
    await expire_claim(stopped)
    await run_worker_burst()
    [mail] = await inbox.wait_for(customer)
    settled = await receipt_of(order)
    assert settled.state == "SENT" and settled.attempts == 2
    assert mail.message["Message-ID"].endswith("@packline.notifications>")


def counted(outcome: str) -> float:
    return REGISTRY.get_sample_value("packline_notifications_total",
                                     {"template": "order_receipt", "outcome": outcome}) or 0


async def test_an_smtp_server_down_then_up_gets_the_mail_once_after_retries(mail_server):
    retried = counted("retried")
    _, order, customer = await place_order()
    mail_server.stop()
    try:
        worker = asyncio.create_task(run_worker_burst())

        async def failed_once() -> bool:
            row = await receipt_of(order)
            return row is not None and row.attempts >= 1 and row.state == "PENDING" and row.last_error != ""

        deadline = time.monotonic() + 10
        while not await failed_once():
            assert time.monotonic() < deadline, "the first attempt never failed"
            await asyncio.sleep(0.02)
    finally:
        mail_server.start()
    await worker
    [mail] = await mail_server.inbox.wait_for(customer)
    settled = await receipt_of(order)
    assert settled.state == "SENT" and settled.attempts >= 2
    assert mail.message["Subject"].startswith(f"Ihre Bestellung {order.number}")
    assert counted("retried") >= retried + 1


async def test_a_server_that_stays_down_fails_the_notification_after_the_last_attempt(mail_server):
    failed_before = counted("failed")
    _, order, customer = await place_order()
    mail_server.stop()
    try:
        await run_worker_burst()  # 4 attempts, 0.2 s, 0.4 s and 0.8 s apart (the tests' settings)
    finally:
        mail_server.start()
    failed = await receipt_of(order)
    assert failed.state == "FAILED" and failed.attempts == 4 and "Gave up after 4 attempts" in failed.last_error
    assert counted("failed") >= failed_before + 1
    await run_worker_burst()
    assert mail_server.inbox.to(customer) == []


async def test_a_worker_stuck_past_its_lease_does_not_send_what_another_took_over(mail_server):
    _, order, customer = await place_order()
    await notifications.consume_events()
    receipt = await receipt_of(order)
    inbox = mail_server.inbox
    with inbox.held():
        inbox.hold_recipient.set()
        stuck = asyncio.create_task(notifications.deliver_notification(receipt.id, no_enqueue))
        await wait_until(lambda: inbox.recipients_seen.count(customer) == 1)
        await expire_claim(await receipt_of(order))
        assert await notifications.recover_expired_claims() >= 1  # never handed over: pending again
        taking_over = asyncio.create_task(notifications.deliver_notification(receipt.id, no_enqueue))
        await wait_until(lambda: inbox.recipients_seen.count(customer) == 2)
    # Both go on: the stuck worker finds the claim is no longer its own and sends nothing; the other sends.
    assert await stuck is None
    assert (await taking_over).value == "SENT"
    assert len(await inbox.wait_for(customer)) == 1
    settled = await receipt_of(order)
    assert settled.state == "SENT" and settled.attempts == 2
