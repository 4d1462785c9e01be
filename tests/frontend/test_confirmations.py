"""Issue #18.4: after each case action the workspace says what was done, in the action's
own words from the lifecycle table (letters.lifecycle.confirmation): sending a reply back
says 已退回…, never 已审核/签发; every action with a page form is covered."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.utils import timezone

from core.models import SensitiveWord
from letters import lifecycle
from letters.models import ExtensionRequest, Letter
from letters.services import workflow
from tests.world import Desk

pytestmark = pytest.mark.django_db

SITE_ERROR: dict[str, Any] = {
    "kind": "site_error",
    "title": "办事指南页面申请表下载链接失效",
    "body": "市政务服务网“公积金提取”办事指南的申请表下载链接打不开。",
    "url": "https://zwfw.ceshi.gov.cn/bszn/gjj.html",
    "error_type": "broken_link",
    "consent_public": False,
}


def flash(client: Client, letter: Letter, name: str, **data: Any) -> str:
    """Run the page action ``name`` and return the one message it leaves."""
    response = client.post(f"/workspace/letters/{letter.pk}/actions/{name}/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert len(messages) == 1, messages
    client.get(response["Location"])  # shown there once, then gone
    return messages[0]


def under_review(desk: Desk, **fields: Any) -> Letter:
    letter = desk.in_progress(**fields)
    workflow.reply_draft(letter_id=letter.pk, actor=desk.users["handler_a"], text="已安排检修。")
    workflow.reply_submit(letter_id=letter.pk, actor=desk.users["handler_a"])
    return letter


def test_intake_actions(desk: Desk) -> None:
    office = desk.client("dispatcher")
    accepted = desk.submit()
    rejected = desk.submit(title="与本网站无关的商业广告")
    dispatched = desk.submit(title="小区路灯不亮")
    target = desk.submit(title="小区二次供水水压不足的问题")
    merged = desk.submit(title="二次供水水压不足（重复）")
    tn = Letter.objects.get(pk=merged.pk).tracking_number

    assert flash(office, accepted, "accept") == f"已受理：{accepted.tracking_number}"
    assert flash(office, rejected, "reject", reason="不属于本栏目受理范围", channel="") == (
        f"已决定不予受理，来信人将收到理由：{rejected.tracking_number}"
    )
    assert flash(office, dispatched, "dispatch", department=desk.a.pk) == (
        f"已分办：{dispatched.tracking_number}"
    )
    assert flash(
        office, dispatched, "transfer", department=desk.b.pk, reason="属于生态环境局职责"
    ) == (f"已转办：{dispatched.tracking_number}")
    assert flash(office, merged, "merge", into=target.tracking_number) == f"已合并至所选来信：{tn}"


def test_department_actions(desk: Desk) -> None:
    handler = desk.client("handler_a")
    letter = desk.dispatched()
    returned = desk.dispatched(title="不属于住建局的问题")
    tn = letter.tracking_number

    assert flash(handler, returned, "return", reason="该事项属于生态环境局职责") == (
        f"已退回分办员重新分办：{returned.tracking_number}"
    )
    assert flash(handler, letter, "sign") == f"已签收：{tn}"
    assert flash(handler, letter, "pause", reason="请补充现场照片") == f"已暂停计时，等待补正：{tn}"
    assert flash(handler, letter, "resume") == f"已恢复办理：{tn}"
    assert flash(handler, letter, "request-extension", working_days=5, reason="需要现场检测") == (
        f"已提交延期申请，等待督办员审批：{tn}"
    )
    assert (
        flash(handler, letter, "draft-reply", text="经核实，已安排检修。") == f"已保存答复稿：{tn}"
    )
    assert flash(handler, letter, "submit-review") == f"已提交审核：{tn}"


def test_co_handling_opinion(desk: Desk) -> None:
    letter = desk.submit()
    workflow.letter_dispatch(
        letter_id=letter.pk,
        actor=desk.users["dispatcher"],
        department_id=desk.a.pk,
        assisting_ids=[desk.b.pk],
    )

    assert flash(desk.client("handler_b"), letter, "co-opinion", text="我局已检测水质，正常。") == (
        f"已提交会办意见：{letter.tracking_number}"
    )


def test_review_says_passed_signed_off_or_sent_back_never_reviewed_when_sent_back(
    desk: Desk,
) -> None:
    sent_back = under_review(desk)
    passed = under_review(desk, title="小区路灯不亮")

    assert flash(
        desk.client("reviewer_a"), sent_back, "review", approve="false", reason="请补充检修时间"
    ) == (f"已退回承办人修改答复：{sent_back.tracking_number}")
    assert Letter.objects.get(pk=sent_back.pk).status == "in_progress"
    assert flash(desk.client("reviewer_a"), passed, "review", approve="true") == (
        f"已审核通过，转下一级审核：{passed.tracking_number}"
    )
    assert flash(desk.client("publisher"), passed, "review", approve="true") == (
        f"已签发，答复已发送给来信人：{passed.tracking_number}"
    )
    assert Letter.objects.get(pk=passed.pk).status == "replied"


def test_publication_and_closing(desk: Desk) -> None:
    publisher = desk.client("publisher")
    letter = desk.replied()
    proposal = workflow.publication_proposal(letter)

    assert flash(publisher, letter, "publish", public_text=proposal["public_text"]) == (
        f"已公开答复：{letter.tracking_number}"
    )
    assert flash(desk.client("dispatcher"), letter, "close") == f"已办结：{letter.tracking_number}"


def test_site_error_office_review_and_finding(desk: Desk) -> None:
    publisher = desk.client("publisher")
    sent_back = desk.reply(desk.submit(**SITE_ERROR))
    published = desk.reply(desk.submit(**{**SITE_ERROR, "title": "首页栏目链接打不开"}))
    kept = desk.reply(desk.submit(**{**SITE_ERROR, "title": "政策文件附件无法下载"}))
    assert {sent_back.status, published.status, kept.status} == {"office_review"}

    assert flash(
        publisher, sent_back, "office-review", approve="false", reason="请补充修复时间"
    ) == (f"已退回承办单位修改答复：{sent_back.tracking_number}")
    assert flash(publisher, published, "office-review", approve="true") == (
        f"已审核通过并公开：{published.tracking_number}"
    )
    assert flash(publisher, kept, "record-finding", finding="untrue", reason="经核查链接正常") == (
        f"已认定不属实/涉密，不予公开：{kept.tracking_number}"
    )


def test_supervision_and_sensitive_review(desk: Desk) -> None:
    supervisor = desk.client("supervisor")
    letter = desk.in_progress()
    SensitiveWord.objects.create(word="炸药", category="危险物品")
    flagged = desk.submit(title="有人在小区存放炸药")

    assert flash(supervisor, letter, "urge", note="") == f"已催办：{letter.tracking_number}"
    respond_by = (timezone.localdate() + timedelta(days=3)).isoformat()
    assert flash(
        supervisor, letter, "supervise", instruction="请三日内反馈", respond_by=respond_by
    ) == (f"已下发督办单：{letter.tracking_number}")
    assert flash(
        desk.client("dispatcher"), flagged, "sensitive-review", note="反映安全隐患，非违规内容"
    ) == (f"已完成敏感词复核：{flagged.tracking_number}")


def test_extension_decisions_say_approved_or_not(desk: Desk) -> None:
    supervisor = desk.client("supervisor")
    letters = [desk.in_progress(), desk.in_progress(title="小区路灯不亮")]
    for letter in letters:
        workflow.extension_request(
            letter_id=letter.pk, actor=desk.users["handler_a"], working_days=5, reason="需要检测"
        )
    said = []
    for letter, approve in zip(letters, ("true", "false"), strict=True):
        extension = ExtensionRequest.objects.get(letter=letter)
        response = supervisor.post(
            f"/workspace/extensions/{extension.pk}/decide/", {"approve": approve, "note": "同意"}
        )
        said += [str(m) for m in get_messages(response.wsgi_request)]
        supervisor.get(response["Location"])
    assert said == ["已批准延期申请，期限已顺延。", "已不批准延期申请。"]


def test_every_action_has_its_own_done_text() -> None:
    for action in lifecycle.ACTIONS.values():
        texts = [action.done, *dict(action.done_by_target).values()]
        assert all(text.startswith(("已", "逾期")) for text in texts), action.name
    review = lifecycle.ACTIONS["review"]
    assert lifecycle.confirmation("review", status="in_progress") == "已退回承办人修改答复"
    assert "审核" not in lifecycle.confirmation("review", status="in_progress")
    assert review.done_by_target
