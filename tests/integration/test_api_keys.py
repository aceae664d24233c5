"""API keys: shown once, scoped, revocable, bound to one merchant."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from backend.accounts.tables import ApiKey
from backend.core.authorization import ApiKeyScope
from backend.core.security import token_hash
from tests.support import gid, make_api_key, make_tenant

CREATE = "mutation($i: ApiKeyCreateInput!) { apiKeyCreate(input: $i) { secret apiKey { id name prefix scopes merchant { code } } errors { field code } } }"


async def test_merchant_admin_creates_a_key_whose_secret_is_shown_once(api):
    tenant = await make_tenant()
    token = await api.login(tenant.admin.email)
    result = await api.gql(CREATE, {"i": {"name": "Shop sync", "scopes": ["EVENTS_READ", "USERS_READ"]}}, token=token)
    payload = result["data"]["apiKeyCreate"]
    secret = payload["secret"]
    assert payload["errors"] == [] and secret.startswith("pl_k_")
    assert payload["apiKey"]["merchant"]["code"] == tenant.merchant.code
    assert secret.startswith(payload["apiKey"]["prefix"])
    assert sorted(payload["apiKey"]["scopes"]) == ["EVENTS_READ", "USERS_READ"]
    listed = await api.gql("{ apiKeys { edges { node { id name prefix } } } }", token=token)
    assert [e["node"]["name"] for e in listed["data"]["apiKeys"]["edges"]] == ["Shop sync"]
    assert secret not in str(listed)
    row = await ApiKey.objects().where(ApiKey.merchant == tenant.merchant.id).first()
    assert row.secret_hash == token_hash(secret) and secret not in str(row.__dict__)


async def test_a_key_can_do_only_what_its_scopes_allow(api):
    tenant = await make_tenant()
    events_only = await make_api_key(tenant.merchant, [ApiKeyScope.EVENTS_READ])
    users = await api.gql("{ users { totalCount } }", token=events_only)
    assert users["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    merchants = await api.gql("{ merchants { totalCount } }", token=events_only)
    assert merchants["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    reader = await make_api_key(tenant.merchant, [ApiKeyScope.USERS_READ])
    listed = await api.gql("{ users { totalCount edges { node { email } } } }", token=reader)
    assert {e["node"]["email"] for e in listed["data"]["users"]["edges"]} == {tenant.admin.email, tenant.staff.email}
    # Keys never manage users or keys, whatever their scopes.
    full = await make_api_key(tenant.merchant, list(ApiKeyScope))
    for mutation in (
        "mutation { apiKeyCreate(input: {name: \"x\", scopes: [EVENTS_READ]}) { secret } }",
        "mutation { userCreate(input: {email: \"a@b.cd\", name: \"x\", password: \"long enough pass\", role: MERCHANT_STAFF}) { user { id } } }",
    ):
        refused = await api.gql(mutation, token=full)
        assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_revoked_and_expired_keys_stop_working(api):
    tenant = await make_tenant()
    token = await api.login(tenant.admin.email)
    key = await make_api_key(tenant.merchant, [ApiKeyScope.MERCHANT_READ])
    assert (await api.gql("{ merchants { totalCount } }", token=key))["data"]["merchants"]["totalCount"] == 1
    row = await ApiKey.objects().where(ApiKey.secret_hash == token_hash(key)).first()
    assert row.last_used_at is not None
    revoke = await api.gql(
        "mutation($i: ApiKeyRevokeInput!) { apiKeyRevoke(input: $i) { apiKey { revokedAt } errors { code } } }",
        {"i": {"apiKeyId": gid("ApiKey", row.id)}}, token=token,
    )
    assert revoke["data"]["apiKeyRevoke"]["apiKey"]["revokedAt"] is not None
    assert (await api.gql("{ merchants { totalCount } }", token=key))["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    listed = await api.gql("{ apiKeys(filter: {includeRevoked: true}) { totalCount } active: apiKeys { totalCount } }", token=token)
    assert listed["data"]["apiKeys"]["totalCount"] == 1 and listed["data"]["active"]["totalCount"] == 0

    expiring = await make_api_key(tenant.merchant, [ApiKeyScope.MERCHANT_READ])
    await ApiKey.update({ApiKey.expires_at: datetime.now(UTC) - timedelta(seconds=1)}).where(ApiKey.secret_hash == token_hash(expiring))
    assert (await api.gql("{ merchants { totalCount } }", token=expiring))["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_key_input_is_checked(api):
    tenant = await make_tenant()
    token = await api.login(tenant.admin.email)
    before = await ApiKey.count()
    result = await api.gql(CREATE, {"i": {"name": "", "scopes": [], "expiresAt": "2001-01-01T00:00:00Z"}}, token=token)
    assert [(e["field"], e["code"]) for e in result["data"]["apiKeyCreate"]["errors"]] == [
        ("name", "REQUIRED"), ("scopes", "REQUIRED"), ("expiresAt", "INVALID")
    ]
    unknown_scope = await api.post({"query": CREATE, "variables": {"i": {"name": "x", "scopes": ["EVERYTHING"]}}}, token=token)
    assert unknown_scope.status_code == 400
    assert await ApiKey.count() == before
