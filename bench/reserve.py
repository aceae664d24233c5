"""Reservations against one hot SKU from two processes with 50 concurrent reservers each, through the production
path: one-unit orders placed with the orders domain's `create_order`, which reserves with the stock routines.

Prints reservations per second, order placement latency, and oversold units (must be 0).

Phase 1 (throughput): plenty of stock, every reserver places one order after another for --duration seconds.
Phase 2 (exhaustion): --scarce units, every reserver places orders until one is backordered; exactly --scarce
may be reserved.

    .venv/bin/python bench/reserve.py [--duration 10] [--reservers 50] [--scarce 500]
Target on the 2-core machine: >= 500 reservations/s, 0 oversold.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BASE_URL = os.environ.get("DATABASE_URL") or "postgresql://postgres@127.0.0.1:5432/packline"
BENCH_URL = urlunsplit(urlsplit(BASE_URL)._replace(path="/packline_bench_reserve"))
RUN = uuid.uuid4().hex[:8]
os.environ.update({"DATABASE_URL": BENCH_URL, "REDIS_NAMESPACE": f"packline-bench-reserve-{RUN}", "DATABASE_POOL_MAX": "15"})


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


async def reserver_process(merchant_id: str, product_id: str, warehouse_id: str, reservers: int, deadline: float,
                           until_refused: bool) -> dict:
    """One process: `reservers` concurrent loops, each placing one-unit orders of the hot SKU through the orders
    domain's own `create_order` (as the demo feed and the workers do), which reserves through the stock routines.
    An order that could not be reserved is backordered: that is the refusal."""
    from backend.core.authorization import SYSTEM
    from backend.core.db import open_pool
    from backend.orders.model import Customer, LineRequest, OrderRequest
    from backend.orders.services import create_order

    await open_pool()
    latencies: list[float] = []
    reserved = refused = 0
    merchant, product, warehouse = uuid.UUID(merchant_id), uuid.UUID(product_id), uuid.UUID(warehouse_id)
    address = {"name": "Bench", "line1": "Hauptstr. 5", "postalCode": "10115", "city": "Berlin", "country": "DE"}

    async def loop(index: int) -> None:
        nonlocal reserved, refused
        n = 0
        while time.time() < deadline:
            started = time.perf_counter()
            order, _ = await create_order(SYSTEM, OrderRequest(
                merchant_id=merchant, lines=[LineRequest(product, 1, "1.00")], payment_method="INVOICE",
                customer=Customer(f"bench {index}-{n}"), shipping_address=address, warehouse_id=warehouse))
            if order.status == "READY":
                reserved += 1
                latencies.append(time.perf_counter() - started)
            else:
                refused += 1
                if until_refused:
                    return
            n += 1

    await asyncio.gather(*(loop(i) for i in range(reservers)))
    return {"reserved": reserved, "refused": refused, "latencies": latencies}


async def setup(stock_units: int) -> tuple[str, str, str]:
    from backend.core.db import engine, open_pool
    from backend.migrations import migrate
    from tests.support import make_merchant, make_product, make_warehouse, put_stock

    if engine().pool is None:
        await migrate()
        await open_pool()
    merchant = await make_merchant()
    warehouse = await make_warehouse(bins=1)
    product = await make_product(merchant)
    await put_stock(product, warehouse, stock_units)
    return str(merchant.id), str(product.id), str(warehouse.id)


async def check(product_id: str, warehouse_id: str) -> tuple[int, int, bool]:
    from backend.stock.services import current_quantities, ledger_totals

    quantities = await current_quantities(uuid.UUID(product_id), uuid.UUID(warehouse_id))
    ledger = await ledger_totals(uuid.UUID(product_id), uuid.UUID(warehouse_id))
    return quantities.on_hand, quantities.reserved, ledger == quantities


def run_phase(ids: tuple[str, str, str], reservers: int, seconds: float, until_refused: bool) -> tuple[list[dict], float]:
    deadline = time.time() + 1.5 + seconds  # processes start, open their pools, then all begin together
    args = [sys.executable, __file__, "--worker", *ids, str(reservers), str(deadline), str(int(until_refused))]
    started = time.time()
    processes = [subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, env=os.environ.copy()) for _ in range(2)]
    results = [json.loads(p.communicate()[0].decode().strip().splitlines()[-1]) for p in processes]
    return results, time.time() - started


async def main(args: argparse.Namespace) -> int:
    from backend.core.db import drop_database

    await drop_database(BENCH_URL)
    hot = await setup(1_000_000)
    _, product_id, warehouse_id = hot
    results, _ = await asyncio.to_thread(run_phase, hot, args.reservers, args.duration, False)
    reserved = sum(r["reserved"] for r in results)
    latencies = [t * 1000 for r in results for t in r["latencies"]]
    on_hand, held, ledger_ok = await check(product_id, warehouse_id)
    rate = reserved / args.duration

    scarce = await setup(args.scarce)
    _, scarce_product, scarce_warehouse = scarce
    scarce_results, _ = await asyncio.to_thread(run_phase, scarce, args.reservers, 60, True)
    scarce_reserved = sum(r["reserved"] for r in scarce_results)
    scarce_refused = sum(r["refused"] for r in scarce_results)
    s_on_hand, s_held, s_ledger_ok = await check(scarce_product, scarce_warehouse)
    oversold = max(0, s_held - s_on_hand) + max(0, scarce_reserved - args.scarce) + max(0, held - on_hand)

    print(f"reserve: 2 processes × {args.reservers} one-unit orders at a time on one SKU, {args.duration:.0f} s")
    print(f"  throughput: {reserved} reservations in {args.duration:.0f} s = {rate:.0f}/s")
    print(f"  order placement latency ms: p50={statistics.median(latencies):.1f} p99={percentile(latencies, 99):.1f}")
    print(f"  ledger equals quantities: {ledger_ok and s_ledger_ok}; reserved in database = {held} (counted {reserved})")
    print(f"  exhaustion: {args.scarce} units, {scarce_reserved} reserved, {scarce_refused} backordered, reserved in database = {s_held}")
    print(f"  oversold units: {oversold}")
    met = rate >= 500 and oversold == 0 and ledger_ok and s_ledger_ok and held == reserved and scarce_reserved == args.scarce
    print(f"  target >= 500/s and 0 oversold: {'met' if met else 'MISSED'}")
    from backend.core.db import close_pool
    from backend.events.outbox import flush_published_marks

    await flush_published_marks()
    await close_pool()
    await drop_database(BENCH_URL)
    return 0 if met else 1


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        _, _, merchant_id, product_id, warehouse_id, reservers, deadline, until_refused = sys.argv
        outcome = asyncio.run(reserver_process(merchant_id, product_id, warehouse_id, int(reservers), float(deadline),
                                               until_refused == "1"))
        print(json.dumps(outcome))
        sys.exit(0)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=10)
    parser.add_argument("--reservers", type=int, default=50)
    parser.add_argument("--scarce", type=int, default=500)
    sys.exit(asyncio.run(main(parser.parse_args())))
