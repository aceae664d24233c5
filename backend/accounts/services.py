"""Use cases of accounts and tenancy. Every function takes the acting `Actor` and checks it first."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from asyncpg.exceptions import UniqueViolationError

from backend.accounts.events import merchant_payload, record_api_key, record_merchant, record_user
from backend.accounts.tables import ApiKey, Merchant, Session, User
from backend.core import ratelimit
from backend.core.authorization import (
    MERCHANT_ROLES,
    SYSTEM,
    Actor,
    ActorKind,
    ApiKeyScope,
    Permission,
    Role,
    permissions_for_role,
)
from backend.core.batching import Batches
from backend.core.clock import utcnow
from backend.core.db import engine
from backend.core.errors import (
    Conflict,
    FieldChecks,
    Forbidden,
    NotFound,
    RateLimited,
    Unauthenticated,
    ValidationFailed,
)
from backend.core.pagination import Page, PageRequest, SortDirection, paginate
from backend.core.queries import rows_by_ids
from backend.core.redis import key, redis
from backend.core.security import (
    API_KEY_PREFIX,
    SESSION_TOKEN_PREFIX,
    hash_password,
    needs_rehash,
    new_token,
    token_hash,
    verify_password,
)
from backend.events.outbox import unit_of_work
from backend.settings import get_settings

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MERCHANT_CODE_RE = re.compile(r"^[A-Z0-9]{2,12}$")
MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 200
API_KEY_LAST_USED_PRECISION = timedelta(minutes=1)


# ---------------------------------------------------------------- input cleaning


def clean_email(email: str, field: str = "email") -> str:
    cleaned = email.strip().lower()
    if len(cleaned) > 320 or not EMAIL_RE.match(cleaned):
        raise ValidationFailed("Enter a valid e-mail address", field=field)
    return cleaned


def clean_name(name: str, field: str = "name", max_length: int = 200) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise ValidationFailed("This field is required", field=field, code="REQUIRED")
    if len(cleaned) > max_length:
        raise ValidationFailed(f"At most {max_length} characters", field=field, code="TOO_LONG")
    return cleaned


def clean_merchant_code(code: str) -> str:
    cleaned = code.strip().upper()
    if not MERCHANT_CODE_RE.match(cleaned):
        raise ValidationFailed("2 to 12 letters or digits", field="code")
    return cleaned


def clean_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationFailed(
            f"The password needs at least {MIN_PASSWORD_LENGTH} characters", field="password", code="TOO_SHORT"
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise ValidationFailed(f"At most {MAX_PASSWORD_LENGTH} characters", field="password", code="TOO_LONG")
    return password



# ---------------------------------------------------------------- authentication


def _user_actor(user: dict, session_id: UUID, expires_at: datetime) -> Actor:
    role = Role(user["role"])
    return Actor(
        kind=ActorKind.USER,
        id=user["id"],
        label=user["email"],
        role=role,
        merchant_id=user["merchant"],
        permissions=permissions_for_role(role),
        credential_id=session_id,
        expires_at=expires_at,
    )


def _api_key_actor(api_key: dict) -> Actor:
    granted = frozenset().union(*(ApiKeyScope(s).permissions for s in api_key["scopes"] if s in ApiKeyScope.__members__))
    return Actor(
        kind=ActorKind.API_KEY,
        id=api_key["id"],
        label=f"API key {api_key['name']}",
        role=None,
        merchant_id=api_key["merchant"],
        permissions=granted & permissions_for_role(Role.MERCHANT_ADMIN),
        credential_id=api_key["id"],
        expires_at=api_key["expires_at"],
    )


# Every request authenticates, so these are plain SQL (building the joined Piccolo query cost more than the rest
# of authenticating a request), and the concurrent requests of a process look their credentials up together.
_SESSION_ACTORS = (
    "SELECT s.token_hash, s.id, s.expires_at, u.id AS user_id, u.email, u.role, u.merchant FROM user_session s "
    'JOIN user_account u ON u.id = s."user" WHERE s.token_hash = ANY({}) AND s.revoked_at IS NULL '
    "AND s.expires_at > {} AND u.is_active"
)
_API_KEY_ACTORS = (
    "SELECT k.secret_hash, k.id, k.name, k.merchant, k.scopes, k.expires_at, k.last_used_at FROM api_key k "
    "JOIN merchant m ON m.id = k.merchant WHERE k.secret_hash = ANY({}) AND k.revoked_at IS NULL AND m.is_active"
)


async def _sessions_by_digest(digests: list[str]) -> list[dict | None]:
    rows = {row["token_hash"]: row for row in await Session.raw(_SESSION_ACTORS, list(set(digests)), utcnow())}
    return [rows.get(digest) for digest in digests]


async def _api_keys_by_digest(digests: list[str]) -> list[dict | None]:
    rows = {row["secret_hash"]: row for row in await ApiKey.raw(_API_KEY_ACTORS, list(set(digests)))}
    return [rows.get(digest) for digest in digests]


_session_lookups: Batches[str, dict | None] = Batches(_sessions_by_digest)
_api_key_lookups: Batches[str, dict | None] = Batches(_api_keys_by_digest)


async def authenticate(bearer: str) -> Actor | None:
    """The actor a bearer credential stands for, or None when it is unknown, expired or revoked."""
    digest = token_hash(bearer)
    if bearer.startswith(SESSION_TOKEN_PREFIX):
        row = await _session_lookups.submit(digest)
        if row is None:
            return None
        return _user_actor(
            {"id": row["user_id"], "email": row["email"], "role": row["role"], "merchant": row["merchant"]},
            row["id"],
            row["expires_at"],
        )
    if bearer.startswith(API_KEY_PREFIX):
        row = await _api_key_lookups.submit(digest)
        if row is None:
            return None
        now = utcnow()
        if row["expires_at"] is not None and row["expires_at"] <= now:
            return None
        if row["last_used_at"] is None or now - row["last_used_at"] > API_KEY_LAST_USED_PRECISION:
            await ApiKey.update({ApiKey.last_used_at: now}).where(ApiKey.id == row["id"])
        return _api_key_actor(row)
    return None


def _revocation_key(credential_id: UUID) -> str:
    return key("revoked", credential_id)


async def _mark_revoked(credential_ids: list[UUID], ttl_seconds: int) -> None:
    """Tell open websockets of these credentials to close (they check this key, not the database)."""
    if credential_ids:
        pipe = redis().pipeline(transaction=False)
        for credential_id in credential_ids:
            pipe.set(_revocation_key(credential_id), b"1", ex=max(ttl_seconds, 1))
        await pipe.execute()


async def revoked_among(credential_ids: list[UUID]) -> set[UUID]:
    """Which of these credentials were revoked (logout, deactivation, key revocation), in one round trip."""
    if not credential_ids:
        return set()
    pipe = redis().pipeline(transaction=False)
    for credential_id in credential_ids:
        pipe.exists(_revocation_key(credential_id))
    flags = await pipe.execute()
    return {credential_id for credential_id, flag in zip(credential_ids, flags, strict=True) if flag}


@dataclass(frozen=True)
class LoginResult:
    token: str
    expires_at: datetime
    user: User
    # Who the new token stands for, so the rest of the login request can answer as that user.
    actor: Actor


async def login(email: str, password: str, *, client_address: str, user_agent: str = "") -> LoginResult:
    settings = get_settings().auth
    normalized = email.strip().lower()
    account_counter = f"login:account:{normalized}"
    address_counter = f"login:address:{client_address}"
    for counter, limit in (
        (account_counter, settings.login_failures_per_account),
        (address_counter, settings.login_failures_per_address),
    ):
        count, ttl = await ratelimit.failures(counter)
        if count >= limit:
            raise RateLimited(
                f"Too many failed sign-ins. Try again in {max(ttl, 1) // 60 + 1} minutes.", retry_after=max(ttl, 1)
            )

    user = await User.objects().where(User.email == normalized).first()
    valid = await verify_password(user.password_hash if user else None, password)
    if not valid or user is None or not user.is_active:
        await ratelimit.record_failure(account_counter, settings.login_failure_window_seconds)
        await ratelimit.record_failure(address_counter, settings.login_failure_window_seconds)
        raise Unauthenticated("The e-mail or the password is wrong", code="INVALID_CREDENTIALS")
    if user.merchant is not None:
        merchant_active = await Merchant.exists().where((Merchant.id == user.merchant) & (Merchant.is_active == True))  # noqa: E712
        if not merchant_active:
            raise Forbidden("This merchant account is inactive", code="MERCHANT_INACTIVE")

    await ratelimit.clear_failures(account_counter)
    token = new_token(SESSION_TOKEN_PREFIX)
    expires_at = utcnow() + timedelta(seconds=settings.session_ttl_seconds)
    updates: dict = {User.last_login_at: utcnow()}
    if needs_rehash(user.password_hash):
        updates[User.password_hash] = await hash_password(password)
    session = Session(
        user=user.id, token_hash=token_hash(token), expires_at=expires_at, client_address=client_address[:64],
        user_agent=user_agent[:300],
    )
    async with engine().transaction():
        await Session.insert(session)
        await User.update(updates).where(User.id == user.id)
    actor = _user_actor({"id": user.id, "email": user.email, "role": user.role, "merchant": user.merchant}, session.id, expires_at)
    return LoginResult(token=token, expires_at=expires_at, user=user, actor=actor)


async def logout(actor: Actor) -> None:
    if actor.kind is not ActorKind.USER or actor.credential_id is None:
        raise Forbidden("An API key cannot sign out and stays valid: revoke it with the apiKeyRevoke mutation")
    await Session.update({Session.revoked_at: utcnow()}).where(
        (Session.id == actor.credential_id) & Session.revoked_at.is_null()
    )
    ttl = int((actor.expires_at - utcnow()).total_seconds()) if actor.expires_at else 60
    await _mark_revoked([actor.credential_id], ttl)


# ---------------------------------------------------------------- merchants


async def create_merchant(actor: Actor, *, name: str, code: str) -> Merchant:
    actor.require(Permission.MERCHANTS_WRITE)
    checks = FieldChecks()
    name = checks.check(clean_name, name)
    code = checks.check(clean_merchant_code, code)
    checks.raise_if_any()
    async with unit_of_work(actor) as uow:
        if await Merchant.exists().where(Merchant.code == code):
            raise Conflict(f"The code {code} is taken", field="code", code="DUPLICATE")
        merchant = Merchant(name=name, code=code)
        await merchant.save()
        record_merchant(uow, "merchant.created", merchant)
    return merchant


async def update_merchant(
    actor: Actor, merchant_id: UUID, *, name: str | None = None, is_active: bool | None = None
) -> Merchant:
    actor.require(Permission.MERCHANTS_WRITE)
    if name is not None:
        name = clean_name(name)
    async with unit_of_work(actor) as uow:
        merchant = await Merchant.objects().where(Merchant.id == merchant_id).lock_rows().first()
        if merchant is None:
            raise NotFound("No such merchant", field="merchantId")
        before = merchant_payload(merchant)
        if name is not None:
            merchant.name = name
        if is_active is not None:
            merchant.is_active = is_active
        after = merchant_payload(merchant)
        if after == before:
            return merchant
        merchant.updated_at = utcnow()
        await merchant.save()
        changes = {k: {"before": before[k], "after": after[k]} for k in after if before[k] != after[k]}
        record_merchant(uow, "merchant.updated", merchant, changes=changes)
    return merchant


async def merchants_by_ids(actor: Actor, ids: list[UUID]) -> dict[UUID, Merchant]:
    """The merchants among `ids` that `actor` may see."""
    if not actor.can(Permission.MERCHANTS_READ):
        return {}
    return await rows_by_ids(Merchant, ids, [] if actor.is_operator else [Merchant.id == actor.merchant_id])


async def list_merchants(
    actor: Actor, page: PageRequest, *, search: str | None = None, is_active: bool | None = None,
    sort: str = "name", direction: SortDirection = SortDirection.ASC,
) -> Page[Merchant]:
    actor.require(Permission.MERCHANTS_READ)
    where: list = []
    if not actor.is_operator:
        where.append(Merchant.id == actor.merchant_id)
    if search:
        pattern = f"%{_escape_like(search.strip())}%"
        where.append(Merchant.name.ilike(pattern) | Merchant.code.ilike(pattern))
    if is_active is not None:
        where.append(Merchant.is_active == is_active)
    column = {"name": Merchant.name, "created_at": Merchant.created_at, "code": Merchant.code}[sort]
    return await paginate(Merchant, where, column, direction, page)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# ---------------------------------------------------------------- users


def _user_scope(actor: Actor) -> list:
    """Which users an actor may see: operators all, a merchant its own."""
    return [] if actor.is_operator else [User.merchant == actor.merchant_id]


async def create_user(
    actor: Actor, *, email: str, name: str, password: str, role: Role, merchant_id: UUID | None
) -> User:
    actor.require(Permission.USERS_WRITE)
    checks = FieldChecks()
    email = checks.check(clean_email, email)
    name = checks.check(clean_name, name)
    checks.check(clean_password, password)
    checks.raise_if_any()
    if not actor.is_operator:
        if role not in MERCHANT_ROLES:
            raise Forbidden("Merchant admins can only create merchant users", field="role")
        if merchant_id is not None and merchant_id != actor.merchant_id:
            raise NotFound("No such merchant", field="merchantId")
        merchant_id = actor.merchant_id
    if role in MERCHANT_ROLES and merchant_id is None:
        raise ValidationFailed("A merchant user belongs to a merchant", field="merchantId", code="REQUIRED")
    if role not in MERCHANT_ROLES and merchant_id is not None:
        raise ValidationFailed("Operator and warehouse users belong to no merchant", field="merchantId")
    password_hash = await hash_password(password)
    try:
        async with unit_of_work(actor) as uow:
            if merchant_id is not None and not await Merchant.exists().where(Merchant.id == merchant_id):
                raise NotFound("No such merchant", field="merchantId")
            if await User.exists().where(User.email == email):
                raise Conflict("A user with this e-mail exists", field="email", code="DUPLICATE")
            user = User(email=email, name=name, password_hash=password_hash, role=role.value, merchant=merchant_id)
            await user.save()
            record_user(uow, "user.created", user)
    except UniqueViolationError:
        raise Conflict("A user with this e-mail exists", field="email", code="DUPLICATE") from None
    return user


async def deactivate_user(actor: Actor, user_id: UUID) -> User:
    actor.require(Permission.USERS_WRITE)
    if actor.kind is ActorKind.USER and actor.id == user_id:
        raise Forbidden("You cannot deactivate yourself", field="userId")
    async with unit_of_work(actor) as uow:
        query = User.objects().where(User.id == user_id)
        for condition in _user_scope(actor):
            query = query.where(condition)
        user = await query.lock_rows().first()
        if user is None:
            raise NotFound("No such user", field="userId")
        if not user.is_active:
            return user
        user.is_active = False
        user.deactivated_at = utcnow()
        await user.save([User.is_active, User.deactivated_at])
        sessions = await Session.select(Session.id, Session.expires_at).where(
            (Session.user == user.id) & Session.revoked_at.is_null() & (Session.expires_at > utcnow())
        )
        if sessions:
            await Session.update({Session.revoked_at: utcnow()}).where(Session.id.is_in([s["id"] for s in sessions]))
        record_user(uow, "user.deactivated", user)
    await _mark_revoked([s["id"] for s in sessions], get_settings().auth.session_ttl_seconds)
    return user


async def users_by_ids(actor: Actor, ids: list[UUID]) -> dict[UUID, User]:
    if not ids:
        return {}
    if not actor.can(Permission.USERS_READ):
        # Everyone may see themselves.
        ids = [i for i in ids if actor.kind is ActorKind.USER and i == actor.id]
        if not ids:
            return {}
    return await rows_by_ids(User, ids, _user_scope(actor))


async def list_users(
    actor: Actor, page: PageRequest, *, merchant_id: UUID | None = None, role: Role | None = None,
    is_active: bool | None = None, search: str | None = None, sort: str = "created_at",
    direction: SortDirection = SortDirection.DESC,
) -> Page[User]:
    actor.require(Permission.USERS_READ)
    where = _user_scope(actor)
    if merchant_id is not None:
        where.append(User.merchant == merchant_id)
    if role is not None:
        where.append(User.role == role.value)
    if is_active is not None:
        where.append(User.is_active == is_active)
    if search:
        pattern = f"%{_escape_like(search.strip())}%"
        where.append(User.email.ilike(pattern) | User.name.ilike(pattern))
    column = {"created_at": User.created_at, "email": User.email, "name": User.name}[sort]
    return await paginate(User, where, column, direction, page)


async def current_user(actor: Actor) -> User:
    if actor.kind is not ActorKind.USER or actor.id is None:
        raise Unauthenticated("Only a signed-in user has a profile; API keys do not")
    user = await User.objects().where(User.id == actor.id).first()
    if user is None:
        raise Unauthenticated("Sign in again")
    return user


# ---------------------------------------------------------------- API keys


@dataclass(frozen=True)
class CreatedApiKey:
    api_key: ApiKey
    secret: str


async def create_api_key(
    actor: Actor, *, name: str, scopes: list[ApiKeyScope], merchant_id: UUID | None,
    expires_at: datetime | None = None,
) -> CreatedApiKey:
    actor.require(Permission.API_KEYS_WRITE)
    checks = FieldChecks()
    name = checks.check(clean_name, name, max_length=100)
    if not scopes:
        checks.errors.append(ValidationFailed("Choose at least one scope", field="scopes", code="REQUIRED"))
    if expires_at is not None and expires_at <= utcnow():
        checks.errors.append(ValidationFailed("The expiry must lie in the future", field="expiresAt"))
    checks.raise_if_any()
    if not actor.is_operator:
        if merchant_id is not None and merchant_id != actor.merchant_id:
            raise NotFound("No such merchant", field="merchantId")
        merchant_id = actor.merchant_id
    if merchant_id is None:
        raise ValidationFailed("An API key belongs to a merchant", field="merchantId", code="REQUIRED")
    secret = new_token(API_KEY_PREFIX)
    async with unit_of_work(actor) as uow:
        if not await Merchant.exists().where(Merchant.id == merchant_id):
            raise NotFound("No such merchant", field="merchantId")
        api_key = ApiKey(
            merchant=merchant_id,
            name=name,
            prefix=secret[: len(API_KEY_PREFIX) + 6],
            secret_hash=token_hash(secret),
            scopes=sorted({s.value for s in scopes}),
            created_by=actor.id if actor.kind is ActorKind.USER else None,
            expires_at=expires_at,
        )
        await api_key.save()
        record_api_key(uow, "api_key.created", api_key)
    return CreatedApiKey(api_key=api_key, secret=secret)


def _api_key_scope(actor: Actor) -> list:
    return [] if actor.is_operator else [ApiKey.merchant == actor.merchant_id]


async def revoke_api_key(actor: Actor, api_key_id: UUID) -> ApiKey:
    actor.require(Permission.API_KEYS_WRITE)
    async with unit_of_work(actor) as uow:
        query = ApiKey.objects().where(ApiKey.id == api_key_id)
        for condition in _api_key_scope(actor):
            query = query.where(condition)
        api_key = await query.lock_rows().first()
        if api_key is None:
            raise NotFound("No such API key", field="apiKeyId")
        if api_key.revoked_at is not None:
            return api_key
        api_key.revoked_at = utcnow()
        await api_key.save([ApiKey.revoked_at])
        record_api_key(uow, "api_key.revoked", api_key)
    await _mark_revoked([api_key.id], get_settings().auth.session_ttl_seconds)
    return api_key


async def api_keys_by_ids(actor: Actor, ids: list[UUID]) -> dict[UUID, ApiKey]:
    if not actor.can(Permission.API_KEYS_READ):
        return {}
    return await rows_by_ids(ApiKey, ids, _api_key_scope(actor))


async def list_api_keys(
    actor: Actor, page: PageRequest, *, merchant_id: UUID | None = None, include_revoked: bool = False
) -> Page[ApiKey]:
    actor.require(Permission.API_KEYS_READ)
    where = _api_key_scope(actor)
    if merchant_id is not None:
        where.append(ApiKey.merchant == merchant_id)
    if not include_revoked:
        where.append(ApiKey.revoked_at.is_null())
    return await paginate(ApiKey, where, ApiKey.created_at, SortDirection.DESC, page)


# ---------------------------------------------------------------- seeding


async def ensure_operator(email: str, password: str, *, name: str = "Operator", role: Role = Role.OPERATOR_ADMIN) -> tuple[User, bool]:
    """Create an operator unless one with this e-mail exists (for the CLI; idempotent)."""
    email = clean_email(email)
    clean_password(password)
    existing = await User.objects().where(User.email == email).first()
    if existing is not None:
        return existing, False
    return await create_user(SYSTEM, email=email, name=name, password=password, role=role, merchant_id=None), True



# ---------------------------------------------------------------- what its documents carry (backend/accounts/branding.py)

from backend.accounts.branding import (  # noqa: E402, F401
    DocumentLanguage,
    Logo,
    logo_of,
    remove_logo,
    set_logo,
    update_document_settings,
)
