"""The plain-field executor answers every query exactly as graphql-core's regular execution does: the same data,
the same errors at the same paths, the same nulls propagated, also where plain fields hold values that do not
fit their type and where plain and resolved fields mix at any depth. Guarded fields, fields with arguments and
fields under a schema extension's resolve hook never take its fast path. (The dashboard's own queries are
compared byte for byte in tests/integration/test_inline_completion.py.)"""

from __future__ import annotations

import asyncio
import enum

import pytest
import strawberry
from strawberry.extensions import SchemaExtension
from strawberry.permission import BasePermission
from strawberry.types import Info

from backend.api.engine import executor as plain_fields
from backend.api.engine.executor import RESOLVE, PlainFieldExecutor, answered_ahead, plan_field


@strawberry.enum
class Colour(enum.Enum):
    RED = "red"
    GREEN = "green"


@strawberry.interface
class Thing:
    id: strawberry.ID


@strawberry.type
class Price:
    amount: str
    currency: str


@strawberry.type
class Part(Thing):
    sku: str
    quantity: int
    colour: Colour
    note: str | None
    price: Price
    # A resolver that takes only the object: completed inline too.
    label: str = strawberry.field(resolver=lambda root: f"{root.sku} x{root.quantity}")

    @strawberry.field
    def doubled(self) -> int:
        return self.quantity * 2

    @strawberry.field
    async def stock(self, info: Info) -> int:  # async and with info: the regular path
        await asyncio.sleep(0)
        return self.quantity + 100

    @strawberry.field
    def scaled(self, by: int = 1) -> int:  # arguments: the regular path
        return self.quantity * by

    # Held ahead (say, read with the page): inline; otherwise the resolver runs, with `info`.
    _held_count: strawberry.Private[int | None] = None

    @strawberry.field(metadata=answered_ahead(lambda root: RESOLVE if root._held_count is None else root._held_count))
    def count(self, info: Info) -> int:
        COUNTED.append(self.sku)
        return self._held_count if self._held_count is not None else self.quantity + 1000


@strawberry.type
class Box:
    name: str
    parts: list[Part]
    maybe_parts: list[Part | None] | None
    tags: list[str]
    optional_tags: list[str | None] | None
    lucky: list[int]
    main: Part | None
    required_part: Part


COUNTED: list[str] = []


def part(sku: str, quantity: int = 1, **overrides) -> Part:  # noqa: ANN003
    fields = dict(id=strawberry.ID(sku), sku=sku, quantity=quantity, colour=Colour.RED, note=None,
                  price=Price(amount="1.00", currency="EUR"))
    fields.update(overrides)
    return Part(**fields)


def box(**overrides) -> Box:  # noqa: ANN003
    fields = dict(name="first", parts=[part("A", 2, _held_count=5), part("B", 3, colour=Colour.GREEN, note="fragile")],
                  maybe_parts=[None, part("C")], tags=["x", "y"], optional_tags=["a", None], lucky=[7, 9],
                  main=part("M"), required_part=part("R"))
    fields.update(overrides)
    return Box(**fields)


BOXES: dict[str, Box] = {}


@strawberry.type
class Query:
    @strawberry.field
    def box(self, name: str) -> Box | None:
        return BOXES[name]

    @strawberry.field
    def boxes(self) -> list[Box]:
        return list(BOXES.values())

    @strawberry.field
    def things(self) -> list[Thing]:
        return [part("T1"), part("T2")]


def schemas() -> tuple[strawberry.Schema, strawberry.Schema]:
    plain = strawberry.Schema(query=Query, types=[Part], execution_context_class=PlainFieldExecutor)
    regular = strawberry.Schema(query=Query, types=[Part])
    return plain, regular


EVERYTHING = """
fragment PartFields on Part { sku quantity colour note price { amount currency } label doubled __typename }
query Q($name: String!, $skip: Boolean!) {
  box(name: $name) {
    __typename name tags optionalTags lucky
    parts { ...PartFields stock scaled(by: 3) alias: sku count }
    maybeParts { sku price { amount } }
    main { ... on Part { sku stock } colour @skip(if: $skip) }
    requiredPart { sku note }
  }
  things { __typename id ... on Part { sku } }
}
"""


PLAIN_ONLY = """{ boxes { __typename name tags optionalTags lucky
  parts { sku quantity colour note price { amount currency } label doubled }
  maybeParts { sku colour } main { note alias: sku } requiredPart { __typename sku } } }"""


async def both(query: str, **variables) -> tuple[object, object]:  # noqa: ANN003
    plain, regular = schemas()
    a = await plain.execute(query, variable_values=variables)
    b = await regular.execute(query, variable_values=variables)
    return a, b


def errors_of(result) -> list[tuple[str, list]]:  # noqa: ANN001
    return sorted((e.message, e.path) for e in result.errors or [])


@pytest.mark.parametrize("skip", [True, False])
async def test_same_answer_for_a_mixed_query(skip: bool) -> None:
    BOXES.clear()
    BOXES["first"] = box()
    plain, regular = await both(EVERYTHING, name="first", skip=skip)
    assert plain.errors is None and regular.errors is None
    assert plain.data == regular.data
    parts = plain.data["box"]["parts"]
    assert parts[1] == {"sku": "B", "quantity": 3, "colour": "GREEN", "note": "fragile",
                        "price": {"amount": "1.00", "currency": "EUR"}, "label": "B x3", "doubled": 6,
                        "__typename": "Part", "stock": 103, "scaled": 9, "alias": "B", "count": 1003}
    assert parts[0]["count"] == 5
    assert ("colour" in plain.data["box"]["main"]) is not skip


async def test_answered_ahead_runs_the_resolver_only_where_nothing_is_held() -> None:
    BOXES.clear()
    BOXES["first"] = box()
    plain, _ = schemas()
    COUNTED.clear()
    result = await plain.execute('{ box(name: "first") { parts { sku count } } }')
    assert result.errors is None
    assert result.data["box"]["parts"] == [{"sku": "A", "count": 5}, {"sku": "B", "count": 1003}]
    assert COUNTED == ["B"]


@pytest.mark.parametrize("broken", [
    {"name": None},                                     # null in a non-null leaf: the box becomes null
    {"tags": ["x", None]},                              # null item in a list of non-null leaves
    {"optional_tags": ["a", ["b"]]},                    # a wrong type in a nullable list item
    {"lucky": ["seven"]},                               # a string where an Int belongs
    {"parts": [part("A"), None]},                       # null item in a list of non-null objects
    {"parts": [part("A", quantity="many")]},            # a wrong type deep inside a list
    {"parts": [part("A", quantity=2**31)]},             # an int beyond the 32 bits of GraphQL's Int
    {"parts": [part("A", price=None)]},                 # null nested object in a non-null field
    {"maybe_parts": [part("A", colour="purple")]},      # an unknown enum value in a nullable item
    {"main": part("M", note=["12"])},                   # wrong type in a nullable field of a nullable object
    {"required_part": None},                            # null in a non-null object field
    {"required_part": "not a part"},                    # not a Part at all
    {"parts": "not a list"},
])
async def test_same_errors_and_nulls_for_values_that_do_not_fit(broken: dict) -> None:
    BOXES.clear()
    BOXES["first"] = box(**broken)
    BOXES["second"] = box(name="second")
    failed = 0
    for query, variables in [(EVERYTHING, {"name": "first", "skip": False}),
                             ("{ boxes { name tags lucky parts { sku quantity stock price { amount } } "
                              "requiredPart { sku } main { note } maybeParts { colour } optionalTags } }", {}),
                            # Plain fields only, at every depth: each box is completed by a generated function.
                            (PLAIN_ONLY, {})]:
        plain, regular = await both(query, **variables)
        assert plain.data == regular.data
        assert errors_of(plain) == errors_of(regular)
        failed += bool(plain.errors)
    assert failed, f"{broken} should have failed somewhere"


async def test_values_of_other_types_are_coerced_as_regularly() -> None:
    BOXES.clear()
    BOXES["first"] = box(main=part("M", quantity=True, note=7), tags=["x", 5])
    plain, regular = await both('{ box(name: "first") { main { quantity note } tags } }')
    assert plain.errors is None and plain.data == regular.data
    assert plain.data["box"] == {"main": {"quantity": 1, "note": "7"}, "tags": ["x", "5"]}


async def test_resolver_errors_inside_inline_lists_keep_their_paths() -> None:
    class Exploding(Part):
        pass

    async def stock(self, info: Info) -> int:  # noqa: ANN001
        raise RuntimeError("stock service down")

    BOXES.clear()
    BOXES["first"] = box()
    plain_schema, regular_schema = schemas()
    original = Part.stock
    try:
        # Replace the async resolver's behaviour for this test: each part's stock fails.
        Part.__strawberry_definition__.get_field("stock").base_resolver.wrapped_func = stock
        query = "{ box(name: \"first\") { parts { sku stock } main { stock } } }"
        plain = await plain_schema.execute(query)
        regular = await regular_schema.execute(query)
    finally:
        Part.__strawberry_definition__.get_field("stock").base_resolver.wrapped_func = original
    assert plain.data == regular.data
    assert errors_of(plain) == errors_of(regular)
    assert [e.path for e in plain.errors] == [e.path for e in regular.errors]
    assert {tuple(e.path) for e in plain.errors} >= {("box", "parts", 0, "stock"), ("box", "main", "stock")}


def test_what_counts_as_plain() -> None:
    plain, _ = schemas()
    core = plain._schema
    part_type, box_type = core.get_type("Part"), core.get_type("Box")
    inline = {name for name in part_type.fields if plan_field(core, part_type, name) is not None}
    assert inline == {"id", "sku", "quantity", "colour", "note", "price", "label", "doubled", "count"}
    assert plan_field(core, part_type, "__typename").typename == "Part"
    assert {name for name in box_type.fields if plan_field(core, box_type, name)} == set(box_type.fields)
    query_type = core.get_type("Query")
    # Root fields here take arguments or return an interface: the regular path.
    assert plan_field(core, query_type, "box") is None
    assert plan_field(core, query_type, "things") is None


class CountingExecutor(PlainFieldExecutor):
    objects_field_by_field: list[str] = []

    def execute_fields(self, parent_type, source_value, path, grouped_field_set, position_context):  # noqa: ANN001, ANN201
        if self._completer(parent_type, grouped_field_set) is None:
            CountingExecutor.objects_field_by_field.append(parent_type.name)
        return super().execute_fields(parent_type, source_value, path, grouped_field_set, position_context)


async def test_an_object_of_plain_fields_is_completed_by_one_generated_function() -> None:
    BOXES.clear()
    BOXES["first"], BOXES["second"] = box(), box(name="second", parts=[part("Z", 9)])
    counted = strawberry.Schema(query=Query, types=[Part], execution_context_class=CountingExecutor)
    _, regular = schemas()
    CountingExecutor.objects_field_by_field.clear()
    result = await counted.execute(PLAIN_ONLY)
    assert result.errors is None and result.data == (await regular.execute(PLAIN_ONLY)).data
    # Boxes, their parts and prices: all generated completions.
    assert CountingExecutor.objects_field_by_field == []
    assert result.data["boxes"][1]["parts"] == [{"sku": "Z", "quantity": 9, "colour": "RED", "note": None,
                                                  "price": {"amount": "1.00", "currency": "EUR"}, "label": "Z x9",
                                                  "doubled": 18}]
    # A field with a resolver that takes `info` (here: an async one) makes its object go field by field, and
    # the objects holding it; the parts' prices are still generated completions.
    CountingExecutor.objects_field_by_field.clear()
    mixed = await counted.execute("{ boxes { name parts { sku stock price { amount } } } }")
    assert mixed.errors is None
    assert sorted(set(CountingExecutor.objects_field_by_field)) == ["Box", "Part", "Query"]
    assert mixed.data["boxes"][0]["parts"][0] == {"sku": "A", "stock": 102, "price": {"amount": "1.00"}}


async def test_generated_completions_follow_each_operations_directives() -> None:
    BOXES.clear()
    BOXES["first"] = box()
    plain, regular = schemas()
    query = """query($skip: Boolean!) { boxes { name parts { sku colour @skip(if: $skip)
               price { amount currency @include(if: $skip) } } } }"""
    for skip in (True, False, True, False):
        a = await plain.execute(query, variable_values={"skip": skip})
        b = await regular.execute(query, variable_values={"skip": skip})
        assert a.errors is None and a.data == b.data
        assert ("colour" in a.data["boxes"][0]["parts"][0]) is not skip
        assert ("currency" in a.data["boxes"][0]["parts"][0]["price"]) is skip


async def test_generated_completions_kept_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(plain_fields, "_COMPLETERS_KEPT", 4)
    BOXES.clear()
    BOXES["first"] = box()
    plain, _ = schemas()
    for i in range(10):
        result = await plain.execute(f"{{ boxes {{ n{i}: name parts {{ s{i}: sku }} }} }}")
        assert result.data == {"boxes": [{f"n{i}": "first", "parts": [{f"s{i}": "A"}, {f"s{i}": "B"}]}]}
    assert len(plain._schema.__dict__["_plain_completers"]) == 4


# ------------------------------------------------------------------------------ what never takes the fast path
# A guarded field, a field with arguments, and every field under a schema extension with a `resolve` hook are
# resolved the regular way wherever they are nested: their guard, resolver or hook runs once per object.

CALLS: list[str] = []


class OnlyVisible(BasePermission):
    message = "Not for you"

    def has_permission(self, source, info: Info, **kwargs) -> bool:  # noqa: ANN001, ANN003
        CALLS.append(f"guard {source.sku}")
        return source.sku != "hidden"


@strawberry.type
class Item:
    sku: str
    secret: str | None = strawberry.field(permission_classes=[OnlyVisible])

    @strawberry.field
    def scaled(self, by: int = 1) -> int:
        CALLS.append(f"scaled {self.sku}")
        return len(self.sku) * by


@strawberry.type
class Crate:
    name: str
    items: list[Item]


@strawberry.type
class CrateQuery:
    @strawberry.field
    def crates(self) -> list[Crate]:
        return [Crate(name="one", items=[Item(sku="a", secret="s1"), Item(sku="hidden", secret="s2")]),
                Crate(name="two", items=[Item(sku="bc", secret="s3")])]


class Recorder(SchemaExtension):
    def resolve(self, _next, root, info: Info, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN201
        CALLS.append(".".join(str(key) for key in info.path.as_list()))
        return _next(root, info, *args, **kwargs)


def crate_schemas(**options) -> tuple[strawberry.Schema, strawberry.Schema]:  # noqa: ANN003
    return (strawberry.Schema(query=CrateQuery, execution_context_class=PlainFieldExecutor, **options),
            strawberry.Schema(query=CrateQuery, **options))


async def calls_and_result(schema: strawberry.Schema, query: str) -> tuple[list[str], object]:
    CALLS.clear()
    result = await schema.execute(query)
    return list(CALLS), result


async def test_a_nested_guarded_field_is_checked_for_every_object() -> None:
    plain, regular = crate_schemas()
    core = plain._schema
    assert plan_field(core, core.get_type("Item"), "secret") is None
    query = "{ crates { name items { sku secret } } }"
    (plain_calls, a), (regular_calls, b) = await calls_and_result(plain, query), await calls_and_result(regular, query)
    assert plain_calls == regular_calls == ["guard a", "guard hidden", "guard bc"]
    assert a.data == b.data and errors_of(a) == errors_of(b) == [("Not for you", ["crates", 0, "items", 1, "secret"])]
    assert a.data["crates"][0]["items"] == [{"sku": "a", "secret": "s1"}, {"sku": "hidden", "secret": None}]


async def test_a_field_with_arguments_runs_its_resolver_for_every_object() -> None:
    plain, regular = crate_schemas()
    core = plain._schema
    assert plan_field(core, core.get_type("Item"), "scaled") is None
    for query in ("{ crates { items { sku scaled(by: 3) } } }", "{ crates { items { scaled } } }"):
        (plain_calls, a), (regular_calls, b) = await calls_and_result(plain, query), await calls_and_result(regular, query)
        assert plain_calls == regular_calls == ["scaled a", "scaled hidden", "scaled bc"]
        assert a.errors is None and a.data == b.data


async def test_a_schema_extension_with_a_resolve_hook_sees_every_field() -> None:
    plain, regular = crate_schemas(extensions=[Recorder])
    query = "{ crates { name items { sku } } }"
    (plain_calls, a), (regular_calls, b) = await calls_and_result(plain, query), await calls_and_result(regular, query)
    assert plain_calls == regular_calls
    assert set(plain_calls) == {"crates", "crates.0.name", "crates.0.items", "crates.0.items.0.sku",
                                "crates.0.items.1.sku", "crates.1.name", "crates.1.items", "crates.1.items.0.sku"}
    assert a.errors is None and a.data == b.data
    # No object was completed by a generated function under the extension; without it, they are.
    assert "_plain_completers" not in plain._schema.__dict__
    bare, _ = crate_schemas()
    assert (await bare.execute(query)).data == a.data and bare._schema.__dict__["_plain_completers"]


def test_no_guarded_field_or_field_with_arguments_of_the_api_takes_the_fast_path() -> None:
    from graphql import GraphQLObjectType

    from backend.api.schema import build_schema

    core = build_schema()._schema
    roots = {core.query_type.name, core.mutation_type.name, core.subscription_type.name}
    checked = 0
    for type_ in core.type_map.values():
        if not isinstance(type_, GraphQLObjectType) or type_.name.startswith("__"):
            continue
        for name, field in type_.fields.items():
            definition = field.extensions.get(plain_fields._DEFINITION)
            assert definition is not None, f"{type_.name}.{name} has no Strawberry definition"
            if type_.name in roots:
                assert definition.permission_classes, f"root field {type_.name}.{name} without a guard"
            if definition.permission_classes or definition.arguments or definition.extensions:
                assert plan_field(core, type_, name) is None, f"{type_.name}.{name} would be completed inline"
                checked += 1
    assert checked > len(roots)
