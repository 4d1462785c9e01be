"""Import of historical letters from an old system (CSV or XLSX) as training data.

All rows are checked first; any row error aborts the whole import (nothing is
half-imported) and every error is reported with its row number.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from django.db import transaction

from org.models import Department
from routing.models import CategoryMapping, HistoricalLetter

FIELDS = ("title", "body", "department", "category", "kind", "received", "reply")


@dataclass
class ImportReport:
    rows: int = 0
    imported: int = 0
    errors: list[str] = field(default_factory=list)


def parse_mapping(text: str) -> dict[str, str]:
    """``title=标题,body=内容,department=承办单位`` → {field: column}."""
    mapping: dict[str, str] = {}
    for part in text.split(","):
        if not part.strip():
            continue
        if "=" not in part:
            raise ValueError(f"--map：“{part}”应写成 字段=列名。")
        key, column = (s.strip() for s in part.split("=", 1))
        if key not in FIELDS:
            raise ValueError(f"--map：未知字段“{key}”，可用：{', '.join(FIELDS)}。")
        mapping[key] = column
    if "body" not in mapping:
        raise ValueError("--map：必须给出 body（内容）列。")
    if "department" not in mapping and "category" not in mapping:
        raise ValueError("--map：必须给出 department（承办单位）或 category（类别）列。")
    return mapping


def read_rows(path: Path) -> Iterator[dict[str, str]]:
    if path.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook

        sheet = load_workbook(path, read_only=True, data_only=True).active
        if sheet is None:
            return
        rows = sheet.iter_rows(values_only=True)
        header = [str(c or "").strip() for c in next(rows, ())]
        for values in rows:
            yield {h: "" if v is None else str(v) for h, v in zip(header, values, strict=False)}
        return
    if path.suffix.lower() != ".csv":
        raise ValueError("只支持 .csv 或 .xlsx 文件。")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        yield from csv.DictReader(handle)


def _date(value: str) -> date | None:
    value = value.strip()
    if not value:
        return None
    for fmt in ("%Y-%m-%d", "%Y/%m/%d", "%Y-%m-%d %H:%M:%S", "%Y/%m/%d %H:%M:%S"):
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"日期“{value}”无法识别")


def import_letters(path: Path, mapping: dict[str, str], *, dry_run: bool) -> ImportReport:
    report = ImportReport()
    departments = {d.code: d for d in Department.objects.all()}
    departments |= {d.name: d for d in Department.objects.all()}
    categories = {
        m.category: m.department for m in CategoryMapping.objects.select_related("department")
    }
    pending: list[HistoricalLetter] = []
    missing_columns: set[str] = set()
    for number, row in enumerate(read_rows(path), start=2):
        report.rows += 1
        if number == 2:
            missing_columns = {c for c in mapping.values() if c not in row}
            if missing_columns:
                report.errors.append(f"缺少列：{'、'.join(sorted(missing_columns))}")
                break

        def cell(key: str, current: dict[str, str] = row) -> str:
            return (current.get(mapping[key]) or "").strip() if key in mapping else ""

        body = cell("body")
        department = departments.get(cell("department")) if "department" in mapping else None
        if department is None and cell("category"):
            department = categories.get(cell("category"))
        problems = []
        if not body:
            problems.append("内容为空")
        if department is None:
            target = cell("department") or cell("category")
            problems.append(f"找不到承办单位或类别对照“{target}”")
        try:
            received = _date(cell("received"))
        except ValueError as exc:
            problems.append(str(exc))
            received = None
        if problems:
            report.errors.append(f"第{number}行：{'；'.join(problems)}")
            continue
        assert department is not None
        pending.append(
            HistoricalLetter(
                title=cell("title")[:200],
                body=body,
                department=department,
                kind=cell("kind")[:20],
                reply=cell("reply"),
                received_on=received,
                source=path.name,
            )
        )
    if report.rows == 0:
        report.errors.append("文件中没有数据行。")
    if report.errors or dry_run:
        return report
    with transaction.atomic():
        HistoricalLetter.objects.bulk_create(pending, batch_size=1000)
    report.imported = len(pending)
    return report
