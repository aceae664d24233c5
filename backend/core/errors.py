"""Expected failures of a use case. The API turns them into `UserError`s; they never become a 500."""

from __future__ import annotations


class DomainError(Exception):
    code = "INVALID"

    def __init__(self, message: str, *, field: str | None = None, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        if code is not None:
            self.code = code

    @property
    def extensions(self) -> dict[str, str]:
        """Picked up by graphql-core when this error escapes a resolver."""
        return {"code": self.code, **({"field": self.field} if self.field else {})}


class ValidationFailed(DomainError):
    code = "INVALID"


class NotFound(DomainError):
    code = "NOT_FOUND"


class Forbidden(DomainError):
    code = "FORBIDDEN"


class Unauthenticated(DomainError):
    code = "UNAUTHENTICATED"


class Conflict(DomainError):
    code = "CONFLICT"


class RateLimited(DomainError):
    code = "RATE_LIMITED"

    def __init__(self, message: str, *, retry_after: int, field: str | None = None) -> None:
        super().__init__(message, field=field)
        self.retry_after = retry_after


class InvalidInput(DomainError):
    """Several fields at fault at once, so a form can mark them all."""

    def __init__(self, errors: list[DomainError]) -> None:
        super().__init__("; ".join(e.message for e in errors), field=errors[0].field, code=errors[0].code)
        self.errors = errors


class FieldChecks:
    """Collects the failures of several independent input checks, then raises them together."""

    def __init__(self) -> None:
        self.errors: list[DomainError] = []

    def check(self, clean, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN201
        try:
            return clean(*args, **kwargs)
        except DomainError as error:
            self.errors.append(error)
            return None

    def raise_if_any(self) -> None:
        if len(self.errors) == 1:
            raise self.errors[0]
        if self.errors:
            raise InvalidInput(self.errors)
