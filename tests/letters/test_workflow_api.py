"""Case handling over the staff API: the lifecycle of every kind, refused transitions
that change nothing, department scoping, the protection rule, rating and reopening."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone
from rest_framework.test import APIClient

from letters.models import ExtensionRequest, Letter, LetterEvent, ReplyTemplate
from letters.services import workflow
from tests.factories import LeaderFactory, SolicitationFactory, WebsiteFactory
from tests.world import STAFF_API as STAFF
from tests.world import Desk

pytestmark = pytest.mark.django_db


def submit(api: APIClient, **extra: Any) -> Letter:
    payload = {
        "kind": "consultation",
        "title": "小区二次供水水压不足",
        "body": "我家住在幸福小区5栋12楼，最近一个月早晚用水高峰水压很低，请问由哪个部门负责？",
        "name": "孙丽",
        "phone": "13700004444",
        "email": "sunli@example.com",
        "consent_public": True,
        **extra,
    }
    response = api.post("/api/v1/letters/", payload, format="json")
    assert response.status_code == 201, response.json()
    return Letter.objects.get(tracking_number=response.json()["tracking_number"])


def reply_and_approve(
    desk: Desk, letter: Letter, dept: str = "a", replied: str = "replied"
) -> None:
    assert desk.act(f"handler_{dept}", letter, "sign").status_code == 200
    assert (
        desk.act(f"handler_{dept}", letter, "draft-reply", text="经核实，已安排维修。").status_code
        == 200
    )
    assert desk.act(f"handler_{dept}", letter, "submit-review").status_code == 200
    assert (
        desk.act(f"reviewer_{dept}", letter, "review", approve=True).json()["status"]
        == "under_review"
    )
    assert desk.act("publisher", letter, "review", approve=True).json()["status"] == replied


def test_full_lifecycle_of_a_consultation(
    desk: Desk, api: APIClient, django_capture_on_commit_callbacks: Any
) -> None:
    ReplyTemplate.objects.create(
        name="通用答复",
        text="{name}：您好！您于{received_date}反映的“{title}”问题收悉。经核实，已处理。",
    )
    with django_capture_on_commit_callbacks(execute=True):
        letter = submit(api)
    codes = {"tracking_number": letter.tracking_number, "query_code": letter.query_code}

    with django_capture_on_commit_callbacks(execute=True):
        assert desk.act("dispatcher", letter, "accept").json()["status"] == "accepted"
        assert (
            desk.act("dispatcher", letter, "dispatch", department=desk.a.pk).json()["status"]
            == "dispatched"
        )
        assert desk.act("handler_a", letter, "sign").json()["status"] == "in_progress"
        templates = desk.api("handler_a").get(f"{STAFF}{letter.pk}/reply-templates/").json()
        assert templates[0]["text"].startswith("孙先生/女士：您好！")
        assert (
            desk.act("handler_a", letter, "draft-reply", template=templates[0]["id"]).status_code
            == 200
        )
        assert desk.act("handler_a", letter, "submit-review").json()["status"] == "under_review"
        assert (
            desk.act("reviewer_a", letter, "review", approve=True).json()["status"]
            == "under_review"
        )
        assert desk.act("publisher", letter, "review", approve=True).json()["status"] == "replied"
        assert (
            desk.act("publisher", letter, "publish", public_text="您好！已安排维修。").json()[
                "status"
            ]
            == "published"
        )
        rated = api.post("/api/v1/letters/rate/", {**codes, "rating": "satisfied"}, format="json")

    assert rated.status_code == 200
    assert rated.json()["status"] == "closed"
    letter.refresh_from_db()
    assert (letter.rating, letter.reply_department, letter.public_text) == (
        "satisfied",
        desk.a,
        "您好！已安排维修。",
    )
    assert letter.reply_text.startswith("孙先生/女士：您好！")
    actions = list(letter.events.values_list("action", "to_status"))
    assert actions == [
        ("submit", "submitted"),
        ("clock_start", ""),
        ("accept", "accepted"),
        ("dispatch", "dispatched"),
        ("sign", "in_progress"),
        ("draft_reply", ""),
        ("submit_review", "under_review"),
        ("review", ""),
        ("review", "replied"),
        ("publish", "published"),
        ("rate", "closed"),
    ]
    subjects = sorted(m.subject for m in mail.outbox)
    assert subjects == ["您的来信已受理", "您的来信已收到", "您的来信已答复"]


@pytest.mark.parametrize(
    "kind",
    [
        "leader_mail",
        "consultation",
        "complaint",
        "suggestion",
        "help",
        "report",
        "site_error",
        "opinion",
    ],
)
def test_every_kind_goes_through_the_lifecycle(desk: Desk, api: APIClient, kind: str) -> None:
    extra: dict[str, Any] = {"kind": kind}
    if kind == "leader_mail":
        extra["leader"] = LeaderFactory(office=desk.office).pk
    elif kind == "site_error":
        WebsiteFactory(owner=desk.a)
        extra |= {"url": "https://www.ceshi.gov.cn/a.html", "error_type": "broken_link"}
    elif kind == "opinion":
        extra["solicitation"] = SolicitationFactory(owner=desk.a).pk
    letter = submit(api, **extra)

    desk.act("dispatcher", letter, "dispatch", department=desk.a.pk)
    if kind == "site_error":  # the site office reviews a 找错 reply, then it is public
        reply_and_approve(desk, letter, replied="office_review")
        passed = desk.act("publisher", letter, "office-review", approve=True)
        assert passed.json()["status"] == "published"
    else:
        reply_and_approve(desk, letter)
    response = api.post(
        "/api/v1/letters/rate/",
        {
            "tracking_number": letter.tracking_number,
            "query_code": letter.query_code,
            "rating": "basically_satisfied",
        },
        format="json",
    )

    assert response.json()["status"] == "closed"
    letter.refresh_from_db()
    assert (letter.status, letter.rating, letter.reply_department_id) == (
        "closed",
        "basically_satisfied",
        desk.a.pk,
    )


def snapshot(letter: Letter) -> tuple[Any, ...]:
    letter.refresh_from_db()
    return (
        letter.status,
        letter.department_id,
        letter.review_level,
        letter.reply_text,
        letter.deadline_at,
        LetterEvent.objects.filter(letter=letter).count(),
        ExtensionRequest.objects.count(),
    )


@pytest.mark.parametrize(
    ("user", "action", "data", "status"),
    [
        ("handler_b", "sign", {}, 404),  # another department's letter
        ("reviewer_a", "sign", {}, 403),  # wrong role
        ("handler_a", "accept", {}, 403),
        ("reviewer_a", "review", {"approve": True}, 409),  # wrong state
        ("handler_a", "return", {"reason": ""}, 400),
        ("dispatcher", "dispatch", {"department": 999999}, 400),
        ("handler_a", "publish", {"public_text": "x"}, 403),
        ("dispatcher", "accept", {}, 409),  # already dispatched
        ("admin", "sign", {}, 403),
        ("auditor", "sign", {}, 403),
    ],
)
def test_refused_actions_change_nothing(
    desk: Desk, api: APIClient, user: str, action: str, data: dict[str, Any], status: int
) -> None:
    letter = submit(api)
    desk.act("dispatcher", letter, "dispatch", department=desk.a.pk)
    before = snapshot(letter)

    response = desk.act(user, letter, action, **data)

    assert response.status_code == status, response.json()
    assert response.json()["detail"]
    assert snapshot(letter) == before


def test_review_levels_check_role_and_department(desk: Desk, api: APIClient) -> None:
    letter = submit(api)
    desk.act("dispatcher", letter, "dispatch", department=desk.a.pk)
    desk.act("handler_a", letter, "sign")
    desk.act("handler_a", letter, "draft-reply", text="答复草稿")
    desk.act("handler_a", letter, "submit-review")
    before = snapshot(letter)

    by_publisher_first = desk.act("publisher", letter, "review", approve=True)

    assert by_publisher_first.status_code == 403
    assert by_publisher_first.json()["detail"] == "当前为第1级审核，需由审核人办理。"
    assert snapshot(letter) == before
    sent_back = desk.act("reviewer_a", letter, "review", approve=False, reason="请补充法规依据")
    assert sent_back.json()["status"] == "in_progress"
    assert letter.events.filter(action="review").get().note == "请补充法规依据"


def test_publishing_without_consent_is_refused(desk: Desk, api: APIClient) -> None:
    letter = submit(api, consent_public=False)
    desk.act("dispatcher", letter, "dispatch", department=desk.a.pk)
    reply_and_approve(desk, letter)
    before = snapshot(letter)

    response = desk.act("publisher", letter, "publish", public_text="公开文本")

    assert response.status_code == 409
    assert response.json()["detail"] == "来信人未同意公开，不能公开此来信。"
    assert snapshot(letter) == before
    assert letter.published_at is None


def test_return_goes_back_to_the_dispatcher_unless_designated(desk: Desk, api: APIClient) -> None:
    letter = submit(api)
    desk.act("dispatcher", letter, "dispatch", department=desk.a.pk)

    returned = desk.act("handler_a", letter, "return", reason="不属于本单位职责")
    redispatched = desk.act("supervisor", letter, "dispatch", department=desk.a.pk)
    before = snapshot(letter)
    refused = desk.act("handler_a", letter, "return", reason="仍不属于本单位职责")

    assert returned.json()["status"] == "returned"
    assert redispatched.json()["status"] == "dispatched"
    assert refused.status_code == 409
    assert refused.json()["detail"] == "该来信由督办指定承办，不能再次退回。"
    assert snapshot(letter) == before


def test_transfer_moves_the_letter_to_another_department(desk: Desk, api: APIClient) -> None:
    letter = submit(api)
    desk.act("dispatcher", letter, "dispatch", department=desk.a.pk)

    response = desk.act("dispatcher", letter, "transfer", department=desk.b.pk, reason="属环保职责")

    assert response.json()["status"] == "dispatched"
    assert desk.act("handler_a", letter, "sign").status_code == 404
    assert desk.act("handler_b", letter, "sign").json()["status"] == "in_progress"


def test_co_handling_assisting_department_sees_and_gives_an_opinion(
    desk: Desk, api: APIClient
) -> None:
    letter = submit(api)
    desk.act("dispatcher", letter, "dispatch", department=desk.a.pk, assisting=[desk.b.pk])

    opinion = desk.act("handler_b", letter, "co-opinion", text="建议结合噪声监测数据答复")
    not_lead = desk.act("handler_b", letter, "sign")

    assert opinion.status_code == 200
    assert not_lead.status_code == 403
    assert letter.events.get(action="co_opinion").note == "建议结合噪声监测数据答复"


def test_pause_and_extension_move_the_deadline(
    desk: Desk, api: APIClient, django_capture_on_commit_callbacks: Any
) -> None:
    letter = submit(api)
    desk.act("dispatcher", letter, "dispatch", department=desk.a.pk)
    desk.act("handler_a", letter, "sign")
    base = Letter.objects.get(pk=letter.pk).deadline_derivation["total_working_days"]

    assert (
        desk.act("handler_a", letter, "pause", reason="请提供房屋产权证明").json()["status"]
        == "paused"
    )
    assert desk.act("handler_a", letter, "resume").json()["status"] == "in_progress"
    asked = desk.act("handler_a", letter, "request-extension", working_days=5, reason="需现场勘查")
    again = desk.act("handler_a", letter, "request-extension", working_days=2, reason="再延")
    extension = ExtensionRequest.objects.get()
    denied_without_note = desk.api("supervisor").post(
        f"/api/v1/staff/extensions/{extension.pk}/decide/", {"approve": False}, format="json"
    )
    with django_capture_on_commit_callbacks(execute=True):
        approved = desk.api("supervisor").post(
            f"/api/v1/staff/extensions/{extension.pk}/decide/", {"approve": True}, format="json"
        )

    assert asked.status_code == 200
    assert (again.status_code, again.json()["detail"]) == (409, "已有待审批的延期申请。")
    assert denied_without_note.status_code == 400
    assert approved.status_code == 200
    letter.refresh_from_db()
    assert letter.deadline_derivation["total_working_days"] == base + 5
    assert letter.extensions.get().status == "approved"
    assert [m.subject for m in mail.outbox] == ["您的来信办理期限已延长"]


def test_reopen_once_after_unsatisfied_then_close(desk: Desk, api: APIClient) -> None:
    letter = submit(api)
    codes = {"tracking_number": letter.tracking_number, "query_code": letter.query_code}
    desk.act("dispatcher", letter, "dispatch", department=desk.a.pk)
    reply_and_approve(desk, letter)

    first = api.post(
        "/api/v1/letters/rate/",
        {**codes, "rating": "unsatisfied", "comment": "没解决"},
        format="json",
    )
    letter.refresh_from_db()
    assert (first.json()["status"], letter.reopen_count, letter.department_id) == (
        "in_progress",
        1,
        desk.a.pk,
    )
    assert letter.deadline_derivation["start"] == timezone.localdate().isoformat()

    desk.act("handler_a", letter, "draft-reply", text="再次核实后已彻底修复。")
    desk.act("handler_a", letter, "submit-review")
    desk.act("reviewer_a", letter, "review", approve=True)
    desk.act("publisher", letter, "review", approve=True)
    second = api.post(
        "/api/v1/letters/rate/",
        {**codes, "rating": "unsatisfied", "comment": "仍未彻底解决"},
        format="json",
    )

    letter.refresh_from_db()
    assert (second.json()["status"], letter.reopen_count, letter.rating) == (
        "closed",
        1,
        "unsatisfied",
    )


def test_unsatisfied_needs_its_reason_and_a_refusal_changes_nothing(
    desk: Desk, api: APIClient
) -> None:
    letter = submit(api)
    codes = {"tracking_number": letter.tracking_number, "query_code": letter.query_code}
    desk.act("dispatcher", letter, "dispatch", department=desk.a.pk)
    reply_and_approve(desk, letter)
    events = LetterEvent.objects.filter(letter=letter).count()
    for comment in ("", "   "):
        response = api.post(
            "/api/v1/letters/rate/",
            {**codes, "rating": "unsatisfied", "comment": comment},
            format="json",
        )
        assert response.status_code == 400
        assert response.json()["errors"] == {
            "comment": ["「评价意见」：选择“不满意”时，请写明不满意的原因，以便重新办理。"]
        }
    letter.refresh_from_db()
    assert (letter.status, letter.rating, letter.reopen_count) == ("replied", "", 0)
    assert LetterEvent.objects.filter(letter=letter).count() == events


def test_rating_twice_or_before_reply_is_refused(desk: Desk, api: APIClient) -> None:
    letter = submit(api)
    codes = {"tracking_number": letter.tracking_number, "query_code": letter.query_code}

    early = api.post("/api/v1/letters/rate/", {**codes, "rating": "satisfied"}, format="json")
    wrong_code = api.post(
        "/api/v1/letters/rate/",
        {**codes, "query_code": "ZZZZZZZZ", "rating": "satisfied"},
        format="json",
    )

    assert (early.status_code, early.json()["detail"]) == (409, "该来信当前不能评价。")
    assert wrong_code.status_code == 404


def test_unrated_letters_count_as_satisfied_after_the_window(desk: Desk, api: APIClient) -> None:
    letter = submit(api)
    desk.act("dispatcher", letter, "dispatch", department=desk.a.pk)
    reply_and_approve(desk, letter)
    letter.refresh_from_db()
    assert letter.replied_at is not None

    assert workflow.close_unrated(letter.replied_at + timedelta(days=1)) == 0
    assert workflow.close_unrated(letter.replied_at + timedelta(days=60)) == 1

    letter.refresh_from_db()
    assert (letter.status, letter.rating, letter.rating_implicit) == ("closed", "satisfied", True)


def test_protected_copy_hides_the_writer_from_the_named_unit(desk: Desk, api: APIClient) -> None:
    letter = submit(
        api,
        kind="complaint",
        title="举报生态环境局工作人员推诿",
        body="我是孙丽，电话13700004444，多次反映排污问题，生态环境局工作人员一直推诿。",
        id_number="11010519491231002X",
        address="测试市幸福路18号3栋",
    )
    desk.act("dispatcher", letter, "dispatch", department=desk.a.pk, named_unit=desk.b.pk)

    seen_by_b = desk.api("handler_b").get(f"{STAFF}{letter.pk}/")
    seen_by_a = desk.api("handler_a").get(f"{STAFF}{letter.pk}/")

    assert seen_by_b.status_code == 200
    body_b = seen_by_b.json()
    assert body_b["protected_copy"] is True
    assert set(body_b["writer"].values()) == {"（已隐去）"}
    for secret in ("孙丽", "13700004444", "11010519491231002X", "幸福路18号"):
        assert secret not in seen_by_b.content.decode()
    assert seen_by_a.json()["writer"]["name"] == "孙丽"
    assert seen_by_a.json()["writer"]["phone"] == "137****4444"
    assert "11010519491231002X" not in seen_by_a.content.decode()


def test_named_unit_only_for_complaints_and_reports(desk: Desk, api: APIClient) -> None:
    letter = submit(api)

    response = desk.act(
        "dispatcher", letter, "dispatch", department=desk.a.pk, named_unit=desk.b.pk
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "named_unit": ["「被反映单位」：只有投诉、举报类来信需要填写被反映单位。"]
    }
    assert Letter.objects.get(pk=letter.pk).status == "submitted"


def test_inbox_counts_per_role(desk: Desk, api: APIClient) -> None:
    first, second, third = (
        submit(api),
        submit(api, title="第二封来信的标题"),
        submit(api, title="第三封来信的标题"),
    )
    desk.act("dispatcher", first, "dispatch", department=desk.a.pk)
    desk.act("dispatcher", second, "dispatch", department=desk.a.pk)
    desk.act("handler_a", second, "sign")
    desk.act("handler_a", second, "draft-reply", text="草稿")
    desk.act("handler_a", second, "submit-review")

    handler = desk.api("handler_a").get("/api/v1/staff/inbox/counts/").json()
    reviewer = desk.api("reviewer_a").get("/api/v1/staff/inbox/counts/").json()
    dispatcher = desk.api("dispatcher").get("/api/v1/staff/inbox/counts/").json()

    assert (handler["to_sign"], handler["in_progress"], handler["to_review"]) == (1, 0, 0)
    assert reviewer["to_review"] == 1
    assert dispatcher["to_dispatch"] == 1
    assert third.status == "submitted"


def test_staff_search_is_scoped_to_the_department(desk: Desk, api: APIClient) -> None:
    mine, theirs = submit(api, title="住建局的供水问题"), submit(api, title="环保局的噪声问题")
    desk.act("dispatcher", mine, "dispatch", department=desk.a.pk)
    desk.act("dispatcher", theirs, "dispatch", department=desk.b.pk)

    found = desk.api("handler_a").get(STAFF, {"q": "问题"}).json()
    by_number = desk.api("handler_a").get(STAFF, {"q": theirs.tracking_number}).json()

    assert [row["tracking_number"] for row in found["results"]] == [mine.tracking_number]
    assert by_number["count"] == 0
    assert found["results"][0]["writer"]["phone"] == "137****4444"


def test_list_query_count_does_not_grow_with_rows(desk: Desk, api: APIClient) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for i in range(3):
        desk.act(
            "dispatcher", submit(api, title=f"来信标题{i:02d}号"), "dispatch", department=desk.a.pk
        )
    client = desk.api("handler_a")
    with CaptureQueriesContext(connection) as few:
        assert client.get(STAFF).json()["count"] == 3
    for i in range(12):
        desk.act(
            "dispatcher", submit(api, title=f"更多来信{i:02d}号"), "dispatch", department=desk.a.pk
        )
    with CaptureQueriesContext(connection) as many:
        assert client.get(STAFF).json()["count"] == 15

    assert len(few.captured_queries) == len(many.captured_queries) <= 8


def test_merge_a_duplicate_into_another_letter(desk: Desk, api: APIClient) -> None:
    original, duplicate = submit(api), submit(api, title="重复反映供水问题")

    response = desk.act("dispatcher", duplicate, "merge", into=original.tracking_number)

    assert response.json()["status"] == "merged"
    duplicate.refresh_from_db()
    assert duplicate.merged_into == original


def test_unauthenticated_staff_api_is_refused(api: APIClient) -> None:
    assert api.get(STAFF).status_code in (401, 403)


def test_rating_window_closes(desk: Desk, api: APIClient) -> None:
    letter = submit(api)
    desk.act("dispatcher", letter, "dispatch", department=desk.a.pk)
    reply_and_approve(desk, letter)
    Letter.objects.filter(pk=letter.pk).update(replied_at=datetime(2026, 1, 5, tzinfo=UTC))

    response = api.post(
        "/api/v1/letters/rate/",
        {
            "tracking_number": letter.tracking_number,
            "query_code": letter.query_code,
            "rating": "unsatisfied",
        },
        format="json",
    )

    assert (response.status_code, response.json()["detail"]) == (409, "评价期已过。")
    assert Letter.objects.get(pk=letter.pk).status == "replied"


def test_lookup_shows_the_reply_once_replied(desk: Desk, api: APIClient) -> None:
    letter = submit(api)
    codes = {"tracking_number": letter.tracking_number, "query_code": letter.query_code}
    before = api.post("/api/v1/letters/lookup/", codes, format="json").json()
    desk.act("dispatcher", letter, "dispatch", department=desk.a.pk)
    reply_and_approve(desk, letter)

    after = api.post("/api/v1/letters/lookup/", codes, format="json").json()

    assert before["reply"] is None
    assert (after["reply"]["text"], after["reply"]["department"]) == (
        "经核实，已安排维修。",
        "测试市住房和城乡建设局",
    )
    assert after["status_display"] == "已答复"
    assert "handler_a" not in str(after)
    assert "reviewer_a" not in str(after)
