"""Working-day calendar and statutory deadline arithmetic (workdays.calendar_core)."""

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from functools import cache

import chinese_calendar
import holidays
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from workdays.calendar_core import (
    BEIJING,
    DayKind,
    DayOverride,
    ScheduleError,
    WorkCalendar,
    parse_schedule_csv,
    seed_overrides_from_chinese_calendar,
    weekend_holiday_names_from_chinese_calendar,
)

# TEST DATA, NOT THE OFFICIAL 2027 SCHEDULE (the State Council publishes it around
# November 2026). A small plausible schedule used to check what importing a year does.
TEST_SCHEDULE_2027 = """date,kind,name
2027-01-01,holiday,元旦
2027-02-05,holiday,春节
2027-02-08,holiday,春节
2027-02-09,holiday,春节
2027-02-10,holiday,春节
2027-02-11,holiday,春节
2027-02-20,workday,春节
"""

Seed = tuple[list[DayOverride], set[int]]

PROVISIONAL_2027 = (
    "系统中尚无2027年的国务院节假日安排（尚未公布或尚未导入），该年日期按周末和"
    "法定节假日推算，截止日期为暂定，导入正式安排后将重新计算。"
)


@pytest.fixture(scope="module")
def seed() -> Seed:
    return seed_overrides_from_chinese_calendar()


@pytest.fixture(scope="module")
def calendar(seed: Seed) -> WorkCalendar:
    overrides, years = seed
    return WorkCalendar(
        overrides, years, 1, holiday_names=weekend_holiday_names_from_chinese_calendar()
    )


@pytest.fixture(scope="module")
def calendar_with_2027(seed: Seed) -> WorkCalendar:
    overrides, years = seed
    return WorkCalendar(
        [*overrides, *parse_schedule_csv(TEST_SCHEDULE_2027, 2027)],
        years | {2027},
        2,
        holiday_names=weekend_holiday_names_from_chinese_calendar(),
    )


# chinese_calendar.is_workday rescans its tables on every call; the oracle is cached.
cc_is_workday = cache(chinese_calendar.is_workday)


def days_of(year: int) -> list[date]:
    first = date(year, 1, 1)
    return [first + timedelta(days=i) for i in range((date(year + 1, 1, 1) - first).days)]


# -- deadlines under the official schedule ----------------------------------------------


@pytest.mark.parametrize(
    ("start", "n", "deadline"),
    [
        (date(2026, 9, 30), 3, date(2026, 10, 10)),  # ends on the make-up Saturday
        (date(2026, 2, 13), 2, date(2026, 2, 24)),  # across the Spring Festival
        (date(2026, 10, 3), 2, date(2026, 10, 9)),  # received during a holiday
        (date(2025, 12, 31), 3, date(2026, 1, 6)),  # across New Year, make-up Sunday
        (date(2026, 12, 10), 15, date(2026, 12, 31)),
    ],
)
def test_deadline_follows_official_schedule(
    calendar: WorkCalendar, start: date, n: int, deadline: date
) -> None:
    result = calendar.add_working_days(start, n)

    assert result.deadline == deadline
    assert result.provisional is False
    assert result.years == tuple(range(start.year, deadline.year + 1))


def test_explanation_groups_holidays_and_names_make_up_days(calendar: WorkCalendar) -> None:
    result = calendar.add_working_days(date(2026, 9, 30), 3)

    assert result.steps == (
        "2026年9月30日（星期三）为收件日，不计入期限。",
        "10月1日至10月7日为国庆节假期，不计。",
        "第1个工作日：2026年10月8日（星期四）。",
        "第2个工作日：2026年10月9日（星期五）。",
        "第3个工作日：2026年10月10日（星期六，调休上班）。",
        "截止时间：2026年10月10日23:59:59（北京时间）。",
    )


def test_explanation_of_spring_festival_with_make_up_saturday(calendar: WorkCalendar) -> None:
    result = calendar.add_working_days(date(2026, 2, 13), 2)

    assert result.steps == (
        "2026年2月13日（星期五）为收件日，不计入期限。",
        "第1个工作日：2026年2月14日（星期六，调休上班）。",
        "2月15日至2月23日为春节假期，不计。",
        "第2个工作日：2026年2月24日（星期二）。",
        "截止时间：2026年2月24日23:59:59（北京时间）。",
    )


def test_explanation_writes_the_year_of_days_outside_the_receipt_year(
    calendar: WorkCalendar,
) -> None:
    result = calendar.add_working_days(date(2025, 12, 31), 3)

    assert result.years == (2025, 2026)
    assert result.steps[:3] == (
        "2025年12月31日（星期三）为收件日，不计入期限。",
        "2026年1月1日至1月3日为元旦假期，不计。",
        "第1个工作日：2026年1月4日（星期日，调休上班）。",
    )


def test_plain_weekends_are_called_weekends(calendar: WorkCalendar) -> None:
    result = calendar.add_working_days(date(2026, 12, 11), 1)

    assert result.deadline == date(2026, 12, 14)
    assert result.steps[1] == "12月12日至12月13日为周末，不计。"


def test_weekend_holiday_names_explain_a_weekend_inside_a_break(seed: Seed) -> None:
    overrides, years = seed
    named = WorkCalendar(
        overrides, years, 1, holiday_names=weekend_holiday_names_from_chinese_calendar()
    )
    unnamed = WorkCalendar(overrides, years, 1)

    named_steps = named.add_working_days(date(2026, 1, 2), 1).steps
    unnamed_steps = unnamed.add_working_days(date(2026, 1, 2), 1).steps

    assert named_steps[1] == "1月3日（星期六）为元旦假期，不计。"
    assert unnamed_steps[1] == "1月3日（星期六）为周末，不计。"
    assert named_steps[2] == "第1个工作日：2026年1月4日（星期日，调休上班）。"


def test_due_at_is_end_of_deadline_day_in_beijing(calendar: WorkCalendar) -> None:
    due_at = calendar.add_working_days(date(2026, 9, 30), 3).due_at

    assert due_at == datetime(2026, 10, 10, 23, 59, 59, tzinfo=BEIJING)
    assert due_at.astimezone(UTC) == datetime(2026, 10, 10, 15, 59, 59, tzinfo=UTC)


@pytest.mark.parametrize("n", [0, -1, 366])
def test_working_day_count_outside_1_to_365_is_refused(calendar: WorkCalendar, n: int) -> None:
    with pytest.raises(ValueError, match=f"^工作日数必须在1到365之间，收到的是{n}。$"):
        calendar.add_working_days(date(2026, 9, 30), n)


def test_365_working_days_are_accepted(calendar: WorkCalendar) -> None:
    result = calendar.add_working_days(date(2024, 1, 1), 365)

    assert calendar.working_days_between(date(2024, 1, 1), result.deadline) == 365
    assert result.years == (2024, 2025)
    assert sum(step.startswith("第") for step in result.steps) == 365


# -- inclusive counting -----------------------------------------------------------------


def test_inclusive_mode_counts_a_working_receipt_day(calendar: WorkCalendar) -> None:
    result = calendar.add_working_days(date(2026, 9, 30), 3, inclusive=True)

    assert result.deadline == date(2026, 10, 9)
    assert result.steps[:3] == (
        "2026年9月30日（星期三）为收件日，当日为工作日，计入期限。",
        "第1个工作日：2026年9月30日（星期三）。",
        "10月1日至10月7日为国庆节假期，不计。",
    )


def test_inclusive_mode_with_one_day_ends_on_the_receipt_day(calendar: WorkCalendar) -> None:
    assert calendar.add_working_days(date(2026, 10, 10), 1, inclusive=True).deadline == date(
        2026, 10, 10
    )
    assert calendar.add_working_days(date(2026, 10, 10), 1).deadline == date(2026, 10, 12)


def test_inclusive_mode_starts_at_next_working_day_after_a_day_off(
    calendar: WorkCalendar,
) -> None:
    result = calendar.add_working_days(date(2026, 10, 3), 2, inclusive=True)

    assert result.deadline == date(2026, 10, 9)
    assert result.steps[:3] == (
        "2026年10月3日（星期六）为收件日，当日不是工作日，自下一个工作日起计算。",
        "10月3日至10月7日为国庆节假期，不计。",
        "第1个工作日：2026年10月8日（星期四）。",
    )


# -- years without an official schedule -------------------------------------------------


def test_deadline_in_a_year_without_schedule_is_provisional(calendar: WorkCalendar) -> None:
    result = calendar.add_working_days(date(2026, 12, 28), 15)

    assert result.deadline == date(2027, 1, 19)
    assert result.provisional is True
    assert result.years == (2026, 2027)
    assert "2027年1月1日至1月3日为元旦假期，不计。" in result.steps
    assert result.steps[-2:] == ("截止时间：2027年1月19日23:59:59（北京时间）。", PROVISIONAL_2027)


def test_importing_the_year_removes_the_provisional_mark(
    calendar_with_2027: WorkCalendar,
) -> None:
    result = calendar_with_2027.add_working_days(date(2026, 12, 28), 15)

    assert calendar_with_2027.version == 2
    assert calendar_with_2027.is_official(2027)
    assert result.deadline == date(2027, 1, 19)
    assert result.provisional is False
    assert result.steps[-1] == "截止时间：2027年1月19日23:59:59（北京时间）。"


@pytest.mark.parametrize(
    ("start", "provisional_deadline", "official_deadline"),
    [
        (date(2027, 2, 4), date(2027, 2, 11), date(2027, 2, 12)),  # a longer break
        (date(2027, 2, 19), date(2027, 2, 22), date(2027, 2, 20)),  # make-up Saturday
    ],
)
def test_imported_schedule_changes_the_date(
    calendar: WorkCalendar,
    calendar_with_2027: WorkCalendar,
    start: date,
    provisional_deadline: date,
    official_deadline: date,
) -> None:
    assert calendar.add_working_days(start, 1).deadline == provisional_deadline
    assert calendar_with_2027.add_working_days(start, 1).deadline == official_deadline


def test_fallback_uses_statutory_holidays_and_days_in_lieu(calendar: WorkCalendar) -> None:
    # 2027-10-02/03 fall on a weekend, so 10-04 and 10-05 are given off in lieu (补假).
    october = [date(2027, 10, d) for d in range(1, 9)]

    assert [d for d in october if not calendar.is_workday(d)] == october[:5]
    steps = calendar.add_working_days(date(2027, 2, 4), 1).steps
    assert steps[1] == "2月5日至2月10日为春节假期，不计。"


def test_fallback_has_no_make_up_working_days_when_none_are_known(calendar: WorkCalendar) -> None:
    assert not any(calendar.is_workday(d) for d in days_of(2027) if d.weekday() >= 5)


def test_fallback_matches_official_schedule_where_holidays_package_knows_it() -> None:
    unofficial = WorkCalendar([], set(), 1)

    result = unofficial.add_working_days(date(2026, 9, 30), 3)

    assert [unofficial.is_workday(d) for d in days_of(2026)] == [
        chinese_calendar.is_workday(d) for d in days_of(2026)
    ]
    assert (result.deadline, result.provisional) == (date(2026, 10, 10), True)


def test_years_before_1950_have_weekends_only() -> None:
    unofficial = WorkCalendar([], set(), 1)

    assert [unofficial.is_workday(d) for d in days_of(1900)] == [
        d.weekday() < 5 for d in days_of(1900)
    ]


@pytest.mark.parametrize("day", [date(1899, 12, 31), date(2201, 1, 1)])
def test_dates_outside_1900_to_2200_are_refused(calendar: WorkCalendar, day: date) -> None:
    message = f"^日期{day.isoformat()}超出支持范围（1900年至2200年）。$"
    with pytest.raises(ValueError, match=message):
        calendar.is_workday(day)
    with pytest.raises(ValueError, match=message):
        calendar.add_working_days(day, 1)


@pytest.mark.parametrize("start", [date(1900, 1, 1), date(2200, 12, 31)])
@pytest.mark.parametrize("inclusive", [False, True])
def test_first_and_last_supported_dates_work(
    calendar: WorkCalendar, start: date, inclusive: bool
) -> None:
    result = calendar.add_working_days(start, 365, inclusive=inclusive)

    assert result.provisional is True
    assert result.deadline.year == start.year + (1 if start.month == 1 else 2)


def test_concurrent_first_use_gives_the_same_deadlines(seed: Seed) -> None:
    overrides, years = seed
    starts = [date(year, 6, 30) for year in range(1990, 2040)]
    expected = [WorkCalendar(overrides, years, 1).add_working_days(start, 300) for start in starts]
    shared = WorkCalendar(overrides, years, 1)

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda start: shared.add_working_days(start, 300), starts))

    assert results == expected


@settings(max_examples=100, deadline=None)
@given(
    start=st.dates(date(1900, 1, 1), date(2200, 12, 31)),
    n=st.integers(1, 365),
    inclusive=st.booleans(),
)
def test_any_date_from_1900_to_2200_gives_a_consistent_deadline(
    calendar: WorkCalendar, start: date, n: int, inclusive: bool
) -> None:
    result = calendar.add_working_days(start, n, inclusive=inclusive)

    assert result.deadline >= start
    assert result.years == tuple(range(start.year, result.deadline.year + 1))
    assert result.provisional == any(not calendar.is_official(y) for y in result.years)
    assert sum(step.startswith("第") for step in result.steps) == n
    if result.deadline.year <= 2200:
        counted_start = inclusive and calendar.is_workday(start)
        assert calendar.is_workday(result.deadline)
        assert calendar.working_days_between(start, result.deadline) == n - counted_start


# -- agreement with chinese_calendar ----------------------------------------------------


def test_is_workday_agrees_with_chinese_calendar_2004_to_2026(calendar: WorkCalendar) -> None:
    days = [d for year in range(2004, 2027) for d in days_of(year)]

    assert [calendar.is_workday(d) for d in days] == [cc_is_workday(d) for d in days]


@settings(max_examples=200, deadline=None)
@given(
    start=st.dates(date(2004, 1, 1), date(2026, 12, 31)),
    n=st.integers(1, 365),
    inclusive=st.booleans(),
)
def test_deadline_is_nth_chinese_calendar_workday(
    calendar: WorkCalendar, start: date, n: int, inclusive: bool
) -> None:
    day = start if inclusive and cc_is_workday(start) else None
    counted = 1 if day else 0
    while counted < n:
        day = (day or start) + timedelta(days=1)
        assume(day.year <= 2026)
        counted += cc_is_workday(day)

    assert calendar.add_working_days(start, n, inclusive=inclusive).deadline == day


# -- working_days_between, next_workday, is_official ------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "count"),
    [
        (date(2026, 9, 30), date(2026, 10, 10), 3),
        (date(2026, 9, 30), date(2026, 9, 30), 0),
        (date(2026, 9, 29), date(2026, 9, 30), 1),  # b is counted, a is not
        (date(2026, 10, 1), date(2026, 10, 7), 0),  # the whole National Day break
        (date(2025, 12, 31), date(2026, 1, 6), 3),
        (date(2026, 10, 10), date(2026, 9, 30), -3),
    ],
)
def test_working_days_between(calendar: WorkCalendar, a: date, b: date, count: int) -> None:
    assert calendar.working_days_between(a, b) == count


def test_pause_pushes_deadline_by_paused_working_days(calendar: WorkCalendar) -> None:
    deadline = calendar.add_working_days(date(2026, 9, 30), 3).deadline
    paused = calendar.working_days_between(date(2026, 9, 30), date(2026, 10, 9))

    assert paused == 2
    assert calendar.add_working_days(deadline, paused).deadline == date(2026, 10, 13)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 9, 30), date(2026, 10, 8)),
        (date(2026, 10, 9), date(2026, 10, 10)),  # make-up Saturday
        (date(2026, 10, 12), date(2026, 10, 13)),
        (date(2026, 12, 31), date(2027, 1, 4)),  # into a year without schedule
        (date(2200, 12, 31), date(2201, 1, 1)),
    ],
)
def test_next_workday_is_strictly_after(calendar: WorkCalendar, day: date, expected: date) -> None:
    assert calendar.next_workday(day) == expected


def test_is_official(calendar: WorkCalendar) -> None:
    assert [calendar.is_official(y) for y in (2003, 2004, 2026, 2027)] == [
        False,
        True,
        True,
        False,
    ]


# -- building a calendar ----------------------------------------------------------------


def test_seed_holds_only_non_default_days_with_chinese_names(seed: Seed) -> None:
    overrides, years = seed

    assert years == set(range(2004, 2027))
    assert all((o.kind == DayKind.HOLIDAY) == (o.day.weekday() < 5) for o in overrides), (
        "weekday holidays and weekend workdays only"
    )
    assert {o.name for o in overrides} == {
        "元旦",
        "春节",
        "清明节",
        "劳动节",
        "端午节",
        "国庆节",
        "中秋节",
        "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
    }
    assert DayOverride(date(2026, 10, 10), DayKind.WORKDAY, "国庆节") in overrides
    assert DayOverride(date(2026, 9, 25), DayKind.HOLIDAY, "中秋节") in overrides
    assert [o.day for o in overrides] == sorted(o.day for o in overrides)
    assert len(overrides) == len({o.day for o in overrides})


def test_weekend_holiday_names_cover_only_weekends() -> None:
    names = weekend_holiday_names_from_chinese_calendar()

    assert names[date(2026, 10, 3)] == "国庆节"
    assert all(day.weekday() >= 5 for day in names)


def test_override_for_a_year_not_declared_official_is_refused() -> None:
    override = DayOverride(date(2027, 1, 1), DayKind.HOLIDAY, "元旦")

    with pytest.raises(ValueError, match=r"^2027-01-01所在的2027年不在已公布放假安排的年份中。$"):
        WorkCalendar([override], {2026}, 1)


def test_duplicate_override_is_refused() -> None:
    override = DayOverride(date(2027, 1, 1), DayKind.HOLIDAY, "元旦")

    with pytest.raises(ValueError, match=r"^2027-01-01在放假安排中出现了两次。$"):
        WorkCalendar([override, override], {2027}, 1)


@pytest.mark.parametrize(
    ("day", "kind", "message"),
    [
        (date(2027, 1, 1), "rest", "类型“rest”无效"),
        (date(2027, 1, 4), "workday", "2027年1月4日（星期一）本来就是工作日"),
        (date(2027, 1, 2), "holiday", "2027年1月2日（星期六）本来就是休息日"),
    ],
)
def test_invalid_override_is_refused(day: date, kind: str, message: str) -> None:
    with pytest.raises(ValueError, match=f"^{message}"):
        DayOverride(day, kind, "元旦")


# -- parse_schedule_csv ------------------------------------------------------------------


def test_schedule_csv_is_parsed_in_date_order() -> None:
    text = "\ufeffdate,kind,name\r\n2027-02-20,workday,春节\r\n\r\n 2027-01-01 , Holiday ,元旦\r\n"

    assert parse_schedule_csv(text, 2027) == [
        DayOverride(date(2027, 1, 1), DayKind.HOLIDAY, "元旦"),
        DayOverride(date(2027, 2, 20), DayKind.WORKDAY, "春节"),
    ]


def test_test_schedule_2027_parses() -> None:
    overrides = parse_schedule_csv(TEST_SCHEDULE_2027, 2027)

    assert len(overrides) == 7
    assert [o.day for o in overrides if o.kind == DayKind.WORKDAY] == [date(2027, 2, 20)]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "文件为空：第1行应为表头 date,kind,name，其后每行一个日期。"),
        ("  \n\n", "文件为空：第1行应为表头 date,kind,name，其后每行一个日期。"),
        ("date,kind,name\n", "文件中没有任何日期：表头之后每行应有一个日期。"),
        (
            "day,kind,name\n2027-01-01,holiday,元旦\n",
            "第1行：表头应为 date,kind,name，实际为“day,kind,name”。",
        ),
        (
            "date,kind,name\n2027/01/01,holiday,元旦\n",
            "第2行：日期“2027/01/01”格式错误，应为YYYY-MM-DD，例如2027-01-01。",
        ),
        ("date,kind,name\n2027-02-30,holiday,春节\n", "第2行：日期“2027-02-30”不存在。"),
        ("date,kind,name\n2026-12-31,holiday,元旦\n", "第2行：日期2026-12-31不在2027年内。"),
        (
            "date,kind,name\n2027-01-01,rest,元旦\n",
            "第2行：类型“rest”无效，只能是 holiday（放假）或 workday（调休上班）。",
        ),
        (
            "date,kind,name\n2027-01-01,holiday,元旦\n2027-01-04,workday,元旦\n",
            "第3行：2027年1月4日（星期一）本来就是工作日，不能标记为 workday"
            "（调休上班只适用于星期六、星期日）。",
        ),
        (
            "date,kind,name\n2027-01-02,holiday,元旦\n",
            "第2行：2027年1月2日（星期六）本来就是休息日，不能标记为 holiday"
            "（只需列出放假的星期一至星期五）。",
        ),
        (
            "date,kind,name\n2027-01-01,holiday,元旦\n2027-01-01,holiday,元旦\n",
            "第3行：日期2027-01-01与第2行重复。",
        ),
        ("date,kind,name\n2027-01-01,holiday\n", "第2行：应有3列（date,kind,name），实际有2列。"),
        (
            "date,kind,name\n2027-01-01,holiday, \n",
            "第2行：2027-01-01的节日名称不能为空（例如“春节”）。",
        ),
    ],
)
def test_bad_schedule_csv_is_refused_with_the_line(text: str, message: str) -> None:
    with pytest.raises(ScheduleError) as excinfo:
        parse_schedule_csv(text, 2027)

    assert str(excinfo.value) == message


def test_schedule_error_after_valid_rows_refuses_the_whole_file() -> None:
    text = (
        "date,kind,name\n2027-01-01,holiday,元旦\n2027-02-05,holiday,春节\n2027-13-01,holiday,x\n"
    )

    with pytest.raises(ScheduleError, match=r"^第4行"):
        parse_schedule_csv(text, 2027)


def test_schedule_year_outside_supported_range_is_refused() -> None:
    with pytest.raises(ScheduleError, match=r"^年份1800超出支持范围（1900年至2200年）。$"):
        parse_schedule_csv(TEST_SCHEDULE_2027, 1800)


def test_schedule_error_is_a_value_error() -> None:
    assert issubclass(ScheduleError, ValueError)


def test_holidays_package_is_the_fallback_source() -> None:
    unofficial = WorkCalendar([], set(), 1)
    statutory = holidays.country_holidays("CN", years=2030)

    assert [unofficial.is_workday(d) for d in days_of(2030)] == [
        statutory.is_working_day(d) for d in days_of(2030)
    ]
