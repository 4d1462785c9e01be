"""Reads of the letters domain, shared by views, consumers and tasks."""

from __future__ import annotations

import secrets
from datetime import datetime, time
from typing import Any

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils import timezone

from core.conf import desk_settings
from letters.choices import CLOCK_RUNNING_STATUSES, LetterStatus
from letters.models import Letter, LetterEvent
from org.roles import Role
from org.selectors import CASE_ROLES, DEPARTMENT_ROLES, user_roles
from workdays.calendar_core import BEIJING
from workdays.services import get_calendar


def due_soon_cutoff(now: datetime) -> datetime:
    """Letters due at or before this instant (and not yet overdue) are due soon."""
    days: int = desk_settings().due_soon_working_days
    calendar = get_calendar()
    day = timezone.localdate(now)
    for _ in range(days):
        day = calendar.next_workday(day)
    return datetime.combine(day, time(23, 59, 59), tzinfo=BEIJING)


def clock_running() -> Q:
    """Open letters whose reply clock runs; matches the partial index on deadline_at."""
    return Q(
        deadline_at__isnull=False,
        clock_paused_on__isnull=True,
        status__in=sorted(CLOCK_RUNNING_STATUSES),
    )


def overdue_q(now: datetime) -> Q:
    return clock_running() & Q(deadline_at__lt=now)


def due_soon_q(now: datetime) -> Q:
    return clock_running() & Q(deadline_at__gte=now, deadline_at__lte=due_soon_cutoff(now))


def review_clock_running() -> Q:
    """Letters waiting for the site office's review before publication (找错), whose
    review clock runs; matches the partial index on review_deadline_at."""
    return Q(status=LetterStatus.OFFICE_REVIEW, review_deadline_at__isnull=False)


def review_overdue_q(now: datetime) -> Q:
    return review_clock_running() & Q(review_deadline_at__lt=now)


def review_due_soon_q(now: datetime) -> Q:
    return review_clock_running() & Q(
        review_deadline_at__gte=now, review_deadline_at__lte=due_soon_cutoff(now)
    )


URGENCY_LABELS = {
    "overdue": "已超期",
    "due_soon": "即将超期",
    "normal": "正常",
    "paused": "补正中，暂停计时",
    "review_overdue": "审核公开已超期",
    "review_due_soon": "审核公开即将超期",
    "review": "待审核公开",
    "none": "不计时",
}
URGENCY_ORDER = (
    "overdue",
    "due_soon",
    "review_overdue",
    "review_due_soon",
    "normal",
    "review",
    "paused",
    "none",
)


def urgency_expression(now: datetime) -> Case:
    """How urgent a letter is at ``now``, as SQL built from the same conditions as
    :func:`overdue_q` and :func:`due_soon_q` — the one definition the API filters and
    fields, the inbox, the letter page and the supervision scan all share.

    The reply clock gives ``overdue``/``due_soon``/``normal``/``paused``; a letter in
    the office review (找错, its reply clock stopped) is urgent by the review clock:
    ``review_overdue``/``review_due_soon``/``review``. The two never apply to one letter
    at once, and the supervision scan and the ``overdue``/``due_soon`` filters stay about
    the department's reply (the review is the office's own work)."""
    return Case(
        When(clock_paused_on__isnull=False, deadline_at__isnull=False, then=Value("paused")),
        When(overdue_q(now), then=Value("overdue")),
        When(due_soon_q(now), then=Value("due_soon")),
        When(clock_running(), then=Value("normal")),
        When(review_overdue_q(now), then=Value("review_overdue")),
        When(review_due_soon_q(now), then=Value("review_due_soon")),
        When(review_clock_running(), then=Value("review")),
        default=Value("none"),
        output_field=CharField(),
    )


def with_urgency(queryset: QuerySet[Letter], now: datetime) -> QuerySet[Letter]:
    """``queryset`` with each letter's ``urgency`` (a key of ``URGENCY_LABELS``)."""
    return queryset.annotate(urgency=urgency_expression(now))


def urgency_of(letter_id: int, now: datetime) -> str:
    """One letter's urgency (the letter page)."""
    letter = with_urgency(Letter.objects.filter(pk=letter_id).only("id"), now).get()
    return str(getattr(letter, "urgency"))  # noqa: B009 - an annotation, not a field


def clock_running_letters() -> QuerySet[Letter]:
    return Letter.objects.filter(clock_running())


def overdue_letters(now: datetime) -> QuerySet[Letter]:
    """Most overdue first."""
    return Letter.objects.filter(overdue_q(now)).order_by("deadline_at", "id")


def due_soon_letters(now: datetime) -> QuerySet[Letter]:
    """Soonest due first."""
    return Letter.objects.filter(due_soon_q(now)).order_by("deadline_at", "id")


def letters_for(user: Any) -> QuerySet[Letter]:
    """Every letter a staff user may see: the one place that scopes by department.

    The site office (dispatchers, publishers) and supervisors see all letters; handlers
    and reviewers see their department's letters as lead, assisting or named unit
    (the latter as a protected copy). Admins and auditors handle no cases.
    """
    if not user.is_authenticated or not user.is_active:
        return Letter.objects.none()
    roles = user_roles(user)
    if roles & CASE_ROLES:
        return Letter.objects.all()
    profile = getattr(user, "staff_profile", None)
    if profile is None or not roles & DEPARTMENT_ROLES:
        return Letter.objects.none()
    department_id = profile.department_id
    assisting = Letter.assisting_departments.through.objects.filter(
        letter_id=OuterRef("pk"), department_id=department_id
    )
    return Letter.objects.filter(
        Q(department_id=department_id) | Q(named_unit_id=department_id) | Exists(assisting)
    )


def inbox_counts(user: Any, now: datetime) -> dict[str, int]:
    """The counters of a staff user's inbox, in one query."""
    return letters_for(user).aggregate(
        **{box: Count("pk", filter=q) for box, q in inbox_filters(user, now).items()}
    )


def inbox_filters(user: Any, now: datetime) -> dict[str, Q]:
    """What each inbox counter counts, as conditions on ``letters_for(user)``; the
    workspace lists a counter's letters with the same condition."""
    from letters.services.workflow import review_chain

    roles = user_roles(user)
    profile = getattr(user, "staff_profile", None)
    department_id = profile.department_id if profile is not None else None
    own = Q(department_id=department_id) if not roles & CASE_ROLES else Q()
    levels = [i for i, role in enumerate(review_chain()) if role in roles]
    # review_level__in=[] matches nothing, so a user with no review role counts 0.
    review_q = Q(status=LetterStatus.UNDER_REVIEW, review_level__in=levels)
    if Role.REVIEWER in roles and not roles & CASE_ROLES:
        review_q &= Q(department_id=department_id)
    return {
        "to_dispatch": Q(
            status__in=[LetterStatus.SUBMITTED, LetterStatus.ACCEPTED, LetterStatus.RETURNED]
        ),
        "to_sign": own & Q(status=LetterStatus.DISPATCHED),
        "in_progress": own & Q(status__in=[LetterStatus.IN_PROGRESS, LetterStatus.PAUSED]),
        "due_soon": own & due_soon_q(now),
        "overdue": own & overdue_q(now),
        "to_review": review_q,
        # The site office's review before publication (找错): the publishers' queue.
        "to_office_review": Q(status=LetterStatus.OFFICE_REVIEW)
        if roles & CASE_ROLES
        else Q(pk__in=[]),
    }


# --- the writer's own lookup (tracking number + query code) ---------------------------

LOOKUP_NOT_FOUND = "未找到该信件，请核对信件编号和查询码。"


def lookup_queryset() -> QuerySet[Letter]:
    """What the writer's lookup shows: departments and the timeline in order."""
    return Letter.objects.select_related("department", "reply_department").prefetch_related(
        Prefetch("events", queryset=LetterEvent.objects.order_by("at", "id"))
    )


def letter_by_code(tracking_number: str, query_code: str) -> Letter | None:
    """The letter with this number and code, else None — alike for an unknown number and
    a wrong code, the code compared in constant time (API and web lookup both use it)."""
    letter = lookup_queryset().filter(tracking_number=tracking_number.strip().upper()).first()
    code = query_code.strip().upper()
    expected = letter.query_code if letter is not None else "-" * len(code)
    if letter is None or not secrets.compare_digest(expected.encode(), code.encode()):
        return None
    return letter
