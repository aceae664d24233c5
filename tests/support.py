"""Helpers for talking to the real API: HTTP GraphQL calls, websocket subscriptions, and test data."""

from __future__ import annotations

import asyncio
import json
import subprocess
import time
import uuid
from dataclasses import dataclass
from typing import Any

import httpx
import websockets

from backend.accounts.services import create_api_key, create_merchant, create_user
from backend.accounts.tables import Merchant, User
from backend.core.authorization import SYSTEM, ApiKeyScope, Role
from backend.core.ids import to_global_id

PASSWORD = "correct horse battery"
ROOT_DIR = __import__("pathlib").Path(__file__).resolve().parent.parent


@dataclass
class ApiServer:
    url: str
    process: subprocess.Popen
    port: int

    @property
    def ws_url(self) -> str:
        return self.url.replace("http://", "ws://") + "/graphql"

    def wait_ready(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"API process on port {self.port} exited with {self.process.returncode}")
            try:
                if httpx.get(self.url + "/health/live", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"API on port {self.port} did not become ready")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()

    async def post(self, body: Any, *, token: str | None = None, headers: dict[str, str] | None = None,
                   content: bytes | None = None) -> httpx.Response:
        all_headers = {"accept": "application/graphql-response+json"}
        if token:
            all_headers["authorization"] = f"Bearer {token}"
        all_headers.update(headers or {})
        async with httpx.AsyncClient(base_url=self.url, timeout=30) as client:
            if content is not None:
                return await client.post("/graphql", content=content, headers=all_headers)
            return await client.post("/graphql", json=body, headers=all_headers)

    async def gql(self, query: str, variables: dict | None = None, *, token: str | None = None,
                  headers: dict[str, str] | None = None) -> dict:
        response = await self.post({"query": query, "variables": variables or {}}, token=token, headers=headers)
        assert response.status_code in (200, 400, 429), response.text
        return response.json()

    async def login(self, email: str, password: str = PASSWORD, *, address: str | None = None) -> str:
        headers = {"x-forwarded-for": address} if address else None
        result = await self.gql(
            "mutation($i: LoginInput!) { login(input: $i) { token errors { code message } } }",
            {"i": {"email": email, "password": password}},
            headers=headers,
        )
        payload = result["data"]["login"]
        assert payload["errors"] == [], payload
        return payload["token"]


def unique(prefix: str = "t") -> str:
    return f"{prefix}{uuid.uuid4().hex[:8]}"


def gid(type_name: str, local: Any) -> str:
    return to_global_id(type_name, local)


@dataclass
class Tenant:
    merchant: Merchant
    admin: User
    staff: User

    @property
    def merchant_gid(self) -> str:
        return gid("Merchant", self.merchant.id)


async def make_merchant() -> Merchant:
    code = unique("M")[:12].upper()
    return await create_merchant(SYSTEM, name=f"Merchant {code}", code=code)


async def make_user(role: Role, merchant: Merchant | None = None, email: str | None = None) -> User:
    return await create_user(
        SYSTEM, email=email or f"{unique(role.value.lower())}@example.test", name=f"{role.value} person",
        password=PASSWORD, role=role, merchant_id=merchant.id if merchant else None,
    )


async def make_tenant() -> Tenant:
    merchant = await make_merchant()
    return Tenant(merchant, await make_user(Role.MERCHANT_ADMIN, merchant), await make_user(Role.MERCHANT_STAFF, merchant))


async def make_api_key(merchant: Merchant, scopes: list[ApiKeyScope]) -> str:
    return (await create_api_key(SYSTEM, name=unique("key"), scopes=scopes, merchant_id=merchant.id)).secret


CALLER_ROLES = ["ANONYMOUS", "OPERATOR_ADMIN", "OPERATOR_STAFF", "WAREHOUSE", "MERCHANT_ADMIN", "MERCHANT_STAFF",
                "API_KEY"]


async def tokens_of_every_role(api: ApiServer, home: Tenant) -> dict[str, str | None]:
    """A bearer token for each of `CALLER_ROLES`: fresh operator and warehouse users, `home`'s merchant users and
    an API key of `home` with every scope (anonymous: None)."""
    return {
        "ANONYMOUS": None,
        "OPERATOR_ADMIN": await api.login((await make_user(Role.OPERATOR_ADMIN)).email),
        "OPERATOR_STAFF": await api.login((await make_user(Role.OPERATOR_STAFF)).email),
        "WAREHOUSE": await api.login((await make_user(Role.WAREHOUSE)).email),
        "MERCHANT_ADMIN": await api.login(home.admin.email),
        "MERCHANT_STAFF": await api.login(home.staff.email),
        "API_KEY": await make_api_key(home.merchant, list(ApiKeyScope)),
    }


async def run_worker_burst() -> None:
    """A real arq worker with the production settings, in burst mode: it runs what is due, then stops."""
    from arq.worker import Worker

    from worker.settings import WorkerSettings

    worker = Worker(**{k: v for k, v in vars(WorkerSettings).items() if not k.startswith("_")}, burst=True, poll_delay=0.05)
    try:
        await worker.main()
    finally:
        await worker.close()


class Subscription:
    """A graphql-transport-ws client holding one subscription, as a browser would."""

    def __init__(self, server: ApiServer, token: str | None, query: str, variables: dict | None = None) -> None:
        self.server, self.token, self.query, self.variables = server, token, query, variables or {}
        self.ws: websockets.ClientConnection | None = None
        self.received: list[dict] = []

    async def __aenter__(self) -> Subscription:
        self.ws = await websockets.connect(self.server.ws_url, subprotocols=["graphql-transport-ws"])
        payload = {"authorization": f"Bearer {self.token}"} if self.token else {}
        await self.ws.send(json.dumps({"type": "connection_init", "payload": payload}))
        ack = json.loads(await asyncio.wait_for(self.ws.recv(), 5))
        assert ack["type"] == "connection_ack", ack
        await self.ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": self.query, "variables": self.variables}}))
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self.ws is not None:
            await self.ws.close()

    async def next_message(self, timeout: float = 5) -> dict:
        assert self.ws is not None
        while True:
            message = json.loads(await asyncio.wait_for(self.ws.recv(), timeout))
            if message["type"] == "ping":
                await self.ws.send(json.dumps({"type": "pong"}))
                continue
            return message

    async def next_event(self, timeout: float = 5) -> dict:
        message = await self.next_message(timeout)
        assert message["type"] == "next", message
        assert "errors" not in message["payload"], message
        event = message["payload"]["data"]["events"]
        self.received.append(event)
        return event

    async def collect(self, count: int, timeout: float = 10) -> list[dict]:
        deadline = time.monotonic() + timeout
        events = []
        while len(events) < count:
            events.append(await self.next_event(max(deadline - time.monotonic(), 0.01)))
        return events

    async def expect_silence(self, seconds: float = 1.0) -> None:
        try:
            message = await self.next_message(seconds)
        except TimeoutError:
            return
        raise AssertionError(f"expected no message, got {message}")


EVENT_FIELDS = "seq topic type merchantId entityId payload actor { kind label }"


async def make_warehouse(bins: int = 4):  # noqa: ANN201
    """A warehouse with bins B-01 … B-0n."""
    from backend.catalog.services import create_locations, create_warehouse

    warehouse = await create_warehouse(SYSTEM, code=unique("W")[:10].upper(), name="Test warehouse")
    await create_locations(SYSTEM, warehouse.id, [f"B-{i:02d}" for i in range(1, bins + 1)])
    return warehouse


def ean13(first12: str) -> str:
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(first12))
    return first12 + str((10 - total % 10) % 10)


def random_ean() -> str:
    import random

    return ean13("4" + "".join(random.choice("0123456789") for _ in range(11)))


async def make_product(merchant: Merchant, **values):  # noqa: ANN003, ANN201
    from backend.catalog.services import create_product

    return await create_product(SYSTEM, merchant_id=merchant.id, sku=values.pop("sku", unique("SKU-")),
                                values={"name": "Test product", **values})


async def put_stock(product, warehouse, quantity: int, bin_code: str = "B-01"):  # noqa: ANN001, ANN201
    from backend.stock.services import MovementReason, adjust_stock

    return await adjust_stock(SYSTEM, product_id=product.id, warehouse_id=warehouse.id, quantity=quantity,
                              reason=MovementReason.ADJUSTMENT, note="test stock", location_code=bin_code)
