"""The supervision report as an Excel workbook (openpyxl).

Sheets: 汇总 (one row per department, then 未分办 and 合计), one sheet per row of the
report with its figures listed vertically, 来信渠道 (the same figures per channel: 网站表单,
热线电话 …), and 指标说明 with the definitions and the scoring rule. Rates are stored as
fractions with a percentage format, so the cells stay numbers a supervisor can sum and
sort.
"""

from __future__ import annotations

import re
from io import BytesIO
from typing import Any

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from supervision.metrics import CHANNEL_FIGURES, Metric, Report, ReportRow

SUMMARY_TITLE = "汇总"
ENGAGEMENT_TITLE = "互动交流"
CHANNELS_TITLE = "来信渠道"
NOTES_TITLE = "指标说明"
MAX_SHEET_TITLE = 31
_INVALID_TITLE_CHARS = re.compile(r"[\[\]:*?/\\]")
NUMBER_FORMATS = {"count": "0", "rate": "0.0%", "days": "0.00", "score": "0"}
EMPTY = "—"

_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=14)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_WRAP = Alignment(wrap_text=True, vertical="top")
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def sheet_title(name: str, used: set[str]) -> str:
    """A valid, unique sheet title: no []:*?/\\, no edge apostrophes, at most 31 chars.

    ``used`` holds the case-folded titles taken so far (Excel compares them without case)
    and is updated.
    """
    base = _INVALID_TITLE_CHARS.sub("_", name).strip().strip("'").strip() or "单位"
    base = base[:MAX_SHEET_TITLE]
    title, number = base, 2
    while title.casefold() in used:
        suffix = f"({number})"
        title = base[: MAX_SHEET_TITLE - len(suffix)] + suffix
        number += 1
    used.add(title.casefold())
    return title


def _department_sheet_name(row: ReportRow) -> str:
    if len(row.department_name) <= MAX_SHEET_TITLE or not row.department_short_name:
        return row.department_name
    return row.department_short_name


def _write_value(cell: Any, metric: Metric, value: float | int | None) -> None:
    if value is None:
        cell.value = EMPTY
        cell.alignment = Alignment(horizontal="right")
        return
    cell.value = value
    cell.number_format = NUMBER_FORMATS[metric.kind]


def _heading(ws: Worksheet, report: Report, title: str, width: int) -> None:
    ws.cell(row=1, column=1, value=title).font = _TITLE
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    period = report.period
    generated = timezone.localtime(report.generated_at)
    ws.cell(
        row=2,
        column=1,
        value=(
            f"统计期间：{period.first_day:%Y-%m-%d}至{period.last_day:%Y-%m-%d}"
            f"（{period.label}）；生成时间：{generated:%Y-%m-%d %H:%M}"
        ),
    )
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)


def _summary(ws: Worksheet, report: Report) -> None:
    metrics = report.metrics
    width = len(metrics) + 1
    _heading(ws, report, f"{report.period.label}政民互动办理情况汇总", width)
    header_row = 3
    for column, label in enumerate(["单位", *(m.label for m in metrics)], start=1):
        cell = ws.cell(row=header_row, column=column, value=label)
        cell.font, cell.fill, cell.alignment = _BOLD, _HEADER_FILL, _CENTER
    rows = [*report.rows, *([report.total] if report.total is not None else [])]
    for offset, row in enumerate(rows, start=1):
        r = header_row + offset
        name = ws.cell(row=r, column=1, value=row.department_name)
        if row is report.total:
            name.font = _BOLD
        for column, metric in enumerate(metrics, start=2):
            _write_value(ws.cell(row=r, column=column), metric, getattr(row, metric.field))
    ws.column_dimensions["A"].width = 28
    for column in range(2, width + 1):
        ws.column_dimensions[get_column_letter(column)].width = 11
    ws.row_dimensions[header_row].height = 45
    ws.freeze_panes = ws.cell(row=header_row + 1, column=2)


def _channels(ws: Worksheet, report: Report) -> None:
    _heading(ws, report, f"{report.period.label}各来信渠道留言与答复", len(CHANNEL_FIGURES) + 1)
    for column, label in enumerate(["来信渠道", *(label for _, label in CHANNEL_FIGURES)], 1):
        cell = ws.cell(row=3, column=column, value=label)
        cell.font, cell.fill, cell.alignment = _BOLD, _HEADER_FILL, _CENTER
    kinds = {m.field: m for m in report.metrics}
    for r, row in enumerate(report.by_source, start=4):
        ws.cell(row=r, column=1, value=row.label)
        for column, (name, _) in enumerate(CHANNEL_FIGURES, start=2):
            _write_value(ws.cell(row=r, column=column), kinds[name], getattr(row, name))
    ws.column_dimensions["A"].width = 16
    for column in range(2, len(CHANNEL_FIGURES) + 2):
        ws.column_dimensions[get_column_letter(column)].width = 11


def _engagement(ws: Worksheet, report: Report) -> None:
    _heading(ws, report, f"{report.period.label}在线访谈与网上调查", 2)
    for column, label in enumerate(["指标", "数值"], 1):
        cell = ws.cell(row=3, column=column, value=label)
        cell.font, cell.fill, cell.alignment = _BOLD, _HEADER_FILL, _CENTER
    for r, row in enumerate(report.engagement, start=4):
        ws.cell(row=r, column=1, value=row.label)
        ws.cell(row=r, column=2, value=row.value)
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 11


def _department(ws: Worksheet, report: Report, row: ReportRow) -> None:
    _heading(ws, report, f"{row.department_name} {report.period.label}办理情况", 3)
    for column, label in enumerate(["指标", "数值", "说明"], start=1):
        cell = ws.cell(row=3, column=column, value=label)
        cell.font, cell.fill = _BOLD, _HEADER_FILL
    for r, metric in enumerate(report.metrics, start=4):
        ws.cell(row=r, column=1, value=metric.label)
        _write_value(ws.cell(row=r, column=2), metric, getattr(row, metric.field))
        ws.cell(row=r, column=3, value=metric.description).alignment = _WRAP
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 12
    ws.column_dimensions["C"].width = 70


def _notes(ws: Worksheet, report: Report) -> None:
    _heading(ws, report, "指标说明", 3)
    for column, label in enumerate(["指标", "统计口径", "说明"], start=1):
        cell = ws.cell(row=3, column=column, value=label)
        cell.font, cell.fill = _BOLD, _HEADER_FILL
    for r, metric in enumerate(report.metrics, start=4):
        ws.cell(row=r, column=1, value=metric.label)
        ws.cell(row=r, column=2, value=metric.period_rule)
        ws.cell(row=r, column=3, value=metric.description).alignment = _WRAP
    r = 4 + len(report.metrics)
    ws.cell(row=r, column=1, value="统计截止时间")
    ws.cell(row=r, column=3, value=f"{timezone.localtime(report.cutoff):%Y-%m-%d %H:%M}")
    if report.site_error_reply_days is not None:
        ws.cell(row=r + 1, column=1, value="找错答复时限")
        ws.cell(row=r + 1, column=3, value=f"{report.site_error_reply_days}个工作日")
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 14
    ws.column_dimensions["C"].width = 90


def report_to_xlsx(report: Report) -> bytes:
    """The workbook as bytes, ready to send as an attachment."""
    workbook = Workbook()
    summary = workbook.active
    assert summary is not None
    summary.title = SUMMARY_TITLE
    used = {SUMMARY_TITLE.casefold(), NOTES_TITLE.casefold(), "history"}  # History is reserved
    _summary(summary, report)
    for row in report.rows:
        _department(
            workbook.create_sheet(sheet_title(_department_sheet_name(row), used)), report, row
        )
    if report.by_source:
        _channels(workbook.create_sheet(sheet_title(CHANNELS_TITLE, used)), report)
    if report.engagement:
        _engagement(workbook.create_sheet(sheet_title(ENGAGEMENT_TITLE, used)), report)
    _notes(workbook.create_sheet(NOTES_TITLE), report)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
