"""找错: the site office reviews the reply before it is published, on its own clock
(山西 第二十五条), and a 找错 is public without the writer's consent unless found untrue
or confidential (德阳 第三十三条 / 山西 第二十五条); every other kind needs consent."""

from __future__ import annotations

from datetime import datetime, timedelta
from io import StringIO
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from core.models import AuditRecord
from frontend.workspace_views import _offered_actions
from knowledge_base.services import curator_queue
from letters.models import Letter, LetterEvent, PublicationPolicy
from letters.services import workflow
from tests.factories import edit_policy
from tests.world import Desk

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
PHONE = "13700004444"
SITE_ERROR: dict[str, Any] = {
    "kind": "site_error",
    "title": "办事指南页面申请表下载链接失效",
    "body": f"我是孙丽，电话{PHONE}。市政务服务网“公积金提取”办事指南的申请表下载链接打不开。",
    "url": "https://zwfw.ceshi.gov.cn/bszn/gjj.html",
    "error_type": "broken_link",
    "consent_public": False,
}
REPLY = f"孙女士：您好！经核查，该链接因栏目改版失效，已于当日修复。已按{PHONE}回访。"
UNTRUE = "经核查，该页面链接可以正常打开，所反映情况不属实。"
SEND_BACK = "答复未说明修复时间和排查范围，请补充后重新提交。"
# TEST_NOW is Friday 2026-11-20: two working days after it end on Tuesday the 24th.
REVIEW_DUE = datetime(2026, 11, 24, 23, 59, 59, tzinfo=SHANGHAI)


def in_office_review(desk: Desk, **fields: Any) -> Letter:
    """A 找错 replied by department a and approved at both review levels."""
    letter = desk.reply(desk.submit(**{**SITE_ERROR, **fields}), REPLY)
    assert letter.status == "office_review"
    return letter


def snapshot(letter: Letter) -> tuple[Any, ...]:
    letter.refresh_from_db()
    return (
        letter.status,
        letter.department_id,
        letter.review_level,
        letter.reply_text,
        letter.replied_at,
        letter.deadline_at,
        letter.review_deadline_at,
        letter.published_at,
        letter.public_text,
        letter.publication_finding,
        letter.publication_finding_reason,
        LetterEvent.objects.filter(letter=letter).count(),
        AuditRecord.objects.count(),
    )


def public_outputs(client: Client, api: APIClient, letter: Letter) -> dict[str, Any]:
    number = letter.tracking_number
    return {
        "replies": number in client.get("/replies/").content.decode(),
        "page": client.get(f"/replies/{number}/").status_code,
        "api": [
            row["tracking_number"] for row in api.get("/api/v1/public/letters/").json()["results"]
        ],
        "api_detail": api.get(f"/api/v1/public/letters/{number}/").status_code,
        "feed": number in api.get("/feeds/replies.atom").content.decode(),
    }


# --- the way through: reply → department review → office review → public ----------------


def test_a_site_error_goes_through_the_office_review_and_is_public_without_consent(
    desk: Desk, client: Client, api: APIClient
) -> None:
    letter = in_office_review(desk)

    # Replied (the writer has the answer, the reply clock stopped), waiting for the office.
    assert letter.replied_at is not None
    assert letter.reply_department_id == desk.a.pk
    assert letter.published_at is None
    assert letter.review_deadline_at == REVIEW_DUE
    assert letter.review_derivation["policy"]["source"] == (
        "山西省政府网站管理办法 第二十五条（三）：答复经政府网站主管单位审核后公开。"
    )
    assert letter.review_derivation["start"] == "2026-11-20"
    actions = list(letter.events.values_list("action", "to_status", "public"))
    assert actions[-2:] == [("review", "office_review", True), ("review_clock_start", "", False)]
    counts = desk.api("publisher").get("/api/v1/staff/inbox/counts/").json()
    assert counts["to_office_review"] == 1
    assert desk.api("handler_a").get("/api/v1/staff/inbox/counts/").json()["to_office_review"] == 0

    response = desk.act("publisher", letter, "office-review", approve=True)

    assert response.status_code == 200
    assert response.json()["status"] == "published"
    letter.refresh_from_db()
    assert (letter.status, letter.consent_public) == ("published", False)
    assert letter.public_title == SITE_ERROR["title"]
    assert (
        letter.public_text
        == "孙女士：您好！经核查，该链接因栏目改版失效，已于当日修复。已按137****4444回访。"
    )
    assert PHONE not in letter.public_body
    assert "孙丽" not in letter.public_body
    last = letter.events.last()
    assert last is not None
    assert (last.action, last.to_status, last.public, last.public_note) == (
        "office_review",
        "published",
        True,
        "答复已经审核并在网站公开（个人信息已隐去）。",
    )
    outputs = public_outputs(client, api, letter)
    assert outputs == {
        "replies": True,
        "page": 200,
        "api": [letter.tracking_number],
        "api_detail": 200,
        "feed": True,
    }
    detail = api.get(f"/api/v1/public/letters/{letter.tracking_number}/").json()
    assert detail["reply"] == letter.public_text
    for text in (
        client.get(f"/replies/{letter.tracking_number}/").content.decode(),
        str(detail),
        api.get("/feeds/replies.atom").content.decode(),
    ):
        assert PHONE not in text
        assert "孙丽" not in text


def test_the_office_review_publishes_texts_it_is_given_only_through_the_gate(
    desk: Desk, client: Client, api: APIClient
) -> None:
    letter = in_office_review(desk)
    before = snapshot(letter)

    refused = desk.act(
        "publisher", letter, "office-review", approve=True, public_text=f"已回访{PHONE}。"
    )

    assert refused.status_code == 409
    assert snapshot(letter) == before
    assert public_outputs(client, api, letter)["api"] == []

    passed = desk.act(
        "publisher", letter, "office-review", approve=True, public_text="链接已修复，感谢监督。"
    )
    assert passed.json()["status"] == "published"
    letter.refresh_from_db()
    assert letter.public_text == "链接已修复，感谢监督。"


# --- 不属实 / 涉密 -------------------------------------------------------------------------


def test_an_untrue_site_error_stays_private(desk: Desk, client: Client, api: APIClient) -> None:
    letter = in_office_review(desk)

    found = desk.act("publisher", letter, "record-finding", finding="untrue", reason=UNTRUE)
    assert (found.status_code, found.json()["status"]) == (200, "office_review")
    passed = desk.act("publisher", letter, "office-review", approve=True)

    assert passed.json()["status"] == "replied"
    letter.refresh_from_db()
    assert (letter.publication_finding, letter.publication_finding_reason) == ("untrue", UNTRUE)
    assert (letter.published_at, letter.public_text) == (None, "")
    events = list(letter.events.values_list("action", "note", "public"))
    assert events[-2:] == [
        ("record_finding", f"认定不属实：{UNTRUE}", False),
        ("office_review", f"审核通过，不予公开（已认定不属实：{UNTRUE}）。", False),
    ]
    assert public_outputs(client, api, letter) == {
        "replies": False,
        "page": 404,
        "api": [],
        "api_detail": 404,
        "feed": False,
    }
    before = snapshot(letter)
    publish = desk.act("publisher", letter, "publish", public_text="链接已修复。")
    assert publish.status_code == 409
    assert publish.json()["detail"] == f"该来信已认定不属实：{UNTRUE}，不予公开。"
    assert snapshot(letter) == before


def test_the_department_reviewer_may_find_it_untrue_and_the_office_keeps_it_private(
    desk: Desk, client: Client, api: APIClient
) -> None:
    letter = desk.sign(desk.dispatch(desk.submit(**SITE_ERROR)))
    workflow.reply_draft(letter_id=letter.pk, actor=desk.users["handler_a"], text=REPLY)
    workflow.reply_submit(letter_id=letter.pk, actor=desk.users["handler_a"])

    assert (
        desk.act("handler_a", letter, "record-finding", finding="untrue", reason=UNTRUE).status_code
        == 403
    )
    assert (
        desk.act(
            "reviewer_b", letter, "record-finding", finding="untrue", reason=UNTRUE
        ).status_code
        == 404
    )
    found = desk.act(
        "reviewer_a",
        letter,
        "record-finding",
        finding="confidential",
        reason="涉及网络安全防护细节。",
    )
    assert (found.status_code, found.json()["status"]) == (200, "under_review")
    desk.act("reviewer_a", letter, "review", approve=True)
    desk.act("publisher", letter, "review", approve=True)
    passed = desk.act("publisher", letter, "office-review", approve=True)

    assert passed.json()["status"] == "replied"
    letter.refresh_from_db()
    assert (letter.publication_finding, letter.published_at) == ("confidential", None)
    assert public_outputs(client, api, letter)["api_detail"] == 404


def test_a_finding_after_publication_takes_a_reopened_letter_off_every_public_output(
    desk: Desk, client: Client, api: APIClient
) -> None:
    letter = in_office_review(desk)
    desk.act("publisher", letter, "office-review", approve=True)
    assert public_outputs(client, api, letter)["api_detail"] == 200
    workflow.letter_rate(letter_id=letter.pk, rating="unsatisfied", comment="链接还是打不开。")
    workflow.reply_draft(letter_id=letter.pk, actor=desk.users["handler_a"], text=REPLY)
    workflow.reply_submit(letter_id=letter.pk, actor=desk.users["handler_a"])
    # Reopened: the public keeps the reply it read until the new one is published.
    assert public_outputs(client, api, letter)["api_detail"] == 200

    desk.act("reviewer_a", letter, "record-finding", finding="untrue", reason=UNTRUE)

    assert public_outputs(client, api, letter) == {
        "replies": False,
        "page": 404,
        "api": [],
        "api_detail": 404,
        "feed": False,
    }


def test_a_withheld_consultation_is_not_drafted_into_the_knowledge_base(desk: Desk) -> None:
    letter = desk.replied()
    assert list(curator_queue().values_list("pk", flat=True)) == [letter.pk]

    found = desk.act("publisher", letter, "record-finding", finding="untrue", reason=UNTRUE)

    assert (found.status_code, found.json()["status"]) == (200, "replied")
    assert list(curator_queue()) == []
    refused = desk.act("publisher", letter, "publish", public_text="答复")
    assert refused.status_code == 409


# --- sent back ---------------------------------------------------------------------------


def test_the_office_review_sends_back_with_a_reason_and_changes_nothing_else(
    desk: Desk,
) -> None:
    letter = in_office_review(desk)
    before = snapshot(letter)
    kept = (letter.department_id, letter.reply_text, letter.deadline_at, letter.review_deadline_at)

    missing = desk.act("publisher", letter, "office-review", approve=False, reason="")
    assert missing.status_code == 400
    assert missing.json()["errors"] == {"reason": ["「退回修改理由」：请填写退回修改理由。"]}
    assert snapshot(letter) == before

    response = desk.act("publisher", letter, "office-review", approve=False, reason=SEND_BACK)

    assert response.json()["status"] == "in_progress"
    letter.refresh_from_db()
    # Back in drafting at the first level, the reply withdrawn for rework; nothing else moves.
    assert (letter.status, letter.review_level, letter.replied_at) == ("in_progress", 0, None)
    assert (
        letter.department_id,
        letter.reply_text,
        letter.deadline_at,
        letter.review_deadline_at,
    ) == kept
    assert (letter.published_at, letter.public_text, letter.publication_finding) == (None, "", "")
    assert letter.consent_public is False
    last = letter.events.last()
    assert last is not None
    assert (last.action, last.from_status, last.to_status, last.note, last.public) == (
        "office_review",
        "office_review",
        "in_progress",
        SEND_BACK,
        True,
    )
    assert last.public_note == "答复正按审核意见修改完善，完成后将重新答复您。"
    assert (
        desk.api("handler_a").get(f"/api/v1/staff/letters/{letter.pk}/").json()["status"]
        == "in_progress"
    )

    # The department revises; the reply goes through its chain and the office review again.
    desk.act("handler_a", letter, "draft-reply", text=REPLY + "修复时间为11月20日。")
    desk.act("handler_a", letter, "submit-review")
    desk.act("reviewer_a", letter, "review", approve=True)
    again = desk.act("publisher", letter, "review", approve=True)
    assert again.json()["status"] == "office_review"


# --- the two clocks ----------------------------------------------------------------------


def test_the_letter_page_explains_the_reply_and_the_office_review_clocks(desk: Desk) -> None:
    in_progress = desk.in_progress(**SITE_ERROR)
    page = desk.client("publisher").get(f"/workspace/letters/{in_progress.pk}/").content.decode()
    assert "<summary>期限是怎么算的</summary>" in page
    assert '<h3 class="ws-why-clock">答复期限</h3>' in page
    assert "网民纠错留言在2个工作日内答复处理" in page
    assert "<li>时限：2 个工作日（延期上限 15 个工作日）</li>" in page
    assert '<h3 class="ws-why-clock">审核公开期限</h3>' in page
    assert "<li>答复审核通过后开始计时。</li>" in page

    letter = in_office_review(desk, title="政策文件页面错别字")
    page = desk.client("publisher").get(f"/workspace/letters/{letter.pk}/").content.decode()

    assert '<h3 class="ws-why-clock">审核公开期限：2026年11月24日</h3>' in page
    assert (
        "<li>依据：山西省政府网站管理办法 第二十五条（三）：答复经政府网站主管单位审核后公开。</li>"
        in page
    )
    assert (
        "<li>时限：答复经承办单位审核通过后，网站主管单位在 2 个工作日内审核公开（上限 5 个工作日）</li>"
        in page
    )
    assert "<li>起算日：2026-11-20</li>" in page
    assert "网民纠错留言在2个工作日内答复处理" in page  # the reply clock is still explained
    assert "待审核公开" in page


def test_a_consultation_has_one_clock_and_no_office_review(desk: Desk) -> None:
    letter = desk.replied()
    assert (letter.status, letter.review_deadline_at, letter.review_derivation) == (
        "replied",
        None,
        {},
    )
    page = desk.client("publisher").get(f"/workspace/letters/{letter.pk}/").content.decode()
    assert "审核公开期限" not in page


def test_the_review_clock_makes_a_site_error_urgent_for_the_office(desk: Desk) -> None:
    letter = in_office_review(desk)
    api = desk.api("publisher")
    detail = api.get(f"/api/v1/staff/letters/{letter.pk}/").json()
    assert (detail["urgency"], detail["review_deadline_display"]) == ("review", "2026年11月24日")
    assert detail["publication_rule"] == "unless_withheld"

    Letter.objects.filter(pk=letter.pk).update(
        review_deadline_at=timezone.now() + timedelta(hours=2)
    )
    assert api.get(f"/api/v1/staff/letters/{letter.pk}/").json()["urgency"] == "review_due_soon"
    Letter.objects.filter(pk=letter.pk).update(
        review_deadline_at=timezone.now() - timedelta(hours=1)
    )
    detail = api.get(f"/api/v1/staff/letters/{letter.pk}/").json()

    assert (detail["urgency"], detail["overdue"]) == ("review_overdue", False)
    # The reply-clock filter (and the supervision scan) stay about the department's reply.
    assert api.get("/api/v1/staff/letters/", {"overdue": "true"}).json()["count"] == 0
    inbox = desk.client("publisher").get("/workspace/?box=to_office_review").content.decode()
    assert "审核公开已超期" in inbox
    assert letter.tracking_number in inbox


# --- refusals ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "action", "data", "status"),
    [
        ("reviewer_a", "office-review", {"approve": True}, 403),
        ("handler_a", "office-review", {"approve": True}, 403),
        ("dispatcher", "office-review", {"approve": True}, 403),
        ("supervisor", "office-review", {"approve": False, "reason": SEND_BACK}, 403),
        ("handler_a", "record-finding", {"finding": "untrue", "reason": UNTRUE}, 403),
        ("dispatcher", "record-finding", {"finding": "untrue", "reason": UNTRUE}, 403),
        ("reviewer_b", "office-review", {"approve": True}, 404),
        ("publisher", "review", {"approve": True}, 409),
        ("publisher", "publish", {"public_text": "链接已修复。"}, 409),
        ("supervisor", "close", {}, 409),
    ],
)
def test_refused_actions_in_office_review_change_nothing(
    desk: Desk, who: str, action: str, data: dict[str, Any], status: int
) -> None:
    letter = in_office_review(desk)
    before = snapshot(letter)

    response = desk.act(who, letter, action, **data)

    assert response.status_code == status, response.json()
    assert snapshot(letter) == before


def test_the_office_review_and_findings_need_their_statuses(desk: Desk) -> None:
    letter = desk.in_progress(**SITE_ERROR)
    before = snapshot(letter)

    review = desk.act("publisher", letter, "office-review", approve=True)
    finding = desk.act("publisher", letter, "record-finding", finding="untrue", reason=UNTRUE)
    bad = desk.act("publisher", letter, "record-finding", finding="maybe", reason=UNTRUE)

    assert review.status_code == 409
    assert review.json()["detail"] == "当前状态为“办理中”，不能执行此操作。"
    assert finding.status_code == 409
    assert bad.status_code == 400
    assert snapshot(letter) == before
    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.office_review(letter_id=letter.pk, actor=desk.users["publisher"], approve=True)
    assert snapshot(letter) == before


# --- the rules are data -------------------------------------------------------------------


def test_publication_rules_are_seeded_with_their_sources_and_are_data(
    desk: Desk, api: APIClient
) -> None:
    rules = dict(PublicationPolicy.objects.values_list("kind", "rule"))
    assert rules == {
        "leader_mail": "consent",
        "consultation": "consent",
        "complaint": "consent",
        "suggestion": "consent",
        "help": "consent",
        "report": "consent",
        "site_error": "unless_withheld",
        "opinion": "consent",
    }
    assert (
        "德阳市政府网站管理暂行办法 第三十三条"
        in PublicationPolicy.objects.get(kind="site_error").source
    )
    assert "个人信息保护法》第二十五条" in PublicationPolicy.objects.get(kind="complaint").source

    complaint = desk.replied(kind="complaint", consent_public=False)
    refused = desk.act("publisher", complaint, "publish", public_text="已处理。")
    assert refused.json()["detail"] == "来信人未同意公开，不能公开此来信。"
    PublicationPolicy.objects.filter(kind="complaint").update(rule="unless_withheld")
    published = desk.act("publisher", complaint, "publish", public_text="已处理。")
    assert published.json()["status"] == "published"
    assert api.get(f"/api/v1/public/letters/{complaint.tracking_number}/").status_code == 200


def test_without_an_active_review_policy_a_site_error_is_replied_directly(desk: Desk) -> None:
    edit_policy("site_error", "review", active=False)

    letter = desk.reply(desk.submit(**SITE_ERROR), REPLY)

    assert (letter.status, letter.review_deadline_at) == ("replied", None)
    # Still public without consent (its publication rule), through the gate.
    assert desk.publish(letter).status == "published"


# --- the workspace pages -------------------------------------------------------------------


def test_the_workspace_offers_the_office_review_and_publishes_from_the_review_page(
    desk: Desk,
) -> None:
    letter = in_office_review(desk)
    consultation = desk.replied(title="不同意公开的咨询", consent_public=False)
    assert _offered_actions(letter, desk.users["publisher"]) == ["office-review", "record-finding"]
    assert _offered_actions(letter, desk.users["handler_a"]) == []
    publisher = desk.client("publisher")
    queue = publisher.get("/workspace/publish/")
    assert [row.pk for row in queue.context["page"].object_list] == [letter.pk]
    assert consultation.pk not in [row.pk for row in queue.context["page"].object_list]
    review_page = publisher.get(f"/workspace/letters/{letter.pk}/publish/").content.decode()
    assert "本类来信一律公开（认定不属实或涉密的除外），无需来信人同意" in review_page
    assert f'action="/workspace/letters/{letter.pk}/actions/office-review/"' in review_page
    assert "审核通过并公开</button>" in review_page

    proposal = workflow.publication_proposal(letter)
    response = publisher.post(
        f"/workspace/letters/{letter.pk}/actions/office-review/",
        {"approve": "true", "public_text": proposal["public_text"], "next": "/workspace/publish/"},
    )

    assert response.status_code == 302
    letter.refresh_from_db()
    assert (letter.status, letter.public_text) == ("published", proposal["public_text"])


def test_the_letter_page_sends_back_and_records_findings(desk: Desk) -> None:
    letter = in_office_review(desk)
    publisher = desk.client("publisher")
    page = publisher.get(f"/workspace/letters/{letter.pk}/").content.decode()
    assert 'id="action-office-review"' in page
    assert 'id="action-record-finding"' in page

    empty = publisher.post(
        f"/workspace/letters/{letter.pk}/actions/office-review/", {"approve": "false"}
    )
    assert empty.status_code == 400
    assert "「退回修改理由」：请填写退回修改理由。" in empty.content.decode()
    found = publisher.post(
        f"/workspace/letters/{letter.pk}/actions/record-finding/",
        {"finding": "untrue", "reason": UNTRUE},
    )
    assert found.status_code == 302
    page = publisher.get(f"/workspace/letters/{letter.pk}/").content.decode()
    assert f'<dd data-testid="finding">已认定不属实：{UNTRUE}</dd>' in page
    assert "通过（不予公开）" in page
    review_page = publisher.get(f"/workspace/letters/{letter.pk}/publish/").content.decode()
    assert f"该来信已认定不属实：{UNTRUE}，不予公开。" in review_page
    assert "审核通过并公开</button>" not in review_page


def test_the_site_error_form_tells_the_writer_instead_of_asking_consent(client: Client) -> None:
    site_error = client.get("/write/site-error/").content.decode()
    interaction = client.get("/write/interaction/").content.decode()

    assert 'name="consent_public"' not in site_error
    assert (
        '<p class="note" id="publication-notice">按规定，本栏目的留言和答复经审核后在本网站公开，'
        "无需您另行同意；经核实不属实或涉密的不公开。公开前会去除姓名、电话、身份证号码、地址等"
        "个人信息，您的联系方式在任何情况下都不会公开。</p>"
    ) in site_error
    assert 'name="consent_public"' in interaction
    assert "publication-notice" not in interaction


def test_importing_a_new_year_recomputes_a_provisional_review_clock(
    desk: Desk, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    # A review limit long enough to end in 2027, a year without an official schedule yet.
    edit_policy("site_error", "review", working_days=30, max_working_days=30)
    letter = in_office_review(desk)
    assert (letter.review_derivation["provisional"], letter.review_derivation["deadline"]) == (
        True,
        "2027-01-04",
    )
    csv_file = tmp_path / "2027.csv"
    csv_file.write_text("date,kind,name\n2027-01-01,holiday,元旦\n", encoding="utf-8")

    with django_capture_on_commit_callbacks(execute=True):
        call_command("calendar_import", str(csv_file), "--year", "2027", stdout=StringIO())

    letter.refresh_from_db()
    assert letter.review_derivation["provisional"] is False
    assert letter.review_derivation["calendar_version"] == 2
    assert letter.review_deadline_at == datetime(2027, 1, 4, 23, 59, 59, tzinfo=SHANGHAI)


def test_the_supervisor_dashboard_lists_office_reviews_past_their_clock(desk: Desk) -> None:
    late = in_office_review(desk)
    on_time = in_office_review(desk, title="政务公开栏目图片无法显示")
    Letter.objects.filter(pk=late.pk).update(review_deadline_at=timezone.now() - timedelta(hours=1))

    page = desk.client("supervisor").get("/workspace/dashboard/").content.decode()
    section = page.split('id="h-late-reviews"')[1].split("</section>")[0]

    assert 'data-testid="late-review-count">1 件' in section
    assert late.tracking_number in section
    assert on_time.tracking_number not in section
    assert "2026-11-20" in section  # the review deadline, an hour before now
    # Replied by the department, so in neither reply-clock list of the dashboard.
    assert late.tracking_number not in page.split('id="h-late-reviews"')[0]
