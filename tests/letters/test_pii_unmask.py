"""Masked on staff screens by default; unmasking is a permission, needs a reason and is
audited (letters.services.pii, POST /api/v1/staff/letters/{id}/unmask/)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from rest_framework.test import APIClient

from core.models import AuditRecord
from letters.models import Letter
from letters.services import workflow
from letters.services.intake import LetterSubmission, letter_submit
from letters.services.pii import unmask_letter
from tests.factories import DepartmentFactory, staff_user

pytestmark = pytest.mark.django_db

PHONE = "13987654321"
ID_NUMBER = "11010519491231002X"
ADDRESS = "临江市江南区桂花苑小区7栋2单元301室"
EMAIL = "zhao.lei@example.com"
STAFF = "/api/v1/staff/letters/"
TEXT = {
    "name": "赵磊",
    "title": "物业公司长期不维修电梯",
    "body": "小区电梯多次故障，物业一直拖延。",
}
PLAIN = {"phone": PHONE, "email": EMAIL, "id_number": ID_NUMBER, "address": ADDRESS, **TEXT}


@dataclass
class World:
    letter: Letter
    users: dict[str, Any]

    def client(self, name: str) -> APIClient:
        client = APIClient()
        client.force_authenticate(self.users[name])
        return client

    def unmask(self, name: str, **data: Any) -> Any:
        return self.client(name).post(f"{STAFF}{self.letter.pk}/unmask/", data, format="json")


@pytest.fixture
def world() -> World:
    office, lead, assisting, named, other = (DepartmentFactory() for _ in range(5))
    users = {
        "dispatcher": staff_user("dispatcher", "dispatcher", office),
        "supervisor": staff_user("supervisor", "supervisor", office),
        "publisher": staff_user("publisher", "publisher", office),
        "handler": staff_user("handler", "handler", lead),
        "reviewer": staff_user("reviewer", "reviewer", lead),
        "assisting_handler": staff_user("assisting_handler", "handler", assisting),
        "named_handler": staff_user("named_handler", "handler", named),
        "other_handler": staff_user("other_handler", "handler", other),
        "admin": staff_user("admin_user", "admin", office),
        "auditor": staff_user("auditor", "auditor", office),
    }
    letter = letter_submit(
        submission=LetterSubmission(
            kind="complaint",
            title="物业公司长期不维修电梯",
            body="小区电梯多次故障，物业一直拖延。",
            name="赵磊",
            phone=PHONE,
            email=EMAIL,
            id_number=ID_NUMBER,
            address=ADDRESS,
        )
    ).letter
    workflow.letter_dispatch(
        letter_id=letter.pk,
        actor=users["dispatcher"],
        department_id=lead.pk,
        assisting_ids=[assisting.pk],
        named_unit_id=named.pk,
    )
    letter.refresh_from_db()
    return World(letter, users)


def unmask_records() -> list[tuple[str, str, str, dict[str, Any]]]:
    return [
        (r.actor_name, r.object_id, r.outcome, r.data)
        for r in AuditRecord.objects.filter(action="letter.unmask").order_by("id")
    ]


def test_staff_screens_show_contact_details_masked(world: World) -> None:
    client = world.client("handler")
    listing = client.get(STAFF)
    detail = client.get(f"{STAFF}{world.letter.pk}/")

    assert detail.json()["writer"] == {
        "name": "赵磊",
        "phone": "139****4321",
        "email": "z***@example.com",
        "id_number": "1****************X",
        "address": "临江市江南区****",
    }
    assert listing.json()["results"][0]["writer"] == detail.json()["writer"]
    for response in (listing, detail):
        body = response.content.decode()
        for value in (PHONE, ID_NUMBER, ADDRESS, EMAIL, "桂花苑", "87654321"):
            assert value not in body


def test_handler_of_the_lead_department_unmasks_with_a_reason(world: World) -> None:
    response = world.unmask("handler", reason="电话联系来信人核实电梯故障情况")

    assert response.status_code == 200
    assert response.json() == PLAIN
    assert response["Cache-Control"] == "no-store"
    assert unmask_records() == [
        (
            "handler",
            str(world.letter.pk),
            "success",
            {
                "reason": "电话联系来信人核实电梯故障情况",
                "fields": ["phone", "email", "id_number", "address", "name", "title", "body"],
            },
        )
    ]


def test_dispatcher_may_unmask(world: World) -> None:
    assert world.unmask("dispatcher", reason="核实来信人身份后再分办").json() == PLAIN


def test_only_given_fields_are_recorded_as_shown(world: World) -> None:
    Letter.objects.filter(pk=world.letter.pk).update(email="", id_number="")
    assert world.unmask("handler", reason="电话回访来信人").json() == {
        "phone": PHONE,
        "email": "",
        "id_number": "",
        "address": ADDRESS,
        **TEXT,
    }
    assert unmask_records()[0][3]["fields"] == ["phone", "address", "name", "title", "body"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "「查看理由」：请说明查看完整个人信息的理由（至少4个字）。"),
        ({"reason": "   "}, "「查看理由」：请说明查看完整个人信息的理由（至少4个字）。"),
        ({"reason": "看看"}, "「查看理由」：请说明查看完整个人信息的理由（至少4个字）。"),
        ({"reason": "理" * 501}, "「查看理由」：请确保这个字段不能超过 500 个字符。"),
    ],
)
def test_a_reason_is_required(world: World, data: dict[str, Any], message: str) -> None:
    response = world.unmask("handler", **data)

    assert response.status_code == 400
    assert response.json()["errors"] == {"reason": [message]}
    assert PHONE not in response.content.decode()
    assert unmask_records() == []


@pytest.mark.parametrize(
    "name", ["reviewer", "supervisor", "publisher", "assisting_handler", "named_handler"]
)
def test_other_roles_and_departments_may_not_unmask_and_the_refusal_is_audited(
    world: World, name: str
) -> None:
    response = world.unmask(name, reason="想看看来信人是谁")

    assert response.status_code == 403
    assert response.json()["detail"] == "您无权查看该来信人的完整个人信息。"
    assert PHONE not in response.content.decode()
    assert unmask_records() == [
        (name, str(world.letter.pk), "denied", {"reason": "想看看来信人是谁"})
    ]


@pytest.mark.parametrize(
    ("name", "status"), [("other_handler", 404), ("admin", 403), ("auditor", 403)]
)
def test_outsiders_get_nothing(world: World, name: str, status: int) -> None:
    response = world.unmask(name, reason="想看看来信人是谁")
    assert response.status_code == status
    assert PHONE not in response.content.decode()


def test_anonymous_gets_nothing(world: World) -> None:
    response = APIClient().post(f"{STAFF}{world.letter.pk}/unmask/", {"reason": "查看理由"})
    assert response.status_code in {401, 403}
    assert unmask_records() == []


def test_the_service_checks_the_permission_itself(world: World) -> None:
    """The workspace calls the service directly: the check cannot live in the view only."""
    with pytest.raises(PermissionDenied):
        unmask_letter(letter=world.letter, actor=world.users["other_handler"], reason="核实情况")
    with pytest.raises(ValidationError) as error:
        unmask_letter(letter=world.letter, actor=world.users["handler"], reason="")
    assert error.value.message_dict == {
        "reason": ["「查看理由」：请说明查看完整个人信息的理由（至少4个字）。"]
    }
    assert (
        unmask_letter(letter=world.letter, actor=world.users["handler"], reason="电话回访来信人")
        == PLAIN
    )
    assert [r[2] for r in unmask_records()] == ["denied", "success"]
