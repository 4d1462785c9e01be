"""The figures of 在线访谈 and 网上调查 in supervision's reports (supervision.engagement):
the report API, the .xlsx, the public statistics and a filed snapshot carry the values
the two apps define, for the demo city's year."""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO

import pytest
from openpyxl import load_workbook

from demo.services import load_demo
from interviews import metrics as interview_metrics
from supervision.metrics import build_report
from supervision.periods import parse_period
from supervision.reporting import report_from_data, report_to_data
from surveys import metrics as survey_metrics
from tests.world import Desk

pytestmark = pytest.mark.django_db

LABELS = [
    ("interviews_held", "举办在线访谈场次"),
    ("interview_questions_answered", "答复网友提问数"),
    ("surveys_closed", "网上调查结束数"),
    ("surveys_feedback_due", "应公开采纳情况数"),
    ("surveys_feedback_on_time", "按期公开采纳情况数"),
]


def _expected(period: str) -> dict[str, int]:
    """The figures as the two apps define them (interviews.metrics, surveys.metrics)."""
    span = parse_period(period)
    end = span.last_day + timedelta(days=1)
    return {
        **interview_metrics.period_figures(span.first_day, end),
        **survey_metrics.period_figures(span.first_day, end),
    }


def test_the_reports_carry_the_interview_and_survey_figures(desk: Desk) -> None:
    load_demo()
    expected = _expected("2026")
    # The demo's finished interview: three questions answered (two live, one after).
    assert (expected["interviews_held"], expected["interview_questions_answered"]) == (1, 3)
    # The closed 公交线网 questionnaire, its 采纳情况 published in time; the open survey and
    # hearing are not due yet.
    assert (
        expected["surveys_closed"],
        expected["surveys_feedback_due"],
        expected["surveys_feedback_on_time"],
    ) == (1, 1, 1)
    supervisor = desk.api("supervisor")

    api = supervisor.get("/api/v1/reports/?period=2026").json()
    assert [(row["key"], row["title"]) for row in api["engagement"]] == LABELS
    assert {row["key"]: row["value"] for row in api["engagement"]} == expected

    xlsx = supervisor.get("/api/v1/reports/export/?period=2026")
    sheet = load_workbook(BytesIO(xlsx.content))["互动交流"]
    rows = [(a, b) for a, b in sheet.iter_rows(min_row=4, max_col=2, values_only=True)]
    assert rows == [(label, expected[key]) for key, label in LABELS]

    public = desk.api("supervisor").get("/api/v1/public/statistics/?year=2026").json()
    assert {row["key"]: row["value"] for row in public["engagement"]} == expected

    report = build_report("2026", engagement=True)
    assert report_from_data(report_to_data(report)).engagement == report.engagement


def test_a_departments_own_report_has_no_office_wide_figures(desk: Desk) -> None:
    load_demo()
    report = build_report("2026", department_ids=[desk.a.pk], engagement=True)
    assert report.engagement == ()
    assert build_report("2026").engagement == ()  # not asked for
