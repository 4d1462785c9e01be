"""Surveys in real headless Chromium: a citizen answers a survey at phone width (390 px),
the results page draws its charts under the CSP, and axe finds no serious violation on
/surveys/, /surveys/{id}/ (also with errors) and /surveys/{id}/results/."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from surveys import services
from surveys.models import Answer, Response
from tests.browser.conftest import Axe
from tests.surveys.helpers import ids, make_survey
from tests.world import Desk

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def assert_clean(page: Page) -> None:
    errors = page.console_errors  # type: ignore[attr-defined]
    assert errors == [], errors


def open_survey(desk: Desk) -> Any:
    now = timezone.now()
    return make_survey(desk.a, opens=now - timedelta(days=1), closes=now + timedelta(days=10))


def closed_survey(desk: Desk) -> Any:
    now = timezone.now()
    survey = make_survey(
        desk.a,
        title="已结束的公交问卷",
        opens=now - timedelta(days=10),
        closes=now - timedelta(days=1),
    )
    i = ids(survey)
    for n, (single, multiple, rating) in enumerate(
        [("q1o1", ["q2o1", "q2o2"], 5), ("q1o3", ["q2o2"], 3), ("q1o1", ["q2o4"], 4)], start=1
    ):
        services.response_submit(
            survey_id=survey.pk,
            answers={i["q1"]: i[single], i["q2"]: [i[m] for m in multiple], i["q3"]: rating},
            respondent=services.Respondent(ip=f"198.51.100.{n}"),
            now=now - timedelta(days=2),
        )
    return survey


def test_a_citizen_answers_a_survey_on_a_phone(page: Page, base_url: str, desk: Desk) -> None:
    survey = open_survey(desk)
    page.goto(base_url + "/surveys/")
    page.get_by_role("link", name=survey.title).click()
    expect(page.get_by_role("heading", name=survey.title)).to_be_visible()
    expect(page.get_by_text("每个浏览器限提交一份")).to_be_visible()
    # Three choices where two are allowed: refused, naming the question; nothing stored.
    page.get_by_label("早高峰").check()
    for option in ("发车间隔", "换乘便利", "站点设置"):
        page.get_by_label(option).check()
    page.get_by_label("4分").check()
    page.get_by_role("button", name="提交问卷").click()
    expect(page.locator(".error-summary")).to_contain_text(
        "「第2题 您希望优先改进哪些方面？」：最多选择2项。"
    )
    assert Response.objects.count() == 0
    # What was chosen is kept; correct it and send.
    expect(page.get_by_label("早高峰")).to_be_checked()
    page.get_by_label("站点设置").uncheck()
    page.get_by_label("第4题的回答").fill("希望早高峰加密班次")
    page.get_by_role("button", name="提交问卷").click()
    expect(page.get_by_text("提交成功，感谢参与！")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    response = Response.objects.get()
    assert sorted(
        (a.question.position, a.option.text if a.option else a.rating or a.text)
        for a in Answer.objects.filter(response=response).select_related("question", "option")
    ) == [(1, "早高峰"), (2, "发车间隔"), (2, "换乘便利"), (3, 4), (4, "希望早高峰加密班次")]
    # The same browser again: refused, the rule said why.
    page.goto(base_url + f"/surveys/{survey.pk}/")
    page.get_by_label("晚高峰").check()
    page.get_by_label("车辆舒适").check()
    page.get_by_label("2分").check()
    page.get_by_role("button", name="提交问卷").click()
    expect(page.locator(".error-summary")).to_contain_text("每个浏览器限提交一份")
    assert Response.objects.count() == 1
    assert_clean(page)


def test_results_charts_render_under_the_csp(page: Page, base_url: str, desk: Desk) -> None:
    survey = closed_survey(desk)
    page.goto(base_url + f"/surveys/{survey.pk}/results/")
    expect(page.locator(".chart canvas")).to_have_count(3)
    expect(page.get_by_role("table").first).to_contain_text("早高峰")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_clean(page)


def test_survey_pages_pass_axe(page: Page, base_url: str, axe: Axe, desk: Desk) -> None:
    survey = open_survey(desk)
    closed = closed_survey(desk)
    found: dict[str, Any] = {}
    for url in (
        "/surveys/",
        f"/surveys/{survey.pk}/",
        f"/surveys/{closed.pk}/results/",
        f"/surveys/{survey.pk}/results/",
        f"/surveys/{closed.pk}/",
    ):
        page.goto(base_url + url)
        found[url] = axe(page)
    page.goto(base_url + f"/surveys/{survey.pk}/")
    page.get_by_role("button", name="提交问卷").click()
    expect(page.locator(".error-summary")).to_be_visible()
    found["form with errors"] = axe(page)
    assert {url: v for url, v in found.items() if v} == {}
    assert_clean(page)
