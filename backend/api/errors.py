"""User errors in mutation payloads, and how domain failures reach GraphQL clients."""

from __future__ import annotations

import enum
import functools
from collections.abc import Awaitable, Callable
from typing import Any, Optional, get_type_hints

import strawberry
from graphql import GraphQLError

from backend.core.errors import DomainError, InvalidInput


@strawberry.enum(description="Why a mutation did not do what was asked.")
class UserErrorCode(enum.Enum):
    INVALID = "INVALID"
    REQUIRED = "REQUIRED"
    TOO_SHORT = "TOO_SHORT"
    TOO_LONG = "TOO_LONG"
    INVALID_ID = "INVALID_ID"
    INVALID_PAGE = "INVALID_PAGE"
    INVALID_CURSOR = "INVALID_CURSOR"
    NOT_FOUND = "NOT_FOUND"
    FORBIDDEN = "FORBIDDEN"
    UNAUTHENTICATED = "UNAUTHENTICATED"
    INVALID_CREDENTIALS = "INVALID_CREDENTIALS"
    MERCHANT_INACTIVE = "MERCHANT_INACTIVE"
    CONFLICT = "CONFLICT"
    DUPLICATE = "DUPLICATE"
    RATE_LIMITED = "RATE_LIMITED"
    INSUFFICIENT_STOCK = "INSUFFICIENT_STOCK"
    INVALID_STATE = "INVALID_STATE"
    INVALID_BARCODE = "INVALID_BARCODE"
    UNKNOWN_PRODUCT = "UNKNOWN_PRODUCT"
    ARCHIVED = "ARCHIVED"
    INVALID_CSV = "INVALID_CSV"
    VERSION_CONFLICT = "VERSION_CONFLICT"
    WRONG_SCAN = "WRONG_SCAN"
    IN_PROGRESS = "IN_PROGRESS"
    CARRIER_REFUSED = "CARRIER_REFUSED"
    CARRIER_UNAVAILABLE = "CARRIER_UNAVAILABLE"
    OVER_RETURN = "OVER_RETURN"


@strawberry.type(description="An expected failure: bad input, a missing or forbidden object, a conflict.")
class UserError:
    field: str | None = strawberry.field(description="The input field at fault, when one is.")
    message: str
    code: UserErrorCode

    @classmethod
    def from_domain(cls, error: DomainError) -> UserError:
        return cls(field=error.field, message=error.message, code=UserErrorCode(error.code))


Resolver = Callable[..., Awaitable[Any]]


def mutation_payload(name: str, **objects: Any) -> type:
    """A mutation's payload type: the objects it changed, by field name (null when it failed), and `errors`.

        ProductArchivePayload = mutation_payload("ProductArchivePayload", product=Product)
    """
    annotations = {field: Optional[kind] for field, kind in objects.items()}  # noqa: UP045 - a runtime type
    namespace = {"__annotations__": {**annotations, "errors": list[UserError]}, **dict.fromkeys(objects)}
    return strawberry.type(type(name, (), namespace))


def user_errors(resolver: Resolver) -> Resolver:
    """A mutation resolver, declared with its payload type as its return type, whose body returns the payload's
    values (a dict): the domain's expected failures become the payload's `errors` and change nothing.

        @user_errors
        async def product_archive(info: Info, input: ProductArchiveInput) -> ProductArchivePayload:
            return {"product": Product.from_row(await services.set_product_archived(...))}
    """
    payload = get_type_hints(resolver)["return"]

    @functools.wraps(resolver)
    async def resolve(*args: Any, **kwargs: Any) -> Any:
        try:
            values = await resolver(*args, **kwargs)
        except DomainError as error:
            errors = error.errors if isinstance(error, InvalidInput) else [error]
            return payload(errors=[UserError.from_domain(e) for e in errors])
        return payload(errors=[], **values)

    return resolve


def graphql_error(error: DomainError) -> GraphQLError:
    return GraphQLError(error.message, extensions=error.extensions, original_error=error)


def is_expected(error: GraphQLError) -> bool:
    """Errors whose text is meant for the client; everything else is masked in production."""
    original = error.original_error
    return original is None or isinstance(original, (DomainError, GraphQLError))
