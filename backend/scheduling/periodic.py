"""Periodic jobs that catch up: every due slot since the last one claimed runs once, even when no worker was
running at the time (arq's own cron skips those). A slot is claimed through a unique (job, slot) row, so
several workers never run it twice; a failed slot, or one whose worker died, is claimed again later."""

from __future__ import annotations

import calendar
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Literal

from backend.scheduling.tables import ScheduledRun

log = logging.getLogger(__name__)

# A slot still RUNNING after this long belongs to a worker that died; it is claimed again.
STALE_CLAIM = timedelta(minutes=10)
# Never schedule more than this many missed slots of one job in one pass.
MAX_CATCH_UP = 1000


class Schedule:
    def due_after(self, after: datetime, until: datetime) -> list[datetime]:
        """Due slots in (after, until], oldest first."""
        raise NotImplementedError

    def latest(self, until: datetime) -> datetime | None:
        raise NotImplementedError


@dataclass(frozen=True)
class Every(Schedule):
    """Every `interval`, counted from the Unix epoch (so every 15 minutes means :00, :15, :30, :45)."""

    interval: timedelta

    def latest(self, until: datetime) -> datetime:
        step = self.interval.total_seconds()
        return datetime.fromtimestamp((until.timestamp() // step) * step, UTC)

    def due_after(self, after: datetime, until: datetime) -> list[datetime]:
        slots, slot = [], self.latest(until)
        while slot > after and len(slots) < MAX_CATCH_UP:
            slots.append(slot)
            slot -= self.interval
        return slots[::-1]


@dataclass(frozen=True)
class DailyAt(Schedule):
    at: time  # UTC

    def latest(self, until: datetime) -> datetime:
        today = datetime.combine(until.date(), self.at, UTC)
        return today if today <= until else today - timedelta(days=1)

    def due_after(self, after: datetime, until: datetime) -> list[datetime]:
        slots, slot = [], self.latest(until)
        while slot > after and len(slots) < MAX_CATCH_UP:
            slots.append(slot)
            slot -= timedelta(days=1)
        return slots[::-1]


@dataclass(frozen=True)
class MonthlyOn(Schedule):
    """On given days of each month; 0 means the month's last day (billing runs on the 15th and at month end)."""

    days: tuple[int, ...]
    at: time = time(0, 0)

    def _slots_of_month(self, year: int, month: int) -> list[datetime]:
        last = calendar.monthrange(year, month)[1]
        days = sorted({last if d == 0 else min(d, last) for d in self.days})
        return [datetime(year, month, d, self.at.hour, self.at.minute, tzinfo=UTC) for d in days]

    def due_after(self, after: datetime, until: datetime) -> list[datetime]:
        slots: list[datetime] = []
        year, month = after.year, after.month
        while (year, month) <= (until.year, until.month) and len(slots) < MAX_CATCH_UP:
            slots.extend(s for s in self._slots_of_month(year, month) if after < s <= until)
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return slots

    def latest(self, until: datetime) -> datetime | None:
        due = self.due_after(until - timedelta(days=62), until)
        return due[-1] if due else None


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    schedule: Schedule
    run: Callable[[datetime], Awaitable[None]]
    # "each": every missed slot runs (billing periods); "latest": only the newest (sweeps, expiry checks).
    catch_up: Literal["each", "latest"] = "each"


async def last_claimed_slot(job: str) -> datetime | None:
    rows = await ScheduledRun.select(ScheduledRun.slot).where(ScheduledRun.job == job).order_by(
        ScheduledRun.slot, ascending=False
    ).limit(1)
    return rows[0]["slot"] if rows else None


async def slots_to_run(job: PeriodicJob, now: datetime) -> list[datetime]:
    """Due slots not yet claimed; a job that never ran starts with its latest due slot only."""
    last = await last_claimed_slot(job.name)
    if last is None:
        latest = job.schedule.latest(now)
        due = [latest] if latest else []
    else:
        due = job.schedule.due_after(last, now)
        if job.catch_up == "latest":
            due = due[-1:]
    retry = await ScheduledRun.select(ScheduledRun.slot).where(
        (ScheduledRun.job == job.name)
        & (
            (ScheduledRun.status == "FAILED")
            | ((ScheduledRun.status == "RUNNING") & (ScheduledRun.claimed_at < now - STALE_CLAIM))
        )
    )
    return sorted({*due, *(r["slot"] for r in retry)})


async def claim(job: str, slot: datetime) -> bool:
    """Take a slot for this worker. False when another worker has it or it is done."""
    rows = await ScheduledRun.raw(
        "INSERT INTO scheduled_run (id, job, slot, status, claimed_at, error) "
        "VALUES (gen_random_uuid(), {}, {}, 'RUNNING', clock_timestamp(), '') "
        "ON CONFLICT (job, slot) DO UPDATE SET status = 'RUNNING', claimed_at = clock_timestamp(), error = '' "
        "WHERE scheduled_run.status = 'FAILED' "
        "OR (scheduled_run.status = 'RUNNING' AND scheduled_run.claimed_at < clock_timestamp() - {}::interval) "
        "RETURNING id",
        job,
        slot,
        STALE_CLAIM,
    )
    return bool(rows)


async def finish(job: str, slot: datetime, error: str | None = None) -> None:
    await ScheduledRun.update(
        {ScheduledRun.status: "FAILED" if error else "DONE", ScheduledRun.finished_at: datetime.now(UTC),
         ScheduledRun.error: (error or "")[:500]}
    ).where((ScheduledRun.job == job) & (ScheduledRun.slot == slot))
