"""Hearings and reviews: their own wording and a written-opinion part, reviewed before it
is public; the admin pages of surveys."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from django.conf import LazySettings
from django.core.exceptions import ValidationError
from django.test import Client
from rest_framework.test import APIClient

from surveys import services
from surveys.models import Response, ReviewStatus, SurveyKind
from tests.surveys.helpers import ids, make_survey
from tests.world import Desk

pytestmark = pytest.mark.django_db


def answers(i: dict[str, int]) -> dict[int, Any]:
    return {i["q1"]: i["q1o1"], i["q2"]: [i["q2o1"]], i["q3"]: 4}


def test_a_hearing_asks_for_its_written_opinion_and_publishes_it_after_review(
    desk: Desk, api: APIClient, settings: LazySettings
) -> None:
    settings.DESK = replace(settings.DESK, survey_captcha_after=1000)
    hearing = make_survey(
        desk.a, kind=SurveyKind.HEARING, title="供水价格调整网上听证", opinion_required=True
    )
    i = ids(hearing)
    page = Client().get(f"/surveys/{hearing.pk}/").content.decode()
    assert "提交听证意见" in page
    assert "听证意见" in page
    missing = api.post(
        f"/api/v1/surveys/{hearing.pk}/responses/", {"answers": answers(i)}, format="json"
    )
    assert missing.status_code == 400
    assert missing.json()["errors"] == {"opinion": ["「听证意见」：请填写书面意见。"]}
    assert Response.objects.count() == 0
    done = api.post(
        f"/api/v1/surveys/{hearing.pk}/responses/",
        {"answers": answers(i), "opinion": "建议阶梯水价第一档提高到每户每月15吨。"},
        format="json",
    )
    assert done.status_code == 201
    response = Response.objects.get()
    assert (response.opinion_status, response.opinion_public) == (ReviewStatus.PENDING, "")
    assert services.survey_results(hearing)["opinions"] == []
    assert services.survey_results(hearing)["opinions_total"] == 1
    services.text_review(
        item_type="opinion",
        item_id=response.pk,
        actor=desk.users["reviewer_a"],
        publish=True,
        public_text=response.opinion,
    )
    assert services.survey_results(hearing)["opinions"] == [
        "建议阶梯水价第一档提高到每户每月15吨。"
    ]


def test_a_plain_survey_has_no_written_opinion(desk: Desk) -> None:
    survey = make_survey(desk.a)
    with pytest.raises(ValidationError) as refused:
        services.response_submit(
            survey_id=survey.pk,
            answers=answers(ids(survey)),
            opinion="多说几句",
            respondent=services.Respondent(ip="10.0.0.1"),
        )
    assert refused.value.message_dict == {"opinion": ["「意见建议」：本调查没有书面意见部分。"]}
    assert Response.objects.count() == 0


def test_the_review_wording(desk: Desk) -> None:
    review = make_survey(desk.a, kind=SurveyKind.REVIEW, title="窗口服务网上评议")
    words = services.wording(review)
    assert (words["submit"], words["opinion_label"]) == ("提交评议", "评议意见")


def test_the_admin_lists_and_edits_surveys(desk: Desk, admin_client: Client) -> None:
    survey = make_survey(desk.a)
    assert admin_client.get("/admin/surveys/survey/").status_code == 200
    assert admin_client.get(f"/admin/surveys/survey/{survey.pk}/change/").status_code == 200
    question = survey.questions.get(position=2)
    assert admin_client.get(f"/admin/surveys/question/{question.pk}/change/").status_code == 200
    assert admin_client.get("/admin/surveys/feedbackreport/").status_code == 200
