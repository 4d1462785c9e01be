"""The department's work on a case: sign, return, pause, resume, co-handling
opinions, and extensions of the deadline."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone

from core.realtime import DISPATCH_GROUP, SUPERVISION_GROUP, department_group
from letters.choices import ExtensionStatus
from letters.errors import TransitionNotAllowed
from letters.models import ExtensionRequest, Letter
from letters.services import deadlines
from letters.services.workflow.base import (
    Effects,
    S,
    require_text,
    transition,
)
from org.selectors import StaffUser

# --- department work (handler) ---------------------------------------------------------


def letter_sign(*, letter_id: int, actor: StaffUser) -> Letter:
    """签收: the lead department takes the letter; the clock starts if the policy says so."""

    def apply(letter: Letter, effects: Effects) -> None:
        policy = deadlines.reply_policy(letter.kind)
        if policy is not None and policy.starts_at == policy.StartsAt.SIGNED:
            deadlines.clock_start(letter=letter, actor=actor)

    return transition(
        letter_id=letter_id,
        action="sign",
        actor=actor,
        to=S.IN_PROGRESS,
        apply=apply,
        public_note="承办单位已签收，正在办理。",
    )


def letter_return(*, letter_id: int, actor: StaffUser, reason: str) -> Letter:
    """退回: a mis-routed letter goes back to the dispatcher, with a reason."""
    reason = require_text("reason", "退回理由", reason)

    def guard(letter: Letter) -> None:
        if letter.designated:
            raise TransitionNotAllowed("该来信由督办指定承办，不能再次退回。")

    def apply(letter: Letter, effects: Effects) -> None:
        effects.push([DISPATCH_GROUP, SUPERVISION_GROUP], "returned")

    return transition(
        letter_id=letter_id,
        action="return",
        actor=actor,
        to=S.RETURNED,
        guard=guard,
        apply=apply,
        note=reason,
        public_note="正在重新确定承办单位。",
    )


def letter_pause(*, letter_id: int, actor: StaffUser, reason: str) -> Letter:
    """补正: ask the writer for missing information; the clock stops."""
    reason = require_text("reason", "补正原因", reason)

    def apply(letter: Letter, effects: Effects) -> None:
        deadlines.clock_pause(letter=letter, actor=actor, reason=reason)
        effects.notify("paused")

    return transition(
        letter_id=letter_id,
        action="pause",
        actor=actor,
        to=S.PAUSED,
        apply=apply,
        note=reason,
    )


def letter_resume(*, letter_id: int, actor: StaffUser) -> Letter:
    def apply(letter: Letter, effects: Effects) -> None:
        deadlines.clock_resume(letter=letter, actor=actor)

    return transition(
        letter_id=letter_id,
        action="resume",
        actor=actor,
        to=S.IN_PROGRESS,
        apply=apply,
    )


def co_opinion(*, letter_id: int, actor: StaffUser, text: str) -> Letter:
    """会办意见: an assisting department gives its opinion to the lead department."""
    text = require_text("text", "会办意见", text)

    def apply(letter: Letter, effects: Effects) -> None:
        if letter.department_id is not None:
            effects.push([department_group(letter.department_id)], "co_opinion")

    return transition(
        letter_id=letter_id,
        action="co_opinion",
        actor=actor,
        apply=apply,
        note=text,
    )


def extension_request(
    *, letter_id: int, actor: StaffUser, working_days: int, reason: str
) -> ExtensionRequest:
    reason = require_text("reason", "延期理由", reason)
    created: list[ExtensionRequest] = []

    def guard(letter: Letter) -> None:
        if letter.extensions.filter(status=ExtensionStatus.PENDING).exists():
            raise TransitionNotAllowed("已有待审批的延期申请。")
        if working_days < 1:
            raise ValidationError({"working_days": ["「延期天数」：至少延期1个工作日。"]})

    def apply(letter: Letter, effects: Effects) -> None:
        created.append(
            ExtensionRequest.objects.create(
                letter=letter, working_days=working_days, reason=reason, requested_by=actor
            )
        )
        effects.push([SUPERVISION_GROUP], "extension_requested")

    transition(
        letter_id=letter_id,
        action="request_extension",
        actor=actor,
        guard=guard,
        apply=apply,
        note=reason,
        data={"working_days": working_days},
    )
    return created[0]


def extension_decide(
    *, extension_id: int, actor: StaffUser, approve: bool, note: str = ""
) -> Letter:
    """A supervisor approves (the deadline moves, the writer is told) or denies."""
    extension = ExtensionRequest.objects.filter(pk=extension_id).first()
    if extension is None:
        raise ValidationError({"extension": ["「延期申请」：申请不存在。"]})
    if not approve:
        note = require_text("note", "不予延期的理由", note)

    def guard(letter: Letter) -> None:
        current = ExtensionRequest.objects.select_for_update().get(pk=extension_id)
        if current.status != ExtensionStatus.PENDING:
            raise TransitionNotAllowed("该延期申请已审批。")

    def apply(letter: Letter, effects: Effects) -> None:
        if approve:
            deadlines.clock_extend(
                letter=letter,
                actor=actor,
                working_days=extension.working_days,
                reason=extension.reason,
            )
            effects.notify("extended")
        ExtensionRequest.objects.filter(pk=extension_id).update(
            status=ExtensionStatus.APPROVED if approve else ExtensionStatus.DENIED,
            decided_by=actor,
            decided_at=timezone.now(),
            decision_note=note,
        )
        if letter.department_id is not None:
            effects.push([department_group(letter.department_id)], "extension_decided")

    return transition(
        letter_id=extension.letter_id,
        action="extension_decide",
        actor=actor,
        guard=guard,
        apply=apply,
        note=note,
        data={"approved": approve},
    )
