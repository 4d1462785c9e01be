"""``GET /api/v1/staff/letters/export/?format=xlsx|csv&…``: the inbox's letters for the same
user and filters, one row each with its timeline summary, masked unless the exporter asks
with a reason and may unmask; audited; CSV streamed."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from openpyxl import load_workbook

from core.models import AuditRecord
from letters.models import Letter
from letters.services.export import COLUMNS
from tests.world import STAFF_API, Desk

pytestmark = pytest.mark.django_db
EXPORT = f"{STAFF_API}export/"


def streamed(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def xlsx_rows(response: Any) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    content = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    return [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]


def csv_rows(response: Any) -> list[list[str]]:
    assert response.status_code == 200
    assert response.streaming
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def column(rows: list[list[str]], name: str) -> list[str]:
    index = rows[0].index(name)
    return [row[index] for row in rows[1:]]


def inbox_numbers(desk: Desk, user: str, query: str = "") -> list[str]:
    """Every tracking number of the inbox API for ``user`` and the filters, in order."""
    numbers: list[str] = []
    url: str | None = f"{STAFF_API}?{query}"
    while url:
        page = desk.api(user).get(url).json()
        numbers += [item["tracking_number"] for item in page["results"]]
        url = page["next"]
    return numbers


@pytest.fixture
def letters(desk: Desk) -> dict[str, Letter]:
    return {
        "new": desk.submit(title="路灯不亮请尽快修复"),
        "a": desk.dispatched(title="小区二次供水水压不足"),
        "b": desk.dispatched(desk.b, title="河道有异味请治理"),
        "replied": desk.replied(title="公积金提取材料咨询"),
        "formula": desk.dispatched(title='=HYPERLINK("http://x")注入'),
    }


@pytest.mark.parametrize("query", ["", "status=dispatched", "box=to_dispatch", "q=水压"])
def test_the_xlsx_holds_the_inbox_letters_for_the_same_filters_and_user(
    desk: Desk, letters: dict[str, Letter], query: str
) -> None:
    rows = xlsx_rows(desk.api("dispatcher").get(f"{EXPORT}?format=xlsx&{query}"))
    assert rows[0] == list(COLUMNS)
    assert column(rows, "信件编号") == inbox_numbers(desk, "dispatcher", query)
    assert len(rows) > 1


def test_a_department_exports_only_the_letters_it_may_see(
    desk: Desk, letters: dict[str, Letter]
) -> None:
    rows = xlsx_rows(desk.api("handler_b").get(f"{EXPORT}?format=xlsx"))
    assert column(rows, "信件编号") == [letters["b"].tracking_number]
    assert inbox_numbers(desk, "handler_b") == [letters["b"].tracking_number]
    # Not even by asking for another department's letters or their number.
    rows = xlsx_rows(desk.api("handler_b").get(f"{EXPORT}?format=xlsx&department={desk.a.pk}"))
    assert rows == [list(COLUMNS)]
    number = letters["a"].tracking_number
    rows = csv_rows(desk.api("handler_b").get(f"{EXPORT}?format=csv&q={number}"))
    assert rows == [list(COLUMNS)]


def test_rows_are_masked_with_a_timeline_summary(desk: Desk, letters: dict[str, Letter]) -> None:
    rows = xlsx_rows(desk.api("handler_a").get(f"{EXPORT}?format=xlsx"))
    row = dict(
        zip(
            rows[0],
            rows[column(rows, "信件编号").index(letters["replied"].tracking_number) + 1],
            strict=True,
        )
    )
    assert row["联系电话"] == "137****4444"
    assert row["电子邮箱"] == "s***@example.com"
    assert "13700004444" not in "".join(row.values())
    assert row["标题"] == "公积金提取材料咨询"
    assert row["状态"] == "已答复"
    assert row["承办单位"] == desk.a.name
    assert row["是否公开"] == "否"
    labels = [item.split(" ", 2)[2] for item in row["办理过程"].split("；")]
    assert labels[:3] == ["来信", "开始计时", "分办"]
    assert labels[-1] == "审核"
    assert row["办理记录数"] == str(len(labels))
    audit = AuditRecord.objects.get(action="letter.export")
    assert audit.actor_name == desk.users["handler_a"].username
    assert audit.data == {
        "format": "xlsx",
        "filters": {},
        "unmasked": False,
        "reason": "",
        "letters": len(rows) - 1,
    }


def test_an_unmasked_export_needs_the_permission_and_a_reason_and_is_audited(
    desk: Desk, letters: dict[str, Letter]
) -> None:
    number = letters["replied"].tracking_number
    # The publisher may not unmask: refused and audited, nothing sent.
    refused = desk.api("publisher").get(f"{EXPORT}?format=csv&unmask=true&reason=核实情况需要")
    assert refused.status_code == 403
    assert refused.json()["detail"] == "您无权导出来信人的完整个人信息。"
    denied = AuditRecord.objects.get(action="letter.export")
    assert (denied.outcome, denied.data["unmasked"]) == ("denied", True)
    # No reason: 400 naming the field.
    missing = desk.api("dispatcher").get(f"{EXPORT}?format=csv&unmask=true")
    assert missing.status_code == 400
    assert missing.json()["errors"]["reason"] == [
        "「导出理由」：导出完整个人信息请说明理由（4至500个字）。"
    ]
    assert AuditRecord.objects.filter(action="letter.export").count() == 1

    response = desk.api("dispatcher").get(
        f"{EXPORT}?format=csv&q={number}&unmask=true&reason=电话回访来信人"
    )
    rows = csv_rows(response)
    row = dict(zip(rows[0], rows[1], strict=True))
    assert (row["联系电话"], row["电子邮箱"]) == ("13700004444", "sunli@example.com")
    record = AuditRecord.objects.filter(action="letter.export").latest("id")
    assert record.data == {
        "format": "csv",
        "filters": {"q": [number]},
        "unmasked": True,
        "reason": "电话回访来信人",
        "letters": 1,
    }
    assert record.outcome == "success"

    masked = csv_rows(desk.api("dispatcher").get(f"{EXPORT}?format=csv&q={number}"))
    assert dict(zip(masked[0], masked[1], strict=True))["联系电话"] == "137****4444"


def test_csv_is_streamed_and_no_cell_is_a_formula(desk: Desk, letters: dict[str, Letter]) -> None:
    response = desk.api("dispatcher").get(f"{EXPORT}?format=csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="letters-')
    rows = csv_rows(response)
    assert column(rows, "信件编号") == inbox_numbers(desk, "dispatcher")
    assert '\'=HYPERLINK("http://x")注入' in column(rows, "标题")

    book = desk.api("dispatcher").get(f"{EXPORT}?format=xlsx")
    sheet = load_workbook(io.BytesIO(streamed(book))).worksheets[0]
    titles = [sheet.cell(row=r, column=5) for r in range(2, sheet.max_row + 1)]
    formula = next(c for c in titles if str(c.value).startswith("=HYPERLINK"))
    assert formula.data_type == "s"


def test_format_names_the_file_not_a_renderer(desk: Desk, letters: dict[str, Letter]) -> None:
    response = desk.api("dispatcher").get(f"{EXPORT}?format=json")
    assert response.status_code == 400
    assert response.json()["errors"]["format"] == ["「导出格式」：“json” 不是合法选项。"]
    assert desk.api("dispatcher").get(f"{EXPORT}?format=csv&status=nonsense").status_code == 400
    assert AuditRecord.objects.filter(action="letter.export").count() == 0


def test_staff_without_a_case_role_cannot_export(desk: Desk, letters: dict[str, Letter]) -> None:
    assert desk.api("auditor").get(f"{EXPORT}?format=csv").status_code == 403
    assert desk.api("admin").get(f"{EXPORT}?format=csv").status_code == 403


def test_the_inbox_page_links_to_the_export_with_its_filters(
    desk: Desk, letters: dict[str, Letter]
) -> None:
    page = desk.client("handler_a").get("/workspace/?box=in_progress&q=水压").content.decode()
    assert f'href="{EXPORT}?format=xlsx&amp;box=in_progress&amp;q=%E6%B0%B4%E5%8E%8B"' in page
    assert f'href="{EXPORT}?format=csv&amp;box=in_progress&amp;q=%E6%B0%B4%E5%8E%8B"' in page


def test_the_export_makes_the_same_queries_for_any_number_of_letters(desk: Desk) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            response = desk.api("dispatcher").get(f"{EXPORT}?format=csv")
            rows = csv_rows(response)
        assert len(rows) == Letter.objects.count() + 1
        return len(context)

    for _ in range(2):
        desk.replied()
    few = queries()
    for _ in range(4):
        desk.replied()
    assert queries() == few
