"""Who a staff user is: their roles (Django groups), their department, whether they work
for the site office, and the websocket groups they may join."""

from __future__ import annotations

from typing import Any, TypeAlias

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied

from core.realtime import DISPATCH_GROUP, SUPERVISION_GROUP, department_group
from org.roles import Role

# A staff account (settings.AUTH_USER_MODEL): the actor of every case action.
StaffUser: TypeAlias = User
# Whoever a request or a websocket carries: a signed-in account or an anonymous visitor.
AnyUser: TypeAlias = AbstractBaseUser | AnonymousUser

CASE_ROLES = frozenset({Role.DISPATCHER, Role.SUPERVISOR, Role.PUBLISHER})
DEPARTMENT_ROLES = frozenset({Role.HANDLER, Role.REVIEWER})


def user_roles(user: AnyUser) -> set[str]:
    """The staff roles (Django groups) of an account; none for anyone else."""
    if not isinstance(user, StaffUser) or not user.is_authenticated:
        return set()
    return set(user.groups.values_list("name", flat=True))


def user_department_id(user: AnyUser) -> int | None:
    """The department of a staff account, or None (anonymous, no staff profile)."""
    profile = getattr(user, "staff_profile", None)
    return profile.department_id if profile is not None else None


def staff_groups(user: AnyUser) -> list[str]:
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


def is_office(user: AnyUser) -> bool:
    """Whether the user works for the site office (dispatch, publication, supervision)."""
    return bool(user_roles(user) & CASE_ROLES)


def reader_context(user: AnyUser) -> dict[str, Any]:
    """Who reads a letter, for ``letters.staff_view`` (serializer context, page context)."""
    return {"department_id": user_department_id(user), "office": is_office(user)}


def staff_user(user: AnyUser) -> StaffUser:
    """The staff account behind a request, for the services (their actor). Views call it
    after their permission check, so a refusal here means a misrouted request."""
    if not isinstance(user, StaffUser) or not user.is_active:
        raise PermissionDenied("需要工作人员账号登录。")
    return user
