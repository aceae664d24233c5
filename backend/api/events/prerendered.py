"""Live events rendered once per process, not once per subscriber.

An `events` subscription that selects only the event's own fields (seq, topic, type, occurredAt, merchantId,
entityId, payload, actor { kind label }, __typename — what the dashboard and most integrations ask for) gets the
same `next` payload for an event as every other subscriber with that selection. Such subscriptions skip
GraphQL execution per event: the payload is rendered once per (selection, event) and each subscriber only adds
its operation id and sends the text. Selections that need per-subscriber resolution (`entity`, fragments,
directives) take the ordinary path. The subscription's start — validation, limits, authorization, argument
errors — always goes through Strawberry as before; only the per-event delivery is shared. What this needs of
Strawberry's websocket handler (the operation a task serves, sending text as it is) is the engine's
`LiveTransportHandler` (backend/api/engine/websocket.py).
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import AsyncGenerator
from typing import Any

import msgspec
from strawberry.types import Info
from strawberry.types.nodes import SelectedField

from backend.api.engine.websocket import LiveTransportHandler
from backend.api.events.types import Event
from backend.events.outbox import StoredEvent

EVENT_FIELDS = frozenset({"seq", "topic", "type", "occurredAt", "merchantId", "entityId", "payload", "__typename", "actor"})
ACTOR_FIELDS = frozenset({"kind", "label", "__typename"})

# (response key, field name, sub-plan for `actor`)
FieldPlan = tuple[str, str, tuple[tuple[str, str], ...] | None]
Plan = tuple[str, tuple[FieldPlan, ...]]


def plan_for(info: Info) -> Plan | None:
    """How to render this subscription's selection without executing it, or None when it must be executed."""
    roots = info.selected_fields
    if len(roots) != 1 or roots[0].directives:
        return None
    fields: list[FieldPlan] = []
    for selection in roots[0].selections:
        if not isinstance(selection, SelectedField) or selection.directives or selection.arguments:
            return None
        if selection.name not in EVENT_FIELDS:
            return None
        key = selection.alias or selection.name
        if selection.name == "actor":
            sub: list[tuple[str, str]] = []
            for inner in selection.selections:
                if not isinstance(inner, SelectedField) or inner.directives or inner.name not in ACTOR_FIELDS:
                    return None
                sub.append((inner.alias or inner.name, inner.name))
            fields.append((key, "actor", tuple(sub)))
        else:
            fields.append((key, selection.name, None))
    return (str(info.path.key), tuple(fields))


def _value(event: Event, name: str) -> Any:
    if name == "__typename":
        return "Event"
    if name == "topic":
        return event.topic.name
    if name == "occurredAt":
        return event.occurred_at.isoformat()
    if name == "merchantId":
        return event.merchant_id
    if name == "entityId":
        return event.entity_id
    return getattr(event, name)


def render(plan: Plan, stored: StoredEvent) -> str:
    """The `next` payload for this selection and event, rendered once per process."""
    cache_key = (plan, stored.seq)
    cached = _rendered.get(cache_key)
    if cached is not None and cached[0] is stored:
        return cached[1]
    event = Event.from_stored(stored)
    data: dict[str, Any] = {}
    for key, name, sub in plan[1]:
        if sub is None:
            data[key] = _value(event, name)
        else:
            data[key] = {k: ("EventActor" if n == "__typename" else getattr(event.actor, n)) for k, n in sub}
    text = msgspec.json.encode({"data": {plan[0]: data}}).decode()
    _rendered[cache_key] = (stored, text)
    if len(_rendered) > 4096:
        _rendered.popitem(last=False)
    return text


_rendered: OrderedDict[tuple[Plan, int], tuple[StoredEvent, str]] = OrderedDict()


async def deliver_prerendered(stream: AsyncGenerator[StoredEvent, None], transport: LiveTransportHandler, plan: Plan,
                              on_each: Any) -> AsyncGenerator[Event, None]:
    """Sends each event's shared payload itself and never yields: nothing is left for Strawberry to execute.

    Ends like the ordinary path: when the stream ends (the session ended), Strawberry sends `complete`; when
    the client completes the operation, its task is cancelled and the stream is closed.
    """
    operation_id = transport.operation_of_current_task()
    if operation_id is None:  # not started by the transport handler: execute per event as usual
        async for stored in stream:
            if not on_each():
                return
            yield Event.from_stored(stored)
        return
    prefix = '{"id":' + json.dumps(operation_id) + ',"type":"next","payload":'
    async for stored in stream:
        if not on_each():
            return
        await transport.send_text(prefix + render(plan, stored) + "}")
