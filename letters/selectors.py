"""Reads of the letters domain, shared by views, consumers and tasks."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from letters.calendar_core import BEIJING
from letters.choices import CLOCK_RUNNING_STATUSES
from letters.models import Letter
from letters.realtime import SUPERVISION_GROUP, department_group
from letters.roles import Role
from letters.services.calendar import get_calendar


def user_roles(user: Any) -> set[str]:
    if not user.is_authenticated:
        return set()
    return set(user.groups.values_list("name", flat=True))


def staff_groups(user: Any) -> list[str]:
    """Websocket groups a user may join: their department, and supervision if a supervisor."""
    groups: list[str] = []
    profile = getattr(user, "staff_profile", None)
    if profile is not None:
        groups.append(department_group(profile.department_id))
    if Role.SUPERVISOR in user_roles(user):
        groups.append(SUPERVISION_GROUP)
    return groups


def due_soon_cutoff(now: datetime) -> datetime:
    """Letters due at or before this instant (and not yet overdue) are due soon."""
    days: int = settings.DESK["DUE_SOON_WORKING_DAYS"]
    calendar = get_calendar()
    day = timezone.localdate(now)
    for _ in range(days):
        day = calendar.next_workday(day)
    return datetime.combine(day, time(23, 59, 59), tzinfo=BEIJING)


def clock_running_letters() -> QuerySet[Letter]:
    """Open letters whose reply clock runs; matches the partial index on deadline_at."""
    return Letter.objects.filter(
        deadline_at__isnull=False,
        clock_paused_on__isnull=True,
        status__in=sorted(CLOCK_RUNNING_STATUSES),
    )


def overdue_letters(now: datetime) -> QuerySet[Letter]:
    """Most overdue first."""
    return clock_running_letters().filter(deadline_at__lt=now).order_by("deadline_at", "id")


def due_soon_letters(now: datetime) -> QuerySet[Letter]:
    """Soonest due first."""
    return (
        clock_running_letters()
        .filter(deadline_at__gte=now, deadline_at__lte=due_soon_cutoff(now))
        .order_by("deadline_at", "id")
    )
