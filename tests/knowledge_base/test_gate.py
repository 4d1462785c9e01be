"""The publication gate: one check on the final text of everything that goes public.

A publisher-typed text with personal data or a sensitive word is refused (409, each hit
named with its field) and nothing changes; a specific hit is kept only when confirmed
with a reason (stored and audited); official numbers pass; a reopened letter keeps its
published reply until the new one passes the gate; knowledge-base entries pass the same
gate."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from core.models import AuditRecord, SensitiveWord
from knowledge_base import services as kb
from knowledge_base.gate import PublicationRefused
from knowledge_base.models import EntryStatus, OfficialNumber, PublicationClearance
from letters.models import Letter, LetterEvent
from letters.services import workflow
from letters.services.intake import LetterSubmission, letter_submit
from tests.world import Desk

pytestmark = pytest.mark.django_db

WRITER_PHONE = "13912345678"
REPLY = "您好！经核实，小区南门路灯已于本周修复。如有疑问，请与街道办联系。"


def replied(desk: Desk, *, reply: str = REPLY, **fields: Any) -> Letter:
    submission = LetterSubmission(
        kind=fields.pop("kind", "consultation"),
        title=fields.pop("title", "小区南门路灯不亮"),
        body=fields.pop("body", "我是周明，小区南门路灯坏了一个月，晚上出行不便。"),
        name=fields.pop("name", "周明"),
        phone=fields.pop("phone", WRITER_PHONE),
        consent_public=fields.pop("consent_public", True),
        **fields,
    )
    letter = letter_submit(submission=submission).letter
    workflow.letter_dispatch(
        letter_id=letter.pk, actor=desk.users["dispatcher"], department_id=desk.a.pk
    )
    workflow.letter_sign(letter_id=letter.pk, actor=desk.users["handler_a"])
    workflow.reply_draft(letter_id=letter.pk, actor=desk.users["handler_a"], text=reply)
    workflow.reply_submit(letter_id=letter.pk, actor=desk.users["handler_a"])
    workflow.reply_review(letter_id=letter.pk, actor=desk.users["reviewer_a"], approve=True)
    workflow.reply_review(letter_id=letter.pk, actor=desk.users["publisher"], approve=True)
    return Letter.objects.get(pk=letter.pk)


def publish_url(letter: Letter) -> str:
    return f"/api/v1/staff/letters/{letter.pk}/publish/"


def snapshot(letter: Letter) -> tuple[Any, ...]:
    letter.refresh_from_db()
    return (
        letter.status,
        letter.public_title,
        letter.public_body,
        letter.public_text,
        letter.published_at,
        letter.public_replied_at,
        LetterEvent.objects.filter(letter=letter).count(),
        PublicationClearance.objects.count(),
        AuditRecord.objects.count(),
    )


def test_a_publisher_typed_mobile_and_id_number_are_refused_with_each_hit_named(
    desk: Desk,
) -> None:
    letter = replied(desk)
    before = snapshot(letter)
    response = desk.api("publisher").post(
        publish_url(letter),
        {
            "public_title": "小区南门路灯不亮",
            "public_text": "已修复。联系人手机13800138000，身份证号11010519491231002X。",
        },
        format="json",
    )
    assert response.status_code == 409
    body = response.json()
    assert [(h["field"], h["kind"], h["text"]) for h in body["hits"]] == [
        ("public_text", "phone", "13800138000"),
        ("public_text", "id_number", "11010519491231002X"),
    ]
    assert body["hits"][0]["field_label"] == "公开答复内容"
    assert "「公开答复内容」中的" in body["detail"]
    assert "13800138000" in body["detail"]
    assert snapshot(letter) == before


def test_the_masked_proposal_passes_the_gate_and_the_public_reply_date_is_stored(
    desk: Desk,
) -> None:
    letter = replied(desk, body=f"我是周明，电话{WRITER_PHONE}，小区南门路灯坏了。")
    proposal = workflow.publication_proposal(letter)
    assert WRITER_PHONE not in proposal["public_body"]
    assert "周明" not in proposal["public_body"]
    response = desk.api("publisher").post(
        publish_url(letter), {"public_text": proposal["public_text"]}, format="json"
    )
    assert response.status_code == 200, response.json()
    letter.refresh_from_db()
    assert letter.status == "published"
    assert letter.public_body == proposal["public_body"]
    assert letter.public_replied_at == letter.replied_at


def test_a_kept_hit_needs_a_reason_and_is_stored_and_audited(desk: Desk) -> None:
    letter = replied(desk)
    text = "已修复。如有疑问请拨打社区服务站值班手机13800138000。"
    client = desk.api("publisher")
    before = snapshot(letter)
    short = client.post(
        publish_url(letter),
        {
            "public_text": text,
            "confirmations": [
                {"field": "public_text", "kind": "phone", "text": "13800138000", "reason": "公开"}
            ],
        },
        format="json",
    )
    assert short.status_code == 400
    assert short.json()["errors"]["confirmations"][0].startswith("「确认保留」")
    assert snapshot(letter) == before

    unknown = client.post(
        publish_url(letter),
        {
            "public_text": text,
            "confirmations": [
                {
                    "field": "public_text",
                    "kind": "phone",
                    "text": "13900000000",
                    "reason": "社区服务站公开的值班电话",
                }
            ],
        },
        format="json",
    )
    assert unknown.status_code == 400
    assert "不是待确认的内容" in unknown.json()["errors"]["confirmations"][0]
    assert snapshot(letter) == before

    kept = client.post(
        publish_url(letter),
        {
            "public_text": text,
            "confirmations": [
                {
                    "field": "public_text",
                    "kind": "phone",
                    "text": "13800138000",
                    "reason": "社区服务站公开的值班电话",
                }
            ],
        },
        format="json",
    )
    assert kept.status_code == 200, kept.json()
    letter.refresh_from_db()
    assert letter.public_text == text
    clearance = PublicationClearance.objects.get()
    assert (clearance.subject_type, clearance.subject_id, clearance.field, clearance.kind) == (
        "letter",
        letter.pk,
        "public_text",
        "phone",
    )
    assert clearance.reason == "社区服务站公开的值班电话"
    assert clearance.actor == desk.users["publisher"]
    record = AuditRecord.objects.filter(action="publication.confirm").get()
    assert record.data["subject"] == f"letter:{letter.pk}"
    assert record.actor_name == "publisher"


def test_official_numbers_pass_without_confirmation(desk: Desk) -> None:
    OfficialNumber.objects.create(number="0731-12345678", label="市民服务热线")
    letter = replied(desk)
    text = "已修复。咨询请拨打本人手机0731-12345678或住建局0731-88881111。"
    response = desk.api("publisher").post(publish_url(letter), {"public_text": text}, format="json")
    assert response.status_code == 200, response.json()
    assert PublicationClearance.objects.count() == 0


def test_a_sensitive_word_in_the_public_text_is_refused_until_cleared(
    desk: Desk,
) -> None:
    SensitiveWord.objects.create(word="黑恶势力", category="涉黑")
    letter = replied(desk)
    text = "经核实，未发现黑恶势力参与，路灯已修复。"
    client = desk.api("publisher")
    refused = client.post(publish_url(letter), {"public_text": text}, format="json")
    assert refused.status_code == 409
    assert refused.json()["hits"] == [
        {
            "field": "public_text",
            "field_label": "公开答复内容",
            "kind": "sensitive_word",
            "kind_label": "敏感词",
            "text": "黑恶势力",
        }
    ]
    cleared = client.post(
        publish_url(letter),
        {
            "public_text": text,
            "confirmations": [
                {
                    "field": "public_text",
                    "kind": "sensitive_word",
                    "text": "黑恶势力",
                    "reason": "答复说明核查结论，用语必要",
                }
            ],
        },
        format="json",
    )
    assert cleared.status_code == 200, cleared.json()


def test_a_reopened_letter_keeps_its_published_reply_until_published_again(
    desk: Desk,
) -> None:
    letter = replied(desk)
    workflow.letter_publish(
        letter_id=letter.pk,
        actor=desk.users["publisher"],
        public_text=workflow.publication_proposal(letter)["public_text"],
    )
    first = Letter.objects.get(pk=letter.pk)
    workflow.letter_rate(letter_id=letter.pk, rating="unsatisfied", comment="路灯又坏了")
    new_reply = "您好！路灯控制箱已更换，经夜间复查已正常亮灯。联系人周明手机13912345678。"
    workflow.reply_draft(letter_id=letter.pk, actor=desk.users["handler_a"], text=new_reply)
    workflow.reply_submit(letter_id=letter.pk, actor=desk.users["handler_a"])
    workflow.reply_review(letter_id=letter.pk, actor=desk.users["reviewer_a"], approve=True)
    workflow.reply_review(letter_id=letter.pk, actor=desk.users["publisher"], approve=True)
    reopened = Letter.objects.get(pk=letter.pk)
    assert reopened.status == "replied"
    assert reopened.public_text == first.public_text
    assert reopened.public_replied_at == first.public_replied_at

    public = APIClient().get(f"/api/v1/public/letters/{letter.tracking_number}/").json()
    assert public["reply"] == first.public_text
    assert public["status_display"] == "重办中"
    assert public["replied_at"] is not None
    assert first.public_replied_at is not None
    assert public["replied_at"][:10] == first.public_replied_at.date().isoformat()
    page = APIClient().get(f"/replies/{letter.tracking_number}/").content.decode()
    assert "重办中" in page
    assert "13912345678" not in page

    # The new reply names the writer and their phone: the gate refuses it as typed.
    with pytest.raises(PublicationRefused) as refused:
        workflow.letter_publish(
            letter_id=letter.pk, actor=desk.users["publisher"], public_text=new_reply
        )
    assert {(h.kind, h.text) for h in refused.value.gate_hits} == {
        ("name", "周明"),
        ("phone", "13912345678"),
    }
    proposal = workflow.publication_proposal(reopened)
    workflow.letter_publish(
        letter_id=letter.pk, actor=desk.users["publisher"], public_text=proposal["public_text"]
    )
    public = APIClient().get(f"/api/v1/public/letters/{letter.tracking_number}/").json()
    assert public["reply"] == proposal["public_text"]
    assert public["status_display"] == "已答复"
    assert "13912345678" not in public["reply"]


def test_a_knowledge_base_entry_with_personal_data_is_not_published(
    desk: Desk,
) -> None:
    entry = kb.entry_create(
        actor=desk.users["dispatcher"],
        question="路灯坏了找谁？",
        answer="请联系王建国经理，手机13800138000。",
    )
    kb.entry_submit(entry, desk.users["dispatcher"])
    response = desk.api("publisher").post(
        f"/api/v1/kb/curator/entries/{entry.pk}/review/", {"approve": True}, format="json"
    )
    assert response.status_code == 409
    assert {(h["field"], h["kind"]) for h in response.json()["hits"]} >= {("answer", "phone")}
    entry.refresh_from_db()
    assert entry.status == EntryStatus.IN_REVIEW
    assert APIClient().get("/api/v1/kb/search/", {"q": "路灯"}).json()["results"] == []


def test_a_flagged_letter_cannot_be_dispatched_until_reviewed(desk: Desk) -> None:
    SensitiveWord.objects.create(word="黑恶势力", category="涉黑")
    letter = letter_submit(
        submission=LetterSubmission(
            kind="report",
            title="举报黑恶势力",
            body="小区附近有黑恶势力收保护费。",
            name="周明",
            phone=WRITER_PHONE,
        )
    ).letter
    client = desk.api("dispatcher")
    refused = client.post(
        f"/api/v1/staff/letters/{letter.pk}/dispatch/",
        {"department": desk.a.pk},
        format="json",
    )
    assert refused.status_code == 409
    assert "黑恶势力" in refused.json()["detail"]
    assert Letter.objects.get(pk=letter.pk).status == "submitted"
    reviewed = client.post(
        f"/api/v1/staff/letters/{letter.pk}/sensitive-review/",
        {"note": "如实反映问题，正常办理"},
        format="json",
    )
    assert reviewed.status_code == 200
    dispatched = client.post(
        f"/api/v1/staff/letters/{letter.pk}/dispatch/",
        {"department": desk.a.pk},
        format="json",
    )
    assert dispatched.status_code == 200


def test_a_sensitive_word_in_a_draft_is_flagged_for_the_reviewer(desk: Desk) -> None:
    SensitiveWord.objects.create(word="黑恶势力", category="涉黑")
    letter = letter_submit(
        submission=LetterSubmission(
            kind="consultation",
            title="路灯不亮",
            body="小区南门路灯坏了。",
            name="周明",
            phone=WRITER_PHONE,
        )
    ).letter
    workflow.letter_dispatch(
        letter_id=letter.pk, actor=desk.users["dispatcher"], department_id=desk.a.pk
    )
    workflow.letter_sign(letter_id=letter.pk, actor=desk.users["handler_a"])
    workflow.reply_draft(
        letter_id=letter.pk, actor=desk.users["handler_a"], text="经查与黑恶势力无关，已修复。"
    )
    workflow.reply_submit(letter_id=letter.pk, actor=desk.users["handler_a"])
    letter.refresh_from_db()
    assert letter.sensitive_flagged is True
    assert letter.sensitive_hits == [{"word": "黑恶势力", "category": "涉黑", "field": "reply"}]
    reviewer = desk.api("reviewer_a")
    refused = reviewer.post(
        f"/api/v1/staff/letters/{letter.pk}/review/", {"approve": True}, format="json"
    )
    assert refused.status_code == 409
    assert Letter.objects.get(pk=letter.pk).review_level == 0
    other = desk.api("reviewer_b").post(
        f"/api/v1/staff/letters/{letter.pk}/sensitive-review/",
        {"note": "无关单位"},
        format="json",
    )
    assert other.status_code == 404
    cleared = reviewer.post(
        f"/api/v1/staff/letters/{letter.pk}/sensitive-review/",
        {"note": "说明核查结论，用语必要"},
        format="json",
    )
    assert cleared.status_code == 200
    approved = reviewer.post(
        f"/api/v1/staff/letters/{letter.pk}/review/", {"approve": True}, format="json"
    )
    assert approved.status_code == 200
    assert Letter.objects.get(pk=letter.pk).review_level == 1
