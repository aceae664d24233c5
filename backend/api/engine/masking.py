"""Error masking: Strawberry's `MaskErrors`, minus a check that live subscriptions paid for on every event.

Upstream behaviour changed (strawberry-graphql 0.341.2, `strawberry/extensions/mask_errors.py`): `MaskErrors`
masks a result's errors in its private `_process_result`, which first asks `isinstance(result,
_ResultWithErrors)`, a `runtime_checkable` Protocol. Such an `isinstance` inspects the class's attributes on
every call, and the extension runs for every event a subscription delivers. This override keeps Strawberry's
masking (`_process_errors`, `anonymise_error`, the `should_mask_error` callback) and replaces only that check by
a plain attribute lookup. Why: for a subscription delivering thousands of events a second the check cost more
than the rest of the masking (found with bench/fanout.py while the fan-out's API CPU per delivery went from about
550 to 310 µs, commit f3804ae; the check's own share was not measured apart).

With `hide_suggestions`, the errors kept also lose graphql-core's suggestions ("Did you mean 'orders'?",
"Did you mean the enum value 'READY'?"), which would reveal in production the schema that introspection hides.
graphql-core 3.3 has a public switch for them (`validate(..., hide_suggestions=True)`, `execute(...,
hide_suggestions=True)`), but Strawberry 0.341.2 calls both without it and offers no way to pass it; graphql-core
appends every suggestion at the end of the message through `graphql.pyutils.did_you_mean` (" Did you mean …?"),
which is what is cut here. Only errors graphql-core made (no original exception, or one of its own errors, as
variable coercion wraps them) are touched: a domain error's text is ours.

It relies on `MaskErrors.on_operation` and `on_stream_result` reaching every result through `_process_result`
and on `_process_errors(errors)` returning the masked list; `backend.api.engine.selfcheck` checks both, and that
`did_you_mean` still starts its text with " Did you mean ". Guard tests: tests/unit/test_engine.py (an unexpected
error is masked, an expected one is kept, in queries and in subscription events; suggestions cut) and
tests/integration/test_bad_input.py (no suggestion from a production API process).
"""

from __future__ import annotations

import re

from graphql import GraphQLError
from strawberry.extensions import MaskErrors

SUGGESTION = re.compile(r"\s*Did you mean .*\?\Z", re.S)


def without_suggestion(error: GraphQLError) -> GraphQLError:
    """The error without graphql-core's "Did you mean …?" (the same error when it has none)."""
    if not isinstance(error.original_error, (GraphQLError, type(None))) or "Did you mean " not in error.message:
        return error
    return GraphQLError(SUGGESTION.sub("", error.message), nodes=error.nodes, source=error.source,
                        positions=error.positions, path=error.path, extensions=error.extensions)


class MaskUnexpectedErrors(MaskErrors):
    """Strawberry's masking, without its runtime-protocol `isinstance` on every streamed result; optionally
    without graphql-core's suggestions."""

    def __init__(self, *args: object, hide_suggestions: bool = False, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.hide_suggestions = hide_suggestions

    def _process_result(self, result: object) -> None:
        errors = getattr(result, "errors", None)
        if errors:
            result.errors = self._process_errors(errors)  # type: ignore[attr-defined]

    def _process_errors(self, errors: list[GraphQLError]) -> list[GraphQLError]:
        processed = super()._process_errors(errors)
        return [without_suggestion(error) for error in processed] if self.hide_suggestions else processed
