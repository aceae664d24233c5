"""Bad input from an outside audit, sent to the real API processes: each gets a clear 4xx or user error, never
an unexpected error, and changes nothing. Production-only behaviour runs against an extra production process."""

from __future__ import annotations

import json

import httpx
import pytest
import websockets

from backend.accounts.tables import Session
from backend.catalog.tables import Product
from backend.core.authorization import ApiKeyScope, Role
from backend.headers import CONTENT_SECURITY_POLICY
from tests.conftest import _start_server as start_server
from tests.support import ROOT_DIR, make_api_key, make_tenant, make_user, unique

GRAPHQL_RESPONSE = "application/graphql-response+json"
PRODUCTION_SECRET = "production-secret-for-the-bad-input-tests-0123456789"
METRICS_TOKEN = "metrics-token-for-the-tests-0123456789"


async def send(api, body: bytes, *, token: str | None = None) -> httpx.Response:  # noqa: ANN001
    headers = {"content-type": "application/json", "accept": GRAPHQL_RESPONSE}
    if token:
        headers["authorization"] = f"Bearer {token}"
    async with httpx.AsyncClient(base_url=api.url, timeout=30) as client:
        return await client.post("/graphql", content=body, headers=headers)


def encoded(query: str, variables: dict | None = None) -> bytes:
    # json.dumps keeps a lone surrogate as the escape `\ud800`, as a client's JSON encoder sends it.
    return json.dumps({"query": query, "variables": variables or {}}).encode()


def refusal(response: httpx.Response) -> dict:
    """The one error of a request refused before execution (400, no data)."""
    assert response.status_code == 400, response.text
    body = response.json()
    assert "data" not in body, body
    assert len(body["errors"]) == 1, body
    return body["errors"][0]


@pytest.fixture(scope="module")
def production(database):  # noqa: ARG001 - the test database first
    """One production API process for this module's production checks (introspection off, errors masked)."""
    server = start_server({"ENVIRONMENT": "production", "SECRET_KEY": PRODUCTION_SECRET, "METRICS_TOKEN": METRICS_TOKEN})
    yield server
    server.stop()


# ------------------------------------------------------------------------------------------------ request bodies


@pytest.mark.parametrize("body", [b'"hello"', b"null", b"123", b"true", b"  false", b""])
async def test_a_body_that_is_not_a_json_object_is_refused(api, body):
    response = await send(api, body)
    assert response.status_code == 400, response.text
    assert "must be a JSON object" in response.json()["errors"][0]["message"]


async def test_a_batch_is_refused_as_one(api):
    response = await send(api, b'[{"query": "{ __typename }"}, {"query": "{ __typename }"}]')
    assert response.status_code == 400 and response.json()["errors"][0]["message"], response.text


async def test_json_nested_a_thousand_levels_deep_is_refused_before_it_is_parsed(api):
    user = await make_user(Role.OPERATOR_ADMIN)
    token = await api.login(user.email)
    deep = b"[" * 1000 + b"]" * 1000
    variables = b'{"a":' * 1000 + b"1" + b"}" * 1000
    for body in (deep, b'{"query": "mutation { logout { errors { code } } }", "variables": ' + variables + b"}"):
        response = await send(api, body, token=token)
        assert response.status_code == 400, response.text
        assert "nests deeper than 64 levels" in response.json()["errors"][0]["message"]
    async with httpx.AsyncClient(base_url=api.url, timeout=30) as client:
        get = await client.get("/graphql", params={"query": "{ __typename }", "variables": variables.decode()},
                               headers={"accept": GRAPHQL_RESPONSE})
    assert get.status_code == 400 and "nests deeper" in get.json()["errors"][0]["message"]
    # The logout did not run.
    assert (await api.gql("{ me { email } }", token=token))["data"]["me"]["email"] == user.email
    # Brackets inside strings are text, not nesting.
    search = "query($s: String) { products(first: 1, filter: {search: $s}) { totalCount } }"
    brackets = await send(api, encoded(search, {"s": "[{" * 1000}), token=token)
    assert brackets.status_code == 200 and brackets.json()["data"] == {"products": {"totalCount": 0}}


async def test_a_deeply_nested_websocket_message_closes_the_socket_as_invalid_json(api):
    log = ROOT_DIR / ".run" / f"test-api-{api.port}.log"
    start = log.stat().st_size
    async with websockets.connect(api.ws_url, subprotocols=["graphql-transport-ws"]) as socket:
        await socket.send('{"type": "connection_init", "payload": ' + '{"a": ' * 1000 + "1" + "}" * 1001)
        with pytest.raises(websockets.ConnectionClosed) as closed:
            await socket.recv()
    assert closed.value.rcvd.code == 4400 and "valid JSON" in closed.value.rcvd.reason
    with log.open("rb") as lines:
        lines.seek(start)
        assert b"RecursionError" not in lines.read()


# ------------------------------------------------------------------------------------------------ text


@pytest.mark.parametrize("bad, problem", [("a\x00b", "NUL character"), ("a\ud800b", "lone surrogate")])
async def test_unstorable_characters_in_variables_are_refused_naming_the_field(api, bad, problem):
    tenant = await make_tenant()
    token = await api.login(tenant.admin.email)
    cases = [
        ("query($f: ProductFilter) { products(first: 5, filter: $f) { totalCount } }", {"f": {"search": bad}},
         "$f.search"),
        ("query($f: OrderFilter) { orders(first: 5, filter: $f) { totalCount } }", {"f": {"search": bad}},
         "$f.search"),
        ("query($m: ID!, $c: String!) { productByCode(merchantId: $m, code: $c) { id } }",
         {"m": tenant.merchant_gid, "c": bad}, "$c"),
        ("mutation($i: LoginInput!) { login(input: $i) { token errors { code } } }",
         {"i": {"email": f"{bad}@example.test", "password": "x"}}, "$i.email"),
    ]
    for query, variables, field in cases:
        error = refusal(await send(api, encoded(query, variables), token=token))
        assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": field}, error
        assert problem in error["message"] and error["message"].startswith(field)


async def test_a_nul_written_into_the_document_is_refused_naming_the_argument(api):
    tenant = await make_tenant()
    token = await api.login(tenant.admin.email)
    query = f'{{ productByCode(merchantId: "{tenant.merchant_gid}", code: "a\\u0000b") {{ id }} }}'
    error = refusal(await send(api, encoded(query), token=token))
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "code"}
    assert "NUL character" in error["message"]
    nested = '{ orders(first: 5, filter: {search: "x\\u0000"}) { totalCount } }'
    assert refusal(await send(api, encoded(nested), token=token))["extensions"]["field"] == "filter.search"
    # graphql-core refuses a lone surrogate escape in a document as a syntax error.
    surrogate = '{ orders(first: 5, filter: {search: "x\\ud800"}) { totalCount } }'
    assert "Invalid Unicode escape" in refusal(await send(api, encoded(surrogate), token=token))["message"]


async def test_refused_text_changes_nothing(api):
    tenant = await make_tenant()
    token = await api.login(tenant.admin.email)
    sku = unique("SKU")
    create = "mutation($i: ProductCreateInput!) { productCreate(input: $i) { product { id } errors { code } } }"
    variables = {"i": {"merchantId": tenant.merchant_gid, "sku": sku, "name": "Soap\x00", "attributes": {"a": "b"}}}
    assert refusal(await send(api, encoded(create, variables), token=token))["extensions"]["field"] == "$i.name"
    attributes = {"i": {**variables["i"], "name": "Soap", "attributes": {"colour": "\ud800"}}}
    assert refusal(await send(api, encoded(create, attributes), token=token))["extensions"]["field"] == "$i.attributes.colour"
    assert not await Product.exists().where(Product.sku == sku)
    # A refused sign-in does not count as a failed one, and makes no session.
    user = await make_user(Role.MERCHANT_STAFF, tenant.merchant)
    sessions = await Session.count()
    login = "mutation($i: LoginInput!) { login(input: $i) { token errors { code } } }"
    for _ in range(6):
        refusal(await send(api, encoded(login, {"i": {"email": user.email + "\x00", "password": "x"}})))
    assert await Session.count() == sessions
    assert await api.login(user.email)


async def test_a_date_outside_the_representable_range_is_a_validation_error_naming_the_field(api):
    user = await make_user(Role.OPERATOR_ADMIN)
    token = await api.login(user.email)
    query = "query($f: OrderFilter) { orders(first: 5, filter: $f) { totalCount } }"
    for moment in ("9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+01:00"):
        error = refusal(await send(api, encoded(query, {"f": {"createdFrom": moment}}), token=token))
        assert "$f' has invalid value at .createdFrom" in error["message"] and "falls outside the years 1 to 9999" in error["message"], error
    literal = '{ orders(first: 5, filter: {createdTo: "9999-12-31T23:59:59-23:59"}) { totalCount } }'
    error = refusal(await send(api, encoded(literal), token=token))
    assert "DateTime" in error["message"] and "falls outside" in error["message"], error
    # In range, with an offset: an ordinary answer.
    fine = await send(api, encoded(query, {"f": {"createdFrom": "2026-01-01T00:00:00-05:00"}}), token=token)
    assert fine.status_code == 200 and "errors" not in fine.json()


# ------------------------------------------------------------------------------------------------ sign-out


async def test_logout_with_an_api_key_is_refused_and_the_key_keeps_working(api):
    tenant = await make_tenant()
    key = await make_api_key(tenant.merchant, [ApiKeyScope.PRODUCTS_READ])
    result = await api.gql("mutation { logout { errors { code message field } } }", token=key)
    [error] = result["data"]["logout"]["errors"]
    assert error["code"] == "FORBIDDEN" and "apiKeyRevoke" in error["message"]
    still = await api.gql(f'{{ products(first: 1, filter: {{merchantId: "{tenant.merchant_gid}"}}) {{ totalCount }} }}',
                          token=key)
    assert "errors" not in still and still["data"]["products"]["totalCount"] == 0


# ------------------------------------------------------------------------------------------------ headers, metrics


def assert_security_headers(response: httpx.Response, *, production: bool) -> None:
    assert response.headers["content-security-policy"] == f"{CONTENT_SECURITY_POLICY}; frame-ancestors 'none'"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert ("strict-transport-security" in response.headers) is production


async def test_security_headers_on_the_dashboard_its_assets_and_graphql(start_api_server, tmp_path):
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text('<!doctype html><script type="module" src="/assets/app-1a2b.js"></script>')
    (tmp_path / "assets" / "app-1a2b.js").write_text("console.log('packline')")
    server = start_api_server(PACKLINE_SPA_DIST=str(tmp_path))
    async with httpx.AsyncClient(base_url=server.url, timeout=10) as client:
        for response in (await client.get("/"), await client.get("/orders"), await client.get("/assets/app-1a2b.js"),
                         await client.post("/graphql", json={"query": "{ __typename }"}),
                         await client.get("/graphql", params={"query": "{ __typename }"}),
                         await client.get("/assets/missing.js")):
            assert_security_headers(response, production=False)


async def test_production_adds_hsts_and_guards_metrics_with_the_token(production):
    async with httpx.AsyncClient(base_url=production.url, timeout=10) as client:
        assert_security_headers(await client.get("/"), production=True)
        assert_security_headers(await client.post("/graphql", json={"query": "{ __typename }"}), production=True)
        assert (await client.get("/metrics")).status_code == 401
        wrong = await client.get("/metrics", headers={"authorization": "Bearer wrong-token-0123456789"})
        assert wrong.status_code == 401 and wrong.headers["www-authenticate"].startswith("Bearer")
        right = await client.get("/metrics", headers={"authorization": f"Bearer {METRICS_TOKEN}"})
        assert right.status_code == 200 and "packline_http_requests_total" in right.text


async def test_production_without_a_metrics_token_does_not_serve_metrics(start_api_server):
    server = start_api_server(ENVIRONMENT="production", SECRET_KEY=PRODUCTION_SECRET, METRICS_TOKEN="")
    async with httpx.AsyncClient(base_url=server.url, timeout=10) as client:
        response = await client.get("/metrics")
        assert response.status_code == 404 and "packline_" not in response.text
        assert (await client.get("/metrics", headers={"authorization": f"Bearer {METRICS_TOKEN}"})).status_code == 404


# ------------------------------------------------------------------------------------------------ suggestions


SUGGESTED = [
    ("{ orderz(first: 1) { totalCount } }", "orders"),
    ("{ orders(firts: 1) { totalCount } }", "first"),
    ("query($f: OrderFilter) { orders(first: 1, filter: $f) { totalCount } }", "READY"),
]


async def test_production_errors_make_no_suggestions(api, production):
    user = await make_user(Role.OPERATOR_ADMIN)
    variables = {"f": {"status": ["READI"]}}
    for query, suggestion in SUGGESTED:
        development = await send(api, encoded(query, variables), token=await api.login(user.email))
        assert "Did you mean" in development.text and suggestion in development.text, development.text
        masked = await send(production, encoded(query, variables), token=await production.login(user.email))
        error = refusal(masked)
        assert "Did you mean" not in masked.text and f"'{suggestion}'" not in masked.text, masked.text
        assert error["message"].rstrip(".").endswith(("'orderz' on type 'Query'", "argument 'firts' on field 'Query.orders'",
                                                      "in 'OrderStatus' enum"))
