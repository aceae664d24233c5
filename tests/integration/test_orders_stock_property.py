"""Property: whatever support staff and the warehouse do to orders and stock, in any order, reservations and
the stock ledger agree, nothing is oversold, statuses tell the truth about stock, and arriving stock goes to the
oldest backorder first.

The domain services are called in-process (as the API would call them) with a merchant admin; restocking is the
warehouse's stock adjustment, which hands freed units to backorders after its commit (`tests/conftest.py`
registers that listener as the app does)."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from backend.core.authorization import SYSTEM, Actor, ActorKind, Role, permissions_for_role
from backend.core.errors import DomainError
from backend.orders import editing, intake, payments
from backend.orders.editing import OrderChanges
from backend.orders.model import Customer, LineRequest, OrderRequest
from backend.orders.tables import Order, OrderLine
from backend.stock.services import MovementReason, adjust_stock, current_quantities, ledger_totals
from tests.integration.orders_support import ADDRESS
from tests.support import make_product, make_tenant, make_warehouse, put_stock

# Few products with little stock, so orders compete for the same units and backorders queue up.
PRODUCTS = 2


@pytest.fixture(scope="module")
async def merchant_world():
    tenant = await make_tenant()
    admin = tenant.admin
    actor = Actor(kind=ActorKind.USER, id=admin.id, label=admin.email, role=Role.MERCHANT_ADMIN,
                  merchant_id=tenant.merchant.id, permissions=permissions_for_role(Role.MERCHANT_ADMIN))
    return {"tenant": tenant, "actor": actor, "warehouse": await make_warehouse(bins=1)}


order_lines = st.lists(st.tuples(st.integers(0, PRODUCTS - 1), st.integers(1, 5)), min_size=1, max_size=3)
# Orders are picked by position among those created so far (modulo their number).
pick = st.integers(0, 7)
create = st.tuples(st.just("create"), order_lines, st.sampled_from(["INVOICE", "BANK_TRANSFER"]))
restock = st.tuples(st.just("restock"), st.integers(0, PRODUCTS - 1), st.integers(1, 6))
operation = st.one_of(
    create, create, restock,
    st.tuples(st.just("edit"), pick, order_lines),
    st.tuples(st.just("cancel"), pick),
    st.tuples(st.just("hold"), pick),
    st.tuples(st.just("release"), pick),
    st.tuples(st.just("pay"), pick),
)


@settings(max_examples=25, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(initial_stock=st.lists(st.integers(0, 4), min_size=PRODUCTS, max_size=PRODUCTS),
       opening=st.lists(create, min_size=1, max_size=4), operations=st.lists(operation, min_size=1, max_size=14))
def test_any_sequence_of_order_and_stock_operations_keeps_the_books_straight(merchant_world, initial_stock, opening,
                                                                             operations):
    # A few orders first, so that the operations on orders find some.
    asyncio.get_event_loop().run_until_complete(Scenario(merchant_world).run(initial_stock, opening + operations))


# Backorders queueing for one scarce product: many small orders, small deliveries and some cancellations.
queue_operation = st.one_of(
    st.tuples(st.just("create"), st.lists(st.tuples(st.just(0), st.integers(1, 4)), min_size=1, max_size=1),
              st.just("INVOICE")),
    st.tuples(st.just("restock"), st.just(0), st.integers(1, 3)),
    st.tuples(st.just("cancel"), pick),
)


@settings(max_examples=25, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(initial_stock=st.lists(st.integers(0, 2), min_size=1, max_size=1),
       operations=st.lists(queue_operation, min_size=3, max_size=16))
@example(initial_stock=[0], operations=[("create", [(0, 3)], "INVOICE"), ("create", [(0, 3)], "INVOICE"),
                                        ("restock", 0, 2), ("restock", 0, 2), ("cancel", 0)])
def test_backorders_are_served_oldest_first(merchant_world, initial_stock, operations):
    asyncio.get_event_loop().run_until_complete(Scenario(merchant_world).run(initial_stock, operations))


@dataclass
class Scenario:
    world: dict[str, Any]
    products: list[Any] = field(default_factory=list)
    orders: list[UUID] = field(default_factory=list)

    @property
    def actor(self) -> Actor:
        return self.world["actor"]

    @property
    def warehouse_id(self) -> UUID:
        return self.world["warehouse"].id

    async def run(self, initial_stock: list[int], operations: list[tuple]) -> None:
        # Fresh products per example: no other order or test touches their stock.
        for units in initial_stock:
            product = await make_product(self.world["tenant"].merchant)
            if units:
                await put_stock(product, self.world["warehouse"], units)
            self.products.append(product)
        for step in operations:
            before = await self.state()
            try:
                await self.apply(step)
            except DomainError:
                # A refused operation (editing a cancelled order, releasing one not held …) changes nothing.
                assert await self.state() == before, step
            after = await self.state()
            await self.check_invariants(after)
            self.check_oldest_first(step, before, after)

    async def apply(self, step: tuple) -> None:
        kind = step[0]
        if kind == "restock":
            _, index, units = step
            await adjust_stock(SYSTEM, product_id=self.products[index].id, warehouse_id=self.warehouse_id, quantity=units,
                               reason=MovementReason.ADJUSTMENT, note="restock")
            return
        if kind == "create":
            _, lines, method = step
            order, created = await intake.create_order(self.actor, OrderRequest(
                lines=self.line_requests(lines), payment_method=method, customer=Customer("Property Customer"),
                shipping_address=ADDRESS, warehouse_id=self.warehouse_id))
            assert created
            self.orders.append(order.id)
            return
        if not self.orders:
            return
        order_id = self.orders[step[1] % len(self.orders)]
        if kind == "edit":
            version = (await Order.select(Order.version).where(Order.id == order_id).first())["version"]
            await editing.update_order(self.actor, order_id, version, OrderChanges(lines=self.line_requests(step[2])))
        elif kind == "cancel":
            await editing.cancel_order(self.actor, order_id, "property test")
        elif kind == "hold":
            await editing.hold_order(self.actor, order_id, "property test")
        elif kind == "release":
            await editing.release_hold(self.actor, order_id)
        elif kind == "pay":
            [outcome] = await payments.mark_paid(self.actor, [order_id], reference="TX")
            if outcome.error is not None:
                raise outcome.error

    def line_requests(self, lines: list[tuple[int, int]]) -> list[LineRequest]:
        return [LineRequest(self.products[index].id, quantity, "1.00") for index, quantity in lines]

    async def state(self) -> dict[str, Any]:
        """Stock of each product and every order with its lines, as stored."""
        stock = {p.id: await current_quantities(p.id, self.warehouse_id) for p in self.products}
        orders = {}
        if self.orders:
            for row in await Order.select(Order.id, Order.status, Order.version, Order.placed_at, Order.payment_method,
                                          Order.payment_status).where(Order.id.is_in(self.orders)):
                orders[row["id"]] = {**row, "lines": {}}
            for line in await OrderLine.select(OrderLine.sales_order, OrderLine.product, OrderLine.quantity,
                                               OrderLine.reserved).where(OrderLine.sales_order.is_in(self.orders)):
                orders[line["sales_order"]]["lines"][line["product"]] = (line["quantity"], line["reserved"])
        return {"stock": stock, "orders": orders}

    async def check_invariants(self, state: dict[str, Any]) -> None:
        held_by_orders: dict[UUID, int] = defaultdict(int)
        for order in state["orders"].values():
            status, lines = order["status"], order["lines"]
            for quantity, reserved in lines.values():
                assert 0 <= reserved <= quantity, order
            for product_id, (_, reserved) in lines.items():
                if status != "CANCELLED":
                    held_by_orders[product_id] += reserved
            short = any(reserved < quantity for quantity, reserved in lines.values())
            if status == "BACKORDERED":
                assert short, order
            if status in ("READY", "AWAITING_PAYMENT"):
                assert not short, order
            if status == "CANCELLED":
                assert all(reserved == 0 for _, reserved in lines.values()), order
            if status == "READY" and order["payment_method"] == "BANK_TRANSFER":
                assert order["payment_status"] == "PAID", order
            if status == "AWAITING_PAYMENT":
                assert (order["payment_method"], order["payment_status"]) == ("BANK_TRANSFER", "PENDING"), order
        for product in self.products:
            stock = state["stock"][product.id]
            assert stock.reserved == held_by_orders[product.id], (product.sku, stock, dict(held_by_orders))
            assert stock.available >= 0, stock
            assert await ledger_totals(product.id, self.warehouse_id) == stock
            if stock.available > 0:
                # Stock on the shelf while a backorder waits for it would be a missed allocation.
                waiting = [o for o in state["orders"].values() if o["status"] == "BACKORDERED"
                           and product.id in o["lines"] and o["lines"][product.id][1] < o["lines"][product.id][0]]
                assert waiting == [], (product.sku, stock, waiting)

    def check_oldest_first(self, step: tuple, before: dict[str, Any], after: dict[str, Any]) -> None:
        """Units handed out by allocation in this step never skip an older backorder that is still short."""
        acted_on = self.orders[step[1] % len(self.orders)] if step[0] not in ("create", "restock") and self.orders else None
        for order_id, order in after["orders"].items():
            if order_id == acted_on or order_id not in before["orders"]:
                continue  # the order the step itself changed, or the one it created
            for product_id, (_, reserved) in order["lines"].items():
                earlier = before["orders"][order_id]["lines"].get(product_id, (0, 0))[1]
                if reserved <= earlier:
                    continue
                key = (order["placed_at"], str(order_id))
                for other_id, other in after["orders"].items():
                    line = other["lines"].get(product_id)
                    if other["status"] == "BACKORDERED" and line and line[1] < line[0] \
                            and (other["placed_at"], str(other_id)) < key:
                        raise AssertionError(f"{order_id} got stock of {product_id} before the older {other_id}")
