"""A small registry through which other apps lend letters a capability.

``letters`` never imports ``routing`` or ``knowledge_base`` (DESIGN.md §7); they register
what letters may call here, in their ``AppConfig.ready``.
"""

from __future__ import annotations

from collections.abc import Callable

# (text, writer_name) -> text without the writer's personal data
_body_redactor: Callable[[str, str], str] | None = None


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
