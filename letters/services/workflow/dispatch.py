"""The office's intake decisions: accept, reject, dispatch, transfer, merge."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.utils import timezone

from core.realtime import department_group
from letters import hooks
from letters.choices import PROTECTED_KINDS
from letters.errors import TransitionNotAllowed
from letters.models import Letter
from letters.services.workflow.base import (
    SENSITIVE_PENDING,
    Effects,
    S,
    active_department,
    flagged_words,
    require_text,
    transition,
)
from org.selectors import StaffUser

# --- intake decisions (dispatcher) -----------------------------------------------------


def letter_accept(*, letter_id: int, actor: StaffUser) -> Letter:
    def apply(letter: Letter, effects: Effects) -> None:
        letter.accepted_at = timezone.now()
        effects.notify("accepted")

    return transition(
        letter_id=letter_id,
        action="accept",
        actor=actor,
        to=S.ACCEPTED,
        apply=apply,
        public_note="来信已受理。",
    )


def letter_reject(*, letter_id: int, actor: StaffUser, reason: str, channel: str = "") -> Letter:
    reason = require_text("reason", "不予受理理由", reason)

    def apply(letter: Letter, effects: Effects) -> None:
        letter.reject_reason = reason
        letter.reject_channel = channel.strip()
        letter.closed_at = timezone.now()
        effects.notify("rejected")

    public_note = f"不予受理：{reason}"
    if channel.strip():
        public_note += f"。建议通过{channel.strip()}反映"
    return transition(
        letter_id=letter_id,
        action="reject",
        actor=actor,
        to=S.REJECTED,
        apply=apply,
        public_note=public_note + "。",
    )


def letter_dispatch(
    *,
    letter_id: int,
    actor: StaffUser | None,  # None: the router's auto-dispatch
    department_id: int,
    assisting_ids: Sequence[int] = (),
    named_unit_id: int | None = None,
    designated: bool = False,
    note: str = "",
) -> Letter:
    """分办: send the letter to a lead department, optionally with assisting departments."""
    lead = active_department(department_id, "department", "承办单位")
    assisting = [
        active_department(i, "assisting", "会办单位") for i in dict.fromkeys(assisting_ids)
    ]
    if lead in assisting:
        raise ValidationError({"assisting": ["「会办单位」：承办单位不能同时作为会办单位。"]})
    named = (
        active_department(named_unit_id, "named_unit", "被反映单位")
        if named_unit_id is not None
        else None
    )

    def apply(letter: Letter, effects: Effects) -> None:
        if letter.sensitive_flagged:
            raise TransitionNotAllowed(SENSITIVE_PENDING.format(words=flagged_words(letter)))
        if named is not None and letter.kind not in PROTECTED_KINDS:
            raise ValidationError(
                {"named_unit": ["「被反映单位」：只有投诉、举报类来信需要填写被反映单位。"]}
            )
        if letter.accepted_at is None:
            letter.accepted_at = timezone.now()
        letter.department = lead
        letter.named_unit = named
        letter.designated = designated
        letter.review_level = 0
        letter.assisting_departments.set(assisting)
        hooks.dispatched(letter, lead.pk, actor)  # e.g. the router records corrections
        effects.push([department_group(lead.pk)], "assigned")
        for department in assisting:
            effects.push([department_group(department.pk)], "assisting")
        if named is not None and named != lead:
            effects.push([department_group(named.pk)], "copy")

    return transition(
        letter_id=letter_id,
        action="dispatch",
        actor=actor,
        to=S.DISPATCHED,
        apply=apply,
        note=note,
        public_note=f"已转{lead.name}办理。",
        data={
            "department": lead.pk,
            "assisting": [d.pk for d in assisting],
            "designated": designated,
        },
    )


def letter_transfer(*, letter_id: int, actor: StaffUser, department_id: int, reason: str) -> Letter:
    """转办: move a dispatched or in-progress letter to another lead department."""
    reason = require_text("reason", "转办理由", reason)
    target = active_department(department_id, "department", "承办单位")

    def apply(letter: Letter, effects: Effects) -> None:
        if letter.department_id == target.pk:
            raise ValidationError({"department": ["「承办单位」：已由该单位承办。"]})
        previous = letter.department_id
        letter.department = target
        letter.designated = False
        letter.review_level = 0
        effects.push([department_group(target.pk)], "assigned")
        if previous is not None:  # its lists and open letter pages learn the letter left
            effects.push([department_group(previous)], "transferred_away")

    return transition(
        letter_id=letter_id,
        action="transfer",
        actor=actor,
        to=S.DISPATCHED,
        apply=apply,
        note=reason,
        public_note=f"已转{target.name}办理。",
    )


def letter_merge(*, letter_id: int, actor: StaffUser, into_id: int) -> Letter:
    """Merge a duplicate into another letter: this one ends, the other carries on."""
    target = Letter.objects.filter(pk=into_id).first()
    if target is None or target.pk == letter_id:
        raise ValidationError({"into": ["「合并至」：请选择另一封有效的来信。"]})
    if target.status in {S.REJECTED, S.MERGED}:
        raise ValidationError({"into": ["「合并至」：目标来信已不予受理或已被合并。"]})

    def apply(letter: Letter, effects: Effects) -> None:
        letter.merged_into = target
        letter.closed_at = timezone.now()

    return transition(
        letter_id=letter_id,
        action="merge",
        actor=actor,
        to=S.MERGED,
        apply=apply,
        public_note=f"与信件{target.tracking_number}反映的问题相同，已合并办理，"
        f"请凭该信件编号关注办理结果。",
    )
