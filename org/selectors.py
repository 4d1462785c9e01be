"""Who a staff user is: their roles (Django groups), their department, whether they work
for the site office, and the websocket groups they may join."""

from __future__ import annotations

from typing import Any

from core.realtime import DISPATCH_GROUP, SUPERVISION_GROUP, department_group
from org.roles import Role

CASE_ROLES = frozenset({Role.DISPATCHER, Role.SUPERVISOR, Role.PUBLISHER})
DEPARTMENT_ROLES = frozenset({Role.HANDLER, Role.REVIEWER})


def user_roles(user: Any) -> set[str]:
    if not user.is_authenticated:
        return set()
    return set(user.groups.values_list("name", flat=True))


def user_department_id(user: Any) -> int | None:
    """The department of a staff account, or None (anonymous, no staff profile)."""
    profile = getattr(user, "staff_profile", None)
    return profile.department_id if profile is not None else None


def staff_groups(user: Any) -> list[str]:
    """Websocket groups a user may join: their department, and supervision if a supervisor."""
    groups: list[str] = []
    department_id = user_department_id(user)
    if department_id is not None:
        groups.append(department_group(department_id))
    roles = user_roles(user)
    if Role.SUPERVISOR in roles:
        groups.append(SUPERVISION_GROUP)
    if roles & {Role.DISPATCHER, Role.PUBLISHER}:
        groups.append(DISPATCH_GROUP)
    return groups


def is_office(user: Any) -> bool:
    """Whether the user works for the site office (dispatch, publication, supervision)."""
    return bool(user_roles(user) & CASE_ROLES)


def reader_context(user: Any) -> dict[str, Any]:
    """Who reads a letter, for ``letters.staff_view`` (serializer context, page context)."""
    return {"department_id": user_department_id(user), "office": is_office(user)}
