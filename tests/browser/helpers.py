"""Helpers shared by the browser tests."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page


def watch_errors(page: Page) -> list[str]:
    """Collect the page's console errors (Content-Security-Policy violations included),
    uncaught exceptions and failed sub-resources (scripts, styles, images, htmx requests
    answering 4xx/5xx; documents may answer 4xx on purpose) in ``page.console_errors``."""
    errors: list[str] = []

    def on_console(message: Any) -> None:
        # HTTP statuses are reported by on_response (pages answer 4xx on bad input).
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            errors.append(message.text)

    def on_response(response: Any) -> None:
        if response.status >= 400 and response.request.resource_type != "document":
            errors.append(f"{response.status} {response.url}")

    page.on("console", on_console)
    page.on("response", on_response)
    page.on("pageerror", lambda exc: errors.append(f"pageerror: {exc}"))
    page.console_errors = errors  # type: ignore[attr-defined]
    return errors
