"""GraphQL over HTTP as its specification asks: media types, status codes, methods; health and metrics."""

from __future__ import annotations

import httpx

from backend.core.authorization import Role
from tests.support import make_user

GRAPHQL_RESPONSE = "application/graphql-response+json"


async def raw(api, method: str, *, headers=None, content=None, params=None) -> httpx.Response:  # noqa: ANN001
    async with httpx.AsyncClient(base_url=api.url, timeout=10) as client:
        return await client.request(method, "/graphql", headers=headers, content=content, params=params)


async def test_valid_query_answers_200_in_the_media_type_asked_for(api):
    for accept, media in ((GRAPHQL_RESPONSE, GRAPHQL_RESPONSE), ("application/json", "application/json"), (None, "application/json"), ("*/*", "application/json")):
        headers = {"content-type": "application/json"} | ({"accept": accept} if accept else {})
        response = await raw(api, "POST", headers=headers, content=b'{"query": "{ __typename }"}')
        assert response.status_code == 200
        assert response.headers["content-type"].startswith(media)
        assert response.json()["data"] == {"__typename": "Query"}


async def test_invalid_documents_are_request_errors(api):
    for query in ("{ nope }", "{ me { ", "query { me { id } } query { me { id } }"):
        strict = await raw(api, "POST", headers={"content-type": "application/json", "accept": GRAPHQL_RESPONSE},
                           content=httpx.Request("POST", "/", json={"query": query}).content)
        assert strict.status_code == 400, query
        assert "data" not in strict.json() and strict.json()["errors"]
        legacy = await raw(api, "POST", headers={"content-type": "application/json", "accept": "application/json"},
                           content=httpx.Request("POST", "/", json={"query": query}).content)
        assert legacy.status_code == 200 and legacy.json()["errors"]


async def test_execution_errors_answer_200_with_data(api):
    response = await api.post({"query": "{ me { id } }"})
    assert response.status_code == 200
    body = response.json()
    assert body["data"] is None and body["errors"][0]["path"] == ["me"]


async def test_malformed_bodies(api):
    bad_json = await raw(api, "POST", headers={"content-type": "application/json"}, content=b'{"query": ')
    assert bad_json.status_code == 400 and bad_json.json()["errors"][0]["message"]
    wrong_type = await raw(api, "POST", headers={"content-type": "text/plain"}, content=b'{"query": "{ __typename }"}')
    assert wrong_type.status_code == 415
    form = await raw(api, "POST", headers={"content-type": "application/x-www-form-urlencoded"}, content=b"query=x")
    assert form.status_code == 415
    no_query = await raw(api, "POST", headers={"content-type": "application/json"}, content=b'{"variables": {}}')
    assert no_query.status_code == 400
    query_not_string = await raw(api, "POST", headers={"content-type": "application/json"}, content=b'{"query": 5}')
    assert query_not_string.status_code == 400
    not_acceptable = await raw(api, "POST", headers={"content-type": "application/json", "accept": "text/csv"}, content=b'{"query": "{ __typename }"}')
    assert not_acceptable.status_code == 406


async def test_get_allows_queries_only(api):
    query = await raw(api, "GET", params={"query": "{ __typename }"}, headers={"accept": GRAPHQL_RESPONSE})
    assert query.status_code == 200 and query.json()["data"] == {"__typename": "Query"}
    user = await make_user(Role.OPERATOR_ADMIN)
    token = await api.login(user.email)
    mutation = await raw(
        api, "GET", params={"query": "mutation { logout { errors { code } } }"},
        headers={"accept": GRAPHQL_RESPONSE, "authorization": f"Bearer {token}"},
    )
    assert mutation.status_code == 405
    assert mutation.headers["allow"] == "POST"
    # The mutation did not run: the token still works.
    assert (await api.gql("{ me { email } }", token=token))["data"]["me"]["email"] == user.email


async def test_other_methods_are_refused(api):
    for method in ("PUT", "DELETE", "PATCH"):
        assert (await raw(api, method, headers={"content-type": "application/json"}, content=b"{}")).status_code == 405


async def test_request_ids_are_returned_and_kept(api):
    async with httpx.AsyncClient(base_url=api.url) as client:
        generated = await client.get("/health/live")
        assert len(generated.headers["x-request-id"]) == 32
        kept = await client.get("/health/live", headers={"x-request-id": "abc-123"})
        assert kept.headers["x-request-id"] == "abc-123"


async def test_health_and_metrics(api):
    async with httpx.AsyncClient(base_url=api.url) as client:
        assert (await client.get("/health/live")).json() == {"status": "ok"}
        ready = await client.get("/health/ready")
        assert ready.status_code == 200 and ready.json()["checks"] == {"database": "ok", "redis": "ok"}
        await api.gql("query Dashboard { __typename }")
        metrics = (await client.get("/metrics")).text
    for name in (
        "packline_http_requests_total", "packline_graphql_operations_total", "packline_websockets_open",
        "packline_subscriptions_active", "packline_events_published_total", "packline_events_fanned_out_total",
    ):
        assert name in metrics
    assert 'packline_graphql_operations_total{operation="Dashboard",outcome="ok",type="query"}' in metrics


async def test_readiness_fails_when_a_dependency_is_down(start_api_server):
    server = start_api_server(REDIS_URL="redis://127.0.0.1:9/0")  # nothing listens there
    async with httpx.AsyncClient(base_url=server.url, timeout=10) as client:
        assert (await client.get("/health/live")).status_code == 200
        ready = await client.get("/health/ready")
    assert ready.status_code == 503
    assert ready.json()["checks"]["database"] == "ok"
    assert ready.json()["checks"]["redis"].startswith("unavailable")
