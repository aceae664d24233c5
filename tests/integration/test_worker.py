"""The worker: periodic jobs catch up on runs missed while no worker ran, each slot runs once, failures are
retried, and the health check reports a live worker."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta

import pytest

from backend.accounts.tables import Session
from backend.core.authorization import Role
from backend.scheduling import jobs
from backend.scheduling.periodic import Every, PeriodicJob
from backend.scheduling.tables import ScheduledRun
from tests.support import ROOT_DIR, make_user, run_worker_burst, unique


@pytest.fixture
def recorded_job():
    """A periodic job whose runs are recorded, registered for one test."""
    ran: list[datetime] = []
    failing: set[datetime] = set()

    async def record(slot: datetime) -> None:
        if slot in failing:
            failing.discard(slot)
            raise RuntimeError("carrier API down")
        ran.append(slot)

    def register(catch_up: str = "each") -> PeriodicJob:
        job = PeriodicJob(unique("job-"), Every(timedelta(hours=1)), record, catch_up=catch_up)  # type: ignore[arg-type]
        jobs.register(job)
        return job

    yield register, ran, failing
    for name in [n for n in jobs.PERIODIC_JOBS if n.startswith("job-")]:
        del jobs.PERIODIC_JOBS[name]


def hours_ago(n: int) -> datetime:
    now = datetime.now(UTC)
    return now.replace(minute=0, second=0, microsecond=0) - timedelta(hours=n)


async def test_missed_runs_are_caught_up_in_order_and_only_once(recorded_job):
    register, ran, _ = recorded_job
    job = register("each")
    # The last run happened five hours ago; no worker ran since.
    await ScheduledRun.insert(ScheduledRun(job=job.name, slot=hours_ago(5), status="DONE"))
    await run_worker_burst()
    assert ran == [hours_ago(n) for n in (4, 3, 2, 1, 0)]
    statuses = await ScheduledRun.select(ScheduledRun.status).where(ScheduledRun.job == job.name)
    assert [s["status"] for s in statuses] == ["DONE"] * 6
    # A second worker start finds nothing left to do.
    await run_worker_burst()
    assert len(ran) == 5


async def test_latest_only_jobs_run_once_after_downtime(recorded_job):
    register, ran, _ = recorded_job
    job = register("latest")
    await ScheduledRun.insert(ScheduledRun(job=job.name, slot=hours_ago(5), status="DONE"))
    await run_worker_burst()
    assert ran == [hours_ago(0)]


async def test_a_job_that_never_ran_starts_with_its_latest_slot(recorded_job):
    register, ran, _ = recorded_job
    register("each")
    await run_worker_burst()
    assert ran == [hours_ago(0)]


async def test_failed_and_abandoned_slots_are_run_again(recorded_job):
    register, ran, failing = recorded_job
    job = register("each")
    await ScheduledRun.insert(ScheduledRun(job=job.name, slot=hours_ago(3), status="DONE"))
    failing.add(hours_ago(1))
    # A worker died an hour ago in the middle of the slot two hours back.
    await ScheduledRun.insert(
        ScheduledRun(job=job.name, slot=hours_ago(2), status="RUNNING", claimed_at=datetime.now(UTC) - timedelta(hours=1))
    )
    await run_worker_burst()
    failed = await ScheduledRun.objects().where((ScheduledRun.job == job.name) & (ScheduledRun.slot == hours_ago(1))).first()
    assert failed.status == "FAILED" and "carrier API down" in failed.error
    assert sorted(ran) == [hours_ago(2), hours_ago(0)]
    await run_worker_burst()
    assert sorted(ran) == [hours_ago(2), hours_ago(1), hours_ago(0)]
    statuses = await ScheduledRun.select(ScheduledRun.status).where(ScheduledRun.job == job.name)
    assert {s["status"] for s in statuses} == {"DONE"}


async def test_expired_sessions_are_purged_by_the_daily_job(api):
    user = await make_user(Role.WAREHOUSE)
    await api.login(user.email)
    live = await api.login(user.email)
    await Session.update({Session.expires_at: datetime.now(UTC) - timedelta(days=3)}).where(
        (Session.user == user.id) & (Session.token_hash != __import__("backend.core.security", fromlist=["x"]).token_hash(live))
    )
    await ScheduledRun.delete().where(ScheduledRun.job == "purge_expired_sessions")
    await run_worker_burst()
    remaining = await Session.count().where(Session.user == user.id)
    assert remaining == 1
    assert (await api.gql("{ me { email } }", token=live))["data"]["me"]["email"] == user.email


def test_health_check_reports_a_running_worker(database):
    env = os.environ.copy()
    check = [sys.executable, "-m", "backend.cli", "worker", "--check"]
    worker = subprocess.Popen([sys.executable, "-m", "backend.cli", "worker"], cwd=ROOT_DIR, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if subprocess.run(check, cwd=ROOT_DIR, env=env, capture_output=True).returncode == 0:
                break
            time.sleep(0.5)
        else:
            pytest.fail("the worker never reported healthy")
    finally:
        worker.terminate()
        worker.wait(10)
