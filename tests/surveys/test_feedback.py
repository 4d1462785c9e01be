"""Feedback reports (采纳情况): the deadline in working days across a holiday, complex
matters, publication through the gate, solicitations, due/overdue for supervisors and the
supervision figures."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from core.errors import ActionRefused
from knowledge_base.gate import PublicationRefused
from surveys import services
from surveys.metrics import period_figures
from surveys.models import FeedbackReport
from tests.factories import SolicitationFactory
from tests.surveys.helpers import make_survey
from tests.world import Desk

pytestmark = pytest.mark.django_db
BEIJING = ZoneInfo("Asia/Shanghai")


def test_the_deadline_counts_working_days_across_the_national_day_holiday() -> None:
    # Closed on Tuesday 29 September 2026: 9/30, then the holiday (10/1–10/7), 10/8,
    # 10/9, Saturday 10/10 (a make-up working day), 10/12, 10/13, 10/14.
    derivation = services.feedback_deadline(date(2026, 9, 29))
    assert derivation is not None
    assert (derivation["deadline"], derivation["provisional"]) == ("2026-10-14", False)
    assert derivation["policy"]["working_days"] == 7
    assert derivation["due_at"] == "2026-10-14T23:59:59+08:00"
    complex_matter = services.feedback_deadline(date(2026, 9, 29), complex_matter=True)
    assert complex_matter is not None
    assert (complex_matter["deadline"], complex_matter["policy"]["working_days"]) == (
        "2026-10-26",
        15,
    )


def test_feedback_is_published_through_the_gate_and_judged_on_time(desk: Desk) -> None:
    closes = datetime(2026, 9, 29, 18, 0, tzinfo=BEIJING)
    survey = make_survey(desk.a, opens=closes - timedelta(days=20), closes=closes)
    handler = desk.users["handler_a"]
    with pytest.raises(PublicationRefused):
        services.feedback_publish(
            subject_type="survey",
            subject_id=survey.pk,
            actor=handler,
            text="采纳情况：详询王经理13912345678。",
            now=datetime(2026, 10, 9, 10, 0, tzinfo=BEIJING),
        )
    assert FeedbackReport.objects.filter(published_at__isnull=False).count() == 0
    with pytest.raises(PermissionDenied):
        services.feedback_publish(
            subject_type="survey",
            subject_id=survey.pk,
            actor=desk.users["handler_b"],
            text="共收到意见120条，采纳35条。",
        )
    report = services.feedback_publish(
        subject_type="survey",
        subject_id=survey.pk,
        actor=handler,
        text="共收到意见120条，采纳35条。",
        now=datetime(2026, 10, 14, 20, 0, tzinfo=BEIJING),
    )
    assert (report.deadline, report.on_time) == (date(2026, 10, 14), True)
    with pytest.raises(ActionRefused):
        services.feedback_publish(
            subject_type="survey", subject_id=survey.pk, actor=handler, text="再次公开"
        )
    assert period_figures(date(2026, 9, 1), date(2026, 10, 1)) == {
        "surveys_closed": 1,
        "surveys_feedback_due": 0,
        "surveys_feedback_on_time": 0,
    }
    assert period_figures(date(2026, 10, 1), date(2026, 11, 1)) == {
        "surveys_closed": 0,
        "surveys_feedback_due": 1,
        "surveys_feedback_on_time": 1,
    }


def test_late_and_overdue_reports_are_shown_to_supervisors(desk: Desk) -> None:
    # TEST_NOW is 2026-11-20. Survey x closed 2026-10-30 (due 11-10, never published:
    # overdue); survey y closed 2026-11-18 (due 11-27: not yet due); solicitation closed
    # 2026-11-01, complex (15 working days: due 11-20, today: due soon).
    x = make_survey(
        desk.a,
        title="已超期的调查",
        opens=datetime(2026, 10, 1, tzinfo=BEIJING),
        closes=datetime(2026, 10, 30, 18, 0, tzinfo=BEIJING),
    )
    make_survey(
        desk.b,
        title="未到期的调查",
        opens=datetime(2026, 11, 1, tzinfo=BEIJING),
        closes=datetime(2026, 11, 18, 18, 0, tzinfo=BEIJING),
    )
    solicitation = SolicitationFactory(
        owner=desk.a, opens_on=date(2026, 10, 1), closes_on=date(2026, 10, 30)
    )
    with pytest.raises(ActionRefused):
        services.feedback_mark_complex(
            subject_type="survey", subject_id=x.pk, actor=desk.users["handler_a"], reason="涉及面广"
        )
    services.feedback_mark_complex(
        subject_type="solicitation",
        subject_id=solicitation.pk,
        actor=desk.users["handler_a"],
        reason="意见数量多，需会商",
        now=datetime(2026, 11, 2, 9, 0, tzinfo=BEIJING),
    )
    rows = [(i.subject.title, i.deadline, i.state_label) for i in services.feedback_overview()]
    assert rows == [
        ("已超期的调查", date(2026, 11, 10), "已超期"),
        (solicitation.title, date(2026, 11, 20), "即将到期"),
        ("未到期的调查", date(2026, 11, 27), "未到期"),
    ]
    assert [i.subject.title for i in services.feedback_overview(department_id=desk.b.pk)] == [
        "未到期的调查"
    ]
    page = desk.client("supervisor").get("/surveys/feedback/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "已超期" in text
    assert "即将到期" in text
    assert "2026年11月20日（复杂事项）" in text


def test_a_closed_solicitation_publishes_its_feedback_on_its_page(desk: Desk) -> None:
    solicitation = SolicitationFactory(
        owner=desk.a, opens_on=date(2026, 10, 1), closes_on=date(2026, 11, 13)
    )
    public = Client()
    page = public.get(f"/solicitations/{solicitation.pk}/").content.decode()
    assert "征集单位将在征集结束后于2026年11月24日前公开采纳情况" in page
    refused = desk.client("handler_b").post(
        f"/solicitations/{solicitation.pk}/", {"text": "采纳情况"}
    )
    assert refused.status_code == 403
    done = desk.client("handler_a").post(
        f"/solicitations/{solicitation.pk}/", {"text": "共收到意见46条，采纳12条，主要是……"}
    )
    assert done.status_code == 302
    page = public.get(f"/solicitations/{solicitation.pk}/").content.decode()
    assert "共收到意见46条，采纳12条，主要是……" in page
    report = FeedbackReport.objects.get(solicitation=solicitation)
    assert (report.deadline, report.on_time) == (date(2026, 11, 24), True)
