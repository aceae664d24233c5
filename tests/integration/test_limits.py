"""Abuse limits answer with errors, never a 500: depth, aliases, tokens, cost and the rate limit."""

from __future__ import annotations

import pytest

from backend.core.authorization import Role
from tests.support import make_user


@pytest.fixture(scope="module")
async def token(api):
    return await api.login((await make_user(Role.OPERATOR_ADMIN)).email)


async def assert_request_error(api, query: str, token: str, code: str | None = None, text: str | None = None) -> dict:  # noqa: ANN001
    response = await api.post({"query": query}, token=token)
    assert response.status_code == 400, response.text
    body = response.json()
    assert "data" not in body
    if code:
        assert body["errors"][0]["extensions"]["code"] == code, body
    if text:
        assert text in body["errors"][0]["message"], body
    return body


async def test_depth_limit(api, token):
    query = "{ users { edges { node { merchant { id } } } } }"
    ok = await api.post({"query": query}, token=token)
    assert ok.status_code == 200
    too_deep = "query { " + "nodes(ids: []) { ... on User { merchant { " * 6 + "id" + " } } }" * 6 + " }"
    await assert_request_error(api, too_deep, token, text="exceeds maximum operation depth")


async def test_alias_limit(api, token):
    query = "{ " + " ".join(f"a{i}: __typename" for i in range(16)) + " }"
    await assert_request_error(api, query, token, text="aliases")


async def test_token_limit(api, token):
    query = "{ " + " ".join("__typename" for _ in range(2100)) + " }"
    await assert_request_error(api, query, token, text="token")


async def test_cost_is_computed_before_running_and_reported(api, token):
    result = await api.gql("{ users(first: 50) { edges { node { email merchant { name } } } } }", token=token)
    cost = result["extensions"]["cost"]
    # 1 for users + 50 × (edge 1 + node 1 + merchant 1)
    assert cost["requestedQueryCost"] == 151
    assert cost["maximumAvailable"] == 10000
    assert cost["throttleStatus"]["restoreRate"] == 5000
    variables = await api.gql("query($n: Int) { users(first: $n) { edges { node { id } } } }", {"n": 10}, token=token)
    assert variables["extensions"]["cost"]["requestedQueryCost"] == 21


async def test_too_costly_queries_are_refused(start_api_server):
    server = start_api_server(GRAPHQL_MAX_COST="500")
    token = await server.login((await make_user(Role.OPERATOR_ADMIN)).email)
    query = "{ " + " ".join(
        f"u{i}: users(first: 100) {{ edges {{ node {{ merchant {{ id }} }} }} pageInfo {{ hasNextPage }} }}" for i in range(2)
    ) + " }"
    body = await assert_request_error(server, query, token, code="QUERY_TOO_COSTLY")
    assert body["errors"][0]["extensions"]["cost"] == 2 * (1 + 100 * 3 + 1)
    assert "maximum is 500" in body["errors"][0]["message"]
    # The same query with smaller pages passes.
    smaller = await server.gql(query.replace("first: 100", "first: 50"), token=token)
    assert "errors" not in smaller


async def test_rate_limit_answers_429_with_retry_after(start_api_server):
    server = start_api_server(RATE_LIMIT_POINTS_PER_SECOND="10", RATE_LIMIT_BURST_POINTS="100")
    user = await make_user(Role.OPERATOR_STAFF)
    token = await server.login(user.email)
    statuses = []
    for _ in range(10):
        response = await server.post({"query": "{ users(first: 20) { edges { node { id } } } }"}, token=token)
        statuses.append(response.status_code)
        if response.status_code == 429:
            assert int(response.headers["retry-after"]) >= 1
            body = response.json()
            assert body["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
            break
    assert statuses[0] == 200 and statuses[-1] == 429, statuses
    # Another token has its own budget.
    other = await server.login((await make_user(Role.OPERATOR_STAFF)).email)
    assert (await server.post({"query": "{ me { id } }"}, token=other)).status_code == 200
