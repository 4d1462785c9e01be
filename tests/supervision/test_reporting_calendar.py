"""The statutory reporting calendar (supervision.reporting): reports generated on their
dates as frozen snapshots, reminders before the due date, re-issues as new versions with a
reason, filing, and the yearly report published on the site."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from core.models import AuditRecord
from letters.choices import LetterKind, LetterStatus
from letters.models import Letter
from supervision import reporting
from supervision.metrics import build_report
from supervision.models import ReportSchedule, ReportSnapshot
from supervision.periods import parse_period
from tests.world import Desk

pytestmark = pytest.mark.django_db

BEIJING = ZoneInfo("Asia/Shanghai")
SNAPSHOTS = "/api/v1/reports/snapshots/"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=BEIJING)


def _letters(desk: Desk) -> list[Letter]:
    """Five November letters of department a: three replied on time, two not replied."""
    letters = []
    for i in range(5):
        received = at(f"2026-11-{2 + i:02d}T09:00")
        replied = received + timedelta(days=1) if i < 3 else None
        letters.append(
            Letter(
                tracking_number=f"XJ2026110{i:07d}",
                query_code="0000",
                kind=LetterKind.CONSULTATION,
                title="报告日历测试来信",
                body="用于报告日历测试。",
                name="测试",
                phone="13800000000",
                status=LetterStatus.REPLIED if replied else LetterStatus.IN_PROGRESS,
                department=desk.a,
                received_at=received,
                accepted_at=received + timedelta(hours=1),
                deadline_at=received + timedelta(days=5),
                replied_at=replied,
            )
        )
    return Letter.objects.bulk_create(letters)


def _made(result: reporting.CalendarRun) -> list[tuple[str, str, date]]:
    snapshots = ReportSnapshot.objects.filter(pk__in=result.generated).select_related("schedule")
    return sorted((s.schedule.code, s.period, s.due_on) for s in snapshots)


def test_the_seeded_calendar_states_its_sources() -> None:
    rows = {
        s.code: (s.period_kind, s.due_anchor, s.due_month_offset, s.due_day, s.public)
        for s in ReportSchedule.objects.all()
    }
    assert rows == {
        "shanxi-monthly": ("month", "period_end", 0, 6, False),
        "shanxi-quarterly": ("quarter", "period_start", 2, 6, False),
        "shanxi-yearly": ("year", "period_end", 0, 6, False),
        "deyang-yearly-public": ("year", "period_end", 0, 31, True),
    }
    assert all(s.source.startswith(("山西", "德阳")) for s in ReportSchedule.objects.all())


@pytest.mark.parametrize(
    ("code", "period", "due"),
    [
        ("shanxi-monthly", "2026-11", date(2026, 12, 6)),
        ("shanxi-monthly", "2026-12", date(2027, 1, 6)),
        ("shanxi-quarterly", "2026-Q4", date(2026, 12, 6)),
        ("shanxi-quarterly", "2027-Q1", date(2027, 3, 6)),
        ("shanxi-yearly", "2026", date(2027, 1, 6)),
        ("deyang-yearly-public", "2026", date(2027, 1, 31)),
    ],
)
def test_due_dates_come_from_the_schedule_data(code: str, period: str, due: date) -> None:
    schedule = ReportSchedule.objects.get(code=code)
    assert reporting.due_date(schedule, parse_period(period)) == due


def test_reports_appear_as_frozen_snapshots_on_their_dates(desk: Desk, time_machine: Any) -> None:
    letters = _letters(desk)

    time_machine.move_to(at("2026-11-30T23:00"), tick=False)
    first = reporting.run_calendar()
    # The periods that have already fallen due on the day the calendar first runs.
    assert _made(first) == [
        ("deyang-yearly-public", "2025", date(2026, 1, 31)),
        ("shanxi-monthly", "2026-10", date(2026, 11, 6)),
        ("shanxi-quarterly", "2026-Q3", date(2026, 9, 6)),
        ("shanxi-yearly", "2025", date(2026, 1, 6)),
    ]
    assert reporting.run_calendar().generated == []  # idempotent

    time_machine.move_to(at("2026-12-01T00:30"), tick=False)
    december = reporting.run_calendar()
    assert _made(december) == [("shanxi-monthly", "2026-11", date(2026, 12, 6))]
    november = ReportSnapshot.objects.get(pk=december.generated[0])
    assert november.reminded_at is None  # five days ahead; reminders start three days ahead
    total = november.data["total"]
    assert (total["received"], total["replied"], total["overdue_open"]) == (5, 3, 2)

    time_machine.move_to(at("2026-12-03T09:00"), tick=False)
    reminded = reporting.run_calendar()
    assert (reminded.generated, reminded.reminded) == ([], [november.pk])
    november.refresh_from_db()
    assert november.reminded_at == at("2026-12-03T09:00")
    assert (
        AuditRecord.objects.filter(action="report.remind", object_id=str(november.pk)).count() == 1
    )
    assert reporting.run_calendar().reminded == []  # once

    # A later edit to a November letter changes the live figures, not the filed report.
    Letter.objects.filter(pk=letters[0].pk).update(received_at=at("2026-10-30T09:00"))
    live = build_report("2026-11")
    assert live.total is not None
    assert live.total.received == 4
    november.refresh_from_db()
    assert november.data["total"]["received"] == 5
    frozen = reporting.snapshot_report(november).total
    assert frozen is not None
    assert frozen.received == 5

    time_machine.move_to(at("2026-12-06T00:30"), tick=False)
    assert _made(reporting.run_calendar()) == [("shanxi-quarterly", "2026-Q4", date(2026, 12, 6))]

    time_machine.move_to(at("2027-01-01T01:00"), tick=False)
    assert _made(reporting.run_calendar()) == [
        ("deyang-yearly-public", "2026", date(2027, 1, 31)),
        ("shanxi-monthly", "2026-12", date(2027, 1, 6)),
        ("shanxi-yearly", "2026", date(2027, 1, 6)),
    ]
    public = ReportSnapshot.objects.get(schedule__code="deyang-yearly-public", period="2026")
    fields = {f["key"]: f["value"] for f in public.data["public"]["fields"]}
    assert (fields["received"], fields["replied"], fields["opinions"]) == (5, 3, 0)


def _generated(desk: Desk, time_machine: Any) -> dict[str, ReportSnapshot]:
    _letters(desk)
    time_machine.move_to(at("2027-01-02T09:00"), tick=False)
    reporting.run_calendar()
    return {
        f"{s.schedule.code}:{s.period}": s
        for s in ReportSnapshot.objects.select_related("schedule")
    }


def test_a_reissue_is_a_new_version_with_its_reason(desk: Desk, time_machine: Any) -> None:
    snapshots = _generated(desk, time_machine)
    v1 = snapshots["shanxi-yearly:2026"]
    supervisor = desk.api("supervisor")

    refused = supervisor.post(f"{SNAPSHOTS}{v1.pk}/reissue/", {"reason": "  "}, format="json")
    assert refused.status_code == 400
    assert refused.json()["errors"] == {"reason": ["「重新出具理由」：请写明重新出具报告的原因。"]}
    assert ReportSnapshot.objects.filter(schedule=v1.schedule, period="2026").count() == 1

    Letter.objects.filter(department=desk.a).update(replied_at=at("2026-11-20T10:00"))
    made = supervisor.post(
        f"{SNAPSHOTS}{v1.pk}/reissue/", {"reason": "更正答复时间"}, format="json"
    )
    assert made.status_code == 201
    assert (made.json()["version"], made.json()["reason"]) == (2, "更正答复时间")
    v2 = ReportSnapshot.objects.get(pk=made.json()["id"])
    assert (v1.data["total"]["replied"], v2.data["total"]["replied"]) == (3, 5)
    v1.refresh_from_db()
    assert v1.data["total"]["replied"] == 3  # the first version stays as it was filed

    stale = supervisor.post(f"{SNAPSHOTS}{v1.pk}/file/")
    assert stale.status_code == 409
    assert stale.json()["detail"] == "该报告已有更新的版本，请对最新版本操作。"
    filed = supervisor.post(f"{SNAPSHOTS}{v2.pk}/file/")
    assert (filed.status_code, filed.json()["status"]) == (200, "已报送")
    again = supervisor.post(f"{SNAPSHOTS}{v2.pk}/file/")
    assert (again.status_code, again.json()["detail"]) == (409, "该报告已报送。")
    detail = supervisor.get(f"{SNAPSHOTS}{v1.pk}/").json()
    assert (detail["version"], detail["report"]["total"]["replied"]) == (1, 3)


def test_the_yearly_public_report_is_published_on_the_site(desk: Desk, time_machine: Any) -> None:
    snapshots = _generated(desk, time_machine)
    public = snapshots["deyang-yearly-public:2026"]
    internal = snapshots["shanxi-yearly:2026"]
    supervisor = desk.api("supervisor")
    anonymous = Client()

    assert anonymous.get("/reports/annual/2026/").status_code == 404
    assert supervisor.post(f"{SNAPSHOTS}{internal.pk}/publish/").status_code == 409
    published = supervisor.post(f"{SNAPSHOTS}{public.pk}/publish/")
    assert (published.status_code, published.json()["status"]) == (200, "已公开")

    listed = anonymous.get("/api/v1/public/reports/").json()
    assert [(r["period"], r["title"]) for r in listed] == [("2026", "年度监管报告（向社会公开）")]
    figures = {f["key"]: f["value"] for f in listed[0]["figures"]}
    assert (figures["received"], figures["replied"], figures["published"]) == (5, 3, 0)
    page = anonymous.get("/reports/annual/2026/").content.decode()
    assert "<dt>收到留言数量（条）</dt><dd>5</dd>" in page
    assert "<dt>办结留言数量（条）</dt><dd>3</dd>" in page
    assert "德阳市政府网站管理暂行办法 第33条" in page
    assert "/reports/annual/2026/" in anonymous.get("/reports/annual/").content.decode()
    refused = supervisor.post(f"{SNAPSHOTS}{public.pk}/reissue/", {"reason": "更正"}, format="json")
    assert refused.status_code == 409


def test_only_the_office_reads_reports_and_only_supervisors_act(
    desk: Desk, time_machine: Any
) -> None:
    snapshots = _generated(desk, time_machine)
    snapshot = snapshots["shanxi-monthly:2026-12"]
    assert desk.api("handler_a").get(SNAPSHOTS).status_code == 403
    assert desk.api("dispatcher").get(SNAPSHOTS).status_code == 200
    assert desk.api("dispatcher").post(f"{SNAPSHOTS}{snapshot.pk}/file/").status_code == 403
    snapshot.refresh_from_db()
    assert snapshot.filed_at is None


def test_supervisors_see_the_calendar_and_act_on_the_page(desk: Desk, time_machine: Any) -> None:
    snapshots = _generated(desk, time_machine)
    snapshot = snapshots["shanxi-monthly:2026-12"]
    page = desk.client("supervisor")
    html = page.get("/workspace/reports/").content.decode()
    assert "月普查报告" in html
    assert "年度监管报告（向社会公开）" in html
    assert "2027-01-06" in html  # the December report's due date
    refused = page.post(f"/workspace/reports/{snapshot.pk}/reissue/", {"reason": ""})
    assert refused.status_code == 400
    assert "请写明重新出具报告的原因" in refused.content.decode()
    done = page.post(f"/workspace/reports/{snapshot.pk}/file/")
    assert done.status_code == 302
    snapshot.refresh_from_db()
    assert snapshot.filed_at == at("2027-01-02T09:00")
    download = page.get(f"/workspace/reports/{snapshot.pk}/report.xlsx")
    assert download["Content-Disposition"] == (
        'attachment; filename="shanxi-monthly-2026-12-v1.xlsx"'
    )
    assert desk.client("handler_a").get("/workspace/reports/").status_code == 403
