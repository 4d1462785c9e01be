"""The one transition function, its refusals and the helpers the action services share."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from core import outbox
from core.audit import audit
from core.conf import desk_settings
from core.realtime import publish_event
from letters import lifecycle
from letters.choices import LetterStatus
from letters.errors import TransitionNotAllowed
from letters.models import Letter
from letters.services.events import record_event
from org.models import Department
from org.roles import Role
from org.selectors import StaffUser, user_department_id, user_roles

S = LetterStatus
PUBLIC_TITLE_MAX = 100
SENSITIVE_PENDING = "该来信或答复命中敏感词（{words}），请先完成敏感词复核。"
INTAKE_STATUSES = frozenset(lifecycle.INTAKE)


@dataclass
class Effects:
    """Work to do once the transaction has committed."""

    tasks: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    pushes: list[tuple[list[str], dict[str, Any]]] = field(default_factory=list)

    def notify(self, event: str) -> None:
        self.tasks.append(("letters.notify_citizen", {"event": event}))

    def push(self, groups: Iterable[str], kind: str) -> None:
        self.pushes.append((list(groups), {"type": kind}))


Guard = Callable[[Letter], None]
Apply = Callable[[Letter, Effects], None]


def review_chain() -> tuple[str, ...]:
    """The role that approves at each review level (拟稿 → 审核 → 签发), in order."""
    return desk_settings().review_chain


def refusal(action: str, letter: Letter, actor: StaffUser | None) -> tuple[str, str] | None:
    """Why ``actor`` may not run ``action`` on ``letter`` now (lifecycle table), or None.

    The one answer for the services (which enforce it on the locked row) and for the
    pages (which offer only the actions it allows).
    """
    spec = lifecycle.ACTIONS[action]
    if actor is None:
        if spec.by_system or spec.scope in (lifecycle.Scope.WRITER, lifecycle.Scope.SYSTEM):
            return (
                None if letter.status in spec.from_statuses else ("status", "该来信当前不能评价。")
            )
        return ("role", "需要工作人员账号登录。")
    chain = review_chain()
    level = letter.review_level
    refused = lifecycle.refusal(
        spec,
        status=letter.status,
        reader=lifecycle.Reader(frozenset(user_roles(actor)), user_department_id(actor)),
        lead_department_id=letter.department_id,
        assisting_ids=(
            letter.assisting_departments.values_list("pk", flat=True)
            if spec.scope == lifecycle.Scope.ASSISTING
            else ()
        ),
        review_role=chain[level] if action == "review" and level < len(chain) else None,
        review_level=level,
    )
    extra = _EXTRA_RULES.get(action)
    return refused if refused is not None or extra is None else extra(letter, actor)


def _sensitive_review_refusal(letter: Letter, actor: StaffUser) -> tuple[str, str] | None:
    """A flag on the letter itself (before dispatch) is for the site office; a flag on a
    reply is for its review chain (the lead department's reviewer, the publisher)."""
    if not letter.sensitive_flagged:
        return ("status", "该来信没有待复核的敏感词标记。")
    roles = user_roles(actor)
    if letter.status in INTAKE_STATUSES:
        if not roles & {Role.DISPATCHER, Role.SUPERVISOR}:
            return ("role", "来信中的敏感词由分办员或督办员复核。")
    elif not roles & {Role.PUBLISHER, Role.SUPERVISOR} and (
        Role.REVIEWER not in roles or user_department_id(actor) != letter.department_id
    ):
        return ("role", "答复中的敏感词由承办单位的审核人、签发人或督办员复核。")
    return None


def _finding_refusal(letter: Letter, actor: StaffUser) -> tuple[str, str] | None:
    """A 不属实/涉密 finding is the lead department's reviewer's or the site office's."""
    roles = user_roles(actor)
    if Role.PUBLISHER in roles:
        return None
    if user_department_id(actor) != letter.department_id:
        return ("role", "只有承办单位的审核人或签发人可以认定不属实或涉密。")
    return None


# Rules of one action beyond the table's roles, scope and statuses.
_EXTRA_RULES: dict[str, Callable[[Letter, Any], tuple[str, str] | None]] = {
    "sensitive_review": _sensitive_review_refusal,
    "record_finding": _finding_refusal,
}


def may(action: str, letter: Letter, actor: StaffUser | None) -> bool:
    return refusal(action, letter, actor) is None


def enforce(action: str, letter: Letter, actor: StaffUser | None) -> None:
    refused = refusal(action, letter, actor)
    if refused is None:
        return
    kind, message = refused
    if kind == "status":
        raise TransitionNotAllowed(message)
    raise PermissionDenied(message)


def transition(
    *,
    letter_id: int,
    action: str,
    actor: StaffUser | None,
    to: str | None = None,
    guard: Guard | None = None,
    apply: Apply | None = None,
    note: str = "",
    public_note: str = "",
    data: dict[str, Any] | None = None,
) -> Letter:
    """Run one case action on a locked letter.

    ``to`` picks one of the action's declared targets (for actions that may end in more
    than one status); an action with one target moves there, one without keeps the
    status. Who may act and from which statuses is the lifecycle table's.
    """
    spec = lifecycle.ACTIONS[action]
    if to is None and len(spec.targets) == 1:
        (to,) = spec.targets
    if to is not None and to not in spec.targets:
        raise ValueError(f"{action} cannot lead to {to}")
    with transaction.atomic():
        letter = Letter.objects.select_for_update().filter(pk=letter_id).first()
        if letter is None:
            raise Letter.DoesNotExist(letter_id)
        from_status = letter.status
        target = from_status if to is None else to
        enforce(action, letter, actor)
        if guard is not None:
            guard(letter)
        effects = Effects()
        if apply is not None:
            apply(letter, effects)
        letter.status = target
        letter.save()
        event = record_event(
            letter=letter,
            action=action,
            actor=actor,
            from_status=from_status,
            to_status=target if target != from_status else "",
            note=note,
            public_note=public_note,
            public=lifecycle.event_is_public(spec, target),
            data=data,
        )
        audit(
            f"letter.{action}",
            actor=actor,
            obj=letter,
            data={**(data or {}), "from": from_status, "to": target, "event": event.pk},
        )
        for task_name, payload in effects.tasks:
            outbox.enqueue(task_name, letter_id=letter.pk, **payload, event_id=event.pk)
        message = {
            "letter_id": letter.pk,
            "tracking_number": letter.tracking_number,
            "status": target,
            "action": action,
        }
        for groups, extra in effects.pushes:
            payload = {**message, **extra}
            transaction.on_commit(partial(publish_event, groups, payload))
    return letter


# --- helpers ---------------------------------------------------------------------------


def flagged_words(letter: Letter) -> str:
    return "、".join(dict.fromkeys(hit["word"] for hit in letter.sensitive_hits)) or "—"


def require_text(field_name: str, label: str, value: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field_name: [f"「{label}」：请填写{label}。"]})
    return value


def active_department(department_id: int, field_name: str, label: str) -> Department:
    department = Department.objects.filter(pk=department_id, active=True).first()
    if department is None:
        raise ValidationError({field_name: [f"「{label}」：所选单位不存在或已停用。"]})
    return department
