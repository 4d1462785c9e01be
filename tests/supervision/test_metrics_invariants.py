"""The figures agree with their definitions on any history (supervision.metrics).

Hypothesis writes random histories straight into the letters table — any mix of kinds,
departments, receipt times, acceptance, rejection, merging, pauses, deadlines, replies
(early, late, after the period) and ratings — and checks, for a month, a quarter and a
year judged at a random instant:

- 答复数 ≤ 受理数 ≤ 留言数, 按期 + 超期答复 = 答复数, 超期数 = 超期答复 + 未答复超期,
  应办结数 = 答复数 + 未答复超期 ≤ 留言数, 满意 ≤ 参评 ≤ 答复, 找错 figures nested likewise;
- every rate is its ratio (None exactly when the denominator is 0);
- the rows (departments and 未分办) sum to the total, field by field;
- each figure equals a plain-Python count of its definition over the generated facts;
- a department-scoped report shows the same row as the full report.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from letters.choices import LetterKind, LetterStatus, Rating
from letters.models import Letter
from org.models import Department
from supervision.metrics import Report, ReportRow, build_report
from supervision.periods import parse_period
from tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db(transaction=False)

BEIJING = ZoneInfo("Asia/Shanghai")
ORIGIN = datetime(2026, 9, 25, 0, 0, tzinfo=BEIJING)  # histories span late Sep – early Jan
HOURS = 24 * 105
COUNT_FIELDS = (
    "received",
    "accepted",
    "replied",
    "replied_on_time",
    "replied_late",
    "overdue_open",
    "overdue",
    "due",
    "rated",
    "satisfied",
    "returns",
    "extensions",
    "site_error_received",
    "site_error_replied",
    "site_error_replied_on_time",
)
RATES = {
    "reply_rate": ("replied", "accepted"),
    "on_time_rate": ("replied_on_time", "due"),
    "satisfaction_rate": ("satisfied", "rated"),
}


@dataclass(frozen=True)
class Facts:
    department: int | None  # index into the three departments, None = never dispatched
    kind: str
    received: int  # hours after ORIGIN
    fate: str  # "open", "rejected", "merged", "paused"
    accepted_after: int | None  # hours after receipt
    deadline_after: int | None
    replied_after: int | None
    rating: str


def _facts() -> st.SearchStrategy[Facts]:
    return st.builds(
        Facts,
        department=st.one_of(st.none(), st.integers(0, 2)),
        kind=st.sampled_from([str(k) for k in LetterKind.values]),
        received=st.integers(0, HOURS),
        fate=st.sampled_from(["open", "open", "open", "rejected", "merged", "paused"]),
        accepted_after=st.one_of(st.none(), st.integers(0, 24 * 5)),
        deadline_after=st.one_of(st.none(), st.integers(24, 24 * 20)),
        replied_after=st.one_of(st.none(), st.integers(0, 24 * 30)),
        rating=st.sampled_from(["", "", str(Rating.SATISFIED), str(Rating.UNSATISFIED)]),
    )


def _letter(i: int, f: Facts, departments: list[Department]) -> Letter:
    received = ORIGIN + timedelta(hours=f.received)
    accepted = (
        received + timedelta(hours=f.accepted_after) if f.accepted_after is not None else None
    )
    if f.fate == "rejected":
        accepted = None
    replied = (
        received + timedelta(hours=f.replied_after)
        if f.replied_after is not None and accepted is not None and f.fate != "rejected"
        else None
    )
    status = {
        "rejected": LetterStatus.REJECTED,
        "merged": LetterStatus.MERGED,
        "paused": LetterStatus.PAUSED,
    }.get(f.fate, LetterStatus.REPLIED if replied else LetterStatus.IN_PROGRESS)
    return Letter(
        tracking_number=f"XJ{i:012d}",
        query_code="0000",
        kind=f.kind,
        title="随机历史中的来信",
        body="用于检验指标定义。",
        name="测试",
        phone="13800000000",
        status=status,
        department=departments[f.department] if f.department is not None else None,
        received_at=received,
        accepted_at=accepted,
        deadline_at=received + timedelta(hours=f.deadline_after) if f.deadline_after else None,
        clock_paused_on=received.date() if f.fate == "paused" else None,
        replied_at=replied,
        rating=f.rating if replied else "",
    )


def _expected(
    facts: list[Facts], letters: list[Letter], period: str, now: datetime
) -> dict[int | None, dict[str, int]]:
    """Each count by its definition, in plain Python, per department index."""
    span = parse_period(period)
    cutoff = min(span.end, now)
    result: dict[int | None, dict[str, int]] = {}
    for f, letter in zip(facts, letters, strict=True):
        if not span.start <= letter.received_at < span.end:
            continue
        n = result.setdefault(f.department, dict.fromkeys(COUNT_FIELDS, 0))
        accepted = letter.accepted_at is not None and letter.accepted_at < cutoff
        replied = accepted and letter.replied_at is not None and letter.replied_at < cutoff
        late = (
            replied
            and letter.deadline_at is not None
            and letter.replied_at is not None
            and letter.replied_at > letter.deadline_at
        )
        overdue_open = (
            not replied
            and letter.deadline_at is not None
            and letter.deadline_at < cutoff
            and letter.clock_paused_on is None
            and letter.status not in (LetterStatus.MERGED, LetterStatus.REJECTED)
        )
        site_error = letter.kind == LetterKind.SITE_ERROR
        n["received"] += 1
        n["accepted"] += accepted
        n["replied"] += replied
        n["replied_late"] += late
        n["replied_on_time"] += replied and not late
        n["overdue_open"] += overdue_open
        n["overdue"] += late + overdue_open
        n["due"] += replied + overdue_open
        n["rated"] += replied and letter.rating != ""
        n["satisfied"] += replied and letter.rating == Rating.SATISFIED
        n["site_error_received"] += site_error
        n["site_error_replied"] += site_error and replied
        n["site_error_replied_on_time"] += site_error and replied and not late
    return result


def _check_row(row: ReportRow) -> None:
    assert row.replied <= row.accepted <= row.received
    assert row.replied_on_time + row.replied_late == row.replied
    assert row.overdue == row.replied_late + row.overdue_open
    assert row.due == row.replied + row.overdue_open <= row.received
    assert row.satisfied <= row.rated <= row.replied
    assert row.site_error_replied_on_time <= row.site_error_replied <= row.site_error_received
    assert row.site_error_replied <= row.replied
    for rate, (numerator, denominator) in RATES.items():
        d = getattr(row, denominator)
        expected = getattr(row, numerator) / d if d else None
        assert getattr(row, rate) == expected, rate
    if row.score is not None:
        assert 0 <= row.score <= 20


def _check_report(report: Report) -> None:
    assert report.total is not None
    for row in (*report.rows, report.total):
        _check_row(row)
    for name in COUNT_FIELDS:
        assert sum(getattr(r, name) for r in report.rows) == getattr(report.total, name), name


@pytest.fixture
def departments() -> list[Department]:
    return [DepartmentFactory() for _ in range(3)]


@settings(
    max_examples=2000,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    facts=st.lists(_facts(), min_size=0, max_size=25),
    now_hours=st.integers(24 * 20, HOURS + 24 * 10),
    month=st.sampled_from(["2026-10", "2026-11", "2026-12"]),
)
def test_figures_keep_their_definitions_on_random_histories(
    departments: list[Department], facts: list[Facts], now_hours: int, month: str
) -> None:
    now = ORIGIN + timedelta(hours=now_hours)
    with transaction.atomic():
        letters = [_letter(i, f, departments) for i, f in enumerate(facts)]
        Letter.objects.bulk_create(letters)
        for period in (month, "2026-Q4", "2026"):
            report = build_report(period, now=now)
            _check_report(report)
            expected = _expected(facts, letters, period, now)
            by_department: dict[int | None, ReportRow] = {
                None if r.department_id is None else index: r
                for index, r in _rows_by_index(report, departments)
            }
            for key, row in by_department.items():
                counts = expected.get(key, dict.fromkeys(COUNT_FIELDS, 0))
                got = {name: getattr(row, name) for name in COUNT_FIELDS}
                # returns and extensions are event counts; these histories have none
                assert got == counts, (period, key)
        scoped = build_report(month, department_ids=[departments[1].pk], now=now)
        full_row = build_report(month, now=now).row_for(departments[1].pk)
        assert scoped.rows == (full_row,)
        transaction.set_rollback(True)


def _rows_by_index(report: Report, departments: list[Department]) -> list[tuple[Any, ReportRow]]:
    index = {d.pk: i for i, d in enumerate(departments)}
    return [
        (index.get(r.department_id) if r.department_id is not None else None, r)
        for r in report.rows
        if r.department_id is None or r.department_id in index
    ]
