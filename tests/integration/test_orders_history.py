"""An order's history as kind and parameters: every kind of entry, reached through the real use cases, records the
parameters `HISTORY_KINDS` names (the dashboard words it from those in the reader's language) and the English
sentence made from them; entries recorded before parameters were kept get theirs from the data migration; and the
history stays the order's merchant's alone."""

from __future__ import annotations

import importlib
import json
from datetime import UTC, datetime, timedelta

import pytest

from backend.core.ids import from_global_id
from backend.orders.history import HISTORY_KINDS, HistoryEntry, history_entry, record_change
from backend.orders.payments import cancel_expired_unpaid_orders
from backend.orders.tables import Order, OrderChange
from tests.integration.orders_support import (
    ADDRESS,
    CANCEL,
    DRAFT_COMPLETE,
    DRAFT_CREATE,
    DRAFT_UPDATE,
    ERRORS,
    HOLD,
    MARK_PAID,
    NOTE_ADD,
    ORDER_FIELDS,
    PAYMENT_UPDATE,
    RELEASE,
    TAGS_UPDATE,
    UPDATE,
    add_products,
    order_shop,
    place,
)
from tests.support import gid

HISTORY = f"""query($id: ID!) {{ node(id: $id) {{ ... on Order {{ {ORDER_FIELDS}
  history {{ version kind params message changes actor {{ kind label }} }} }} }} }}"""
POLICY_UPDATE = f"mutation($i: PaymentPolicyUpdateInput!) {{ paymentPolicyUpdate(input: $i) {{ {ERRORS} }} }}"
DATA_MIGRATION = "backend.orders.piccolo_migrations.orders_2026_12_04t16_23_24_000000"


@pytest.fixture(scope="module")
async def shop(api):
    return await order_shop(api, {"soap": 1000, "cream": 100, "brush": 0})


async def call(api, shop, document: str, name: str, token: str = "admin", **values) -> dict:  # noqa: ANN001, ANN003
    result = await api.gql(document, {"i": values}, token=shop[token])
    assert "errors" not in result, result
    assert result["data"][name].get("errors", []) == [], result
    return result["data"][name]


async def history(api, shop, order_gid: str, token: str = "admin") -> list[dict]:  # noqa: ANN001
    result = await api.gql(HISTORY, {"id": order_gid}, token=shop[token])
    assert "errors" not in result, result
    return result["data"]["node"]["history"]


def line(shop, name: str, quantity: int, price: str = "5.00") -> dict:  # noqa: ANN001
    return {"productId": gid("Product", shop["products"][name].id), "quantity": quantity, "unitPrice": price}


def assert_well_formed(entry: dict) -> None:
    """The entry has exactly its kind's parameters, and its sentence is the one made from them."""
    spec = HISTORY_KINDS[entry["kind"]]
    params = entry["params"]
    assert set(spec.required) <= set(params) <= set(spec.required + spec.optional), entry
    assert entry["message"] == HistoryEntry(entry["kind"], params).message, entry


# ---------------------------------------------------------------- every kind, through the use cases


async def test_every_kind_records_its_parameters(api, shop):
    seen: dict[str, list[dict]] = {}

    def keep(entries: list[dict]) -> list[dict]:
        for entry in entries:
            assert_well_formed(entry)
            seen.setdefault(entry["kind"], []).append(entry)
        return entries

    # From the API: placed; then changed, tagged, noted, held and released, paid.
    order = (await place(api, shop, [("soap", 2, "4.90")], paymentMethod="BANK_TRANSFER"))["order"]
    number = order["number"]
    await call(api, shop, UPDATE, "orderUpdate", orderId=order["id"], expectedVersion=order["version"],
               changes={"customer": {"name": "Erika Musterfrau", "email": "erika@example.test"},
                        "customerNote": "Ring twice"})
    await call(api, shop, TAGS_UPDATE, "orderTagsUpdate", orderId=order["id"], add=["vip", "gift wrap"])
    await call(api, shop, NOTE_ADD, "orderNoteAdd", orderId=order["id"], text="Called the customer")
    await call(api, shop, HOLD, "orderHold", orderId=order["id"], reason="  Check   the address ")
    await call(api, shop, RELEASE, "orderReleaseHold", orderId=order["id"], note="checked, fine")
    await call(api, shop, MARK_PAID, "orderMarkAsPaid", orderIds=[order["id"]], transactionReference="SEPA 0042")
    entries = keep(await history(api, shop, order["id"]))
    assert [(e["kind"], e["params"]) for e in entries] == [
        ("placed", {"number": number, "source": "API"}),
        ("updated", {"fields": ["customer_name", "customer_note"]}),
        ("tagged", {"tags": ["vip", "gift wrap"]}),
        ("note_added", {"text": "Called the customer"}),
        ("held", {"reason": "Check the address"}),
        ("released", {"note": "checked, fine"}),
        ("paid", {"paymentStatus": "PAID", "reference": "SEPA 0042"}),
    ]
    assert [e["message"] for e in entries] == [
        f"Order {number} placed (api)", "Changed customer_name, customer_note", "Tags: vip, gift wrap",
        "Called the customer", "Held: Check the address", "Hold released: checked, fine", "Payment paid (SEPA 0042)",
    ]
    # A release without a note, tags all removed.
    await call(api, shop, HOLD, "orderHold", orderId=order["id"], reason="again")
    await call(api, shop, RELEASE, "orderReleaseHold", orderId=order["id"])
    await call(api, shop, TAGS_UPDATE, "orderTagsUpdate", orderId=order["id"], remove=["vip", "gift wrap"])
    entries = keep((await history(api, shop, order["id"]))[-2:])
    assert [(e["params"], e["message"]) for e in entries] == [
        ({"note": ""}, "Hold released"), ({"tags": []}, "Tags: none")]

    # The merchant's systems report payments: payment_updated with the status and the reference.
    card = (await place(api, shop, [("soap", 1, "4.90")], paymentMethod="CARD"))["order"]
    await call(api, shop, PAYMENT_UPDATE, "orderPaymentUpdate", orderId=card["id"], paymentStatus="AUTHORIZED",
               reference="psp_1")
    await call(api, shop, PAYMENT_UPDATE, "orderPaymentUpdate", orderId=card["id"], paymentStatus="FAILED")
    entries = keep((await history(api, shop, card["id"]))[1:])
    assert [(e["kind"], e["params"]) for e in entries] == [
        ("payment_updated", {"paymentStatus": "AUTHORIZED", "reference": "psp_1"}),
        ("payment_updated", {"paymentStatus": "FAILED", "reference": ""}),
    ]

    # A phone draft: started, changed, completed.
    draft = (await call(api, shop, DRAFT_CREATE, "draftOrderCreate", lines=[line(shop, "soap", 1)]))["order"]
    draft = (await call(api, shop, DRAFT_UPDATE, "draftOrderUpdate", orderId=draft["id"],
                        expectedVersion=draft["version"],
                        changes={"customer": {"name": "Max Muster"}, "shippingAddress": ADDRESS}))["order"]
    await call(api, shop, DRAFT_COMPLETE, "draftOrderComplete", orderId=draft["id"], expectedVersion=draft["version"])
    entries = keep(await history(api, shop, draft["id"]))
    assert [(e["kind"], e["params"]) for e in entries] == [
        ("draft_created", {"number": draft["number"]}),
        ("updated", {"fields": ["customer_name", "shipping_address"]}),
        ("draft_completed", {"number": draft["number"]}),
    ]
    assert entries[-1]["message"] == f"Draft {draft['number']} completed"

    # Cancelled by a person, which serves a backorder: allocated, by Packline.
    await add_products(shop, lamp=2)
    big = (await place(api, shop, [("lamp", 2, "30.00")]))["order"]
    waiting = (await place(api, shop, [("lamp", 1, "30.00"), ("soap", 1, "4.90")]))["order"]
    assert waiting["status"] == "BACKORDERED"
    await call(api, shop, CANCEL, "orderCancel", orderId=big["id"], reason="Customer withdrew")
    cancelled = keep(await history(api, shop, big["id"]))[-1]
    assert (cancelled["kind"], cancelled["params"]) == ("cancelled", {"reason": "Customer withdrew"})
    allocated = keep(await history(api, shop, waiting["id"]))[-1]
    assert (allocated["kind"], allocated["params"]) == ("allocated", {"units": {shop["products"]["lamp"].sku: 1}})
    assert allocated["message"] == f"Stock allocated: 1 × {shop['products']['lamp'].sku}"
    assert allocated["actor"] == {"kind": "SYSTEM", "label": "Packline"}

    await _on_the_floor(api, shop, keep)
    assert set(seen) == set(HISTORY_KINDS)


async def _on_the_floor(api, shop, keep) -> None:  # noqa: ANN001
    """The warehouse floor's kinds: picked, short-picked, packed, shipped, delivered, stopped, and click & collect."""
    from datetime import UTC, datetime

    from backend.picking import services as picking
    from backend.shipping import services as shipping
    from tests.integration.test_picking import picker

    await add_products(shop, vase=3)  # no more vases than the order wants: a short pick sends it back to backorder
    me, warehouse, soap, vase = await picker(), shop["warehouse"], shop["products"]["soap"], shop["products"]["vase"]
    local = lambda order: from_global_id(order["id"])[1]  # noqa: E731
    shipped = (await place(api, shop, [("vase", 3, "24.90")]))["order"]
    picklist = await picking.create_picklist(me, warehouse_id=warehouse.id, order_ids=[local(shipped)])
    await picking.scan(me, picklist.id, "B-01")
    await picking.scan(me, picklist.id, vase.sku, 2)
    line = (await picking.lines_of(me, [picklist.id]))[picklist.id][0]
    await picking.report_short(me, line.id, 1, picking.ShortReason.DAMAGED)  # found in no other bin: backorder
    parcel = await shipping.ship_available(me, local(shipped), tracking_number="00340434161094042557")
    await shipping.record_tracking_updates(me, parcel.id, [shipping.TrackingUpdate("e1", "DELIVERED", datetime.now(UTC))])
    entries = keep(await history(api, shop, shipped["id"]))
    number, parcel_number = picklist_number_of(picklist), f"P-{parcel.sequence}"
    assert [(e["kind"], e["params"]) for e in entries][1:] == [
        ("picking", {"picklist": number}),
        ("short_picked", {"sku": vase.sku, "units": 1, "why": "damaged at B-01"}),
        ("shipped", {"parcel": parcel_number, "carrier": "MANUAL", "trackingNumber": "00340434161094042557"}),
        ("delivered", {"parcel": parcel_number}),
    ]
    # Picked whole and packed; a picklist given up; click & collect.
    stopped = (await place(api, shop, [("soap", 1, "4.90")]))["order"]
    given_up = await picking.create_picklist(me, warehouse_id=warehouse.id, order_ids=[local(stopped)])
    await picking.start_picklist(me, given_up.id)
    await picking.cancel_picklist(me, given_up.id)
    collect = (await place(api, shop, [("soap", 1, "4.90")], shippingMethod="CLICK_AND_COLLECT"))["order"]
    counter = await picking.create_picklist(me, warehouse_id=warehouse.id, order_ids=[local(collect)])
    await picking.scan(me, counter.id, "B-01")
    await picking.scan(me, counter.id, soap.sku)
    await shipping.pack(me, local(collect))
    await shipping.ready_for_pickup(me, local(collect))
    await shipping.picked_up(me, local(collect), "Erika Mustermann")
    assert [e["kind"] for e in keep(await history(api, shop, stopped["id"]))][-2:] == ["picking", "picking_stopped"]
    assert [(e["kind"], e["params"]) for e in keep(await history(api, shop, collect["id"]))][1:] == [
        ("picking", {"picklist": picklist_number_of(counter)}), ("picked", {"picklist": picklist_number_of(counter)}),
        ("packed", {"parcel": f"P-{(await shipping.parcels_of(me, [local(collect)]))[local(collect)][0].sequence}"}),
        ("ready_for_pickup", {}), ("collected", {"collectedBy": "Erika Mustermann"})]


def picklist_number_of(picklist) -> str:  # noqa: ANN001
    return f"PL-{picklist.sequence}"


async def test_an_order_cancelled_for_not_being_paid_says_how_many_days(api):
    shop = await order_shop(api, {"soap": 10})
    assert (await api.gql(POLICY_UPDATE, {"i": {"unpaidCancelAfterDays": 4}}, token=shop["admin"]))["data"][
        "paymentPolicyUpdate"]["errors"] == []
    order = (await place(api, shop, [("soap", 1, "4.90")], paymentMethod="BANK_TRANSFER"))["order"]
    placed_at = datetime.now(UTC) - timedelta(days=6)
    await Order.update({Order.placed_at: placed_at, Order.created_at: placed_at}).where(
        Order.id == from_global_id(order["id"])[1])
    assert await cancel_expired_unpaid_orders(datetime.now(UTC)) >= 1
    entry = (await history(api, shop, order["id"]))[-1]
    assert_well_formed(entry)
    assert (entry["kind"], entry["params"]) == ("cancelled", {"reason": "Not paid within 4 days", "unpaidDays": 4})
    assert entry["actor"]["kind"] == "SYSTEM"


def test_a_kind_takes_exactly_its_parameters():
    assert history_entry("held", reason="Fraud check").message == "Held: Fraud check"
    back = history_entry("payment_updated", paymentStatus=None, reference="", status="AWAITING_PAYMENT")
    assert back.message == "Back to awaiting payment"
    with pytest.raises(ValueError, match="Unknown history kind 'returned'"):
        history_entry("returned", carrier="DHL")
    with pytest.raises(ValueError, match=r"'held' takes reason; missing \['reason'\]"):
        history_entry("held")
    with pytest.raises(ValueError, match=r"unknown \['why'\]"):
        history_entry("held", reason="x", why="y")
    with pytest.raises(ValueError, match=r"optional: unpaidDays"):
        history_entry("cancelled")


async def test_recording_a_sentence_instead_of_an_entry_is_refused():
    """The call as it was before entries kept parameters fails loudly instead of storing a sentence as a kind."""
    with pytest.raises(TypeError):
        await record_change(None, None, "held", "Held: x", {})  # type: ignore[arg-type, call-arg]
    with pytest.raises(TypeError, match="history_entry"):
        await record_change(None, None, "held", {"hold_reason": "x"})  # type: ignore[arg-type]


# ---------------------------------------------------------------- tenancy


async def test_another_merchant_sees_no_history_and_no_parameters(api, shop):
    order = (await place(api, shop, [("soap", 1, "4.90")]))["order"]
    await call(api, shop, HOLD, "orderHold", orderId=order["id"], reason="Secret reason")
    refused = await api.gql(HISTORY, {"id": order["id"]}, token=shop["other_admin"])
    assert refused["data"] == {"node": None} and "errors" not in refused
    # The fulfillment center's support reads it as before.
    operator = await history(api, shop, order["id"], token="operator")
    assert [e["params"] for e in operator] == [{"number": order["number"], "source": "API"},
                                               {"reason": "Secret reason"}]


# ---------------------------------------------------------------- entries recorded before parameters were kept


async def _old_entry(order_id, version: int, kind: str, message: str, changes: dict) -> int:  # noqa: ANN001
    rows = await OrderChange.raw(
        "INSERT INTO sales_order_change (sales_order, version, kind, message, changes, actor) "
        "VALUES ({}, {}, {}, {}, {}::jsonb, '{{}}'::jsonb) RETURNING id",
        order_id, version, kind, message, json.dumps(changes))
    return rows[0]["id"]


async def test_the_data_migration_reads_old_sentences_back_into_parameters(api, shop):
    order = (await place(api, shop, [("soap", 1, "4.90")], paymentMethod="BANK_TRANSFER"))["order"]
    order_id = from_global_id(order["id"])[1]
    number = order["number"]
    await OrderChange.delete().where(OrderChange.sales_order == order_id)
    old = [
        ("placed", f"Order {number} placed (api)", {"status": {"before": None, "after": "READY"}, "lines": []}),
        ("draft_created", f"Draft {number} started", {"lines": []}),
        ("draft_completed", f"Draft {number} completed", {"status": {"before": "DRAFT", "after": "READY"}}),
        ("updated", "Changed total, customer_name", {"customer_name": {"before": "", "after": "E"},
                                                     "total": {"before": "1.00", "after": "2.00"}}),
        ("held", "Held: Fraud check", {"hold_reason": {"before": "", "after": "Fraud check"}}),
        ("released", "Hold released: checked, fine", {"hold_reason": {"before": "Fraud check", "after": ""}}),
        ("released", "Hold released", {"hold_reason": {"before": "x", "after": ""}}),
        ("cancelled", "Cancelled: Customer withdrew", {"cancel_reason": "Customer withdrew"}),
        ("cancelled", "Cancelled: Not paid within 14 days", {"cancel_reason": "Not paid within 14 days"}),
        ("paid", "Payment paid (SEPA (42))", {"payment_status": {"before": "PENDING", "after": "PAID"}}),
        ("payment_updated", "Payment partially_refunded",
         {"payment_status": {"before": "PAID", "after": "PARTIALLY_REFUNDED"}}),
        ("payment_updated", "Back to awaiting payment", {"status": {"before": "READY", "after": "AWAITING_PAYMENT"}}),
        ("allocated", "Stock allocated: 2 × NL-SOAP", {"allocated": {"NL-SOAP": 2}}),
        ("note_added", "Call before delivery", {"note": "Call before delivery"}),
        ("tagged", "Tags: vip, phone", {"tags": {"before": [], "after": ["vip", "phone"]}}),
        # Sentences that say nothing readable keep no parameters, and the dashboard shows them as they are.
        ("held", "Something else entirely", {}),
        ("archived", "A kind that never existed", {}),
    ]
    ids = [await _old_entry(order_id, version, *entry) for version, entry in enumerate(old, start=1)]

    migration = importlib.import_module(DATA_MIGRATION)
    manager = await migration.forwards()
    for _ in range(2):  # running it again changes nothing
        await manager.run()
        rows = {r["id"]: r for r in await OrderChange.select(OrderChange.id, OrderChange.kind, OrderChange.params,
                                                              OrderChange.message).where(OrderChange.id.is_in(ids))}
        params = [json.loads(rows[i]["params"]) if isinstance(rows[i]["params"], str) else rows[i]["params"]
                  for i in ids]
        assert params == [
            {"number": number, "source": "API"},
            {"number": number},
            {"number": number},
            {"fields": ["total", "customer_name"]},
            {"reason": "Fraud check"},
            {"note": "checked, fine"},
            {"note": ""},
            {"reason": "Customer withdrew"},
            {"reason": "Not paid within 14 days", "unpaidDays": 14},
            {"paymentStatus": "PAID", "reference": "SEPA (42)"},
            {"paymentStatus": "PARTIALLY_REFUNDED", "reference": ""},
            {"paymentStatus": None, "reference": "", "status": "AWAITING_PAYMENT"},
            {"units": {"NL-SOAP": 2}},
            {"text": "Call before delivery"},
            {"tags": ["vip", "phone"]},
            {},
            {},
        ]
        # What was read back says the same as the stored sentence.
        for i, entry_params in zip(ids, params, strict=True):
            if entry_params:
                assert HistoryEntry(rows[i]["kind"], entry_params).message == rows[i]["message"]
    # The history is still guarded against changes.
    with pytest.raises(Exception, match="order history is immutable"):
        await OrderChange.update({OrderChange.params: {"reason": "rewritten"}}).where(OrderChange.id == ids[4])
    # The API serves them; an entry without parameters still has its sentence.
    served = await history(api, shop, order["id"])
    assert served[-1]["params"] == {} and served[-1]["message"] == "A kind that never existed"
    assert served[0]["params"] == {"number": number, "source": "API"}
