from piccolo.columns import (
    UUID,
    Array,
    Boolean,
    Bytea,
    ForeignKey,
    Integer,
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
    # The language of the merchant's documents (delivery notes): "de" or "en".
    language = Varchar(length=2, default="de")
    # Packing slips go in the customer's box: prices only when the merchant wants them.
    packing_slip_shows_prices = Boolean(default=False)
    # The sender address its documents show, as lines; empty while unknown.
    address = Varchar(length=400, default="")
    # When its logo (MerchantLogo) was set; null while it has none.
    logo_updated_at = Timestamptz(null=True, default=None)


class MerchantLogo(Table, tablename="merchant_logo"):
    """A merchant's logo for its documents: a small PNG or JPEG, checked and normalised when it was set (kept apart
    from the merchant row, which is read everywhere)."""

    id = UUID(primary_key=True)
    merchant = ForeignKey(references=Merchant, on_delete=OnDelete.cascade, unique=True)
    image = Bytea()
    media_type = Varchar(length=20)
    width = Integer()
    height = Integer()
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
