"""Ends live websocket subscriptions once the credential they were opened with expires or is revoked."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from uuid import UUID

from litestar import WebSocket

from backend.accounts.services import revoked_among
from backend.core.authorization import Actor

log = logging.getLogger(__name__)

# How often revocations (logout, deactivation, key revocation) are looked for.
REVALIDATE_SECONDS = 5.0
# The websocket close code graphql-ws clients treat as "sign in again".
SESSION_ENDED = 4403


class Watch:
    """One watched subscription: `ended` turns true when its credential is no longer valid."""

    def __init__(self, on_end: Callable[[], None]) -> None:
        self.ended = False
        self._on_end = on_end
        self._expiry: asyncio.TimerHandle | None = None

    def end(self) -> None:
        if not self.ended:
            self.ended = True
            self._on_end()


class SessionWatch:
    """One per process. A single task looks up every watched credential in one Redis round trip every few
    seconds, and expiry is a timer per subscription: a process holding a thousand subscriptions no longer wakes
    a thousand tasks, all opened in the same second after a deploy, to ask Redis a thousand questions."""

    def __init__(self, interval: float = REVALIDATE_SECONDS) -> None:
        self.interval = interval
        self._watches: dict[UUID, set[Watch]] = {}
        self._task: asyncio.Task[None] | None = None

    def watch(self, actor: Actor, on_end: Callable[[], None]) -> Watch:
        watch = Watch(on_end)
        if actor.expires_at is not None:
            delay = max(actor.expires_at.timestamp() - time.time(), 0.0)
            watch._expiry = asyncio.get_running_loop().call_later(delay, watch.end)
        if actor.credential_id is not None:
            self._watches.setdefault(actor.credential_id, set()).add(watch)
            if self._task is None or self._task.done():
                self._task = asyncio.create_task(self._check_revocations())
        return watch

    def unwatch(self, actor: Actor, watch: Watch) -> None:
        if watch._expiry is not None:
            watch._expiry.cancel()
        if actor.credential_id is not None:
            watches = self._watches.get(actor.credential_id)
            if watches is not None:
                watches.discard(watch)
                if not watches:
                    del self._watches[actor.credential_id]

    async def _check_revocations(self) -> None:
        while self._watches:
            await asyncio.sleep(self.interval)
            try:
                revoked = await revoked_among(list(self._watches))
            except Exception:  # noqa: BLE001 - Redis away: keep the sockets, look again next round
                log.warning("could not check live sessions for revocation", exc_info=True)
                continue
            for credential_id in revoked:
                for watch in list(self._watches.pop(credential_id, ())):
                    watch.end()


sessions = SessionWatch()


def end_session(socket: WebSocket) -> None:
    """Close with the code graphql-ws clients take as "sign in again"; the socket's other subscriptions end too."""

    async def close() -> None:
        try:
            await socket.close(SESSION_ENDED, "Session ended")
        except Exception:  # noqa: BLE001 - already closed by another subscription or the client
            pass

    task = asyncio.create_task(close())
    _closing.add(task)
    task.add_done_callback(_closing.discard)


_closing: set[asyncio.Task[None]] = set()
