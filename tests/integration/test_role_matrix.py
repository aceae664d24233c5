"""Who may call what: every query and mutation against every role, and tenancy across merchants."""

from __future__ import annotations

import pytest

from backend.core.authorization import ApiKeyScope, Role
from tests.support import (
    CALLER_ROLES, gid, make_api_key, make_merchant, make_tenant, make_user, tokens_of_every_role, unique,
)

ROLES = CALLER_ROLES


@pytest.fixture(scope="module")
async def world(api):
    """A merchant with users of every role, another merchant, and a token for each caller."""
    home = await make_tenant()
    other = await make_tenant()
    tokens = await tokens_of_every_role(api, home)
    return {"home": home, "other": other, "tokens": tokens}


async def _fresh_merchant_user(world) -> str:  # noqa: ANN001
    return gid("User", (await make_user(Role.MERCHANT_STAFF, world["home"].merchant)).id)


async def _fresh_api_key(world) -> str:  # noqa: ANN001
    from backend.accounts.services import create_api_key
    from backend.core.authorization import SYSTEM

    created = await create_api_key(SYSTEM, name=unique(), scopes=[ApiKeyScope.EVENTS_READ], merchant_id=world["home"].merchant.id)
    return gid("ApiKey", created.api_key.id)


OPERATIONS = {
    # name: (query, variables factory, roles allowed)
    "me": ("{ me { id } }", None, {"OPERATOR_ADMIN", "OPERATOR_STAFF", "WAREHOUSE", "MERCHANT_ADMIN", "MERCHANT_STAFF"}),
    "merchants": (
        "{ merchants { totalCount } }", None,
        {"OPERATOR_ADMIN", "OPERATOR_STAFF", "WAREHOUSE", "MERCHANT_ADMIN", "MERCHANT_STAFF", "API_KEY"},
    ),
    "users": ("{ users { totalCount } }", None, {"OPERATOR_ADMIN", "OPERATOR_STAFF", "MERCHANT_ADMIN", "API_KEY"}),
    "apiKeys": ("{ apiKeys { totalCount } }", None, {"OPERATOR_ADMIN", "OPERATOR_STAFF", "MERCHANT_ADMIN"}),
    "merchantCreate": (
        "mutation($i: MerchantCreateInput!) { merchantCreate(input: $i) { merchant { id } errors { code } } }",
        lambda w: {"i": {"name": "New merchant", "code": unique("N")[:10].upper()}},
        {"OPERATOR_ADMIN"},
    ),
    "merchantUpdate": (
        "mutation($i: MerchantUpdateInput!) { merchantUpdate(input: $i) { merchant { id } errors { code } } }",
        lambda w: {"i": {"merchantId": w["home"].merchant_gid, "name": "Renamed"}},
        {"OPERATOR_ADMIN"},
    ),
    "userCreate": (
        "mutation($i: UserCreateInput!) { userCreate(input: $i) { user { id } errors { code } } }",
        lambda w: {"i": {"email": f"{unique()}@example.test", "name": "New", "password": "long enough pass",
                         "role": "MERCHANT_STAFF", "merchantId": w["home"].merchant_gid}},
        {"OPERATOR_ADMIN", "MERCHANT_ADMIN"},
    ),
    "userDeactivate": (
        "mutation($i: UserDeactivateInput!) { userDeactivate(input: $i) { user { isActive } errors { code } } }",
        "fresh_user",
        {"OPERATOR_ADMIN", "MERCHANT_ADMIN"},
    ),
    "apiKeyCreate": (
        "mutation($i: ApiKeyCreateInput!) { apiKeyCreate(input: $i) { secret errors { code } } }",
        lambda w: {"i": {"name": "Shop", "scopes": ["EVENTS_READ"], "merchantId": w["home"].merchant_gid}},
        {"OPERATOR_ADMIN", "MERCHANT_ADMIN"},
    ),
    "apiKeyRevoke": (
        "mutation($i: ApiKeyRevokeInput!) { apiKeyRevoke(input: $i) { apiKey { revokedAt } errors { code } } }",
        "fresh_key",
        {"OPERATOR_ADMIN", "MERCHANT_ADMIN"},
    ),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("operation", list(OPERATIONS))
async def test_role_matrix(api, world, operation, role):
    query, variables, allowed = OPERATIONS[operation]
    if variables == "fresh_user":
        variables = {"i": {"userId": await _fresh_merchant_user(world)}}
    elif variables == "fresh_key":
        variables = {"i": {"apiKeyId": await _fresh_api_key(world)}}
    elif callable(variables):
        variables = variables(world)
    result = await api.gql(query, variables, token=world["tokens"][role])
    if role in allowed:
        assert "errors" not in result, result
        payload = result["data"][operation]
        if isinstance(payload, dict) and "errors" in payload:
            assert payload["errors"] == [], payload
    else:
        assert result["data"] is None, result
        expected = "UNAUTHENTICATED" if role == "ANONYMOUS" or operation == "me" else "FORBIDDEN"
        assert result["errors"][0]["extensions"]["code"] == expected, result


async def test_merchant_users_see_only_their_merchant(api, world):
    home, other = world["home"], world["other"]
    token = world["tokens"]["MERCHANT_ADMIN"]
    users = await api.gql("{ users(first: 100) { totalCount edges { node { email merchant { code } } } } }", token=token)
    codes = {e["node"]["merchant"]["code"] for e in users["data"]["users"]["edges"]}
    assert codes == {home.merchant.code}
    merchants = await api.gql("{ merchants { totalCount edges { node { code } } } }", token=token)
    assert merchants["data"]["merchants"]["totalCount"] == 1
    # Filtering by another merchant's id yields nothing rather than its users.
    filtered = await api.gql(
        "query($m: ID) { users(filter: {merchantId: $m}) { totalCount } }", {"m": other.merchant_gid}, token=token
    )
    assert filtered["data"]["users"]["totalCount"] == 0


async def test_other_tenants_objects_are_invisible_through_node(api, world):
    home, other = world["home"], world["other"]
    token = world["tokens"]["MERCHANT_ADMIN"]
    query = "query($ids: [ID!]!) { nodes(ids: $ids) { id ... on User { email } ... on Merchant { code } } }"
    ids = [gid("User", other.admin.id), gid("Merchant", other.merchant.id), gid("User", home.staff.id),
           gid("Merchant", home.merchant.id), gid("User", "00000000-0000-0000-0000-000000000000"), "garbage"]
    result = await api.gql(query, {"ids": ids}, token=token)
    nodes = result["data"]["nodes"]
    assert nodes[0] is None and nodes[1] is None  # the other merchant's user and merchant
    assert nodes[2]["email"] == home.staff.email and nodes[3]["code"] == home.merchant.code
    assert nodes[4] is None and nodes[5] is None  # unknown and malformed ids: the same null
    single = await api.gql("query($id: ID!) { node(id: $id) { id } }", {"id": ids[0]}, token=token)
    assert single["data"]["node"] is None and "errors" not in single
    # Operators see both merchants' objects.
    operator = await api.gql(query, {"ids": ids[:4]}, token=world["tokens"]["OPERATOR_STAFF"])
    assert all(n is not None for n in operator["data"]["nodes"])
    # Anonymous callers see nothing at all.
    anonymous = await api.gql(query, {"ids": ids[:4]})
    assert anonymous["data"]["nodes"] == [None] * 4


async def test_merchant_admin_cannot_touch_another_merchants_users_or_keys(api, world):
    other = world["other"]
    token = world["tokens"]["MERCHANT_ADMIN"]
    deactivate = await api.gql(
        "mutation($i: UserDeactivateInput!) { userDeactivate(input: $i) { user { id } errors { field code } } }",
        {"i": {"userId": gid("User", other.staff.id)}}, token=token,
    )
    assert deactivate["data"]["userDeactivate"] == {"user": None, "errors": [{"field": "userId", "code": "NOT_FOUND"}]}
    create = await api.gql(
        "mutation($i: UserCreateInput!) { userCreate(input: $i) { user { id } errors { field code } } }",
        {"i": {"email": f"{unique()}@example.test", "name": "Intruder", "password": "long enough pass",
               "role": "MERCHANT_ADMIN", "merchantId": other.merchant_gid}}, token=token,
    )
    assert create["data"]["userCreate"]["errors"] == [{"field": "merchantId", "code": "NOT_FOUND"}]
    operator_role = await api.gql(
        "mutation($i: UserCreateInput!) { userCreate(input: $i) { user { id } errors { field code } } }",
        {"i": {"email": f"{unique()}@example.test", "name": "Intruder", "password": "long enough pass",
               "role": "OPERATOR_ADMIN"}}, token=token,
    )
    assert operator_role["data"]["userCreate"]["errors"] == [{"field": "role", "code": "FORBIDDEN"}]
    other_key = await make_api_key(other.merchant, [ApiKeyScope.EVENTS_READ])
    from backend.accounts.tables import ApiKey
    from backend.core.security import token_hash

    key_row = await ApiKey.objects().where(ApiKey.secret_hash == token_hash(other_key)).first()
    revoke = await api.gql(
        "mutation($i: ApiKeyRevokeInput!) { apiKeyRevoke(input: $i) { errors { field code } } }",
        {"i": {"apiKeyId": gid("ApiKey", key_row.id)}}, token=token,
    )
    assert revoke["data"]["apiKeyRevoke"]["errors"] == [{"field": "apiKeyId", "code": "NOT_FOUND"}]
    key_create = await api.gql(
        "mutation($i: ApiKeyCreateInput!) { apiKeyCreate(input: $i) { secret errors { field code } } }",
        {"i": {"name": "x", "scopes": ["EVENTS_READ"], "merchantId": other.merchant_gid}}, token=token,
    )
    assert key_create["data"]["apiKeyCreate"] == {"secret": None, "errors": [{"field": "merchantId", "code": "NOT_FOUND"}]}
    # Nothing changed on the other side.
    await other.staff.refresh()
    assert other.staff.is_active
    await key_row.refresh()
    assert key_row.revoked_at is None


async def test_operator_admin_manages_any_merchant(api, world):
    merchant = await make_merchant()
    token = world["tokens"]["OPERATOR_ADMIN"]
    result = await api.gql(
        "mutation($i: UserCreateInput!) { userCreate(input: $i) { user { role merchant { code } } errors { code } } }",
        {"i": {"email": f"{unique()}@example.test", "name": "Admin", "password": "long enough pass",
               "role": "MERCHANT_ADMIN", "merchantId": gid("Merchant", merchant.id)}}, token=token,
    )
    assert result["data"]["userCreate"] == {"user": {"role": "MERCHANT_ADMIN", "merchant": {"code": merchant.code}}, "errors": []}


async def test_deactivated_user_loses_access_at_once(api, world):
    user = await make_user(Role.MERCHANT_STAFF, world["home"].merchant)
    token = await api.login(user.email)
    result = await api.gql(
        "mutation($i: UserDeactivateInput!) { userDeactivate(input: $i) { user { isActive } errors { code } } }",
        {"i": {"userId": gid("User", user.id)}}, token=world["tokens"]["MERCHANT_ADMIN"],
    )
    assert result["data"]["userDeactivate"] == {"user": {"isActive": False}, "errors": []}
    me = await api.gql("{ me { id } }", token=token)
    assert me["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_nobody_deactivates_themselves(api, world):
    me = await api.gql("{ me { id } }", token=world["tokens"]["MERCHANT_ADMIN"])
    result = await api.gql(
        "mutation($i: UserDeactivateInput!) { userDeactivate(input: $i) { errors { field code } } }",
        {"i": {"userId": me["data"]["me"]["id"]}}, token=world["tokens"]["MERCHANT_ADMIN"],
    )
    assert result["data"]["userDeactivate"]["errors"] == [{"field": "userId", "code": "FORBIDDEN"}]
