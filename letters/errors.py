"""Refusals of the letters domain's services (answered as in ``core.errors``)."""

from __future__ import annotations

from core.errors import ActionRefused


class TransitionNotAllowed(ActionRefused):
    """The letter is not in a state that allows the action (HTTP 409)."""
