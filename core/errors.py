"""Refusals raised by the services of every app, and where they become answers.

A service refuses with Django's ``ValidationError`` (bad input, naming the field),
``PermissionDenied`` (this actor may not) or :class:`ActionRefused` (the state does not
allow it, e.g. a letter not yet replied cannot be published). The API maps them to HTTP
in one place (``core.api.exception_handler``: 400 / 403 / 409) and the pages in one place
(``frontend.refusals``); views only call services.
"""

from __future__ import annotations

from typing import Any


class ActionRefused(Exception):
    """The current state does not allow the action (HTTP 409); nothing was changed.

    ``hits`` lists what stands in the way item by item where there is such a list (the
    publication gate's unconfirmed personal data and sensitive words); the API answers
    it next to ``detail`` and the pages show it with a way to resolve each item.
    """

    def __init__(self, message: str, hits: list[dict[str, Any]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hits = hits or []
