"""Supervision: the periodic scan, urging (催办) and supervising (督办).

The scan works on the stored, indexed deadlines (``letters.selectors``) with set-based
statements, so its cost does not depend on Python loops over letters:
1. the ``due_soon``/``overdue`` flags are brought up to date with bulk UPDATEs;
2. alerts are inserted once per letter, level and clock round (a unique constraint makes
   the scan idempotent): due soon → the handling department; overdue → 催办 to the
   department; overdue by ``SUPERVISE_AFTER_WORKING_DAYS`` → the supervisors, who issue a
   督办单; unanswered for three months → a veto-level alarm on the dashboard;
3. after commit, one websocket event per department and level says how many are new.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from core.conf import desk_settings
from core.realtime import SUPERVISION_GROUP, department_group, publish_event
from letters.choices import OPEN_STATUSES
from letters.models import Letter, LetterEvent
from letters.selectors import clock_running, due_soon_q, overdue_q
from letters.services.workflow import Effects, TransitionNotAllowed, transition
from org.selectors import StaffUser
from supervision.models import SupervisionAlert, SupervisionOrder
from workdays.calendar_core import BEIJING
from workdays.services import get_calendar

Level = SupervisionAlert.Level


@dataclass(frozen=True)
class ScanResult:
    due_soon: int
    overdue: int
    supervised: int
    veto: int
    new_alerts: dict[str, int]

    def as_dict(self) -> dict[str, Any]:
        return {
            "due_soon": self.due_soon,
            "overdue": self.overdue,
            "supervised": self.supervised,
            "veto": self.veto,
            "new_alerts": self.new_alerts,
        }


def supervise_cutoff(now: datetime) -> datetime:
    """Letters due before this instant are overdue by at least N working days."""
    days: int = desk_settings().supervise_after_working_days
    calendar = get_calendar()
    day = timezone.localdate(now)
    counted = 0
    while counted < days:
        day = date.fromordinal(day.toordinal() - 1)
        if calendar.is_workday(day):
            counted += 1
    return datetime.combine(day, time.min, tzinfo=BEIJING)


def veto_cutoff(now: datetime) -> datetime:
    """Three calendar months before now (the national inspection's 互动回应差 line)."""
    local = timezone.localtime(now)
    month = local.month - 3
    year = local.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    day = min(local.day, 28)
    return local.replace(year=year, month=month, day=day)


def _insert_alerts(queryset: QuerySet[Letter], level: str, now: datetime) -> Counter[int | None]:
    """INSERT … SELECT one level's alerts for ``queryset``; return new ones per department.

    The unique constraint (letter, level, round) makes a second insert a no-op, so a
    letter that leaves and re-enters a level in the same round is alerted once.
    """
    select_sql, params = (
        queryset.order_by().values("id", "reopen_count", "department_id").query.sql_with_params()
    )
    table = SupervisionAlert._meta.db_table
    sql = (
        f"INSERT INTO {table} (letter_id, level, round, department_id, created_at) "  # noqa: S608 - identifiers from model meta, values bound
        f"SELECT s.id, %s, s.reopen_count, s.department_id, %s FROM ({select_sql}) AS s "
        "WHERE true ON CONFLICT DO NOTHING RETURNING department_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [level, now, *params])
        return Counter(row[0] for row in cursor.fetchall())


def _push(counts: Counter[int | None], level: str, to_supervisors: bool) -> None:
    for department_id, count in counts.items():
        groups = [department_group(department_id)] if department_id is not None else []
        if to_supervisors:
            groups.append(SUPERVISION_GROUP)
        event = {"type": level, "count": count, "department_id": department_id}
        transaction.on_commit(partial(publish_event, groups, event))


def level_conditions(now: datetime) -> list[tuple[str, Q, bool]]:
    """(level = flag field, condition, tell supervisors) from mildest to gravest."""
    return [
        (Level.DUE_SOON, due_soon_q(now), False),
        (Level.OVERDUE, overdue_q(now), False),
        (Level.SUPERVISED, clock_running() & Q(deadline_at__lt=supervise_cutoff(now)), True),
        (
            Level.VETO,
            Q(status__in=sorted(OPEN_STATUSES), received_at__lt=veto_cutoff(now)),
            True,
        ),
    ]


def supervision_scan(now: datetime | None = None) -> ScanResult:
    """One scan: for each level, clear flags that no longer hold, alert and flag the
    letters that newly meet it, and push the news after commit.

    Work is proportional to the letters that change level, not to all open letters:
    the flags are indexed (partial indexes on their True rows).
    """
    now = now or timezone.now()
    counts: dict[str, int] = {}
    new_alerts: dict[str, int] = {}
    with transaction.atomic():
        for level, condition, to_supervisors in level_conditions(now):
            flagged = Letter.objects.filter(**{level: True})
            flagged.exclude(condition).update(**{level: False})
            entering = Letter.objects.filter(condition, **{level: False})
            new = _insert_alerts(entering, level, now)
            entering.update(**{level: True})
            _push(new, level, to_supervisors)
            new_alerts[level] = sum(new.values())
        # An overdue letter is no longer "due soon".
        Letter.objects.filter(due_soon=True, overdue=True).update(due_soon=False)
        for level, _, _ in level_conditions(now):
            counts[level] = Letter.objects.filter(**{level: True}).count()
    return ScanResult(
        due_soon=counts[Level.DUE_SOON],
        overdue=counts[Level.OVERDUE],
        supervised=counts[Level.SUPERVISED],
        veto=counts[Level.VETO],
        new_alerts=new_alerts,
    )


class _AlreadyUrged(Exception):
    """The letter was urged within the window: nothing to record (rolled back)."""


def urged_since(now: datetime) -> datetime:
    """Urges after this instant count as "just now" (``DESK_URGE_WINDOW_MINUTES``)."""
    return now - timedelta(minutes=desk_settings().urge_window_minutes)


def letter_urge(*, letter_id: int, actor: StaffUser, note: str) -> Letter:
    """催办: a supervisor presses the handling department (no change of status).

    Idempotent within ``DESK_URGE_WINDOW_MINUTES``: pressed again for the same letter
    (by anyone) inside the window, it records no second entry and tells nobody again;
    after the window a new 催办 is recorded. Checked on the locked letter, so two
    presses at once make one entry too. Who may urge is checked first either way."""
    note = note.strip() or "请抓紧办理，按期答复。"

    def guard(letter: Letter) -> None:
        if letter.department_id is None:
            raise TransitionNotAllowed("只能催办已分办且尚未答复的来信。")
        recent = LetterEvent.objects.filter(
            letter_id=letter.pk, action="urge", at__gt=urged_since(timezone.now())
        )
        if recent.exists():
            raise _AlreadyUrged

    def apply(letter: Letter, effects: Effects) -> None:
        effects.push([department_group(letter.department_id or 0)], "urged")

    try:
        return transition(
            letter_id=letter_id,
            action="urge",
            actor=actor,
            guard=guard,
            apply=apply,
            note=note,
        )
    except _AlreadyUrged:
        return Letter.objects.get(pk=letter_id)


def order_issue(
    *, letter_id: int, actor: StaffUser, instruction: str, respond_by: date
) -> SupervisionOrder:
    """督办: a supervisor issues a 督办单 requiring a response by a date."""
    instruction = instruction.strip()
    errors: dict[str, list[str]] = {}
    if not instruction:
        errors["instruction"] = ["「督办意见」：请填写督办意见。"]
    if respond_by < timezone.localdate():
        errors["respond_by"] = ["「要求反馈日期」：不能早于今天。"]
    if errors:
        raise ValidationError(errors)
    created: list[SupervisionOrder] = []

    def guard(letter: Letter) -> None:
        if letter.department_id is None:
            raise TransitionNotAllowed("只能督办已分办且尚未答复的来信。")

    def apply(letter: Letter, effects: Effects) -> None:
        created.append(
            SupervisionOrder.objects.create(
                letter=letter, issued_by=actor, instruction=instruction, respond_by=respond_by
            )
        )
        effects.push([department_group(letter.department_id or 0), SUPERVISION_GROUP], "supervised")

    transition(
        letter_id=letter_id,
        action="supervise",
        actor=actor,
        guard=guard,
        apply=apply,
        note=instruction,
        data={"respond_by": respond_by.isoformat()},
    )
    return created[0]


def order_respond(*, order_id: int, actor: StaffUser, response: str) -> SupervisionOrder:
    """The handling department answers a 督办单."""
    response = response.strip()
    if not response:
        raise ValidationError({"response": ["「反馈情况」：请填写反馈情况。"]})
    order = SupervisionOrder.objects.filter(pk=order_id).first()
    if order is None:
        raise ValidationError({"order": ["「督办单」：督办单不存在。"]})

    def guard(letter: Letter) -> None:
        current = SupervisionOrder.objects.select_for_update().get(pk=order_id)
        if current.responded_at is not None:
            raise TransitionNotAllowed("该督办单已反馈。")

    def apply(letter: Letter, effects: Effects) -> None:
        SupervisionOrder.objects.filter(pk=order_id).update(
            response=response, responded_by=actor, responded_at=timezone.now()
        )
        effects.push([SUPERVISION_GROUP], "supervision_answered")

    transition(
        letter_id=order.letter_id,
        action="supervision_response",
        actor=actor,
        guard=guard,
        apply=apply,
        note=response,
    )
    order.refresh_from_db()
    return order
