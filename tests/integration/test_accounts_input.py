"""Bad input to accounts mutations gets clear user errors and changes nothing."""

from __future__ import annotations

import pytest

from backend.accounts.tables import Merchant, User
from backend.core.authorization import Role
from backend.events.tables import Event
from tests.support import gid, make_merchant, make_user, unique

USER_CREATE = "mutation($i: UserCreateInput!) { userCreate(input: $i) { user { id email } errors { field code message } } }"
MERCHANT_CREATE = "mutation($i: MerchantCreateInput!) { merchantCreate(input: $i) { merchant { id code name } errors { field code } } }"


@pytest.fixture(scope="module")
async def admin_token(api):
    return await api.login((await make_user(Role.OPERATOR_ADMIN)).email)


async def counts() -> tuple[int, int, int]:
    return await User.count(), await Merchant.count(), await Event.count()


async def test_user_create_reports_every_bad_field_at_once(api, admin_token):
    before = await counts()
    result = await api.gql(USER_CREATE, {"i": {"email": "not-an-email", "name": "  ", "password": "short", "role": "WAREHOUSE"}}, token=admin_token)
    errors = result["data"]["userCreate"]["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [("email", "INVALID"), ("name", "REQUIRED"), ("password", "TOO_SHORT")]
    assert result["data"]["userCreate"]["user"] is None
    assert await counts() == before


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"role": "MERCHANT_STAFF"}, "merchantId", "REQUIRED"),
        ({"role": "WAREHOUSE", "merchantId": "MERCHANT"}, "merchantId", "INVALID"),
        ({"role": "MERCHANT_STAFF", "merchantId": "garbage"}, "merchantId", "INVALID_ID"),
        ({"role": "MERCHANT_STAFF", "merchantId": gid("User", "00000000-0000-0000-0000-000000000001")}, "merchantId", "INVALID_ID"),
        ({"role": "MERCHANT_STAFF", "merchantId": gid("Merchant", "00000000-0000-0000-0000-000000000001")}, "merchantId", "NOT_FOUND"),
        ({"password": "x" * 201}, "password", "TOO_LONG"),
        ({"name": "n" * 201}, "name", "TOO_LONG"),
    ],
)
async def test_user_create_refuses_inconsistent_input(api, admin_token, changes, field, code):
    merchant = await make_merchant()
    if changes.get("merchantId") == "MERCHANT":
        changes = {**changes, "merchantId": gid("Merchant", merchant.id)}
    before = await counts()
    data = {"email": f"{unique()}@example.test", "name": "Some One", "password": "long enough pass", "role": "WAREHOUSE", **changes}
    result = await api.gql(USER_CREATE, {"i": data}, token=admin_token)
    assert [(e["field"], e["code"]) for e in result["data"]["userCreate"]["errors"]] == [(field, code)]
    assert await counts() == before


async def test_emails_are_unique_regardless_of_case(api, admin_token):
    existing = await make_user(Role.WAREHOUSE)
    before = await counts()
    result = await api.gql(USER_CREATE, {"i": {"email": existing.email.upper(), "name": "Twin", "password": "long enough pass", "role": "WAREHOUSE"}}, token=admin_token)
    assert [(e["field"], e["code"]) for e in result["data"]["userCreate"]["errors"]] == [("email", "DUPLICATE")]
    assert await counts() == before


async def test_wrong_types_are_refused_before_anything_runs(api, admin_token):
    before = await counts()
    response = await api.post({"query": USER_CREATE, "variables": {"i": {"email": 5, "name": [], "password": None, "role": "KING"}}}, token=admin_token)
    assert response.status_code == 400
    body = response.json()
    assert "data" not in body and body["errors"]
    assert await counts() == before


async def test_merchant_codes_are_checked_and_unique(api, admin_token):
    code = unique("C")[:8].upper()
    ok = await api.gql(MERCHANT_CREATE, {"i": {"name": " Acme   Goods ", "code": code.lower()}}, token=admin_token)
    assert ok["data"]["merchantCreate"]["merchant"]["code"] == code
    assert ok["data"]["merchantCreate"]["merchant"]["name"] == "Acme Goods"
    before = await counts()
    duplicate = await api.gql(MERCHANT_CREATE, {"i": {"name": "Other", "code": code}}, token=admin_token)
    assert duplicate["data"]["merchantCreate"]["errors"] == [{"field": "code", "code": "DUPLICATE"}]
    bad = await api.gql(MERCHANT_CREATE, {"i": {"name": "", "code": "a-b"}}, token=admin_token)
    assert bad["data"]["merchantCreate"]["errors"] == [{"field": "name", "code": "REQUIRED"}, {"field": "code", "code": "INVALID"}]
    assert await counts() == before


async def test_merchant_update_of_unknown_merchant(api, admin_token):
    result = await api.gql(
        "mutation($i: MerchantUpdateInput!) { merchantUpdate(input: $i) { merchant { id } errors { field code } } }",
        {"i": {"merchantId": gid("Merchant", "00000000-0000-0000-0000-000000000002"), "name": "Ghost"}}, token=admin_token,
    )
    assert result["data"]["merchantUpdate"]["errors"] == [{"field": "merchantId", "code": "NOT_FOUND"}]


async def test_inactive_merchant_cannot_sign_in(api, admin_token):
    merchant = await make_merchant()
    user = await make_user(Role.MERCHANT_ADMIN, merchant)
    result = await api.gql(
        "mutation($i: MerchantUpdateInput!) { merchantUpdate(input: $i) { merchant { isActive } errors { code } } }",
        {"i": {"merchantId": gid("Merchant", merchant.id), "isActive": False}}, token=admin_token,
    )
    assert result["data"]["merchantUpdate"] == {"merchant": {"isActive": False}, "errors": []}
    login = await api.gql("mutation($i: LoginInput!) { login(input: $i) { token errors { code } } }",
                          {"i": {"email": user.email, "password": "correct horse battery"}})
    assert login["data"]["login"] == {"token": None, "errors": [{"code": "MERCHANT_INACTIVE"}]}


async def test_pagination_walks_forwards_and_backwards(api, admin_token):
    merchant = await make_merchant()
    emails = sorted([(await make_user(Role.MERCHANT_STAFF, merchant, email=f"page{i}-{unique()}@example.test")).email for i in range(7)])
    query = """query($m: ID, $first: Int, $after: String, $last: Int, $before: String) {
      users(filter: {merchantId: $m}, sort: {field: EMAIL, direction: ASC}, first: $first, after: $after, last: $last, before: $before) {
        totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { node { email } } } }"""
    m = gid("Merchant", merchant.id)
    seen, after = [], None
    while True:
        page = (await api.gql(query, {"m": m, "first": 3, "after": after}, token=admin_token))["data"]["users"]
        assert page["totalCount"] == 7
        seen += [e["node"]["email"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == emails
    last = (await api.gql(query, {"m": m, "last": 2}, token=admin_token))["data"]["users"]
    assert [e["node"]["email"] for e in last["edges"]] == emails[-2:]
    before = (await api.gql(query, {"m": m, "last": 2, "before": last["pageInfo"]["startCursor"]}, token=admin_token))["data"]["users"]
    assert [e["node"]["email"] for e in before["edges"]] == emails[-4:-2]
    for bad in ({"first": 101}, {"first": -1}, {"first": 1, "last": 1}, {"after": "bm90IGEgY3Vyc29y"}):
        result = await api.gql(query, {"m": m, **bad}, token=admin_token)
        assert result["data"] is None
        assert result["errors"][0]["extensions"]["code"] in ("INVALID_PAGE", "INVALID_CURSOR"), result
