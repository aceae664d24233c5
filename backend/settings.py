"""Settings from environment variables, one cached object per concern."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urlsplit

DEVELOPMENT_SECRET = "development-only-secret-change-me"


def _env(name: str, default: str) -> str:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def _env_int(name: str, default: int) -> int:
    raw = _env(name, str(default))
    try:
        return int(raw)
    except ValueError as exc:
        raise SettingsError(f"{name} must be a whole number, got {raw!r}") from exc


def _env_bool(name: str, default: bool) -> bool:
    raw = _env(name, "1" if default else "0").strip().lower()
    if raw in ("1", "true", "yes", "on"):
        return True
    if raw in ("0", "false", "no", "off"):
        return False
    raise SettingsError(f"{name} must be 1 or 0 (true/false, yes/no, on/off), got {raw!r}")


class SettingsError(ValueError):
    pass


@dataclass(frozen=True)
class AppSettings:
    environment: str
    secret_key: str
    port: int
    allowed_origins: tuple[str, ...]
    forwarded_allow_ips: str
    # When set, GET /metrics asks for `Authorization: Bearer <token>`; unset, it is open in development and not
    # served in production.
    metrics_token: str | None = None

    @property
    def is_production(self) -> bool:
        return self.environment == "production"


@dataclass(frozen=True)
class DatabaseSettings:
    url: str
    pool_min_size: int
    pool_max_size: int

    @property
    def name(self) -> str:
        return urlsplit(self.url).path.lstrip("/")


@dataclass(frozen=True)
class RedisSettings:
    url: str
    # Prefix of every key and pub/sub channel, so that several installations (or test runs) share one Redis.
    namespace: str


@dataclass(frozen=True)
class AuthSettings:
    session_ttl_seconds: int
    login_failures_per_account: int
    login_failures_per_address: int
    login_failure_window_seconds: int


@dataclass(frozen=True)
class ApiLimitSettings:
    max_depth: int
    max_aliases: int
    max_tokens: int
    max_cost: int
    default_page_size: int
    rate_points_per_second: int
    rate_burst_points: int
    max_subscriptions_per_connection: int


@dataclass(frozen=True)
class GraphQLSettings:
    # Plain fields completed inline by the engine's executor (backend/api/engine/executor.py); off, graphql-core's
    # regular executor runs every field (the same answers, slower; a way out should an upgrade break the former).
    inline_completion: bool


DHL_SANDBOX_URL = "https://api-sandbox.dhl.com"


@dataclass(frozen=True)
class DhlSettings:
    """DHL Parcel DE: the shipping API (v2) and DHL's shipment tracking API, both under `base_url` (the sandbox
    unless set; tests and `make run` point it at a local peer). Credentials stay out of reprs and logs."""

    base_url: str
    api_key: str = field(repr=False)
    user: str = field(repr=False)
    password: str = field(repr=False)
    billing_number: str
    timeout_seconds: float
    # The sender printed on labels: the fulfillment center's address.
    sender_name: str
    sender_street: str
    sender_house: str
    sender_postal_code: str
    sender_city: str


@dataclass(frozen=True)
class StorageSettings:
    """Where uploaded files (return photos) are kept: `local` files under `directory`, or `s3` for an
    S3-compatible service (MinIO, AWS). The key pair stays out of reprs and logs."""

    backend: str
    directory: str
    s3_endpoint_url: str
    s3_bucket: str
    s3_region: str
    s3_access_key_id: str = field(repr=False)
    s3_secret_access_key: str = field(repr=False)


@dataclass(frozen=True)
class ShopSettings:
    """Shop connections: the keys their credentials are encrypted with (Fernet keys, newest first; an older key
    still decrypts until every credential was saved again under the newest), and how long a shop may take to
    answer."""

    credential_keys: tuple[str, ...] = field(repr=False)
    timeout_seconds: float = 15.0
    # An import run whose heartbeat (moved on every committed page) is older belongs to a worker that died; a
    # worker starting up, and the periodic pull, queue it again.
    run_stale_seconds: int = 300


@dataclass(frozen=True)
class MailSettings:
    """Outgoing e-mail (notifications): the SMTP server, how to reach it, who the mail is from, how sending retries.
    The password stays out of reprs and logs."""

    host: str
    port: int
    # "none" (a local catcher), "starttls" (upgrade a plain connection; submission on 587) or "tls" (implicit, 465).
    security: str
    username: str
    password: str = field(repr=False)
    # The address every notification is sent from; the merchant's name is its display name, replies go to the
    # merchant's reply-to address.
    from_address: str = "notifications@packline.local"
    timeout_seconds: float = 10.0
    # A failed send is tried again after base, 2×base, 4×base … seconds, `max_attempts` times in all.
    retry_base_seconds: float = 30.0
    max_attempts: int = 8
    # How long a worker's claim on a notification lasts before another may take it over.
    claim_seconds: int = 120


@dataclass(frozen=True)
class Settings:
    app: AppSettings
    database: DatabaseSettings
    redis: RedisSettings
    auth: AuthSettings
    limits: ApiLimitSettings = field(repr=False)
    graphql: GraphQLSettings = field(repr=False)
    dhl: DhlSettings = field(repr=False)
    storage: StorageSettings = field(repr=False)
    mail: MailSettings = field(repr=False)
    shops: ShopSettings = field(repr=False, default=ShopSettings(credential_keys=()))


def load_settings() -> Settings:
    environment = _env("ENVIRONMENT", "development")
    if environment not in ("development", "production"):
        raise SettingsError(f"ENVIRONMENT must be development or production, got {environment!r}")
    secret_key = _env("SECRET_KEY", DEVELOPMENT_SECRET)
    if environment == "production" and (secret_key == DEVELOPMENT_SECRET or len(secret_key) < 32):
        raise SettingsError("SECRET_KEY must be set to at least 32 random characters in production")
    metrics_token = _env("METRICS_TOKEN", "") or None
    if metrics_token is not None and len(metrics_token) < 16:
        raise SettingsError("METRICS_TOKEN must be at least 16 characters (or unset)")
    origins = tuple(o.strip() for o in _env("ALLOWED_ORIGINS", "http://localhost:8000,http://127.0.0.1:8000,http://localhost:5173").split(",") if o.strip())
    return Settings(
        app=AppSettings(
            environment=environment,
            secret_key=secret_key,
            port=_env_int("PORT", 8000),
            allowed_origins=origins,
            forwarded_allow_ips=_env("FORWARDED_ALLOW_IPS", "127.0.0.1"),
            metrics_token=metrics_token,
        ),
        database=DatabaseSettings(
            url=_env("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/packline"),
            pool_min_size=_env_int("DATABASE_POOL_MIN", 2),
            pool_max_size=_env_int("DATABASE_POOL_MAX", 20),
        ),
        redis=RedisSettings(
            url=_env("REDIS_URL", "redis://127.0.0.1:6379/0"),
            namespace=_env("REDIS_NAMESPACE", "packline"),
        ),
        auth=AuthSettings(
            session_ttl_seconds=_env_int("SESSION_TTL_SECONDS", 12 * 3600),
            login_failures_per_account=_env_int("LOGIN_FAILURES_PER_ACCOUNT", 5),
            login_failures_per_address=_env_int("LOGIN_FAILURES_PER_ADDRESS", 30),
            login_failure_window_seconds=_env_int("LOGIN_FAILURE_WINDOW_SECONDS", 900),
        ),
        limits=ApiLimitSettings(
            max_depth=_env_int("GRAPHQL_MAX_DEPTH", 10),
            max_aliases=_env_int("GRAPHQL_MAX_ALIASES", 15),
            max_tokens=_env_int("GRAPHQL_MAX_TOKENS", 2000),
            max_cost=_env_int("GRAPHQL_MAX_COST", 10000),
            default_page_size=20,
            rate_points_per_second=_env_int("RATE_LIMIT_POINTS_PER_SECOND", 5000),
            rate_burst_points=_env_int("RATE_LIMIT_BURST_POINTS", 20000),
            max_subscriptions_per_connection=_env_int("GRAPHQL_MAX_SUBSCRIPTIONS_PER_CONNECTION", 20),
        ),
        graphql=GraphQLSettings(inline_completion=_env_bool("GRAPHQL_INLINE_COMPLETION", True)),
        dhl=_dhl_settings(),
        storage=_storage_settings(),
        shops=_shop_settings(secret_key),
        mail=_mail_settings(),
    )


def _shop_settings(secret_key: str) -> ShopSettings:
    """SHOP_CREDENTIAL_KEYS: comma-separated Fernet keys, the first encrypts. Unset, one key is derived from
    SECRET_KEY (so a development setup needs nothing more)."""
    import base64
    import hashlib

    keys = tuple(k.strip() for k in _env("SHOP_CREDENTIAL_KEYS", "").split(",") if k.strip())
    if not keys:
        keys = (base64.urlsafe_b64encode(hashlib.sha256(b"shop-credentials:" + secret_key.encode()).digest()).decode(),)
    timeout = _env("SHOP_TIMEOUT_SECONDS", "15")
    try:
        return ShopSettings(credential_keys=keys, timeout_seconds=float(timeout),
                            run_stale_seconds=_env_int("SHOP_RUN_STALE_SECONDS", 300))
    except ValueError as exc:
        raise SettingsError(f"SHOP_TIMEOUT_SECONDS must be a number of seconds, got {timeout!r}") from exc


def _env_float(name: str, default: float) -> float:
    raw = _env(name, str(default))
    try:
        return float(raw)
    except ValueError as exc:
        raise SettingsError(f"{name} must be a number, got {raw!r}") from exc


def _mail_settings() -> MailSettings:
    security = _env("SMTP_SECURITY", "none").lower()
    if security not in ("none", "starttls", "tls"):
        raise SettingsError(f"SMTP_SECURITY must be none, starttls or tls, got {security!r}")
    settings = MailSettings(
        host=_env("SMTP_HOST", "127.0.0.1"), port=_env_int("SMTP_PORT", 1025), security=security,
        username=_env("SMTP_USERNAME", ""), password=_env("SMTP_PASSWORD", ""),
        from_address=_env("MAIL_FROM", "notifications@packline.local"),
        timeout_seconds=_env_float("SMTP_TIMEOUT_SECONDS", 10.0),
        retry_base_seconds=_env_float("NOTIFICATION_RETRY_BASE_SECONDS", 30.0),
        max_attempts=_env_int("NOTIFICATION_MAX_ATTEMPTS", 8),
        claim_seconds=_env_int("NOTIFICATION_CLAIM_SECONDS", 120),
    )
    if "@" not in settings.from_address:
        raise SettingsError(f"MAIL_FROM must be an e-mail address, got {settings.from_address!r}")
    if settings.max_attempts < 1 or settings.claim_seconds < 1:
        raise SettingsError("NOTIFICATION_MAX_ATTEMPTS and NOTIFICATION_CLAIM_SECONDS must be at least 1")
    return settings


def _dhl_settings() -> DhlSettings:
    timeout = _env("DHL_TIMEOUT_SECONDS", "15")
    try:
        timeout_seconds = float(timeout)
    except ValueError as exc:
        raise SettingsError(f"DHL_TIMEOUT_SECONDS must be a number of seconds, got {timeout!r}") from exc
    # The sandbox's documented test account (DHL's developer portal); production sets its own.
    return DhlSettings(
        base_url=_env("DHL_BASE_URL", DHL_SANDBOX_URL).rstrip("/"),
        api_key=_env("DHL_API_KEY", ""),
        user=_env("DHL_USER", "user-valid"),
        password=_env("DHL_PASSWORD", "SandboxPasswort2023!"),
        billing_number=_env("DHL_BILLING_NUMBER", "33333333330102"),
        timeout_seconds=timeout_seconds,
        sender_name=_env("DHL_SENDER_NAME", "Packline Fulfillment"),
        sender_street=_env("DHL_SENDER_STREET", "Lagerstrasse"),
        sender_house=_env("DHL_SENDER_HOUSE", "1"),
        sender_postal_code=_env("DHL_SENDER_POSTAL_CODE", "04109"),
        sender_city=_env("DHL_SENDER_CITY", "Leipzig"),
    )


def _storage_settings() -> StorageSettings:
    backend = _env("STORAGE_BACKEND", "local")
    if backend not in ("local", "s3"):
        raise SettingsError(f"STORAGE_BACKEND must be local or s3, got {backend!r}")
    settings = StorageSettings(
        backend=backend,
        directory=_env("STORAGE_DIR", "var/storage"),
        s3_endpoint_url=_env("STORAGE_S3_ENDPOINT_URL", ""),
        s3_bucket=_env("STORAGE_S3_BUCKET", "packline"),
        s3_region=_env("STORAGE_S3_REGION", "us-east-1"),
        s3_access_key_id=_env("STORAGE_S3_ACCESS_KEY_ID", ""),
        s3_secret_access_key=_env("STORAGE_S3_SECRET_ACCESS_KEY", ""),
    )
    if backend == "s3" and not (settings.s3_access_key_id and settings.s3_secret_access_key):
        raise SettingsError("STORAGE_BACKEND=s3 needs STORAGE_S3_ACCESS_KEY_ID and STORAGE_S3_SECRET_ACCESS_KEY")
    return settings


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return load_settings()
