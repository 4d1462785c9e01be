"""Figures of surveys for supervision reports (registered in ``surveys.apps``).

- ``surveys_closed``: published surveys (调查/听证/评议) whose closing day falls in
  [start, end).
- ``surveys_feedback_due``: published surveys whose feedback report (采纳情况) is due in
  [start, end): the 征集意见 time limit in working days after the closing day
  (``surveys.services.feedback_deadline``; 15 for a declared complex matter), counted
  once the limit has passed or the report is published (a current period does not count
  reports still within their limit as due).
- ``surveys_feedback_on_time``: of those, the reports published by their deadline.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from surveys.models import FeedbackReport, Survey
from surveys.services import closed_on, feedback_deadline
from workdays.calendar_core import BEIJING
from workdays.services import get_calendar

# A feedback deadline is at most 15 working days after closing: no survey that closed
# more than this many calendar days before ``start`` can be due in the period.
_LOOKBACK_DAYS = 60


def _at(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=BEIJING)


def period_figures(start: date, end: date) -> dict[str, int]:
    surveys = list(
        Survey.objects.filter(
            published=True,
            closes_at__gte=_at(start - timedelta(days=_LOOKBACK_DAYS)),
            closes_at__lt=_at(end),
        ).only("id", "closes_at")
    )
    reports = {r.survey_id: r for r in FeedbackReport.objects.filter(survey__in=surveys)}
    calendar = get_calendar()
    now = timezone.now()
    closed = due = on_time = 0
    for survey in surveys:
        day = closed_on(survey)
        if start <= day < end and survey.closes_at <= now:
            closed += 1
        report = reports.get(survey.pk)
        if report is not None and report.published_at is not None and report.derivation:
            derivation = report.derivation
        else:
            derivation = feedback_deadline(
                day,
                complex_matter=bool(report and report.complex_matter),
                calendar=calendar,
            )
        if derivation is None:
            continue
        deadline = date.fromisoformat(derivation["deadline"])
        if not start <= deadline < end:
            continue
        due_at = datetime.fromisoformat(derivation["due_at"])
        published_at = report.published_at if report is not None else None
        if due_at > now and published_at is None:
            continue  # still within its time limit: not yet due
        due += 1
        if published_at is not None and published_at <= due_at:
            on_time += 1
    return {
        "surveys_closed": closed,
        "surveys_feedback_due": due,
        "surveys_feedback_on_time": on_time,
    }
