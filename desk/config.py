"""One typed reader for settings that come from the environment.

Every value the deployment may change is read here, converted to its type and checked.
A bad value stops the process at start-up with a message naming the variable, instead
of surfacing later as a confusing runtime error (healthchecks does the same).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from urllib.parse import urlparse

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class EnvReader:
    """Reads typed values from a mapping (the process environment by default)."""

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        self._environ = os.environ if environ is None else environ

    def raw(self, name: str) -> str | None:
        value = self._environ.get(name)
        return None if value is None else value.strip()

    def get_str(self, name: str, default: str | None = None, *, required: bool = False) -> str:
        value = self.raw(name)
        if value is None or value == "":
            if required or default is None:
                raise ImproperlyConfigured(f"环境变量 {name} 未设置 ({name} is required)")
            return default
        return value

    def get_optional_str(self, name: str) -> str | None:
        value = self.raw(name)
        return value or None

    def get_bool(self, name: str, default: bool) -> bool:
        value = self.raw(name)
        if value is None:
            return default
        lowered = value.lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {value!r}")

    def get_int(self, name: str, default: int, *, minimum: int | None = None) -> int:
        value = self.raw(name)
        if value is None or value == "":
            return default
        try:
            number = int(value)
        except ValueError:
            raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from None
        if minimum is not None and number < minimum:
            raise ImproperlyConfigured(f"{name} must be >= {minimum}, got {number}")
        return number

    def get_float(self, name: str, default: float) -> float:
        value = self.raw(name)
        if value is None or value == "":
            return default
        try:
            return float(value)
        except ValueError:
            raise ImproperlyConfigured(f"{name} must be a number, got {value!r}") from None

    def get_list(self, name: str, default: list[str] | None = None) -> list[str]:
        value = self.raw(name)
        if value is None:
            return list(default or [])
        return [item.strip() for item in value.split(",") if item.strip()]

    def get_url(self, name: str, default: str | None, *, schemes: tuple[str, ...]) -> str | None:
        value = self.raw(name)
        if value is None or value == "":
            return default
        parsed = urlparse(value)
        if parsed.scheme not in schemes:
            allowed = ", ".join(schemes)
            raise ImproperlyConfigured(f"{name} must be a URL with scheme {allowed}, got {value!r}")
        return value


env = EnvReader()
