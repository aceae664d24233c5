"""GraphQL execution that completes plain fields inline.

A page of 50 orders with their lines is some 700 fields. graphql-core spends most of such a request on
per-field machinery (a resolve-info object, the resolver lookup and call, `complete_value`'s walk over the
type), although almost every one of those fields only reads an attribute and checks its type. This executor
completes *plain* fields directly:

- a field without a resolver, arguments, permission classes or field extensions (Strawberry reads the
  attribute), or whose resolver takes only the object (`lambda root: …`, `def total(self)`) and is not async;
- a field declared with `metadata=answered_ahead(getter)` (`backend/api/engine/fields.py`; and no arguments,
  permission classes or field extensions): `getter(root)` answers from what the object already holds, or
  returns `RESOLVE` to let the field's own resolver run the regular way (say, an order's lines read with its
  page, or else loaded);
- whose type is a scalar, an enum, an object type (not an interface or union), or a list of one of them;
- and `__typename`.

An object whose selected fields are all plain (and those of its objects, at every depth) is completed by one
function generated for that selection: straight-line code that reads, checks and builds the object's dict, with
no per-field dispatch. Such functions depend on the selection's shape alone (response names, fields, nesting),
so they are kept across operations. When any value in the object does not fit, the function gives up and the
object is completed field by field as described below, which reports the error.

Everything else — resolvers that take `info` or arguments, async ones, guarded fields, abstract types,
`@defer`, schema middleware — goes the regular way, field by field. So does a plain field whose value does not
fit its type (null in a non-null field, a wrong type, a failing getter): the regular path then runs it again
and reports the error exactly as before. Getters are side-effect free, so running one twice is harmless.

Upstream behaviour changed, and why (tested with graphql-core 3.3.2 and strawberry-graphql 0.341.2):

- graphql-core's `Executor.execute_fields` (graphql/execution/executor.py, marked `:meta private:`) is
  overridden through Strawberry's executor class (`strawberry.schema.schema.StrawberryGraphQLCoreExecutionContext`,
  passed as the schema's `execution_context_class`). The override calls the executor's other private methods as
  graphql-core itself does: `execute_field`, `collect_subfields` (a 3-tuple: the grouped fields, new defer
  usages, forbidden directives), `handle_field_error`, `settle_in_background`, and reads `is_awaitable` and
  `middleware_manager` (Strawberry's schema extensions with a `resolve` hook are its middlewares).
  Why: graphql-core's per-field machinery was half of an orders page's execution; completing plain fields
  inline, and then whole plain objects by generated functions, took an orders page from 2.75 to 2.27 ms of API
  CPU (in-process A/B, commit de8dbbc) and an eighth off the API's CPU per page in bench/orders_query.py.
- Strawberry's field definitions are read where Strawberry keeps them: the `StrawberryField` behind a
  `GraphQLField` (its `extensions[GraphQLCoreConverter.DEFINITION_BACKREF]`), that field's `arguments`,
  `extensions` (Strawberry turns `permission_classes` into a `PermissionExtension` there), `permission_classes`,
  `metadata`, `base_resolver` and `default_resolver`, the resolver's parameters (`StrawberryResolver`), the
  members of a `CustomGraphQLEnumType` (`wrapped_cls`), and the qualified name of the `is_type_of` check
  Strawberry generates for types with interfaces (known to ignore its `info`).
- Plans and generated completers are kept on graphql-core's `GraphQLSchema` object (in its `__dict__`), so they
  live exactly as long as the schema they were made for.

`backend.api.engine.selfcheck` refuses to start when any of these is missing, and runs a probe schema through
this executor (plain fields inline; guarded fields, fields with arguments and schema extensions' resolve hooks
the regular way). `GRAPHQL_INLINE_COMPLETION=0` runs graphql-core's regular executor instead. Guard test:
tests/unit/test_plain_fields.py (the same answers and errors as the regular executor).
"""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter
from typing import Any

from graphql import (
    GRAPHQL_MAX_INT,
    GRAPHQL_MIN_INT,
    GraphQLBoolean,
    GraphQLID,
    GraphQLInt,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLString,
    is_leaf_type,
)
from graphql.pyutils import Path, Undefined, gather_with_cancel
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import CustomGraphQLEnumType, GraphQLCoreConverter

from backend.api.engine.fields import ANSWERED_AHEAD as _ANSWERED_AHEAD
from backend.api.engine.fields import MISFIT as _MISFIT
from backend.api.engine.fields import RESOLVE, answered_ahead

# Where Strawberry keeps a GraphQL field's own definition (a StrawberryField) among the field's extensions.
_DEFINITION = GraphQLCoreConverter.DEFINITION_BACKREF

__all__ = ["RESOLVE", "PlainFieldExecutor", "answered_ahead", "completer_for", "plan_field"]


class _Plain:
    """How to complete one plain field of one parent type."""

    __slots__ = ("get", "typename", "non_null", "is_list", "item_non_null", "leaf", "exact", "enum_names",
                 "object_type", "is_type_of", "return_type", "item_type")

    def __init__(self) -> None:
        self.get: Callable[[Any], Any] | None = None
        self.typename: str | None = None
        self.non_null = False
        self.is_list = False
        self.item_non_null = False
        self.leaf: Any = None
        # Values the leaf type passes through unchanged (a str for String, an in-range int for Int …), and the
        # names of a Strawberry enum's members: the common cases, answered without the type's coercion.
        self.exact: type | None = None
        self.enum_names: dict[Any, str] | None = None
        self.object_type: GraphQLObjectType | None = None
        self.is_type_of: Callable[[Any, Any], bool] | None = None
        self.return_type: Any = None
        self.item_type: Any = None


def _getter(field_def: Any) -> Callable[[Any], Any] | None:
    definition = field_def.extensions.get(_DEFINITION) if field_def.extensions else None
    # Guards are asked for by name as well: Strawberry runs `permission_classes` through a PermissionExtension
    # it adds to `extensions`, and a guarded field must stay on the regular path should it ever keep them apart.
    if definition is None or definition.extensions or definition.arguments or definition.permission_classes:
        return None
    if definition.metadata and _ANSWERED_AHEAD in definition.metadata:
        return definition.metadata[_ANSWERED_AHEAD]
    resolver = definition.base_resolver
    if resolver is None:
        return attrgetter(definition.python_name) if definition.default_resolver is getattr else None
    if resolver.is_async or resolver.info_parameter is not None or resolver.parent_parameter is not None:
        return None
    if len(resolver.signature.parameters) != 1 or (resolver.self_parameter or resolver.root_parameter) is None:
        return None
    function = resolver.wrapped_func
    if isinstance(function, (staticmethod, classmethod)) or not callable(function):
        return None
    return function


def _generated_is_type_of(check: Callable | None) -> bool:
    # Strawberry's own check (for types with interfaces) is a synchronous isinstance test that ignores `info`;
    # a type's custom `is_type_of` might use `info`, so such types take the regular path.
    return check is None or check.__qualname__.endswith("_get_is_type_of.<locals>.is_type_of")


def plan_field(schema: Any, parent_type: GraphQLObjectType, field_name: str) -> _Plain | None:
    """How to complete `parent_type.field_name` inline, or None when it must take the regular path. (The answer
    depends on the schema alone, so it is kept for the schema's lifetime.)"""
    plans = schema.__dict__.setdefault("_plain_field_plans", {})
    key = (parent_type.name, field_name)
    if key not in plans:
        plans[key] = _plan_field(schema, parent_type, field_name)
    return plans[key]


def _plan_field(schema: Any, parent_type: GraphQLObjectType, field_name: str) -> _Plain | None:
    plain = _Plain()
    if field_name == "__typename":
        plain.typename = parent_type.name
        return plain
    field_def = schema.get_field(parent_type, field_name)
    if field_def is None:
        return None
    getter = _getter(field_def)
    if getter is None:
        return None
    plain.get = getter
    kind = plain.return_type = field_def.type
    if isinstance(kind, GraphQLNonNull):
        plain.non_null, kind = True, kind.of_type
    if isinstance(kind, GraphQLList):
        plain.is_list, kind = True, kind.of_type
        plain.item_type = kind
        if isinstance(kind, GraphQLNonNull):
            plain.item_non_null, kind = True, kind.of_type
        if isinstance(kind, GraphQLList):
            return None
    if is_leaf_type(kind):
        plain.leaf = kind
        plain.exact = _PASSED_THROUGH.get(kind)  # type: ignore[call-overload]
        if isinstance(kind, CustomGraphQLEnumType):
            plain.enum_names = _enum_names(kind)
    elif isinstance(kind, GraphQLObjectType) and _generated_is_type_of(kind.is_type_of):
        plain.object_type, plain.is_type_of = kind, kind.is_type_of
    else:
        return None
    return plain


# Built-in scalars whose coercion returns a value of exactly this type as it is (Int: within 32 bits).
_PASSED_THROUGH = {GraphQLString: str, GraphQLID: str, GraphQLInt: int, GraphQLBoolean: bool}
_INT_RANGE = range(GRAPHQL_MIN_INT, GRAPHQL_MAX_INT + 1)


def _enum_names(kind: CustomGraphQLEnumType) -> dict[Any, str]:
    # What Strawberry's coercion answers for each member: the first GraphQL value with the member's value.
    names: dict[Any, str] = {}
    for member in kind.wrapped_cls:
        for name, value in kind.values.items():
            if member.value == value.value:
                names[member] = name
                break
    return names


class PlainFieldExecutor(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's executor, with plain fields completed inline (see the module's description)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Per operation: grouped field sets are memoized by graphql-core for the operation, so a list's items
        # share one plan. The field set is kept with its plan so its id cannot be reused meanwhile.
        self._plans: dict[int, tuple[Any, list[tuple[str, Any, _Plain | None]]]] = {}
        # Strawberry always passes a middleware manager; it wraps resolvers only when an extension has `resolve`.
        manager = self.middleware_manager
        self._plain_allowed = manager is None or not manager.middlewares
        # Per operation, by field set (kept alive with its completer, as above): the generated completer or None.
        self._completers: dict[int, tuple[Any, _Completer | None]] = {}

    def _completer(self, parent_type: GraphQLObjectType, grouped_field_set: Any) -> _Completer | None:
        cached = self._completers.get(id(grouped_field_set))
        if cached is not None:
            return cached[1]
        completer = self._find_completer(parent_type, grouped_field_set)
        self._completers[id(grouped_field_set)] = (grouped_field_set, completer)
        return completer

    def _find_completer(self, parent_type: GraphQLObjectType, grouped_field_set: Any) -> _Completer | None:
        steps: list[tuple[str, _Plain, _Completer | None]] = []
        for response_name, details, plain in self._plan(parent_type, grouped_field_set):
            if plain is None:
                return None
            sub = None
            if plain.object_type is not None:
                grouped, defer_usages, _ = self.collect_subfields(plain.object_type, details)
                if defer_usages:
                    return None
                sub = self._completer(plain.object_type, grouped)
                if sub is None:
                    return None
            steps.append((response_name, plain, sub))
        return completer_for(self.schema, steps)

    def _plan(self, parent_type: GraphQLObjectType, grouped_field_set: Any) -> list[tuple[str, Any, _Plain | None]]:
        cached = self._plans.get(id(grouped_field_set))
        if cached is not None:
            return cached[1]
        plan = [(name, details, plan_field(self.schema, parent_type, details[0].node.name.value))
                for name, details in grouped_field_set.items()]
        self._plans[id(grouped_field_set)] = (grouped_field_set, plan)
        return plan

    def execute_fields(self, parent_type: GraphQLObjectType, source_value: Any, path: Path | None,
                       grouped_field_set: Any, position_context: Any) -> Any:
        if position_context is not None or not self._plain_allowed:
            return super().execute_fields(parent_type, source_value, path, grouped_field_set, position_context)
        completer = self._completer(parent_type, grouped_field_set)
        if completer is not None:
            data = completer(source_value)
            if data is not _MISFIT:
                return data
        results: dict[str, Any] = {}
        is_awaitable = self.is_awaitable
        awaitable_fields: list[str] = []
        try:
            for response_name, details, plain in self._plan(parent_type, grouped_field_set):
                if plain is not None:
                    value = self._complete_plain(plain, source_value, path, response_name, parent_type, details)
                    if value is not _MISFIT:
                        results[response_name] = value
                        if plain.object_type is not None and is_awaitable(value):
                            awaitable_fields.append(response_name)
                        continue
                result = self.execute_field(parent_type, source_value, details,
                                            Path(path, response_name, parent_type.name), None)
                if result is not Undefined:
                    results[response_name] = result
                    if is_awaitable(result):
                        awaitable_fields.append(response_name)
        except Exception:
            if awaitable_fields:
                self.settle_in_background([results[name] for name in awaitable_fields])
            raise
        if not awaitable_fields:
            return results

        async def get_results() -> dict[str, Any]:
            awaited = await gather_with_cancel(*(results[name] for name in awaitable_fields))
            results.update(zip(awaitable_fields, awaited, strict=True))
            return results

        return get_results()

    def _complete_plain(self, plain: _Plain, source: Any, path: Path | None, response_name: str,
                        parent_type: GraphQLObjectType, details: Any) -> Any:
        if plain.typename is not None:
            return plain.typename
        try:
            value = plain.get(source)  # type: ignore[misc]
            if value is _MISFIT:
                return _MISFIT
            if value is None:
                return _MISFIT if plain.non_null else None
            if plain.leaf is not None:
                return _leaf(plain, value)
            is_type_of = plain.is_type_of
            if plain.is_list:
                if not isinstance(value, (list, tuple)):
                    return _MISFIT
                for item in value:
                    if item is None:
                        if plain.item_non_null:
                            return _MISFIT
                    elif is_type_of is not None and not is_type_of(item, None):
                        return _MISFIT
            elif is_type_of is not None and not is_type_of(value, None):
                return _MISFIT
            grouped, defer_usages, _ = self.collect_subfields(plain.object_type, details)  # type: ignore[arg-type]
            if defer_usages:
                return _MISFIT
        except Exception:  # noqa: BLE001 - the regular path runs the field again and reports the error
            return _MISFIT
        # From here on, errors are the sub-selection's own, handled as graphql-core's `execute_field` does.
        field_path = Path(path, response_name, parent_type.name)
        if not plain.is_list:
            return self._subfields(plain.object_type, value, field_path, grouped, plain.return_type, details)
        return self._list_of_objects(plain, value, field_path, grouped, details)

    def _subfields(self, object_type: Any, value: Any, field_path: Path, grouped: Any, error_type: Any,
                   details: Any) -> Any:
        try:
            data = self.execute_fields(object_type, value, field_path, grouped, None)
        except Exception as raw_error:
            self.handle_field_error(raw_error, error_type, details, field_path)
            return None
        if not self.is_awaitable(data):
            return data

        async def await_data() -> Any:
            try:
                return await data
            except Exception as raw_error:
                self.handle_field_error(raw_error, error_type, details, field_path)
                return None

        return await_data()

    def _list_of_objects(self, plain: _Plain, items: Any, field_path: Path, grouped: Any, details: Any) -> Any:
        completed: list[Any] = []
        pending: list[int] = []
        try:
            for index, item in enumerate(items):
                if item is None:
                    completed.append(None)
                    continue
                data = self._subfields(plain.object_type, item, Path(field_path, index, None), grouped,
                                       plain.item_type, details)
                if self.is_awaitable(data):
                    pending.append(index)
                completed.append(data)
        except Exception as raw_error:
            if pending:
                self.settle_in_background([completed[i] for i in pending])
            self.handle_field_error(raw_error, plain.return_type, details, field_path)
            return None
        if not pending:
            return completed

        async def await_items() -> Any:
            try:
                awaited = await gather_with_cancel(*(completed[i] for i in pending))
            except Exception as raw_error:
                self.handle_field_error(raw_error, plain.return_type, details, field_path)
                return None
            for index, data in zip(pending, awaited, strict=True):
                completed[index] = data
            return completed

        return await_items()


def _coerce(leaf: Any, value: Any) -> Any:
    coerced = leaf.coerce_output_value(value)
    return _MISFIT if coerced is None or coerced is Undefined else coerced


# ------------------------------------------------------------------------------------------ generated completers

_Completer = Callable[[Any], Any]
_COMPLETERS_KEPT = 512


def completer_for(schema: Any, steps: list[tuple[str, _Plain, _Completer | None]]) -> _Completer:
    """The function that completes an object whose selection is `steps` (response name, the field's plan, the
    completer of its object type's selection), or returns `_MISFIT` when a value does not fit. Kept per shape
    for the schema's lifetime (the oldest go first beyond a bound, as shapes come from clients' documents)."""
    completers: dict[tuple, _Completer] = schema.__dict__.setdefault("_plain_completers", {})
    shape = tuple((name, id(plain), id(sub)) for name, plain, sub in steps)
    completer = completers.get(shape)
    if completer is None:
        completer = _generate(steps)
        # The shape names plans and completers by id: keep them alive as long as it is kept.
        completer.__dict__["steps"] = steps
        if len(completers) >= _COMPLETERS_KEPT:
            del completers[next(iter(completers))]
        completers[shape] = completer
    return completer


def _generate(steps: list[tuple[str, _Plain, _Completer | None]]) -> _Completer:
    namespace: dict[str, Any] = {"MISFIT": _MISFIT, "leaf": _leaf, "objects": _objects,
                                 "MIN": GRAPHQL_MIN_INT, "MAX": GRAPHQL_MAX_INT}
    body: list[str] = []
    for i, (_, plain, sub) in enumerate(steps):
        if plain.typename is not None:
            body.append(f"r{i} = {plain.typename!r}")
            continue
        namespace[f"get{i}"], namespace[f"plain{i}"] = plain.get, plain
        body.append(f"v = get{i}(source)")
        if plain.leaf is not None:
            if plain.is_list:
                body.append(f"r{i} = leaf(plain{i}, v)")
            elif plain.enum_names is not None:
                namespace[f"names{i}"], namespace[f"enum{i}"] = plain.enum_names, plain.leaf.wrapped_cls
                body.append(f"r{i} = names{i}[v] if type(v) is enum{i} else leaf(plain{i}, v)")
            elif plain.exact is int:
                body.append(f"r{i} = v if type(v) is int and MIN <= v <= MAX else leaf(plain{i}, v)")
            elif plain.exact is not None:
                namespace[f"exact{i}"] = plain.exact
                body.append(f"r{i} = v if type(v) is exact{i} else leaf(plain{i}, v)")
            else:
                body.append(f"r{i} = leaf(plain{i}, v)")
            body.append(f"if r{i} is MISFIT: return MISFIT")
            continue
        namespace[f"sub{i}"] = sub
        body.append("if v is None or v is MISFIT:")
        body.append(f"    if {plain.non_null} or v is MISFIT: return MISFIT")
        body.append(f"    r{i} = None")
        body.append("else:")
        if plain.is_list:
            body.append(f"    r{i} = objects(plain{i}, sub{i}, v)")
        else:
            if plain.is_type_of is not None:
                namespace[f"is_type_of{i}"] = plain.is_type_of
                body.append(f"    if not is_type_of{i}(v, None): return MISFIT")
            body.append(f"    r{i} = sub{i}(v)")
        body.append(f"    if r{i} is MISFIT: return MISFIT")
    result = ", ".join(f"{name!r}: r{i}" for i, (name, _, _) in enumerate(steps))
    source = "\n".join(["def complete(source):", "    try:", *(f"        {line}" for line in body),
                        "    except Exception:", "        return MISFIT", f"    return {{{result}}}"])
    exec(compile(source, "<plain completer>", "exec"), namespace)  # noqa: S102 - the source is built above
    return namespace["complete"]


def _leaf(plain: _Plain, value: Any) -> Any:
    """A leaf field's completed value (or `_MISFIT`): what the generated fast checks leave, such as null, a value
    to coerce or a list of leaves, and every leaf completed inline field by field."""
    if value is _MISFIT or value is None:
        return _MISFIT if value is _MISFIT or plain.non_null else None
    if not plain.is_list:
        if plain.enum_names is not None and type(value) is plain.leaf.wrapped_cls:
            return plain.enum_names[value]
        exact = plain.exact
        if type(value) is exact and (exact is not int or value in _INT_RANGE):
            return value
        return _coerce(plain.leaf, value)
    if not isinstance(value, (list, tuple)):
        return _MISFIT
    exact = plain.exact
    coerced = []
    for item in value:
        if item is None:
            if plain.item_non_null:
                return _MISFIT
            coerced.append(None)
        elif type(item) is exact and exact is not int:
            coerced.append(item)
        else:
            done = _coerce(plain.leaf, item)
            if done is _MISFIT:
                return _MISFIT
            coerced.append(done)
    return coerced


def _objects(plain: _Plain, complete: _Completer, value: Any) -> Any:
    if not isinstance(value, (list, tuple)):
        return _MISFIT
    is_type_of = plain.is_type_of
    completed = []
    for item in value:
        if item is None:
            if plain.item_non_null:
                return _MISFIT
            completed.append(None)
            continue
        if is_type_of is not None and not is_type_of(item, None):
            return _MISFIT
        data = complete(item)
        if data is _MISFIT:
            return _MISFIT
        completed.append(data)
    return completed
