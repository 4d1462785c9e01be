"""The interview figures supervision reports (督查): defined once here, read by
``supervision`` when it builds its reports."""

from __future__ import annotations

from datetime import date, datetime, time

from django.utils import timezone

from interviews.models import Interview, InterviewQuestion, InterviewStatus, QuestionStatus


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def period_figures(start: date, end: date) -> dict[str, int]:
    """Figures of the interviews whose planned time falls in ``[start, end)`` (local days):

    - ``interviews_held`` (举办在线访谈场次): such interviews that took place (finished);
    - ``interview_questions_answered`` (答复网友提问数): their public questions answered,
      live or after the session (a question forwarded as a letter is counted with letters).
    """
    held = Interview.objects.filter(
        status=InterviewStatus.FINISHED,
        starts_at__gte=_start_of(start),
        starts_at__lt=_start_of(end),
    )
    answered = InterviewQuestion.objects.filter(
        interview__in=held, status=QuestionStatus.ANSWERED
    ).count()
    return {"interviews_held": held.count(), "interview_questions_answered": answered}
