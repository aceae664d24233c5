from piccolo.columns import (
    UUID,
    Array,
    Boolean,
    ForeignKey,
    OnDelete,
    Timestamptz,
    Varchar,
)
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table


class Merchant(Table, tablename="merchant"):
    id = UUID(primary_key=True)
    # Short code shown to people and used as the prefix of the merchant's order numbers (e.g. M1-1042).
    code = Varchar(length=12, unique=True)
    name = Varchar(length=200)
    is_active = Boolean(default=True)
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())


class User(Table, tablename="user_account"):
    id = UUID(primary_key=True)
    # Stored lower-cased, which makes the unique constraint case-insensitive.
    email = Varchar(length=320, unique=True)
    name = Varchar(length=200)
    password_hash = Varchar(length=200, secret=True)
    role = Varchar(length=20)
    merchant = ForeignKey(references=Merchant, null=True, on_delete=OnDelete.restrict, index=True)
    is_active = Boolean(default=True)
    created_at = Timestamptz(default=TimestamptzNow())
    deactivated_at = Timestamptz(null=True, default=None)
    last_login_at = Timestamptz(null=True, default=None)


class Session(Table, tablename="user_session"):
    id = UUID(primary_key=True)
    user = ForeignKey(references=User, on_delete=OnDelete.cascade, index=True)
    token_hash = Varchar(length=64, unique=True, secret=True)
    created_at = Timestamptz(default=TimestamptzNow())
    expires_at = Timestamptz()
    revoked_at = Timestamptz(null=True, default=None)
    client_address = Varchar(length=64, default="")
    user_agent = Varchar(length=300, default="")


class ApiKey(Table, tablename="api_key"):
    id = UUID(primary_key=True)
    merchant = ForeignKey(references=Merchant, on_delete=OnDelete.restrict, index=True)
    name = Varchar(length=100)
    # The first characters of the secret, shown in lists so people can tell their keys apart.
    prefix = Varchar(length=16)
    secret_hash = Varchar(length=64, unique=True, secret=True)
    scopes = Array(base_column=Varchar(length=40))
    created_by = ForeignKey(references=User, null=True, on_delete=OnDelete.set_null)
    created_at = Timestamptz(default=TimestamptzNow())
    expires_at = Timestamptz(null=True, default=None)
    last_used_at = Timestamptz(null=True, default=None)
    revoked_at = Timestamptz(null=True, default=None)
