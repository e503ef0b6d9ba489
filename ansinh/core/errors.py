"""Domain errors: raised by services with a Vietnamese message for the user."""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the domain refused the operation. ``message`` is shown to the user as is."""

    code = "domain_error"
    status_code = 400

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return self.message


class NotFound(DomainError):
    """The record does not exist, or it is outside the user's units (the same answer)."""

    code = "not_found"
    status_code = 404


class PermissionDenied(DomainError):
    """The user may see the record but their role may not do this."""

    code = "permission_denied"
    status_code = 403


class Conflict(DomainError):
    code = "conflict"
    status_code = 409
