"""The warehouse board: its figures after each step on the floor, the live board after a shipment, the carriers'
cut-off times (the warehouse's time zone, tomorrow's once today's has passed), and nobody but the floor's people
reading it — over HTTP and over the websocket."""

from __future__ import annotations

import time as clock
from datetime import UTC, datetime, time

import pytest
from websockets.exceptions import ConnectionClosedError

from backend.catalog.services import create_locations, create_warehouse
from backend.core.authorization import SYSTEM
from backend.core.errors import DomainError
from backend.picking import services as picking
from backend.picking.services import ShortReason
from backend.shipping import services as shipping
from backend.shipping.board import minutes_until, next_cutoff
from tests.integration.test_picking import picker
from tests.integration.test_shipping import place
from tests.support import (
    CALLER_ROLES,
    Subscription,
    gid,
    make_product,
    make_tenant,
    put_stock,
    tokens_of_every_role,
    unique,
)

FLOOR = {"OPERATOR_ADMIN", "OPERATOR_STAFF", "WAREHOUSE"}
BOARD_FIELDS = ("ready picking unitsToPick packed awaitingPickup backordered shippedToday parcelsShippedToday "
                "shortUnitsToday "
                "cutoffs { carrier cutoffLocalTime nextCutoffAt minutesLeft ready picking packed ordersLeft }")
BOARD = f"query($w: ID!) {{ warehouseBoard(warehouseId: $w) {{ {BOARD_FIELDS} }} }}"
BOARD_LIVE = f"subscription($w: ID!) {{ warehouseBoard(warehouseId: $w) {{ {BOARD_FIELDS} }} }}"
CUTOFF_SET = """mutation($i: CarrierCutoffSetInput!) { carrierCutoffSet(input: $i) {
  carrierCutoff { carrier cutoffLocalTime shippingMethods } errors { field code message } } }"""


async def new_warehouse(zone: str = "Europe/Berlin"):  # noqa: ANN201
    warehouse = await create_warehouse(SYSTEM, code=unique("W")[:10].upper(), name="Board warehouse", timezone=zone)
    await create_locations(SYSTEM, warehouse.id, ["B-01", "B-02"])
    return warehouse


def figures(board: shipping.BoardSnapshot) -> dict[str, int]:
    return {"ready": board.ready, "picking": board.picking, "to_pick": board.units_to_pick, "packed": board.packed,
            "shipped": board.shipped_today,
            "short": board.short_units_today, "backordered": board.backordered}


@pytest.fixture
async def floor():
    tenant = await make_tenant()
    warehouse = await new_warehouse()
    soap = await make_product(tenant.merchant, name="Soap", weight_grams=120)
    await put_stock(soap, warehouse, 6, "B-01")
    return {"tenant": tenant, "warehouse": warehouse, "soap": soap, "me": await picker()}


# ---------------------------------------------------------------- figures


async def test_the_board_follows_an_order_across_the_floor(floor):
    tenant, warehouse, soap, me = (floor[k] for k in ("tenant", "warehouse", "soap", "me"))
    await shipping.set_carrier_cutoff(SYSTEM, warehouse_id=warehouse.id, carrier="manual", cutoff_local_time="23:59")
    board = await shipping.warehouse_board(me, warehouse.id)
    assert figures(board) == {"ready": 0, "picking": 0, "to_pick": 0, "packed": 0, "shipped": 0, "short": 0,
                              "backordered": 0}

    first = await place(tenant, warehouse, (soap, 2))
    second = await place(tenant, warehouse, (soap, 3))
    collect = await place(tenant, warehouse, (soap, 1), shipping_method="CLICK_AND_COLLECT")
    assert figures(await shipping.warehouse_board(me, warehouse.id))["ready"] == 3

    picklist = await picking.create_picklist(me, warehouse_id=warehouse.id, order_ids=[first.id, second.id])
    board = await shipping.warehouse_board(me, warehouse.id)
    assert (board.ready, board.picking, board.units_to_pick) == (3, 0, 5)  # on a picklist, not started yet

    await picking.start_picklist(me, picklist.id)
    board = await shipping.warehouse_board(me, warehouse.id)
    assert (board.ready, board.picking) == (1, 2)
    assert [(c.carrier, c.ready, c.picking, c.packed, c.orders_left) for c in board.cutoffs] == [("MANUAL", 0, 2, 0, 2)]

    await picking.scan(me, picklist.id, "B-01")
    await picking.scan(me, picklist.id, soap.sku, 2)  # the first order's units
    line = (await picking.lines_of(me, [picklist.id]))[picklist.id][0]
    await picking.report_short(me, line.id, 3, ShortReason.DAMAGED)  # the second order's: the bin has none left
    board = await shipping.warehouse_board(me, warehouse.id)
    assert figures(board) == {"ready": 1, "picking": 1, "to_pick": 0, "packed": 0, "shipped": 0, "short": 3,
                              "backordered": 1}

    parcel = await shipping.pack(me, first.id)
    board = await shipping.warehouse_board(me, warehouse.id)
    assert (board.picking, board.packed, board.cutoffs[0].packed) == (0, 1, 1)

    await shipping.ship(me, parcel.id, tracking_number="00340434161094042557")
    board = await shipping.warehouse_board(me, warehouse.id)
    assert figures(board) == {"ready": 1, "picking": 0, "to_pick": 0, "packed": 0, "shipped": 1, "short": 3,
                              "backordered": 1}
    assert (board.parcels_shipped_today, board.cutoffs[0].orders_left) == (1, 0)

    # Click & collect waits at the counter, not for a carrier, and is no carrier's to make.
    other = await picking.create_picklist(me, warehouse_id=warehouse.id, order_ids=[collect.id])
    await picking.scan(me, other.id, "B-01")
    await picking.scan(me, other.id, soap.sku, 1)
    await shipping.pack(me, collect.id)
    board = await shipping.warehouse_board(me, warehouse.id)
    assert (board.ready, board.packed, board.awaiting_pickup, board.cutoffs[0].orders_left) == (0, 0, 1, 0)


async def test_a_board_counts_its_own_warehouse_only(floor):
    tenant, warehouse, soap, me = (floor[k] for k in ("tenant", "warehouse", "soap", "me"))
    elsewhere = await new_warehouse()
    await put_stock(soap, elsewhere, 5, "B-02")
    await place(tenant, elsewhere, (soap, 1))
    assert (await shipping.warehouse_board(me, warehouse.id)).ready == 0
    assert (await shipping.warehouse_board(me, elsewhere.id)).ready == 1


# ---------------------------------------------------------------- cut-off times


def test_a_cutoff_is_read_in_the_warehouses_time_zone():
    winter = datetime(2026, 12, 4, 14, 0, tzinfo=UTC)  # 15:00 in Leipzig, 09:00 in New York
    assert next_cutoff(winter, time(16, 30), "Europe/Berlin") == datetime(2026, 12, 4, 15, 30, tzinfo=UTC)
    assert next_cutoff(winter, time(16, 30), "America/New_York") == datetime(2026, 12, 4, 21, 30, tzinfo=UTC)
    assert minutes_until(winter, next_cutoff(winter, time(16, 30), "Europe/Berlin")) == 90


def test_after_the_cutoff_the_next_one_is_tomorrows():
    evening = datetime(2026, 12, 4, 16, 0, 30, tzinfo=UTC)  # 17:00:30 in Leipzig
    assert next_cutoff(evening, time(17, 0), "Europe/Berlin") == datetime(2026, 12, 5, 16, 0, tzinfo=UTC)
    # Exactly at the cut-off the truck is gone.
    at = datetime(2026, 12, 4, 16, 0, tzinfo=UTC)
    assert next_cutoff(at, time(17, 0), "Europe/Berlin") == datetime(2026, 12, 5, 16, 0, tzinfo=UTC)
    # Past midnight UTC but still the evening before in New York: today's cut-off there is still to come.
    late = datetime(2026, 12, 5, 1, 0, tzinfo=UTC)  # 20:00 on 4 December in New York
    assert next_cutoff(late, time(21, 0), "America/New_York") == datetime(2026, 12, 5, 2, 0, tzinfo=UTC)
    # The night the clocks go forward, tomorrow's cut-off is 23 hours away, still at 16:00 on the wall.
    spring = datetime(2027, 3, 27, 16, 0, tzinfo=UTC)  # 17:00 CET, after the 16:00 cut-off
    assert next_cutoff(spring, time(16, 0), "Europe/Berlin") == datetime(2027, 3, 28, 14, 0, tzinfo=UTC)


async def test_the_board_counts_down_to_the_cutoffs_in_the_warehouses_zone(floor):
    tenant, soap, me = floor["tenant"], floor["soap"], floor["me"]
    warehouse = await new_warehouse("America/New_York")
    await put_stock(soap, warehouse, 5, "B-01")
    await shipping.set_carrier_cutoff(SYSTEM, warehouse_id=warehouse.id, carrier="DHL", cutoff_local_time="16:30",
                                      shipping_methods=["STANDARD"])
    await shipping.set_carrier_cutoff(SYSTEM, warehouse_id=warehouse.id, carrier="UPS", cutoff_local_time="14:00",
                                      shipping_methods=["EXPRESS", "NEXT_DAY"])
    await place(tenant, warehouse, (soap, 1))
    await place(tenant, warehouse, (soap, 1), shipping_method="EXPRESS")
    await place(tenant, warehouse, (soap, 1), shipping_method="STANDARD")
    now = datetime(2026, 12, 4, 20, 0, tzinfo=UTC)  # 15:00 in New York: UPS has gone, DHL comes in 90 minutes
    board = await _board_at(warehouse.id, now)
    assert board.timezone == "America/New_York"
    assert board.day_starts_at == datetime(2026, 12, 4, 5, 0, tzinfo=UTC)
    assert [(c.carrier, c.next_cutoff_at, c.minutes_left, c.ready) for c in board.cutoffs] == [
        ("UPS", datetime(2026, 12, 5, 19, 0, tzinfo=UTC), 23 * 60, 1),
        ("DHL", datetime(2026, 12, 4, 21, 30, tzinfo=UTC), 90, 2),
    ]
    # Set again, the time is replaced, not added.
    await shipping.set_carrier_cutoff(SYSTEM, warehouse_id=warehouse.id, carrier="dhl", cutoff_local_time="17:00")
    board = await _board_at(warehouse.id, now)
    assert [(c.carrier, c.minutes_left, c.ready) for c in board.cutoffs] == [("UPS", 23 * 60, 1), ("DHL", 120, 3)]


async def _board_at(warehouse_id, now):  # noqa: ANN001, ANN202
    from backend.shipping.board import compute_board

    return await compute_board(warehouse_id, now)


async def test_bad_cutoffs_are_refused_and_change_nothing(floor):
    warehouse = floor["warehouse"]
    for bad in ({"carrier": "", "cutoff_local_time": "16:00"}, {"carrier": "D H L", "cutoff_local_time": "16:00"},
                {"carrier": "DHL", "cutoff_local_time": "25:00"}, {"carrier": "DHL", "cutoff_local_time": "4pm"},
                {"carrier": "DHL", "cutoff_local_time": "16:00", "shipping_methods": []},
                {"carrier": "DHL", "cutoff_local_time": "16:00", "shipping_methods": ["CLICK_AND_COLLECT"]}):
        with pytest.raises(DomainError):
            await shipping.set_carrier_cutoff(SYSTEM, warehouse_id=warehouse.id, **bad)
    with pytest.raises(DomainError):
        await shipping.set_carrier_cutoff(floor["me"], warehouse_id=warehouse.id, carrier="DHL", cutoff_local_time="16:00")
    assert await shipping.carrier_cutoffs(warehouse.id) == []
    with pytest.raises(DomainError):
        await create_warehouse(SYSTEM, code=unique("W")[:10].upper(), name="Nowhere", timezone="Mars/Olympus")


# ---------------------------------------------------------------- over the API


@pytest.fixture(scope="module")
async def world(api):
    home = await make_tenant()
    warehouse = await new_warehouse()
    cream = await make_product(home.merchant, name="Cream", weight_grams=80)
    await put_stock(cream, warehouse, 100, "B-01")
    return {"home": home, "warehouse": warehouse, "cream": cream, "tokens": await tokens_of_every_role(api, home)}


@pytest.mark.parametrize("role", CALLER_ROLES)
async def test_only_the_floor_reads_the_board(api, world, role):
    token, w = world["tokens"][role], gid("Warehouse", world["warehouse"].id)
    result = await api.gql(BOARD, {"w": w}, token=token)
    if role in FLOOR:
        assert "errors" not in result and result["data"]["warehouseBoard"]["cutoffs"] == [], result
    else:
        expected = "UNAUTHENTICATED" if role == "ANONYMOUS" else "FORBIDDEN"
        assert result["data"] is None and result["errors"][0]["extensions"]["code"] == expected, (role, result)
    if role == "ANONYMOUS":  # a socket without a sign-in is closed before it subscribes to anything
        with pytest.raises(ConnectionClosedError) as closed:
            async with Subscription(api, token, BOARD_LIVE, {"w": w}) as live:
                await live.next_message(5)
        assert closed.value.rcvd.code == 4403
        return
    async with Subscription(api, token, BOARD_LIVE, {"w": w}) as live:
        message = await live.next_message(5)
        if role in FLOOR:
            assert message["type"] == "next" and "errors" not in message["payload"], message
        else:
            assert message["type"] in ("error", "next"), message
            errors = message["payload"] if message["type"] == "error" else message["payload"]["errors"]
            assert errors[0]["extensions"]["code"] in ("FORBIDDEN", "UNAUTHENTICATED"), (role, message)
            await live.expect_silence(0.5)


async def test_an_unknown_warehouse_is_not_found(api, world):
    token = world["tokens"]["WAREHOUSE"]
    result = await api.gql(BOARD, {"w": gid("Warehouse", "00000000-0000-4000-8000-000000000000")}, token=token)
    assert result["errors"][0]["extensions"]["code"] == "NOT_FOUND", result
    result = await api.gql(BOARD, {"w": gid("Order", "00000000-0000-4000-8000-000000000000")}, token=token)
    assert result["data"] is None and result["errors"], result


@pytest.mark.parametrize("role", CALLER_ROLES)
async def test_only_operator_admins_set_cutoffs(api, world, role):
    variables = {"i": {"warehouseId": gid("Warehouse", world["warehouse"].id), "carrier": unique("C")[:12].upper(),
                       "cutoffLocalTime": "18:15"}}
    result = await api.gql(CUTOFF_SET, variables, token=world["tokens"][role])
    if role == "OPERATOR_ADMIN":
        assert result["data"]["carrierCutoffSet"]["errors"] == [], result
        assert result["data"]["carrierCutoffSet"]["carrierCutoff"]["shippingMethods"] == ["STANDARD", "EXPRESS",
                                                                                          "NEXT_DAY"]
    else:
        expected = "UNAUTHENTICATED" if role == "ANONYMOUS" else "FORBIDDEN"
        assert result["data"] is None and result["errors"][0]["extensions"]["code"] == expected, (role, result)


async def test_a_bad_cutoff_is_a_user_error(api, world):
    admin = world["tokens"]["OPERATOR_ADMIN"]
    result = await api.gql(CUTOFF_SET, {"i": {"warehouseId": gid("Warehouse", world["warehouse"].id), "carrier": "DHL",
                                              "cutoffLocalTime": "24:00"}}, token=admin)
    assert result["data"]["carrierCutoffSet"] == {"carrierCutoff": None, "errors": [
        {"field": "cutoffLocalTime", "code": "INVALID", "message": "A time of day like 16:30"}]}, result


# The subscription promises a new board within a second of a change (it coalesces changes for 0.3 s); the bound,
# counted from the mutation's answer, leaves room for a loaded test machine.
PUSH_WITHIN = 1.5


async def test_the_live_board_shows_a_shipment_within_a_second(api_servers, world):
    api, other_api = api_servers
    token, w = world["tokens"]["WAREHOUSE"], gid("Warehouse", world["warehouse"].id)
    order = await place(world["home"], world["warehouse"], (world["cream"], 2))
    me = await picker()
    picklist = await picking.create_picklist(me, warehouse_id=world["warehouse"].id, order_ids=[order.id])
    await picking.scan(me, picklist.id, "B-01")
    await picking.scan(me, picklist.id, world["cream"].sku, 2)
    parcel = await shipping.pack(me, order.id)
    async with Subscription(other_api, token, BOARD_LIVE, {"w": w}) as live:
        first = (await live.next_message(5))["payload"]["data"]["warehouseBoard"]
        shipped = await api.gql("""mutation($i: ShipmentCreateInput!) { shipmentCreate(input: $i) {
            errors { message } } }""", {"i": {"parcelId": gid("Parcel", parcel.id),
                                             "trackingNumber": "00340434161094042599"}}, token=token)
        assert shipped["data"]["shipmentCreate"]["errors"] == []
        started = clock.monotonic()
        message = await live.next_message(PUSH_WITHIN)
        assert clock.monotonic() - started < PUSH_WITHIN
        after = message["payload"]["data"]["warehouseBoard"]
        assert after["shippedToday"] == first["shippedToday"] + 1
        assert after["packed"] == first["packed"] - 1


async def test_a_burst_of_scans_is_shown_together(api, world):
    """Ten scans in quick succession: the board is pushed a few times at most, and ends right."""
    token, w = world["tokens"]["WAREHOUSE"], gid("Warehouse", world["warehouse"].id)
    order = await place(world["home"], world["warehouse"], (world["cream"], 10))
    me = await picker()
    picklist = await picking.create_picklist(me, warehouse_id=world["warehouse"].id, order_ids=[order.id])
    await picking.start_picklist(me, picklist.id)
    async with Subscription(api, token, BOARD_LIVE, {"w": w}) as live:
        await live.next_message(5)
        await picking.scan(me, picklist.id, "B-01")
        for _ in range(10):
            await picking.scan(me, picklist.id, world["cream"].sku, 1)
        pushed = []
        deadline = clock.monotonic() + 2.0
        while (left := deadline - clock.monotonic()) > 0:
            try:
                pushed.append((await live.next_message(left))["payload"]["data"]["warehouseBoard"])
            except TimeoutError:
                break
        assert 1 <= len(pushed) <= 4, [p["unitsToPick"] for p in pushed]
        assert pushed[-1]["unitsToPick"] == 0  # the picklist is complete; the order waits for packing
        assert pushed[-1]["picking"] == 1


WAREHOUSE_UPDATE = """mutation($i: WarehouseUpdateInput!) { warehouseUpdate(input: $i) {
  warehouse { name timezone } errors { field code message } } }"""


async def test_a_warehouse_moved_to_another_zone_counts_its_cutoffs_there(api):
    warehouse = await new_warehouse("Europe/Berlin")
    await shipping.set_carrier_cutoff(SYSTEM, warehouse_id=warehouse.id, carrier="DHL", cutoff_local_time="16:00")
    now = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)  # 13:00 in Berlin, 07:00 in New York
    assert [c.minutes_left for c in (await _board_at(warehouse.id, now)).cutoffs] == [180]
    admin = (await tokens_of_every_role(api, await make_tenant()))["OPERATOR_ADMIN"]
    w = gid("Warehouse", warehouse.id)

    moved = await api.gql(WAREHOUSE_UPDATE, {"i": {"warehouseId": w, "timezone": " America/New_York "}}, token=admin)
    assert moved["data"]["warehouseUpdate"] == {
        "warehouse": {"name": "Board warehouse", "timezone": "America/New_York"}, "errors": []}
    board = await _board_at(warehouse.id, now)
    assert (board.timezone, [c.minutes_left for c in board.cutoffs]) == ("America/New_York", [9 * 60])

    # Bad input is refused field by field and changes nothing; the code is not for changing.
    for bad, field in (({"timezone": "Mars/Olympus"}, "timezone"), ({"name": "  "}, "name"),
                       ({"name": "x" * 201}, "name")):
        refused = await api.gql(WAREHOUSE_UPDATE, {"i": {"warehouseId": w, **bad}}, token=admin)
        assert [e["field"] for e in refused["data"]["warehouseUpdate"]["errors"]] == [field], (bad, refused)
    unknown = await api.gql(WAREHOUSE_UPDATE, {"i": {"warehouseId": gid("Warehouse", "00000000-0000-4000-8000-000000000000"),
                                                     "name": "Ghost"}}, token=admin)
    assert unknown["data"]["warehouseUpdate"]["errors"][0]["code"] == "NOT_FOUND"
    renamed = await api.gql(WAREHOUSE_UPDATE, {"i": {"warehouseId": w, "name": "Leipzig Nord"}}, token=admin)
    assert renamed["data"]["warehouseUpdate"]["warehouse"] == {"name": "Leipzig Nord", "timezone": "America/New_York"}
