"""A small registry through which other apps lend letters a capability.

``letters`` never imports ``routing`` or ``knowledge_base`` (DESIGN.md §7); they register
what letters may call here, in their ``AppConfig.ready``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from org.selectors import StaffUser

# Called inside the dispatch transaction with (letter, department_id, actor).
_dispatch_listeners: list[Callable[[Any, int, Any], None]] = []


def on_dispatch(listener: Callable[[Any, int, Any], None]) -> None:
    if listener not in _dispatch_listeners:
        _dispatch_listeners.append(listener)


def dispatched(letter: Any, department_id: int, actor: StaffUser | None) -> None:
    for listener in _dispatch_listeners:
        listener(letter, department_id, actor)


# The publication gate (registered by knowledge_base: ``knowledge_base.gate``), called
# inside the publish transaction with (letter, texts, actor=..., confirmations=...).
_publication_gate: Callable[..., None] | None = None


def register_publication_gate(gate: Callable[..., None]) -> None:
    global _publication_gate
    _publication_gate = gate


def check_publication(
    letter: Any,
    texts: dict[str, str],
    *,
    actor: StaffUser | None,
    confirmations: Sequence[Any] = (),
) -> None:
    """Let a letter's public texts through the publication gate, or raise its refusal.

    Fails closed: without a registered gate nothing can be published.
    """
    if _publication_gate is None:
        raise RuntimeError("no publication gate registered: nothing may be published")
    _publication_gate(letter, texts, actor=actor, confirmations=confirmations)


# Called inside the publish transaction with the published letter.
_publish_listeners: list[Callable[[Any], None]] = []


def on_publish(listener: Callable[[Any], None]) -> None:
    if listener not in _publish_listeners:
        _publish_listeners.append(listener)


def published(letter: Any) -> None:
    for listener in _publish_listeners:
        listener(letter)


# What the router says of a letter for staff (registered by routing:
# ``routing.services.advice_for_api``), called with (letter, cache): the stored top 3 and
# why there is none or why the letter was not dispatched automatically. ``cache`` is shared
# by the letters of one list.
_routing_advice: Callable[[Any, dict[str, Any]], dict[str, Any]] | None = None


def register_routing_advice(advice: Callable[[Any, dict[str, Any]], dict[str, Any]]) -> None:
    global _routing_advice
    _routing_advice = advice


def routing_advice(letter: Any, cache: dict[str, Any]) -> dict[str, Any] | None:
    """None when no router is installed."""
    return None if _routing_advice is None else _routing_advice(letter, cache)
