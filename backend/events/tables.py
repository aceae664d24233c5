from piccolo.columns import JSONB, UUID, BigInt, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table


class Event(Table, tablename="event"):
    """The outbox: every domain event, committed with the change it describes."""

    # Gapless and in commit order: given out under a transaction-scoped lock held until commit.
    seq = BigInt(primary_key=True)
    # The seq of the previous event of the same merchant, so a merchant's subscriber can tell a gap from
    # another merchant's event without asking the database.
    merchant_prev_seq = BigInt(null=True, default=None)
    merchant_id = UUID(null=True, default=None)
    topic = Varchar(length=40)
    type = Varchar(length=80)
    entity_type = Varchar(length=40)
    entity_id = UUID()
    payload = JSONB(default={})
    actor = JSONB(default={})
    occurred_at = Timestamptz(default=TimestamptzNow())
    published_at = Timestamptz(null=True, default=None)
