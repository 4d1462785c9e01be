"""What staff see of a letter (letters.staff_view): title and body masked by the detector
for everyone by default; the unit a complaint is about never learns who wrote, not even
from the title; assisting units cannot unmask; the lead department unmasks with the
audited action, which also returns the text as written."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from accounts.testing import VerifiedClient
from core.models import AuditRecord
from letters.models import Letter
from letters.services import workflow
from letters.services.intake import LetterSubmission, letter_submit
from tests.factories import DepartmentFactory, two_department_staff

pytestmark = pytest.mark.django_db

PHONE = "13912345678"
TITLE = f"周明投诉物业乱收费 电话{PHONE}"
BODY = f"我叫周明，手机{PHONE}，住人民路18号3栋2单元501室。物业经理王某某先生多收停车费。"


@pytest.fixture
def cast() -> dict[str, Any]:
    office = DepartmentFactory(name="测试市人民政府办公室")
    a = DepartmentFactory(name="测试市住房和城乡建设局")
    b = DepartmentFactory(name="测试市生态环境局")
    return {"a": a, "b": b, **two_department_staff(office, a, b)}


def as_user(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def complaint(cast: dict[str, Any], **dispatch: Any) -> Letter:
    letter = letter_submit(
        submission=LetterSubmission(
            kind="complaint", title=TITLE, body=BODY, name="周明", phone=PHONE
        )
    ).letter
    workflow.letter_dispatch(
        letter_id=letter.pk, actor=cast["dispatcher"], department_id=cast["a"].pk, **dispatch
    )
    return letter


def leaks(text: str) -> list[str]:
    return [item for item in (PHONE, "周明", "王某某", "18号", "501室") if item in text]


def test_the_named_unit_sees_title_and_body_masked_and_no_writer(cast: dict[str, Any]) -> None:
    letter = complaint(cast, named_unit_id=cast["b"].pk)
    client = as_user(cast["handler_b"])
    rows = client.get("/api/v1/staff/letters/").json()["results"]
    assert [row["id"] for row in rows] == [letter.pk]
    assert leaks(rows[0]["title"]) == []
    assert rows[0]["writer"]["name"] == "（已隐去）"
    detail = client.get(f"/api/v1/staff/letters/{letter.pk}/").json()
    assert leaks(detail["title"] + detail["body"]) == []
    assert detail["protected_copy"] is True
    page = VerifiedClient()
    page.force_login(cast["handler_b"])
    html = page.get(f"/workspace/letters/{letter.pk}/").content.decode()
    assert leaks(html) == []
    inbox = page.get("/workspace/").content.decode()
    assert leaks(inbox) == []


def test_the_named_unit_cannot_find_the_letter_by_the_writers_phone(
    cast: dict[str, Any],
) -> None:
    letter = complaint(cast, named_unit_id=cast["b"].pk)
    named = as_user(cast["handler_b"]).get("/api/v1/staff/letters/", {"q": PHONE}).json()
    assert named["results"] == []
    lead = as_user(cast["handler_a"]).get("/api/v1/staff/letters/", {"q": PHONE}).json()
    assert [row["id"] for row in lead["results"]] == [letter.pk]


def test_an_assisting_unit_sees_masked_text_and_may_not_unmask(cast: dict[str, Any]) -> None:
    letter = complaint(cast, assisting_ids=[cast["b"].pk])
    client = as_user(cast["handler_b"])
    detail = client.get(f"/api/v1/staff/letters/{letter.pk}/").json()
    assert leaks(detail["title"] + detail["body"]) == []
    assert detail["writer"]["name"] == "周*"
    audits = AuditRecord.objects.count()
    refused = client.post(
        f"/api/v1/staff/letters/{letter.pk}/unmask/", {"reason": "核实情况"}, format="json"
    )
    assert refused.status_code == 403
    assert AuditRecord.objects.count() == audits + 1  # the refusal is on the record


def test_the_lead_department_unmasks_the_text_with_a_reason(cast: dict[str, Any]) -> None:
    letter = complaint(cast)
    client = as_user(cast["handler_a"])
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
