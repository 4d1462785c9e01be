"""The survey pages without JavaScript: the rule stated, a response by form, errors
naming the question (400, nothing stored), results public after closing and live for the
owner department."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from captcha.models import CaptchaStore
from django.test import Client

from surveys.models import Response
from tests.surveys.helpers import CLOSES, ids, make_survey
from tests.world import Desk

pytestmark = pytest.mark.django_db


def test_the_list_and_the_form_state_the_rule(desk: Desk) -> None:
    survey = make_survey(desk.a)
    client = Client()
    listing = client.get("/surveys/").content.decode()
    assert survey.title in listing
    page = client.get(f"/surveys/{survey.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "每个浏览器限提交一份" in text
    assert "同一网络地址最多提交5份" in text
    assert "选1至2项" in text


def test_a_response_by_form_and_errors_naming_the_question(desk: Desk) -> None:
    survey = make_survey(desk.a)
    i = ids(survey)
    client = Client()
    bad = client.post(
        f"/surveys/{survey.pk}/",
        {
            f"question_{i['q1']}": str(i["q1o1"]),
            f"question_{i['q2']}": [str(i["q2o1"]), str(i["q2o2"]), str(i["q2o3"])],
            f"question_{i['q3']}": "4",
        },
    )
    assert bad.status_code == 400
    text = bad.content.decode()
    assert "「第2题 您希望优先改进哪些方面？」：最多选择2项。" in text
    assert f'href="#id_question_{i["q2"]}"' in text
    assert Response.objects.count() == 0
    good = client.post(
        f"/surveys/{survey.pk}/",
        {
            f"question_{i['q1']}": str(i["q1o1"]),
            f"question_{i['q2']}": [str(i["q2o1"]), str(i["q2o2"])],
            f"question_{i['q3']}": "4",
            f"question_{i['q4']}": "",
        },
    )
    assert good.status_code == 302
    assert "提交成功" in client.get(good["Location"]).content.decode()
    again = client.post(
        f"/surveys/{survey.pk}/",
        {
            f"question_{i['q1']}": str(i["q1o2"]),
            f"question_{i['q2']}": [str(i["q2o1"])],
            f"question_{i['q3']}": "2",
        },
    )
    assert again.status_code == 409
    assert "每个浏览器限提交一份" in again.content.decode()
    assert Response.objects.count() == 1


def test_results_are_live_for_the_owner_and_public_after_closing(desk: Desk) -> None:
    survey = make_survey(desk.a)
    i = ids(survey)
    Client().post(
        f"/surveys/{survey.pk}/",
        {
            f"question_{i['q1']}": str(i["q1o3"]),
            f"question_{i['q2']}": [str(i["q2o4"])],
            f"question_{i['q3']}": "5",
            f"question_{i['q4']}": "建议延长末班车时间",
        },
    )
    public = Client().get(f"/surveys/{survey.pk}/results/").content.decode()
    assert "结果将在2026年11月30日 18:00截止后公布" in public
    assert "晚高峰" not in public
    owner = desk.client("handler_a").get(f"/surveys/{survey.pk}/results/").content.decode()
    assert "实时结果" in owner
    assert "建议延长末班车时间" in owner  # waiting for review, staff only
    other = desk.client("handler_b").get(f"/surveys/{survey.pk}/results/").content.decode()
    assert "实时结果" not in other
    with time_machine.travel(CLOSES + timedelta(minutes=1), tick=False):
        closed = Client().get(f"/surveys/{survey.pk}/results/").content.decode()
    assert "有效答卷</dt><dd>1份" in closed
    assert '<th scope="row">晚高峰</th><td>1</td><td>100.0%</td>' in closed
    assert "建议延长末班车时间" not in closed  # not reviewed
    assert 'id="survey-results"' in closed


def test_the_page_asks_an_arithmetic_captcha_when_due(desk: Desk, settings: Any) -> None:
    settings.DESK = replace(settings.DESK, survey_captcha_after=0)
    survey = make_survey(desk.a)
    i = ids(survey)
    client = Client()
    page = client.get(f"/surveys/{survey.pk}/").content.decode()
    assert "等于多少？请填写数字答案" in page
    key = re.search(r'name="captcha_key" value="([^"]+)"', page)
    assert key is not None
    form = {
        f"question_{i['q1']}": str(i["q1o1"]),
        f"question_{i['q2']}": [str(i["q2o1"])],
        f"question_{i['q3']}": "3",
        "captcha_key": key[1],
        "captcha": "100",
    }
    wrong = client.post(f"/surveys/{survey.pk}/", form)
    assert wrong.status_code == 400
    assert "「验证码」：答案不正确或已过期，请回答新的算术题。" in wrong.content.decode()
    assert Response.objects.count() == 0
    fresh = re.search(r'name="captcha_key" value="([^"]+)"', wrong.content.decode())
    assert fresh is not None
    answer = CaptchaStore.objects.get(hashkey=fresh[1]).response
    right = client.post(
        f"/surveys/{survey.pk}/", {**form, "captcha_key": fresh[1], "captcha": answer}
    )
    assert right.status_code == 302
    assert Response.objects.count() == 1
