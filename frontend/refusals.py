"""Where a service's refusal becomes what a page shows (the API's counterpart is
``core.api.exception_handler``; the refusals themselves are listed in ``core.errors``).

Pages call a service inside ``except SERVICE_REFUSALS as exc`` and render
``refusal_of(exc)``: its HTTP status, the Chinese message, the errors per form field and,
for the publication gate, the hits to resolve.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions as drf_exceptions

from core.api import INVALID_INPUT
from core.errors import ActionRefused

SERVICE_REFUSALS = (
    drf_exceptions.ValidationError,
    DjangoValidationError,
    ActionRefused,
    PermissionDenied,
)


class Refused(Exception):
    """A refused request as a page shows it: status, message, field errors, gate hits."""

    def __init__(
        self,
        status: int,
        message: str,
        errors: dict[str, list[str]] | None = None,
        hits: list[dict[str, Any]] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.errors = errors or {}
        self.hits = hits or []

    @property
    def summary(self) -> str:
        """One line for a flash message: the field errors if any, else the message."""
        field_messages = [m for messages in self.errors.values() for m in messages]
        return "；".join(field_messages) if field_messages else self.message


def refusal_of(exc: Exception) -> Refused:
    """The page form of one of ``SERVICE_REFUSALS`` (400, 403 or 409)."""
    if isinstance(exc, Refused):
        return exc
    if isinstance(exc, drf_exceptions.ValidationError):
        detail: Any = exc.detail
        if isinstance(detail, dict):
            errors = {str(k): [str(m) for m in _as_list(v)] for k, v in detail.items()}
        else:
            errors = {"non_field_errors": [str(m) for m in _as_list(detail)]}
        return Refused(400, INVALID_INPUT, errors)
    if isinstance(exc, DjangoValidationError):
        errors = (
            {k: list(v) for k, v in exc.message_dict.items()}
            if hasattr(exc, "error_dict")
            else {"non_field_errors": list(exc.messages)}
        )
        return Refused(400, INVALID_INPUT, errors)
    if isinstance(exc, ActionRefused):
        return Refused(409, exc.message, hits=exc.hits)
    if isinstance(exc, PermissionDenied):
        return Refused(403, str(exc) or "无权执行此操作。")
    raise TypeError(f"not a service refusal: {exc!r}")


def _as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, (list, tuple)) else [value]
