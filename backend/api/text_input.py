"""Text the API accepts: every string a request carries, in its variables or written into the document, is
refused before anything runs when it holds a character no column can store.

PostgreSQL's text cannot hold U+0000 (NUL), and UTF-8 cannot encode a lone surrogate (U+D800-U+DFFF without its
pair, which JSON's `\\ud800` escape produces). Either one reaching a resolver failed deep in the database driver
as an unexpected error. They are refused here, once for every String, ID and JSON argument and input field, so
that no resolver needs its own check:

- strings written into the document: a validation rule (cached with the document's validation);
- variables: a schema extension walks their values before execution.

Both answer a request error naming the argument or variable path (`input.email`, `filter.search`), with the code
`BAD_USER_INPUT`; nothing executes. graphql-core's lexer already refuses a lone surrogate escape in a document.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from graphql import (
    ArgumentNode,
    GraphQLError,
    ObjectFieldNode,
    StringValueNode,
    ValidationContext,
    ValidationRule,
)
from strawberry.extensions import SchemaExtension

CODE = "BAD_USER_INPUT"
_SURROGATE = re.compile("[\ud800-\udfff]")


def text_problem(value: str) -> str | None:
    """Why a string cannot be accepted, or None when it can."""
    if "\x00" in value:
        return "contains a NUL character (U+0000)"
    if not value.isascii() and _SURROGATE.search(value):
        return "contains a lone surrogate (U+D800-U+DFFF), which is not a character"
    return None


def _problems(value: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        problem = text_problem(value)
        if problem:
            yield path, problem
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str) and (problem := text_problem(key)):
                yield path, f"has a key that {problem}"
            yield from _problems(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _problems(item, f"{path}.{index}")


def refused_text(path: str, problem: str) -> GraphQLError:
    return GraphQLError(f"{path} {problem}; remove it and send the request again.",
                        extensions={"code": CODE, "field": path})


class TextLiterals(ValidationRule):
    """Strings written into the document (`filter: {search: "a\\u0000"}`)."""

    def enter_string_value(self, node: StringValueNode, _key: Any, parent: Any, _path: Any,
                           ancestors: list[Any]) -> None:
        problem = text_problem(node.value)
        if problem:
            names = [a.name.value for a in (*ancestors, parent) if isinstance(a, (ArgumentNode, ObjectFieldNode))]
            context: ValidationContext = self.context
            error = refused_text(".".join(names) or "A string", problem)
            context.report_error(GraphQLError(error.message, node, extensions=error.extensions))


class TextVariables(SchemaExtension):
    """Strings in the variables, with the path to the first one refused (`$input.lines.0.sku`)."""

    def on_execute(self) -> Iterator[None]:
        variables = self.execution_context.variables
        if variables:
            for path, problem in _problems(variables, ""):
                raise refused_text("$" + path.lstrip("."), problem)
        yield
