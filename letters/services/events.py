"""The one way to append to a letter's timeline."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone

from letters.models import Letter, LetterEvent
from org.selectors import StaffUser


def record_event(
    *,
    letter: Letter,
    action: str,
    actor: StaffUser | None = None,
    from_status: str = "",
    to_status: str = "",
    note: str = "",
    public_note: str = "",
    public: bool = True,
    data: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> LetterEvent:
    """Append one event; ``public_note`` is what the writer sees, ``note`` stays internal."""
    return LetterEvent.objects.create(
        letter=letter,
        action=action,
        actor=actor if actor is not None and actor.is_authenticated else None,
        from_status=from_status,
        to_status=to_status,
        note=note,
        public_note=public_note,
        public=public,
        data=data or {},
        at=at or timezone.now(),
    )
