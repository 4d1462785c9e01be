"""Shared set-up of the staff workspace tests: a small city, its staff, and letters moved
through the real workflow services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pytest
from django.test import Client

from accounts.testing import VerifiedClient
from letters.models import Letter
from letters.services import workflow
from letters.services.intake import LetterSubmission, letter_submit
from tests.factories import DepartmentFactory, two_department_staff

BODY = (
    "我叫孙丽，住在幸福小区5栋2单元301室，电话13700004444。"
    "最近一个月早晚用水高峰水压很低，请问由哪个部门负责？"
)


@dataclass
class Desk:
    office: Any
    a: Any
    b: Any
    users: dict[str, Any]

    def client(self, name: str) -> Client:
        client = VerifiedClient()
        client.force_login(self.users[name])
        return client

    def submit(self, **extra: Any) -> Letter:
        values: dict[str, Any] = {
            "kind": "consultation",
            "title": "小区二次供水水压不足",
            "body": BODY,
            "name": "孙丽",
            "phone": "13700004444",
            "email": "sunli@example.com",
            "address": "临江市幸福路88号幸福小区5栋2单元301室",
            "consent_public": True,
            **extra,
        }
        return letter_submit(submission=LetterSubmission(**values)).letter

    def dispatched(self, department: Any = None, **extra: Any) -> Letter:
        letter = self.submit(**extra)
        workflow.letter_dispatch(
            letter_id=letter.pk,
            actor=self.users["dispatcher"],
            department_id=(department or self.a).pk,
        )
        return Letter.objects.get(pk=letter.pk)

    def in_progress(self, department: Any = None, **extra: Any) -> Letter:
        letter = self.dispatched(department, **extra)
        dept = "a" if (department or self.a) == self.a else "b"
        workflow.letter_sign(letter_id=letter.pk, actor=self.users[f"handler_{dept}"])
        return Letter.objects.get(pk=letter.pk)

    def replied(self, **extra: Any) -> Letter:
        letter = self.in_progress(**extra)
        workflow.reply_draft(
            letter_id=letter.pk,
            actor=self.users["handler_a"],
            text="孙女士：您好！经核实，二次供水设备已于本周检修，电话13700004444已回访。",
        )
        workflow.reply_submit(letter_id=letter.pk, actor=self.users["handler_a"])
        workflow.reply_review(letter_id=letter.pk, actor=self.users["reviewer_a"], approve=True)
        workflow.reply_review(letter_id=letter.pk, actor=self.users["publisher"], approve=True)
        return Letter.objects.get(pk=letter.pk)


def set_deadline(letter: Letter, deadline: datetime) -> Letter:
    Letter.objects.filter(pk=letter.pk).update(deadline_at=deadline)
    return Letter.objects.get(pk=letter.pk)


@pytest.fixture
def desk() -> Desk:
    office = DepartmentFactory(name="测试市人民政府办公室", short_name="市政府办")
    a = DepartmentFactory(name="测试市住房和城乡建设局", short_name="住建局")
    b = DepartmentFactory(name="测试市生态环境局", short_name="生态环境局")
    users = two_department_staff(office, a, b)
    return Desk(office, a, b, users)
