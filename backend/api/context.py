"""The per-request (or per-websocket) GraphQL context and per-operation DataLoaders."""

from __future__ import annotations

import contextvars
from typing import Any

from strawberry.litestar import BaseContext

from backend.core.authorization import ANONYMOUS, Actor


class Context(BaseContext, kw_only=True):
    # Declared so Strawberry keeps the websocket's connection_init payload on the context.
    connection_params: dict[str, Any] | None = None
    actor: Actor = ANONYMOUS
    client_address: str = ""
    user_agent: str = ""
    # Set when the rate limit refused the request, so the HTTP layer can answer 429.
    retry_after: int | None = None
    request_error: bool = False
    # The websocket's graphql-transport-ws handler, for subscriptions that send shared payloads themselves.
    transport: Any = None


async def context_getter() -> Context:
    return Context()


class Loaders:
    """DataLoaders of one operation. Created per operation (and per subscription event), never per connection,
    so a long-lived websocket never serves stale rows from an old cache."""

    def __init__(self) -> None:
        self._loaders: dict[str, Any] = {}

    def get(self, name: str, factory):  # noqa: ANN001
        loader = self._loaders.get(name)
        if loader is None:
            loader = self._loaders[name] = factory()
        return loader


_current_loaders: contextvars.ContextVar[Loaders | None] = contextvars.ContextVar("loaders", default=None)


def fresh_loaders() -> None:
    _current_loaders.set(Loaders())


def loaders() -> Loaders:
    current = _current_loaders.get()
    if current is None:
        current = Loaders()
        _current_loaders.set(current)
    return current


def batch_loader(info, name: str, fetch):  # noqa: ANN001, ANN201
    """This operation's DataLoader for `fetch(actor, keys) -> {key: value}` (missing keys load as None)."""
    from strawberry.dataloader import DataLoader

    actor = info.context.actor

    async def load(keys: list):  # noqa: ANN202
        found = await fetch(actor, keys)
        return [found.get(k) for k in keys]

    return loaders().get(name, lambda: DataLoader(load_fn=load))
