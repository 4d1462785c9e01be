"""The owner department reviews a survey's free text and publishes its 采纳情况 on the
results page in Chromium; the supervisor's list of feedback deadlines; axe on both."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from surveys import services
from surveys.models import FeedbackReport
from tests.browser.conftest import Axe
from tests.surveys.helpers import ids, make_survey
from tests.world import Desk

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_the_owner_reviews_text_and_publishes_feedback(
    desk: Desk, staff_page: Callable[[], Page], sign_in: Any, asgi_url: str, axe: Axe
) -> None:
    now = timezone.now()
    survey = make_survey(desk.a, opens=now - timedelta(days=10), closes=now - timedelta(hours=1))
    i = ids(survey)
    services.response_submit(
        survey_id=survey.pk,
        answers={i["q1"]: i["q1o1"], i["q2"]: [i["q2o1"]], i["q3"]: 4, i["q4"]: "建议增开夜班车"},
        respondent=services.Respondent(ip="198.51.100.7"),
        now=now - timedelta(days=2),
    )
    page = staff_page()
    sign_in(page, desk.users["handler_a"])
    page.goto(f"{asgi_url}/surveys/{survey.pk}/results/")
    expect(page.get_by_text("待审核的文字（1条）")).to_be_visible()
    assert axe(page) == []
    page.get_by_role("button", name="公开", exact=True).click()
    expect(page.get_by_text("已公开。")).to_be_visible()
    expect(page.locator(".reply-list")).to_contain_text("建议增开夜班车")
    page.get_by_role("textbox", name="采纳情况").fill("共收到问卷1份，增开夜班车的建议已采纳。")
    page.get_by_role("button", name="公开采纳情况").click()
    expect(page.get_by_text("采纳情况已公开。")).to_be_visible()
    assert FeedbackReport.objects.get(survey=survey).on_time is True
    assert page.console_errors == []  # type: ignore[attr-defined]

    supervisor = staff_page()
    sign_in(supervisor, desk.users["supervisor"])
    supervisor.goto(f"{asgi_url}/surveys/feedback/")
    expect(supervisor.get_by_role("row", name=survey.title)).to_contain_text("按期公开")
    assert axe(supervisor) == []
    assert supervisor.console_errors == []  # type: ignore[attr-defined]
