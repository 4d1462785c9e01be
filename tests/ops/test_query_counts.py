"""Every list endpoint and list page makes an exact, fixed number of database queries: the
same for a few rows as for three times as many (no query per row, "N+1").

Each test fills its list with ``rows`` rows through the real services, asks once to warm
the per-process caches (content types, the calendar), then counts the queries of the second
request. When a count changes on purpose, update it here; when it grows with the rows, a
row reads something the list's query did not fetch.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries as CountQueries
from rest_framework.test import APIClient

from core.audit import audit
from knowledge_base.models import KnowledgeEntry
from letters.models import Letter
from letters.services import workflow
from tests.factories import WebsiteFactory
from tests.world import Desk, set_deadline

pytestmark = pytest.mark.django_db

# A few rows (one of each kind a builder below makes), then three times as many.
ROWS = pytest.mark.parametrize("rows", [3, 9], ids=["few", "three-times-more"])
# A department's handler and an office role (who sees every department's letters).
READERS = pytest.mark.parametrize("reader", ["handler_a", "dispatcher"])


def counted(
    client: Client | APIClient,
    path: str,
    queries: int,
    django_assert_num_queries: CountQueries,
    **params: str,
) -> str:
    """The text of ``path`` after a warm-up request; exactly ``queries`` queries."""
    assert client.get(path, params).status_code == 200
    with django_assert_num_queries(queries):
        response = client.get(path, params)
    assert response.status_code == 200
    return str(response.content.decode())


def results(text: str) -> list[dict[str, Any]]:
    body = json.loads(text)
    rows: list[dict[str, Any]] = body["results"] if isinstance(body, dict) else body
    return rows


def shown(page: str, letters: list[Letter]) -> int:
    return sum(letter.tracking_number in page for letter in letters)


# --- rows -------------------------------------------------------------------------------


def published(desk: Desk, rows: int) -> list[Letter]:
    """Published letters of two kinds, every other one rated by its writer."""
    letters = []
    for n in range(rows):
        kind = "consultation" if n % 2 else "suggestion"
        letter = desk.publish(desk.replied(title=f"小区二次供水水压不足（{n + 1}）", kind=kind))
        if n % 2:
            workflow.letter_rate(letter_id=letter.pk, rating="satisfied")
        letters.append(letter)
    return letters


def in_the_inbox(desk: Desk, rows: int) -> list[Letter]:
    """Letters of department a: waiting to be signed, signed and overdue, and co-handled
    with b under a complaint that names b (b's protected copy)."""
    letters = []
    for n in range(rows):
        if n % 3 == 0:
            letter = desk.dispatched(title=f"待签收来信（{n + 1}）")
        elif n % 3 == 1:
            letter = set_deadline(
                desk.in_progress(title=f"超期来信（{n + 1}）"),
                timezone.now() - timedelta(days=1),
            )
        else:
            letter = desk.submit(title=f"会办来信（{n + 1}）", kind="complaint")
            workflow.letter_dispatch(
                letter_id=letter.pk,
                actor=desk.users["dispatcher"],
                department_id=desk.a.pk,
                assisting_ids=[desk.b.pk],
                named_unit_id=desk.b.pk,
            )
        letters.append(letter)
    return letters


def entries(desk: Desk, rows: int) -> list[KnowledgeEntry]:
    return [
        desk.published_entry(
            f"住房公积金怎么提取（{n + 1}）",
            "职工购买自住住房、退休或者租房，可以申请提取住房公积金账户余额。",
            keywords="公积金,提取",
            category="住房",
        )
        for n in range(rows)
    ]


# --- the public -------------------------------------------------------------------------


@ROWS
def test_the_public_letter_list_api_makes_the_same_queries_for_any_number_of_rows(
    desk: Desk, api: APIClient, django_assert_num_queries: CountQueries, rows: int
) -> None:
    published(desk, rows)
    text = counted(api, "/api/v1/public/letters/", 1, django_assert_num_queries)
    assert len(results(text)) == rows


@ROWS
def test_the_public_replies_page_makes_the_same_queries_for_any_number_of_rows(
    desk: Desk, client: Client, django_assert_num_queries: CountQueries, rows: int
) -> None:
    letters = published(desk, rows)
    page = counted(client, "/replies/", 3, django_assert_num_queries)
    assert shown(page, letters) == rows


@ROWS
def test_the_knowledge_base_search_api_makes_the_same_queries_for_any_number_of_rows(
    desk: Desk, api: APIClient, django_assert_num_queries: CountQueries, rows: int
) -> None:
    entries(desk, rows)
    text = counted(api, "/api/v1/kb/search/", 5, django_assert_num_queries, q="公积金提取")
    assert len(results(text)) == rows


@ROWS
def test_the_public_knowledge_base_page_makes_the_same_queries_for_any_number_of_rows(
    desk: Desk, client: Client, django_assert_num_queries: CountQueries, rows: int
) -> None:
    made = entries(desk, rows)
    page = counted(client, "/kb/", 6, django_assert_num_queries, q="公积金提取")
    assert sum(f'href="/kb/{entry.pk}/"' in page for entry in made) == rows


# --- staff ------------------------------------------------------------------------------


@READERS
@ROWS
def test_the_staff_letter_list_api_makes_the_same_queries_for_any_number_of_rows(
    desk: Desk, django_assert_num_queries: CountQueries, rows: int, reader: str
) -> None:
    in_the_inbox(desk, rows)
    # 5 + the active router version, read once for the rows' routing advice (#18.3).
    text = counted(desk.api(reader), "/api/v1/staff/letters/", 6, django_assert_num_queries)
    assert len(results(text)) == rows


@READERS
@ROWS
def test_the_workspace_inbox_page_makes_the_same_queries_for_any_number_of_rows(
    desk: Desk, django_assert_num_queries: CountQueries, rows: int, reader: str
) -> None:
    letters = in_the_inbox(desk, rows)
    page = counted(desk.client(reader), "/workspace/", 16, django_assert_num_queries)
    assert shown(page, letters) == rows


@ROWS
def test_the_workspace_inbox_list_makes_the_same_queries_for_any_number_of_rows(
    desk: Desk, django_assert_num_queries: CountQueries, rows: int
) -> None:
    letters = in_the_inbox(desk, rows)
    page = counted(
        desk.client("handler_a"), "/workspace/inbox/list/", 15, django_assert_num_queries, box="all"
    )
    assert shown(page, letters) == rows


@ROWS
def test_the_triage_page_makes_the_same_queries_for_any_number_of_rows(
    desk: Desk, django_assert_num_queries: CountQueries, rows: int
) -> None:
    letters = [desk.submit(title=f"待分办来信（{n + 1}）") for n in range(rows)]
    # 14 + the active router version, read once for the rows' routing advice (#18.3).
    page = counted(desk.client("dispatcher"), "/workspace/triage/", 15, django_assert_num_queries)
    assert shown(page, letters) == rows


@ROWS
def test_the_publish_queue_makes_the_same_queries_for_any_number_of_rows(
    desk: Desk, django_assert_num_queries: CountQueries, rows: int
) -> None:
    # Replied consultations, and 找错 letters waiting for the office review.
    WebsiteFactory(owner=desk.a)
    site_error = {
        "kind": "site_error",
        "url": "https://www.ceshi.gov.cn/a.html",
        "error_type": "broken_link",
    }
    letters = [
        desk.replied(title=f"待公开来信（{n + 1}）", **(site_error if n % 2 else {}))
        for n in range(rows)
    ]
    assert {letter.status for letter in letters} == {"replied", "office_review"}
    page = counted(desk.client("publisher"), "/workspace/publish/", 12, django_assert_num_queries)
    assert shown(page, letters) == rows


@ROWS
def test_the_supervisor_dashboard_lists_make_the_same_queries_for_any_number_of_rows(
    desk: Desk, django_assert_num_queries: CountQueries, rows: int
) -> None:
    # Every other letter overdue, the others due within the day.
    late = [
        set_deadline(
            desk.in_progress(title=f"超期未办结（{n + 1}）"),
            timezone.now() + timedelta(hours=-24 if n % 2 else 6),
        )
        for n in range(rows)
    ]
    # One of the 13 reads the reports near their due date (supervision.reporting.unfiled),
    # one the 找错 replies past their office review clock.
    page = counted(
        desk.client("supervisor"), "/workspace/dashboard/", 13, django_assert_num_queries
    )
    assert shown(page, late) == rows


@ROWS
def test_the_curator_lists_make_the_same_queries_for_any_number_of_rows(
    desk: Desk, django_assert_num_queries: CountQueries, rows: int
) -> None:
    entries(desk, rows)
    waiting = [desk.replied(title=f"已答复的咨询（{n + 1}）") for n in range(rows)]
    curator = desk.api("dispatcher")

    listed = counted(curator, "/api/v1/kb/curator/entries/", 5, django_assert_num_queries)
    queue = counted(curator, "/api/v1/kb/curator/queue/", 5, django_assert_num_queries)

    assert len(results(listed)) == rows
    assert sorted(row["tracking_number"] for row in results(queue)) == sorted(
        letter.tracking_number for letter in waiting
    )


@ROWS
def test_the_audit_log_list_makes_the_same_queries_for_any_number_of_rows(
    desk: Desk, django_assert_num_queries: CountQueries, rows: int
) -> None:
    letter = desk.submit()
    for n in range(rows):
        audit("letter.read", actor=desk.users["auditor"], obj=letter, data={"n": n})
    text = counted(desk.api("auditor"), "/api/v1/audit/", 3, django_assert_num_queries)
    assert [row["action"] for row in results(text)].count("letter.read") == rows
