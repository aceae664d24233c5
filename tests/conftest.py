"""Test session: a throwaway PostgreSQL database and Redis namespace, migrated, and two real API processes.

Everything runs against the real services; the environment is set before `backend` is imported so that its
cached settings pick the test database.
"""

from __future__ import annotations

import asyncio
import os
import socket
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
RUN_ID = uuid.uuid4().hex[:10]

_base = urlsplit(os.environ.get("DATABASE_URL") or "postgresql://postgres@127.0.0.1:5432/packline")
TEST_DATABASE_URL = urlunsplit(_base._replace(path=f"/packline_test_{RUN_ID}"))
with socket.socket() as _socket:
    _socket.bind(("127.0.0.1", 0))
    # The local DHL (`dhl_peer`) listens here; the API processes and the worker in the tests call it.
    DHL_PEER_PORT = _socket.getsockname()[1]
with socket.socket() as _socket:
    _socket.bind(("127.0.0.1", 0))
    # The test SMTP server (`mail_server`) listens here; the worker's notifications go to it.
    SMTP_PORT = _socket.getsockname()[1]
os.environ.update(
    {
        "DATABASE_URL": TEST_DATABASE_URL,
        "PACKLINE_TEST_DATABASE_URL": TEST_DATABASE_URL,
        "PICCOLO_CONF": "tests.piccolo_conf_test",
        "REDIS_NAMESPACE": f"packline-test-{RUN_ID}",
        "ENVIRONMENT": "development",
        # Tests pretend to come from many client addresses through the local "proxy".
        "FORWARDED_ALLOW_IPS": "127.0.0.1",
        "DATABASE_POOL_MAX": "10",
        "DHL_BASE_URL": f"http://127.0.0.1:{DHL_PEER_PORT}",
        "DHL_API_KEY": "packline-demo-dhl-key",
        "DHL_USER": "user-valid",
        "DHL_PASSWORD": "SandboxPasswort2023!",
        "DHL_TIMEOUT_SECONDS": "3",
        # Uploaded files (return photos) of this run, shared by the API processes, the worker and the tests.
        "STORAGE_BACKEND": "local",
        "STORAGE_DIR": str(Path(tempfile.gettempdir()) / f"packline-test-storage-{RUN_ID}"),
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(SMTP_PORT),
        "SMTP_SECURITY": "none",
        "SMTP_TIMEOUT_SECONDS": "3",
        "NOTIFICATION_RETRY_BASE_SECONDS": "0.2",
        "NOTIFICATION_MAX_ATTEMPTS": "4",
    }
)

from backend.core import db as _db  # noqa: E402
from backend.core.redis import close_redis, redis  # noqa: E402
from backend.migrations import migrate  # noqa: E402
from backend.reactions import register_reactions  # noqa: E402
from tests.support import ApiServer  # noqa: E402


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_server(env_overrides: dict[str, str] | None = None) -> ApiServer:
    port = _free_port()
    env = {**os.environ, **(env_overrides or {})}
    log = open(ROOT / ".run" / f"test-api-{port}.log", "w")  # noqa: SIM115
    process = subprocess.Popen(
        [sys.executable, "-m", "backend.cli", "serve", "--port", str(port)],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    server = ApiServer(f"http://127.0.0.1:{port}", process, port)
    server.wait_ready()
    return server


@pytest.fixture(scope="session", autouse=True)
async def database():
    (ROOT / ".run").mkdir(exist_ok=True)
    await migrate()
    register_reactions()  # as the app and the worker do
    await _db.open_pool()
    yield TEST_DATABASE_URL
    await _db.close_pool()
    client = redis()
    keys = [k async for k in client.scan_iter(match=f"packline-test-{RUN_ID}:*", count=1000)]
    if keys:
        await client.delete(*keys)
    await close_redis()
    await _db.drop_database(TEST_DATABASE_URL)
    shutil.rmtree(os.environ["STORAGE_DIR"], ignore_errors=True)


@pytest.fixture(scope="session")
def api_servers(database):
    """Two API processes on the same database and Redis, as behind a load balancer."""
    servers = [_start_server(), _start_server()]
    yield servers
    for server in servers:
        server.stop()


@pytest.fixture(scope="session")
def api(api_servers) -> ApiServer:
    return api_servers[0]


@pytest.fixture
def start_api_server(database):
    """Start an extra API process with other settings; stopped after the test."""
    started: list[ApiServer] = []

    def start(**env: str) -> ApiServer:
        server = _start_server(env)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


def pytest_configure(config):  # noqa: ANN001
    config.addinivalue_line("markers", "slow: takes several seconds")


__all__ = ["asyncio", "time"]


@pytest.fixture(scope="session")
async def dhl_peer():
    """The local DHL Parcel DE the API and the worker are pointed at (DHL_BASE_URL), for the whole session."""
    from backend.demo.dhl_peer import DhlPeer, serving

    async with serving(DhlPeer(), DHL_PEER_PORT) as peer:
        yield peer


@pytest.fixture(scope="session", autouse=True)
def mail_server():
    """The SMTP server every worker in the tests sends notifications to (aiosmtpd), for the whole session."""
    from tests.mail_inbox import MailServer

    server = MailServer(SMTP_PORT)
    server.start()
    yield server
    server.stop()
