from datetime import UTC, datetime, time, timedelta

from backend.scheduling.periodic import DailyAt, Every, MonthlyOn


def dt(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_every_is_aligned_to_the_clock():
    every = Every(timedelta(minutes=15))
    assert every.latest(dt(2026, 3, 1, 10, 44)) == dt(2026, 3, 1, 10, 30)
    assert every.due_after(dt(2026, 3, 1, 10, 0), dt(2026, 3, 1, 10, 44)) == [dt(2026, 3, 1, 10, 15), dt(2026, 3, 1, 10, 30)]
    assert every.due_after(dt(2026, 3, 1, 10, 30), dt(2026, 3, 1, 10, 44)) == []


def test_daily_at():
    daily = DailyAt(time(3, 0))
    assert daily.latest(dt(2026, 3, 2, 2, 59)) == dt(2026, 3, 1, 3, 0)
    assert daily.latest(dt(2026, 3, 2, 3, 0)) == dt(2026, 3, 2, 3, 0)
    assert daily.due_after(dt(2026, 2, 27, 3, 0), dt(2026, 3, 2, 12, 0)) == [
        dt(2026, 2, 28, 3, 0), dt(2026, 3, 1, 3, 0), dt(2026, 3, 2, 3, 0)
    ]


def test_monthly_on_the_15th_and_the_last_day():
    billing = MonthlyOn(days=(15, 0))
    assert billing.due_after(dt(2026, 1, 20), dt(2026, 3, 16)) == [
        dt(2026, 1, 31), dt(2026, 2, 15), dt(2026, 2, 28), dt(2026, 3, 15)
    ]
    assert billing.due_after(dt(2028, 2, 15), dt(2028, 3, 1)) == [dt(2028, 2, 29)]  # leap year
    assert billing.latest(dt(2026, 12, 31, 23, 59)) == dt(2026, 12, 31)
    assert billing.due_after(dt(2026, 12, 20), dt(2027, 1, 16)) == [dt(2026, 12, 31), dt(2027, 1, 15)]
