"""The demo city's surveys, hearing and feedback reports (``demo/data/surveys.yaml``),
loaded through the real services: responses by ``surveys.services.response_submit`` (one
per browser, each from its own documentation address), reviews of free text and the
feedback reports through the publication gate."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from demo.content import DemoDataError, city, read
from org.models import Department, Solicitation
from surveys import services
from surveys.models import Answer, Option, Question, QuestionKind, Survey, SurveyKind

KINDS = {k.value for k in SurveyKind}
QUESTION_KINDS = {k.value for k in QuestionKind}


def _at(days: int, hour: int = 9) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _handler(department: Department) -> Any:
    return get_user_model().objects.get(username=f"{department.code.lower()}-handler")


def _check(row: dict[str, Any]) -> None:
    where = f"演示数据文件 surveys.yaml 调查 {row.get('key')}"
    if row.get("kind") not in KINDS:
        raise DemoDataError(f"{where}：kind 应为 {sorted(KINDS)} 之一。")
    for question in row["questions"]:
        if question.get("kind") not in QUESTION_KINDS:
            raise DemoDataError(f"{where}：题型 {question.get('kind')} 不存在。")


def _create(row: dict[str, Any]) -> Survey:
    owner = Department.objects.get(code=row["owner"])
    survey = Survey.objects.create(
        kind=row["kind"],
        title=row["title"],
        description=row.get("description", ""),
        owner=owner,
        opens_at=_at(row["opens_days"]),
        closes_at=_at(row["closes_days"], hour=18),
        published=True,
        opinion_required=bool(row.get("opinion_required", False)),
    )
    for position, spec in enumerate(row["questions"], start=1):
        question = Question.objects.create(
            survey=survey,
            position=position,
            kind=spec["kind"],
            text=spec["text"],
            required=spec.get("required", True),
            min_choices=spec.get("min", 1),
            max_choices=spec.get("max"),
            low_label=spec.get("low", "很不满意"),
            high_label=spec.get("high", "非常满意"),
        )
        for number, text in enumerate(spec.get("options", []), start=1):
            Option.objects.create(question=question, position=number, text=text)
    return survey


def _answers(survey: Survey, values: list[Any]) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for question, value in zip(survey.questions.all(), values, strict=True):
        options = list(question.options.all())
        if value is None:
            continue
        if question.kind == QuestionKind.SINGLE:
            answers[str(question.pk)] = options[value - 1].pk
        elif question.kind == QuestionKind.MULTIPLE:
            answers[str(question.pk)] = [options[v - 1].pk for v in value]
        else:
            answers[str(question.pk)] = value
    return answers


def _respond(survey: Survey, row: dict[str, Any]) -> list[int]:
    ids: list[int] = []
    span = survey.closes_at - survey.opens_at
    now = timezone.now()
    count = len(row.get("responses", []))
    for number, entry in enumerate(row.get("responses", []), start=1):
        values, opinion = (
            (entry["answers"], entry.get("opinion", "")) if isinstance(entry, dict) else (entry, "")
        )
        at = survey.opens_at + span * number / (count + 1)
        submitted = services.response_submit(
            survey_id=survey.pk,
            answers=_answers(survey, values),
            opinion=opinion,
            respondent=services.Respondent(
                ip=f"198.51.100.{number}", browser_token=f"demo-{survey.pk}-{number:04d}-browser"
            ),
            now=min(at, now - timedelta(minutes=count + 1 - number)),
        )
        ids.append(submitted.response.pk)
    return ids


def load_surveys() -> int:
    """Create the demo surveys with their responses, reviews and feedback; how many."""
    data = read("surveys.yaml")
    rows = data.get("surveys") or []
    for row in rows:
        _check(row)
    with transaction.atomic():
        for row in rows:
            survey = _create(row)
            responses = _respond(survey, row)
            handler = _handler(survey.owner)
            for number in row.get("publish_texts", []):
                answer = Answer.objects.get(
                    response_id=responses[number - 1], question__kind=QuestionKind.TEXT
                )
                services.text_review(
                    item_type="answer",
                    item_id=answer.pk,
                    actor=handler,
                    publish=True,
                    public_text=answer.text,
                )
            feedback = row.get("feedback")
            if feedback:
                services.feedback_publish(
                    subject_type="survey",
                    subject_id=survey.pk,
                    actor=handler,
                    text=feedback["text"],
                    now=survey.closes_at + timedelta(days=feedback["days_after_close"]),
                )
        titles = {r["key"]: r["title"] for r in city().solicitations}
        for entry in data.get("solicitation_feedback") or []:
            solicitation = Solicitation.objects.get(title=titles[entry["solicitation"]])
            closes = timezone.make_aware(datetime.combine(solicitation.closes_on, time(10, 0)))
            services.feedback_publish(
                subject_type="solicitation",
                subject_id=solicitation.pk,
                actor=_handler(solicitation.owner),
                text=entry["text"],
                now=closes + timedelta(days=entry["days_after_close"]),
            )
    return len(rows)
