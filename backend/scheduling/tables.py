from piccolo.columns import UUID, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table


class ScheduledRun(Table, tablename="scheduled_run"):
    """One due run of a periodic job; (job, slot) is unique so a slot is claimed once across workers."""

    id = UUID(primary_key=True)
    job = Varchar(length=80)
    slot = Timestamptz()
    status = Varchar(length=12, default="RUNNING")
    claimed_at = Timestamptz(default=TimestamptzNow())
    finished_at = Timestamptz(null=True, default=None)
    error = Varchar(length=500, default="")
