"""Data for the public portal tests (Django client and browser): letters taken through
the real workflow services to replied or published, and published KB entries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from knowledge_base import services as kb_services
from knowledge_base.models import KnowledgeEntry
from letters.models import Letter
from letters.services import workflow
from letters.services.intake import LetterSubmission, letter_submit
from org.models import Department
from tests.factories import DepartmentFactory, staff_user

WRITER_NAME = "欧阳明轩"
WRITER_PHONE = "13912345678"
WRITER_ID = "110105198001010033"
WRITER_ADDRESS = "临江市幸福路88号3栋502室"


@dataclass
class Desk:
    office: Department
    dept: Department
    users: dict[str, Any]


def make_desk() -> Desk:
    office = DepartmentFactory(name="测试市人民政府办公室")
    dept = DepartmentFactory(name="测试市住房公积金管理中心")
    users = {
        "dispatcher": staff_user("t-dispatcher", "dispatcher", office),
        "publisher": staff_user("t-publisher", "publisher", office),
        "handler": staff_user("t-handler", "handler", dept),
        "reviewer": staff_user("t-reviewer", "reviewer", dept),
    }
    return Desk(office=office, dept=dept, users=users)


def submitted(
    *,
    title: str = "咨询公积金提取手续",
    body: str = "",
    kind: str = "consultation",
    consent: bool = True,
) -> Letter:
    body = body or (
        f"我叫{WRITER_NAME}，电话{WRITER_PHONE}，住在{WRITER_ADDRESS}。"
        "想提取住房公积金支付房租，需要什么材料？"
    )
    return letter_submit(
        submission=LetterSubmission(
            kind=kind,
            title=title,
            body=body,
            name=WRITER_NAME,
            phone=WRITER_PHONE,
            id_number=WRITER_ID,
            address=WRITER_ADDRESS,
            consent_public=consent,
        )
    ).letter


def replied(desk: Desk, letter: Letter, reply: str = "") -> Letter:
    """Dispatch, sign, draft, submit and approve at every review level: status 已答复."""
    reply = reply or f"{WRITER_NAME}您好！租房提取公积金请携带身份证和租房合同到服务网点办理。"
    workflow.letter_dispatch(
        letter_id=letter.pk, actor=desk.users["dispatcher"], department_id=desk.dept.pk
    )
    workflow.letter_sign(letter_id=letter.pk, actor=desk.users["handler"])
    workflow.reply_draft(letter_id=letter.pk, actor=desk.users["handler"], text=reply)
    workflow.reply_submit(letter_id=letter.pk, actor=desk.users["handler"])
    workflow.reply_review(letter_id=letter.pk, actor=desk.users["reviewer"], approve=True)
    workflow.reply_review(letter_id=letter.pk, actor=desk.users["publisher"], approve=True)
    return Letter.objects.get(pk=letter.pk)


def published(desk: Desk, letter: Letter) -> Letter:
    """Publish with the redaction proposal the publisher confirms."""
    proposal = workflow.publication_proposal(letter)
    workflow.letter_publish(
        letter_id=letter.pk, actor=desk.users["publisher"], public_text=proposal["public_text"]
    )
    return Letter.objects.get(pk=letter.pk)


def published_entry(desk: Desk, question: str, answer: str, keywords: str = "") -> KnowledgeEntry:
    author = desk.users["dispatcher"]  # nobody approves their own entry
    entry = kb_services.entry_create(
        actor=author,
        question=question,
        answer=answer,
        department_id=desk.dept.pk,
        keywords=keywords,
    )
    kb_services.entry_submit(entry, author)
    return kb_services.entry_review(entry, desk.users["publisher"], approve=True)
