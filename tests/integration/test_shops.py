"""Shop connections (WooCommerce): credentials kept secret, connection checks, pulls as import runs, webhooks,
and orders placed only through the orders intake, each exactly once.

The shop is a local WooCommerce (`backend/demo/woo_peer.py`) speaking REST API v3 and signing webhooks as
WooCommerce does; the API processes, the worker, Postgres and Redis are the real ones.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
from datetime import timedelta
from decimal import Decimal

import httpx
import pytest
from arq.constants import in_progress_key_prefix

from backend.core.clock import utcnow
from backend.core.queries import json_value
from backend.core.redis import key, redis
from backend.demo.woo_peer import CONSUMER_KEY, CONSUMER_SECRET, WEBHOOK_SECRET, ApiKey, Line, WooPeer, serving
from backend.events.tables import Event
from backend.orders.tables import Order, OrderLine
from backend.shops.credentials import unseal
from backend.shops.services import pull_due_shops, run_import
from backend.shops.tables import ImportRun, Shop, WebhookDelivery
from tests.support import (
    CALLER_ROLES,
    EVENT_FIELDS,
    ROOT_DIR,
    Subscription,
    gid,
    make_product,
    make_tenant,
    make_warehouse,
    put_stock,
    run_worker_burst,
    tokens_of_every_role,
)

CREDENTIALS = {"consumerKey": CONSUMER_KEY, "consumerSecret": CONSUMER_SECRET, "webhookSecret": WEBHOOK_SECRET}
SHOP_FIELDS = ("id name kind baseUrl credentialsSet webhookPath health lastError lastSyncedAt "
               "importRuns { status fetched created updated duplicates ignored failed failures { externalId reason } error }")
CONNECT = f"""mutation($i: ShopConnectInput!) {{ shopConnect(input: $i) {{ shop {{ {SHOP_FIELDS} }}
  errors {{ field code message }} }} }}"""
SYNC = "mutation($i: ShopSyncNowInput!) { shopSyncNow(input: $i) { importRun { id status } errors { code field } } }"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
async def woo():
    peer = WooPeer()
    port = _free_port()
    async with serving(peer, port):
        peer.base_url = f"http://127.0.0.1:{port}"
        yield peer


@pytest.fixture
async def merchant(api):
    """A merchant with two products in stock in its own warehouse, and its admin's token."""
    tenant = await make_tenant()
    warehouse = await make_warehouse()
    products = {}
    for sku in ("TSHIRT-M", "MUG-01"):
        products[sku] = await make_product(tenant.merchant, sku=sku, name=f"Product {sku}")
        await put_stock(products[sku], warehouse, 10_000)
    return {"tenant": tenant, "warehouse": warehouse, "products": products,
            "token": await api.login(tenant.admin.email)}


async def connect(api, merchant, base_url: str, name: str = "Woo Berlin", **extra) -> dict:  # noqa: ANN001
    result = await api.gql(CONNECT, {"i": {
        "kind": "WOOCOMMERCE", "name": name, "baseUrl": base_url, "credentials": CREDENTIALS,
        "warehouseId": gid("Warehouse", merchant["warehouse"].id), **extra}}, token=merchant["token"])
    payload = result["data"]["shopConnect"]
    assert payload["errors"] == [], payload
    return payload["shop"]


async def shop_orders(shop_gid_value: str) -> list[Order]:
    shop = await Shop.objects().where(Shop.id == _local(shop_gid_value)).first()
    return await Order.objects().where((Order.merchant == shop.merchant) & (Order.shop == shop.source_key)).order_by(Order.external_id)


def _local(global_id: str):  # noqa: ANN202
    from backend.core.ids import from_global_id

    return from_global_id(global_id)[1]


async def sync(api, merchant, shop: dict) -> dict:  # noqa: ANN001
    result = await api.gql(SYNC, {"i": {"shopId": shop["id"]}}, token=merchant["token"])
    assert result["data"]["shopSyncNow"]["errors"] == [], result
    await run_worker_burst()
    run = await ImportRun.objects().where(ImportRun.id == _local(result["data"]["shopSyncNow"]["importRun"]["id"])).first()
    return run


# ---------------------------------------------------------------- shops and their credentials


async def test_credentials_are_encrypted_and_never_returned_or_logged(api, api_servers, merchant, woo):
    shop = await connect(api, merchant, woo.base_url)
    assert shop["credentialsSet"] == ["consumerKey", "consumerSecret", "webhookSecret"]
    listed = await api.gql(f"{{ shops {{ {SHOP_FIELDS} }} }}", token=merchant["token"])
    stored = await Shop.objects().where(Shop.id == _local(shop["id"])).first()
    events = await Event.select().where(Event.entity_id == stored.id)
    for secret in CREDENTIALS.values():
        assert secret not in json.dumps(listed) and secret not in json.dumps(shop)
        assert secret not in stored.credentials  # encrypted at rest
        assert secret not in json.dumps(events, default=str)
    assert unseal(stored.credentials) == CREDENTIALS
    # A changed secret replaces only itself; the others stay.
    result = await api.gql("""mutation($i: ShopUpdateInput!) { shopUpdate(input: $i) {
        shop { credentialsSet name } errors { code } } }""",
                           {"i": {"shopId": shop["id"], "name": "Woo Mitte", "credentials": {"webhookSecret": "new-secret"}}},
                           token=merchant["token"])
    assert result["data"]["shopUpdate"] == {"shop": {"credentialsSet": ["consumerKey", "consumerSecret", "webhookSecret"],
                                                     "name": "Woo Mitte"}, "errors": []}
    stored = await Shop.objects().where(Shop.id == stored.id).first()
    assert unseal(stored.credentials) == {**CREDENTIALS, "webhookSecret": "new-secret"}
    logs = "".join((ROOT_DIR / ".run" / f"test-api-{server.port}.log").read_text() for server in api_servers)
    assert all(secret not in logs for secret in [*CREDENTIALS.values(), "new-secret"])


async def test_bad_input_is_refused_and_changes_nothing(api, merchant, woo):
    before = await Shop.count().where(Shop.merchant == merchant["tenant"].merchant.id)
    cases = [
        ({"baseUrl": "ftp://shop.example"}, "baseUrl"),
        ({"baseUrl": "https://user:pw@shop.example"}, "baseUrl"),
        ({"name": "  "}, "name"),
        ({"credentials": {"accessToken": "shpat_x"}}, "credentials.accessToken"),
        ({"warehouseId": gid("Warehouse", "00000000-0000-0000-0000-000000000000")}, "warehouseId"),
    ]
    for change, field in cases:
        values = {"kind": "WOOCOMMERCE", "name": "Woo", "baseUrl": woo.base_url, "credentials": CREDENTIALS,
                  "warehouseId": gid("Warehouse", merchant["warehouse"].id), **change}
        result = await api.gql(CONNECT, {"i": values}, token=merchant["token"])
        errors = result["data"]["shopConnect"]["errors"]
        assert result["data"]["shopConnect"]["shop"] is None and field in [e["field"] for e in errors], (change, errors)
    await connect(api, merchant, woo.base_url, name="Woo")
    twin = await api.gql(CONNECT, {"i": {"kind": "WOOCOMMERCE", "name": "Woo", "baseUrl": woo.base_url}},
                         token=merchant["token"])
    assert twin["data"]["shopConnect"]["errors"][0]["code"] == "DUPLICATE"
    assert await Shop.count().where(Shop.merchant == merchant["tenant"].merchant.id) == before + 1


async def test_shop_test_says_precisely_what_is_wrong(api, merchant, woo):
    test = "mutation($i: ShopTestInput!) { shopTest(input: $i) { ok problem message errors { code } } }"

    async def tested(shop: dict) -> dict:
        return (await api.gql(test, {"i": {"shopId": shop["id"]}}, token=merchant["token"]))["data"]["shopTest"]

    good = await connect(api, merchant, woo.base_url, name="Good")
    assert (await tested(good))["ok"] is True
    wrong = await connect(api, merchant, woo.base_url, name="Wrong secret",
                          credentials={**CREDENTIALS, "consumerSecret": "cs_wrong"})
    answer = await tested(wrong)
    assert (answer["ok"], answer["problem"]) == (False, "UNAUTHORIZED") and "401" in answer["message"]
    woo.keys.append(ApiKey("ck_readonly", "cs_readonly", permissions="read"))
    read_only = await connect(api, merchant, woo.base_url, name="Read only",
                              credentials={**CREDENTIALS, "consumerKey": "ck_readonly", "consumerSecret": "cs_readonly"})
    answer = await tested(read_only)
    assert (answer["ok"], answer["problem"]) == (False, "MISSING_PERMISSION") and "write" in answer["message"]
    gone = await connect(api, merchant, f"http://127.0.0.1:{_free_port()}", name="Gone")
    answer = await tested(gone)
    assert (answer["ok"], answer["problem"]) == (False, "UNREACHABLE")


# ---------------------------------------------------------------- pulling orders


def _orders_of_every_shape(woo: WooPeer) -> dict[str, dict]:
    return {
        "several_lines": woo.add_order([Line("TSHIRT-M", "T-Shirt „Größe M“", 2, "16.72"), Line("MUG-01", "Tasse ☕", 1, "8.36")],
                                       coupon=("SOMMER10", "10"), customer_note="Bitte beim Nachbarn abgeben"),
        "no_phone": woo.add_order([Line("MUG-01", "Tasse ☕", 3, "8.36")], first_name="Zoë", last_name="Ødegård"),
        "cancelled": woo.add_order([Line("MUG-01", "Tasse", 1, "8.36")], status="cancelled", paid=False),
        "unknown_sku": woo.add_order([Line("TSHIRT-M", "T-Shirt", 1, "16.72"), Line("POSTER-XL", "Poster", 1, "20.00")]),
        "bad_address": woo.add_order([Line("MUG-01", "Tasse", 1, "8.36")], postcode="ABC"),
        "unpaid_transfer": woo.add_order([Line("MUG-01", "Tasse", 1, "8.36")], status="on-hold", payment_method="bacs", paid=False),
        "nothing_known": woo.add_order([Line("POSTER-XL", "Poster", 1, "20.00")]),
    }


async def test_a_pull_places_orders_through_the_intake_the_existing_ways(api, merchant, woo):
    orders = _orders_of_every_shape(woo)
    shop = await connect(api, merchant, woo.base_url)
    run = await sync(api, merchant, shop)
    assert (run.status, run.fetched, run.created, run.ignored, run.failed, run.duplicates) == ("SUCCEEDED", 7, 5, 1, 1, 0)
    failures = json_value(run.failures)
    assert failures[0]["externalId"] == str(orders["nothing_known"]["id"])
    assert "POSTER-XL" in failures[0]["reason"]
    placed = {o.external_id: o for o in await shop_orders(shop["id"])}
    assert str(orders["cancelled"]["id"]) not in placed

    several = placed[str(orders["several_lines"]["id"])]
    woo_order = orders["several_lines"]
    assert (several.source, several.status, several.payment_status) == ("SHOP", "READY", "PAID")
    assert several.customer_note == "Bitte beim Nachbarn abgeben" and several.external_number == woo_order["number"]
    lines = await OrderLine.objects().where(OrderLine.sales_order == several.id).order_by(OrderLine.position)
    assert [(line.sku, line.quantity) for line in lines] == [("TSHIRT-M", 2), ("MUG-01", 1)]
    # Gross after the coupon, with the rate WooCommerce charged; the order adds up to the shop's total.
    assert Decimal(several.total) / 100 == Decimal(woo_order["total"])
    assert [line.tax_rate for line in lines] == [1900, 1900]

    no_phone = placed[str(orders["no_phone"]["id"])]
    assert no_phone.customer_name == "Zoë Ødegård" and no_phone.customer_phone == ""
    unknown = placed[str(orders["unknown_sku"]["id"])]
    assert unknown.status == "ON_HOLD" and "POSTER-XL" in unknown.hold_reason
    bad_address = placed[str(orders["bad_address"]["id"])]
    assert bad_address.status == "ON_HOLD" and "Postal code" in bad_address.hold_reason
    assert placed[str(orders["unpaid_transfer"]["id"])].status == "AWAITING_PAYMENT"

    # The next pull starts after the cursor: nothing is fetched again, nothing placed twice.
    again = await sync(api, merchant, shop)
    assert (again.status, again.created, again.fetched) == ("SUCCEEDED", 0, 0)
    # The shop cancels one order and a transfer arrives for another: Packline follows.
    woo.change_order(orders["unknown_sku"]["id"], status="cancelled")
    woo.change_order(orders["unpaid_transfer"]["id"], status="processing", date_paid_gmt="2026-11-03T10:00:00",
                     transaction_id="SEPA-4711")
    followed = await sync(api, merchant, shop)
    assert (followed.fetched, followed.updated, followed.created) == (2, 2, 0)
    placed = {o.external_id: o for o in await shop_orders(shop["id"])}
    assert placed[str(orders["unknown_sku"]["id"])].status == "CANCELLED"
    assert placed[str(orders["unpaid_transfer"]["id"])].status == "READY"
    assert len(placed) == 5


async def test_an_interrupted_run_then_a_new_one_place_every_order_exactly_once(api, merchant, woo):
    created = [woo.add_order([Line("MUG-01", f"Tasse {n}", 1, "8.36")]) for n in range(120)]
    shop = await connect(api, merchant, woo.base_url)
    woo.fail_next(500, after=2)  # the third page fails
    failed = await sync(api, merchant, shop)
    assert failed.status == "FAILED" and "500" in failed.error
    # Two pages were committed (each request starts a second before the cursor, so pages overlap by an order).
    assert failed.fetched == failed.created and 95 <= failed.created < 100
    stored = await Shop.objects().where(Shop.id == _local(shop["id"])).first()
    assert stored.health == "UNHEALTHY" and "500" in stored.last_error
    resumed = await sync(api, merchant, shop)
    assert resumed.status == "SUCCEEDED" and resumed.created == 120 - failed.created
    external_ids = [o.external_id for o in await shop_orders(shop["id"])]
    assert sorted(external_ids) == sorted(str(o["id"]) for o in created)
    stored = await Shop.objects().where(Shop.id == stored.id).first()
    assert (stored.health, stored.last_synced_at is not None) == ("HEALTHY", True)


async def test_a_worker_killed_mid_import_loses_and_duplicates_nothing(api, merchant, woo):
    created = [woo.add_order([Line("TSHIRT-M", f"Shirt {n}", 1, "16.72")]) for n in range(80)]
    shop = await connect(api, merchant, woo.base_url)
    run = await api.gql(SYNC, {"i": {"shopId": shop["id"]}}, token=merchant["token"])
    run_id = _local(run["data"]["shopSyncNow"]["importRun"]["id"])
    job = asyncio.create_task(run_import(run_id))
    while len(await shop_orders(shop["id"])) < 30:
        await asyncio.sleep(0.01)
    job.cancel()  # the worker dies between two orders, its page not committed
    with pytest.raises(asyncio.CancelledError):
        await job
    assert (await ImportRun.objects().where(ImportRun.id == run_id).first()).status == "RUNNING"
    await run_worker_burst()  # the queued job runs on a worker and goes on from the cursor
    finished = await ImportRun.objects().where(ImportRun.id == run_id).first()
    assert finished.status == "SUCCEEDED"
    external_ids = [o.external_id for o in await shop_orders(shop["id"])]
    assert sorted(external_ids) == sorted(str(o["id"]) for o in created)


def _start_worker(**env: str) -> subprocess.Popen:
    log = open(ROOT_DIR / ".run" / f"test-worker-{_free_port()}.log", "w")  # noqa: SIM115
    return subprocess.Popen([sys.executable, "-m", "backend.cli", "worker"], cwd=ROOT_DIR,
                            env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT)


async def _until(condition, timeout: float = 60) -> None:  # noqa: ANN001
    deadline = asyncio.get_running_loop().time() + timeout
    while not await condition():
        assert asyncio.get_running_loop().time() < deadline, "timed out"
        await asyncio.sleep(0.05)


@pytest.mark.slow
async def test_a_real_worker_killed_with_sigkill_mid_import_then_restarted_places_every_order_once(api, merchant, woo):
    created = [woo.add_order([Line("MUG-01", f"Tasse {n}", 1, "8.36")]) for n in range(150)]
    woo.delay = 0.2  # a slow shop, so that the worker is killed mid-run
    shop = await connect(api, merchant, woo.base_url)
    queued = await api.gql(SYNC, {"i": {"shopId": shop["id"]}}, token=merchant["token"])
    run_id = _local(queued["data"]["shopSyncNow"]["importRun"]["id"])
    stale_after = {"SHOP_RUN_STALE_SECONDS": "2"}

    async def placed() -> int:
        return len(await shop_orders(shop["id"]))

    worker = _start_worker(**stale_after)
    try:
        await _until(lambda: _at_least(placed, 40))
    finally:
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait()
    assert (await ImportRun.objects().where(ImportRun.id == run_id).first()).status == "RUNNING"
    assert await placed() < 150
    await asyncio.sleep(2.5)  # the dead worker's heartbeat goes stale
    restarted = _start_worker(**stale_after)
    try:
        async def finished() -> bool:
            return (await ImportRun.objects().where(ImportRun.id == run_id).first()).status == "SUCCEEDED"

        await _until(finished)
    finally:
        restarted.terminate()
        restarted.wait(20)
    external_ids = [o.external_id for o in await shop_orders(shop["id"])]
    assert sorted(external_ids) == sorted(str(o["id"]) for o in created)
    # arq hands the dead worker's jobs out again once their in-progress marks expire (job_timeout + 10 s later);
    # expire them now (no worker runs): the import job finds its run finished and changes nothing.
    finished_run = await ImportRun.objects().where(ImportRun.id == run_id).first()
    left = await redis().zrange(key("queue"), 0, -1)
    assert f"shop-import:{run_id}".encode() in left
    await redis().delete(*[in_progress_key_prefix + job.decode() for job in left])
    await run_worker_burst()
    assert len(await shop_orders(shop["id"])) == 150
    again = await ImportRun.objects().where(ImportRun.id == run_id).first()
    assert (again.created, again.finished_at) == (finished_run.created, finished_run.finished_at)


async def _at_least(count, wanted: int) -> bool:  # noqa: ANN001
    return await count() >= wanted


async def test_an_outage_marks_the_shop_unhealthy_and_stops_no_other_shop(api, merchant, woo):
    woo.add_order([Line("MUG-01", "Tasse", 1, "8.36")])
    down = await connect(api, merchant, f"http://127.0.0.1:{_free_port()}", name="Down")
    up = await connect(api, merchant, woo.base_url, name="Up")
    await pull_due_shops(utcnow())
    await run_worker_burst()
    down_row = await Shop.objects().where(Shop.id == _local(down["id"])).first()
    assert down_row.health == "UNHEALTHY" and "cannot be reached" in down_row.last_error
    assert down_row.retry_at > utcnow()
    assert len(await shop_orders(up["id"])) == 1
    listed = await api.gql("{ shops { name health lastError } }", token=merchant["token"])
    assert {"name": "Down", "health": "UNHEALTHY", "lastError": down_row.last_error} in listed["data"]["shops"]
    # Backing off: the next scheduled pull leaves the failing shop alone until its retry time.
    runs_before = await ImportRun.count().where(ImportRun.shop == down_row.id)
    await pull_due_shops(utcnow())
    assert await ImportRun.count().where(ImportRun.shop == down_row.id) == runs_before
    await pull_due_shops(down_row.retry_at + timedelta(seconds=1))
    assert await ImportRun.count().where(ImportRun.shop == down_row.id) == runs_before + 1
    await run_worker_burst()


# ---------------------------------------------------------------- webhooks


def _webhook_url(api, shop: dict) -> str:  # noqa: ANN001
    return api.url + shop["webhookPath"]


async def test_a_webhook_delivered_many_times_at_once_makes_one_order(api, api_servers, merchant, woo):
    shop = await connect(api, merchant, woo.base_url)
    order = woo.add_order([Line("TSHIRT-M", "T-Shirt", 1, "16.72")])
    created = woo.delivery(order, "order.created", "d-1")
    updated = woo.delivery(order, "order.updated", "d-2")
    async with httpx.AsyncClient(timeout=10) as client:
        answers = await asyncio.gather(*[
            client.post(_webhook_url(api_servers[n % 2], shop), content=body, headers=headers)
            for n, (body, headers) in enumerate([created] * 12 + [updated] * 8)])
    assert [a.status_code for a in answers] == [200] * 20
    stored = await WebhookDelivery.objects().where(WebhookDelivery.shop == _local(shop["id"]))
    assert sorted(d.delivery_id for d in stored) == ["d-1", "d-2"]
    await run_worker_burst()
    assert [o.external_id for o in await shop_orders(shop["id"])] == [str(order["id"])]
    processed = await WebhookDelivery.objects().where(WebhookDelivery.shop == _local(shop["id"]))
    assert sorted(d.outcome for d in processed) == ["CREATED", "DUPLICATE"]


async def test_a_forged_or_missing_signature_gets_401_and_changes_nothing(api, merchant, woo):
    shop = await connect(api, merchant, woo.base_url)
    order = woo.add_order([Line("MUG-01", "Tasse", 1, "8.36")])
    body, headers = woo.delivery(order, "order.created", "forged-1", secret="not-the-secret")
    missing = {k: v for k, v in headers.items() if k != "X-WC-Webhook-Signature"}
    tampered_body, good_headers = woo.delivery(order, "order.created", "forged-2")
    async with httpx.AsyncClient(timeout=10) as client:
        for content, sent in ((body, headers), (body, missing), (tampered_body.replace(b"8.36", b"0.01"), good_headers)):
            answer = await client.post(_webhook_url(api, shop), content=content, headers=sent)
            assert answer.status_code == 401
        # Another merchant's shop id with this shop's valid signature is refused as well.
        other = await make_tenant()
        assert (await client.post(f"{api.url}/webhooks/woocommerce/{other.merchant.id}", content=tampered_body,
                                  headers=good_headers)).status_code == 401
    await run_worker_burst()
    assert await WebhookDelivery.count().where(WebhookDelivery.shop == _local(shop["id"])) == 0
    assert await shop_orders(shop["id"]) == []


async def test_an_order_by_webhook_and_by_the_pull_is_one_order(api, merchant, woo):
    shop = await connect(api, merchant, woo.base_url)
    order = woo.add_order([Line("MUG-01", "Tasse", 2, "8.36")])
    assert await woo.deliver(_webhook_url(api, shop), order, "order.created", "wh-1") == 200
    await run_worker_burst()
    run = await sync(api, merchant, shop)
    assert (run.fetched, run.created, run.duplicates) == (1, 0, 1)
    assert [o.external_id for o in await shop_orders(shop["id"])] == [str(order["id"])]


# ---------------------------------------------------------------- tenancy


async def test_a_merchant_never_reaches_another_merchants_shops(api, merchant, woo):
    shop = await connect(api, merchant, woo.base_url)
    await sync(api, merchant, shop)
    other = await make_tenant()
    other_token = await api.login(other.admin.email)
    assert (await api.gql("{ shops { id } }", token=other_token))["data"]["shops"] == []
    node = await api.gql("query($id: ID!) { node(id: $id) { id } }", {"id": shop["id"]}, token=other_token)
    assert node["data"]["node"] is None
    run_id = (await api.gql("{ shops { importRuns { id } } }", token=merchant["token"]))["data"]["shops"][0]["importRuns"][0]["id"]
    assert (await api.gql("query($id: ID!) { node(id: $id) { id } }", {"id": run_id}, token=other_token))["data"]["node"] is None
    for mutation, extra in (("shopUpdate", {"name": "Mine now"}), ("shopDisconnect", {}), ("shopTest", {}),
                            ("shopSyncNow", {})):
        input_type = mutation[0].upper() + mutation[1:] + "Input"
        result = await api.gql(f"mutation($i: {input_type}!) {{ {mutation}(input: $i) {{ errors {{ code field }} }} }}",
                               {"i": {"shopId": shop["id"], **extra}}, token=other_token)
        assert result["data"][mutation]["errors"] == [{"code": "NOT_FOUND", "field": "shopId"}], mutation
    # Connecting a shop for another merchant is not possible either.
    result = await api.gql(CONNECT, {"i": {"merchantId": merchant["tenant"].merchant_gid, "kind": "API", "name": "X"}},
                           token=other_token)
    assert result["data"]["shopConnect"]["errors"][0]["code"] == "NOT_FOUND"
    # Merchant staff may not see or manage shops; the merchant's events stay its own.
    staff = await api.login(merchant["tenant"].staff.email)
    assert (await api.gql("{ shops { id } }", token=staff))["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    recent = "{ recentEvents(first: 100, topics: [SHOP, IMPORT_RUN]) { events { type entityId } } }"
    mine = (await api.gql(recent, token=merchant["token"]))["data"]["recentEvents"]["events"]
    assert {"type": "shop.connected", "entityId": shop["id"]} in mine
    assert {"importRun.queued", "importRun.started", "importRun.progress", "importRun.finished"} <= {e["type"] for e in mine}
    theirs = (await api.gql(recent, token=other_token))["data"]["recentEvents"]["events"]
    assert theirs == []
    still = await Shop.objects().where(Shop.id == _local(shop["id"])).first()
    assert (still.name, still.is_active) == ("Woo Berlin", True)


async def test_disconnecting_erases_the_credentials_and_refuses_webhooks(api, merchant, woo):
    shop = await connect(api, merchant, woo.base_url)
    result = await api.gql("mutation($i: ShopDisconnectInput!) { shopDisconnect(input: $i) { shop { credentialsSet } errors { code } } }",
                           {"i": {"shopId": shop["id"]}}, token=merchant["token"])
    assert result["data"]["shopDisconnect"] == {"shop": {"credentialsSet": []}, "errors": []}
    assert (await Shop.objects().where(Shop.id == _local(shop["id"])).first()).credentials == ""
    order = woo.add_order([Line("MUG-01", "Tasse", 1, "8.36")])
    assert await woo.deliver(_webhook_url(api, shop), order, "order.created", "after-1") == 401
    assert (await api.gql("{ shops { id } }", token=merchant["token"]))["data"]["shops"] == []


# ---------------------------------------------------------------- tracking back to the shop


async def test_a_shipped_parcel_reaches_the_shop_once_and_is_retried_while_the_shop_is_down(api, merchant, woo):
    from backend.shipping import services as shipping
    from backend.shops.services import push_tracking
    from backend.shops.tables import TrackingPush
    from tests.integration.test_picking import picker
    from tests.integration.test_shipping import lines_by_sku, pick_all

    shop = await connect(api, merchant, woo.base_url)
    woo_order = woo.add_order([Line("TSHIRT-M", "T-Shirt", 1, "16.72"), Line("MUG-01", "Tasse", 1, "8.36")])
    await sync(api, merchant, shop)
    [order] = await shop_orders(shop["id"])
    me = await picker()
    await pick_all(me, merchant["warehouse"], order)
    lines = await lines_by_sku(order)
    first = await shipping.pack(me, order.id, lines={lines["TSHIRT-M"].id: 1}, weight_grams=300)
    second = await shipping.pack(me, order.id, weight_grams=400)
    await shipping.ship(me, first.id, tracking_number="00340434161094042557")

    woo.down = True
    await push_tracking(utcnow())
    [push] = await TrackingPush.objects().where(TrackingPush.parcel == first.id)
    assert push.sent_at is None and push.attempts == 1 and "503" in push.last_error
    assert woo.notes.get(woo_order["id"]) is None

    woo.down = False
    await TrackingPush.update({TrackingPush.next_attempt_at: utcnow()}).where(TrackingPush.id == push.id)
    await push_tracking(utcnow())
    notes = woo.notes[woo_order["id"]]
    assert [n["note"] for n in notes] == ["Shipped, tracking number 00340434161094042557"]
    assert notes[0]["customer_note"] is True
    assert woo.orders[woo_order["id"]]["status"] == "processing"  # one parcel is still to come

    await shipping.ship(me, second.id, tracking_number="00340434161094042558")
    await push_tracking(utcnow())
    await push_tracking(utcnow())  # again: nothing is told twice
    assert [n["note"] for n in woo.notes[woo_order["id"]]] == [
        "Shipped, tracking number 00340434161094042557", "Shipped, tracking number 00340434161094042558"]
    assert woo.orders[woo_order["id"]]["status"] == "completed"
    assert await TrackingPush.count().where(TrackingPush.shop == _local(shop["id"])) == 2


# ---------------------------------------------------------------- live progress and who may do what


async def test_a_merchant_follows_its_import_live_and_no_other_merchant_does(api, merchant, woo):
    for n in range(60):
        woo.add_order([Line("MUG-01", f"Tasse {n}", 1, "8.36")])
    shop = await connect(api, merchant, woo.base_url)
    other = await make_tenant()
    events = f"subscription {{ events(topics: [SHOP, IMPORT_RUN]) {{ {EVENT_FIELDS} }} }}"
    async with Subscription(api, merchant["token"], events) as mine, \
            Subscription(api, await api.login(other.admin.email), events) as theirs:
        run = await sync(api, merchant, shop)
        seen = [(e["type"], e["payload"].get("status"), e["payload"].get("created"), e["payload"].get("health"))
                for e in await mine.collect(6)]
        assert seen == [("importRun.queued", "QUEUED", 0, None), ("importRun.started", "RUNNING", 0, None),
                        ("importRun.progress", "RUNNING", 50, None), ("importRun.progress", "RUNNING", 60, None),
                        ("importRun.finished", "SUCCEEDED", 60, None), ("shop.health_changed", None, None, "HEALTHY")]
        assert all(e["entityId"] in (gid("ImportRun", run.id), shop["id"]) for e in mine.received)
        await theirs.expect_silence(0.5)


@pytest.mark.parametrize("role", CALLER_ROLES)
async def test_only_merchant_admins_and_operators_see_and_manage_shops(api, merchant, woo, role):
    home = merchant["tenant"]
    tokens = await tokens_of_every_role(api, home)
    listed = await api.gql("{ shops(merchantId: null) { name } }", token=tokens[role])
    connected = await api.gql(CONNECT, {"i": {"merchantId": home.merchant_gid if role.startswith("OPERATOR") else None,
                                              "kind": "API", "name": f"ERP {role}"}}, token=tokens[role])
    allowed = role in {"OPERATOR_ADMIN", "OPERATOR_STAFF", "MERCHANT_ADMIN"}
    if allowed:
        assert "errors" not in listed and connected["data"]["shopConnect"]["errors"] == []
    else:
        expected = "UNAUTHENTICATED" if role == "ANONYMOUS" else "FORBIDDEN"
        assert listed["errors"][0]["extensions"]["code"] == expected
        assert connected["errors"][0]["extensions"]["code"] == expected
    names = [s.name for s in await Shop.objects().where(Shop.merchant == home.merchant.id)]
    assert (f"ERP {role}" in names) is allowed


# ---------------------------------------------------------------- CSV order upload

IMPORT = "mutation($i: OrdersImportInput!) { ordersImport(input: $i) { importRun { id status trigger } errors { field code message } } }"
HEADER = ("order_number,customer_name,email,phone,company,street,street2,postal_code,city,region,country,"
          "payment_method,paid,shipping_method,shipping_price,currency,note,sku,quantity,unit_price,tax_rate\n")


async def test_a_csv_file_is_checked_whole_then_imported_once(api, merchant):
    shop = (await api.gql(CONNECT, {"i": {"kind": "CSV", "name": "Messe-Bestellungen",
                                          "warehouseId": gid("Warehouse", merchant["warehouse"].id)}},
                          token=merchant["token"]))["data"]["shopConnect"]["shop"]
    bad = HEADER + (
        "A-1,Jürgen Groß,juergen@example.test,,,Hauptstraße 5,,10115,Berlin,,DE,PAYPAL,yes,STANDARD,4.90,EUR,,TSHIRT-M,2,19.90,19\n"
        "A-1,,,,,,,,,,,,,,,,,POSTER-XL,1,9.90,19\n"                       # line 3: unknown SKU
        "A-2,Zoë Ødegård,not-an-email,,,Weg 1,,20095,Hamburg,,DE,CARD,maybe,STANDARD,0,EUR,,MUG-01,0,9.90,19\n"
        "A-2,,,,,,,,,,,,,,,,,MUG-01,1,abc,19\n"                           # line 5: price
        ",Somebody,,,,Weg 2,,20095,Hamburg,,DE,,,,,,,MUG-01,1,,\n")       # line 6: no order number
    result = (await api.gql(IMPORT, {"i": {"shopId": shop["id"], "csv": bad}}, token=merchant["token"]))["data"]["ordersImport"]
    assert result["importRun"] is None
    assert [e["field"] for e in result["errors"]] == ["csv.3.sku", "csv.4.email", "csv.4.paid", "csv.4.quantity",
                                                       "csv.5.unit_price", "csv.6.order_number"]
    assert all(e["message"].startswith(f"Line {e['field'].split('.')[1]}:") for e in result["errors"])
    assert await ImportRun.count().where(ImportRun.shop == _local(shop["id"])) == 0
    assert await shop_orders(shop["id"]) == []

    good = HEADER + (
        "A-1,Jürgen Groß,juergen@example.test,,,Hauptstraße 5,,10115,Berlin,,DE,PAYPAL,yes,STANDARD,4.90,EUR,Bitte klingeln,TSHIRT-M,2,19.90,19\n"
        "A-1,,,,,,,,,,,,,,,,,MUG-01,1,9.90,19\n"
        "A-2,Zoë Ødegård,,,,Weg 1,,20095,Hamburg,,DE,BANK_TRANSFER,no,STANDARD,0,EUR,,MUG-01,3,9.90,19\n")
    result = (await api.gql(IMPORT, {"i": {"shopId": shop["id"], "csv": good}}, token=merchant["token"]))["data"]["ordersImport"]
    assert result["errors"] == [] and result["importRun"]["trigger"] == "UPLOAD"
    await run_worker_burst()
    run = await ImportRun.objects().where(ImportRun.id == _local(result["importRun"]["id"])).first()
    assert (run.status, run.fetched, run.created, run.failed) == ("SUCCEEDED", 2, 2, 0)
    placed = {o.external_id: o for o in await shop_orders(shop["id"])}
    assert placed["A-1"].total == 2 * 1990 + 990 + 490 and placed["A-1"].customer_note == "Bitte klingeln"
    assert placed["A-1"].status == "READY" and placed["A-2"].status == "AWAITING_PAYMENT"
    lines = await OrderLine.objects().where(OrderLine.sales_order == placed["A-1"].id).order_by(OrderLine.position)
    assert [(line.sku, line.quantity) for line in lines] == [("TSHIRT-M", 2), ("MUG-01", 1)]
    # The same file again places nothing twice.
    again = (await api.gql(IMPORT, {"i": {"shopId": shop["id"], "csv": good}}, token=merchant["token"]))["data"]["ordersImport"]
    await run_worker_burst()
    rerun = await ImportRun.objects().where(ImportRun.id == _local(again["importRun"]["id"])).first()
    assert (rerun.created, rerun.duplicates) == (0, 2) and len(await shop_orders(shop["id"])) == 2
    template = await api.gql("{ orderImportTemplate }", token=merchant["token"])
    assert template["data"]["orderImportTemplate"].startswith("order_number,customer_name")

    other = await api.login((await make_tenant()).admin.email)
    foreign = (await api.gql(IMPORT, {"i": {"shopId": shop["id"], "csv": good}}, token=other))["data"]["ordersImport"]
    assert foreign["errors"] == [{"field": "shopId", "code": "NOT_FOUND", "message": "No such shop"}]
