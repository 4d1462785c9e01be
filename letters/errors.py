"""Refusals of the letters domain's services, mapped to HTTP answers in one place for the
API (``letters.api.staff_views.run_service``) and one for pages (``frontend``)."""

from __future__ import annotations

from typing import Any


class TransitionNotAllowed(Exception):
    """The letter is not in a state that allows the action (HTTP 409).

    ``hits`` lists what stands in the way item by item where there is such a list (the
    publication gate's unconfirmed personal data and sensitive words); the API answers
    it next to ``detail`` and the pages show it with a way to resolve each item.
    """

    def __init__(self, message: str, hits: list[dict[str, Any]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hits = hits or []
