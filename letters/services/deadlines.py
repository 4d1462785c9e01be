"""The clocks of a letter: the reply clock (start, pause (补正), resume, extend,
recompute) and, for kinds whose reply the site office reviews before publication (找错),
the office review clock.

The stored deadline is always a pure function of the letter's clock state — policy, start
date, paused working days, approved extensions — and the calendar. ``_derive`` computes
it and the derivation is stored next to the date so anyone can ask "why this date?".
Each clock follows the kind's ``DeadlinePolicy`` of its step (答复 / 审核).
Callers hold the letter row locked (``select_for_update``) inside a transaction.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.snapshots import Snapshot
from letters.choices import OPEN_STATUSES, LetterStatus
from letters.models import DeadlinePolicy, Letter, LetterEvent
from letters.services.events import record_event
from org.selectors import StaffUser
from workdays.calendar_core import BEIJING, WorkCalendar
from workdays.services import get_calendar

DEADLINE_FIELDS = [
    "clock_started_on",
    "clock_paused_on",
    "deadline_at",
    "deadline_provisional",
    "deadline_derivation",
    "updated_at",
]


REVIEW_FIELDS = ["review_deadline_at", "review_derivation", "updated_at"]


def _load_policies() -> dict[tuple[str, str], DeadlinePolicy]:
    return {
        (policy.kind, policy.step): policy
        for policy in DeadlinePolicy.objects.filter(active=True).order_by("pk")
    }


# The active policies, kept by every process until one changes anywhere (letters.apps
# connects the receiver): intake derives a clock without a query.
POLICIES: Snapshot[dict[tuple[str, str], DeadlinePolicy]] = Snapshot(
    "deadline-policies", _load_policies
)


def reply_policy(kind: str) -> DeadlinePolicy | None:
    return POLICIES.get().get((kind, DeadlinePolicy.Step.REPLY))


def review_policy(kind: str) -> DeadlinePolicy | None:
    """The office review step of a kind (找错: 山西 第二十五条), or None: a kind with an
    active review policy waits for the site office's review after its reply."""
    return POLICIES.get().get((kind, DeadlinePolicy.Step.REVIEW))


def _policy_snapshot(policy: DeadlinePolicy) -> dict[str, Any]:
    return {
        "id": policy.pk,
        "kind": policy.kind,
        "step": policy.step,
        "working_days": policy.working_days,
        "max_working_days": policy.max_working_days,
        "counting": policy.counting,
        "source": policy.source,
    }


def _derive(
    *,
    calendar: WorkCalendar,
    policy: dict[str, Any],
    start: date,
    pauses: list[dict[str, Any]],
    extensions: list[dict[str, Any]],
) -> dict[str, Any]:
    paused = sum(p["working_days"] for p in pauses)
    extended = sum(e["working_days"] for e in extensions)
    total = policy["working_days"] + paused + extended
    result = calendar.add_working_days(
        start, total, inclusive=policy["counting"] == DeadlinePolicy.Counting.INCLUSIVE
    )
    steps = list(result.steps)
    if paused:
        steps.insert(0, f"补正期间暂停计时{paused}个工作日，期限相应顺延。")
    if extended:
        steps.insert(0, f"经批准延期{extended}个工作日。")
    return {
        "policy": policy,
        "start": start.isoformat(),
        "pauses": pauses,
        "extensions": extensions,
        "total_working_days": total,
        "calendar_version": calendar.version,
        "provisional": result.provisional,
        "years": list(result.years),
        "deadline": result.deadline.isoformat(),
        "due_at": result.due_at.isoformat(),
        "explanation": steps,
    }


def _apply(letter: Letter, derivation: dict[str, Any]) -> None:
    letter.deadline_derivation = derivation
    letter.deadline_at = datetime.fromisoformat(derivation["due_at"])
    letter.deadline_provisional = derivation["provisional"]


def _rederive(letter: Letter, calendar: WorkCalendar | None = None) -> dict[str, Any]:
    return _rederive_from(letter.deadline_derivation, calendar)


def _rederive_from(current: dict[str, Any], calendar: WorkCalendar | None) -> dict[str, Any]:
    return _derive(
        calendar=calendar or get_calendar(),
        policy=current["policy"],
        start=date.fromisoformat(current["start"]),
        pauses=current["pauses"],
        extensions=current["extensions"],
    )


def reply_policies() -> dict[str, DeadlinePolicy]:
    """The active reply policy of every kind that has one, in one query (bulk paths such
    as ``import_cases`` derive many clocks with :func:`derive_clock`)."""
    return {
        policy.kind: policy
        for policy in DeadlinePolicy.objects.filter(step=DeadlinePolicy.Step.REPLY, active=True)
    }


def derive_clock(policy: DeadlinePolicy, start: date, calendar: WorkCalendar) -> dict[str, Any]:
    """The derivation of a reply clock started on ``start`` under ``policy``, without
    pauses or extensions; no query."""
    return _derive(
        calendar=calendar, policy=_policy_snapshot(policy), start=start, pauses=[], extensions=[]
    )


def apply_clock(letter: Letter, start: date, derivation: dict[str, Any]) -> None:
    """Set the reply clock's fields on ``letter`` (not saved) from a derivation."""
    letter.clock_started_on = start
    letter.clock_paused_on = None
    _apply(letter, derivation)


def set_clock(letter: Letter, *, start: date | None = None) -> dict[str, Any] | None:
    """Set the reply clock's fields on ``letter`` without saving it (intake sets them
    before the letter's first INSERT); the derivation, or None when no policy applies."""
    policy = reply_policy(letter.kind)
    if policy is None:
        return None
    if start is None:
        start = (
            timezone.localdate(letter.received_at)
            if policy.starts_at == DeadlinePolicy.StartsAt.RECEIVED
            else timezone.localdate()
        )
    derivation = derive_clock(policy, start, get_calendar())
    apply_clock(letter, start, derivation)
    return derivation


def clock_start_event(
    letter: Letter,
    derivation: dict[str, Any],
    *,
    actor: StaffUser | None = None,
    at: datetime | None = None,
) -> LetterEvent:
    """The timeline entry of a clock started by :func:`set_clock` (not saved)."""
    return LetterEvent(
        letter=letter,
        action="clock_start",
        actor=actor if actor is not None and actor.is_authenticated else None,
        public_note=f"办理期限：{describe_deadline(letter)}。",
        data={"deadline": derivation["deadline"], "provisional": derivation["provisional"]},
        at=at or timezone.now(),
    )


def clock_start(
    *,
    letter: Letter,
    actor: StaffUser | None = None,
    start: date | None = None,
    at: datetime | None = None,
) -> bool:
    """Start (or restart, e.g. on 重办) the reply clock; False when no policy applies."""
    derivation = set_clock(letter, start=start)
    if derivation is None:
        return False
    letter.save(update_fields=DEADLINE_FIELDS)
    clock_start_event(letter, derivation, actor=actor, at=at).save()
    return True


def describe_deadline(letter: Letter) -> str:
    return _describe(letter.deadline_derivation)


def describe_review_deadline(letter: Letter) -> str:
    return _describe(letter.review_derivation)


def _describe(derivation: dict[str, Any]) -> str:
    if not derivation:
        return "未设定"
    day = date.fromisoformat(derivation["deadline"])
    text = f"{day.year}年{day.month}月{day.day}日"
    return text + ("（暂定）" if derivation["provisional"] else "")


def _require_clock(letter: Letter) -> None:
    if not letter.deadline_derivation:
        raise ValidationError({"non_field_errors": ["该来信尚未开始计时。"]})


def clock_pause(
    *, letter: Letter, actor: StaffUser | None, reason: str, on: date | None = None
) -> None:
    """Stop the clock while the writer supplies missing information (补正)."""
    _require_clock(letter)
    if not reason.strip():
        raise ValidationError({"reason": ["「补正原因」：请说明需要来信人补充的内容。"]})
    if letter.clock_paused_on is not None:
        raise ValidationError({"non_field_errors": ["该来信已在补正中，计时已暂停。"]})
    letter.clock_paused_on = on or timezone.localdate()
    letter.save(update_fields=["clock_paused_on", "updated_at"])
    record_event(
        letter=letter,
        action="clock_pause",
        actor=actor,
        note=reason,
        public_note=f"需要您补充材料：{reason}。补正期间暂停计时。",
        data={"paused_on": letter.clock_paused_on.isoformat()},
    )


def clock_resume(*, letter: Letter, actor: StaffUser | None, on: date | None = None) -> int:
    """Restart the clock; the deadline moves by the working days spent paused."""
    _require_clock(letter)
    if letter.clock_paused_on is None:
        raise ValidationError({"non_field_errors": ["该来信没有处于补正暂停状态。"]})
    resumed = on or timezone.localdate()
    calendar = get_calendar()
    lost = max(calendar.working_days_between(letter.clock_paused_on, resumed), 0)
    current = letter.deadline_derivation
    pauses = [
        *current["pauses"],
        {
            "from": letter.clock_paused_on.isoformat(),
            "to": resumed.isoformat(),
            "working_days": lost,
        },
    ]
    derivation = _derive(
        calendar=calendar,
        policy=current["policy"],
        start=date.fromisoformat(current["start"]),
        pauses=pauses,
        extensions=current["extensions"],
    )
    letter.clock_paused_on = None
    _apply(letter, derivation)
    letter.save(update_fields=DEADLINE_FIELDS)
    record_event(
        letter=letter,
        action="clock_resume",
        actor=actor,
        public_note=f"补正材料已收到，恢复计时，办理期限顺延至{describe_deadline(letter)}。",
        data={"paused_working_days": lost, "deadline": derivation["deadline"]},
    )
    return lost


def clock_extend(
    *, letter: Letter, actor: StaffUser | None, working_days: int, reason: str
) -> None:
    """Apply an approved extension: adds working days up to the policy cap; reason required."""
    _require_clock(letter)
    errors: dict[str, list[str]] = {}
    if not reason.strip():
        errors["reason"] = ["「延期理由」：请填写延期理由。"]
    current = letter.deadline_derivation
    policy = current["policy"]
    used = policy["working_days"] + sum(e["working_days"] for e in current["extensions"])
    room = policy["max_working_days"] - used
    if working_days < 1:
        errors["working_days"] = ["「延期天数」：至少延期1个工作日。"]
    elif working_days > room:
        errors["working_days"] = [
            f"「延期天数」：最多还能延期{max(room, 0)}个工作日"
            f"（本类来信办理时限上限为{policy['max_working_days']}个工作日）。"
        ]
    if errors:
        raise ValidationError(errors)
    extensions = [
        *current["extensions"],
        {"working_days": working_days, "reason": reason, "at": timezone.now().isoformat()},
    ]
    derivation = _derive(
        calendar=get_calendar(),
        policy=policy,
        start=date.fromisoformat(current["start"]),
        pauses=current["pauses"],
        extensions=extensions,
    )
    _apply(letter, derivation)
    letter.save(update_fields=DEADLINE_FIELDS)
    record_event(
        letter=letter,
        action="clock_extend",
        actor=actor,
        note=reason,
        public_note=f"办理期限延长{working_days}个工作日至{describe_deadline(letter)}，理由：{reason}",
        data={"working_days": working_days, "deadline": derivation["deadline"]},
    )


def recompute_deadline(*, letter: Letter, calendar: WorkCalendar | None = None) -> bool:
    """Re-derive with the current calendar; record an event when the date changed."""
    if not letter.deadline_derivation:
        return False
    before = letter.deadline_derivation
    derivation = _rederive(letter, calendar)
    if (derivation["deadline"], derivation["provisional"]) == (
        before["deadline"],
        before["provisional"],
    ) and derivation["calendar_version"] == before["calendar_version"]:
        return False
    changed = (derivation["deadline"], derivation["provisional"]) != (
        before["deadline"],
        before["provisional"],
    )
    _apply(letter, derivation)
    letter.save(update_fields=DEADLINE_FIELDS)
    if changed:
        state = "已按正式安排确定" if not derivation["provisional"] else "仍为暂定"
        record_event(
            letter=letter,
            action="clock_recompute",
            public_note=(
                f"根据新公布的节假日安排重新计算，办理期限{state}：{describe_deadline(letter)}。"
            ),
            data={
                "from": before["deadline"],
                "to": derivation["deadline"],
                "calendar_version": derivation["calendar_version"],
            },
        )
    return changed


# --- the office review clock ------------------------------------------------------------


def review_clock_start(*, letter: Letter, actor: StaffUser | None = None) -> bool:
    """Start the office review clock (from today, as the kind's review policy counts) when
    the letter enters office review; False when the kind has no review policy."""
    policy = review_policy(letter.kind)
    if policy is None:
        return False
    derivation = _derive(
        calendar=get_calendar(),
        policy=_policy_snapshot(policy),
        start=timezone.localdate(),
        pauses=[],
        extensions=[],
    )
    _apply_review(letter, derivation)
    letter.save(update_fields=REVIEW_FIELDS)
    record_event(
        letter=letter,
        action="review_clock_start",
        actor=actor,
        public=False,
        note=f"审核公开期限：{describe_review_deadline(letter)}。",
        data={"deadline": derivation["deadline"], "provisional": derivation["provisional"]},
    )
    return True


def _apply_review(letter: Letter, derivation: dict[str, Any]) -> None:
    letter.review_derivation = derivation
    letter.review_deadline_at = datetime.fromisoformat(derivation["due_at"])


def recompute_review_deadline(*, letter: Letter, calendar: WorkCalendar | None = None) -> bool:
    """Re-derive the office review deadline with the current calendar; True if it moved."""
    if not letter.review_derivation:
        return False
    before = letter.review_derivation
    derivation = _rederive_from(before, calendar)
    if derivation == before:
        return False
    _apply_review(letter, derivation)
    letter.save(update_fields=REVIEW_FIELDS)
    return (derivation["deadline"], derivation["provisional"]) != (
        before["deadline"],
        before["provisional"],
    )


def recompute_for_year(year: int) -> int:
    """Recompute every open letter whose counting span touches ``year``, and every office
    review clock that does; return how many deadlines changed."""
    calendar = get_calendar(fresh=True)
    ids = list(
        Letter.objects.filter(
            status__in=OPEN_STATUSES,
            clock_started_on__lte=date(year, 12, 31),
            deadline_at__gte=datetime(year, 1, 1, tzinfo=BEIJING),
        ).values_list("id", flat=True)
    )
    changed = 0
    for letter_id in ids:
        with transaction.atomic():
            letter = Letter.objects.select_for_update().get(pk=letter_id)
            if letter.status in OPEN_STATUSES and recompute_deadline(
                letter=letter, calendar=calendar
            ):
                changed += 1
    reviews = list(
        Letter.objects.filter(
            status=LetterStatus.OFFICE_REVIEW,
            review_deadline_at__gte=datetime(year, 1, 1, tzinfo=BEIJING),
        ).values_list("id", flat=True)
    )
    for letter_id in reviews:
        with transaction.atomic():
            letter = Letter.objects.select_for_update().get(pk=letter_id)
            if letter.status == LetterStatus.OFFICE_REVIEW and recompute_review_deadline(
                letter=letter, calendar=calendar
            ):
                changed += 1
    return changed
