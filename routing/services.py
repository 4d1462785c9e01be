"""Routing services: compute and store suggestions for a letter."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from letters.models import Letter
from routing.rules import Suggestion, explicit_target


def route_letter(*, letter_id: int) -> list[Suggestion]:
    """Store the routing suggestions of a letter once; later calls change nothing."""
    with transaction.atomic():
        letter = (
            Letter.objects.select_for_update(of=("self",))
            .select_related("leader__office", "solicitation__owner")
            .filter(pk=letter_id, routed_at__isnull=True)
            .first()
        )
        if letter is None:
            return []
        suggestions: list[Suggestion] = []
        target = explicit_target(letter)
        if target is not None:
            suggestions.append(target)
        letter.routing_suggestions = [s.as_dict() for s in suggestions]
        letter.routed_at = timezone.now()
        letter.save(update_fields=["routing_suggestions", "routed_at", "updated_at"])
    return suggestions
