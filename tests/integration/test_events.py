"""The live event stream over real websockets: authentication, tenancy, replay, ordering under concurrent
writers, fan-out across API processes, reconnects, and the relay for what a dead publisher left."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import textwrap

import pytest
import websockets
from arq.worker import Worker

from backend.accounts.services import create_api_key, update_merchant
from backend.core.authorization import SYSTEM, ApiKeyScope, Role
from backend.core.redis import redis
from backend.events.outbox import merchant_channel
from backend.events.stream import head_seq
from backend.events.tables import Event
from tests.support import EVENT_FIELDS, ROOT_DIR, Subscription, gid, make_api_key, make_merchant, make_tenant, make_user, unique
from worker.settings import WorkerSettings

EVENTS = f"subscription($topics: [EventTopic!], $after: BigInt, $merchant: ID) {{ events(topics: $topics, afterSeq: $after, merchantId: $merchant) {{ {EVENT_FIELDS} }} }}"


@pytest.fixture(scope="module")
async def operator_token(api):
    return await api.login((await make_user(Role.OPERATOR_STAFF)).email)


async def close_code(server, payload) -> int:  # noqa: ANN001
    async with websockets.connect(server.ws_url, subprotocols=["graphql-transport-ws"]) as ws:
        await ws.send(json.dumps({"type": "connection_init", "payload": payload}))
        with pytest.raises(websockets.ConnectionClosed) as closed:
            await asyncio.wait_for(ws.recv(), 5)
        return closed.value.rcvd.code


async def test_websocket_needs_a_valid_token(api):
    assert await close_code(api, {}) == 4403
    assert await close_code(api, {"authorization": "Bearer pl_s_not-a-token"}) == 4403
    assert await close_code(api, {"authorization": "Basic dXNlcjpwYXNz"}) == 4403


async def test_merchants_see_only_their_own_events(api, operator_token):
    home, other = await make_tenant(), await make_tenant()
    home_token = await api.login(home.admin.email)
    async with (
        Subscription(api, home_token, EVENTS) as merchant_feed,
        Subscription(api, operator_token, EVENTS) as operator_feed,
        Subscription(api, operator_token, EVENTS, {"merchant": other.merchant_gid}) as filtered_feed,
    ):
        await asyncio.sleep(0.3)
        theirs = await make_user(Role.MERCHANT_STAFF, other.merchant)
        mine = await make_user(Role.MERCHANT_STAFF, home.merchant)
        event = await merchant_feed.next_event()
        assert (event["type"], event["payload"]["email"]) == ("user.created", mine.email)
        assert event["merchantId"] == home.merchant_gid and event["entityId"] == gid("User", mine.id)
        assert event["actor"] == {"kind": "SYSTEM", "label": "Packline"}
        await merchant_feed.expect_silence(1.0)
        assert [e["payload"]["email"] for e in await operator_feed.collect(2)] == [theirs.email, mine.email]
        assert [e["payload"]["email"] for e in await filtered_feed.collect(1)] == [theirs.email]
        await filtered_feed.expect_silence(0.5)


async def test_merchant_cannot_follow_another_merchant_or_hidden_topics(api):
    home, other = await make_tenant(), await make_tenant()
    staff_token = await api.login(home.staff.email)
    async with Subscription(api, staff_token, EVENTS, {"merchant": other.merchant_gid}) as feed:
        message = await feed.next_message()
        assert message["type"] == "error"
        assert message["payload"][0]["extensions"]["code"] == "NOT_FOUND"
    async with Subscription(api, staff_token, EVENTS, {"topics": ["USER"]}) as feed:
        message = await feed.next_message()
        assert message["type"] == "error"
        assert message["payload"][0]["extensions"]["code"] == "FORBIDDEN"
    # Merchant staff may follow merchant events but not user events: a new colleague does not show up.
    async with Subscription(api, staff_token, EVENTS) as feed:
        await asyncio.sleep(0.3)
        await make_user(Role.MERCHANT_STAFF, home.merchant)
        await update_merchant(SYSTEM, home.merchant.id, name=f"Renamed {unique()}")
        event = await feed.next_event()
        assert event["type"] == "merchant.updated" and event["topic"] == "MERCHANT"
        await feed.expect_silence(0.5)


async def test_api_key_subscribes_with_its_scopes(api):
    tenant = await make_tenant()
    key = await make_api_key(tenant.merchant, [ApiKeyScope.EVENTS_READ, ApiKeyScope.USERS_READ])
    async with Subscription(api, key, EVENTS, {"topics": ["USER"]}) as feed:
        await asyncio.sleep(0.3)
        created = await make_user(Role.MERCHANT_STAFF, tenant.merchant)
        assert (await feed.next_event())["payload"]["email"] == created.email


async def test_event_written_through_one_process_reaches_a_subscriber_on_another(api_servers, operator_token):
    first, second = api_servers
    tenant = await make_tenant()
    admin_token = await first.login(tenant.admin.email)
    async with Subscription(second, admin_token, EVENTS, {"topics": ["USER"]}) as feed:
        await asyncio.sleep(0.3)
        email = f"{unique()}@example.test"
        result = await first.gql(
            "mutation($i: UserCreateInput!) { userCreate(input: $i) { errors { code } } }",
            {"i": {"email": email, "name": "Remote", "password": "long enough pass", "role": "MERCHANT_STAFF"}},
            token=admin_token,
        )
        assert result["data"]["userCreate"]["errors"] == []
        event = await feed.next_event(timeout=2)
        assert event["payload"]["email"] == email
        assert event["actor"] == {"kind": "USER", "label": tenant.admin.email}


async def _writers(api_servers, admin_token: str, merchant_id, per_writer: int) -> None:  # noqa: ANN001
    """Concurrent writers in three processes: this one and both API processes."""
    mutation = "mutation($i: MerchantUpdateInput!) { merchantUpdate(input: $i) { errors { code } } }"

    async def in_process(tag: str) -> None:
        for i in range(per_writer):
            await update_merchant(SYSTEM, merchant_id, name=f"{tag}-{i}")

    async def over_http(server, tag: str) -> None:  # noqa: ANN001
        for i in range(per_writer):
            result = await server.gql(mutation, {"i": {"merchantId": gid("Merchant", merchant_id), "name": f"{tag}-{i}"}}, token=admin_token)
            assert result["data"]["merchantUpdate"]["errors"] == []

    await asyncio.gather(
        in_process("a"), in_process("b"), over_http(api_servers[0], "c"), over_http(api_servers[1], "d"), over_http(api_servers[1], "e")
    )


async def test_replay_then_live_is_gapless_and_ordered_under_concurrent_writers(api_servers, operator_token):
    merchant = await make_merchant()
    tenant_admin = await make_user(Role.MERCHANT_ADMIN, merchant)
    merchant_token = await api_servers[0].login(tenant_admin.email)
    admin_token = await api_servers[0].login((await make_user(Role.OPERATOR_ADMIN)).email)
    start = await head_seq()
    per_writer = 15
    writers = asyncio.create_task(_writers(api_servers, admin_token, merchant.id, per_writer))
    await asyncio.sleep(0.3)  # join mid-stream: part is replayed from the outbox, the rest arrives live
    async with (
        Subscription(api_servers[1], merchant_token, EVENTS, {"after": start, "topics": ["MERCHANT"]}) as merchant_feed,
        Subscription(api_servers[0], operator_token, EVENTS, {"after": start}) as operator_feed,
    ):
        await writers
        expected = [r["seq"] for r in await Event.select(Event.seq).where((Event.seq > start) & (Event.merchant_id == merchant.id)).order_by(Event.seq)]
        assert len(expected) == 5 * per_writer
        got = [e["seq"] for e in await merchant_feed.collect(len(expected), timeout=15)]
        assert got == expected
        everything = [r["seq"] for r in await Event.select(Event.seq).where(Event.seq > start).order_by(Event.seq)]
        assert everything == list(range(start + 1, start + 1 + len(everything)))  # gapless
        assert [e["seq"] for e in await operator_feed.collect(len(everything), timeout=15)] == everything
        await merchant_feed.expect_silence(0.5)
        await operator_feed.expect_silence(0.2)
    # Each merchant event points at the previous one of its merchant.
    rows = await Event.select(Event.seq, Event.merchant_prev_seq).where(Event.merchant_id == merchant.id).order_by(Event.seq)
    for previous, row in zip(rows, rows[1:], strict=False):
        assert row["merchant_prev_seq"] == previous["seq"]


async def test_a_reconnecting_subscriber_resumes_after_its_last_seq(api, operator_token):
    merchant = await make_merchant()
    token = await api.login((await make_user(Role.MERCHANT_ADMIN, merchant)).email)
    async with Subscription(api, token, EVENTS, {"topics": ["MERCHANT"]}) as feed:
        await asyncio.sleep(0.3)
        for i in range(3):
            await update_merchant(SYSTEM, merchant.id, name=f"before-{i}")
        seen = await feed.collect(3)
    last = seen[-1]["seq"]
    for i in range(4):  # written while disconnected
        await update_merchant(SYSTEM, merchant.id, name=f"while-away-{i}")
    async with Subscription(api, token, EVENTS, {"topics": ["MERCHANT"], "after": last}) as feed:
        missed = await feed.collect(4)
        assert [e["payload"]["name"] for e in missed] == [f"while-away-{i}" for i in range(4)]
        await update_merchant(SYSTEM, merchant.id, name="live-again")
        live = await feed.next_event()
        assert live["payload"]["name"] == "live-again"
        assert [e["seq"] for e in missed + [live]] == sorted({e["seq"] for e in missed + [live]})
        assert missed[0]["seq"] > last


async def published_messages(pubsub, seconds: float) -> list[dict]:  # noqa: ANN001
    """Every message the Redis subscription receives within `seconds`."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    messages = []
    while (left := deadline - loop.time()) > 0:
        message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=left)
        if message is not None:
            messages.append(json.loads(message["data"]))
    return messages


CRASHING_WRITER = textwrap.dedent(
    """
    import asyncio, os, sys, uuid
    import backend.events.outbox as outbox
    from backend.accounts.services import create_api_key, update_merchant
    from backend.core.authorization import SYSTEM
    from backend.core.db import open_pool

    async def die_before_publishing(events, *, source):
        os._exit(17)  # the process dies between commit and publish

    outbox.publish = die_before_publishing

    async def main():
        await open_pool()
        await update_merchant(SYSTEM, uuid.UUID(sys.argv[1]), name=sys.argv[2])

    asyncio.run(main())
    """
)


async def test_the_relay_publishes_what_a_dead_publisher_left(api, operator_token):
    merchant = await make_merchant()
    pubsub = redis().pubsub()
    await pubsub.subscribe(merchant_channel(merchant.id))
    name = f"orphan-{unique()}"
    crashed = subprocess.run([sys.executable, "-c", CRASHING_WRITER, str(merchant.id), name], cwd=ROOT_DIR, env=os.environ.copy())
    assert crashed.returncode == 17
    orphan = await Event.objects().where((Event.merchant_id == merchant.id) & (Event.type == "merchant.updated")).first()
    assert orphan is not None and orphan.payload and orphan.published_at is None  # committed, never published
    assert await published_messages(pubsub, 0.6) == []

    worker = Worker(**{k: v for k, v in vars(WorkerSettings).items() if not k.startswith("_")}, burst=True, poll_delay=0.05)
    try:
        await worker.main()
    finally:
        await worker.close()
    assert [m["seq"] for m in await published_messages(pubsub, 1.0)] == [orphan.seq]
    await orphan.refresh()
    assert orphan.published_at is not None
    await pubsub.aclose()

    # A subscriber that asks from before the orphan gets it exactly once.
    async with Subscription(api, operator_token, EVENTS, {"after": orphan.seq - 1, "merchant": gid("Merchant", merchant.id)}) as feed:
        event = await feed.next_event()
        assert event["seq"] == orphan.seq and event["payload"]["name"] == name
        await feed.expect_silence(0.5)


async def test_subscription_ends_when_the_session_is_revoked(api):
    tenant = await make_tenant()
    token = await api.login(tenant.admin.email)
    async with Subscription(api, token, EVENTS, {"topics": ["USER"]}) as feed:
        await asyncio.sleep(0.3)
        await make_user(Role.MERCHANT_STAFF, tenant.merchant)
        await feed.next_event()
        assert (await api.gql("mutation { logout { errors { code } } }", token=token))["data"]["logout"]["errors"] == []
        # No further event is needed: subscriptions re-check their credential every 5 seconds.
        with pytest.raises(websockets.ConnectionClosed) as closed:
            await feed.next_message(timeout=7)
        assert closed.value.rcvd.code == 4403


async def test_subscription_ends_when_the_session_expires(start_api_server):
    short_lived = start_api_server(SESSION_TTL_SECONDS="2")
    tenant = await make_tenant()
    token = await short_lived.login(tenant.admin.email)
    async with Subscription(short_lived, token, EVENTS, {"topics": ["USER"]}) as feed:
        await asyncio.sleep(0.3)
        await make_user(Role.MERCHANT_STAFF, tenant.merchant)
        await feed.next_event()
        # Nothing is written from here on: the expiry alone ends the subscription, at its time.
        with pytest.raises(websockets.ConnectionClosed) as closed:
            await feed.next_message(timeout=4)
        assert closed.value.rcvd.code == 4403


async def test_revoking_an_api_key_ends_every_subscription_opened_with_it_and_no_other(api):
    tenant = await make_tenant()
    scopes = [ApiKeyScope.EVENTS_READ, ApiKeyScope.MERCHANT_READ]
    revoked = await create_api_key(SYSTEM, name=unique("key"), scopes=scopes, merchant_id=tenant.merchant.id)
    other_key = await make_api_key(tenant.merchant, scopes)
    admin = await api.login(tenant.admin.email)
    async with (
        Subscription(api, revoked.secret, EVENTS, {"topics": ["MERCHANT"]}) as first,
        Subscription(api, revoked.secret, EVENTS, {"topics": ["MERCHANT"]}) as second,
        Subscription(api, other_key, EVENTS, {"topics": ["MERCHANT"]}) as survivor,
    ):
        await asyncio.sleep(0.3)
        answer = await api.gql(
            "mutation($i: ApiKeyRevokeInput!) { apiKeyRevoke(input: $i) { errors { code } } }",
            {"i": {"apiKeyId": gid("ApiKey", revoked.api_key.id)}}, token=admin,
        )
        assert answer["data"]["apiKeyRevoke"]["errors"] == []
        for feed in (first, second):
            with pytest.raises(websockets.ConnectionClosed) as closed:
                await feed.next_message(timeout=7)
            assert closed.value.rcvd.code == 4403
        await update_merchant(SYSTEM, tenant.merchant.id, name=unique("still-live"))
        assert (await survivor.next_event())["type"] == "merchant.updated"


async def test_websockets_from_foreign_origins_are_refused(api, operator_token):
    with pytest.raises(websockets.InvalidStatus) as refused:
        await websockets.connect(api.ws_url, subprotocols=["graphql-transport-ws"], origin="https://evil.example")
    assert refused.value.response.status_code == 403
    allowed = await websockets.connect(api.ws_url, subprotocols=["graphql-transport-ws"], origin="http://localhost:8000")
    await allowed.close()


async def test_recent_events_show_what_happened_and_where_to_continue(api, operator_token):
    home, other = await make_tenant(), await make_tenant()
    token = await api.login(home.admin.email)
    await make_user(Role.MERCHANT_STAFF, other.merchant)
    newest = await make_user(Role.MERCHANT_STAFF, home.merchant)
    query = "query($n: Int!, $t: [EventTopic!]) { recentEvents(first: $n, topics: $t) { headSeq events { seq type merchantId payload } } }"
    log = (await api.gql(query, {"n": 2}, token=token))["data"]["recentEvents"]
    assert [e["payload"]["email"] for e in log["events"]] == [newest.email, home.staff.email]  # newest first
    assert {e["merchantId"] for e in log["events"]} == {home.merchant_gid}
    assert log["headSeq"] == log["events"][0]["seq"]  # its own latest event, not the global position
    # Continuing from headSeq misses nothing and repeats nothing.
    async with Subscription(api, token, EVENTS, {"after": log["headSeq"], "topics": ["USER"]}) as feed:
        later = await make_user(Role.MERCHANT_STAFF, home.merchant)
        assert (await feed.next_event())["payload"]["email"] == later.email
    merchants_only = (await api.gql(query, {"n": 5, "t": ["MERCHANT"]}, token=token))["data"]["recentEvents"]["events"]
    assert [e["type"] for e in merchants_only] == ["merchant.created"]
    operator = (await api.gql(query, {"n": 100}, token=operator_token))["data"]["recentEvents"]
    assert {home.merchant_gid, other.merchant_gid} <= {e["merchantId"] for e in operator["events"]}
    staff_token = await api.login(home.staff.email)
    hidden = await api.gql(query, {"n": 5, "t": ["USER"]}, token=staff_token)
    assert hidden["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    too_many = await api.gql(query, {"n": 101}, token=token)
    assert too_many["errors"][0]["extensions"]["code"] == "INVALID_PAGE"


async def test_a_burst_of_first_subscriptions_all_get_live_events(start_api_server):
    """Right after start, many subscriptions to different channels open at once (browsers reconnecting after a
    deploy); each must receive its events live, not only through the stream's occasional outbox check."""
    server = start_api_server()
    merchants = [await make_merchant() for _ in range(40)]
    keys = [await make_api_key(m, [ApiKeyScope.EVENTS_READ, ApiKeyScope.MERCHANT_READ]) for m in merchants]
    feeds = [Subscription(server, key, EVENTS, {"topics": ["MERCHANT"]}) for key in keys]
    await asyncio.gather(*(feed.__aenter__() for feed in feeds))
    try:
        await asyncio.sleep(1.5)  # past the stream's first outbox check, so only live delivery is fast
        for merchant in merchants:
            await update_merchant(SYSTEM, merchant.id, name=f"Burst {merchant.code}")
        events = await asyncio.gather(*(feed.next_event(timeout=3) for feed in feeds))
        assert [e["payload"]["name"] for e in events] == [f"Burst {m.code}" for m in merchants]
    finally:
        await asyncio.gather(*(feed.__aexit__(None, None, None) for feed in feeds))


async def test_shared_payloads_equal_what_execution_produces(api, operator_token):
    """Subscriptions selecting only the event's own fields get a payload rendered once per process; it must be
    exactly what executing the selection gives (here forced by a fragment, which always takes that path)."""
    tenant = await make_tenant()
    token = await api.login(tenant.admin.email)
    fields = "kind: type seq topic occurredAt merchantId entityId payload __typename actor { label kind __typename }"
    shared = f"subscription {{ feed: events(topics: [MERCHANT]) {{ {fields} }} }}"
    executed = f"subscription {{ feed: events(topics: [MERCHANT]) {{ ...all }} }} fragment all on Event {{ {fields} }}"
    async with Subscription(api, token, shared) as fast, Subscription(api, token, executed) as slow:
        await asyncio.sleep(0.3)
        await update_merchant(SYSTEM, tenant.merchant.id, name="Renamed for the shared payload test")
        one = await fast.next_message()
        two = await slow.next_message()
    assert one["type"] == two["type"] == "next"
    assert one["payload"] == two["payload"]
    event = one["payload"]["data"]["feed"]
    assert event["kind"] == "merchant.updated" and event["__typename"] == "Event"
    assert event["actor"]["__typename"] == "EventActor" and list(event)[:3] == ["kind", "seq", "topic"]
