"""What Packline assumes of libraries' internals, and the start-up check that refuses to run without it.

`backend/api/engine/` (Strawberry, graphql-core, Litestar, cross-web) and `backend/core/db.py` (Piccolo) override
library internals for measured reasons. Each declares what it relies on as `Assumption`s, with the library it
belongs to and the override that needs it; `verify()` checks them at start-up and raises `InternalsChanged`,
naming the library, the version found and the range tested, when any is missing or has changed shape. A
library outside its tested range whose assumptions all hold only logs a warning: pyproject.toml's bounds are what
keep an untested version out, and this check is what notices when one got in anyway.

The tested versions are those of requirements.txt; pyproject.toml bounds each of these libraries to its
compatible releases (`~=`), and a unit test keeps the three in agreement.
"""

from __future__ import annotations

import importlib
import inspect
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import metadata
from typing import Any

log = logging.getLogger(__name__)

# Distribution -> the version tested, where its compatible-release range (`~=`) in pyproject.toml starts.
TESTED = {
    "strawberry-graphql": "0.341.2",
    "graphql-core": "3.3.2",
    "litestar": "2.25.0",
    "cross-web": "0.9.0",
    "piccolo": "1.38.0",
}


@dataclass(frozen=True)
class Assumption:
    library: str                  # a distribution named in TESTED
    internal: str                 # what is assumed, as a reader would look it up
    used_by: str                  # the override that needs it, and for what
    holds: Callable[[], Any]      # raises (any exception) when the assumption no longer holds
    remedy: str = ""              # a way to run without the override, when there is one


class InternalsChanged(RuntimeError):
    """A library's internal that an override relies on is missing or has changed: Packline refuses to run."""


def installed_version(library: str) -> str | None:
    try:
        return metadata.version(library)
    except metadata.PackageNotFoundError:
        return None


def _release(version: str) -> tuple[int, ...]:
    match = re.match(r"\d+(?:\.\d+)*", version)
    return tuple(int(part) for part in match.group(0).split(".")) if match else ()


def tested_range(library: str) -> str:
    """The compatible-release range of `library`, spelled out: '~=0.341.2 (0.341.2 up to, not including, 0.342)'."""
    tested = _release(TESTED[library])
    below = (*tested[:-2], tested[-2] + 1)
    return f"~={TESTED[library]} ({TESTED[library]} up to, not including, {'.'.join(map(str, below))})"


def is_tested(library: str, version: str) -> bool:
    """Whether `version` lies in the compatible-release range of the version tested (PEP 440 `~=`)."""
    found, tested = _release(version), _release(TESTED[library])
    return found >= tested and found[: len(tested) - 1] == tested[:-1]


def verify(assumptions: Iterable[Assumption]) -> list[str]:
    """Checks every assumption; raises `InternalsChanged` listing those that fail. Returns one line per library
    checked: its version and tested range."""
    assumptions = list(assumptions)
    failed: dict[str, list[str]] = {}
    remedies: list[str] = []
    for assumption in assumptions:
        try:
            assumption.holds()
        except Exception as error:  # noqa: BLE001 - whatever broke, the assumption does not hold
            failed.setdefault(assumption.library, []).append(
                f"  - {assumption.internal}: {type(error).__name__}: {error}\n"
                f"    (needed by {assumption.used_by})"
            )
            if assumption.remedy and assumption.remedy not in remedies:
                remedies.append(assumption.remedy)
    libraries = sorted({a.library for a in assumptions})
    summary = [f"{library} {installed_version(library) or 'not installed'}, tested {tested_range(library)}"
               for library in libraries]
    if failed:
        lines = ["Packline refuses to start: library internals it relies on are missing or have changed."]
        for library, problems in failed.items():
            version = installed_version(library) or "not installed"
            lines.append(f"{library} {version} is installed; Packline is tested with {tested_range(library)}:")
            lines.extend(problems)
        lines.append("Install the tested versions (pip install -r requirements.txt), or adapt the override and its "
                     "guard test (docs/architecture.md, \"Library internals\").")
        lines.extend(remedies)
        raise InternalsChanged("\n".join(lines))
    for library in libraries:
        version = installed_version(library)
        if version is not None and not is_tested(library, version):
            log.warning("%s %s is outside the range Packline is tested with (%s); the internals it relies on are "
                        "still there", library, version, tested_range(library))
    return summary


# ------------------------------------------------------------------------------ helpers for writing assumptions

def lookup(path: str) -> Any:
    """The object at 'package.module:Qualified.name' (raises ImportError or AttributeError when it is gone)."""
    module_name, _, qualname = path.partition(":")
    found: Any = importlib.import_module(module_name)
    for part in qualname.split(".") if qualname else ():
        found = getattr(found, part)
    return found


def expect_parameters(function: Any, *names: str, exact: bool = True) -> None:
    """`function` takes these parameters (after `self`), in this order; with exact=False, at least these."""
    parameters = [name for name in inspect.signature(function).parameters if name != "self"]
    ok = parameters == list(names) if exact else all(name in parameters for name in names)
    if not ok:
        raise TypeError(f"takes ({', '.join(parameters)}), expected ({', '.join(names)}{'' if exact else ', …'})")


def expect_coroutine(function: Any) -> None:
    if not inspect.iscoroutinefunction(function):
        raise TypeError(f"{getattr(function, '__qualname__', function)} is no longer a coroutine function")


def expect_uses(function: Any, *names: str) -> None:
    """`function`'s own code uses these attribute or global names (it sets, reads or calls them)."""
    code = inspect.unwrap(function).__code__
    missing = [name for name in names if name not in code.co_names]
    if missing:
        raise AttributeError(f"{function.__qualname__} no longer uses {', '.join(missing)}")


def expect_attributes(owner: Any, *names: str) -> None:
    missing = [name for name in names if not hasattr(owner, name)]
    if missing:
        raise AttributeError(f"{getattr(owner, '__qualname__', owner)} has no {', '.join(missing)}")
