"""Issue #18.4: a reply still holding a template's placeholders (……, XXX, ××, blanks,
unfilled {fields}) cannot be submitted for review, nor approved after a reviewer's edit
brings one back; one rule (letters.services.workflow.replies.refuse_placeholders) for the
service, the staff API and the workspace page; the refusal names the field and the
placeholders and changes nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from core.models import AuditRecord
from letters.models import Letter, LetterEvent, ReplyTemplate
from letters.services import workflow
from letters.services.workflow.replies import reply_placeholders
from tests.world import Desk

pytestmark = pytest.mark.django_db

TEMPLATE = "{name}：\n您好！您反映的“{title}”问题收悉。经核实，现答复如下：\n……\n感谢您的来信！"
FILLED = "孙先生/女士：\n您好！您反映的“小区二次供水水压不足”问题收悉。经核实，现答复如下：\n……\n感谢您的来信！"
ELLIPSIS_REFUSED = "「答复内容」：答复中还有未填写的占位内容“……”，请补全后再提交审核。"


def state(letter: Letter) -> tuple[str, int, str, int, int]:
    letter = Letter.objects.get(pk=letter.pk)
    return (
        letter.status,
        letter.review_level,
        letter.reply_text,
        LetterEvent.objects.filter(letter=letter).count(),
        AuditRecord.objects.count(),
    )


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("经核实，……", ["……"]),
        ("经核实，......已处理。", ["......"]),
        ("请到XX路XXX号办理。", ["XX", "XXX"]),
        ("请于××月××日前到现场。", ["××"]),
        ("联系电话：＿＿＿＿", ["＿＿＿＿"]),
        ("{name}：您好！", ["{name}"]),
        ("请拨打○○○○转人工。", ["○○○○"]),
    ],
)
def test_placeholders_are_found(text: str, found: list[str]) -> None:
    assert reply_placeholders(text) == found


def test_ordinary_replies_have_none() -> None:
    for text in (
        "经核实，已于本周检修。详见 https://www.linjiang.gov.cn/xxgk/tzgg/ 的通知。",
        "请携带身份证（末位为X）到窗口办理…",
        "孙先生/女士：您好！电话137****4444已回访。",
    ):
        assert reply_placeholders(text) == [], text


def test_a_template_reply_with_its_ellipsis_cannot_be_submitted_through_the_api(
    desk: Desk,
) -> None:
    template = ReplyTemplate.objects.create(name="通用答复", text=TEMPLATE)
    letter = desk.in_progress()
    drafted = desk.act("handler_a", letter, "draft-reply", template=template.pk, text="")
    assert drafted.status_code == 200
    assert Letter.objects.get(pk=letter.pk).reply_text == FILLED
    before = state(letter)

    response = desk.act("handler_a", letter, "submit-review")

    assert response.status_code == 400
    assert response.json()["errors"] == {"text": [ELLIPSIS_REFUSED]}
    assert state(letter) == before
    assert before[0] == "in_progress"

    # Filled in, it goes to review.
    desk.act("handler_a", letter, "draft-reply", text=FILLED.replace("……", "已安排检修。"))
    assert desk.act("handler_a", letter, "submit-review").status_code == 200
    assert Letter.objects.get(pk=letter.pk).status == "under_review"


def test_the_workspace_page_refuses_it_with_the_same_message(desk: Desk) -> None:
    letter = desk.in_progress()
    workflow.reply_draft(
        letter_id=letter.pk, actor=desk.users["handler_a"], text="请于XX月XX日到XXX窗口办理。"
    )
    client = desk.client("handler_a")  # signing in is audited: before the snapshot
    before = state(letter)

    response = client.post(f"/workspace/letters/{letter.pk}/actions/submit-review/")

    assert response.status_code == 400
    assert (
        "「答复内容」：答复中还有未填写的占位内容“XX”、“XXX”，请补全后再提交审核。"
        in response.content.decode()
    )
    assert state(letter) == before


def test_the_service_refuses_it(desk: Desk) -> None:
    letter = desk.in_progress()
    workflow.reply_draft(letter_id=letter.pk, actor=desk.users["handler_a"], text="您好！{title}")
    before = state(letter)

    with pytest.raises(ValidationError) as refused:
        workflow.reply_submit(letter_id=letter.pk, actor=desk.users["handler_a"])

    assert refused.value.message_dict == {
        "text": ["「答复内容」：答复中还有未填写的占位内容“{title}”，请补全后再提交审核。"]
    }
    assert state(letter) == before


def test_a_reviewer_s_edit_cannot_bring_a_placeholder_back(desk: Desk) -> None:
    letter = desk.in_progress()
    workflow.reply_draft(letter_id=letter.pk, actor=desk.users["handler_a"], text="已安排检修。")
    workflow.reply_submit(letter_id=letter.pk, actor=desk.users["handler_a"])
    before = state(letter)

    response = desk.act("reviewer_a", letter, "review", approve=True, text="经核实，……")

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "text": ["「答复内容」：答复中还有未填写的占位内容“……”，请补全后再审核通过。"]
    }
    assert state(letter) == before
    # Sending it back with a reason is still possible.
    back = desk.act("reviewer_a", letter, "review", approve=False, reason="请补全答复内容")
    assert back.status_code == 200
    assert Letter.objects.get(pk=letter.pk).status == "in_progress"
