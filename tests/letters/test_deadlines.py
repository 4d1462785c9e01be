"""The stored calendar, the deadline contracts (command and API), the import of a new
year with recomputation, and the clock operations on letters."""

from __future__ import annotations

from datetime import date, datetime
from io import StringIO
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from letters.models import Letter, LetterEvent
from letters.services import deadlines
from letters.services.intake import LetterSubmission, letter_submit
from tests.factories import edit_policy
from workdays.models import CalendarDay, CalendarYear
from workdays.services import get_calendar

pytestmark = pytest.mark.django_db
BEIJING = ZoneInfo("Asia/Shanghai")

# TEST DATA, not the official 2027 schedule (published by the State Council later).
SCHEDULE_2027 = """date,kind,name
2027-01-01,holiday,元旦
2027-02-05,holiday,春节
2027-02-08,holiday,春节
2027-02-09,holiday,春节
2027-02-10,holiday,春节
2027-02-11,holiday,春节
2027-02-20,workday,春节
2027-04-05,holiday,清明节
2027-05-03,holiday,劳动节
2027-05-04,holiday,劳动节
2027-05-05,holiday,劳动节
2027-05-08,workday,劳动节
2027-06-09,holiday,端午节
2027-09-15,holiday,中秋节
2027-10-01,holiday,国庆节
2027-10-04,holiday,国庆节
2027-10-05,holiday,国庆节
2027-10-06,holiday,国庆节
2027-10-07,holiday,国庆节
2027-10-09,workday,国庆节
"""


def run_deadline(*args: str) -> str:
    out = StringIO()
    call_command("deadline", *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        ("2026-09-30", "3", "2026-10-10"),  # make-up Saturday
        ("2026-02-13", "2", "2026-02-24"),  # Spring Festival
        ("2026-10-03", "2", "2026-10-09"),  # received on a holiday
        ("2025-12-31", "3", "2026-01-06"),
        ("2026-12-10", "15", "2026-12-31"),
        ("2026-12-28", "15", "2027-01-19 provisional"),
    ],
)
def test_deadline_command_prints_the_date_only(start: str, days: str, expected: str) -> None:
    assert run_deadline("--from", start, "--days", days) == expected + "\n"


def test_deadline_command_inclusive_mode_counts_the_day_of_receipt() -> None:
    assert run_deadline("--from", "2026-09-30", "--days", "3", "--inclusive") == "2026-10-09\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--from", "2026/09/30", "--days", "3"),
            "--from：日期格式应为 YYYY-MM-DD，收到的是“2026/09/30”。",
        ),
        (
            ("--from", "2026-02-30", "--days", "3"),
            "--from：日期格式应为 YYYY-MM-DD，收到的是“2026-02-30”。",
        ),
        (("--from", "2026-09-30", "--days", "-1"), "--days：应在1到365之间，收到的是-1。"),
        (("--from", "2026-09-30", "--days", "100000"), "--days：应在1到365之间，收到的是100000。"),
        (("--from", "2026-09-30", "--days", "三"), "--days：应为整数，收到的是“三”。"),
    ],
)
def test_deadline_command_refuses_bad_input(args: tuple[str, ...], message: str) -> None:
    with pytest.raises(CommandError) as excinfo:
        run_deadline(*args)
    assert str(excinfo.value) == message


def test_migrate_alone_seeds_an_official_calendar_2004_to_2026() -> None:
    years = set(CalendarYear.objects.values_list("year", flat=True))

    assert years == set(range(2004, 2027))
    assert CalendarDay.objects.get(day=date(2026, 10, 10)).is_workday is True
    assert CalendarDay.objects.get(day=date(2026, 10, 1)).name == "国庆节"
    assert get_calendar().version == 1


def test_deadline_api_explains_each_counted_step(api: APIClient) -> None:
    query: dict[str, str | int] = {"from": "2026-09-30", "days": 3}
    response = api.get("/api/v1/calendar/deadline/", query)

    assert response.status_code == 200
    body = response.json()
    assert (body["deadline"], body["provisional"], body["due_at"]) == (
        "2026-10-10",
        False,
        "2026-10-10T23:59:59+08:00",
    )
    assert body["steps"] == [
        "2026年9月30日（星期三）为收件日，不计入期限。",
        "10月1日至10月7日为国庆节假期，不计。",
        "第1个工作日：2026年10月8日（星期四）。",
        "第2个工作日：2026年10月9日（星期五）。",
        "第3个工作日：2026年10月10日（星期六，调休上班）。",
        "截止时间：2026年10月10日23:59:59（北京时间）。",
    ]
    assert body["explanation"] == "".join(body["steps"])


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        (
            {"from": "30.09.2026", "days": 3},
            "from",
            "「起算日期」：日期格式应为 YYYY-MM-DD，例如 2026-09-30。",
        ),
        ({"from": "2026-09-30", "days": 0}, "days", "「工作日数」：至少为1个工作日。"),
        ({"from": "2026-09-30", "days": 10**9}, "days", "「工作日数」：不能超过365个工作日。"),
        ({"days": 3}, "from", "「起算日期」：该字段是必填项。"),
        ({"from": "2026-09-30", "days": "x"}, "days", "「工作日数」：请填写整数。"),
    ],
)
def test_deadline_api_refuses_bad_input_naming_the_field(
    api: APIClient, params: dict[str, Any], field: str, message: str
) -> None:
    response = api.get("/api/v1/calendar/deadline/", params)

    assert response.status_code == 400
    assert response.json()["errors"] == {field: [message]}


def test_calendar_api_lists_a_years_days_and_status(api: APIClient) -> None:
    official = api.get("/api/v1/calendar/", {"year": 2026}).json()
    provisional = api.get("/api/v1/calendar/", {"year": 2027}).json()

    assert official["status"] == "official"
    assert {"date": "2026-10-10", "kind": "workday", "name": "调休"} in official["days"]
    assert {"date": "2026-10-01", "kind": "holiday", "name": "国庆节"} in official["days"]
    assert provisional["status"] == "provisional"
    assert {"date": "2027-01-01", "kind": "holiday", "name": "元旦"} in provisional["days"]
    assert api.get("/api/v1/calendar/", {"year": "1800"}).status_code == 400


def submit(received_at: datetime, kind: str = "consultation") -> Letter:
    submission = LetterSubmission(
        kind=kind,
        title="关于社保卡补办的咨询",
        body="社保卡丢失后在哪里补办，需要带什么材料，多长时间可以拿到新卡？",
        name="赵敏",
        phone="13900002222",
    )
    return letter_submit(submission=submission, received_at=received_at).letter


def due_day(letter: Letter) -> date:
    assert letter.deadline_at is not None
    return letter.deadline_at.date()


def test_intake_starts_the_reply_clock_from_the_day_of_receipt() -> None:
    letter = submit(datetime(2026, 9, 30, 16, 0, tzinfo=BEIJING))

    assert letter.deadline_at == datetime(2026, 10, 10, 23, 59, 59, tzinfo=BEIJING)
    assert letter.deadline_provisional is False
    derivation = letter.deadline_derivation
    assert (derivation["start"], derivation["total_working_days"]) == ("2026-09-30", 3)
    assert derivation["policy"]["working_days"] == 3
    assert derivation["calendar_version"] == 1
    assert "荷塘区" in derivation["policy"]["source"]


def test_site_error_has_a_two_working_day_clock() -> None:
    from tests.factories import WebsiteFactory

    WebsiteFactory()
    submission = LetterSubmission(
        kind="site_error",
        title="首页通知有错别字",
        body="首页第二条通知标题中的“公示”写成了“公视”。",
        name="钱多",
        phone="13900003333",
        url="https://www.ceshi.gov.cn/",
        error_type="typo",
    )
    letter = letter_submit(
        submission=submission, received_at=datetime(2026, 11, 20, 9, tzinfo=BEIJING)
    ).letter

    assert letter.deadline_at == datetime(2026, 11, 24, 23, 59, 59, tzinfo=BEIJING)


def test_importing_2027_makes_a_provisional_deadline_exact_with_an_event(
    tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    edit_policy("consultation", working_days=15)  # complex
    letter = submit(datetime(2026, 12, 28, 10, tzinfo=BEIJING))
    assert (due_day(letter), letter.deadline_provisional) == (date(2027, 1, 19), True)
    untouched = submit(datetime(2026, 11, 2, 10, tzinfo=BEIJING))
    csv_file = tmp_path / "2027.csv"
    csv_file.write_text(SCHEDULE_2027, encoding="utf-8")

    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("calendar_import", str(csv_file), "--year", "2027", stdout=out)

    assert "已导入2027年节假日安排：放假17天，调休上班3天，日历版本2" in out.getvalue()
    letter.refresh_from_db()
    assert (due_day(letter), letter.deadline_provisional) == (date(2027, 1, 19), False)
    assert letter.deadline_derivation["calendar_version"] == 2
    event = letter.events.get(action="clock_recompute")
    assert (
        event.public_note
        == "根据新公布的节假日安排重新计算，办理期限已按正式安排确定：2027年1月19日。"
    )
    assert event.data["from"] == event.data["to"] == "2027-01-19"
    assert not untouched.events.filter(action="clock_recompute").exists()
    assert get_calendar().is_official(2027)


def test_import_moves_a_deadline_that_crosses_new_holidays(
    tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    # Spring Festival 2027 in the fallback does not know the 2027-02-11 day off.
    letter = submit(datetime(2027, 2, 4, 10, tzinfo=BEIJING))
    before = due_day(letter)
    csv_file = tmp_path / "2027.csv"
    csv_file.write_text(SCHEDULE_2027, encoding="utf-8")

    with django_capture_on_commit_callbacks(execute=True):
        call_command("calendar_import", str(csv_file), "--year", "2027", stdout=StringIO())

    letter.refresh_from_db()
    assert before != due_day(letter)
    assert due_day(letter) == get_calendar().add_working_days(date(2027, 2, 4), 3).deadline


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("date,kind,name\n2027-01-04,workday,元旦\n", "本来就是工作日"),
        ("date,kind,name\n2027-01-01,holiday,元旦\n2027-01-01,holiday,元旦\n", "重复"),
        ("date,kind,name\n2027/01/01,holiday,元旦\n", "第2行"),
        ("day,type\n2027-01-01,holiday\n", "表头"),
        ("", "空"),
    ],
)
def test_bad_schedule_files_are_refused_and_change_nothing(
    tmp_path: Path, content: str, message: str
) -> None:
    csv_file = tmp_path / "bad.csv"
    csv_file.write_text(content, encoding="utf-8")
    before = (CalendarDay.objects.count(), CalendarYear.objects.count(), get_calendar().version)

    with pytest.raises(CommandError) as excinfo:
        call_command("calendar_import", str(csv_file), "--year", "2027", stdout=StringIO())

    assert message in str(excinfo.value)
    assert (
        CalendarDay.objects.count(),
        CalendarYear.objects.count(),
        get_calendar().version,
    ) == before


def test_pause_and_resume_push_the_deadline_by_the_paused_working_days() -> None:
    letter = submit(datetime(2026, 11, 2, 10, tzinfo=BEIJING))  # Monday; due Thursday 11-05
    assert due_day(letter) == date(2026, 11, 5)

    deadlines.clock_pause(
        letter=letter, actor=None, reason="请补充房屋产权证明", on=date(2026, 11, 3)
    )
    lost = deadlines.clock_resume(letter=letter, actor=None, on=date(2026, 11, 10))

    assert lost == 5  # 11-04, 05, 06, 09, 10
    assert due_day(letter) == date(2026, 11, 12)
    assert letter.deadline_derivation["pauses"] == [
        {"from": "2026-11-03", "to": "2026-11-10", "working_days": 5}
    ]
    assert (
        letter.deadline_derivation["explanation"][0] == "补正期间暂停计时5个工作日，期限相应顺延。"
    )
    actions = list(letter.events.values_list("action", flat=True))
    assert actions == ["submit", "clock_start", "clock_pause", "clock_resume"]


def test_extension_moves_the_deadline_up_to_the_cap_with_a_reason() -> None:
    letter = submit(datetime(2026, 11, 2, 10, tzinfo=BEIJING))

    deadlines.clock_extend(letter=letter, actor=None, working_days=10, reason="涉及多个部门会商")

    assert due_day(letter) == date(2026, 11, 19)
    assert letter.events.get(action="clock_extend").public_note == (
        "办理期限延长10个工作日至2026年11月19日，理由：涉及多个部门会商"
    )


@pytest.mark.parametrize(
    ("days", "reason", "errors"),
    [
        (
            13,
            "情况复杂",
            {
                "working_days": [
                    "「延期天数」：最多还能延期12个工作日（本类来信办理时限上限为15个工作日）。"
                ]
            },
        ),
        (0, "情况复杂", {"working_days": ["「延期天数」：至少延期1个工作日。"]}),
        (5, "  ", {"reason": ["「延期理由」：请填写延期理由。"]}),
    ],
)
def test_refused_extension_changes_nothing(days: int, reason: str, errors: dict[str, Any]) -> None:
    letter = submit(datetime(2026, 11, 2, 10, tzinfo=BEIJING))
    before = (letter.deadline_at, dict(letter.deadline_derivation), LetterEvent.objects.count())

    with pytest.raises(ValidationError) as excinfo:
        deadlines.clock_extend(letter=letter, actor=None, working_days=days, reason=reason)

    assert excinfo.value.message_dict == errors
    letter.refresh_from_db()
    assert (letter.deadline_at, letter.deadline_derivation, LetterEvent.objects.count()) == before


def test_lookup_shows_the_deadline_and_its_provisional_flag(api: APIClient) -> None:
    edit_policy("consultation", working_days=15)
    letter = submit(datetime(2026, 12, 28, 10, tzinfo=BEIJING))

    body = api.post(
        "/api/v1/letters/lookup/",
        {"tracking_number": letter.tracking_number, "query_code": letter.query_code},
        format="json",
    ).json()

    assert (body["deadline"], body["deadline_provisional"]) == ("2027-01-19T23:59:59+08:00", True)
    assert body["timeline"][1]["note"] == "办理期限：2027年1月19日（暂定）。"


def test_admin_imports_a_year_through_the_upload_form(
    client: Any, admin_user: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(admin_user)
    upload = SimpleUploadedFile("国办发明电〔2026〕X号.csv", SCHEDULE_2027.encode("utf-8"))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/workdays/calendaryear/import/", {"year": 2027, "file": upload, "source": ""}
        )

    assert response.status_code == 302
    assert CalendarYear.objects.get(year=2027).source == "国办发明电〔2026〕X号.csv"
    assert get_calendar().is_official(2027)


def test_admin_upload_of_a_bad_file_shows_the_error_and_imports_nothing(
    client: Any, admin_user: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(admin_user)
    upload = SimpleUploadedFile("bad.csv", b"date,kind,name\n2027-01-04,workday,x\n")

    response = client.post("/admin/workdays/calendaryear/import/", {"year": 2027, "file": upload})

    assert response.status_code == 200
    assert "本来就是工作日" in response.content.decode()
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_due_soon_and_overdue_selectors_use_the_stored_deadline() -> None:
    from letters.selectors import due_soon_letters, overdue_letters

    late = submit(datetime(2026, 11, 2, 10, tzinfo=BEIJING))  # due 2026-11-05
    soon = submit(datetime(2026, 11, 17, 10, tzinfo=BEIJING))  # due 2026-11-20 (Friday)
    later = submit(datetime(2026, 11, 19, 10, tzinfo=BEIJING))  # due 2026-11-24
    paused = submit(datetime(2026, 11, 2, 11, tzinfo=BEIJING))
    deadlines.clock_pause(letter=paused, actor=None, reason="补充材料", on=date(2026, 11, 3))
    now = datetime(2026, 11, 19, 9, tzinfo=BEIJING)  # Thursday: due soon = by Friday night

    assert list(overdue_letters(now)) == [late]
    assert list(due_soon_letters(now)) == [soon]
    assert later not in due_soon_letters(now)
