"""The GraphQL side of authorization: every root field declares who may call it, or the schema does not build.

The guards only ask `backend.core.authorization`; row-level tenancy is enforced by the services they call.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from strawberry import Schema
from strawberry.permission import BasePermission
from strawberry.types import Info

from backend.api.errors import graphql_error
from backend.core.authorization import Permission
from backend.core.errors import Forbidden, Unauthenticated


class Public(BasePermission):
    """Anyone, signed in or not (signing in itself)."""

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        return True


class Authenticated(BasePermission):
    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        if not info.context.actor.is_authenticated:
            raise graphql_error(Unauthenticated("Sign in first"))
        return True


@cache
def requires(permission: Permission) -> type[BasePermission]:
    def has_permission(self: BasePermission, source: Any, info: Info, **kwargs: Any) -> bool:
        actor = info.context.actor
        if not actor.is_authenticated:
            raise graphql_error(Unauthenticated("Sign in first"))
        if not actor.can(permission):
            raise graphql_error(Forbidden("You are not allowed to do this"))
        return True

    return type(f"Requires_{permission.name}", (BasePermission,), {"has_permission": has_permission})


def unguarded_root_fields(schema: Schema) -> list[str]:
    """Root fields without an explicit guard. Deny by default: `build_schema` refuses to start with any."""
    missing = []
    for root in (schema.query, schema.mutation, schema.subscription):
        if root is None:
            continue
        definition = root.__strawberry_definition__
        for field in definition.fields:
            if not field.permission_classes:
                missing.append(f"{definition.name}.{field.python_name}")
    return missing


@cache
def requires_any(*permissions: Permission) -> type[BasePermission]:
    """Any one of `permissions` (the services narrow what each one shows)."""

    def has_permission(self: BasePermission, source: Any, info: Info, **kwargs: Any) -> bool:
        actor = info.context.actor
        if not actor.is_authenticated:
            raise graphql_error(Unauthenticated("Sign in first"))
        if not any(actor.can(p) for p in permissions):
            raise graphql_error(Forbidden("You are not allowed to do this"))
        return True

    name = "_or_".join(p.name for p in permissions)
    return type(f"RequiresAny_{name}", (BasePermission,), {"has_permission": has_permission})
