"""The demo city's surveys: one open, one closed with results and a published feedback
report, one hearing; a closed solicitation with its feedback report."""

from __future__ import annotations

import pytest
from django.test import Client

from demo.services import load_demo
from surveys import services
from surveys.models import FeedbackReport, Survey, SurveyKind

pytestmark = pytest.mark.django_db


def test_the_demo_shows_open_closed_and_hearing_with_results_and_feedback() -> None:
    load_demo()
    states = {s.title: services.survey_state(s) for s in Survey.objects.all()}
    assert states == {
        "临江市中心城区公交线网优化方案问卷调查": "closed",
        "江滨夜市设置运营市民意见调查": "open",
        "《临江市社区老年助餐服务管理办法（草案）》网上听证": "open",
    }
    assert Survey.objects.filter(kind=SurveyKind.HEARING).count() == 1
    closed = Survey.objects.get(title="临江市中心城区公交线网优化方案问卷调查")
    results = services.public_results(closed.pk)
    assert results["responses"] == 12
    assert [o["count"] for o in results["questions"][1]["options"]] == [6, 4, 3, 4, 1]
    assert results["questions"][2]["rating"]["average"] == 3.17
    assert len(results["questions"][3]["texts"]) == 4
    report = FeedbackReport.objects.get(survey=closed)
    assert report.on_time is True
    solicitation_report = FeedbackReport.objects.get(solicitation__isnull=False)
    assert solicitation_report.on_time is True
    client = Client()
    page = client.get(f"/surveys/{closed.pk}/results/").content.decode()
    assert "本次问卷调查共收到有效问卷12份" in page
    assert "13877776666" not in page
    listing = client.get("/surveys/").content.decode()
    assert "网上听证" in listing
    assert "采纳情况已公开" in listing
