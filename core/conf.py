"""Typed access to the desk policy settings (``settings.DESK``)."""

from typing import Any

from django.conf import settings


def desk_setting(name: str) -> Any:
    return settings.DESK[name]
