"""``manage.py import_cases``: historical cases as closed letters with their real dates,
all or nothing per file, idempotent by old number, contact data encrypted, public ones
only through the publication gate, past periods' figures including them."""

from __future__ import annotations

import csv
from datetime import datetime
from io import StringIO
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from openpyxl import Workbook

from core.models import AuditRecord
from core.pii import is_token, keyed_hash
from letters.choices import LetterSource, LetterStatus
from letters.models import Letter, LetterEvent
from supervision.metrics import build_report
from tests.world import Desk

pytestmark = pytest.mark.django_db
BJ = ZoneInfo("Asia/Shanghai")
HEADER = [
    "old_number",
    "kind",
    "title",
    "body",
    "name",
    "phone",
    "received_at",
    "replied_at",
    "department",
    "reply",
    "public",
    "rating",
]


def rows(desk: Desk) -> list[list[str]]:
    """Three clean cases of March 2024: one public and clean, one public whose text holds
    the writer's phone (kept private), one private replied late."""
    return [
        [
            "OLD-2024-001",
            "咨询",
            "公积金提取需要哪些材料",
            "请问提取住房公积金需要准备哪些材料？",
            "赵六",
            "13800001111",
            "2024-03-01 09:00",
            "2024-03-04 16:30",
            desk.a.name,
            "您好！提取住房公积金请携带身份证和相关证明材料到服务大厅办理。",
            "1",
            "满意",
        ],
        [
            "OLD-2024-002",
            "complaint",
            "小区夜间施工噪音扰民",
            "晚上十一点还在施工，请联系我13800002222。",
            "钱七",
            "138 0000 2222",
            "2024-03-05",
            "2024-03-07",
            desk.b.code,
            "已责成施工单位整改。",
            "是",
            "",
        ],
        [
            "OLD-2024-003",
            "建议",
            "建议增加公交线路",
            "建议在新区增加一条公交线路方便上班。",
            "孙八",
            "",
            "2024/03/06 10:00",
            "2024/03/20 10:00",
            desk.a.code,
            "已转交公交公司研究。",
            "0",
            "基本满意",
        ],
    ]


def write_csv(path: Path, header: list[str], data: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(data)
    return path


def run(*args: Any) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_cases", *[str(a) for a in args], stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def counts() -> tuple[int, int, int]:
    return Letter.objects.count(), LetterEvent.objects.count(), AuditRecord.objects.count()


def test_a_file_with_bad_rows_lists_every_error_and_stores_nothing(
    desk: Desk, tmp_path: Path
) -> None:
    good = rows(desk)
    bad = [
        # row 5: unknown kind, unreadable date, unknown department
        [
            "OLD-9",
            "闲聊",
            "标题",
            "内容",
            "",
            "",
            "2024-13-01",
            "2024-03-02",
            "不存在局",
            "答",
            "1",
            "",
        ],
        # row 6: no title, replied before received, bad phone, bad public flag
        [
            "OLD-10",
            "咨询",
            "",
            "内容",
            "某人",
            "12345",
            "2024-03-05",
            "2024-03-01",
            desk.a.code,
            "答",
            "也许",
            "",
        ],
        # row 7: the old number of row 2 again, unknown rating, in the future
        [
            "OLD-2024-001",
            "咨询",
            "标题",
            "内容",
            "",
            "",
            "2024-03-01",
            "2027-01-01",
            desk.a.code,
            "答",
            "0",
            "还行",
        ],
    ]
    path = write_csv(tmp_path / "mixed.csv", HEADER, good + bad)
    before = counts()
    expected = [
        "第5行「kind」：类别“闲聊”无法识别，可填：领导信箱、咨询、投诉、建议、求助、举报、网站找错、征集意见",
        "第5行「received_at」：“2024-13-01”不是可识别的日期，请写成 2024-03-01 或 2024-03-01 09:30",
        "第5行「department」：找不到单位“不存在局”（按单位名称、简称或编码查找）",
        "第6行「title」：标题不能为空",
        "第6行「phone」：联系电话格式不正确，请填写11位手机号码或带区号的固定电话（如0999-1234567）。",
        "第6行「replied_at」：答复时间早于来信时间",
        "第6行「public」：“也许”无法识别，请填 1（公开）或 0（不公开）",
        "第7行「old_number」：与第2行的原系统编号重复",
        "第7行「replied_at」：答复时间不能晚于现在",
        "第7行「rating」：满意度“还行”无法识别，可填：满意、基本满意、不满意",
    ]

    for dry in (["--dry-run"], []):
        err = StringIO()
        with pytest.raises(CommandError) as refused:
            call_command("import_cases", str(path), *dry, stdout=StringIO(), stderr=err)
        assert err.getvalue().splitlines() == expected
        assert str(refused.value) == "共6行，10处错误（涉及3行），未导入任何数据。"
        assert counts() == before


def test_a_clean_file_imports_once_and_a_second_run_changes_nothing(
    desk: Desk, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "history.csv", HEADER, rows(desk))
    before = counts()

    out, err = run(path, "--dry-run")
    assert err == ""
    assert out.splitlines()[-1] == (
        "检查通过（试运行，未导入）：共3行，将导入3条（其中公开1条，1条标记公开但未通过公开检查，未公开），"
        "0条已导入过、将跳过。"
    )
    assert counts() == before

    out, err = run(path)
    assert out.splitlines() == [
        "第3行（原系统编号 OLD-2024-002）：「公开来信内容」中有电话号码，未公开（仅导入，不对外公开）。",
        "已导入3条（其中公开1条，1条标记公开但未通过公开检查，未公开），0条已导入过、未更改；共3行。",
    ]
    letters = {letter.old_number: letter for letter in Letter.objects.filter(source="imported")}
    assert sorted(letters) == ["OLD-2024-001", "OLD-2024-002", "OLD-2024-003"]
    first = letters["OLD-2024-001"]
    assert first.status == LetterStatus.CLOSED
    assert first.source == LetterSource.IMPORTED
    assert first.kind == "consultation"
    assert first.received_at == datetime(2024, 3, 1, 9, 0, tzinfo=BJ)
    assert first.accepted_at == first.received_at
    assert first.replied_at == first.closed_at == datetime(2024, 3, 4, 16, 30, tzinfo=BJ)
    assert first.department == first.reply_department == desk.a
    assert first.reply_text.startswith("您好！提取住房公积金")
    assert first.rating == "satisfied"
    assert first.deadline_at == datetime(2024, 3, 6, 23, 59, 59, tzinfo=BJ)
    assert first.tracking_number.endswith("20240301-000001")
    assert first.published_at == first.public_replied_at == first.replied_at
    assert first.public_title == "公积金提取需要哪些材料"
    second = letters["OLD-2024-002"]
    assert (second.kind, second.department, second.phone) == ("complaint", desk.b, "13800002222")
    assert second.consent_public is True
    assert second.published_at is None
    assert second.public_text == ""
    third = letters["OLD-2024-003"]
    assert (third.published_at, third.rating, third.phone) == (None, "basically_satisfied", "")

    # The timeline carries the real dates.
    assert [
        (e.action, e.at, e.from_status, e.to_status) for e in first.events.order_by("at", "id")
    ] == [
        ("submit", datetime(2024, 3, 1, 9, 0, tzinfo=BJ), "", "submitted"),
        ("clock_start", datetime(2024, 3, 1, 9, 0, tzinfo=BJ), "", ""),
        ("imported_reply", datetime(2024, 3, 4, 16, 30, tzinfo=BJ), "submitted", "replied"),
        ("publish", datetime(2024, 3, 4, 16, 30, tzinfo=BJ), "replied", "published"),
        ("close", datetime(2024, 3, 4, 16, 30, tzinfo=BJ), "published", "closed"),
    ]
    assert [e.action for e in third.events.order_by("at", "id")] == [
        "submit",
        "clock_start",
        "imported_reply",
        "close",
    ]

    record = AuditRecord.objects.get(action="casefiles.import")
    assert record.actor_name == "manage.py import_cases"
    assert {k: record.data[k] for k in ("file", "rows", "imported", "already", "published")} == {
        "file": "history.csv",
        "rows": 3,
        "imported": 3,
        "already": 0,
        "published": 1,
    }
    assert record.data["kept_private"] == 1

    after_first = counts()
    tracking = sorted(Letter.objects.values_list("tracking_number", flat=True))
    out, err = run(path)
    assert out.splitlines() == ["共3行，均已导入过（按原系统编号），本次未作任何更改。"]
    assert counts() == after_first
    assert sorted(Letter.objects.values_list("tracking_number", flat=True)) == tracking


def test_contact_data_is_encrypted_with_its_keyed_hash(desk: Desk, tmp_path: Path) -> None:
    run(write_csv(tmp_path / "history.csv", HEADER, rows(desk)))
    letter = Letter.objects.get(old_number="OLD-2024-002")
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone, phone_hash FROM letters_letter WHERE id = %s", [letter.pk])
        stored, digest = cursor.fetchone()
    assert is_token(stored)
    assert "13800002222" not in stored
    assert digest == keyed_hash("phone", "13800002222")
    assert Letter.objects.filter(phone_hash=keyed_hash("phone", "13800001111")).count() == 1


def test_an_xlsx_file_with_a_yaml_mapping(desk: Desk, tmp_path: Path) -> None:
    chinese = [
        "原编号",
        "类别",
        "标题",
        "内容",
        "姓名",
        "电话",
        "来信时间",
        "答复时间",
        "答复单位",
        "答复内容",
        "公开",
        "满意度",
    ]
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(
        "columns:\n" + "".join(f"  {f}: {c}\n" for f, c in zip(HEADER, chinese, strict=True)),
        encoding="utf-8",
    )
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(chinese)
    data = rows(desk)
    for row in data:
        values: list[Any] = list(row)
        values[6] = datetime.strptime(row[6].replace("/", "-")[:10], "%Y-%m-%d")
        values[10] = int(row[10]) if row[10].isdigit() else row[10]
        sheet.append(values)
    sheet.append([None] * len(chinese))  # a blank line at the end of the sheet
    path = tmp_path / "history.xlsx"
    book.save(path)

    out, _ = run(path, "--mapping", mapping)
    assert out.splitlines()[-1].startswith("已导入3条")
    letter = Letter.objects.get(old_number="OLD-2024-003")
    assert letter.received_at == datetime(2024, 3, 6, 0, 0, tzinfo=BJ)
    assert letter.published_at is None
    assert Letter.objects.get(old_number="OLD-2024-001").published_at is not None


def test_map_options_rename_columns_and_a_missing_column_is_named(
    desk: Desk, tmp_path: Path
) -> None:
    header = [*HEADER]
    header[2] = "标题"
    path = write_csv(tmp_path / "h.csv", header, rows(desk))
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_cases", str(path), stdout=StringIO(), stderr=err)
    assert err.getvalue().splitlines() == ["第1行「title」：文件中没有这一列（标题）"]
    out, _ = run(path, "--map", "title=标题")
    assert out.splitlines()[-1].startswith("已导入3条")


def test_past_period_figures_include_the_imported_cases(desk: Desk, tmp_path: Path) -> None:
    before = build_report("2024-03")
    assert before.total is not None
    assert before.total.received == 0
    run(write_csv(tmp_path / "history.csv", HEADER, rows(desk)))
    report = build_report("2024-03")
    assert report.total is not None
    total = report.total
    assert (total.received, total.accepted, total.replied) == (3, 3, 3)
    # OLD-2024-003 was answered on 3-20, after its deadline of 3-11 (3 working days).
    assert (total.replied_on_time, total.replied_late) == (2, 1)
    assert (total.rated, total.satisfied) == (2, 2)
    row_a = report.row_for(desk.a.pk)
    assert row_a is not None
    assert (row_a.received, row_a.replied_late) == (2, 1)
    april = build_report("2024-04").total
    assert april is not None
    assert april.received == 0


def test_public_ones_appear_on_the_replies_page_only_through_the_gate(
    desk: Desk, tmp_path: Path
) -> None:
    run(write_csv(tmp_path / "history.csv", HEADER, rows(desk)))
    page = desk.client("dispatcher").get("/replies/").content.decode()
    assert "公积金提取需要哪些材料" in page
    assert "小区夜间施工噪音扰民" not in page  # public in the old system, refused by the gate
    assert "建议增加公交线路" not in page  # not public
    listing = desk.api("dispatcher").get("/api/v1/public/letters/").json()
    titles = [item["title"] for item in listing["results"]]
    assert titles == ["公积金提取需要哪些材料"]


def test_a_named_staff_member_is_on_the_audit_record(desk: Desk, tmp_path: Path) -> None:
    run(
        write_csv(tmp_path / "history.csv", HEADER, rows(desk)),
        "--user",
        desk.users["dispatcher"].username,
    )
    record = AuditRecord.objects.get(action="casefiles.import")
    assert record.actor_name == desk.users["dispatcher"].username
