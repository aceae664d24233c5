"""Who else has an order open, and who is editing it: presence, live across API processes.

Presence is not history: it lives in Redis only, with an expiry, so that a closed tab, a dead phone or a killed API
process disappears by itself within `TTL_SECONDS`. Per entity a sorted set holds each open page (a person's tab:
user id and the tab's own client id) scored by when it expires, and a hash holds what others see of it. An open
page beats every `BEAT_SECONDS`; every change is announced on the entity's channel, so every process's watchers
read the list again at once.

What a viewer sees of others follows tenancy: only people who may read the entity are ever in its list, a
merchant's people see an operator's or warehouse worker's name only when that person chose to show it (otherwise
"support" / "warehouse"), and an entity another merchant cannot read is not found for them.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import Enum
from uuid import UUID

from backend.accounts.tables import User
from backend.core.authorization import Actor, ActorKind, Role
from backend.core.errors import Forbidden, NotFound, ValidationFailed
from backend.core.redis import key, redis
from backend.orders.services import fulfillment_orders_by_ids, orders_by_ids

# An open page beats every BEAT_SECONDS; one that stops (a closed laptop, a killed process) is gone for others
# after TTL_SECONDS, seen at their next beat at the latest: within 15 s.
TTL_SECONDS = 10.0
BEAT_SECONDS = 3.0
_CLIENT_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


class PresenceKind(str, Enum):
    SUPPORT = "SUPPORT"
    WAREHOUSE = "WAREHOUSE"
    MERCHANT = "MERCHANT"


@dataclass(frozen=True)
class Page:
    """One person's open page of an entity (a browser tab)."""

    entity: str
    member: str  # "<user id>:<client id>"
    user_id: UUID


@dataclass(frozen=True)
class Presence:
    """What one viewer sees of one person on the page (their tabs merged)."""

    user_id: UUID
    name: str | None  # None: a Packline person who did not choose to show their name to merchants
    kind: PresenceKind
    is_me: bool
    since: datetime
    editing_since: datetime | None

    @property
    def editing(self) -> bool:
        return self.editing_since is not None


def entity_channel(entity: str) -> str:
    return key("presence", entity, "changed")


def _keys(entity: str) -> tuple[str, str]:
    return key("presence", entity), key("presence", entity, "who")


async def open_order(actor: Actor, order_id: UUID, client_id: str) -> Page:
    """Checks that this person may see the order, and returns their page of it (not yet announced: `beat` does)."""
    if actor.kind is not ActorKind.USER or actor.id is None:
        raise Forbidden("Presence is for people signed in, not for API keys")
    if not _CLIENT_ID.match(client_id or ""):
        raise ValidationFailed("A client id is 8 to 64 letters, digits, '-' or '_'", field="clientId")
    if not (await orders_by_ids(actor, [order_id]) or await fulfillment_orders_by_ids(actor, [order_id])):
        raise NotFound("No such order", field="entityId")
    return Page(entity=f"order:{order_id}", member=f"{actor.id}:{client_id}", user_id=actor.id)


async def beat(actor: Actor, page: Page, *, now: float | None = None) -> None:
    """The page is open: (re)announce it for another `TTL_SECONDS`, keeping when it was opened and any edit."""
    now = time.time() if now is None else now
    scores, who = _keys(page.entity)
    client = redis()
    raw = await client.hget(who, page.member)
    entry = json.loads(raw) if raw else await _new_entry(actor, now)
    pipe = client.pipeline(transaction=True)
    pipe.zadd(scores, {page.member: now + TTL_SECONDS})
    pipe.hset(who, page.member, json.dumps(entry))
    for name in (scores, who):
        pipe.expire(name, int(TTL_SECONDS * 4))
    if raw is None:
        pipe.publish(entity_channel(page.entity), b"joined")
    await pipe.execute()


async def _new_entry(actor: Actor, now: float) -> dict:
    user = await User.select(User.name).where(User.id == actor.id).first()
    return {"user": str(actor.id), "name": user["name"] if user else actor.label, "role": actor.role.value if actor.role else "",
            "merchant": str(actor.merchant_id) if actor.merchant_id else None, "since": now, "editing_since": None,
            "shows_name": False}


async def set_editing(actor: Actor, order_id: UUID, client_id: str, *, editing: bool,
                      show_name_to_merchants: bool | None = None) -> None:
    """The person's open page starts or stops an edit (and, for Packline's people, shows or hides their name to the
    merchant's). Only the page's own person can change it; a page not open is refused."""
    page = await open_order(actor, order_id, client_id)
    scores, who = _keys(page.entity)
    client = redis()
    raw = await client.hget(who, page.member)
    if raw is None or (await client.zscore(scores, page.member) or 0) < time.time():
        raise NotFound("This page is not open on the order: open the order first", field="clientId")
    entry = json.loads(raw)
    if editing and entry["editing_since"] is None:
        entry["editing_since"] = time.time()
    elif not editing:
        entry["editing_since"] = None
    if show_name_to_merchants is not None and actor.merchant_id is None:
        entry["shows_name"] = show_name_to_merchants
    pipe = client.pipeline(transaction=True)
    pipe.hset(who, page.member, json.dumps(entry))
    pipe.publish(entity_channel(page.entity), b"changed")
    await pipe.execute()


async def close(page: Page) -> None:
    """The page was closed: gone for everyone at once."""
    scores, who = _keys(page.entity)
    pipe = redis().pipeline(transaction=True)
    pipe.zrem(scores, page.member)
    pipe.hdel(who, page.member)
    pipe.publish(entity_channel(page.entity), b"left")
    await pipe.execute()


async def present(viewer: Actor, page: Page, *, now: float | None = None) -> list[Presence]:
    """Who has the entity open, as `viewer` may see them, earliest first. Expired pages are dropped on the way."""
    now = time.time() if now is None else now
    scores, who = _keys(page.entity)
    client = redis()
    expired = await client.zrangebyscore(scores, "-inf", now)
    if expired:
        pipe = client.pipeline(transaction=True)
        pipe.zrem(scores, *expired)
        pipe.hdel(who, *expired)
        await pipe.execute()
    alive = set(await client.zrangebyscore(scores, now, "+inf"))
    entries = [json.loads(raw) for member, raw in (await client.hgetall(who)).items() if member in alive]
    return _as_seen_by(viewer, entries)


def _as_seen_by(viewer: Actor, entries: Iterable[dict]) -> list[Presence]:
    people: dict[str, Presence] = {}
    for entry in entries:
        user = UUID(entry["user"])
        kind = _kind(entry)
        hidden = viewer.merchant_id is not None and kind is not PresenceKind.MERCHANT and not entry["shows_name"]
        seen = Presence(user_id=user, name=None if hidden else entry["name"], kind=kind, is_me=user == viewer.id,
                        since=_at(entry["since"]), editing_since=_at(entry["editing_since"]))
        earlier = people.get(entry["user"])
        if earlier is not None:  # the same person in two tabs: one person, editing if either tab is
            edits = [e for e in (earlier.editing_since, seen.editing_since) if e is not None]
            seen = Presence(user_id=user, name=seen.name, kind=kind, is_me=seen.is_me, since=min(earlier.since, seen.since),
                            editing_since=min(edits) if edits else None)
        people[entry["user"]] = seen
    return sorted(people.values(), key=lambda p: (p.since, str(p.user_id)))


def _kind(entry: dict) -> PresenceKind:
    if entry["merchant"]:
        return PresenceKind.MERCHANT
    return PresenceKind.WAREHOUSE if entry["role"] == Role.WAREHOUSE.value else PresenceKind.SUPPORT


def _at(epoch: float | None) -> datetime | None:
    return None if epoch is None else datetime.fromtimestamp(epoch, UTC)


__all__ = ["BEAT_SECONDS", "TTL_SECONDS", "Page", "Presence", "PresenceKind", "beat", "close", "entity_channel",
           "open_order", "present", "set_editing"]
