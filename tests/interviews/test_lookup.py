"""The asker looks a question up with its number and query code (API and page): its
status, the answer, the letter it became; a wrong code is one 404 whatever was wrong and
spends the address's budget of wrong codes."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from rest_framework.test import APIClient

from interviews import services
from tests.interviews.world import InterviewWorld

pytestmark = pytest.mark.django_db
URL = "/api/v1/interviews/questions/lookup/"


def test_the_asker_sees_the_answer(world: InterviewWorld) -> None:
    question = world.accepted()
    world.start()
    services.post_create(
        interview_id=world.interview.pk,
        actor=world.guest,
        speaker="guest",
        text="每台补贴20万元。",
        question_id=question.pk,
    )

    response = APIClient().post(
        URL, {"number": question.number.lower(), "query_code": question.query_code}, format="json"
    )

    assert response.status_code == 200
    assert response.json() == {
        "number": question.number,
        "interview": world.interview.pk,
        "interview_title": "聚焦老旧小区改造",
        "status": "answered",
        "status_display": "已答复",
        "public_text": "我是赵先生/女士，电话139****1234。老旧小区加装电梯的补贴标准是多少，怎么申请？",
        "decline_reason": "",
        "answers": ["每台补贴20万元。"],
        "answered_live": True,
        "letter_tracking_number": None,
        "letter_query_code": None,
    }


def test_a_forwarded_question_names_its_letter(world: InterviewWorld) -> None:
    question = world.accepted()
    world.start()
    world.finish()
    letter = services.question_to_letter(
        interview_id=world.interview.pk, question_id=question.pk, actor=world.moderator
    )

    page = Client().post(
        "/interviews/lookup/", {"number": question.number, "query_code": question.query_code}
    )

    body = page.content.decode()
    assert page.status_code == 200
    assert f"信件编号 {letter.tracking_number}，查询码 {letter.query_code}" in body
    assert "已转为来信办理" in body


def test_wrong_codes_are_one_404_and_spend_the_failure_budget(
    world: InterviewWorld, settings: Any
) -> None:
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "lookup_failures": "2/hour",
        },
    }
    cache.clear()
    question = world.ask()
    client = APIClient()
    missing = Client().post("/interviews/lookup/", {"number": "", "query_code": ""})

    wrong = client.post(URL, {"number": question.number, "query_code": "WRONG234"}, format="json")
    unknown = client.post(URL, {"number": "FT99999999", "query_code": "WRONG234"}, format="json")
    blocked = client.post(
        URL, {"number": question.number, "query_code": question.query_code}, format="json"
    )
    page_blocked = Client().post(
        "/interviews/lookup/", {"number": question.number, "query_code": question.query_code}
    )

    assert (wrong.status_code, unknown.status_code) == (404, 404)
    assert (
        wrong.json()
        == unknown.json()
        == {
            "detail": "提问编号或查询码不正确，请核对后重试。",
            "errors": {},
        }
    )
    assert (blocked.status_code, page_blocked.status_code) == (429, 429)
    assert missing.status_code == 400
    assert "「提问编号」：请填写提问编号。" in missing.content.decode()
