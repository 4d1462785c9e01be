"""Overdue and due soon have one definition (letters.selectors.urgency_expression): the
API filter, the API fields, the inbox page and the letter page agree at any instant,
whether or not the supervision scan has run since."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.testing import VerifiedClient
from letters.models import Letter
from letters.services import workflow
from letters.services.intake import LetterSubmission, letter_submit
from tests.world import Desk

pytestmark = pytest.mark.django_db


def test_every_reader_agrees_on_overdue_without_a_scan(desk: Desk) -> None:
    letter = letter_submit(
        submission=LetterSubmission(
            kind="consultation",
            title="路灯不亮",
            body="小区南门路灯坏了一个月。",
            name="周明",
            phone="13912345678",
        )
    ).letter
    workflow.letter_dispatch(
        letter_id=letter.pk, actor=desk.users["dispatcher"], department_id=desk.a.pk
    )
    letter.refresh_from_db()
    assert letter.deadline_at is not None
    api = APIClient()
    api.force_authenticate(desk.users["handler_a"])

    def seen() -> tuple[Any, ...]:
        page = VerifiedClient()  # signed in now (sessions end after 30 idle minutes)
        page.force_login(desk.users["handler_a"])
        row = api.get("/api/v1/staff/letters/").json()["results"][0]
        overdue = api.get("/api/v1/staff/letters/", {"overdue": "true"}).json()["results"]
        due_soon = api.get("/api/v1/staff/letters/", {"due_soon": "true"}).json()["results"]
        detail = api.get(f"/api/v1/staff/letters/{letter.pk}/").json()
        inbox = page.get("/workspace/").content.decode()
        letter_page = page.get(f"/workspace/letters/{letter.pk}/").content.decode()
        return (
            row["urgency"],
            (row["overdue"], row["due_soon"]),
            [r["id"] for r in overdue],
            [r["id"] for r in due_soon],
            detail["urgency"],
            "urgency-row-overdue" in inbox,
            'class="urgency urgency-overdue"' in letter_page,
        )

    assert seen() == ("normal", (False, False), [], [], "normal", False, False)
    with time_machine.travel(letter.deadline_at - timedelta(hours=2), tick=False):
        assert seen() == ("due_soon", (False, True), [], [letter.pk], "due_soon", False, False)
    with time_machine.travel(letter.deadline_at + timedelta(minutes=1), tick=False):
        assert seen() == ("overdue", (True, False), [letter.pk], [], "overdue", True, True)
        # The stored flags are the scan's alert bookkeeping, not the answer.
        assert Letter.objects.get(pk=letter.pk).overdue is False
    assert timezone.now() < letter.deadline_at
