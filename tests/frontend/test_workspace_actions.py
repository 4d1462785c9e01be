"""Case actions from the workspace pages: they run through the API's action registry
(same serializers, same services), so refusals carry the same Chinese messages and change
nothing; the publication review highlights personal data with everything escaped; the
dashboard's 督办 actions and report download."""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from letters.models import Letter, LetterEvent, ReplyTemplate
from supervision.models import SupervisionOrder
from tests.world import Desk, set_deadline

pytestmark = pytest.mark.django_db


def action(pk: int, name: str) -> str:
    return f"/workspace/letters/{pk}/actions/{name}/"


def snapshot(letter: Letter) -> tuple[str, int | None, str, int]:
    letter = Letter.objects.get(pk=letter.pk)
    return (
        letter.status,
        letter.department_id,
        letter.reply_text,
        LetterEvent.objects.filter(letter=letter).count(),
    )


def test_one_click_dispatch_from_triage_returns_to_the_queue(desk: Desk) -> None:
    letter = desk.submit()
    response = desk.client("dispatcher").post(
        action(letter.pk, "dispatch"),
        {"department": desk.a.pk, "next": "/workspace/triage/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/workspace/triage/"
    letter.refresh_from_db()
    assert letter.status == "dispatched"
    assert letter.department_id == desk.a.pk


def test_next_never_leaves_the_site(desk: Desk) -> None:
    letter = desk.submit()
    response = desk.client("dispatcher").post(
        action(letter.pk, "accept"), {"next": "https://evil.example.com/"}
    )
    assert response["Location"] == f"/workspace/letters/{letter.pk}/"


def test_handler_signs_drafts_from_a_template_and_submits(desk: Desk) -> None:
    template = ReplyTemplate.objects.create(
        name="通用答复", text="{name}：您好！您反映的“{title}”问题收悉，已安排处理。"
    )
    letter = desk.dispatched()
    client = desk.client("handler_a")
    assert client.post(action(letter.pk, "sign")).status_code == 302
    page = client.get(f"/workspace/letters/{letter.pk}/").content.decode()
    assert f'<option value="{template.pk}">通用答复</option>' in page
    response = client.post(action(letter.pk, "draft-reply"), {"template": template.pk, "text": ""})
    assert response.status_code == 302
    letter.refresh_from_db()
    assert (
        letter.reply_text
        == "孙先生/女士：您好！您反映的“小区二次供水水压不足”问题收悉，已安排处理。"
    )
    assert client.post(action(letter.pk, "submit-review")).status_code == 302
    letter.refresh_from_db()
    assert letter.status == "under_review"


def test_review_chain_from_the_pages(desk: Desk) -> None:
    letter = desk.in_progress()
    client = desk.client("handler_a")
    client.post(action(letter.pk, "draft-reply"), {"text": "经核实，已安排检修。"})
    client.post(action(letter.pk, "submit-review"))
    response = desk.client("reviewer_a").post(
        action(letter.pk, "review"),
        {"approve": "true", "reason": "", "text": "经核实，已于本周检修。"},
    )
    assert response.status_code == 302
    letter.refresh_from_db()
    assert (letter.status, letter.review_level) == ("under_review", 1)
    assert letter.reply_text == "经核实，已于本周检修。"
    desk.client("publisher").post(action(letter.pk, "review"), {"approve": "true"})
    letter.refresh_from_db()
    assert letter.status == "replied"
    assert letter.reply_text == "经核实，已于本周检修。"
    assert letter.public_text == ""  # public only through the publish step and its gate


def test_send_back_without_a_reason_is_refused_and_changes_nothing(desk: Desk) -> None:
    letter = desk.in_progress()
    desk.client("handler_a").post(action(letter.pk, "draft-reply"), {"text": "答复稿"})
    desk.client("handler_a").post(action(letter.pk, "submit-review"))
    before = snapshot(letter)
    response = desk.client("reviewer_a").post(
        action(letter.pk, "review"), {"approve": "false", "reason": ""}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "「退回修改理由」：请填写退回修改理由。" in html
    assert snapshot(letter) == before
    # The form comes back open with what was typed.
    review = next(f for f in response.context["forms"] if f["name"] == "review")
    assert review["open"] is True


def test_return_without_a_reason_names_the_field(desk: Desk) -> None:
    letter = desk.dispatched()
    before = snapshot(letter)
    response = desk.client("handler_a").post(action(letter.pk, "return"), {"reason": ""})
    assert response.status_code == 400
    assert "「理由」：" in response.content.decode()
    assert snapshot(letter) == before


def test_actions_outside_the_role_or_state_are_refused(desk: Desk) -> None:
    letter = desk.dispatched()
    before = snapshot(letter)
    handler = desk.client("handler_a")
    # A handler cannot dispatch (role).
    response = handler.post(action(letter.pk, "dispatch"), {"department": desk.b.pk})
    assert response.status_code == 403
    assert "您的角色不能执行此操作。" in response.content.decode()
    # Nor submit a reply that was never drafted from "dispatched" (state).
    response = handler.post(action(letter.pk, "submit-review"))
    assert response.status_code == 409
    assert "当前状态为“待签收”，不能执行此操作。" in response.content.decode()
    assert snapshot(letter) == before
    # An unknown action is not a page.
    assert handler.post(action(letter.pk, "explode")).status_code == 404


def test_another_department_cannot_act_on_a_letter(desk: Desk) -> None:
    letter = desk.dispatched()
    before = snapshot(letter)
    assert desk.client("handler_b").post(action(letter.pk, "sign")).status_code == 404
    assert snapshot(letter) == before


def test_dispatch_to_an_unknown_department_is_a_field_error(desk: Desk) -> None:
    letter = desk.submit()
    before = snapshot(letter)
    response = desk.client("dispatcher").post(action(letter.pk, "dispatch"), {"department": 999999})
    assert response.status_code == 400
    assert "「承办单位」：所选单位不存在或已停用。" in response.content.decode()
    assert snapshot(letter) == before


def test_pages_only_accept_posts_for_actions(desk: Desk) -> None:
    letter = desk.dispatched()
    assert desk.client("handler_a").get(action(letter.pk, "sign")).status_code == 405


# --- publication ---------------------------------------------------------------------


def test_publish_page_highlights_personal_data_and_escapes_everything(desk: Desk) -> None:
    letter = desk.replied(title="<script>alert(1)</script>水压不足")
    response = desk.client("publisher").get(f"/workspace/letters/{letter.pk}/publish/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;水压不足" in html
    assert '<mark class="pii pii-phone">13700004444</mark>' in html
    assert '<mark class="pii pii-name">孙丽</mark>' in html
    # The proposal to confirm has the data masked.
    form = response.context["form"]
    assert "13700004444" not in form.initial["public_text"]
    assert "137****4444" in form.initial["public_text"]


def test_publisher_edits_and_confirms_the_publication(desk: Desk) -> None:
    letter = desk.replied()
    response = desk.client("publisher").post(
        action(letter.pk, "publish"),
        {
            "public_title": "小区二次供水水压不足",
            "public_body": "X女士反映小区用水高峰水压低。",
            "public_text": "X女士：您好！经核实，二次供水设备已于本周检修。",
            "next": "/workspace/publish/",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/workspace/publish/"
    letter.refresh_from_db()
    assert letter.status == "published"
    assert letter.public_text == "X女士：您好！经核实，二次供水设备已于本周检修。"
    assert letter.public_body == "X女士反映小区用水高峰水压低。"


def test_the_gate_refuses_typed_personal_data_and_a_kept_hit_needs_its_reason(
    desk: Desk,
) -> None:
    letter = desk.replied()
    client = desk.client("publisher")
    typed = {
        "public_title": "小区二次供水水压不足",
        "public_body": "X女士反映小区用水高峰水压低。",
        "public_text": "已检修。如仍有问题请拨打物业值班手机13812345678。",
    }
    before = snapshot(letter)
    refused = client.post(action(letter.pk, "publish"), typed)
    html = refused.content.decode()
    assert refused.status_code == 409
    assert "公开内容中还有1处个人信息或敏感词未处理" in html
    assert "保留「公开答复内容」中的电话号码“13812345678”" in html
    assert snapshot(letter) == before

    keep = {
        "keep": "0",
        "keep_0_field": "public_text",
        "keep_0_kind": "phone",
        "keep_0_text": "13812345678",
    }
    no_reason = client.post(action(letter.pk, "publish"), {**typed, **keep, "keep_0_reason": ""})
    assert no_reason.status_code == 400
    assert "「确认保留」" in no_reason.content.decode()
    assert snapshot(letter) == before

    kept = client.post(
        action(letter.pk, "publish"), {**typed, **keep, "keep_0_reason": "物业公开的值班电话"}
    )
    assert kept.status_code == 302
    letter.refresh_from_db()
    assert (letter.status, letter.public_text) == ("published", typed["public_text"])


def test_publishing_without_consent_is_refused_and_changes_nothing(desk: Desk) -> None:
    letter = desk.replied(consent_public=False)
    client = desk.client("publisher")
    page = client.get(f"/workspace/letters/{letter.pk}/publish/").content.decode()
    assert "来信人未同意公开，此来信不能公开。" in page
    assert "确认公开</button>" not in page
    before = snapshot(letter)
    response = client.post(action(letter.pk, "publish"), {"public_text": "答复"})
    assert response.status_code == 409
    assert "来信人未同意公开，不能公开此来信。" in response.content.decode()
    assert snapshot(letter) == before
    letter.refresh_from_db()
    assert letter.published_at is None
    assert letter.public_body == ""


def test_publish_with_an_empty_reply_is_a_field_error(desk: Desk) -> None:
    letter = desk.replied()
    before = snapshot(letter)
    response = desk.client("publisher").post(action(letter.pk, "publish"), {"public_text": ""})
    assert response.status_code == 400
    assert "「公开答复内容」：" in response.content.decode()
    assert snapshot(letter) == before


def test_publish_queue_lists_replied_letters(desk: Desk) -> None:
    letter = desk.replied()
    desk.in_progress(title="还在办理的来信")
    response = desk.client("publisher").get("/workspace/publish/")
    assert [row.pk for row in response.context["page"].object_list] == [letter.pk]


# --- supervision ---------------------------------------------------------------------


def test_dashboard_lists_overdue_and_due_soon_by_department(desk: Desk) -> None:
    now = timezone.now()
    overdue_a = set_deadline(desk.in_progress(title="住建超期"), now - timedelta(days=2))
    overdue_b = set_deadline(desk.in_progress(desk.b, title="环境超期"), now - timedelta(days=1))
    soon = set_deadline(desk.in_progress(title="住建将超期"), now + timedelta(minutes=20))
    set_deadline(desk.in_progress(title="不急"), now + timedelta(days=40))
    response = desk.client("supervisor").get("/workspace/dashboard/")
    assert response.status_code == 200
    groups = {
        name: [letter.pk for letter in letters]
        for name, letters in response.context["overdue_groups"]
    }
    assert groups == {desk.a.name: [overdue_a.pk], desk.b.name: [overdue_b.pk]}
    assert [
        (name, [letter.pk for letter in letters])
        for name, letters in response.context["due_soon_groups"]
    ] == [(desk.a.name, [soon.pk])]
    charts = response.context["charts"]
    assert len(charts["months"]) == 12
    assert charts["total"]["received"] == 4
    html = response.content.decode()
    assert '<script id="dashboard-data" type="application/json">' in html
    assert "/static/vendor/echarts/echarts.min.js" in html
    assert html.count('<th scope="row">') >= 12


def test_urge_from_the_dashboard(desk: Desk) -> None:
    letter = set_deadline(desk.in_progress(), timezone.now() - timedelta(days=1))
    response = desk.client("supervisor").post(
        action(letter.pk, "urge"), {"note": "", "next": "/workspace/dashboard/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/workspace/dashboard/"
    urge = LetterEvent.objects.get(letter=letter, action="urge")
    assert urge.note == "请抓紧办理，按期答复。"


def test_supervise_order_needs_a_future_date(desk: Desk) -> None:
    letter = desk.in_progress()
    client = desk.client("supervisor")
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = client.post(
        action(letter.pk, "supervise"), {"instruction": "请三日内办结", "respond_by": yesterday}
    )
    assert response.status_code == 400
    assert "「要求反馈日期」：不能早于今天。" in response.content.decode()
    assert SupervisionOrder.objects.count() == 0
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client.post(
        action(letter.pk, "supervise"), {"instruction": "请三日内办结", "respond_by": tomorrow}
    )
    assert response.status_code == 302
    order = SupervisionOrder.objects.get()
    assert (order.letter_id, order.instruction) == (letter.pk, "请三日内办结")
    # The handling department answers it on the letter page.
    handler = desk.client("handler_a")
    page = handler.get(f"/workspace/letters/{letter.pk}/").content.decode()
    assert f'action="/workspace/orders/{order.pk}/respond/"' in page
    assert (
        handler.post(
            f"/workspace/orders/{order.pk}/respond/", {"response": "已于今日办结"}
        ).status_code
        == 302
    )
    order.refresh_from_db()
    assert order.response == "已于今日办结"


def test_extension_request_and_decision(desk: Desk) -> None:
    letter = desk.in_progress()
    deadline = letter.deadline_at
    desk.client("handler_a").post(
        action(letter.pk, "request-extension"), {"working_days": 2, "reason": "需现场勘查"}
    )
    extension = letter.extensions.get()
    assert extension.status == "pending"
    # Another role cannot decide.
    assert (
        desk.client("handler_a")
        .post(f"/workspace/extensions/{extension.pk}/decide/", {"approve": "true"})
        .status_code
        == 403
    )
    response = desk.client("supervisor").post(
        f"/workspace/extensions/{extension.pk}/decide/", {"approve": "true", "note": ""}
    )
    assert response.status_code == 302
    extension.refresh_from_db()
    letter.refresh_from_db()
    assert extension.status == "approved"
    assert deadline is not None
    assert letter.deadline_at is not None
    assert letter.deadline_at > deadline


def test_report_download_is_the_xlsx_of_the_report_service(desk: Desk) -> None:
    desk.in_progress()
    period = timezone.localdate().strftime("%Y-%m")
    response = desk.client("supervisor").get("/workspace/dashboard/report.xlsx", {"period": period})
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == f'attachment; filename="report-{period}.xlsx"'
    workbook = load_workbook(BytesIO(response.content))
    assert len(workbook.sheetnames) >= 1


def test_report_download_with_a_bad_period_says_why(desk: Desk) -> None:
    response = desk.client("supervisor").get(
        "/workspace/dashboard/report.xlsx", {"period": "2026-13"}
    )
    assert response.status_code == 400
    assert "统计期间" in response.content.decode()
    assert response["Content-Type"].startswith("text/html")
