"""The interview API: the public plan and page, question intake (201 with a query code,
400 naming the field with nothing stored, the letters' throttles and captcha), staff
moderation and posting (404 outside one's interviews, 403 without the role, 409 in the
wrong state) — and no personal data of an asker in any public answer."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from interviews.models import InterviewPost, InterviewQuestion
from letters.models import Letter
from tests.interviews.world import QUESTION_TEXT, InterviewWorld, build_interview_world
from tests.world import Desk

pytestmark = pytest.mark.django_db
MASKED = "我是赵先生/女士，电话139****1234。老旧小区加装电梯的补贴标准是多少，怎么申请？"


def ask(world: InterviewWorld, **fields: Any) -> Any:
    data = {"name": "赵敏", "phone": "13900001234", "text": QUESTION_TEXT, **fields}
    return APIClient().post(
        f"/api/v1/interviews/{world.interview.pk}/questions/", data, format="json"
    )


def test_the_public_list_and_detail(world: InterviewWorld) -> None:
    listing = APIClient().get("/api/v1/interviews/")
    detail = APIClient().get(f"/api/v1/interviews/{world.interview.pk}/")

    assert listing.status_code == 200
    assert listing.json()["count"] == 1
    assert listing.json()["results"][0] == {
        "id": world.interview.pk,
        "title": "聚焦老旧小区改造",
        "topic": "市住房和城乡建设局负责人解读老旧小区改造和加装电梯政策，回答网友关心的问题。",
        "guest": "市住房和城乡建设局局长 裴建新",
        "guest_department": "测试市住房和城乡建设局",
        "host_name": "林晓",
        "starts_at": "2026-11-25T15:00:00+08:00",
        "ends_at": "2026-11-25T16:30:00+08:00",
        "status": "planned",
        "status_display": "预告",
        "accepts_questions": True,
    }
    assert detail.status_code == 200
    assert detail.json()["posts"] == []
    assert detail.json()["questions_waiting"] == []


def test_an_unpublished_interview_is_not_found(desk: Desk) -> None:
    hidden = build_interview_world(desk, published=False)

    assert APIClient().get("/api/v1/interviews/").json()["count"] == 0
    assert APIClient().get(f"/api/v1/interviews/{hidden.interview.pk}/").status_code == 404
    assert ask(hidden).status_code == 404
    assert InterviewQuestion.objects.count() == 0


def test_asking_returns_201_with_a_number_and_query_code(world: InterviewWorld) -> None:
    response = ask(world)

    assert response.status_code == 201
    question = InterviewQuestion.objects.get()
    assert response.json() == {
        "number": question.number,
        "query_code": question.query_code,
        "status": "pending",
        "status_display": "待审核",
        "interview": world.interview.pk,
    }
    assert (question.name, question.phone, question.text) == ("赵敏", "13900001234", QUESTION_TEXT)


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        ({"text": "太短"}, {"text": ["「问题」：请确保这个字段至少包含 10 个字符。"]}),
        (
            {"phone": "12345"},
            {
                "phone": [
                    "「联系电话」：格式不正确，请填写11位手机号码或带区号的固定电话（如0999-1234567）。"
                ]
            },
        ),
        ({"name": "  "}, {"name": ["「姓名」：该字段不能为空。"]}),
        (
            {"text": "问" * 1001},
            {"text": ["「问题」：不能超过1000个字，现有1001个字，请删减后再提交。"]},
        ),
    ],
)
def test_bad_input_is_400_naming_the_field_and_stores_nothing(
    world: InterviewWorld, fields: dict[str, str], errors: dict[str, list[str]]
) -> None:
    response = ask(world, **fields)

    assert response.status_code == 400
    assert response.json() == {"detail": "提交的内容有误，请按提示修改后重试。", "errors": errors}
    assert InterviewQuestion.objects.count() == 0


def test_a_finished_interview_takes_no_questions(world: InterviewWorld) -> None:
    world.start()
    world.finish()

    response = ask(world)

    assert response.status_code == 409
    assert response.json()["detail"] == "该访谈已结束，不再征集问题。"
    assert InterviewQuestion.objects.count() == 0


def test_asking_draws_on_the_letters_submit_budget_and_captcha(
    world: InterviewWorld, settings: Any
) -> None:
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "submit": "2/hour",
        },
    }
    cache.clear()

    codes = [ask(world).status_code for _ in range(3)]

    assert codes == [201, 201, 429]
    assert InterviewQuestion.objects.count() == 2


def test_a_captcha_is_required_after_repeated_submissions(
    world: InterviewWorld, settings: Any
) -> None:
    from dataclasses import replace

    settings.DESK = replace(settings.DESK, captcha_after_submissions=1)

    first, second = ask(world), ask(world)

    assert first.status_code == 201
    assert second.status_code == 400
    assert list(second.json()["errors"]) == ["captcha"]
    assert InterviewQuestion.objects.count() == 1


def test_staff_outside_the_interview_find_nothing(world: InterviewWorld) -> None:
    question = world.ask()
    outsider = world.api(world.outsider)
    routes = [
        ("get", world.staff_url),
        ("post", f"{world.staff_url}start/"),
        ("post", f"{world.staff_url}finish/"),
        ("post", f"{world.staff_url}posts/"),
        ("post", f"{world.staff_url}questions/{question.pk}/accept/"),
        ("post", f"{world.staff_url}questions/{question.pk}/merge/"),
        ("post", f"{world.staff_url}questions/{question.pk}/decline/"),
        ("post", f"{world.staff_url}questions/{question.pk}/to-letter/"),
    ]

    statuses = [
        getattr(outsider, method)(url, {}, format="json").status_code for method, url in routes
    ]
    anonymous = [
        getattr(APIClient(), method)(url, {}, format="json").status_code for method, url in routes
    ]

    assert statuses == [404] * len(routes)
    assert anonymous == [403] * len(routes)
    assert outsider.get("/api/v1/staff/interviews/").json()["count"] == 0
    assert InterviewQuestion.objects.get().status == "pending"


def test_moderation_through_the_staff_api(world: InterviewWorld) -> None:
    question = world.ask()
    moderator, host = world.api(world.moderator), world.api(world.host)

    refused = host.post(f"{world.staff_url}questions/{question.pk}/accept/", {}, format="json")
    seen = moderator.get(world.staff_url).json()["questions"][0]
    accepted = moderator.post(
        f"{world.staff_url}questions/{question.pk}/accept/", {}, format="json"
    )
    again = moderator.post(
        f"{world.staff_url}questions/{question.pk}/decline/", {"reason": "重复"}, format="json"
    )
    no_reason = moderator.post(
        f"{world.staff_url}questions/{question.pk}/decline/", {}, format="json"
    )

    assert refused.status_code == 403
    assert (seen["name"], seen["phone"], seen["proposal"]) == ("赵*", "139****1234", MASKED)
    assert accepted.status_code == 200
    assert (accepted.json()["status"], accepted.json()["public_text"]) == ("accepted", MASKED)
    assert again.status_code == 409
    assert no_reason.status_code == 400
    assert list(no_reason.json()["errors"]) == ["reason"]
    assert InterviewQuestion.objects.get().status == "accepted"


def test_posting_through_the_staff_api(world: InterviewWorld) -> None:
    question = world.accepted()
    host, typist = world.api(world.host), world.api(world.typist)
    assert host.post(f"{world.staff_url}start/", {}, format="json").status_code == 200

    bad = typist.post(f"{world.staff_url}posts/", {"speaker": "guest", "text": ""}, format="json")
    with_phone = typist.post(
        f"{world.staff_url}posts/",
        {"speaker": "guest", "text": "请拨打13700001111联系我们"},
        format="json",
    )
    answer = typist.post(
        f"{world.staff_url}posts/",
        {"speaker": "guest", "text": "每台补贴20万元。", "question": question.pk},
        format="json",
    )

    assert bad.status_code == 400
    assert list(bad.json()["errors"]) == ["text"]
    assert with_phone.status_code == 409
    assert with_phone.json()["hits"][0]["field_label"] == "发言内容"
    assert answer.status_code == 201
    assert {k: answer.json()[k] for k in ("speaker_name", "text", "question", "live")} == {
        "speaker_name": "市住房和城乡建设局局长 裴建新",
        "text": "每台补贴20万元。",
        "question": question.pk,
        "live": True,
    }
    assert InterviewPost.objects.count() == 1


def test_to_letter_through_the_staff_api(world: InterviewWorld) -> None:
    question = world.accepted()
    world.start()
    world.finish()

    response = world.api(world.moderator).post(
        f"{world.staff_url}questions/{question.pk}/to-letter/", {}, format="json"
    )

    letter = Letter.objects.get()
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["letter"]) == (
        "forwarded",
        letter.tracking_number,
    )


def test_no_personal_data_of_an_asker_is_ever_public(world: InterviewWorld) -> None:
    accepted = world.accepted()
    world.ask("另一个问题，我叫钱多多，电话13655556666，想问补贴的事情。")
    world.start()
    world.api(world.guest).post(
        f"{world.staff_url}posts/",
        {"speaker": "guest", "text": "补贴已经发放。", "question": accepted.pk},
        format="json",
    )
    world.finish()
    client = APIClient()

    outputs = [
        client.get("/api/v1/interviews/").content.decode(),
        client.get(f"/api/v1/interviews/{world.interview.pk}/").content.decode(),
        client.get("/api/v1/interviews/?q=补贴").content.decode(),
        client.get("/interviews/").content.decode(),
        client.get(f"/interviews/{world.interview.pk}/").content.decode(),
        client.get(f"/interviews/{world.interview.pk}/stream/").content.decode(),
    ]

    for output in outputs:
        for secret in ("赵敏", "13900001234", "钱多多", "13655556666"):
            assert secret not in output
    assert MASKED in outputs[1]


def test_search_over_title_and_transcript(world: InterviewWorld) -> None:
    world.start()
    world.api(world.host).post(
        f"{world.staff_url}posts/",
        {"speaker": "host", "text": "今天也谈谈物业服务。"},
        format="json",
    )
    world.finish()

    def found(q: str) -> int:
        return int(APIClient().get("/api/v1/interviews/", {"q": q}).json()["count"])

    assert (found("老旧小区"), found("物业服务"), found("医保")) == (1, 1, 0)
    bad = APIClient().get("/api/v1/interviews/", {"status": "nope"})
    assert bad.status_code == 400
    assert list(bad.json()["errors"]) == ["status"]


def test_staff_see_the_question_masked(world: InterviewWorld) -> None:
    world.ask()

    body = world.api(world.moderator).get(world.staff_url).content.decode()

    assert "赵敏" not in body
    assert "13900001234" not in body
    assert MASKED in body
