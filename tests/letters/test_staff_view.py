"""What staff see of a letter (letters.staff_view): title and body masked by the detector
for everyone by default; the unit a complaint is about never learns who wrote, not even
from the title; assisting units cannot unmask; the lead department unmasks with the
audited action, which also returns the text as written."""

from __future__ import annotations

from typing import Any

import pytest

from core.models import AuditRecord
from letters.models import Letter
from letters.services import workflow
from letters.services.intake import LetterSubmission, letter_submit
from tests.world import Desk

pytestmark = pytest.mark.django_db

PHONE = "13912345678"
TITLE = f"周明投诉物业乱收费 电话{PHONE}"
BODY = f"我叫周明，手机{PHONE}，住人民路18号3栋2单元501室。物业经理王某某先生多收停车费。"


def complaint(desk: Desk, **dispatch: Any) -> Letter:
    letter = letter_submit(
        submission=LetterSubmission(
            kind="complaint", title=TITLE, body=BODY, name="周明", phone=PHONE
        )
    ).letter
    workflow.letter_dispatch(
        letter_id=letter.pk, actor=desk.users["dispatcher"], department_id=desk.a.pk, **dispatch
    )
    return letter


def leaks(text: str) -> list[str]:
    return [item for item in (PHONE, "周明", "王某某", "18号", "501室") if item in text]


def test_the_named_unit_sees_title_and_body_masked_and_no_writer(desk: Desk) -> None:
    letter = complaint(desk, named_unit_id=desk.b.pk)
    client = desk.api("handler_b")
    rows = client.get("/api/v1/staff/letters/").json()["results"]
    assert [row["id"] for row in rows] == [letter.pk]
    assert leaks(rows[0]["title"]) == []
    assert rows[0]["writer"]["name"] == "（已隐去）"
    detail = client.get(f"/api/v1/staff/letters/{letter.pk}/").json()
    assert leaks(detail["title"] + detail["body"]) == []
    assert detail["protected_copy"] is True
    page = desk.client("handler_b")
    html = page.get(f"/workspace/letters/{letter.pk}/").content.decode()
    assert leaks(html) == []
    inbox = page.get("/workspace/").content.decode()
    assert leaks(inbox) == []


def test_the_named_unit_cannot_find_the_letter_by_the_writers_phone(
    desk: Desk,
) -> None:
    letter = complaint(desk, named_unit_id=desk.b.pk)
    named = desk.api("handler_b").get("/api/v1/staff/letters/", {"q": PHONE}).json()
    assert named["results"] == []
    lead = desk.api("handler_a").get("/api/v1/staff/letters/", {"q": PHONE}).json()
    assert [row["id"] for row in lead["results"]] == [letter.pk]


def test_an_assisting_unit_sees_masked_text_and_may_not_unmask(desk: Desk) -> None:
    letter = complaint(desk, assisting_ids=[desk.b.pk])
    client = desk.api("handler_b")
    detail = client.get(f"/api/v1/staff/letters/{letter.pk}/").json()
    assert leaks(detail["title"] + detail["body"]) == []
    assert detail["writer"]["name"] == "周*"
    audits = AuditRecord.objects.count()
    refused = client.post(
        f"/api/v1/staff/letters/{letter.pk}/unmask/", {"reason": "核实情况"}, format="json"
    )
    assert refused.status_code == 403
    assert AuditRecord.objects.count() == audits + 1  # the refusal is on the record


def test_the_lead_department_unmasks_the_text_with_a_reason(desk: Desk) -> None:
    letter = complaint(desk)
    client = desk.api("handler_a")
    detail = client.get(f"/api/v1/staff/letters/{letter.pk}/").json()
    assert leaks(detail["body"]) == []
    assert detail["writer"]["name"] == "周明"
    unmasked = client.post(
        f"/api/v1/staff/letters/{letter.pk}/unmask/",
        {"reason": "电话联系来信人核实"},
        format="json",
    ).json()
    assert (unmasked["title"], unmasked["body"], unmasked["phone"]) == (TITLE, BODY, PHONE)
    record = AuditRecord.objects.filter(action="letter.unmask").latest("id")
    assert record.data["reason"] == "电话联系来信人核实"
    assert set(record.data["fields"]) == {"name", "title", "body", "phone"}
