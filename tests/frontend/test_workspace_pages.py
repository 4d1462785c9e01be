"""Staff workspace pages read through the same selectors as the API: login required, role
and department scoping (another department's letter is a 404), inbox counters and
urgency, masked personal data and the audited unmask, the deadline explanation."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.utils import timezone

from core.models import AuditRecord
from letters.selectors import inbox_counts
from tests.world import Desk, set_deadline

pytestmark = pytest.mark.django_db


def test_pages_send_anonymous_visitors_to_the_staff_sign_in() -> None:
    response = Client().get("/workspace/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/workspace/"
    response = Client().get("/workspace/dashboard/")
    assert response["Location"] == "/accounts/login/?next=/workspace/dashboard/"


def test_base_template_renders_for_anonymous_users_without_navigation() -> None:
    request = RequestFactory().get("/accounts/login/")
    request.user = AnonymousUser()
    html = render_to_string("workspace/base.html", request=request)
    assert "<title>办理台 · 政民互动办理台</title>" in html
    assert 'id="main"' in html
    assert "办理台导航" not in html
    assert "/static/vendor/htmx/htmx.min.js" in html


@pytest.mark.parametrize("name", ["admin", "auditor"])
def test_accounts_without_a_case_role_are_refused(desk: Desk, name: str) -> None:
    client = desk.client(name)
    assert client.get("/workspace/").status_code == 403
    assert client.get("/workspace/dashboard/").status_code == 403


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("handler_a", "/workspace/triage/"),
        ("handler_a", "/workspace/publish/"),
        ("handler_a", "/workspace/dashboard/"),
        ("dispatcher", "/workspace/dashboard/"),
        ("reviewer_a", "/workspace/publish/"),
    ],
)
def test_role_pages_are_refused_to_other_roles(desk: Desk, name: str, path: str) -> None:
    assert desk.client(name).get(path).status_code == 403


def test_inbox_counters_and_urgency_of_a_handler(desk: Desk) -> None:
    now = timezone.now()
    to_sign = desk.dispatched()
    overdue = set_deadline(desk.in_progress(title="已经超期的来信"), now - timedelta(hours=2))
    soon = set_deadline(desk.in_progress(title="即将超期的来信"), now + timedelta(minutes=30))
    normal = set_deadline(desk.in_progress(title="期限尚远的来信"), now + timedelta(days=30))
    other = desk.in_progress(desk.b, title="生态环境局的来信")

    response = desk.client("handler_a").get("/workspace/")

    assert response.status_code == 200
    counts = response.context["counts"]
    assert counts == inbox_counts(desk.users["handler_a"], timezone.now())
    assert counts["to_sign"] == 1
    assert counts["in_progress"] == 3
    assert counts["overdue"] == 1
    assert counts["due_soon"] == 1
    assert [b[0] for b in response.context["boxes"]] == [
        "to_sign",
        "in_progress",
        "due_soon",
        "overdue",
    ]
    rows = {letter.pk: urgency for letter, urgency in response.context["rows"]}
    assert set(rows) == {to_sign.pk, overdue.pk, soon.pk, normal.pk}
    assert rows[overdue.pk].label == "已超期"
    assert rows[soon.pk].label == "即将超期"
    assert rows[normal.pk].label == "正常"
    # Most urgent first; colour comes with words.
    order = [letter.pk for letter, _ in response.context["rows"]]
    assert order[:2] == [overdue.pk, soon.pk]
    assert order[-1] == normal.pk
    html = response.content.decode()
    assert '<span class="urgency urgency-overdue">已超期</span>' in html
    assert '<span class="urgency urgency-due_soon">即将超期</span>' in html
    assert other.tracking_number not in html


def test_inbox_box_lists_exactly_what_its_counter_counts(desk: Desk) -> None:
    now = timezone.now()
    overdue = set_deadline(desk.in_progress(), now - timedelta(hours=2))
    set_deadline(desk.in_progress(), now + timedelta(days=30))
    response = desk.client("handler_a").get("/workspace/", {"box": "overdue"})
    assert [letter.pk for letter, _ in response.context["rows"]] == [overdue.pk]
    assert response.context["page"].paginator.count == response.context["counts"]["overdue"]


def test_inbox_list_partial_for_the_live_refresh(desk: Desk) -> None:
    letter = desk.dispatched()
    response = desk.client("handler_a").get("/workspace/inbox/list/", {"box": "to_sign"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="inbox-list" data-live-refresh')
    assert 'hx-get="/workspace/inbox/list/?box=to_sign"' in html
    assert "<html" not in html
    assert letter.tracking_number in html


def test_another_departments_letter_is_a_404_on_every_page(desk: Desk) -> None:
    letter = desk.in_progress(desk.b)
    client = desk.client("handler_a")
    assert client.get(f"/workspace/letters/{letter.pk}/").status_code == 404
    assert (
        client.post(
            f"/workspace/letters/{letter.pk}/unmask/", {"reason": "核实情况需要"}
        ).status_code
        == 404
    )
    assert client.post(f"/workspace/letters/{letter.pk}/actions/sign/").status_code == 404
    assert desk.client("reviewer_a").get(f"/workspace/letters/{letter.pk}/").status_code == 404


def test_letter_page_masks_personal_data_by_default(desk: Desk) -> None:
    letter = desk.in_progress()
    response = desk.client("handler_a").get(f"/workspace/letters/{letter.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "137****4444" in html
    assert "13700004444" not in html
    assert "s***@example.com" in html
    assert "sunli@example.com" not in html
    # Personal data inside the letter's text is masked as well.
    assert '<mark class="pii pii-phone">137****4444</mark>' in html
    assert "幸福路88号" not in html


def test_unmask_with_a_reason_shows_the_details_and_is_audited(desk: Desk) -> None:
    letter = desk.in_progress()
    before = AuditRecord.objects.filter(action="letter.unmask").count()
    response = desk.client("handler_a").post(
        f"/workspace/letters/{letter.pk}/unmask/", {"reason": "电话回访来信人"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert response.context["unmasked"] == {
        "姓名": "孙丽",
        "联系电话": "13700004444",
        "电子邮箱": "sunli@example.com",
        "身份证号码": "",
        "联系地址": "临江市幸福路88号幸福小区5栋2单元301室",
    }
    assert "13700004444" in html
    records = AuditRecord.objects.filter(action="letter.unmask").order_by("id")
    assert records.count() == before + 1
    assert records.last().outcome == "success"  # type: ignore[union-attr]
    assert records.last().data["reason"] == "电话回访来信人"  # type: ignore[union-attr]


def test_unmask_without_a_reason_is_refused_and_shows_nothing(desk: Desk) -> None:
    letter = desk.in_progress()
    response = desk.client("handler_a").post(
        f"/workspace/letters/{letter.pk}/unmask/", {"reason": "  "}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "「查看理由」：请说明查看完整个人信息的理由（至少4个字）。" in html
    assert "13700004444" not in html
    assert response.context["unmasked"] is None


def test_unmask_is_refused_to_roles_without_the_permission(desk: Desk) -> None:
    letter = desk.in_progress()
    client = desk.client("reviewer_a")
    page = client.get(f"/workspace/letters/{letter.pk}/").content.decode()
    assert "查看完整个人信息" not in page  # the form is not offered
    response = client.post(f"/workspace/letters/{letter.pk}/unmask/", {"reason": "想看一下"})
    assert response.status_code == 403
    assert "您无权查看该来信人的完整个人信息。" in response.content.decode()
    assert "13700004444" not in response.content.decode()
    denied = AuditRecord.objects.filter(action="letter.unmask").order_by("id").last()
    assert denied is not None
    assert denied.outcome == "denied"


def test_letter_page_explains_the_deadline_and_shows_the_timeline(desk: Desk) -> None:
    letter = desk.in_progress()
    derivation: dict[str, Any] = letter.deadline_derivation
    response = desk.client("handler_a").get(f"/workspace/letters/{letter.pk}/")
    html = response.content.decode()
    assert "期限是怎么算的" in html
    assert f"依据：{derivation['policy']['source']}" in html
    for step in derivation["explanation"]:
        assert step in html
    labels = [e["label"] for e in response.context["timeline"]]
    assert labels[0] == "来信"
    assert labels.index("分办") < labels.index("签收")
    assert "开始计时" in labels


def test_letter_page_offers_only_the_actions_of_the_role_and_status(desk: Desk) -> None:
    letter = desk.dispatched()
    handler_forms = [
        f["name"]
        for f in desk.client("handler_a").get(f"/workspace/letters/{letter.pk}/").context["forms"]
    ]
    assert handler_forms == ["sign", "return"]
    reviewer_forms = (
        desk.client("reviewer_a").get(f"/workspace/letters/{letter.pk}/").context["forms"]
    )
    assert reviewer_forms == []
    supervisor_forms = [
        f["name"]
        for f in desk.client("supervisor").get(f"/workspace/letters/{letter.pk}/").context["forms"]
    ]
    assert supervisor_forms == ["transfer", "urge", "supervise"]


def test_triage_lists_waiting_letters_with_top3_suggestions_and_masked_text(
    desk: Desk,
) -> None:
    letter = desk.submit()
    suggestions = [
        {
            "department_id": desk.a.pk,
            "department": desk.a.name,
            "confidence": 0.81,
            "reason": "模型",
        },
        {
            "department_id": desk.b.pk,
            "department": desk.b.name,
            "confidence": 0.12,
            "reason": "模型",
        },
        {
            "department_id": desk.office.pk,
            "department": desk.office.name,
            "confidence": 0.04,
            "reason": "模型",
        },
    ]
    type(letter).objects.filter(pk=letter.pk).update(routing_suggestions=suggestions)
    response = desk.client("dispatcher").get("/workspace/triage/")
    html = response.content.decode()
    assert response.status_code == 200
    assert [row.pk for row in response.context["rows"]] == [letter.pk]
    assert html.count('name="department" value=') == 3
    assert f'分办至 {desk.a.name} <span class="ws-conf">81% · 模型</span>' in html
    assert "13700004444" not in html
    assert "137****4444" in html


def test_inbox_and_triage_query_counts_do_not_grow_with_the_letters(desk: Desk) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(name: str, path: str) -> int:
        client = desk.client(name)
        client.get(path)  # warm the calendar cache and the session
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    desk.in_progress()
    desk.submit()
    few = (queries("handler_a", "/workspace/"), queries("dispatcher", "/workspace/triage/"))
    for _ in range(6):
        desk.in_progress()
        desk.submit()
    many = (queries("handler_a", "/workspace/"), queries("dispatcher", "/workspace/triage/"))
    assert many == few


def test_masked_text_is_escaped_and_a_cut_never_splits_personal_data() -> None:
    from frontend.workspace_data import highlighted_html, masked_html
    from letters.models import Letter

    letter = Letter(name="", phone="")
    text = "<b>水压</b>问题，请回电13700004444，谢谢。"
    assert str(masked_html(letter, text)) == (
        '&lt;b&gt;水压&lt;/b&gt;问题，请回电<mark class="pii pii-phone">137****4444</mark>，谢谢。'
    )
    assert str(highlighted_html(letter, text)) == (
        '&lt;b&gt;水压&lt;/b&gt;问题，请回电<mark class="pii pii-phone">13700004444</mark>，谢谢。'
    )
    # A limit inside the phone number cuts before it, not through it.
    assert str(masked_html(letter, text, limit=22)) == "&lt;b&gt;水压&lt;/b&gt;问题，请回电…"
