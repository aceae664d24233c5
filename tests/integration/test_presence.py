"""Presence on an order: who else has it open and who is editing it, live across both API processes; what a
merchant's people see of Packline's (no names unless shown); a lost page expiring; and nobody outside the order's
tenant, nor an API key, nor a stranger's page id, getting anywhere."""

from __future__ import annotations

import secrets
import time

import pytest

from backend.accounts.services import create_user
from backend.core.authorization import SYSTEM, Actor, ActorKind, ApiKeyScope, Role, permissions_for_role
from backend.presence import services as presence
from tests.integration.test_shipping import place
from tests.integration.test_warehouse_board import new_warehouse
from tests.support import PASSWORD, Subscription, gid, make_api_key, make_product, make_tenant, put_stock, unique

PRESENCE = """subscription($e: ID!, $c: String!) { presence(entityId: $e, clientId: $c) {
  name kind isMe since editing editingSince } }"""
UPDATE = """mutation($i: PresenceUpdateInput!) { presenceUpdate(input: $i) { errors { field code message } } }"""


def client_id() -> str:
    return secrets.token_urlsafe(12)


async def person(api, role: Role, name: str, merchant=None) -> dict:  # noqa: ANN001
    user = await create_user(SYSTEM, email=f"{unique('p')}@example.test", name=name, password=PASSWORD, role=role,
                             merchant_id=merchant.id if merchant else None)
    return {"user": user, "token": await api.login(user.email), "client": client_id()}


@pytest.fixture(scope="module")
async def shop(api):
    tenant, other = await make_tenant(), await make_tenant()
    warehouse = await new_warehouse()
    soap = await make_product(tenant.merchant, name="Soap", weight_grams=120)
    await put_stock(soap, warehouse, 10, "B-01")
    order = await place(tenant, warehouse, (soap, 1))
    return {
        "order": gid("Order", order.id), "order_id": order.id,
        "sam": await person(api, Role.OPERATOR_STAFF, "Sam Support"),
        "sue": await person(api, Role.OPERATOR_STAFF, "Sue Service"),
        "wim": await person(api, Role.WAREHOUSE, "Wim Warehouse"),
        "anna": await person(api, Role.MERCHANT_ADMIN, "Anna Admin", tenant.merchant),
        "otto": await person(api, Role.MERCHANT_ADMIN, "Otto Other", other.merchant),
        "tenant": tenant,
    }


def watch(server, shop: dict, who: str) -> Subscription:  # noqa: ANN001
    someone = shop[who]
    return Subscription(server, someone["token"], PRESENCE, {"e": shop["order"], "c": someone["client"]})


async def viewers(live: Subscription, timeout: float = 5) -> list[dict]:
    message = await live.next_message(timeout)
    assert message["type"] == "next" and "errors" not in message["payload"], message
    return message["payload"]["data"]["presence"]


async def until(live: Subscription, check, timeout: float = 8) -> list[dict]:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while True:
        seen = await viewers(live, max(0.1, deadline - time.monotonic()))
        if check(seen):
            return seen


def names(seen: list[dict]) -> list[tuple]:
    return [(v["name"], v["kind"], v["isMe"], v["editing"]) for v in seen]


async def edit(api, shop: dict, who: str, editing: bool, **extra) -> list[dict]:  # noqa: ANN001, ANN003
    someone = shop[who]
    result = await api.gql(UPDATE, {"i": {"entityId": shop["order"], "clientId": someone["client"], "editing": editing,
                                          **extra}}, token=someone["token"])
    return result["data"]["presenceUpdate"]["errors"]


async def test_two_agents_on_two_processes_see_each_other_and_who_edits(api_servers, shop):
    first, second = api_servers
    async with watch(first, shop, "sam") as sam:
        assert names(await viewers(sam)) == [("Sam Support", "SUPPORT", True, False)]
        async with watch(second, shop, "sue") as sue:
            seen = await until(sam, lambda s: len(s) == 2)
            assert names(seen) == [("Sam Support", "SUPPORT", True, False), ("Sue Service", "SUPPORT", False, False)]
            assert seen[0]["since"] <= seen[1]["since"]
            assert names(await viewers(sue)) == [("Sam Support", "SUPPORT", False, False),
                                                 ("Sue Service", "SUPPORT", True, False)]
            # Sue starts editing: Sam's page says so at once, with since when.
            assert await edit(second, shop, "sue", True) == []
            seen = await until(sam, lambda s: s[1]["editing"])
            assert seen[1]["name"] == "Sue Service" and seen[1]["editingSince"] >= seen[1]["since"]
            assert await edit(first, shop, "sue", False) == []  # any process takes the page's update
            await until(sam, lambda s: not s[1]["editing"])
        # Sue closed the page: gone for Sam at once, not after the expiry.
        started = time.monotonic()
        assert names(await until(sam, lambda s: len(s) == 1)) == [("Sam Support", "SUPPORT", True, False)]
        assert time.monotonic() - started < presence.BEAT_SECONDS


async def test_a_merchant_sees_support_without_a_name_until_they_show_it(api, shop):
    async with watch(api, shop, "sam") as sam, watch(api, shop, "anna") as anna:
        await viewers(sam)
        seen = await until(anna, lambda s: len(s) == 2)
        assert names(seen) == [(None, "SUPPORT", False, False), ("Anna Admin", "MERCHANT", True, False)]
        # Support sees the merchant's people by name.
        assert ("Anna Admin", "MERCHANT", False, False) in names(await until(sam, lambda s: len(s) == 2))
        assert await edit(api, shop, "sam", True, showNameToMerchants=True) == []
        seen = await until(anna, lambda s: s[0]["name"] is not None)
        assert names(seen)[0] == ("Sam Support", "SUPPORT", False, True)
        # A merchant's own choice to show a name means nothing: theirs is always shown to support.
        assert await edit(api, shop, "anna", True, showNameToMerchants=False) == []
        assert ("Anna Admin", "MERCHANT", False, True) in names(await until(sam, lambda s: s[1]["editing"]))


async def test_the_warehouse_meets_support_on_a_released_order(api, shop):
    async with watch(api, shop, "wim") as wim:
        assert names(await viewers(wim)) == [("Wim Warehouse", "WAREHOUSE", True, False)]


async def test_a_lost_page_expires_for_everyone(api, shop):
    lost = shop["sue"]["user"]
    actor = Actor(kind=ActorKind.USER, id=lost.id, label=lost.email, role=Role.OPERATOR_STAFF,
                  permissions=permissions_for_role(Role.OPERATOR_STAFF))
    page = await presence.open_order(actor, shop["order_id"], client_id())
    # A tab that beat last just over a TTL ago (its laptop closed, its API process killed): it never says goodbye.
    await presence.beat(actor, page, now=time.time() - presence.TTL_SECONDS - 0.5)
    assert [p.name for p in await presence.present(actor, page, now=time.time() - presence.TTL_SECONDS)] == ["Sue Service"]
    async with watch(api, shop, "sam") as sam:
        assert names(await viewers(sam)) == [("Sam Support", "SUPPORT", True, False)]


async def test_nobody_else_gets_in(api, shop):
    # Another merchant: the order does not exist for them, over the socket and over HTTP.
    async with watch(api, shop, "otto") as otto:
        message = await otto.next_message()
        assert message["type"] == "error" and message["payload"][0]["extensions"]["code"] == "NOT_FOUND", message
        await otto.expect_silence(0.5)
    assert [e["code"] for e in await edit(api, shop, "otto", True)] == ["NOT_FOUND"]
    # Not signed in; an API key (a machine has no page).
    anonymous = await api.gql(UPDATE, {"i": {"entityId": shop["order"], "clientId": client_id(), "editing": True}})
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    key = await make_api_key(shop["tenant"].merchant, list(ApiKeyScope))
    async with Subscription(api, key, PRESENCE, {"e": shop["order"], "c": client_id()}) as machine:
        message = await machine.next_message()
        assert message["type"] == "error" and message["payload"][0]["extensions"]["code"] == "FORBIDDEN", message
    # Someone else's page id, a page not open, a bad page id, another object's id: refused, nothing changes.
    async with watch(api, shop, "sam") as sam:
        await viewers(sam)
        stranger = {**shop, "sue": {**shop["sue"], "client": shop["sam"]["client"]}}
        assert [e["code"] for e in await edit(api, stranger, "sue", True)] == ["NOT_FOUND"]
        assert [e["field"] for e in await edit(api, shop, "sue", True)] == ["clientId"]
        bad = {**shop, "sam": {**shop["sam"], "client": "no"}}
        assert [e["field"] for e in await edit(api, bad, "sam", True)] == ["clientId"]
        wrong = await api.gql(UPDATE, {"i": {"entityId": gid("Warehouse", shop["order_id"]), "clientId": client_id(),
                                             "editing": True}}, token=shop["sam"]["token"])
        assert wrong["data"]["presenceUpdate"]["errors"][0]["field"] == "entityId"
        await sam.expect_silence(0.5)  # none of it changed what Sam's page shows
