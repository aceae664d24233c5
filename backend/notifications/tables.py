from piccolo.columns import JSONB, UUID, BigInt, ForeignKey, Integer, OnDelete, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from backend.accounts.tables import Merchant


class NotificationCursor(Table, tablename="notification_cursor"):
    """How far a consumer of the outbox has read: the seq of the last event it turned into notifications. Created
    by the migration at the outbox's end then, so history before notifications existed is not mailed."""

    consumer = Varchar(length=40, primary_key=True)
    last_seq = BigInt(default=0)
    updated_at = Timestamptz(default=TimestamptzNow())


class Notification(Table, tablename="notification"):
    """One message to one recipient about one event. (event_seq, template, channel, recipient) is unique: an event
    read twice, or a consumer that dies before it saves its position, makes no second message."""

    id = UUID(primary_key=True)
    merchant = ForeignKey(references=Merchant, on_delete=OnDelete.cascade, index=True)
    event_seq = BigInt()
    channel = Varchar(length=10)
    template = Varchar(length=30)
    recipient = Varchar(length=320)
    language = Varchar(length=2)
    # What the template needs, copied when the event was read: the message says what was true then.
    payload = JSONB(default={})
    sales_order = UUID(null=True, default=None, index=True)
    order_number = Varchar(length=32, default="")
    state = Varchar(length=12, default="PENDING")
    attempts = Integer(default=0)
    last_error = Varchar(length=500, default="")
    next_attempt_at = Timestamptz(default=TimestamptzNow())
    # While SENDING: the claim's lease; a worker that died leaves it to expire.
    claimed_until = Timestamptz(null=True, default=None)
    # Set just before the message is handed to the SMTP server (DATA): after it, a dead worker's mail counts as sent.
    handed_over_at = Timestamptz(null=True, default=None)
    # Raised by every resend, and part of the Message-ID: a resend is a new message, a retry is the same one.
    generation = Integer(default=0)
    # When a send job was last queued for it, so that a lost job is queued again but a waiting one not every pass.
    queued_at = Timestamptz(null=True, default=None)
    subject = Varchar(length=300, default="")
    created_at = Timestamptz(default=TimestamptzNow())
    sent_at = Timestamptz(null=True, default=None)


class NotificationSettings(Table, tablename="notification_settings"):
    """What a merchant's notifications say and to whom; a merchant without a row has the defaults."""

    id = UUID(primary_key=True)
    merchant = ForeignKey(references=Merchant, on_delete=OnDelete.cascade, unique=True)
    # Per message kind: {"enabled": bool, "subject": str, "intro": str}; a kind left out has the defaults.
    messages = JSONB(default={})
    # INSTANT: a mail per new order; DIGEST: one mail every `digest_minutes` listing the new orders.
    new_order_mode = Varchar(length=10, default="INSTANT")
    digest_minutes = Integer(default=60)
    sender_name = Varchar(length=100, default="")
    reply_to = Varchar(length=320, default="")
    # Where the merchant's own messages go; empty: to its active admins.
    merchant_email = Varchar(length=320, default="")
    updated_at = Timestamptz(default=TimestamptzNow())


class DigestEntry(Table, tablename="notification_digest_entry"):
    """A new order waiting for the merchant's next digest; `notification` is set once a digest took it."""

    id = UUID(primary_key=True)
    merchant = ForeignKey(references=Merchant, on_delete=OnDelete.cascade, index=True)
    event_seq = BigInt(unique=True)
    order_payload = JSONB(default={})
    notification = UUID(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())
