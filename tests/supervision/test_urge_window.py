"""Issue #18.4: 催办 is idempotent within DESK_URGE_WINDOW_MINUTES (default 10): pressed
twice, on the API or the page, by the same or another supervisor, it makes one entry
and one notice; after the window a new 催办 is recorded; the window is a setting (0 turns
it off); who may urge is still checked first."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.contrib.messages import get_messages
from django.utils import timezone

from core.models import AuditRecord
from letters.models import Letter, LetterEvent
from tests.world import Desk

pytestmark = pytest.mark.django_db


def urges(letter: Letter) -> list[tuple[str, str]]:
    return list(
        LetterEvent.objects.filter(letter=letter, action="urge")
        .order_by("id")
        .values_list("actor__username", "note")
    )


def audited_urges() -> int:
    return AuditRecord.objects.filter(action="letter.urge").count()


def test_the_default_window_is_ten_minutes() -> None:
    assert settings.DESK.urge_window_minutes == 10


def test_urging_twice_through_the_api_makes_one_entry(desk: Desk) -> None:
    letter = desk.in_progress()

    first = desk.act("supervisor", letter, "urge", note="请今天内答复")
    second = desk.act("supervisor", letter, "urge", note="请今天内答复")

    assert (first.status_code, second.status_code) == (200, 200)
    assert first.json() == second.json()
    assert second.json()["status"] == "in_progress"
    assert urges(letter) == [("supervisor", "请今天内答复")]
    assert audited_urges() == 1


def test_a_second_supervisor_within_the_window_adds_nothing(desk: Desk, settings: Any) -> None:
    letter = desk.in_progress()
    desk.act("supervisor", letter, "urge", note="")
    with time_machine.travel(timezone.now() + timedelta(minutes=9, seconds=59), tick=False):
        again = desk.act("supervisor", letter, "urge", note="再次催办")

    assert again.status_code == 200
    assert urges(letter) == [("supervisor", "请抓紧办理，按期答复。")]


def test_after_the_window_a_new_urge_is_recorded(desk: Desk) -> None:
    letter = desk.in_progress()
    desk.act("supervisor", letter, "urge", note="第一次催办")

    with time_machine.travel(timezone.now() + timedelta(minutes=10, seconds=1), tick=False):
        later = desk.act("supervisor", letter, "urge", note="第二次催办")

    assert later.status_code == 200
    assert urges(letter) == [("supervisor", "第一次催办"), ("supervisor", "第二次催办")]
    assert audited_urges() == 2


@pytest.mark.parametrize(("minutes", "entries"), [(0, 2), (30, 1)])
def test_the_window_is_a_setting(desk: Desk, settings: Any, minutes: int, entries: int) -> None:
    settings.DESK = replace(settings.DESK, urge_window_minutes=minutes)
    letter = desk.in_progress()
    desk.act("supervisor", letter, "urge", note="")
    with time_machine.travel(timezone.now() + timedelta(minutes=20), tick=False):
        desk.act("supervisor", letter, "urge", note="")

    assert len(urges(letter)) == entries


def test_urging_twice_on_the_page_makes_one_entry_and_says_so(desk: Desk) -> None:
    letter = desk.in_progress()
    client = desk.client("supervisor")
    url = f"/workspace/letters/{letter.pk}/actions/urge/"

    said = []
    for _ in range(2):
        response = client.post(url, {"note": "", "next": "/workspace/dashboard/"})
        assert response.status_code == 302
        said += [str(m) for m in get_messages(response.wsgi_request)]
        client.get(response["Location"])

    assert said == [
        f"已催办：{letter.tracking_number}",
        f"该来信刚刚已催办，未重复催办：{letter.tracking_number}",
    ]
    assert urges(letter) == [("supervisor", "请抓紧办理，按期答复。")]


def test_who_may_urge_is_checked_before_the_window(desk: Desk) -> None:
    letter = desk.in_progress()
    desk.act("supervisor", letter, "urge", note="")

    refused = desk.act("handler_a", letter, "urge", note="")

    assert refused.status_code == 403
    assert urges(letter) == [("supervisor", "请抓紧办理，按期答复。")]
