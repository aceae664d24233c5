"""The graphql-transport-ws handler, opened up so a subscription can send an event's shared payload itself.

Upstream behaviour changed (strawberry-graphql 0.341.2,
`strawberry/subscriptions/protocols/graphql_transport_ws/handlers.py`): Strawberry executes a subscription's
selection for every event and every subscriber, and its handler (`BaseGraphQLTransportWSHandler`, installed
through the view's `graphql_transport_ws_handler_class`) keeps to itself which operation a task serves and the
socket it writes to. This subclass puts itself on the operation's context (`context.transport`), finds the
operation id of the running task in the handler's `operations` (each an `Operation` with its `task`), and writes
text straight to the Litestar socket behind Strawberry's adapter (`websocket.ws`, set by
`strawberry.litestar.controller.LitestarWebSocketAdapter`). With these, `backend/api/events/prerendered.py`
renders an event's `next` payload once per process and selection, and each subscriber only sends it under its
own operation id. Why: the API's CPU per delivery halved and its latency stopped queueing under bench/fanout.py
(1,000 subscribers, 200 events/s; commit a1023d2).

`backend.api.engine.selfcheck` checks the handler's constructor, the attributes it sets and the adapter's `ws`.
Guard tests: tests/integration/test_events.py, `test_shared_payloads_equal_what_execution_produces` (the shared
payload equals what execution gives) and the other live-event tests, which run through this handler.
"""

from __future__ import annotations

import asyncio
from typing import Any

from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import BaseGraphQLTransportWSHandler


class LiveTransportHandler(BaseGraphQLTransportWSHandler):
    """Strawberry's graphql-transport-ws handler, reachable from resolvers so shared payloads can be sent."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.context.transport = self

    def operation_of_current_task(self) -> str | None:
        """The id of the operation the running task serves, or None outside the handler's operations."""
        task = asyncio.current_task()
        for operation_id, operation in self.operations.items():
            if operation.task is task:
                return operation_id
        return None

    async def send_text(self, text: str) -> None:
        """Sends an already encoded protocol message as it is."""
        await self.websocket.ws.send_data(data=text)  # type: ignore[attr-defined]
