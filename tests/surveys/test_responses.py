"""Answering a survey: exact results, choice limits, bad input (400 naming the question,
nothing stored), the one-response rule, closed surveys, results after closing only."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from captcha.models import CaptchaStore
from django.conf import LazySettings
from django.core.exceptions import ValidationError
from django.http import Http404
from django.test import Client
from rest_framework.test import APIClient

from core.errors import ActionRefused
from knowledge_base.gate import PublicationRefused
from letters.services import abuse
from surveys import services
from surveys.models import Answer, Response, ReviewStatus
from tests.surveys.helpers import CLOSES, RecordingSmsBackend, ids, make_survey
from tests.world import Desk

pytestmark = pytest.mark.django_db


def respond(survey_id: int, answers: dict[Any, Any], ip: str, token: str = "", **kw: Any) -> Any:
    return services.response_submit(
        survey_id=survey_id,
        answers=answers,
        respondent=services.Respondent(ip=ip, browser_token=token, **kw),
    )


@pytest.fixture(autouse=True)
def _lenient(settings: LazySettings) -> None:
    # Tests of the captcha and the address limit set these themselves.
    settings.DESK = replace(
        settings.DESK, survey_captcha_after=1000, survey_responses_per_address=1000
    )


def test_results_are_exact_and_free_text_appears_only_after_review(desk: Desk) -> None:
    survey = make_survey(desk.a)
    i = ids(survey)
    respond(
        survey.pk,
        {
            i["q1"]: i["q1o1"],
            i["q2"]: [i["q2o1"], i["q2o2"]],
            i["q3"]: 5,
            i["q4"]: "希望增加夜班线路",
        },
        "10.0.0.1",
    )
    respond(survey.pk, {i["q1"]: i["q1o1"], i["q2"]: [i["q2o1"]], i["q3"]: 4}, "10.0.0.2")
    respond(
        survey.pk,
        {
            str(i["q1"]): str(i["q1o3"]),
            str(i["q2"]): [str(i["q2o3"])],
            str(i["q3"]): "2",
            str(i["q4"]): "我的电话13912345678请回电",
        },
        "10.0.0.3",
    )

    results = services.survey_results(survey)
    assert results["responses"] == 3
    q1, q2, q3, q4 = results["questions"]
    assert (q1["answered"], [(o["text"], o["count"]) for o in q1["options"]]) == (
        3,
        [("早高峰", 2), ("白天平峰", 0), ("晚高峰", 1)],
    )
    assert [o["share"] for o in q1["options"]] == [2 / 3, 0.0, 1 / 3]
    assert [(o["count"], o["share"]) for o in q2["options"]] == [
        (2, 2 / 3),
        (1, 1 / 3),
        (1, 1 / 3),
        (0, 0.0),
    ]
    assert q3["rating"]["average"] == 3.67
    assert [d["count"] for d in q3["rating"]["distribution"]] == [0, 1, 0, 1, 1]
    assert (q4["answered"], q4["texts"]) == (2, [])

    # Review: the first text published as written, the one with a phone number refused
    # by the publication gate (nothing public), then published with the number taken out.
    first, second = Answer.objects.filter(question_id=i["q4"]).order_by("id")
    publisher = desk.users["handler_a"]
    services.text_review(
        item_type="answer", item_id=first.pk, actor=publisher, publish=True, public_text=first.text
    )
    with pytest.raises(PublicationRefused) as refused:
        services.text_review(
            item_type="answer",
            item_id=second.pk,
            actor=publisher,
            publish=True,
            public_text=second.text,
        )
    assert "手机" in refused.value.message or "电话" in refused.value.message
    second.refresh_from_db()
    assert (second.review_status, second.public_text) == (ReviewStatus.PENDING, "")
    services.text_review(
        item_type="answer",
        item_id=second.pk,
        actor=publisher,
        publish=True,
        public_text="希望公交公司加强回访",
    )
    assert services.survey_results(survey)["questions"][3]["texts"] == [
        "希望增加夜班线路",
        "希望公交公司加强回访",
    ]


def test_another_department_may_not_review(desk: Desk) -> None:
    survey = make_survey(desk.a)
    i = ids(survey)
    respond(
        survey.pk, {i["q1"]: i["q1o1"], i["q2"]: [i["q2o1"]], i["q3"]: 3, i["q4"]: "好"}, "10.0.0.1"
    )
    answer = Answer.objects.get(question_id=i["q4"])
    with pytest.raises(Http404):
        services.text_review(
            item_type="answer",
            item_id=answer.pk,
            actor=desk.users["handler_b"],
            publish=True,
            public_text="好",
        )
    answer.refresh_from_db()
    assert answer.review_status == ReviewStatus.PENDING


@pytest.mark.parametrize(
    ("multiple", "message"),
    [
        ([], "「第2题 您希望优先改进哪些方面？」：请作答。"),
        (["o1", "o2", "o3"], "「第2题 您希望优先改进哪些方面？」：最多选择2项。"),
        (["o1", "o1"], "「第2题 您希望优先改进哪些方面？」：同一选项只能选择一次。"),
    ],
)
def test_multiple_choice_limits_are_enforced(
    desk: Desk, api: APIClient, multiple: list[str], message: str
) -> None:
    survey = make_survey(desk.a)
    i = ids(survey)
    answers = {i["q1"]: i["q1o1"], i["q2"]: [i[f"q2{o}"] for o in multiple], i["q3"]: 3}
    response = api.post(
        f"/api/v1/surveys/{survey.pk}/responses/", {"answers": answers}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {f"question_{i['q2']}": [message]}
    assert (Response.objects.count(), Answer.objects.count()) == (0, 0)


def test_bad_input_is_a_400_naming_each_question_and_stores_nothing(
    desk: Desk, api: APIClient
) -> None:
    survey = make_survey(desk.a)
    i = ids(survey)
    answers = {
        i["q1"]: i["q2o1"],  # an option of another question
        i["q2"]: [i["q2o1"]],
        i["q3"]: 9,
        i["q4"]: "长" * 201,
        "999999": 1,
    }
    response = api.post(
        f"/api/v1/surveys/{survey.pk}/responses/", {"answers": answers}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": "提交的内容有误，请按提示修改后重试。",
        "errors": {
            "answers": ["「答案」：题目编号 999999 不是本项的题目。"],
            f"question_{i['q1']}": [
                "「第1题 您最常乘坐公交的时段是？」：请从给出的选项中选择一项。"
            ],
            f"question_{i['q3']}": ["「第3题 您对现有公交服务的总体评价」：请在1至5分之间评分。"],
            f"question_{i['q4']}": ["「第4题 其他意见建议」：不能超过200个字（现有201个字）。"],
        },
    }
    assert (Response.objects.count(), Answer.objects.count()) == (0, 0)
    for body in ({"answers": "abc"}, {"answers": [1, 2]}, {}):
        assert (
            api.post(f"/api/v1/surveys/{survey.pk}/responses/", body, format="json").status_code
            == 400
        )
    assert Response.objects.count() == 0


def test_one_response_per_browser(desk: Desk, api: APIClient) -> None:
    survey = make_survey(desk.a)
    i = ids(survey)
    body = {"answers": {i["q1"]: i["q1o2"], i["q2"]: [i["q2o4"]], i["q3"]: 4}}
    first = api.post(f"/api/v1/surveys/{survey.pk}/responses/", body, format="json")
    assert first.status_code == 201
    assert first.cookies["desk_survey_browser"]["httponly"]
    second = api.post(f"/api/v1/surveys/{survey.pk}/responses/", body, format="json")
    assert second.status_code == 409
    assert second.json()["detail"] == "您已参与过本项（每个浏览器限提交一份），感谢参与。"
    assert (Response.objects.count(), Answer.objects.count()) == (1, 3)


def test_captcha_and_limit_per_address(desk: Desk, api: APIClient, settings: LazySettings) -> None:
    settings.DESK = replace(settings.DESK, survey_captcha_after=1, survey_responses_per_address=2)
    survey = make_survey(desk.a)
    i = ids(survey)
    answers = {i["q1"]: i["q1o2"], i["q2"]: [i["q2o4"]], i["q3"]: 4}
    assert respond(survey.pk, answers, "10.0.0.9").response.pk
    with pytest.raises(ValidationError) as missing:
        respond(survey.pk, answers, "10.0.0.9")
    assert list(missing.value.message_dict) == ["captcha"]
    key = abuse.captcha_new(abuse.QUESTION)
    answer = CaptchaStore.objects.get(hashkey=key).response
    respond(survey.pk, answers, "10.0.0.9", captcha_key=key, captcha=answer)
    with pytest.raises(ActionRefused) as full:
        respond(survey.pk, answers, "10.0.0.9")
    assert full.value.message == "同一网络地址提交本项已达2份上限，不能再提交。"
    assert Response.objects.count() == 2
    # Another address is not affected.
    respond(survey.pk, answers, "10.0.0.10")
    assert Response.objects.count() == 3
    assert "同一网络地址最多提交2份，同一网络地址提交1份后需填写验证码" in services.rule_statement(
        survey
    )


def test_a_closed_survey_refuses_responses_and_publishes_its_results(
    desk: Desk, api: APIClient
) -> None:
    survey = make_survey(desk.a)
    i = ids(survey)
    respond(survey.pk, {i["q1"]: i["q1o1"], i["q2"]: [i["q2o2"]], i["q3"]: 5}, "10.0.0.1")
    before = api.get(f"/api/v1/surveys/{survey.pk}/results/")
    assert before.status_code == 409
    assert before.json()["detail"] == "本项尚未结束，结果将在2026年11月30日 18:00截止后公布。"
    with time_machine.travel(CLOSES + timedelta(seconds=1), tick=False):
        body = {"answers": {i["q1"]: i["q1o1"], i["q2"]: [i["q2o1"]], i["q3"]: 1}}
        refused = api.post(f"/api/v1/surveys/{survey.pk}/responses/", body, format="json")
        assert refused.status_code == 409
        assert refused.json()["detail"] == "本项已于2026年11月30日 18:00截止，不再接受提交。"
        assert Response.objects.count() == 1
        results = api.get(f"/api/v1/surveys/{survey.pk}/results/").json()
    assert results["responses"] == 1
    assert [o["count"] for o in results["questions"][1]["options"]] == [0, 1, 0, 0]
    assert results["questions"][2]["rating"]["average"] == 5.0


def test_list_and_detail_api(desk: Desk, api: APIClient) -> None:
    survey = make_survey(desk.a)
    hidden = make_survey(desk.a, title="未发布的问卷", published=False)
    listed = api.get("/api/v1/surveys/").json()
    assert [(s["id"], s["state"], s["kind_label"]) for s in listed] == [
        (survey.pk, "open", "网上调查")
    ]
    detail = api.get(f"/api/v1/surveys/{survey.pk}/").json()
    assert detail["response_rule"] == "browser"
    assert [q["kind"] for q in detail["questions"]] == ["single", "multiple", "rating", "text"]
    assert detail["questions"][1]["max_choices"] == 2
    assert api.get("/api/v1/surveys/999999/").status_code == 404
    assert api.get(f"/api/v1/surveys/{hidden.pk}/").status_code == 404


def test_phone_rule_needs_real_sms(desk: Desk, api: APIClient, settings: LazySettings) -> None:
    survey = make_survey(desk.a, response_rule="phone")
    i = ids(survey)
    answers = {i["q1"]: i["q1o1"], i["q2"]: [i["q2o1"]], i["q3"]: 3}
    # No SMS gateway (the logging backend): no pretending, the page says so and nothing is taken.
    assert "本站尚未开通短信服务，暂不能提交" in services.rule_statement(survey)
    page = Client().get(f"/surveys/{survey.pk}/").content.decode()
    assert "本站尚未开通短信服务，暂不能提交" in page
    assert "<form" not in page.split('id="main"')[1]
    refused = api.post(
        f"/api/v1/surveys/{survey.pk}/phone-code/", {"phone": "13900001111"}, format="json"
    )
    assert refused.status_code == 409
    with pytest.raises(ActionRefused):
        respond(survey.pk, answers, "10.0.0.1", phone="13900001111", phone_code="000000")
    assert Response.objects.count() == 0

    settings.DESK_SMS_BACKEND = "tests.surveys.helpers.RecordingSmsBackend"
    RecordingSmsBackend.sent.clear()
    sent = api.post(
        f"/api/v1/surveys/{survey.pk}/phone-code/", {"phone": "139 0000 1111"}, format="json"
    )
    assert sent.status_code == 202
    [(phone, text)] = RecordingSmsBackend.sent
    resent = api.post(
        f"/api/v1/surveys/{survey.pk}/phone-code/", {"phone": "13900001111"}, format="json"
    )
    assert resent.status_code == 409
    assert resent.json()["detail"] == "验证码已发送，请1分钟后再重新获取。"
    assert len(RecordingSmsBackend.sent) == 1
    code = text.split("验证码为")[1][:6]
    with pytest.raises(ValidationError) as wrong:
        respond(survey.pk, answers, "10.0.0.1", phone="13900001111", phone_code="99999x")
    assert wrong.value.message_dict == {"phone_code": ["「短信验证码」：验证码不正确。"]}
    respond(survey.pk, answers, "10.0.0.1", phone="13900001111", phone_code=code)
    stored = Response.objects.get()
    assert (phone, stored.rule, stored.browser_hash) == ("13900001111", "phone", "")
    assert "13900001111" not in stored.phone_hash
    with pytest.raises(ActionRefused) as again:
        respond(survey.pk, answers, "10.0.0.2", phone="+86 139-0000-1111", phone_code=code)
    assert again.value.message == "该手机号已参与过本项，每个手机号限提交一份。"
    assert Response.objects.count() == 1
