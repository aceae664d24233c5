#!/usr/bin/env python
"""Picking benchmark: scans per second through `picklistScan` with 20 concurrent pickers on one warehouse, and
`picklistCreate` by rule over 5,000 released orders, over HTTP against two API processes.

One warehouse holds --products products (four merchants, each product with an EAN in a bin of its own) and
--ready released orders (1-3 lines, 1-3 units each), placed through the orders domain's `create_order` (which
reserves the stock); the stock is put into the bins through the stock domain's `adjust_stock`. Warehouse users
are made with `create_user` and sign in over the API, each with its own session.

Phase 1, creation: `picklistCreate` by rule (the oldest --max-orders, the service's maximum by default) while all
--ready orders wait, --creations times (each picklist cancelled afterwards, untimed, so the next one finds the
same 5,000); then the whole backlog put on picklists of --max-orders, one after another, timed together (and
cancelled again).

Phase 2, scanning: each of --pickers pickers creates its own picklist by rule (--orders orders), starts it and
walks it as a handheld would: the bin of each line, then the product's barcode once per unit, in walking order.
Every scan must be answered without an error and be for the line the picker expects; a refused or unexpected
scan is a failure of the benchmark. Twice, each picker with a new picklist:
- capacity: each picker scans again as soon as it has its answer (no time to walk);
- fixed rate: the pickers together scan at --rate scans/s (the target's 200 by default: each picker every
  pickers/rate seconds), a scan sent when it is due or, when the picker is behind, as soon as its previous one
  was answered; its latency counts from when it was due, so time behind schedule counts.
With 20 pickers and no time between scans, 200 scans/s means a mean latency of 100 ms (Little's law), so the
capacity phase's p99 says little about the target; the fixed-rate phase measures it.
Prints scans/s, p50/p95/p99 latency, the scan that completes a picklist, errors, CPU per scan (with --floor also
what a request that does nothing costs), and then checks the database: every picklist picked, every order's lines
picked whole and nothing left reserved on them, the stock ledger adding up to the stock levels, bins holding
what the stock levels say, one `picklist.picked` event per product scan.

Works in its own database (`packline_bench_picking`, dropped and re-created on every run) and Redis namespace.

    .venv/bin/python bench/picking.py [--pickers 20] [--orders 25] [--rate 200] [--ready 5000] [--floor 5]
Targets: a capacity of >= 200 scans/s and p99 <= 100 ms at 200 scans/s, 0 errors; picklistCreate over 5,000
released orders <= 2 s (with --rate 0: both on the capacity phase). Exits 1
on errors or an inconsistent database (and, with --enforce-target, on a missed target); the verdicts on the
targets are printed either way.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from harness import (  # noqa: E402
    ROOT,
    CpuMeter,
    GraphQLConnection,
    Servers,
    login,
    machine_idle_check,
    percentile,
    pids_named,
    run_benchmark,
)

DATABASE = "packline_bench_picking"
TARGET_SCANS = 200.0
TARGET_P99_MS = 100.0
TARGET_CREATE_S = 2.0
MERCHANTS = 4
STOCK_PER_PRODUCT = 1_000
PASSWORD = "bench-picker-password-1"

CREATE = """mutation Create($i: PicklistCreateInput!) {
  picklistCreate(input: $i) { picklist { id number status } errors { field code message } }
}"""
# What a picker's handheld reads when it takes its picklist: the walk, line by line.
CREATE_WALK = """mutation Create($i: PicklistCreateInput!) {
  picklistCreate(input: $i) {
    picklist { id number status lines { position binCode sku quantity product { barcode } } }
    errors { field code message }
  }
}"""
START = "mutation Start($i: PicklistStartInput!) { picklistStart(input: $i) { picklist { status } errors { code message } } }"
CANCEL = "mutation Cancel($i: PicklistCancelInput!) { picklistCancel(input: $i) { picklist { status } errors { code message } } }"
SCAN = """mutation Scan($i: PicklistScanInput!) {
  picklistScan(input: $i) { picked message line { binCode sku remaining } picklist { status } errors { field code message } }
}"""


# ------------------------------------------------------------------------------------------------ setup


def ean13(first12: str) -> str:
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(first12))
    return first12 + str((10 - total % 10) % 10)


async def setup(products: int, ready: int, pickers: int, seed: int) -> dict:
    """The warehouse, its bins, the catalog and its stock, the warehouse users and the released orders, all
    through the services."""
    from backend.accounts.services import create_merchant, create_user
    from backend.catalog.services import create_locations, create_product, create_warehouse
    from backend.core.authorization import SYSTEM, Role
    from backend.core.ids import to_global_id
    from backend.stock.services import MovementReason, adjust_stock

    warehouse = await create_warehouse(SYSTEM, code="BPW1", name="Bench picking warehouse")
    # One bin per product, spread over aisles, so a walk visits bins in code order.
    bins = [f"{chr(ord('A') + i // 200)}-{i % 200 + 1:03d}" for i in range(products)]
    for start in range(0, len(bins), 1000):
        await create_locations(SYSTEM, warehouse.id, bins[start:start + 1000])
    rng = random.Random(seed)
    rng.shuffle(bins)
    catalog = []
    for m in range(MERCHANTS):
        merchant = await create_merchant(SYSTEM, name=f"Bench picking shop {m + 1}", code=f"BP{m + 1}")
        for p in range(m, products, MERCHANTS):
            product = await create_product(SYSTEM, merchant_id=merchant.id, sku=f"BP{m + 1}-{p:04d}",
                                           values={"name": f"Artikel {p}", "barcode": ean13(f"40{p:010d}"),
                                                   "weight_grams": 300})
            await adjust_stock(SYSTEM, product_id=product.id, warehouse_id=warehouse.id, quantity=STOCK_PER_PRODUCT,
                               reason=MovementReason.ADJUSTMENT, note="bench stock", location_code=bins[p])
            catalog.append((merchant.id, product.id))
    users = []
    for n in range(pickers):
        user = await create_user(SYSTEM, email=f"picker{n + 1}@bench.example", name=f"Picker {n + 1}",
                                 password=PASSWORD, role=Role.WAREHOUSE, merchant_id=None)
        users.append(user.email)
    await place_orders(catalog, warehouse.id, ready, rng)
    return {"warehouse": to_global_id("Warehouse", warehouse.id), "users": users}


async def place_orders(catalog: list, warehouse_id, count: int, rng: random.Random, concurrency: int = 8) -> None:
    """Released orders through the orders domain's own `create_order`, a few at a time (as shops send them)."""
    from backend.core.authorization import SYSTEM
    from backend.orders.model import Customer, LineRequest, OrderRequest
    from backend.orders.services import create_order

    by_merchant: dict = {}
    for merchant_id, product_id in catalog:
        by_merchant.setdefault(merchant_id, []).append(product_id)
    merchants = list(by_merchant)
    address = {"name": "Erika Mustermann", "line1": "Hauptstraße 5", "postalCode": "10115", "city": "Berlin",
               "country": "DE"}
    plans = []
    for n in range(count):
        merchant_id = merchants[n % len(merchants)]
        chosen = rng.sample(by_merchant[merchant_id], rng.choices([1, 2, 3], weights=[55, 30, 15])[0])
        plans.append(OrderRequest(
            merchant_id=merchant_id, payment_method="INVOICE", customer=Customer(f"Kunde {n}"),
            shipping_address=address, warehouse_id=warehouse_id,
            lines=[LineRequest(p, rng.choices([1, 2, 3], weights=[75, 18, 7])[0], "9.90") for p in chosen]))
    queue = iter(plans)
    statuses: dict[str, int] = {}

    async def placer() -> None:
        for request in queue:
            order, _ = await create_order(SYSTEM, request)
            statuses[order.status] = statuses.get(order.status, 0) + 1

    await asyncio.gather(*(placer() for _ in range(concurrency)))
    if statuses != {"READY": count}:
        raise RuntimeError(f"every bench order should be released, got {statuses}")


# ------------------------------------------------------------------------------------------------ phase 1: creation


async def call(connection: GraphQLConnection, query: str, variables: dict, name: str) -> dict:
    status, body = await connection.post(query, variables)
    payload = (body.get("data") or {}).get(name)
    if status != 200 or body.get("errors") or not payload or payload.get("errors"):
        raise RuntimeError(f"{name} failed: HTTP {status} {str(body)[:400]}")
    return payload


async def creation(port: int, token: str, warehouse: str, max_orders: int, creations: int, ready: int) -> dict:
    """picklistCreate by rule while `ready` orders wait: single creations (each cancelled afterwards), then the
    whole backlog on picklists one after another."""
    connection = GraphQLConnection(port, token)
    rule = {"i": {"warehouseId": warehouse, "rule": {"maxOrders": max_orders}}}
    single: list[float] = []
    try:
        for _ in range(creations):
            started = time.perf_counter()
            created = await call(connection, CREATE, rule, "picklistCreate")
            single.append(time.perf_counter() - started)
            await call(connection, CANCEL, {"i": {"picklistId": created["picklist"]["id"]}}, "picklistCancel")
        made, started = [], time.perf_counter()
        for _ in range(-(-ready // max_orders)):
            made.append((await call(connection, CREATE, rule, "picklistCreate"))["picklist"]["id"])
        backlog = time.perf_counter() - started
        for picklist_id in made:
            await call(connection, CANCEL, {"i": {"picklistId": picklist_id}}, "picklistCancel")
    finally:
        connection.close()
    return {"single": single, "backlog": backlog, "backlog_picklists": len(made)}


# ------------------------------------------------------------------------------------------------ phase 2: scanning


class Picker:
    """One warehouse user with a handheld: its own session and keep-alive connection, its own picklist."""

    def __init__(self, port: int, token: str, interval: float = 0.0) -> None:
        self.connection = GraphQLConnection(port, token)
        self.interval = interval  # seconds between scans at a fixed rate (0: as fast as answered)
        self.due = 0.0
        self.latencies: list[float] = []
        self.errors: list[str] = []
        self.product_scans = 0
        self.completing: float | None = None  # the scan that completed the picklist (all its orders picked)
        self.picklist: dict = {}

    async def take_picklist(self, warehouse: str, orders: int) -> None:
        created = await call(self.connection, CREATE_WALK,
                             {"i": {"warehouseId": warehouse, "rule": {"maxOrders": orders}}}, "picklistCreate")
        self.picklist = created["picklist"]
        await call(self.connection, START, {"i": {"picklistId": self.picklist["id"]}}, "picklistStart")

    async def walk(self, first_due: float) -> None:
        self.due = first_due
        lines = sorted(self.picklist["lines"], key=lambda line: line["position"])
        for number, line in enumerate(lines, start=1):
            if not line["binCode"] or not line["product"]["barcode"]:
                self.errors.append(f"line {line['position']} has no bin or barcode: {line}")
                return
            remaining = line["quantity"]
            answer = await self.scan(line["binCode"])
            if not self.expect(answer, line, picked=0, remaining=remaining):
                return
            for _ in range(line["quantity"]):
                answer = await self.scan(line["product"]["barcode"])
                remaining -= 1
                if not self.expect(answer, line, picked=1, remaining=remaining):
                    return
                self.product_scans += 1
            done = number == len(lines)
            if done:
                self.completing = self.latencies[-1]
            if done != (answer["picklist"]["status"] == "PICKED"):
                self.errors.append(f"picklist {self.picklist['number']} is {answer['picklist']['status']} after line "
                                   f"{number} of {len(lines)}")
                return

    async def scan(self, code: str) -> dict | None:
        variables = {"i": {"picklistId": self.picklist["id"], "code": code, "quantity": 1}}
        started = time.perf_counter()
        if self.interval:
            if self.due > started:
                await asyncio.sleep(self.due - started)
            started, self.due = self.due, self.due + self.interval
        try:
            status, body = await self.connection.post(SCAN, variables)
        except (OSError, ValueError, asyncio.IncompleteReadError) as error:
            self.errors.append(repr(error))
            return None
        self.latencies.append((time.perf_counter() - started) * 1000)
        answer = (body.get("data") or {}).get("picklistScan")
        if status != 200 or body.get("errors") or not answer or answer["errors"]:
            self.errors.append(f"scan {code}: HTTP {status} {str(body)[:300]}")
            return None
        return answer

    def expect(self, answer: dict | None, line: dict, *, picked: int, remaining: int) -> bool:
        """The scan was for the line the picker is on, and did what a handheld expects."""
        if answer is None:
            return False
        seen = answer["line"] or {}
        if (answer["picked"], seen.get("sku"), seen.get("binCode"), seen.get("remaining")) != (
                picked, line["sku"], line["binCode"], remaining):
            self.errors.append(f"unexpected scan answer on {self.picklist['number']} line {line['position']}: "
                               f"{answer} (expected {picked} picked of {line['sku']} at {line['binCode']}, "
                               f"{remaining} left)")
            return False
        return True


async def scanning(ports: list[int], tokens: list[str], warehouse: str, orders: int,
                   rate: float = 0.0) -> tuple[list[Picker], float]:
    """Every picker walks a picklist of its own: as fast as answered, or together at `rate` scans/s."""
    interval = len(tokens) / rate if rate else 0.0
    pickers = [Picker(ports[n % len(ports)], token, interval) for n, token in enumerate(tokens)]
    # Pickers arrive together and each takes its own picklist (planned one at a time per warehouse).
    await asyncio.gather(*(p.take_picklist(warehouse, orders) for p in pickers))
    started = time.perf_counter()
    # At a fixed rate the pickers' scans are spread evenly over each interval.
    await asyncio.gather(*(p.walk(started + interval * n / len(pickers)) for n, p in enumerate(pickers)))
    for picker in pickers:
        picker.connection.close()
    return pickers, time.perf_counter() - started


FLOOR = "query Floor { __typename }"


async def floor_load(ports: list[int], tokens: list[str], duration: float) -> tuple[int, float]:
    """The pickers' sessions sending a request that does nothing: what the HTTP and GraphQL stack costs a request."""
    answered = 0
    deadline = time.perf_counter() + duration

    async def client(index: int) -> None:
        nonlocal answered
        connection = GraphQLConnection(ports[index % len(ports)], tokens[index])
        try:
            while time.perf_counter() < deadline:
                status, body = await connection.post(FLOOR, {})
                if status != 200 or body.get("errors"):
                    raise RuntimeError(f"floor request failed: HTTP {status} {str(body)[:200]}")
                answered += 1
        finally:
            connection.close()

    started = time.perf_counter()
    await asyncio.gather(*(client(i) for i in range(len(tokens))))
    return answered, time.perf_counter() - started


# ------------------------------------------------------------------------------------------------ checks


async def verify(url: str) -> dict:
    """What the database says after the run."""
    import asyncpg

    conn = await asyncpg.connect(url)
    try:
        return {
            "by_picklist_status": dict(await conn.fetch("SELECT status, count(*) FROM picklist GROUP BY 1")),
            "by_order_status": dict(await conn.fetch("SELECT status, count(*) FROM sales_order GROUP BY 1")),
            # Orders on a picked picklist: every line picked whole, nothing left reserved.
            "picked_orders": await conn.fetchval(
                "SELECT count(DISTINCT po.sales_order) FROM picklist_order po JOIN picklist p ON p.id = po.picklist "
                "WHERE p.status = 'PICKED'"),
            "lines_not_picked_whole": await conn.fetchval(
                "SELECT count(*) FROM sales_order_line l JOIN picklist_order po ON po.sales_order = l.sales_order "
                "JOIN picklist p ON p.id = po.picklist WHERE p.status = 'PICKED' "
                "AND (l.picked <> l.quantity OR l.reserved <> 0)"),
            "picked_not_picking": await conn.fetchval(
                "SELECT count(*) FROM sales_order o JOIN picklist_order po ON po.sales_order = o.id "
                "JOIN picklist p ON p.id = po.picklist WHERE p.status = 'PICKED' AND o.status <> 'PICKING'"),
            "ledger_off": await conn.fetchval("""
                SELECT count(*) FROM stock_level s WHERE (s.on_hand, s.reserved) <> (
                  SELECT coalesce(sum(on_hand_delta), 0), coalesce(sum(reserved_delta), 0) FROM stock_movement m
                  WHERE m.product = s.product AND m.warehouse = s.warehouse)"""),
            "reserved_off": await conn.fetchval("""
                SELECT count(*) FROM stock_level s WHERE s.reserved <> coalesce((
                  SELECT sum(l.reserved) FROM sales_order_line l JOIN sales_order o ON o.id = l.sales_order
                  WHERE l.product = s.product AND o.warehouse = s.warehouse), 0)"""),
            "bins_off": await conn.fetchval("""
                SELECT count(*) FROM stock_level s WHERE s.on_hand <> coalesce((
                  SELECT sum(b.on_hand) FROM bin_stock b JOIN location l ON l.id = b.location
                  WHERE b.product = s.product AND l.warehouse = s.warehouse), 0)"""),
            "units_picked": await conn.fetchval("SELECT coalesce(sum(picked), 0) FROM picklist_line"),
            "picked_events": await conn.fetchval("SELECT count(*) FROM event WHERE type = 'picklist.picked'"),
        }
    finally:
        await conn.close()


# ------------------------------------------------------------------------------------------------ the run


async def prepare(args: argparse.Namespace, env: dict[str, str]) -> dict:
    from backend.core.db import close_pool, drop_database, open_pool
    from backend.events.outbox import flush_published_marks

    await drop_database(env["DATABASE_URL"])
    subprocess.run([sys.executable, "-m", "backend.cli", "migrate"], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)
    await open_pool()
    t0 = time.monotonic()
    plan = await setup(args.products, args.ready, args.pickers, args.seed)
    await flush_published_marks()
    await close_pool()
    print(f"set up {args.products} products in {args.products} bins, {args.pickers} warehouse users and "
          f"{args.ready} released orders in {time.monotonic() - t0:.0f} s", flush=True)
    return plan


async def main(args: argparse.Namespace, env: dict[str, str]) -> bool:
    from backend.core.db import drop_database
    from backend.core.redis import close_redis, redis
    from backend.picking.services import MAX_ORDERS

    args.max_orders = args.max_orders or MAX_ORDERS

    url = env["DATABASE_URL"]
    warning = await machine_idle_check()
    if warning:
        print(warning, flush=True)
    plan = await prepare(args, env)
    servers = Servers(env)
    floor = None
    try:
        servers.start(2)
        await servers.wait_ready()
        ports = [s.port for s in servers.running]
        api_pids = [s.process.pid for s in servers.running]
        print("API processes: " + ", ".join(f"port {s.port} pid {s.process.pid}" for s in servers.running), flush=True)
        tokens = [await login(ports[n % len(ports)], email, PASSWORD) for n, email in enumerate(plan["users"])]

        create_cpu = CpuMeter({"api": api_pids, "postgres*": pids_named("postgres")})
        create_cpu.start()
        created = await creation(ports[0], tokens[0], plan["warehouse"], args.max_orders, args.creations, args.ready)
        create_cpu.stop()
        print(f"creation measured: {', '.join(f'{s:.2f}' for s in created['single'])} s", flush=True)

        cpu = CpuMeter({"api": api_pids, "client": [os.getpid()], "postgres*": pids_named("postgres"),
                        "redis*": pids_named("redis-server")})
        cpu.start()
        pickers, elapsed = await scanning(ports, tokens, plan["warehouse"], args.orders)
        cpu.stop()
        at_rate = None
        if args.rate:
            at_rate = await scanning(ports, tokens, plan["warehouse"], args.orders, args.rate)
        if args.floor:
            floor_cpu = CpuMeter({"api": api_pids})
            floor_cpu.start()
            answered, floor_elapsed = await floor_load(ports, tokens, args.floor)
            floor_cpu.stop()
            floor = (answered / floor_elapsed, floor_cpu.percent["api"] / 100 * floor_elapsed / max(answered, 1) * 1000)
    finally:
        servers.stop()
        try:
            client = redis()
            async for key in client.scan_iter(match=f"{env['REDIS_NAMESPACE']}:*", count=1000):
                await client.delete(key)
            await close_redis()
        except Exception:  # noqa: BLE001 - leftover keys of a bench namespace are harmless
            pass

    checks = await verify(url)
    valid, met = report(args, created, create_cpu, pickers, elapsed, cpu, floor, at_rate, checks)
    if not args.keep:
        await drop_database(url)
    return valid and (met or not args.enforce_target)


def report(args: argparse.Namespace, created: dict, create_cpu: CpuMeter, pickers: list[Picker], elapsed: float,
           cpu: CpuMeter, floor: tuple[float, float] | None, at_rate: tuple[list[Picker], float] | None,
           checks: dict) -> tuple[bool, bool]:
    single = created["single"]
    print()
    print(f"picking: 2 API processes, one warehouse with {args.products} products in bins, {args.ready} released orders")
    print(f"  create       picklistCreate by rule, {args.max_orders} of {args.ready} released orders: "
          f"min {min(single):.2f} s, median {statistics.median(single):.2f} s, max {max(single):.2f} s ({len(single)} runs)")
    print(f"  backlog      all {args.ready} orders on {created['backlog_picklists']} picklists of {args.max_orders}, one "
          f"after another: {created['backlog']:.2f} s; meanwhile {create_cpu.report()}")
    print(f"capacity: {args.pickers} pickers, each scanning again as soon as answered")
    capacity, p99, errors, product_scans = report_scans(args, pickers, elapsed)
    print(f"  cpu          {cpu.report()}")
    if capacity:
        per_scan = cpu.percent["api"] / 100 / capacity * 1000
        print(f"  cost         {per_scan:.1f} ms API CPU and "
              f"{cpu.percent['postgres*'] / 100 / capacity * 1000:.1f} ms PostgreSQL CPU per scan")
        if floor:
            print(f"  floor        {{ __typename }} with the pickers' sessions: {floor[0]:.0f} requests/s, {floor[1]:.2f} ms "
                  f"API CPU per request; a scan costs {per_scan / floor[1]:.1f}x that")
    if cpu.others > 20:
        print(f"  warning: other processes used {cpu.others:.0f}% of a core meanwhile; the figures are skewed")
    if at_rate is not None:
        print(f"at {args.rate:g} scans/s: each picker's scan sent when due (or when its previous one was answered, "
              f"if later), its latency counted from when it was due")
        achieved, p99, rate_errors, rate_product_scans = report_scans(args, *at_rate)
        errors += rate_errors
        product_scans += rate_product_scans
    valid = report_checks(args, checks, product_scans, 2 if at_rate else 1) and not errors and capacity > 0
    scans_met = capacity >= TARGET_SCANS and p99 <= TARGET_P99_MS and (at_rate is None or args.rate >= TARGET_SCANS)
    create_met = max(single) <= TARGET_CREATE_S
    where = f"at {args.rate:g}/s" if at_rate else "in the capacity phase"
    print(f"  target       capacity >= {TARGET_SCANS:.0f} scans/s (got {capacity:.0f}) and p99 <= {TARGET_P99_MS:.0f} ms "
          f"{where} (got {p99:.0f} ms): {'MET' if scans_met else 'MISSED'}; picklistCreate over {args.ready} released "
          f"orders <= {TARGET_CREATE_S:g} s (slowest {max(single):.2f} s): {'MET' if create_met else 'MISSED'}; "
          f"0 errors, consistent: {'yes' if valid else 'NO'}")
    return valid, scans_met and create_met


def report_scans(args: argparse.Namespace, pickers: list[Picker], elapsed: float) -> tuple[float, float, list[str], int]:
    """Prints a scanning phase's figures; returns its scans/s, p99, errors and product scans."""
    latencies = [ms for p in pickers for ms in p.latencies]
    errors = [e for p in pickers for e in p.errors]
    rate = len(latencies) / elapsed if elapsed else 0.0
    lines = sum(len(p.picklist.get("lines", [])) for p in pickers)
    product_scans = sum(p.product_scans for p in pickers)
    print(f"  scans        a picklist of {args.orders} orders each ({lines} lines): {len(latencies)} scans "
          f"({product_scans} product, {len(latencies) - product_scans} bin) in {elapsed:.1f} s = {rate:.0f} scans/s")
    print(f"  latency ms   p50={percentile(latencies, 50):.1f} p95={percentile(latencies, 95):.1f} "
          f"p99={percentile(latencies, 99):.1f} max={max(latencies) if latencies else float('nan'):.1f}")
    completing = [p.completing for p in pickers if p.completing is not None]
    if completing:
        print(f"  completing   the scan that completes a picklist ({args.orders} orders picked): "
              f"median {statistics.median(completing):.0f} ms, max {max(completing):.0f} ms ({len(completing)} scans)")
    print(f"  errors       {len(errors)}" + (f", e.g. {errors[:3]}" if errors else ""))
    return rate, percentile(latencies, 99), errors, product_scans


def report_checks(args: argparse.Namespace, checks: dict, product_scans: int, phases: int) -> bool:
    picklists, orders = args.pickers * phases, args.pickers * args.orders * phases
    print(f"database: picklists {checks['by_picklist_status']}; orders {checks['by_order_status']}")
    print(f"  checks       orders of picked picklists {checks['picked_orders']} (expected {orders}), "
          f"their lines not picked whole: {checks['lines_not_picked_whole']}, not PICKING: {checks['picked_not_picking']}; "
          f"ledger != stock: {checks['ledger_off']}; reserved != order lines: {checks['reserved_off']}; "
          f"bins != stock: {checks['bins_off']}; units picked {checks['units_picked']}, picklist.picked events "
          f"{checks['picked_events']} (product scans {product_scans})")
    return (checks["by_picklist_status"].get("PICKED") == picklists and checks["picked_orders"] == orders
            and checks["lines_not_picked_whole"] == 0 and checks["picked_not_picking"] == 0
            and checks["ledger_off"] == 0 and checks["reserved_off"] == 0 and checks["bins_off"] == 0
            and checks["units_picked"] == product_scans == checks["picked_events"])


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("--pickers", type=int, default=20, help="concurrent pickers, each with its own picklist")
    parser.add_argument("--orders", type=int, default=25, help="orders on each picker's picklist")
    parser.add_argument("--rate", type=float, default=TARGET_SCANS,
                        help="scans/s of the fixed-rate phase (0: none; the targets then apply to the capacity phase)")
    parser.add_argument("--ready", type=int, default=5000, help="released orders waiting when picklists are made")
    parser.add_argument("--products", type=int, default=800, help="products (one bin each) over four merchants")
    parser.add_argument("--max-orders", type=int, default=0,
                        help="the rule's maxOrders in the creation phase (default: the service's maximum)")
    parser.add_argument("--creations", type=int, default=3, help="single picklistCreate runs to time")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards (to look at it)")
    parser.add_argument("--floor", type=float, default=0, metavar="SECONDS",
                        help="afterwards, measure an authenticated request that does nothing for this long")
    parser.add_argument("--enforce-target", action="store_true", help="exit 1 when a target is missed, too")
    args = parser.parse_args()
    if (args.pickers < 1 or args.orders < 1 or args.products < 3 * MERCHANTS or args.creations < 1
            or args.max_orders < 0 or args.rate < 0 or args.ready < args.pickers * args.orders * (2 if args.rate else 1)):
        parser.error(f"need pickers, orders and creations >= 1, products >= {3 * MERCHANTS}, max-orders and rate >= 0, "
                     f"and ready >= pickers x orders (x 2 with a fixed-rate phase)")
    return args


if __name__ == "__main__":
    run_benchmark(main, parse_args(), DATABASE, "packline-bench-picking")
