"""Field metadata for the plain-field executor, importable without it.

A field declared with `metadata=answered_ahead(getter)` lets `backend/api/engine/executor.py` complete it inline
with `getter(root)`, which answers from what the object already holds or returns `RESOLVE` to let the field's
own resolver run. This module touches no library, so types can declare such fields whether or not inline
completion is on: with `GRAPHQL_INLINE_COMPLETION=0` the executor module is not even imported, and the API runs
even on a Strawberry or graphql-core release that broke it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

MISFIT = object()  # the value does not fit the field's type; the regular path reports why
ANSWERED_AHEAD = "packline-answered-ahead"

RESOLVE = MISFIT
"""What an `answered_ahead` getter returns when it cannot answer: the field's resolver then runs."""


def answered_ahead(getter: Callable[[Any], Any]) -> dict[str, Any]:
    """Field metadata that lets the executor complete the field with `getter(root)` inline, without the
    resolver's `info` (see backend/api/engine/executor.py)."""
    return {ANSWERED_AHEAD: getter}
