"""Unmasking a letter writer's contact details and the letter's text: a permission, a
reason, an audit record.

Staff screens show phone, e-mail, ID number and address masked, and the title and body
with personal data masked (``letters.staff_view``).
Who may see them in full: the dispatchers of the site office (any letter they can see)
and the handlers of the letter's lead department, the people who must contact the
writer. Reviewers, publishers, supervisors, assisting departments and the unit a
complaint is about (protected copy) work on the case without them; admins and auditors
handle no letters at all (separation of duties).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError

from core.audit import audit
from letters.models import Letter
from letters.selectors import letters_for
from letters.staff_view import is_protected_copy
from org.roles import Role
from org.selectors import StaffUser, user_department_id, user_roles

UNMASKED_FIELDS = ("phone", "email", "id_number", "address")
REASON_MIN_LENGTH = 4
REASON_MAX_LENGTH = 500


UNMASK_ROLES = frozenset({Role.DISPATCHER, Role.HANDLER})


def may_unmask(user: Any, letter: Letter) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if not letters_for(user).filter(pk=letter.pk).exists():
        return False
    return unmask_rule(user)(letter)


def unmask_rule(user: Any) -> Callable[[Letter], bool]:
    """Whether ``user`` may see in full a letter already read through ``letters_for(user)``
    (roles and department read once: the export asks it for every row)."""
    department_id = user_department_id(user)
    roles = user_roles(user)

    def allowed(letter: Letter) -> bool:
        if is_protected_copy(letter, department_id):
            return False
        if Role.DISPATCHER in roles:
            return True
        return (
            Role.HANDLER in roles
            and letter.department_id is not None
            and letter.department_id == department_id
        )

    return allowed


def holds_unmask_permission(user: Any) -> bool:
    """Whether ``user`` may unmask any letter at all (dispatchers, handlers)."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user_roles(user) & UNMASK_ROLES
    )


def unmask_letter(*, letter: Letter, actor: StaffUser, reason: str) -> dict[str, str]:
    """The writer's contact details in full, for ``actor``, with ``reason`` on the record.

    Raises ``PermissionDenied`` (the refusal is audited too) or ``ValidationError`` for
    a missing or too short reason. Returns ``{field: plaintext}`` for ``UNMASKED_FIELDS``
    and the letter's name, title and body as written (staff screens mask them too).
    """
    reason = (reason or "").strip()
    if not may_unmask(actor, letter):
        audit(
            "letter.unmask",
            actor=actor,
            obj=letter,
            outcome="denied",
            data={"reason": reason[:REASON_MAX_LENGTH]},
        )
        raise PermissionDenied("您无权查看该来信人的完整个人信息。")
    if len(reason) < REASON_MIN_LENGTH:
        raise ValidationError(
            {
                "reason": f"「查看理由」：请说明查看完整个人信息的理由（至少{REASON_MIN_LENGTH}个字）。"
            }
        )
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError({"reason": f"「查看理由」：理由不能超过{REASON_MAX_LENGTH}个字。"})
    values = {name: getattr(letter, name) or "" for name in UNMASKED_FIELDS}
    values |= {"name": letter.name, "title": letter.title, "body": letter.body}
    audit(
        "letter.unmask",
        actor=actor,
        obj=letter,
        data={"reason": reason, "fields": [name for name, value in values.items() if value]},
    )
    return values
