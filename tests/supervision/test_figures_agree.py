"""The same figure shows the same number wherever it is shown: the public statistics
page and API, the supervisor dashboard, the report API and the .xlsx export all read
``supervision.metrics`` (issue #16: the monthly table once said 答复数 0, 答复率 75 %)."""

from __future__ import annotations

from datetime import datetime, timedelta
from io import BytesIO
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db.models import Count
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook
from rest_framework.test import APIClient

from demo.services import load_demo
from frontend.workspace_data import dashboard_charts
from letters.choices import LetterKind, LetterSource, LetterStatus, Rating
from letters.models import Letter, LetterEvent
from tests.factories import DepartmentFactory, staff_user

pytestmark = pytest.mark.django_db

BEIJING = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=BEIJING)


SOURCES = [LetterSource.WEB, LetterSource.HOTLINE, LetterSource.API, LetterSource.WECHAT]


def _history() -> None:
    """Letters across October and November in every state, two departments."""
    a, b = DepartmentFactory(name="甲局"), DepartmentFactory(name="乙局")
    start = datetime(2026, 10, 8, 9, 0, tzinfo=BEIJING)
    letters = []
    for i in range(40):
        received = start + timedelta(days=i + (i % 3))  # 10-08 … 12-?; past NOW ignored
        if received >= NOW:
            break
        replied = received + timedelta(days=1 + i % 6) if i % 4 != 3 else None
        replied = replied if replied is not None and replied < NOW else None
        letters.append(
            Letter(
                tracking_number=f"XJ{i:012d}",
                query_code="0000",
                kind=[LetterKind.CONSULTATION, LetterKind.COMPLAINT, LetterKind.SITE_ERROR][i % 3],
                title="一致性检验来信",
                body="同一指标处处相同。",
                name="测试",
                phone="13800000000",
                status=LetterStatus.REPLIED if replied else LetterStatus.IN_PROGRESS,
                department=(a, b, None)[i % 3] if i % 5 else None,
                received_at=received,
                accepted_at=received + timedelta(hours=2) if i % 5 else None,
                deadline_at=received + timedelta(days=3),
                replied_at=replied if i % 5 else None,
                rating=[Rating.SATISFIED, "", Rating.UNSATISFIED][i % 3] if replied else "",
                source=SOURCES[i % len(SOURCES)],
            )
        )
    Letter.objects.bulk_create(letters)


FIGURES = ("received", "accepted", "replied", "reply_rate", "on_time_rate", "satisfaction_rate")


def _rounded(value: Any) -> Any:
    """Rates as the API rounds them; the xlsx writes a rate without a denominator as —."""
    if value == "—":
        return None
    return round(value, 4) if isinstance(value, float) else value


def _assert_the_same_everywhere(client: Client, months: list[str], year: int) -> None:
    supervisor = staff_user("duban-test", "supervisor", DepartmentFactory(name="办公室"))
    api = APIClient()
    api.force_authenticate(supervisor)
    now = timezone.now()
    public = client.get("/api/v1/public/statistics/", {"year": year}).json()
    charts = dashboard_charts(year, now)
    for month in months:
        report = api.get("/api/v1/reports/", {"period": month}).json()["total"]
        row = next(r for r in public["by_month"] if r["month"] == month)
        assert {k: _rounded(row[k]) for k in FIGURES} == {k: report[k] for k in FIGURES}
        chart = charts["months"][int(month[-2:]) - 1]
        assert (chart["received"], chart["replied"]) == (report["received"], report["replied"])
        xlsx = api.get("/api/v1/reports/export/", {"period": month})
        sheet = load_workbook(BytesIO(xlsx.content))["汇总"]
        header = [cell.value for cell in sheet[3]]
        total = next(r for r in sheet.iter_rows(min_row=4, values_only=True) if r[0] == "合计")
        for field, label in (("received", "留言数"), ("accepted", "受理数"), ("replied", "答复数")):
            assert total[header.index(label)] == report[field], (month, field)
        assert _rounded(total[header.index("答复率")]) == report["reply_rate"]
        _assert_channels_agree(report, api.get("/api/v1/reports/", {"period": month}).json(), xlsx)
    yearly = api.get("/api/v1/reports/", {"period": str(year)}).json()
    channels = {r["channel"]: r for r in yearly["by_source"]}
    assert [r["channel"] for r in yearly["by_source"]] == list(LetterSource.values)
    assert sum(r["received"] for r in channels.values()) == yearly["total"]["received"]
    for row in public["by_source"]:
        assert {k: _rounded(row[k]) for k in FIGURES} == {
            k: channels[row["channel"]][k] for k in FIGURES
        }
    whole = yearly["total"]
    assert {k: _rounded(public["total"][k]) for k in FIGURES} == {k: whole[k] for k in FIGURES}
    assert charts["total"]["received"] == whole["received"] > 0
    page = client.get("/statistics/", {"year": year}).content.decode()
    assert f"<dt>留言数</dt><dd>{whole['received']}</dd>" in page
    assert f"<dt>答复数</dt><dd>{whole['replied']}</dd>" in page
    assert "按来信渠道统计" in page
    for row in yearly["by_source"]:
        cells = f'<th scope="row">{row["channel_display"]}</th><td>{row["received"]}</td>'
        assert cells in page, row


def _assert_channels_agree(total: dict[str, Any], report: dict[str, Any], xlsx: Any) -> None:
    """The per-channel rows (来信渠道) add up to the total and the .xlsx shows the same."""
    rows = report["by_source"]
    assert sum(r["received"] for r in rows) == total["received"]
    assert sum(r["replied"] for r in rows) == total["replied"]
    sheet = load_workbook(BytesIO(xlsx.content))["来信渠道"]
    header = [cell.value for cell in sheet[3]]
    assert header == [
        "来信渠道",
        "留言数",
        "受理数",
        "答复数",
        "答复率",
        "按期答复数",
        "按期办结率",
        "满意率",
    ]
    in_sheet = {r[0]: r for r in sheet.iter_rows(min_row=4, values_only=True)}
    for row in rows:
        line = in_sheet[row["channel_display"]]
        assert line[1:4] == (row["received"], row["accepted"], row["replied"])
        assert _rounded(line[4]) == row["reply_rate"]


def test_statistics_dashboard_report_api_and_xlsx_show_the_same_numbers(
    client: Client, time_machine: Any
) -> None:
    time_machine.move_to(NOW, tick=False)
    _history()
    _assert_the_same_everywhere(client, ["2026-10", "2026-11"], 2026)


def test_the_demo_city_shows_the_same_numbers_everywhere(client: Client) -> None:
    load_demo()
    today = timezone.localdate()
    months = sorted(
        {
            f"{d.year}-{d.month:02d}"
            for d in Letter.objects.filter(received_at__year=today.year).values_list(
                "received_at", flat=True
            )
        }
    )
    assert months  # the demo has letters this year
    _assert_the_same_everywhere(client, months, today.year)
    # The demo's channels: hotline, visit and mail letters typed in by the operator.
    sources = dict(
        Letter.objects.values_list("source").annotate(n=Count("pk")).values_list("source", "n")
    )
    channels = ("hotline", "visit", "mail", "wechat", "api")
    assert {k: sources.get(k) for k in channels} == {
        "hotline": 4,
        "visit": 1,
        "mail": 1,
        "wechat": 1,
        "api": 1,
    }
    entered = LetterEvent.objects.filter(action="submit", actor__username="rexian")
    assert entered.count() == 6
