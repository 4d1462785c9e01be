"""Issue #18.4: 不满意 needs its reason on every path (service, public API, lookup page):
an empty comment, spaces (also full-width), invisible characters or punctuation alone
are refused with the same Chinese message naming the field, and nothing changes; a
real reason reopens the letter once."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from rest_framework.test import APIClient

from core.models import AuditRecord, OutboxMessage
from letters.models import Letter, LetterEvent
from letters.services import workflow
from tests.world import Desk

pytestmark = pytest.mark.django_db

MESSAGE = "「评价意见」：选择“不满意”时，请写明不满意的原因，以便重新办理。"
NO_REASONS = ["", "   ", "\u3000\u3000", "\u200b", "。。。", "？！", " - "]


def state(letter: Letter) -> tuple[object, ...]:
    letter = Letter.objects.get(pk=letter.pk)
    return (
        letter.status,
        letter.rating,
        letter.rating_comment,
        letter.reopen_count,
        letter.replied_at,
        letter.deadline_at,
        LetterEvent.objects.filter(letter=letter).count(),
        OutboxMessage.objects.count(),
        AuditRecord.objects.count(),
    )


@pytest.mark.parametrize("comment", NO_REASONS)
def test_the_service_refuses_unsatisfied_without_a_reason(desk: Desk, comment: str) -> None:
    letter = desk.replied()
    before = state(letter)

    with pytest.raises(ValidationError) as refused:
        workflow.letter_rate(letter_id=letter.pk, rating="unsatisfied", comment=comment)

    assert refused.value.message_dict == {"comment": [MESSAGE]}
    assert state(letter) == before


@pytest.mark.parametrize("comment", NO_REASONS)
def test_the_api_refuses_unsatisfied_without_a_reason(
    desk: Desk, api: APIClient, comment: str
) -> None:
    letter = desk.replied()
    before = state(letter)

    response = api.post(
        "/api/v1/letters/rate/",
        {
            "tracking_number": letter.tracking_number,
            "query_code": letter.query_code,
            "rating": "unsatisfied",
            "comment": comment,
        },
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {"comment": [MESSAGE]}
    assert state(letter) == before


def test_the_lookup_page_refuses_unsatisfied_without_a_reason(desk: Desk, client: Client) -> None:
    letter = desk.replied()
    client.post(
        "/lookup/", {"tracking_number": letter.tracking_number, "query_code": letter.query_code}
    )
    before = state(letter)

    for comment in NO_REASONS:
        response = client.post("/lookup/rate/", {"rating": "unsatisfied", "comment": comment})
        assert response.status_code == 400, comment
        html = response.content.decode()
        assert "选择“不满意”时，请写明不满意的原因，以便重新办理。" in html, comment
        assert state(letter) == before, comment

    ok = client.post("/lookup/rate/", {"rating": "unsatisfied", "comment": "水压仍然不足"})
    assert ok.status_code == 302
    letter.refresh_from_db()
    assert (letter.status, letter.rating, letter.rating_comment, letter.reopen_count) == (
        "in_progress",
        "unsatisfied",
        "水压仍然不足",
        1,
    )


def test_a_reason_in_any_script_or_digits_is_a_reason(desk: Desk) -> None:
    letter = desk.replied()

    rated = workflow.letter_rate(letter_id=letter.pk, rating="unsatisfied", comment="…3楼仍没水")

    assert (rated.status, rated.rating_comment, rated.reopen_count) == (
        "in_progress",
        "…3楼仍没水",
        1,
    )
