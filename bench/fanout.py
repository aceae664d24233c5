#!/usr/bin/env python
"""Live fan-out benchmark: commit-to-client latency of the `events` subscription.

N websocket subscribers (real `graphql-transport-ws` clients) are spread over two API processes while
`merchant.updated` events are written through the service layer (`update_merchant`) at a fixed rate.
Merchant subscribers (one API key per merchant) see only their merchant's events; operator subscribers
see every event. Prints commit-to-client latency p50/p95/p99/max, deliveries per second, and events lost,
duplicated or out of order.

    .venv/bin/python bench/fanout.py                      # 1,000 subscribers, 200 events/s, 30 s
    .venv/bin/python bench/fanout.py --subscribers 100 --merchants 10 --operators 2 --rate 50 --duration 5

It works in its own database (`packline_bench`, dropped and re-created on every run) and its own Redis
namespace (`packline-bench-<pid>`, deleted at the end), so it never touches other data. The two API
processes run `packline serve` on free ports (>= 8200) and are stopped at the end, on error and on Ctrl-C.

How it measures:
- "commit time" is taken in the writer process right after the transaction committed, just before the
  events are published (the benchmark wraps `backend.events.outbox.publish`, whose call follows the commit).
  `update_merchant` itself returns only after the publish and one more UPDATE (`published_at`), so its return
  time would understate the latency; the call's duration is reported separately.
- each subscriber stamps `time.time()` on receipt of every `next` message (same machine clock).
- before the measured phase, warm-up events are written until every subscriber has received one promptly
  (within WARM_LIVE_SECONDS of its commit, i.e. through live pub/sub, not the stream's outbox re-check);
  warm-up deliveries are not counted. After 3 rounds the run goes on regardless and reports it.
- subscriptions are opened in a burst, as after a deploy; a subscriber that gets no live messages (only the
  stream's periodic outbox re-check reaches it) is reported as "stalled".
- expected deliveries = for each written event, the subscribers of its merchant plus every operator subscriber.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import signal
import socket
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
BENCH_DB = "packline_bench"
LOG_DIR = ROOT / ".run" / "bench"
MIN_PORT = 8200
AVOID_PORTS = range(8000, 8200)

QUERY = "subscription { events(topics: [MERCHANT]) { seq type payload } }"
TARGET_P99_MS = 100.0
# A warm-up event received later than this after its commit did not come through the live pub/sub path
# (the stream's outbox re-check found it), so that subscription does not count as live.
WARM_LIVE_SECONDS = 0.5
# A subscriber that hears nothing for this long while its events are being written is not getting live
# messages (only the stream's periodic outbox re-check reaches it).
STALL_GAP_SECONDS = 5.0

# ------------------------------------------------------------------------------------------------ clients
# Runs in separate processes (multiprocessing "spawn"), so this part imports nothing from the backend.


class _Sub:
    __slots__ = ("idx", "port", "token", "ws", "receipts", "error", "subscribed")

    def __init__(self, idx: int, port: int, token: str) -> None:
        self.idx = idx
        self.port = port
        self.token = token
        self.ws = None
        self.receipts: list[tuple[float, int, str]] = []  # (received at, seq, payload.name)
        self.error: str | None = None
        self.subscribed = False


async def _open(sub: _Sub, sem: asyncio.Semaphore, compression: str | None) -> None:
    from websockets.asyncio.client import connect

    async with sem:
        try:
            ws = await connect(
                f"ws://127.0.0.1:{sub.port}/graphql",
                subprotocols=["graphql-transport-ws"],
                compression=compression,
                open_timeout=60,
                proxy=None,
            )
            sub.ws = ws
            await ws.send(json.dumps({"type": "connection_init", "payload": {"authorization": f"Bearer {sub.token}"}}))
            ack = json.loads(await asyncio.wait_for(ws.recv(), 60))
            if ack.get("type") != "connection_ack":
                sub.error = f"no connection_ack: {ack}"
                return
            await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": QUERY}}))
            sub.subscribed = True
        except Exception as error:  # noqa: BLE001 - reported, counted
            sub.error = f"connect: {error!r}"


async def _receive(sub: _Sub, closing: asyncio.Event) -> None:
    """Minimal per-message work: one json.loads and one list append."""
    from websockets.exceptions import ConnectionClosed

    ws = sub.ws
    record = sub.receipts.append
    loads = json.loads
    now = time.time
    try:
        async for raw in ws:
            t = now()
            message = loads(raw)
            if message["type"] == "next":
                data = message["payload"].get("data")
                if data is None:
                    sub.error = f"error result: {raw[:300]}"
                    continue
                event = data["events"]
                record((t, event["seq"], event["payload"]["name"]))
            elif message["type"] == "ping":
                await ws.send('{"type":"pong"}')
            elif message["type"] != "pong":
                sub.error = f"unexpected message: {raw[:300]}"
    except ConnectionClosed as error:
        if not closing.is_set():
            sub.error = f"closed: {error!r}"
    except Exception as error:  # noqa: BLE001
        sub.error = f"receive: {error!r}"


async def _client_async(conn, assignments: list[tuple[int, int, str]], concurrency: int, compression: str | None) -> None:  # noqa: ANN001
    loop = asyncio.get_running_loop()
    subs = [_Sub(*a) for a in assignments]
    closing = asyncio.Event()
    receivers: list[asyncio.Task] = []
    while True:
        command, arg = await loop.run_in_executor(None, conn.recv)
        if command == "connect":
            sem = asyncio.Semaphore(concurrency)
            started = time.monotonic()
            await asyncio.gather(*(_open(s, sem, compression) for s in subs))
            receivers = [asyncio.create_task(_receive(s, closing)) for s in subs if s.subscribed]
            errors = [s.error for s in subs if s.error]
            conn.send((sum(s.subscribed for s in subs), errors[:5], len(errors), time.monotonic() - started))
        elif command == "warm":  # how many subscribers received one of these warm-up events live (promptly)
            committed = arg
            seen = 0
            for s in subs:
                if any(name in committed and t - committed[name] <= WARM_LIVE_SECONDS for t, _, name in s.receipts):
                    seen += 1
            conn.send(seen)
        elif command == "count":  # measured deliveries received so far
            conn.send(sum(len(s.receipts) for s in subs) - sum(1 for s in subs for r in s.receipts if r[2][0] == "w"))
        elif command == "finish":
            closing.set()
            sem = asyncio.Semaphore(concurrency)

            async def close(s: _Sub) -> None:
                async with sem:
                    try:
                        await asyncio.wait_for(s.ws.close(), 10)
                    except Exception:  # noqa: BLE001
                        pass

            await asyncio.gather(*(close(s) for s in subs if s.ws is not None))
            for task in receivers:
                task.cancel()
            await asyncio.gather(*receivers, return_exceptions=True)
            conn.send([(s.idx, s.receipts, s.error) for s in subs])
            return


def client_process(conn, assignments, concurrency, compression) -> None:  # noqa: ANN001
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent stops us
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    asyncio.run(_client_async(conn, assignments, concurrency, compression))


# ------------------------------------------------------------------------------------------------ helpers


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds a process used so far (0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def pids_named(comm: str) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/comm") as f:
                    if f.read().strip() == comm:
                        found.append(int(entry))
            except OSError:
                pass
    return found


def machine_busy_seconds() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine, summed over cores."""
    with open("/proc/stat") as f:
        values = [int(v) for v in f.readline().split()[1:9]]
    idle = values[3] + values[4]
    tick = os.sysconf("SC_CLK_TCK")
    return (sum(values) - idle) / tick, sum(values) / tick


class CpuMeter:
    """CPU used by each part of the benchmark between start() and stop(), in % of one core."""

    def __init__(self, groups: dict[str, list[int]]) -> None:
        self.groups = groups

    def _sample(self) -> dict[str, float]:
        return {name: sum(cpu_seconds(p) for p in pids) for name, pids in self.groups.items()}

    def start(self) -> None:
        self.t0, self.before, self.machine0 = time.monotonic(), self._sample(), machine_busy_seconds()

    def stop(self) -> None:
        elapsed = max(time.monotonic() - self.t0, 1e-9)
        after, machine1 = self._sample(), machine_busy_seconds()
        self.percent = {name: 100 * (after[name] - self.before[name]) / elapsed for name in self.groups}
        busy = machine1[0] - self.machine0[0]
        total = machine1[1] - self.machine0[1]
        self.machine_percent = 100 * busy / total if total else float("nan")

    @property
    def others(self) -> float:
        """CPU used by everything else on the machine, in % of one core."""
        return max(self.machine_percent * (os.cpu_count() or 1) - sum(self.percent.values()), 0.0)

    def report(self) -> str:
        parts = " ".join(f"{name}={value:.0f}%" for name, value in self.percent.items())
        return f"{parts} other-processes={self.others:.0f}% | machine busy {self.machine_percent:.0f}% of {os.cpu_count()} cores"


async def server_metrics(ports: list[int]) -> dict[str, float]:
    """Sums of a few counters over the API processes."""
    import httpx

    wanted = ("packline_events_gap_fills_total", "packline_events_fanned_out_total", "packline_subscriptions_active")
    totals = dict.fromkeys(wanted, 0.0)
    async with httpx.AsyncClient() as http:
        for port in ports:
            try:
                text = (await http.get(f"http://127.0.0.1:{port}/metrics", timeout=10)).text
            except httpx.HTTPError:
                continue
            for line in text.splitlines():
                name, _, value = line.partition(" ")
                if name in totals:
                    totals[name] += float(value)
    return totals


def free_port(taken: set[int]) -> int:
    while True:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port >= MIN_PORT and port not in AVOID_PORTS and port not in taken:
            return port


def percentile(sorted_values: list[float], p: float) -> float:
    if not sorted_values:
        return float("nan")
    k = (len(sorted_values) - 1) * p / 100
    lo = int(k)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (k - lo)


def bench_database_url() -> str:
    base = os.environ.get("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/packline")
    return urlunsplit(urlsplit(base)._replace(path=f"/{BENCH_DB}"))


@dataclass
class Server:
    port: int
    process: subprocess.Popen
    log_path: Path


@dataclass
class Plan:
    merchants: list  # merchant ids
    tokens: dict  # merchant id -> API key secret
    # subscriber index -> merchant id, or None for operators
    sub_merchant: list = field(default_factory=list)
    sub_port: list = field(default_factory=list)


SERVERS: list[Server] = []
CLIENTS: list[multiprocessing.Process] = []


def start_server(port: int, env: dict[str, str]) -> Server:
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    log_path = LOG_DIR / f"api-{port}.log"
    log = open(log_path, "wb")  # noqa: SIM115
    process = subprocess.Popen(
        [str(VENV_BIN / "packline"), "serve", "--port", str(port)],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    server = Server(port, process, log_path)
    SERVERS.append(server)
    return server


def stop_servers() -> None:
    for server in SERVERS:
        if server.process.poll() is None:
            server.process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + 10
    for server in SERVERS:
        try:
            server.process.wait(max(deadline - time.monotonic(), 0.1))
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait()
    SERVERS.clear()


def stop_clients() -> None:
    for process in CLIENTS:
        if process.is_alive():
            process.terminate()
        process.join(5)
        if process.is_alive():
            process.kill()
    CLIENTS.clear()


async def wait_ready(server: Server, timeout: float = 60) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    async with httpx.AsyncClient() as http:
        while True:
            if server.process.poll() is not None:
                raise RuntimeError(f"API on port {server.port} exited; see {server.log_path}")
            try:
                r = await http.get(f"http://127.0.0.1:{server.port}/health/ready", timeout=2)
                if r.status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"API on port {server.port} not ready after {timeout}s; see {server.log_path}")
            await asyncio.sleep(0.2)


async def login(port: int, email: str, password: str) -> str:
    import httpx

    query = "mutation($e: String!, $p: String!) { login(input: {email: $e, password: $p}) { token errors { message } } }"
    async with httpx.AsyncClient() as http:
        r = await http.post(
            f"http://127.0.0.1:{port}/graphql",
            json={"query": query, "variables": {"e": email, "p": password}},
            headers={"accept": "application/json"},
            timeout=30,
        )
    body = r.json()
    token = ((body.get("data") or {}).get("login") or {}).get("token")
    if not token:
        raise RuntimeError(f"login failed: {body}")
    return token


def ask(conns: list, command: str, arg=None) -> list:  # noqa: ANN001
    for c in conns:
        c.send((command, arg))
    return [c.recv() for c in conns]


async def ask_async(conns: list, command: str, arg=None) -> list:  # noqa: ANN001
    return await asyncio.get_running_loop().run_in_executor(None, ask, conns, command, arg)


# ------------------------------------------------------------------------------------------------ the run


async def setup_data(args: argparse.Namespace) -> tuple[list, dict, tuple[str, str] | None]:
    from backend.accounts.services import create_api_key, create_merchant, create_user
    from backend.core.authorization import SYSTEM, ApiKeyScope, Role

    merchants, tokens = [], {}
    for j in range(args.merchants):
        merchant = await create_merchant(SYSTEM, name=f"Bench merchant {j}", code=f"B{j:05d}")
        key = await create_api_key(
            SYSTEM, name=f"bench-{j}", scopes=[ApiKeyScope.EVENTS_READ, ApiKeyScope.MERCHANT_READ],
            merchant_id=merchant.id,
        )
        merchants.append(merchant.id)
        tokens[merchant.id] = key.secret
    operator = None
    if args.operators:
        email, password = "bench-operator@example.com", "bench-operator-password-1"
        await create_user(SYSTEM, email=email, name="Bench operator", password=password, role=Role.OPERATOR_ADMIN, merchant_id=None)
        operator = (email, password)
    return merchants, tokens, operator


async def run(args: argparse.Namespace, bench_env: dict[str, str]) -> bool:
    from backend.accounts.services import update_merchant
    from backend.core.authorization import SYSTEM
    from backend.core.db import close_pool, drop_database, open_pool
    from backend.core.redis import close_redis, redis
    import backend.events.outbox as outbox

    # ---- is the machine quiet? Other load skews every figure on a 2-core machine.
    busy0 = machine_busy_seconds()
    await asyncio.sleep(1.0)
    busy1 = machine_busy_seconds()
    idle_busy = 100 * (busy1[0] - busy0[0]) / max(busy1[1] - busy0[1], 1e-9)
    if idle_busy > 15:
        print(f"warning: the machine is {idle_busy:.0f}% busy before the benchmark starts; figures will be skewed",
              flush=True)

    # ---- database and data
    await drop_database(bench_env["DATABASE_URL"])
    subprocess.run([str(VENV_BIN / "packline"), "migrate"], cwd=ROOT, env=bench_env, check=True, stdout=subprocess.DEVNULL)
    await open_pool()
    try:
        merchants, tokens, operator = await setup_data(args)

        # ---- two API processes
        ports: list[int] = []
        for _ in range(2):
            ports.append(free_port(set(ports)))
        servers = [start_server(p, bench_env) for p in ports]
        await asyncio.gather(*(wait_ready(s) for s in servers))
        print("API processes: " + ", ".join(f"port {s.port} pid {s.process.pid}" for s in servers), flush=True)
        operator_token = await login(ports[0], *operator) if operator else None

        # ---- subscribers: operators first, then merchant subscribers grouped by merchant (k % M), each
        # merchant's subscribers alternating over the two processes
        sub_merchant: list = [None] * args.operators
        merchant_subs = args.subscribers - args.operators
        for j, m in enumerate(merchants):
            sub_merchant += [m] * len(range(j, merchant_subs, len(merchants)))
        sub_port = [ports[i % 2] for i in range(len(sub_merchant))]
        subs_of: dict = defaultdict(int)
        for m in sub_merchant:
            if m is not None:
                subs_of[m] += 1

        ctx = multiprocessing.get_context("spawn")
        conns = []
        for c in range(args.client_procs):
            assignments = [
                (i, sub_port[i], operator_token if sub_merchant[i] is None else tokens[sub_merchant[i]])
                for i in range(len(sub_merchant)) if (i // 2) % args.client_procs == c
            ]
            parent, child = ctx.Pipe()
            process = ctx.Process(
                target=client_process, args=(child, assignments, args.connect_concurrency, args.compression),
                daemon=True,
            )
            process.start()
            CLIENTS.append(process)
            conns.append(parent)

        started = time.monotonic()
        ready = await ask_async(conns, "connect")
        subscribed = sum(r[0] for r in ready)
        failures = sum(r[2] for r in ready)
        print(f"{subscribed}/{len(sub_merchant)} subscribed in {time.monotonic() - started:.1f}s"
              + (f" ({failures} failed, e.g. {[e for r in ready for e in r[1]][:3]})" if failures else ""), flush=True)
        await asyncio.sleep(1.0)

        # ---- warm-up: until every subscriber has received a warm-up event promptly (through live pub/sub)
        commit_at: dict[str, float] = {}
        original_publish = outbox.publish

        async def publish_and_stamp(events, *, source):  # noqa: ANN001, ANN202
            t = time.time()  # right after the commit, before the publish
            for e in events:
                name = e.payload.get("name")
                if name:
                    commit_at[name] = t
            await original_publish(events, source=source)

        outbox.publish = publish_and_stamp
        warm_ok = False
        for round_ in range(1, 4):
            names = [f"warm-{round_}-{j}" for j in range(len(merchants))]
            await asyncio.gather(*(update_merchant(SYSTEM, m, name=n) for n, m in zip(names, merchants)))
            committed = {n: commit_at[n] for n in names}
            deadline = time.monotonic() + 3
            while time.monotonic() < deadline:
                seen = sum(await ask_async(conns, "warm", committed))
                if seen >= subscribed:
                    warm_ok = True
                    break
                await asyncio.sleep(0.2)
            print(f"warm-up round {round_}: {seen}/{subscribed} subscribers received it live", flush=True)
            if warm_ok:
                break
        await asyncio.sleep(0.5)

        # ---- measured phase
        total = int(args.rate * args.duration)
        merchant_of: dict[str, object] = {}
        call_ms: list[float] = []
        next_i = 0
        lag_max = 0.0
        write_errors: list[str] = []
        start = time.perf_counter() + 0.05

        async def writer() -> None:
            nonlocal next_i, lag_max
            while next_i < total:
                i = next_i
                next_i += 1
                due = start + i / args.rate  # absolute schedule: no drift
                delay = due - time.perf_counter()
                if delay > 0:
                    await asyncio.sleep(delay)
                else:
                    lag_max = max(lag_max, -delay)
                name = f"bench-{i}"
                m = merchants[i % len(merchants)]
                merchant_of[name] = m
                t0 = time.perf_counter()
                try:
                    await update_merchant(SYSTEM, m, name=name)
                except Exception as error:  # noqa: BLE001
                    write_errors.append(repr(error))
                call_ms.append((time.perf_counter() - t0) * 1000)

        print(f"writing {total} events at {args.rate}/s for {args.duration}s with {args.writers} writer tasks ...", flush=True)
        cpu = CpuMeter({
            "api": [srv.process.pid for srv in servers],
            "writer": [os.getpid()],
            "clients": [c.pid for c in CLIENTS],
            "postgres*": pids_named("postgres"),
            "redis*": pids_named("redis-server"),
        })
        metrics_before = await server_metrics(ports)
        cpu.start()
        await asyncio.gather(*(writer() for _ in range(args.writers)))
        cpu.stop()
        outbox.publish = original_publish
        written = sum(1 for n in merchant_of if n in commit_at)
        stamps = [commit_at[n] for n in merchant_of if n in commit_at]
        first_commit, last_commit = min(stamps), max(stamps)

        expected = sum(subs_of[merchant_of[n]] + args.operators for n in merchant_of if n in commit_at)
        deadline = time.monotonic() + args.straggler_wait
        while time.monotonic() < deadline:
            if sum(await ask_async(conns, "count")) >= expected:
                break
            await asyncio.sleep(0.25)

        metrics_after = await server_metrics(ports)
        gap_fills = metrics_after["packline_events_gap_fills_total"] - metrics_before["packline_events_gap_fills_total"]
        results = await ask_async(conns, "finish")
        stop_clients()

        if args.dump:
            with open(args.dump, "w") as f:
                json.dump({
                    "commit_at": commit_at, "merchant_of": {n: str(m) for n, m in merchant_of.items()},
                    "sub_merchant": [str(m) if m else None for m in sub_merchant], "sub_port": sub_port,
                    "receipts": {idx: receipts for result in results for idx, receipts, _ in result},
                }, f)

        # ---- analysis
        received = dup = out_of_order = foreign = stalled = 0
        latencies: list[float] = []
        in_window = 0
        # Each subscriber's stream sees an event every `len(merchants) / rate` s (operators more often): a
        # silence far longer than that means live messages are not reaching it.
        stall_gap = max(STALL_GAP_SECONDS, 10 * len(merchants) / args.rate)
        sub_errors: list[str] = []
        for result in results:
            for idx, receipts, error in result:
                if error:
                    sub_errors.append(f"#{idx}: {error}")
                wanted_merchant = sub_merchant[idx]
                seen: set[str] = set()
                last_seq = 0
                for t, seq, name in receipts:
                    if seq <= last_seq:
                        out_of_order += 1
                    last_seq = max(last_seq, seq)
                    if not name.startswith("bench-"):
                        continue
                    m = merchant_of.get(name)
                    if m is None or (wanted_merchant is not None and m != wanted_merchant):
                        foreign += 1
                        continue
                    if name in seen:
                        dup += 1
                        continue
                    seen.add(name)
                    received += 1
                    latency = (t - commit_at[name]) * 1000
                    latencies.append(latency)
                    if first_commit <= t <= last_commit:
                        in_window += 1
                arrivals = sorted(t for t, _, name in receipts if name.startswith("bench-"))
                gaps = [b - a for a, b in zip([first_commit, *arrivals], arrivals)]
                if gaps and max(gaps) > stall_gap:
                    stalled += 1
        latencies.sort()
        lost = expected - received
        window = max(last_commit - first_commit, 1e-9)
        achieved_rate = (written - 1) / window if written > 1 else 0.0
        call_ms.sort()
        p = {q: percentile(latencies, q) for q in (50, 95, 99)}
        rate_ok = achieved_rate >= 0.98 * args.rate
        met = bool(latencies) and p[99] <= TARGET_P99_MS and lost == 0 and dup == 0 and out_of_order == 0 and foreign == 0 and rate_ok and not write_errors

        print()
        print(
            f"subscribers={subscribed}/{args.subscribers} merchants={args.merchants} operators={args.operators} "
            f"rate={args.rate:g}/s duration={args.duration:g}s api_processes=2 client_processes={args.client_procs} "
            f"writers={args.writers} client offers compression={args.compression or 'none'}"
        )
        print(f"  written        {written} events ({achieved_rate:.1f}/s achieved; write errors {len(write_errors)}; "
              f"max schedule lag {lag_max * 1000:.1f} ms)")
        print(f"  write call     update_merchant ms p50={percentile(call_ms, 50):.1f} p99={percentile(call_ms, 99):.1f} "
              f"max={call_ms[-1] if call_ms else float('nan'):.1f}")
        print(f"  deliveries     expected={expected} received={received} lost={lost} dup={dup} "
              f"out_of_order={out_of_order} foreign={foreign}")
        print(f"  latency ms     p50={p[50]:.1f} p95={p[95]:.1f} p99={p[99]:.1f} "
              f"max={latencies[-1] if latencies else float('nan'):.1f}  (commit -> client receipt)")
        print(f"  deliveries/s   {in_window / window:.0f} (during the writing window, {window:.1f}s)")
        print(f"  cpu            {cpu.report()}  (% of one core while writing; * = machine-wide, shared)")
        if in_window:
            api_us = cpu.percent["api"] / 100 * window / in_window * 1e6
            print(f"  api cost       {api_us:.0f} us of API CPU per delivery "
                  f"(so 2 cores could at best deliver {2e6 / api_us:.0f}/s with nothing else running)")
        print(f"  server         outbox gap fills={gap_fills:.0f} (a subscriber read missed pub/sub messages from the outbox)")
        if cpu.others > 20:
            print(f"  warning: other processes used {cpu.others:.0f}% of a core while writing; the figures are skewed")
        if stalled:
            print(f"  stalled        {stalled} subscribers heard nothing for > {stall_gap:.0f}s while their events were "
                  "written: live messages do not reach them, only the stream's periodic outbox re-check does")
        if sub_errors:
            print(f"  subscriber errors: {len(sub_errors)}, e.g. {sub_errors[:3]}")
        if write_errors:
            print(f"  write errors, e.g. {write_errors[:3]}")
        if not warm_ok:
            print(f"  warning: not every subscriber received a warm-up event live (within {WARM_LIVE_SECONDS:g}s)")
        print(f"  target         p99 <= {TARGET_P99_MS:.0f} ms, 0 lost, {args.rate:g}/s written: "
              f"{'MET' if met else 'MISSED'}")
        return met
    finally:
        stop_clients()
        stop_servers()
        try:
            r = redis()
            namespace = bench_env["REDIS_NAMESPACE"]
            async for k in r.scan_iter(match=f"{namespace}:*", count=1000):
                await r.delete(k)
        except Exception:  # noqa: BLE001
            pass
        await close_pool()
        await close_redis()


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("--subscribers", type=int, default=1000)
    parser.add_argument("--merchants", type=int, default=100)
    parser.add_argument("--operators", type=int, default=10, help="subscribers that see every merchant's events")
    parser.add_argument("--rate", type=float, default=200, help="events written per second")
    parser.add_argument("--duration", type=float, default=30, help="seconds of writing")
    parser.add_argument("--writers", type=int, default=4, help="concurrent writer tasks sharing the schedule")
    parser.add_argument("--client-procs", type=int, default=2, help="processes running the websocket clients")
    parser.add_argument("--connect-concurrency", type=int, default=50, help="handshakes in flight per client process")
    parser.add_argument("--compression", choices=["deflate", "none"], default="deflate",
                        help="permessage-deflate, as browsers negotiate it, or none")
    parser.add_argument("--straggler-wait", type=float, default=10, help="seconds to wait for late deliveries")
    parser.add_argument("--dump", metavar="PATH", help="write the raw commit and receipt times as JSON")
    args = parser.parse_args()
    if args.compression == "none":
        args.compression = None
    if args.operators > args.subscribers or args.merchants < 1 or args.subscribers - args.operators < 0:
        parser.error("need 0 <= operators <= subscribers and at least one merchant")
    return args


def main() -> int:
    args = parse_args()
    env = dict(os.environ)
    env.update(
        DATABASE_URL=bench_database_url(),
        REDIS_NAMESPACE=f"packline-bench-{os.getpid()}",
        PICCOLO_CONF="backend.piccolo_conf",
        RATE_LIMIT_BURST_POINTS="100000000",
        RATE_LIMIT_POINTS_PER_SECOND="100000000",
    )
    env.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")
    os.environ.update(env)  # before the backend reads its settings
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    try:
        met = asyncio.run(run(args, env))
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    finally:
        stop_clients()
        stop_servers()
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
