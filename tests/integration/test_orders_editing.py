"""Changing orders until picking starts: lines with their reservations, addresses, customer and shipping,
optimistic concurrency, holds, cancellation, notes, tags, repeat orders, phone drafts, the history, and who may
do any of it."""

from __future__ import annotations

import asyncio

import pytest

from backend.core.authorization import ApiKeyScope
from tests.integration.orders_support import (
    ADDRESS,
    CANCEL,
    DRAFT_COMPLETE,
    DRAFT_CREATE,
    DRAFT_UPDATE,
    DUPLICATE,
    HOLD,
    MARK_PAID,
    NOTE_ADD,
    PAYMENT_UPDATE,
    RELEASE,
    TAGS_UPDATE,
    UPDATE,
    add_products,
    assert_ledger_agrees,
    fetch,
    force_status,
    order_shop,
    place,
    quantities,
)
from tests.support import gid, make_api_key


@pytest.fixture(scope="module")
async def shop(api):
    # Plenty of soap and cream: most tests place small orders of them and must not run short of stock.
    setup = await order_shop(api, {"soap": 1000, "cream": 100, "brush": 0})
    setup["read_key"] = await make_api_key(setup["tenant"].merchant, [ApiKeyScope.ORDERS_READ])
    setup["write_key"] = await make_api_key(setup["tenant"].merchant, [ApiKeyScope.ORDERS_WRITE])
    return setup


def line(shop, name: str, quantity: int, price: str = "5.00") -> dict:  # noqa: ANN001
    return {"productId": gid("Product", shop["products"][name].id), "quantity": quantity, "unitPrice": price}


async def update(api, shop, order: dict, changes: dict, *, token: str = "admin", version: int | None = None) -> dict:  # noqa: ANN001
    result = await api.gql(UPDATE, {"i": {"orderId": order["id"], "expectedVersion": order["version"] if version is None else version,
                                          "changes": changes}}, token=shop[token])
    assert "errors" not in result, result
    return result["data"]["orderUpdate"]


async def call(api, shop, document: str, name: str, token: str = "admin", **values) -> dict:  # noqa: ANN001, ANN003
    result = await api.gql(document, {"i": values}, token=shop[token])
    assert "errors" not in result, result
    return result["data"][name]


def last_change(order: dict) -> dict:
    return order["history"][-1]


def lines_by_sku(order: dict) -> dict[str, tuple[int, int, int]]:
    return {l["sku"]: (l["quantity"], l["reserved"], l["backordered"]) for l in order["lines"]}


# ---------------------------------------------------------------- lines and reservations


async def test_line_changes_move_reservations_with_them(api, shop):
    await add_products(shop, widget=5, gadget=3)
    widget, gadget = shop["products"]["widget"].sku, shop["products"]["gadget"].sku
    placed = (await place(api, shop, [("widget", 2, "5.00")]))["order"]
    assert placed["status"] == "READY" and (await quantities(shop, "widget")).reserved == 2

    # More than there is: what exists is reserved, the rest is backordered.
    more = await update(api, shop, placed, {"lines": [line(shop, "widget", 8)]})
    assert more["errors"] == []
    order = more["order"]
    assert order["status"] == "BACKORDERED" and order["version"] == placed["version"] + 1
    assert lines_by_sku(order) == {widget: (8, 5, 3)}
    assert order["total"]["amount"] == "40.00"
    stock = await quantities(shop, "widget")
    assert (stock.reserved, stock.available) == (5, 0)
    await assert_ledger_agrees(shop, "widget")

    # Fewer again: the surplus is released and the order is complete.
    fewer = (await update(api, shop, order, {"lines": [line(shop, "widget", 4)]}))["order"]
    assert fewer["status"] == "READY" and lines_by_sku(fewer) == {widget: (4, 4, 0)}
    assert (await quantities(shop, "widget")).reserved == 4

    # Swap the product: the removed line gives back everything, the new one reserves.
    swapped = (await update(api, shop, fewer, {"lines": [line(shop, "gadget", 3, "7.50")]}))["order"]
    assert swapped["status"] == "READY" and lines_by_sku(swapped) == {gadget: (3, 3, 0)}
    assert swapped["total"]["amount"] == "22.50"
    assert ((await quantities(shop, "widget")).reserved, (await quantities(shop, "gadget")).reserved) == (0, 3)
    await assert_ledger_agrees(shop, "widget", "gadget")

    history = (await fetch(api, shop, placed["id"]))["history"]
    assert [h["kind"] for h in history] == ["placed", "updated", "updated", "updated"]
    assert [h["version"] for h in history] == [1, 2, 3, 4]
    # It came in through the API: never a draft, so its first status has nothing before it.
    assert history[0]["changes"]["status"] == {"before": None, "after": "READY"}
    first_edit = history[1]
    assert first_edit["actor"]["label"] == shop["tenant"].admin.email
    assert first_edit["changes"]["lines"]["before"] == [{"sku": widget, "quantity": 2, "unitPrice": 500}]
    assert first_edit["changes"]["lines"]["after"] == [{"sku": widget, "quantity": 8, "unitPrice": 500}]
    assert first_edit["changes"]["status"] == {"before": "READY", "after": "BACKORDERED"}
    assert history[3]["changes"]["total"] == {"before": "20.00", "after": "22.50"}


async def test_bad_edits_change_nothing(api, shop):
    await add_products(shop, flask=4)
    order = (await place(api, shop, [("flask", 2, "3.00")]))["order"]
    foreign = await add_foreign_product(shop)
    cases = [
        ({"lines": [line(shop, "flask", 0)]}, "lines.0.quantity"),
        ({"lines": [line(shop, "flask", 1, "1.999")]}, "lines.0.unitPrice"),
        ({"lines": []}, "lines"),
        ({"lines": [{"productId": gid("Product", foreign.id), "quantity": 1}]}, "lines.0.productId"),
        # A good line change together with a bad e-mail: all or nothing.
        ({"lines": [line(shop, "flask", 4)], "customer": {"name": "X", "email": "nope"}}, "customer.email"),
        ({"lines": [line(shop, "flask", 4)], "shippingPrice": "-1"}, "shippingPrice"),
        ({"shippingAddress": {**ADDRESS, "city": "x" * 101}}, "shippingAddress.city"),
        ({"tags": ["!!"]}, "tags"),
    ]
    for changes, field in cases:
        result = await update(api, shop, order, changes)
        assert result["order"] is None and field in [e["field"] for e in result["errors"]], (changes, result)
    now = await fetch(api, shop, order["id"])
    assert now["version"] == order["version"] and now["status"] == "READY"
    assert lines_by_sku(now) == lines_by_sku(order) and now["customer"] == order["customer"]
    assert [h["kind"] for h in now["history"]] == ["placed"]
    assert (await quantities(shop, "flask")).reserved == 2
    await assert_ledger_agrees(shop, "flask")


async def add_foreign_product(shop):  # noqa: ANN001, ANN201
    from tests.support import make_product

    return await make_product(shop["other"].merchant, name="Not yours")


async def test_an_edit_without_a_change_keeps_the_version(api, shop):
    order = (await place(api, shop, [("soap", 1, "4.95")]))["order"]
    same = await update(api, shop, order, {"customer": {"name": "Erika Mustermann", "email": "erika@example.test"}})
    assert same["errors"] == [] and same["order"]["version"] == order["version"]
    assert [h["kind"] for h in (await fetch(api, shop, order["id"]))["history"]] == ["placed"]


# ---------------------------------------------------------------- addresses, customer, shipping


async def test_a_bad_address_holds_the_order_and_fixing_it_releases_it(api, shop):
    await add_products(shop, lamp=2)
    order = (await place(api, shop, [("lamp", 1, "30.00")]))["order"]
    bad = {**ADDRESS, "postalCode": "1234"}
    held = (await update(api, shop, order, {"shippingAddress": bad}))["order"]
    assert held["status"] == "ON_HOLD"
    assert held["holdReason"] == "Address check: Postal code 1234 is not valid for DE (5 digits)"
    # A held order keeps its stock.
    assert lines_by_sku(held)[shop["products"]["lamp"].sku] == (1, 1, 0)

    # Releasing by hand is refused while the address is still wrong.
    refused = await call(api, shop, RELEASE, "orderReleaseHold", orderId=order["id"])
    assert refused["order"] is None and refused["errors"][0]["field"] == "shippingAddress"
    assert "Postal code 1234" in refused["errors"][0]["message"]

    fixed = (await update(api, shop, held, {"shippingAddress": {**ADDRESS, "postalCode": "80331", "city": "München"}}))["order"]
    assert (fixed["status"], fixed["holdReason"]) == ("READY", "")
    assert fixed["shippingAddress"]["postalCode"] == "80331"
    history = (await fetch(api, shop, order["id"]))["history"]
    assert history[1]["changes"]["status"] == {"before": "READY", "after": "ON_HOLD"}
    assert history[1]["changes"]["shipping_address"]["before"]["postalCode"] == "10115"
    assert history[1]["changes"]["shipping_address"]["after"]["postalCode"] == "1234"
    assert history[2]["changes"]["status"] == {"before": "ON_HOLD", "after": "READY"}
    assert history[2]["changes"]["hold_reason"]["after"] == ""
    await assert_ledger_agrees(shop, "lamp")


async def test_fixing_the_address_does_not_lift_a_hold_placed_by_hand(api, shop):
    order = (await place(api, shop, [("soap", 1, "4.95")]))["order"]
    held = (await call(api, shop, HOLD, "orderHold", orderId=order["id"], reason="Customer asked to wait"))["order"]
    moved = (await update(api, shop, held, {"shippingAddress": {**ADDRESS, "line1": "Neue Str. 1"}}))["order"]
    assert (moved["status"], moved["holdReason"]) == ("ON_HOLD", "Customer asked to wait")


async def test_click_and_collect_lifts_an_address_hold(api, shop):
    broken = {"name": "Max", "line1": "", "postalCode": "", "city": "", "country": "DE"}
    order = (await place(api, shop, [("soap", 1, "4.95")], shippingAddress=broken))["order"]
    assert order["status"] == "ON_HOLD" and "Street is missing" in order["holdReason"]
    collected = (await update(api, shop, order, {"shippingMethod": "CLICK_AND_COLLECT"}))["order"]
    assert (collected["status"], collected["holdReason"]) == ("READY", "")
    # Back to parcel delivery with that address: held again.
    parcel = (await update(api, shop, collected, {"shippingMethod": "STANDARD"}))["order"]
    assert parcel["status"] == "ON_HOLD" and "Street is missing" in parcel["holdReason"]


async def test_customer_and_shipping_changes_are_recorded(api, shop):
    order = (await place(api, shop, [("soap", 1, "4.95")]))["order"]
    changed = await update(api, shop, order, {"customer": {"name": "Erika Musterfrau", "email": "ERIKA@new.example"},
                                             "shippingMethod": "EXPRESS", "shippingPrice": "9.90"}, token="staff")
    assert changed["errors"] == []
    assert changed["order"]["customer"] == {"name": "Erika Musterfrau", "email": "erika@new.example"}
    assert changed["order"]["shippingPrice"]["amount"] == "9.90" and changed["order"]["total"]["amount"] == "14.85"
    entry = last_change(await fetch(api, shop, order["id"]))
    assert entry["actor"]["label"] == shop["tenant"].staff.email
    assert entry["changes"]["customer_name"] == {"before": "Erika Mustermann", "after": "Erika Musterfrau"}
    assert entry["changes"]["customer_email"] == {"before": "erika@example.test", "after": "erika@new.example"}
    assert entry["changes"]["shipping_method"] == {"before": "STANDARD", "after": "EXPRESS"}
    assert entry["changes"]["total"] == {"before": "4.95", "after": "14.85"}


async def test_switching_to_a_prepaid_method_sends_a_ready_order_to_the_payment_queue(api, shop):
    order = (await place(api, shop, [("soap", 1, "4.95")]))["order"]
    waiting = (await update(api, shop, order, {"paymentMethod": "BANK_TRANSFER"}))["order"]
    assert waiting["status"] == "AWAITING_PAYMENT" and waiting["paymentMethod"] == "BANK_TRANSFER"
    back = (await update(api, shop, waiting, {"paymentMethod": "INVOICE"}))["order"]
    assert back["status"] == "READY"


# ---------------------------------------------------------------- optimistic concurrency


async def test_a_stale_version_is_refused_naming_who_changed_what(api, shop):
    order = (await place(api, shop, [("soap", 1, "4.95")]))["order"]
    staff_edit = await update(api, shop, order, {"customer": {"name": "Changed By Staff"}}, token="staff")
    assert staff_edit["order"]["version"] == order["version"] + 1
    stock_before = await quantities(shop, "soap")

    # The admin still looks at the first version.
    stale = await update(api, shop, order, {"lines": [line(shop, "soap", 3)], "customer": {"name": "Admin's idea"}})
    assert stale["order"] is None
    [error] = stale["errors"]
    assert (error["code"], error["field"]) == ("VERSION_CONFLICT", "expectedVersion")
    assert order["number"] in error["message"]
    assert shop["tenant"].staff.email in error["message"] and "customer_name" in error["message"]
    assert "Reload" in error["message"]

    now = await fetch(api, shop, order["id"])
    assert now["version"] == staff_edit["order"]["version"] and now["customer"]["name"] == "Changed By Staff"
    assert lines_by_sku(now) == lines_by_sku(order)
    assert await quantities(shop, "soap") == stock_before

    # Hold, cancel and tags refuse a stale version the same way.
    for document, name, extra in ((HOLD, "orderHold", {"reason": "x"}), (CANCEL, "orderCancel", {"reason": "x"}),
                                  (TAGS_UPDATE, "orderTagsUpdate", {"add": ["x"]})):
        refused = await call(api, shop, document, name, orderId=order["id"], expectedVersion=order["version"], **extra)
        assert refused["errors"][0]["code"] == "VERSION_CONFLICT", (name, refused)
    assert (await fetch(api, shop, order["id"]))["version"] == now["version"]


async def test_parallel_edits_of_one_version_let_exactly_one_win(api_servers, shop):
    await add_products(shop, kettle=20)
    order = (await place(api_servers[0], shop, [("kettle", 1, "20.00")]))["order"]
    results = await asyncio.gather(*[
        update(api_servers[i % 2], shop, order, {"lines": [line(shop, "kettle", i + 2)]}) for i in range(6)
    ])
    winners = [r for r in results if r["errors"] == []]
    assert len(winners) == 1
    assert all(r["errors"][0]["code"] == "VERSION_CONFLICT" for r in results if r["errors"])
    won = winners[0]["order"]
    now = await fetch(api_servers[0], shop, order["id"])
    assert now["version"] == order["version"] + 1 and lines_by_sku(now) == lines_by_sku(won)
    assert (await quantities(shop, "kettle")).reserved == won["lines"][0]["quantity"]
    await assert_ledger_agrees(shop, "kettle")


# ---------------------------------------------------------------- when edits stop


async def test_edits_are_refused_once_picking_started_and_after_cancel(api, shop):
    picking = (await place(api, shop, [("soap", 1, "4.95")]))["order"]
    await force_status(picking["id"], "PICKING")
    refused = await update(api, shop, picking, {"customer": {"name": "Too late"}})
    assert refused["order"] is None and refused["errors"][0]["code"] == "INVALID_STATE"
    assert "picking" in refused["errors"][0]["message"]
    hold = await call(api, shop, HOLD, "orderHold", orderId=picking["id"], reason="stop")
    assert hold["errors"][0]["code"] == "INVALID_STATE"
    now = await fetch(api, shop, picking["id"])
    assert (now["status"], now["customer"]["name"], now["version"]) == ("PICKING", "Erika Mustermann", picking["version"])

    cancelled = (await place(api, shop, [("soap", 1, "4.95")]))["order"]
    cancelled = (await call(api, shop, CANCEL, "orderCancel", orderId=cancelled["id"], reason="Customer withdrew"))["order"]
    for changes in ({"customer": {"name": "Too late"}}, {"lines": [line(shop, "soap", 1)]}):
        late = await update(api, shop, cancelled, changes)
        assert late["order"] is None and late["errors"][0]["code"] == "INVALID_STATE"
        assert "cancelled" in late["errors"][0]["message"]
    assert (await fetch(api, shop, cancelled["id"]))["lines"][0]["reserved"] == 0
    await assert_ledger_agrees(shop, "soap")


# ---------------------------------------------------------------- holds


async def test_hold_and_release_with_reasons(api, shop):
    order = (await place(api, shop, [("soap", 1, "4.95")]))["order"]
    no_reason = await call(api, shop, HOLD, "orderHold", orderId=order["id"], reason="   ")
    assert no_reason["errors"] == [{"field": "reason", "code": "REQUIRED", "message": no_reason["errors"][0]["message"]}]
    too_long = await call(api, shop, HOLD, "orderHold", orderId=order["id"], reason="x" * 501)
    assert too_long["errors"][0]["code"] == "TOO_LONG"
    not_held = await call(api, shop, RELEASE, "orderReleaseHold", orderId=order["id"])
    assert not_held["errors"][0]["code"] == "INVALID_STATE"
    assert (await fetch(api, shop, order["id"]))["version"] == order["version"]

    held = (await call(api, shop, HOLD, "orderHold", orderId=order["id"], reason="  Fraud   check ",
                       expectedVersion=order["version"]))["order"]
    assert (held["status"], held["holdReason"]) == ("ON_HOLD", "Fraud check")
    assert held["lines"][0]["reserved"] == 1
    again = await call(api, shop, HOLD, "orderHold", orderId=order["id"], reason="again")
    assert again["errors"][0]["code"] == "INVALID_STATE" and "Fraud check" in again["errors"][0]["message"]

    released = (await call(api, shop, RELEASE, "orderReleaseHold", orderId=order["id"], note="checked, fine"))["order"]
    assert (released["status"], released["holdReason"]) == ("READY", "")
    history = (await fetch(api, shop, order["id"]))["history"]
    assert [h["kind"] for h in history] == ["placed", "held", "released"]
    assert history[1]["changes"]["hold_reason"] == {"before": "", "after": "Fraud check"}
    assert history[1]["changes"]["status"] == {"before": "READY", "after": "ON_HOLD"}
    assert history[2]["message"] == "Hold released: checked, fine"
    assert history[2]["changes"]["status"] == {"before": "ON_HOLD", "after": "READY"}


async def test_release_settles_where_the_order_belongs_now(api, shop):
    # Held while waiting for a bank transfer, paid meanwhile: released straight to READY.
    waiting = (await place(api, shop, [("soap", 1, "4.95")], paymentMethod="BANK_TRANSFER"))["order"]
    assert waiting["status"] == "AWAITING_PAYMENT"
    await call(api, shop, HOLD, "orderHold", orderId=waiting["id"], reason="Check the customer")
    paid = await call(api, shop, MARK_PAID, "orderMarkAsPaid", orderIds=[waiting["id"]], transactionReference="TX-1")
    assert paid["succeeded"] == 1 and paid["results"][0]["order"]["status"] == "ON_HOLD"
    released = (await call(api, shop, RELEASE, "orderReleaseHold", orderId=waiting["id"]))["order"]
    assert released["status"] == "READY"

    # Held while stock ran out elsewhere: released to BACKORDERED (its own reservation stays).
    await add_products(shop, vase=2)
    first = (await place(api, shop, [("vase", 2, "10.00")]))["order"]
    await call(api, shop, HOLD, "orderHold", orderId=first["id"], reason="wait")
    grown = (await update(api, shop, (await fetch(api, shop, first["id"])), {"lines": [line(shop, "vase", 3, "10.00")]}))["order"]
    assert grown["status"] == "ON_HOLD" and lines_by_sku(grown)[shop["products"]["vase"].sku] == (3, 2, 1)
    assert (await call(api, shop, RELEASE, "orderReleaseHold", orderId=first["id"]))["order"]["status"] == "BACKORDERED"
    await assert_ledger_agrees(shop, "vase")


# ---------------------------------------------------------------- cancellation


async def test_cancel_releases_every_reservation_and_serves_waiting_backorders(api, shop):
    await add_products(shop, chair=3, table=1)
    big = (await place(api, shop, [("chair", 3, "50.00"), ("table", 1, "200.00")]))["order"]
    waiting = (await place(api, shop, [("chair", 2, "50.00")]))["order"]
    assert waiting["status"] == "BACKORDERED"
    missing = await call(api, shop, CANCEL, "orderCancel", orderId=big["id"], reason=" ")
    assert missing["errors"][0]["code"] == "REQUIRED"

    cancelled = (await call(api, shop, CANCEL, "orderCancel", orderId=big["id"], reason="Customer withdrew"))["order"]
    assert (cancelled["status"], cancelled["cancelReason"]) == ("CANCELLED", "Customer withdrew")
    assert all(l["reserved"] == 0 for l in cancelled["lines"])
    assert (await quantities(shop, "table")).reserved == 0
    # The freed chairs went to the order that was waiting for them.
    served = await fetch(api, shop, waiting["id"])
    assert served["status"] == "READY" and served["lines"][0]["reserved"] == 2
    assert [h["kind"] for h in served["history"]] == ["placed", "allocated"]
    assert served["history"][1]["actor"]["label"] == "Packline"
    assert (await quantities(shop, "chair")).reserved == 2

    twice = await call(api, shop, CANCEL, "orderCancel", orderId=big["id"], reason="again")
    assert twice["errors"][0]["code"] == "INVALID_STATE" and "already cancelled" in twice["errors"][0]["message"]
    entry = last_change(await fetch(api, shop, big["id"]))
    assert entry["kind"] == "cancelled" and entry["changes"]["status"] == {"before": "READY", "after": "CANCELLED"}
    assert entry["changes"]["cancel_reason"] == "Customer withdrew"
    await assert_ledger_agrees(shop, "chair", "table")


async def test_stock_freed_for_two_products_goes_to_the_oldest_backorder_of_each(api, shop):
    await add_products(shop, alpha=1, beta=1)
    # One commit freeing two products is allocated product by product, in product-id order. Allocating the first
    # must not hand the second product's units to its backorder ahead of an older one waiting for them.
    allocated_first, contested = sorted(["alpha", "beta"], key=lambda name: str(shop["products"][name].id))
    holder = (await place(api, shop, [(contested, 1, "5.00"), (allocated_first, 1, "5.00")]))["order"]
    older = (await place(api, shop, [(contested, 1, "5.00")]))["order"]
    newer = (await place(api, shop, [(contested, 1, "5.00"), (allocated_first, 1, "5.00")]))["order"]
    assert (holder["status"], older["status"], newer["status"]) == ("READY", "BACKORDERED", "BACKORDERED")

    await call(api, shop, CANCEL, "orderCancel", orderId=holder["id"], reason="Customer withdrew")
    served = await fetch(api, shop, older["id"])
    assert served["status"] == "READY" and lines_by_sku(served) == {shop["products"][contested].sku: (1, 1, 0)}
    waiting = await fetch(api, shop, newer["id"])
    assert waiting["status"] == "BACKORDERED"
    assert lines_by_sku(waiting) == {shop["products"][contested].sku: (1, 0, 1), shop["products"][allocated_first].sku: (1, 1, 0)}
    await assert_ledger_agrees(shop, "alpha", "beta")


@pytest.mark.parametrize("shipped", ["PARTIALLY_SHIPPED", "SHIPPED", "DELIVERED"])
async def test_cancel_is_refused_once_shipped(api, shop, shipped):
    order = (await place(api, shop, [("soap", 1, "4.95")]))["order"]
    await force_status(order["id"], shipped)
    before = await quantities(shop, "soap")
    refused = await call(api, shop, CANCEL, "orderCancel", orderId=order["id"], reason="Too late")
    assert refused["order"] is None and refused["errors"][0]["code"] == "INVALID_STATE"
    assert "shipped" in refused["errors"][0]["message"]
    now = await fetch(api, shop, order["id"])
    assert (now["status"], now["version"], now["lines"][0]["reserved"]) == (shipped, order["version"], 1)
    assert await quantities(shop, "soap") == before


# ---------------------------------------------------------------- notes and tags


async def test_notes_and_tags(api, shop):
    order = (await place(api, shop, [("soap", 1, "4.95")]))["order"]
    empty = await call(api, shop, NOTE_ADD, "orderNoteAdd", orderId=order["id"], text="  ")
    assert empty["errors"][0]["code"] == "REQUIRED"
    noted = await call(api, shop, NOTE_ADD, "orderNoteAdd", orderId=order["id"], text="Customer prefers DHL", token="staff")
    assert noted["note"] == {"text": "Customer prefers DHL", "author": {"label": shop["tenant"].staff.email}}

    tagged = (await call(api, shop, TAGS_UPDATE, "orderTagsUpdate", orderId=order["id"], add=["VIP", " Gift  wrap", "vip"]))["order"]
    assert tagged["tags"] == ["vip", "gift wrap"]
    untagged = (await call(api, shop, TAGS_UPDATE, "orderTagsUpdate", orderId=order["id"], remove=["vip"]))["order"]
    assert untagged["tags"] == ["gift wrap"]
    for bad in ({"add": ["!!"]}, {"add": []}, {"add": ["x" * 41]}):
        refused = await call(api, shop, TAGS_UPDATE, "orderTagsUpdate", orderId=order["id"], **bad)
        assert refused["order"] is None and refused["errors"], bad

    now = await fetch(api, shop, order["id"])
    assert now["tags"] == ["gift wrap"] and [n["text"] for n in now["notes"]] == ["Customer prefers DHL"]
    assert [h["kind"] for h in now["history"]] == ["placed", "note_added", "tagged", "tagged"]
    assert now["history"][2]["changes"]["tags"] == {"before": [], "after": ["vip", "gift wrap"]}
    assert now["history"][3]["changes"]["tags"] == {"before": ["vip", "gift wrap"], "after": ["gift wrap"]}
    assert [h["version"] for h in now["history"]] == [1, 2, 3, 4]


# ---------------------------------------------------------------- repeat orders and phone drafts


async def test_duplicate_makes_an_unreserved_draft_copy(api, shop):
    order = (await place(api, shop, [("soap", 2, "4.95"), ("cream", 1, "12.00")], shippingPrice="4.90",
                         tags=["repeat-me"]))["order"]
    before = (await quantities(shop, "soap"), await quantities(shop, "cream"))
    copy = (await call(api, shop, DUPLICATE, "orderDuplicate", orderId=order["id"], token="staff"))["order"]
    assert copy["status"] == "DRAFT" and copy["source"] == "PHONE"
    assert copy["id"] != order["id"] and copy["number"] != order["number"]
    assert [(l["sku"], l["quantity"], l["reserved"], l["unitPrice"]) for l in copy["lines"]] == [
        (l["sku"], l["quantity"], 0, l["unitPrice"]) for l in order["lines"]]
    assert (copy["customer"], copy["shippingAddress"], copy["total"], copy["tags"]) == (
        order["customer"], order["shippingAddress"], order["total"], ["repeat-me"])
    assert (await quantities(shop, "soap"), await quantities(shop, "cream")) == before
    completed = (await call(api, shop, DRAFT_COMPLETE, "draftOrderComplete", orderId=copy["id"]))["order"]
    assert completed["status"] == "READY" and all(l["reserved"] == l["quantity"] for l in completed["lines"])


async def test_phone_draft_reserves_only_when_completed(api, shop):
    await add_products(shop, mug=4)
    created = await call(api, shop, DRAFT_CREATE, "draftOrderCreate", token="staff",
                         warehouseId=gid("Warehouse", shop["warehouse"].id), customer={"name": ""})
    draft = created["order"]
    assert created["errors"] == [] and draft["status"] == "DRAFT" and draft["lines"] == []
    # Nothing to complete yet: no lines, no customer.
    empty = await call(api, shop, DRAFT_COMPLETE, "draftOrderComplete", orderId=draft["id"])
    assert empty["errors"][0]["field"] == "lines"

    added = await call(api, shop, DRAFT_UPDATE, "draftOrderUpdate", orderId=draft["id"], expectedVersion=draft["version"],
                       changes={"lines": [line(shop, "mug", 3, "8.00")], "shippingAddress": ADDRESS})
    draft = added["order"]
    assert added["errors"] == [] and draft["status"] == "DRAFT"
    assert lines_by_sku(draft) == {shop["products"]["mug"].sku: (3, 0, 0)}
    assert (await quantities(shop, "mug")).reserved == 0

    stale = await call(api, shop, DRAFT_UPDATE, "draftOrderUpdate", orderId=draft["id"], expectedVersion=1,
                       changes={"customer": {"name": "Someone"}})
    assert stale["errors"][0]["code"] == "VERSION_CONFLICT"

    named = (await call(api, shop, DRAFT_UPDATE, "draftOrderUpdate", orderId=draft["id"], expectedVersion=draft["version"],
                        changes={"lines": [line(shop, "mug", 4, "8.00")], "customer": {"name": "Rita Rufer"}}))["order"]
    assert (await quantities(shop, "mug")).reserved == 0
    completed = await call(api, shop, DRAFT_COMPLETE, "draftOrderComplete", orderId=draft["id"], expectedVersion=named["version"])
    assert completed["errors"] == []
    assert completed["order"]["status"] == "READY" and lines_by_sku(completed["order"]) == {shop["products"]["mug"].sku: (4, 4, 0)}
    assert completed["order"]["total"]["amount"] == "32.00"
    assert (await quantities(shop, "mug")).reserved == 4

    again = await call(api, shop, DRAFT_COMPLETE, "draftOrderComplete", orderId=draft["id"])
    assert again["errors"][0]["code"] == "INVALID_STATE"
    not_draft = await call(api, shop, DRAFT_UPDATE, "draftOrderUpdate", orderId=draft["id"],
                           expectedVersion=completed["order"]["version"], changes={"customer": {"name": "X"}})
    assert not_draft["errors"][0]["code"] == "INVALID_STATE"
    history = (await fetch(api, shop, draft["id"]))["history"]
    assert [h["kind"] for h in history] == ["draft_created", "updated", "updated", "draft_completed"]
    assert history[-1]["changes"]["status"] == {"before": "DRAFT", "after": "READY"}
    await assert_ledger_agrees(shop, "mug")


async def test_a_draft_is_not_held_or_paid_before_it_is_placed(api, shop):
    draft = (await call(api, shop, DRAFT_CREATE, "draftOrderCreate", warehouseId=gid("Warehouse", shop["warehouse"].id),
                        lines=[line(shop, "soap", 1)], customer={"name": "Draft Person"}))["order"]
    held = await call(api, shop, HOLD, "orderHold", orderId=draft["id"], reason="x")
    assert held["errors"][0]["code"] == "INVALID_STATE"
    paid = await call(api, shop, MARK_PAID, "orderMarkAsPaid", orderIds=[draft["id"]])
    assert paid["failed"] == 1 and paid["results"][0]["errors"][0]["code"] == "INVALID_STATE"
    # A draft may be dropped: it never held stock.
    cancelled = (await call(api, shop, CANCEL, "orderCancel", orderId=draft["id"], reason="Customer hung up"))["order"]
    assert cancelled["status"] == "CANCELLED"


# ---------------------------------------------------------------- tenancy and permissions

OTHER_MERCHANT_ATTEMPTS = [
    (UPDATE, "orderUpdate", lambda o: {"expectedVersion": o["version"], "changes": {"customer": {"name": "Intruder"}}}),
    (DRAFT_UPDATE, "draftOrderUpdate", lambda o: {"expectedVersion": o["version"], "changes": {"customer": {"name": "Intruder"}}}),
    (DRAFT_COMPLETE, "draftOrderComplete", lambda o: {}),
    (HOLD, "orderHold", lambda o: {"reason": "mine now"}),
    (RELEASE, "orderReleaseHold", lambda o: {}),
    (CANCEL, "orderCancel", lambda o: {"reason": "mine now"}),
    (NOTE_ADD, "orderNoteAdd", lambda o: {"text": "hello"}),
    (TAGS_UPDATE, "orderTagsUpdate", lambda o: {"add": ["stolen"]}),
    (DUPLICATE, "orderDuplicate", lambda o: {}),
    (PAYMENT_UPDATE, "orderPaymentUpdate", lambda o: {"paymentStatus": "PAID"}),
]


@pytest.mark.parametrize("held", [False, True], ids=["ready", "on-hold"])
async def test_another_merchant_can_change_nothing(api, shop, held):
    order = (await place(api, shop, [("soap", 1, "4.95")]))["order"]
    if held:
        order = (await call(api, shop, HOLD, "orderHold", orderId=order["id"], reason="held"))["order"]
    before = await fetch(api, shop, order["id"])
    stock_before = await quantities(shop, "soap")
    for document, name, values in OTHER_MERCHANT_ATTEMPTS:
        result = await call(api, shop, document, name, token="other_admin", orderId=order["id"], **values(order))
        assert result["order"] is None, (name, result)
        assert [(e["field"], e["code"]) for e in result["errors"]] == [("orderId", "NOT_FOUND")], (name, result)
    paid = await call(api, shop, MARK_PAID, "orderMarkAsPaid", token="other_admin", orderIds=[order["id"]])
    assert paid["failed"] == 1 and paid["results"][0]["errors"][0]["code"] == "NOT_FOUND"
    for bulk, extra in (("orderBulkHold", {"reason": "x"}), ("orderBulkCancel", {"reason": "x"}),
                        ("orderBulkReleaseHold", {}), ("orderBulkTag", {"add": ["x"]})):
        document = f"mutation($i: {bulk[0].upper()}{bulk[1:]}Input!) {{ {bulk}(input: $i) {{ succeeded failed results {{ errors {{ code }} }} }} }}"
        outcome = await call(api, shop, document, bulk, token="other_admin", orderIds=[order["id"]], **extra)
        assert (outcome["succeeded"], outcome["results"][0]["errors"][0]["code"]) == (0, "NOT_FOUND"), bulk
    assert await fetch(api, shop, order["id"]) == before
    assert await quantities(shop, "soap") == stock_before


async def test_warehouse_and_read_only_keys_cannot_change_orders(api, shop):
    order = (await place(api, shop, [("soap", 1, "4.95")]))["order"]
    for token in ("warehouse_worker", "read_key"):
        for document, name, values in [*OTHER_MERCHANT_ATTEMPTS, (MARK_PAID, "orderMarkAsPaid", None)]:
            variables = {"orderIds": [order["id"]]} if values is None else {"orderId": order["id"], **values(order)}
            result = await api.gql(document, {"i": variables}, token=shop[token])
            assert result["data"] is None and result["errors"][0]["extensions"]["code"] == "FORBIDDEN", (token, name)
    # A key allowed to write orders may do what the merchant's systems need.
    edited = await update(api, shop, order, {"customer": {"name": "Via the ERP"}}, token="write_key")
    assert edited["errors"] == []
    now = await fetch(api, shop, order["id"])
    assert now["version"] == order["version"] + 1 and now["customer"]["name"] == "Via the ERP"
    assert last_change(now)["actor"]["label"].startswith("API key ")
