"""Reservations against one hot SKU from two processes with 50 concurrent reservers each.

Prints reservations per second, the p50/p99 time the conditional UPDATE waited for and held the row (the
lock wait), end-to-end reservation latency, and oversold units (must be 0).

Phase 1 (throughput): plenty of stock, every reserver reserves one unit after another for --duration seconds.
Phase 2 (exhaustion): --scarce units, every reserver tries until refused; exactly --scarce may succeed.

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


async def reserver_process(product_id: str, warehouse_id: str, reservers: int, deadline: float, until_refused: bool) -> dict:
    """One process: `reservers` concurrent loops; times the row UPDATE (lock wait + hold) of each reservation."""
    import backend.stock.services as stock
    from backend.core.authorization import SYSTEM
    from backend.core.db import open_pool
    from backend.stock.services import InsufficientStock, reserve

    await open_pool()
    update_times: list[float] = []
    original_raw = stock.StockLevel.raw

    def timed_raw(sql: str, *args: object):  # noqa: ANN202
        query = original_raw(sql, *args)
        if "UPDATE stock_level" not in sql:
            return query

        async def run():  # noqa: ANN202
            started = time.perf_counter()
            try:
                return await query
            finally:
                update_times.append(time.perf_counter() - started)

        return run()

    stock.StockLevel.raw = timed_raw  # instrumentation only: the statement itself is unchanged
    latencies: list[float] = []
    reserved = refused = 0
    product, warehouse = uuid.UUID(product_id), uuid.UUID(warehouse_id)

    async def loop(index: int) -> None:
        nonlocal reserved, refused
        n = 0
        while time.time() < deadline:
            started = time.perf_counter()
            try:
                await reserve(SYSTEM, product, warehouse, 1, reference=f"bench {index}-{n}")
                reserved += 1
                latencies.append(time.perf_counter() - started)
            except InsufficientStock:
                refused += 1
                if until_refused:
                    return
            n += 1

    await asyncio.gather(*(loop(i) for i in range(reservers)))
    return {"reserved": reserved, "refused": refused, "updates": update_times, "latencies": latencies}


async def setup(stock_units: int) -> tuple[str, str]:
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
    return str(product.id), str(warehouse.id)


async def check(product_id: str, warehouse_id: str) -> tuple[int, int, bool]:
    from backend.stock.services import current_quantities, ledger_totals

    quantities = await current_quantities(uuid.UUID(product_id), uuid.UUID(warehouse_id))
    ledger = await ledger_totals(uuid.UUID(product_id), uuid.UUID(warehouse_id))
    return quantities.on_hand, quantities.reserved, ledger == quantities


def run_phase(product_id: str, warehouse_id: str, reservers: int, seconds: float, until_refused: bool) -> tuple[list[dict], float]:
    deadline = time.time() + 1.5 + seconds  # processes start, open their pools, then all begin together
    args = [sys.executable, __file__, "--worker", product_id, warehouse_id, str(reservers), str(deadline), str(int(until_refused))]
    started = time.time()
    processes = [subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, env=os.environ.copy()) for _ in range(2)]
    results = [json.loads(p.communicate()[0].decode().strip().splitlines()[-1]) for p in processes]
    return results, time.time() - started


async def main(args: argparse.Namespace) -> int:
    from backend.core.db import drop_database

    await drop_database(BENCH_URL)
    product_id, warehouse_id = await setup(1_000_000)
    results, _ = await asyncio.to_thread(run_phase, product_id, warehouse_id, args.reservers, args.duration, False)
    reserved = sum(r["reserved"] for r in results)
    updates = [t * 1000 for r in results for t in r["updates"]]
    latencies = [t * 1000 for r in results for t in r["latencies"]]
    on_hand, held, ledger_ok = await check(product_id, warehouse_id)
    rate = reserved / args.duration

    scarce_product, scarce_warehouse = await setup(args.scarce)
    scarce_results, _ = await asyncio.to_thread(run_phase, scarce_product, scarce_warehouse, args.reservers, 60, True)
    scarce_reserved = sum(r["reserved"] for r in scarce_results)
    scarce_refused = sum(r["refused"] for r in scarce_results)
    s_on_hand, s_held, s_ledger_ok = await check(scarce_product, scarce_warehouse)
    oversold = max(0, s_held - s_on_hand) + max(0, scarce_reserved - args.scarce) + max(0, held - on_hand)

    print(f"reserve: 2 processes × {args.reservers} reservers on one SKU, {args.duration:.0f} s")
    print(f"  throughput: {reserved} reservations in {args.duration:.0f} s = {rate:.0f}/s")
    print(f"  row UPDATE (lock wait + hold) ms: p50={statistics.median(updates):.1f} p99={percentile(updates, 99):.1f} max={max(updates):.1f}")
    print(f"  reservation latency ms:           p50={statistics.median(latencies):.1f} p99={percentile(latencies, 99):.1f}")
    print(f"  ledger equals quantities: {ledger_ok and s_ledger_ok}; reserved in database = {held} (counted {reserved})")
    print(f"  exhaustion: {args.scarce} units, {scarce_reserved} reserved, {scarce_refused} refused, reserved in database = {s_held}")
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
        _, _, product_id, warehouse_id, reservers, deadline, until_refused = sys.argv
        outcome = asyncio.run(reserver_process(product_id, warehouse_id, int(reservers), float(deadline), until_refused == "1"))
        print(json.dumps(outcome))
        sys.exit(0)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=10)
    parser.add_argument("--reservers", type=int, default=50)
    parser.add_argument("--scarce", type=int, default=500)
    sys.exit(asyncio.run(main(parser.parse_args())))
