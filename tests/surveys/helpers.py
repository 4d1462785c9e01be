"""A survey of four questions (one of each kind) for the surveys tests, and an SMS
gateway that keeps what it would send (the desk's only SMS seam, ``DESK_SMS_BACKEND``)."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar
from zoneinfo import ZoneInfo

from org.models import Department
from surveys.models import Option, Question, QuestionKind, Survey, SurveyKind

BEIJING = ZoneInfo("Asia/Shanghai")
OPENS = datetime(2026, 11, 10, 9, 0, tzinfo=BEIJING)
CLOSES = datetime(2026, 11, 30, 18, 0, tzinfo=BEIJING)


class RecordingSmsBackend:
    """An SMS gateway for tests: keeps (phone, text) instead of sending."""

    sent: ClassVar[list[tuple[str, str]]] = []

    def send(self, phone: str, text: str) -> None:
        self.sent.append((phone, text))


def make_survey(
    owner: Department,
    *,
    kind: str = SurveyKind.SURVEY,
    opens: datetime = OPENS,
    closes: datetime = CLOSES,
    title: str = "城区公交线网优化方案问卷",
    published: bool = True,
    **fields: object,
) -> Survey:
    """Questions: 1 single (3 options), 2 multiple (4 options, choose 1 to 2),
    3 rating 1–5, 4 free text (optional)."""
    survey = Survey.objects.create(
        kind=kind,
        title=title,
        description="请就公交线网优化方案发表意见。",
        owner=owner,
        opens_at=opens,
        closes_at=closes,
        published=published,
        **fields,
    )
    single = Question.objects.create(
        survey=survey, position=1, kind=QuestionKind.SINGLE, text="您最常乘坐公交的时段是？"
    )
    for i, text in enumerate(["早高峰", "白天平峰", "晚高峰"], start=1):
        Option.objects.create(question=single, position=i, text=text)
    multiple = Question.objects.create(
        survey=survey,
        position=2,
        kind=QuestionKind.MULTIPLE,
        text="您希望优先改进哪些方面？",
        min_choices=1,
        max_choices=2,
    )
    for i, text in enumerate(["发车间隔", "换乘便利", "站点设置", "车辆舒适"], start=1):
        Option.objects.create(question=multiple, position=i, text=text)
    Question.objects.create(
        survey=survey, position=3, kind=QuestionKind.RATING, text="您对现有公交服务的总体评价"
    )
    Question.objects.create(
        survey=survey,
        position=4,
        kind=QuestionKind.TEXT,
        text="其他意见建议",
        required=False,
        max_length=200,
    )
    return survey


def ids(survey: Survey) -> dict[str, int]:
    """Question ids q1..q4 and option ids q1o1.., q2o1.."""
    found: dict[str, int] = {}
    for question in survey.questions.all():
        found[f"q{question.position}"] = question.pk
        for option in question.options.all():
            found[f"q{question.position}o{option.position}"] = option.pk
    return found
