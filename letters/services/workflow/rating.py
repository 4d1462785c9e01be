"""The writer's rating of a reply, its window, and closing unrated cases."""

from __future__ import annotations

import unicodedata
from datetime import datetime, time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.conf import desk_settings
from core.realtime import department_group
from letters.choices import Rating
from letters.errors import TransitionNotAllowed
from letters.models import Letter
from letters.services import deadlines
from letters.services.workflow.base import (
    Effects,
    S,
    transition,
)
from workdays.calendar_core import BEIJING
from workdays.services import get_calendar

# --- rating by the writer --------------------------------------------------------------


def rating_deadline(letter: Letter) -> datetime | None:
    if letter.replied_at is None:
        return None
    days: int = desk_settings().rating_window_working_days
    result = get_calendar().add_working_days(timezone.localdate(letter.replied_at), days)
    return datetime.combine(result.deadline, time(23, 59, 59), tzinfo=BEIJING)


def rating_refusal(letter: Letter, now: datetime | None = None) -> str | None:
    """Why the writer may not rate the letter now, or None: the one answer for the
    rating service, the API and the lookup page (which shows the form only then)."""
    if letter.status not in {S.REPLIED, S.PUBLISHED}:
        return "该来信当前不能评价。"
    if letter.rating and letter.reopen_count == 0:
        return "该来信已评价。"
    deadline = rating_deadline(letter)
    if deadline is not None and (now or timezone.now()) > deadline:
        return "评价期已过。"
    return None


UNSATISFIED_NEEDS_REASON = "「评价意见」：选择“不满意”时，请写明不满意的原因，以便重新办理。"


def states_a_reason(comment: str) -> bool:
    """Whether a comment says anything: at least one letter or digit (spaces, full-width
    spaces, invisible characters and punctuation alone are no reason)."""
    return any(unicodedata.category(char)[0] in "LN" for char in comment)


def letter_rate(*, letter_id: int, rating: str, comment: str = "") -> Letter:
    """The writer rates the reply. 不满意 (with its reason) reopens it once (重办) with a
    fresh clock."""
    if rating not in Rating.values:
        raise ValidationError({"rating": ["「满意度」：请选择满意、基本满意或不满意。"]})
    comment = comment.strip()
    with transaction.atomic():
        current = Letter.objects.select_for_update().get(pk=letter_id)
        refused = rating_refusal(current)
        if refused is not None:
            raise TransitionNotAllowed(refused)
        if rating == Rating.UNSATISFIED and not states_a_reason(comment):
            raise ValidationError({"comment": [UNSATISFIED_NEEDS_REASON]})
        reopen = rating == Rating.UNSATISFIED and current.reopen_count == 0

        def apply(letter: Letter, effects: Effects) -> None:
            letter.rating = rating
            letter.rating_comment = comment
            letter.rated_at = timezone.now()
            if reopen:
                letter.reopen_count += 1
                letter.review_level = 0
                letter.replied_at = None
                deadlines.clock_start(letter=letter, start=timezone.localdate())
                effects.push([department_group(letter.department_id or 0)], "reopened")
            else:
                letter.closed_at = timezone.now()

        label = Rating(rating).label
        return transition(
            letter_id=letter_id,
            action="rate",
            actor=None,
            to=S.IN_PROGRESS if reopen else S.CLOSED,
            apply=apply,
            note=comment,
            public_note=(
                f"您的评价：{label}。已交承办单位重新办理。"
                if reopen
                else f"您的评价：{label}。已办结。"
            ),
            data={"rating": rating},
        )


def close_unrated(now: datetime | None = None) -> int:
    """Letters whose rating window closed without a rating count as 满意 and are closed."""
    now = now or timezone.now()
    closed = 0
    candidates = Letter.objects.filter(
        status__in=[S.REPLIED, S.PUBLISHED], rating="", replied_at__isnull=False
    ).values_list("id", flat=True)
    for letter_id in list(candidates):
        letter = Letter.objects.get(pk=letter_id)
        deadline = rating_deadline(letter)
        if deadline is None or now <= deadline:
            continue

        def apply(letter: Letter, effects: Effects) -> None:
            letter.rating = Rating.SATISFIED
            letter.rating_implicit = True
            letter.closed_at = now

        try:
            transition(
                letter_id=letter_id,
                action="rate_timeout",
                actor=None,
                to=S.CLOSED,
                apply=apply,
                public_note="评价期内未评价，视为满意，已办结。",
            )
        except TransitionNotAllowed:
            continue
        closed += 1
    return closed
