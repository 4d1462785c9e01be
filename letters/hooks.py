"""A small registry through which other apps lend letters a capability.

``letters`` never imports ``routing`` or ``knowledge_base`` (DESIGN.md §7); they register
what letters may call here, in their ``AppConfig.ready``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# (text, writer_name) -> text without the writer's personal data
_body_redactor: Callable[[str, str], str] | None = None
# Called inside the dispatch transaction with (letter, department_id, actor).
_dispatch_listeners: list[Callable[[Any, int, Any], None]] = []


def on_dispatch(listener: Callable[[Any, int, Any], None]) -> None:
    if listener not in _dispatch_listeners:
        _dispatch_listeners.append(listener)


def dispatched(letter: Any, department_id: int, actor: Any) -> None:
    for listener in _dispatch_listeners:
        listener(letter, department_id, actor)


def register_body_redactor(function: Callable[[str, str], str]) -> None:
    global _body_redactor
    _body_redactor = function


def redact_body(text: str, writer_name: str, known_values: list[str]) -> str:
    """Remove the writer's identity from a letter body (for a protected copy)."""
    if _body_redactor is not None:
        text = _body_redactor(text, writer_name)
    for value in known_values:  # exact values the writer gave, whatever the detector found
        if value:
            text = text.replace(value, "****")
    return text


# Called inside the publish transaction with the published letter.
_publish_listeners: list[Callable[[Any], None]] = []


def on_publish(listener: Callable[[Any], None]) -> None:
    if listener not in _publish_listeners:
        _publish_listeners.append(listener)


def published(letter: Any) -> None:
    for listener in _publish_listeners:
        listener(letter)
