"""Signing in and out, session expiry, and the login rate limits."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from backend.accounts.tables import Session, User
from backend.core.authorization import Role
from tests.support import PASSWORD, make_user, unique

LOGIN = "mutation($i: LoginInput!) { login(input: $i) { token expiresAt user { email role } errors { field code message } } }"
ME = "{ me { email role merchant { code } } }"


async def login_payload(api, email, password, address="203.0.113.1"):  # noqa: ANN001
    result = await api.gql(LOGIN, {"i": {"email": email, "password": password}}, headers={"x-forwarded-for": address})
    return result["data"]["login"]


async def test_login_returns_a_bearer_token_that_identifies_the_user(api):
    user = await make_user(Role.OPERATOR_STAFF)
    payload = await login_payload(api, user.email.upper(), PASSWORD)  # e-mails are case-insensitive
    assert payload["errors"] == []
    assert payload["token"].startswith("pl_s_")
    assert payload["user"] == {"email": user.email, "role": "OPERATOR_STAFF"}
    expires = datetime.fromisoformat(payload["expiresAt"])
    assert timedelta(hours=11) < expires - datetime.now(UTC) <= timedelta(hours=12)
    me = await api.gql(ME, token=payload["token"])
    assert me["data"]["me"] == {"email": user.email, "role": "OPERATOR_STAFF", "merchant": None}
    # Only the hash is stored.
    stored = await Session.select(Session.token_hash).where(Session.user == user.id)
    assert payload["token"] not in str(stored)


async def test_wrong_password_and_unknown_email_get_the_same_answer(api):
    user = await make_user(Role.WAREHOUSE)
    wrong = await login_payload(api, user.email, "not the password")
    unknown = await login_payload(api, f"{unique()}@example.test", PASSWORD)
    assert wrong["token"] is None and unknown["token"] is None
    assert wrong["errors"] == unknown["errors"] == [
        {"field": None, "code": "INVALID_CREDENTIALS", "message": "The e-mail or the password is wrong"}
    ]


async def test_deactivated_user_cannot_sign_in(api):
    user = await make_user(Role.WAREHOUSE)
    await User.update({User.is_active: False}).where(User.id == user.id)
    assert (await login_payload(api, user.email, PASSWORD))["errors"][0]["code"] == "INVALID_CREDENTIALS"


async def test_logout_revokes_the_token(api):
    user = await make_user(Role.OPERATOR_STAFF)
    token = await api.login(user.email)
    result = await api.gql("mutation { logout { errors { code } } }", token=token)
    assert result["data"]["logout"]["errors"] == []
    me = await api.gql(ME, token=token)
    assert me["data"] is None
    assert me["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_expired_token_is_refused(api):
    user = await make_user(Role.OPERATOR_STAFF)
    token = await api.login(user.email)
    assert (await api.gql(ME, token=token))["data"]["me"]["email"] == user.email
    await Session.update({Session.expires_at: datetime.now(UTC) - timedelta(seconds=1)}).where(Session.user == user.id)
    me = await api.gql(ME, token=token)
    assert me["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_garbage_and_missing_tokens_are_anonymous(api):
    for token in (None, "pl_s_nonsense", "pl_k_nonsense", "something-else"):
        me = await api.gql(ME, token=token)
        assert me["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_concurrent_requests_are_each_answered_as_their_own_caller(api_servers):
    """Credentials of concurrent requests are looked up together: each request still gets its own identity."""
    users = [await make_user(Role.OPERATOR_STAFF if n % 2 else Role.WAREHOUSE) for n in range(10)]
    tokens = [await api_servers[0].login(user.email) for user in users]
    gone = tokens.pop()
    await api_servers[0].gql("mutation { logout { errors { code } } }", token=gone)
    callers = [*tokens, gone, "pl_s_nonsense", None] * 2
    answers = await asyncio.gather(*[api_servers[n % 2].gql(ME, token=token) for n, token in enumerate(callers)])
    for token, answer in zip(callers, answers, strict=True):
        if token in tokens:
            user = users[tokens.index(token)]
            assert answer["data"]["me"] == {"email": user.email, "role": user.role, "merchant": None}
        else:
            assert answer["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_failed_logins_lock_the_account_for_a_while(api):
    user = await make_user(Role.OPERATOR_STAFF)
    for attempt in range(5):
        payload = await login_payload(api, user.email, f"wrong-{attempt}", address=f"198.51.100.{attempt}")
        assert payload["errors"][0]["code"] == "INVALID_CREDENTIALS"
    # Even the right password is refused now, from any address.
    locked = await login_payload(api, user.email, PASSWORD, address="198.51.100.99")
    assert locked["token"] is None
    assert locked["errors"][0]["code"] == "RATE_LIMITED"
    assert "Try again in" in locked["errors"][0]["message"]


async def test_failed_logins_from_one_address_are_limited(api):
    address = "192.0.2.77"
    for _ in range(30):
        payload = await login_payload(api, f"{unique()}@example.test", "whatever-pass", address=address)
        assert payload["errors"][0]["code"] == "INVALID_CREDENTIALS"
    user = await make_user(Role.OPERATOR_STAFF)
    refused = await login_payload(api, user.email, PASSWORD, address=address)
    assert refused["errors"][0]["code"] == "RATE_LIMITED"
    # Other addresses are not affected.
    assert (await login_payload(api, user.email, PASSWORD, address="192.0.2.78"))["token"]


async def test_login_input_is_checked(api):
    result = await api.gql("mutation { login(input: {email: 42, password: \"x\"}) { token } }")
    assert result["errors"] and "data" not in result


async def test_login_payload_is_answered_as_the_new_user(api):
    from tests.support import make_tenant

    tenant = await make_tenant()
    result = await api.gql(
        "mutation($i: LoginInput!) { login(input: $i) { user { email merchant { code } } errors { code } } }",
        {"i": {"email": tenant.admin.email, "password": PASSWORD}},
    )
    assert result["data"]["login"]["user"] == {"email": tenant.admin.email, "merchant": {"code": tenant.merchant.code}}
