"""Error masking: Strawberry's `MaskErrors`, minus a check that live subscriptions paid for on every event.

Upstream behaviour changed (strawberry-graphql 0.341.2, `strawberry/extensions/mask_errors.py`): `MaskErrors`
masks a result's errors in its private `_process_result`, which first asks `isinstance(result,
_ResultWithErrors)`, a `runtime_checkable` Protocol. Such an `isinstance` inspects the class's attributes on
every call, and the extension runs for every event a subscription delivers. This override keeps Strawberry's
masking (`_process_errors`, `anonymise_error`, the `should_mask_error` callback) and replaces only that check by
a plain attribute lookup. Why: for a subscription delivering thousands of events a second the check cost more
than the rest of the masking (found with bench/fanout.py while the fan-out's API CPU per delivery went from about
550 to 310 µs, commit f3804ae; the check's own share was not measured apart).

It relies on `MaskErrors.on_operation` and `on_stream_result` reaching every result through `_process_result`
and on `_process_errors(errors)` returning the masked list; `backend.api.engine.selfcheck` checks both.
Guard tests: tests/unit/test_engine.py (an unexpected error is masked, an expected one is kept, in queries and
in subscription events).
"""

from __future__ import annotations

from strawberry.extensions import MaskErrors


class MaskUnexpectedErrors(MaskErrors):
    """Strawberry's masking, without its runtime-protocol `isinstance` on every streamed result."""

    def _process_result(self, result: object) -> None:
        errors = getattr(result, "errors", None)
        if errors:
            result.errors = self._process_errors(errors)  # type: ignore[attr-defined]
