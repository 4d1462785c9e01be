"""Reads of the letters domain, shared by views, consumers and tasks."""

from __future__ import annotations

from typing import Any

from letters.realtime import SUPERVISION_GROUP, department_group
from letters.roles import Role


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
