"""What the HTTP benchmarks share: their own database URL, real API processes (`packline serve`) started and
stopped around a run, sign-in, a lean keep-alive HTTP/1.1 GraphQL client, percentiles and CPU accounting.

Not a benchmark itself (scripts/bench.sh runs only `bench/*.py`). Imports nothing from `backend` at module
level, so a benchmark can set its environment before the backend reads its settings.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
LOG_DIR = ROOT / ".run" / "bench"
MIN_PORT = 8200  # below: `make run` (8000) and the end-to-end tests (8100-8199)


def database_url(name: str) -> str:
    base = os.environ.get("DATABASE_URL") or "postgresql://postgres@127.0.0.1:5432/packline"
    return urlunsplit(urlsplit(base)._replace(path=f"/{name}"))


def bench_environment(database: str, namespace: str) -> dict[str, str]:
    """The environment of the benchmark and its API processes: its own database and Redis namespace, and a
    rate limit high enough not to refuse the load (it is still checked on every request)."""
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url(database),
        REDIS_NAMESPACE=f"{namespace}-{os.getpid()}",
        PICCOLO_CONF="backend.piccolo_conf",
        RATE_LIMIT_BURST_POINTS="1000000000",
        RATE_LIMIT_POINTS_PER_SECOND="1000000000",
        ENVIRONMENT=os.environ.get("ENVIRONMENT", "development"),
    )
    env.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")
    return env


def run_benchmark(main: Callable[[Any, dict[str, str]], Awaitable[bool]], arguments: Any, database: str,
                  namespace: str) -> NoReturn:
    """Run `main(arguments, env)` in the benchmark's environment (set before the backend reads its settings),
    on uvloop when it is there; exit 0 when it returns true, 1 when not, 130 when interrupted."""
    environment = bench_environment(database, namespace)
    os.environ.update(environment)
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    try:
        sys.exit(0 if asyncio.run(main(arguments, environment)) else 1)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        sys.exit(130)


def migrations_fingerprint() -> str:
    """Changes whenever a migration file changes (raw migrations can change in place before they ship)."""
    digest = hashlib.sha256()
    for path in sorted((ROOT / "backend").glob("*/piccolo_migrations/*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def percentile(values: list[float], p: float) -> float:
    """Linear interpolation between closest ranks; NaN for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo = int(k)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


# ------------------------------------------------------------------------------------------------ API processes


@dataclass
class Server:
    port: int
    process: subprocess.Popen
    log_path: Path


@dataclass
class Servers:
    env: dict[str, str]
    running: list[Server] = field(default_factory=list)

    def start(self, count: int) -> list[Server]:
        LOG_DIR.mkdir(parents=True, exist_ok=True)
        for _ in range(count):
            port = free_port({s.port for s in self.running})
            log_path = LOG_DIR / f"api-{port}.log"
            log = open(log_path, "wb")  # noqa: SIM115 - the process writes to it until it stops
            process = subprocess.Popen(
                [str(VENV_BIN / "packline"), "serve", "--port", str(port)],
                cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )
            self.running.append(Server(port, process, log_path))
        return self.running

    async def wait_ready(self, timeout: float = 60) -> None:
        await asyncio.gather(*(_wait_ready(s, timeout) for s in self.running))

    def stop(self) -> None:
        for server in self.running:
            if server.process.poll() is None:
                server.process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 15
        for server in self.running:
            try:
                server.process.wait(max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                server.process.kill()
                server.process.wait()
        self.running.clear()


def free_port(taken: set[int]) -> int:
    while True:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port >= MIN_PORT and port not in taken:
            return port


async def _wait_ready(server: Server, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if server.process.poll() is not None:
            raise RuntimeError(f"API on port {server.port} exited; see {server.log_path}")
        try:
            status, _ = await http_get(server.port, "/health/ready")
            if status == 200:
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"API on port {server.port} not ready after {timeout:.0f}s; see {server.log_path}")
        await asyncio.sleep(0.2)


async def http_get(port: int, path: str) -> tuple[int, bytes]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        await writer.drain()
        return await _read_response(reader)
    finally:
        writer.close()


# ------------------------------------------------------------------------------------------------ the client


class GraphQLConnection:
    """One keep-alive HTTP/1.1 connection posting GraphQL requests, with as little client CPU as possible
    (the client shares the machine with the server it measures)."""

    def __init__(self, port: int, token: str | None = None) -> None:
        self.port = port
        self.token = token
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def _connect(self) -> None:
        self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)

    async def post(self, query: str, variables: dict | None = None, token: str | None = None) -> tuple[int, dict]:
        body = json.dumps({"query": query, "variables": variables or {}}, separators=(",", ":")).encode()
        auth = token or self.token
        head = (f"POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                f"Accept: application/json\r\nContent-Length: {len(body)}\r\n"
                + (f"Authorization: Bearer {auth}\r\n" if auth else "") + "\r\n").encode()
        for attempt in (1, 2):
            if self.writer is None:
                await self._connect()
            try:
                self.writer.write(head + body)
                status, payload = await _read_response(self.reader)
                return status, json.loads(payload)
            except (ConnectionError, asyncio.IncompleteReadError):
                self.close()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
    if "content-length" in headers:
        return status, await reader.readexactly(int(headers["content-length"]))
    if headers.get("transfer-encoding", "").lower() == "chunked":
        chunks = []
        while True:
            size = int((await reader.readuntil(b"\r\n")).strip().split(b";")[0], 16)
            if size == 0:
                await reader.readuntil(b"\r\n")
                return status, b"".join(chunks)
            chunks.append(await reader.readexactly(size))
            await reader.readexactly(2)
    return status, await reader.read()


async def login(port: int, email: str, password: str) -> str:
    connection = GraphQLConnection(port)
    try:
        _, body = await connection.post(
            "mutation($e: String!, $p: String!) { login(input: {email: $e, password: $p}) { token errors { message } } }",
            {"e": email, "p": password},
        )
    finally:
        connection.close()
    token = ((body.get("data") or {}).get("login") or {}).get("token")
    if not token:
        raise RuntimeError(f"login of {email} failed: {body}")
    return token


# ------------------------------------------------------------------------------------------------ CPU


def cpu_seconds(pid: int) -> float:
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


def machine_busy() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine, summed over cores."""
    with open("/proc/stat") as f:
        values = [int(v) for v in f.readline().split()[1:9]]
    tick = os.sysconf("SC_CLK_TCK")
    return (sum(values) - values[3] - values[4]) / tick, sum(values) / tick


class CpuMeter:
    """CPU each part of a benchmark used between start() and stop(), in % of one core, and what the rest of
    the machine (other people's work on a shared machine) used meanwhile."""

    def __init__(self, groups: dict[str, list[int]]) -> None:
        self.groups = groups

    def _sample(self) -> dict[str, float]:
        return {name: sum(cpu_seconds(p) for p in pids) for name, pids in self.groups.items()}

    def start(self) -> None:
        self.t0, self.before, self.machine0 = time.monotonic(), self._sample(), machine_busy()

    def stop(self) -> None:
        elapsed = max(time.monotonic() - self.t0, 1e-9)
        after, machine1 = self._sample(), machine_busy()
        self.percent = {name: 100 * (after[name] - self.before[name]) / elapsed for name in self.groups}
        busy, total = machine1[0] - self.machine0[0], machine1[1] - self.machine0[1]
        self.machine_percent = 100 * busy / total if total else float("nan")
        self.others = max(self.machine_percent * (os.cpu_count() or 1) - sum(self.percent.values()), 0.0)

    def report(self) -> str:
        parts = " ".join(f"{name}={value:.0f}%" for name, value in self.percent.items())
        return f"{parts} other-processes={self.others:.0f}% (machine {self.machine_percent:.0f}% busy of {os.cpu_count()} cores)"


async def machine_idle_check() -> str | None:
    """A warning when the machine is busy before the benchmark starts (the figures will be skewed)."""
    busy0 = machine_busy()
    await asyncio.sleep(1.0)
    busy1 = machine_busy()
    percent = 100 * (busy1[0] - busy0[0]) / max(busy1[1] - busy0[1], 1e-9)
    if percent > 15:
        return f"warning: the machine is {percent:.0f}% busy before the benchmark starts; figures will be skewed"
    return None
