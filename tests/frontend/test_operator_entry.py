"""A hotline/visit operator (录入员) enters a caller's letter in one screen and reads the
tracking number and query code back; the letter records its channel, names the operator
on its timeline, sends the receipt SMS and counts in the statistics by channel."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, override_settings
from rest_framework.test import APIClient

from accounts.testing import VerifiedClient
from letters.choices import LetterSource
from letters.models import Letter, LetterEvent, Notification
from supervision.metrics import build_report
from tests.factories import staff_user
from tests.world import Desk

pytestmark = pytest.mark.django_db

ENTRY = "/workspace/intake/"
READBACK = "/workspace/intake/readback/"
CALL: dict[str, str] = {
    "source_choice": "hotline",
    "kind": "help",
    "name": "周大爷",
    "phone": "13600001111",
    "title": "独居老人冬季取暖求助",
    "body": "来电人反映家中暖气不热，年纪大了行动不便，希望社区上门看看。",
    "form_token": "operator-token-000000000001",
}
SENT: list[tuple[str, str]] = []


class RecordingSms:
    def send(self, phone: str, text: str) -> None:
        SENT.append((phone, text))


def _operator_client(desk: Desk) -> tuple[Client, Any]:
    operator = staff_user("luru-test", "operator", desk.office)
    client = VerifiedClient()
    client.force_login(operator)
    return client, operator


@override_settings(DESK_SMS_BACKEND="tests.frontend.test_operator_entry.RecordingSms")
def test_an_operator_enters_a_call_and_reads_back_number_and_code(
    desk: Desk, django_capture_on_commit_callbacks: Any
) -> None:
    SENT.clear()
    client, operator = _operator_client(desk)
    assert client.get("/workspace/").headers["Location"] == ENTRY
    page = client.get(ENTRY).content.decode()
    for text in ("代录来信", "热线电话", "来访", "信件邮寄"):
        assert text in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ENTRY, CALL)
    assert response.status_code == 302
    assert response.headers["Location"] == READBACK

    letter = Letter.objects.get()
    assert (letter.source, letter.kind, letter.name, letter.phone) == (
        LetterSource.HOTLINE,
        "help",
        "周大爷",
        "13600001111",
    )
    first = LetterEvent.objects.filter(letter=letter).order_by("id").first()
    assert first is not None
    assert (first.action, first.actor_id) == ("submit", operator.pk)

    readback = client.get(READBACK).content.decode()
    assert f'id="tracking-number">{letter.tracking_number}<' in readback
    assert f'id="query-code">{letter.query_code}<' in readback
    assert "热线电话" in readback
    assert "136****1111" in readback  # the SMS notice names the masked number only
    assert list(Notification.objects.filter(letter=letter).values_list("event", "channel")) == [
        ("received", "sms")
    ]
    assert [phone for phone, _ in SENT] == ["13600001111"]
    assert letter.tracking_number in SENT[0][1]

    # The same form sent twice (a double click) is one letter.
    assert client.post(ENTRY, CALL).status_code == 302
    assert Letter.objects.count() == 1

    # Statistics by channel count it.
    report = build_report("2026-11")
    by_source = {row.source: row.received for row in report.by_source}
    assert by_source[LetterSource.HOTLINE] == 1
    assert sum(by_source.values()) == report.total.received == 1  # type: ignore[union-attr]


def test_a_visit_and_a_fixed_line_get_no_sms_notice(desk: Desk) -> None:
    client, _ = _operator_client(desk)
    data = {**CALL, "source_choice": "visit", "phone": "0731-88886666", "form_token": "x" * 20}
    assert client.post(ENTRY, data).status_code == 302
    letter = Letter.objects.get()
    assert letter.source == LetterSource.VISIT
    assert "不发送短信" in client.get(READBACK).content.decode()


def test_bad_input_names_the_field_and_stores_nothing(desk: Desk) -> None:
    client, _ = _operator_client(desk)
    response = client.post(ENTRY, {**CALL, "source_choice": "web", "phone": "123"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "「来信渠道」：请从热线电话、来访、信件邮寄中选择一项。" in page
    assert "「联系电话」：" in page
    assert Letter.objects.count() == 0


def test_only_operators_enter_letters(desk: Desk) -> None:
    assert desk.client("handler_a").get(ENTRY).status_code == 403
    assert desk.client("dispatcher").get(READBACK).status_code == 403
    assert Client().get(ENTRY).status_code == 302  # to the sign-in
    client, _ = _operator_client(desk)
    assert client.get("/workspace/letters/1/").status_code == 403  # no case role


def test_the_readback_shows_nothing_without_an_entry(desk: Desk) -> None:
    client, _ = _operator_client(desk)
    page = client.get(READBACK).content.decode()
    assert "没有可读回的来信" in page


def test_the_public_form_and_the_public_api_record_their_channels(desk: Desk) -> None:
    form = {k: v for k, v in CALL.items() if k not in {"source_choice", "form_token"}}
    assert Client().post("/write/interaction/", form).status_code == 302
    api = APIClient().post("/api/v1/letters/", {**form, "kind": "consultation"}, format="json")
    assert api.status_code == 201
    assert list(Letter.objects.order_by("id").values_list("source", flat=True)) == [
        LetterSource.WEB,
        LetterSource.API,
    ]
