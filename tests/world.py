"""The shared test world: a small city's desk — the government office, two departments
(``a`` and ``b``), the usual staff cast in their roles — and letters and knowledge-base
entries taken there through the real services.

Tests take it as the ``desk`` fixture (tests/conftest.py). A module whose assertions name
its departments differently says so with a marker, e.g.
``pytestmark = pytest.mark.desk(a="测试市医疗保障局")``; a renamed department has no short
name and no phone. Browser tests on a live server build it with :func:`build_desk` too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import User
from django.test import Client
from rest_framework.test import APIClient

from accounts.testing import VerifiedClient
from knowledge_base import services as kb_services
from knowledge_base.models import KnowledgeEntry
from letters.models import Letter
from letters.services import workflow
from letters.services.intake import LetterSubmission, letter_submit
from org.models import Department
from tests.factories import DepartmentFactory, two_department_staff

if TYPE_CHECKING:
    from rest_framework.response import _MonkeyPatchedResponse as APIResponse

STAFF_API = "/api/v1/staff/letters/"

# Name, short name and public phone of each department unless a module renames it.
UNITS: dict[str, tuple[str, str, str]] = {
    "office": ("测试市人民政府办公室", "市政府办", "0731-88880000"),
    "a": ("测试市住房和城乡建设局", "住建局", "0731-88881111"),
    "b": ("测试市生态环境局", "生态环境局", ""),
}

# The letter :meth:`Desk.submit` sends unless told otherwise, and the reply to it.
WRITER_BODY = (
    "我叫孙丽，住在幸福小区5栋2单元301室，电话13700004444。"
    "最近一个月早晚用水高峰水压很低，请问由哪个部门负责？"
)
LETTER: dict[str, Any] = {
    "kind": "consultation",
    "title": "小区二次供水水压不足",
    "body": WRITER_BODY,
    "name": "孙丽",
    "phone": "13700004444",
    "email": "sunli@example.com",
    "address": "临江市幸福路88号幸福小区5栋2单元301室",
    "consent_public": True,
}
REPLY = "孙女士：您好！经核实，二次供水设备已于本周检修，电话13700004444已回访。"


@dataclass
class Desk:
    """The office, departments ``a`` and ``b`` and their staff, by role: ``dispatcher``,
    ``publisher``, ``supervisor``, ``admin`` and ``auditor`` in the office, and
    ``handler_a``, ``reviewer_a``, ``handler_b``, ``reviewer_b`` in the departments."""

    office: Department
    a: Department
    b: Department
    users: dict[str, User]

    # --- signed-in clients --------------------------------------------------------------

    def client(self, name: str) -> Client:
        """A page client signed in as the staff member ``name`` (a verified session)."""
        client = VerifiedClient()
        client.force_login(self.users[name])
        return client

    def api(self, name: str) -> APIClient:
        """An API client authenticated as the staff member ``name``."""
        client = APIClient()
        client.force_authenticate(self.users[name])
        return client

    def act(self, name: str, letter: Letter | int, action: str, **data: Any) -> APIResponse:
        """``name`` posts the case action ``action`` on the letter through the staff API."""
        pk = letter if isinstance(letter, int) else letter.pk
        return self.api(name).post(f"{STAFF_API}{pk}/{action}/", data, format="json")

    # --- letters through the workflow services ------------------------------------------

    def unit(self, department: Department | None) -> str:
        """``"a"`` or ``"b"``: whose handler and reviewer work on ``department``."""
        return "b" if department is not None and department.pk == self.b.pk else "a"

    def submit(self, **fields: Any) -> Letter:
        """Sun Li's consultation (:data:`LETTER`) with ``fields`` changed."""
        return letter_submit(submission=LetterSubmission(**{**LETTER, **fields})).letter

    def dispatch(self, letter: Letter, department: Department | None = None) -> Letter:
        workflow.letter_dispatch(
            letter_id=letter.pk,
            actor=self.users["dispatcher"],
            department_id=(department or self.a).pk,
        )
        return Letter.objects.get(pk=letter.pk)

    def sign(self, letter: Letter) -> Letter:
        """The handler of the letter's department signs for it."""
        handler = self.users[f"handler_{self.unit(letter.department)}"]
        workflow.letter_sign(letter_id=letter.pk, actor=handler)
        return Letter.objects.get(pk=letter.pk)

    def reply(self, letter: Letter, text: str = REPLY) -> Letter:
        """A submitted letter dispatched to ``a``, signed, its reply ``text`` drafted,
        submitted and approved at every review level: status 已答复."""
        letter = self.sign(self.dispatch(letter))
        workflow.reply_draft(letter_id=letter.pk, actor=self.users["handler_a"], text=text)
        workflow.reply_submit(letter_id=letter.pk, actor=self.users["handler_a"])
        workflow.reply_review(letter_id=letter.pk, actor=self.users["reviewer_a"], approve=True)
        workflow.reply_review(letter_id=letter.pk, actor=self.users["publisher"], approve=True)
        return Letter.objects.get(pk=letter.pk)

    def publish(self, letter: Letter) -> Letter:
        """Publish a replied letter with the redaction proposal the publisher confirms."""
        proposal = workflow.publication_proposal(letter)
        workflow.letter_publish(
            letter_id=letter.pk,
            actor=self.users["publisher"],
            public_text=proposal["public_text"],
        )
        return Letter.objects.get(pk=letter.pk)

    def dispatched(self, department: Department | None = None, **fields: Any) -> Letter:
        return self.dispatch(self.submit(**fields), department)

    def in_progress(self, department: Department | None = None, **fields: Any) -> Letter:
        return self.sign(self.dispatched(department, **fields))

    def replied(self, **fields: Any) -> Letter:
        return self.reply(self.submit(**fields))

    # --- knowledge base -----------------------------------------------------------------

    def published_entry(self, question: str, answer: str, **fields: Any) -> KnowledgeEntry:
        """An entry of department ``a`` written by the dispatcher and approved by the
        publisher (nobody approves their own entry)."""
        author = self.users["dispatcher"]
        entry = kb_services.entry_create(
            actor=author, question=question, answer=answer, department_id=self.a.pk, **fields
        )
        kb_services.entry_submit(entry, author)
        return kb_services.entry_review(entry, self.users["publisher"], approve=True)


def build_desk(*, office: str | None = None, a: str | None = None, b: str | None = None) -> Desk:
    """The world in the database; a department given a name here has no short name and
    no phone."""

    def department(key: str, renamed: str | None) -> Department:
        if renamed is not None:
            return DepartmentFactory(name=renamed)
        name, short_name, phone = UNITS[key]
        return DepartmentFactory(name=name, short_name=short_name, phone=phone)

    units = department("office", office), department("a", a), department("b", b)
    return Desk(*units, users=two_department_staff(*units))


def set_deadline(letter: Letter, deadline: datetime) -> Letter:
    Letter.objects.filter(pk=letter.pk).update(deadline_at=deadline)
    return Letter.objects.get(pk=letter.pk)
