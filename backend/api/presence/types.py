from __future__ import annotations

from datetime import datetime

import strawberry

from backend.presence.services import Presence as PresenceRow
from backend.presence.services import PresenceKind

PresenceKindType = strawberry.enum(PresenceKind, name="PresenceKind",
                                   description="Whose side a person on a page is on: Packline's support, its warehouse, "
                                   "or the merchant's.")


@strawberry.type(description="A person who has the page open (their tabs together).")
class Viewer:
    name: str | None = strawberry.field(
        description="Null for a Packline person who has not chosen to show their name to the merchant's people.")
    kind: PresenceKindType
    is_me: bool = strawberry.field(description="The signed-in person (in this or another tab).")
    since: datetime = strawberry.field(description="Since when they have had it open.")
    editing: bool
    editing_since: datetime | None

    @classmethod
    def from_presence(cls, row: PresenceRow) -> Viewer:
        return cls(name=row.name, kind=row.kind, is_me=row.is_me, since=row.since, editing=row.editing,
                   editing_since=row.editing_since)
