"""The periodic jobs of every domain. Later domains (billing, payment expiry) add theirs here."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from backend.accounts.tables import Session
from backend.scheduling.periodic import DailyAt, Every, PeriodicJob


async def cancel_expired_unpaid_orders(slot: datetime) -> None:
    from backend.orders.services import cancel_expired_unpaid_orders as cancel

    await cancel(slot)


async def sweep_backorders(slot: datetime) -> None:
    from backend.orders.services import sweep_backorders as sweep

    await sweep(slot)


async def poll_carrier_tracking(slot: datetime) -> None:
    from backend.shipping.services import poll_carrier_tracking as poll

    await poll(slot)


async def make_missing_return_thumbnails(slot: datetime) -> None:
    from backend.returns.services import make_missing_thumbnails

    await make_missing_thumbnails(slot)


async def pull_shop_orders(slot: datetime) -> None:
    from backend.shops.services import pull_due_shops

    await pull_due_shops(slot)


async def push_shop_tracking(slot: datetime) -> None:
    from backend.shops.services import push_tracking

    await push_tracking(slot)


async def write_notification_digests(slot: datetime) -> None:
    from backend.notifications.services import write_due_digests

    await write_due_digests(slot)


async def purge_expired_sessions(slot: datetime) -> None:
    """Delete sessions that expired or were revoked more than a day before the slot (idempotent)."""
    cutoff = slot - timedelta(days=1)
    await Session.delete().where((Session.expires_at < cutoff) | (Session.revoked_at < cutoff))


PERIODIC_JOBS: dict[str, PeriodicJob] = {
    job.name: job
    for job in [
        PeriodicJob("purge_expired_sessions", DailyAt(time(3, 0)), purge_expired_sessions, catch_up="latest"),
        # Each run cancels everything overdue as of its slot, so after downtime the latest slot catches up.
        PeriodicJob("cancel_expired_unpaid_orders", Every(timedelta(minutes=15)), cancel_expired_unpaid_orders,
                    catch_up="latest"),
        PeriodicJob("sweep_backorders", Every(timedelta(minutes=1)), sweep_backorders, catch_up="latest"),
        # Each run asks about every parcel still on its way, so after downtime the latest slot catches up.
        PeriodicJob("poll_carrier_tracking", Every(timedelta(minutes=15)), poll_carrier_tracking, catch_up="latest"),
        # Thumbnails a lost job left unmade; each run takes every photo still without one.
        PeriodicJob("make_missing_return_thumbnails", Every(timedelta(minutes=5)), make_missing_return_thumbnails,
                    catch_up="latest"),
        # Queues a pull per shop (each its own job); after downtime the latest slot catches up from the cursors.
        PeriodicJob("pull_shop_orders", Every(timedelta(minutes=5)), pull_shop_orders, catch_up="latest"),
        # Each run tells the shops about every parcel not yet told (retrying those whose shop was down).
        PeriodicJob("push_shop_tracking", Every(timedelta(minutes=1)), push_shop_tracking, catch_up="latest"),
        # Each run writes every digest that is due by then, so after downtime the latest slot catches up.
        PeriodicJob("write_notification_digests", Every(timedelta(minutes=1)), write_notification_digests,
                    catch_up="latest"),
    ]
}


def register(job: PeriodicJob) -> None:
    PERIODIC_JOBS[job.name] = job
