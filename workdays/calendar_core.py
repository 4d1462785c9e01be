"""Working-day calendar and statutory deadline arithmetic (pure Python, no Django).

Working days follow the State Council holiday schedule: a weekday is a working day
unless the schedule gives it off (``holiday``), a Saturday or Sunday is a day off
unless it is a make-up working day (``workday``, 调休上班).  A year whose schedule has
not been imported falls back to weekends plus the statutory holidays computed by the
``holidays`` package, and every result that touches such a year is provisional.

Counting (DESIGN.md §3): the day of receipt is not counted, day 1 is the first working
day strictly after it, and the deadline is the end (23:59:59 Beijing time) of the Nth
working day.  The inclusive mode counts the day of receipt when it is a working day.

Why one module of ~520 lines: the calendar and the deadline arithmetic on it are one
Django-free unit, property-tested together (tests/letters/test_calendar_core.py).

A :class:`WorkCalendar` is immutable from the outside; years are precomputed lazily,
on first use, into a sorted list of working-day ordinals so that deadline arithmetic
is a binary search.  Loading is guarded by a lock and published copy-on-write, so one
calendar can be shared by threads.
"""

from __future__ import annotations

import csv
import io
import re
import threading
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum
from zoneinfo import ZoneInfo

import chinese_calendar
import holidays

__all__ = [
    "BEIJING",
    "MAX_WORKING_DAYS",
    "MAX_YEAR",
    "MIN_YEAR",
    "DayKind",
    "DayOverride",
    "DeadlineResult",
    "ScheduleError",
    "WorkCalendar",
    "parse_schedule_csv",
    "seed_overrides_from_chinese_calendar",
    "weekend_holiday_names_from_chinese_calendar",
]

BEIJING = ZoneInfo("Asia/Shanghai")
MIN_YEAR = 1900
MAX_YEAR = 2200
MAX_WORKING_DAYS = 365

_MIN_ORDINAL = date(MIN_YEAR, 1, 1).toordinal()
_MAX_ORDINAL = date(MAX_YEAR, 12, 31).toordinal()
_WEEKDAY_NAMES = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_SCHEDULE_HEADER = ["date", "kind", "name"]
_NTH_WORKDAY = tuple(f"第{k}个工作日：" for k in range(1, MAX_WORKING_DAYS + 1))

# English names used by the chinese_calendar package -> names used in our explanations.
_CHINESE_CALENDAR_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}

# Suffixes the holidays package adds to observed (补假) and estimated (推定) days.
_HOLIDAYS_LIB_SUFFIX = re.compile(r"（(补假|推定|补假，推定)）$")
# The holidays package names a day off moved by 调休 "休息日（由 YYYY-MM-DD 调休）".
_HOLIDAYS_LIB_SUBSTITUTED_PREFIX = "休息日（"


class DayKind(StrEnum):
    HOLIDAY = "holiday"  # a day off on a weekday
    WORKDAY = "workday"  # a make-up working day on a weekend (调休上班)


_KINDS = frozenset(DayKind)


class ScheduleError(ValueError):
    """An imported holiday schedule is invalid; the message is shown to the admin."""


def _is_weekend(day: date) -> bool:
    return day.weekday() >= 5


def _describe(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日（{_WEEKDAY_NAMES[day.weekday()]}）"


@dataclass(frozen=True, slots=True)
class DayOverride:
    """One day where the official schedule departs from the Monday-to-Friday week."""

    day: date
    kind: str
    name: str

    def __post_init__(self) -> None:
        if self.kind not in _KINDS:
            raise ValueError(
                f"类型“{self.kind}”无效，只能是 holiday（放假）或 workday（调休上班）。"
            )
        if not self.name.strip():
            raise ValueError(f"{self.day.isoformat()}的节日名称不能为空（例如“春节”）。")
        if self.kind == DayKind.WORKDAY and not _is_weekend(self.day):
            raise ValueError(
                f"{_describe(self.day)}本来就是工作日，不能标记为 workday"
                "（调休上班只适用于星期六、星期日）。"
            )
        if self.kind == DayKind.HOLIDAY and _is_weekend(self.day):
            raise ValueError(
                f"{_describe(self.day)}本来就是休息日，不能标记为 holiday"
                "（只需列出放假的星期一至星期五）。"
            )


@dataclass(frozen=True, slots=True)
class DeadlineResult:
    deadline: date
    provisional: bool
    years: tuple[int, ...]  # calendar years touched from the start to the deadline
    steps: tuple[str, ...]  # Chinese, one sentence per step of the count

    @property
    def due_at(self) -> datetime:
        """The end of the deadline day, Beijing time."""
        return datetime.combine(self.deadline, time(23, 59, 59), tzinfo=BEIJING)


@dataclass(frozen=True, slots=True)
class _Year:
    first_ordinal: int
    flags: bytes  # flags[ordinal - first_ordinal] == 1 for a working day
    names: dict[int, tuple[str, ...]]  # ordinal -> holiday names of a named day off

    def is_workday(self, ordinal: int) -> bool:
        return self.flags[ordinal - self.first_ordinal] == 1

    def workday_ordinals(self) -> list[int]:
        first = self.first_ordinal
        return [first + i for i, flag in enumerate(self.flags) if flag]


@dataclass(frozen=True, slots=True)
class _Window:
    """Working-day ordinals of the contiguous, loaded years first_year..last_year."""

    first_year: int
    last_year: int
    ordinals: list[int]


def _check_date(day: date) -> int:
    ordinal = day.toordinal()
    if not _MIN_ORDINAL <= ordinal <= _MAX_ORDINAL:
        raise ValueError(f"日期{day.isoformat()}超出支持范围（{MIN_YEAR}年至{MAX_YEAR}年）。")
    return ordinal


def _holidays_lib_names(raw: str) -> tuple[str, ...]:
    """Names of one day as given by the holidays package, without suffixes or 调休 labels."""
    names: list[str] = []
    for part in raw.split("; "):
        if part.startswith(_HOLIDAYS_LIB_SUBSTITUTED_PREFIX):
            continue
        name = _HOLIDAYS_LIB_SUFFIX.sub("", part)
        name = "春节" if name == "农历除夕" else name
        if name not in names:
            names.append(name)
    return tuple(names)


class WorkCalendar:
    """Working days under the official schedule, with a statutory fallback.

    ``overrides`` are the non-default days (weekday holidays, weekend make-up working
    days) of the years in ``official_years``.  ``holiday_names`` optionally names days
    off that need no override (a Saturday inside the Spring Festival break); it is only
    used to explain deadlines.
    """

    def __init__(
        self,
        overrides: Iterable[DayOverride],
        official_years: Iterable[int],
        version: int,
        *,
        holiday_names: Mapping[date, str] | None = None,
    ) -> None:
        self.version = version
        self._official = frozenset(official_years)
        self._overrides: dict[int, dict[int, DayOverride]] = {}
        self._official_names: dict[int, tuple[str, ...]] = {}
        for day, name in (holiday_names or {}).items():
            self._require_official(day)
            self._official_names[day.toordinal()] = (name,)
        for override in overrides:
            self._require_official(override.day)
            by_ordinal = self._overrides.setdefault(override.day.year, {})
            ordinal = override.day.toordinal()
            if ordinal in by_ordinal:
                raise ValueError(f"{override.day.isoformat()}在放假安排中出现了两次。")
            by_ordinal[ordinal] = override
            if override.kind == DayKind.HOLIDAY:
                self._official_names[ordinal] = (override.name,)
        self._lock = threading.Lock()
        self._years: dict[int, _Year] = {}
        self._window = _Window(0, -1, [])
        self._labels: dict[int, str] = {}
        self._gaps: dict[tuple[int, int, int], str] = {}
        self._spans: dict[tuple[int, int], tuple[tuple[int, ...], tuple[int, ...]]] = {}

    def _require_official(self, day: date) -> None:
        if day.year not in self._official:
            raise ValueError(f"{day.isoformat()}所在的{day.year}年不在已公布放假安排的年份中。")

    # -- public API ---------------------------------------------------------------

    def is_official(self, year: int) -> bool:
        """Whether the official schedule of ``year`` is known."""
        return year in self._official

    def is_workday(self, d: date) -> bool:
        ordinal = _check_date(d)
        return self._year(d.year).is_workday(ordinal)

    def next_workday(self, d: date) -> date:
        """The first working day strictly after ``d``."""
        ordinal = _check_date(d)
        ordinals = self._ordinals(d.year, d.year + 1)
        index = bisect_right(ordinals, ordinal)
        while index >= len(ordinals):  # only a schedule with no working days left gets here
            ordinals = self._extend(d.year, self._window.last_year + 1).ordinals
        return date.fromordinal(ordinals[index])

    def working_days_between(self, a: date, b: date) -> int:
        """The number of working days d with a < d <= b (negative when b < a)."""
        ordinal_a, ordinal_b = _check_date(a), _check_date(b)
        ordinals = self._ordinals(min(a.year, b.year), max(a.year, b.year))
        return bisect_right(ordinals, ordinal_b) - bisect_right(ordinals, ordinal_a)

    def non_default_days(self, year: int) -> list[tuple[date, str, str]]:
        """(day, kind, name) of every day of ``year`` that departs from the usual week."""
        _check_date(date(year, 1, 1))
        loaded = self._year(year)
        result: list[tuple[date, str, str]] = []
        for index, flag in enumerate(loaded.flags):
            ordinal = loaded.first_ordinal + index
            weekend = (ordinal - 1) % 7 >= 5
            if bool(flag) == weekend:
                kind = DayKind.WORKDAY if flag else DayKind.HOLIDAY
                names = loaded.names.get(ordinal, ())
                result.append((date.fromordinal(ordinal), str(kind), "、".join(names) or "调休"))
        return result

    def add_working_days(self, start: date, n: int, *, inclusive: bool = False) -> DeadlineResult:
        """The deadline ``n`` working days after ``start``, with its explanation."""
        if not 1 <= n <= MAX_WORKING_DAYS:
            raise ValueError(f"工作日数必须在1到{MAX_WORKING_DAYS}之间，收到的是{n}。")
        start_ordinal = _check_date(start)
        year = start.year
        window = self._window
        if not (window.first_year <= year and year + 2 <= window.last_year):
            window = self._extend(year, year + 2)
        ordinals = window.ordinals
        # Index of day 1: the first working day after the start, or on it when inclusive.
        first = (bisect_left if inclusive else bisect_right)(ordinals, start_ordinal)
        last = first + n - 1
        while last >= len(ordinals):  # only a schedule with very few working days gets here
            ordinals = self._extend(year, self._window.last_year + 1).ordinals
        deadline = date.fromordinal(ordinals[last])
        span = self._spans.get((year, deadline.year)) or self._span(year, deadline.year)
        years, unofficial = span
        steps = self._explain(start, start_ordinal, ordinals, first, n, inclusive, deadline)
        if unofficial:
            steps.append(self._provisional_sentence(unofficial))
        return DeadlineResult(deadline, bool(unofficial), years, tuple(steps))

    # -- explanation --------------------------------------------------------------

    def _explain(
        self,
        start: date,
        start_ordinal: int,
        ordinals: list[int],
        first: int,
        n: int,
        inclusive: bool,
        deadline: date,
    ) -> list[str]:
        label = self._labels.get(start_ordinal) or self._label(start_ordinal)
        if not inclusive:
            steps = [f"{label}为收件日，不计入期限。"]
            previous = start_ordinal
        elif ordinals[first] == start_ordinal:
            steps = [f"{label}为收件日，当日为工作日，计入期限。"]
            previous = start_ordinal - 1
        else:
            steps = [f"{label}为收件日，当日不是工作日，自下一个工作日起计算。"]
            previous = start_ordinal - 1
        labels, gaps, append = self._labels, self._gaps, steps.append
        for nth, ordinal in zip(_NTH_WORKDAY, ordinals[first : first + n], strict=False):
            if ordinal - previous > 1:
                key = (previous + 1, ordinal - 1, start.year)
                append(gaps.get(key) or self._gap_sentence(*key))
            append(nth + (labels.get(ordinal) or self._label(ordinal)) + "。")
            previous = ordinal
        steps.append(
            f"截止时间：{deadline.year}年{deadline.month}月{deadline.day}日23:59:59（北京时间）。"
        )
        return steps

    def _label(self, ordinal: int) -> str:
        day = date.fromordinal(ordinal)
        weekday = _WEEKDAY_NAMES[day.weekday()]
        if _is_weekend(day) and self._year(day.year).is_workday(ordinal):
            weekday += "，调休上班"
        label = f"{day.year}年{day.month}月{day.day}日（{weekday}）"
        self._labels[ordinal] = label
        return label

    def _gap_sentence(self, first: int, last: int, start_year: int) -> str:
        """One sentence for a run of consecutive days off (memoised in self._gaps)."""
        names: list[str] = []
        weekend_only = True
        for ordinal in range(first, last + 1):
            day = date.fromordinal(ordinal)
            weekend_only = weekend_only and _is_weekend(day)
            for name in self._year(day.year).names.get(ordinal, ()):
                if name not in names:
                    names.append(name)

        def short(day: date, context_year: int) -> str:
            prefix = "" if day.year == context_year else f"{day.year}年"
            return f"{prefix}{day.month}月{day.day}日"

        first_day = date.fromordinal(first)
        period = short(first_day, start_year)
        if first == last:
            period += f"（{_WEEKDAY_NAMES[first_day.weekday()]}）"
        else:
            period += f"至{short(date.fromordinal(last), first_day.year)}"
        if names:
            sentence = f"{period}为{'、'.join(names)}假期，不计。"
        else:
            sentence = f"{period}为{'周末' if weekend_only else '休息日'}，不计。"
        self._gaps[(first, last, start_year)] = sentence
        return sentence

    @staticmethod
    def _provisional_sentence(unofficial: tuple[int, ...]) -> str:
        years = "、".join(f"{year}年" for year in unofficial)
        return (
            f"系统中尚无{years}的国务院节假日安排（尚未公布或尚未导入），该年日期按周末和"
            "法定节假日推算，截止日期为暂定，导入正式安排后将重新计算。"
        )

    # -- precomputation -----------------------------------------------------------

    def _span(self, first_year: int, last_year: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """The years first_year..last_year, and those of them without official schedule."""
        years = tuple(range(first_year, last_year + 1))
        span = (years, tuple(y for y in years if y not in self._official))
        self._spans[(first_year, last_year)] = span
        return span

    def _ordinals(self, first_year: int, last_year: int) -> list[int]:
        window = self._window
        if window.first_year <= first_year and last_year <= window.last_year:
            return window.ordinals
        return self._extend(first_year, last_year).ordinals

    def _extend(self, first_year: int, last_year: int) -> _Window:
        """Make the window cover first_year..last_year; publish a new window object."""
        with self._lock:
            window = self._window
            if window.last_year < window.first_year:  # nothing loaded yet
                window = _Window(first_year, first_year, self._year(first_year).workday_ordinals())
            ordinals = window.ordinals
            before = [o for y in range(first_year, window.first_year) for o in self._workdays_of(y)]
            after = [
                o for y in range(window.last_year + 1, last_year + 1) for o in self._workdays_of(y)
            ]
            if before or after:
                window = _Window(
                    min(first_year, window.first_year),
                    max(last_year, window.last_year),
                    before + ordinals + after,
                )
            self._window = window
            return window

    def _workdays_of(self, year: int) -> list[int]:
        return self._year(year).workday_ordinals()

    def _year(self, year: int) -> _Year:
        loaded = self._years.get(year)
        if loaded is None:
            loaded = self._build_official(year) if year in self._official else _build_fallback(year)
            self._years[year] = loaded
        return loaded

    def _build_official(self, year: int) -> _Year:
        first = date(year, 1, 1).toordinal()
        size = date(year + 1, 1, 1).toordinal() - first
        # date.fromordinal(o).weekday() == (o - 1) % 7
        flags = bytearray(1 if (first + i - 1) % 7 < 5 else 0 for i in range(size))
        for ordinal, override in self._overrides.get(year, {}).items():
            flags[ordinal - first] = 1 if override.kind == DayKind.WORKDAY else 0
        names = {o: n for o, n in self._official_names.items() if first <= o < first + size}
        return _Year(first, bytes(flags), names)


def _build_fallback(year: int) -> _Year:
    """Weekends plus China's statutory holidays (and any 调休 the package knows)."""
    first = date(year, 1, 1).toordinal()
    size = date(year + 1, 1, 1).toordinal() - first
    # Neighbouring years are included so that 调休 across New Year is seen.
    statutory = holidays.country_holidays("CN", years=(year - 1, year, year + 1), language="zh_CN")
    flags = bytes(
        1 if statutory.is_working_day(date.fromordinal(first + i)) else 0 for i in range(size)
    )
    names: dict[int, tuple[str, ...]] = {}
    for day, raw in statutory.items():
        day_names = _holidays_lib_names(raw) if day.year == year else ()
        if day_names:
            names[day.toordinal()] = day_names
    return _Year(first, flags, names)


# -- schedule sources -----------------------------------------------------------------


def _chinese_calendar_name(english: str) -> str:
    return _CHINESE_CALENDAR_NAMES.get(english) or chinese_calendar.Holiday(english).chinese


def seed_overrides_from_chinese_calendar() -> tuple[list[DayOverride], set[int]]:
    """Every non-default day known to the chinese_calendar package, and its years."""
    overrides = [
        DayOverride(day, DayKind.HOLIDAY, _chinese_calendar_name(english))
        for day, english in chinese_calendar.holidays.items()
        if not _is_weekend(day)
    ]
    overrides += [
        DayOverride(day, DayKind.WORKDAY, _chinese_calendar_name(english))
        for day, english in chinese_calendar.workdays.items()
        if _is_weekend(day)
    ]
    overrides.sort(key=lambda override: override.day)
    known = [*chinese_calendar.holidays, *chinese_calendar.workdays]
    years = set(range(min(known).year, max(known).year + 1))
    return overrides, years


def weekend_holiday_names_from_chinese_calendar() -> dict[date, str]:
    """Names of the Saturdays and Sundays inside official breaks (for explanations)."""
    return {
        day: _chinese_calendar_name(english)
        for day, english in sorted(chinese_calendar.holidays.items())
        if _is_weekend(day)
    }


def parse_schedule_csv(text: str, year: int) -> list[DayOverride]:
    """Parse one year's schedule (header ``date,kind,name``); all rows or an error.

    Lists only non-default days: weekdays off (holiday) and weekend make-up working
    days (workday).  Raises :class:`ScheduleError` naming the offending line.
    """
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ScheduleError(f"年份{year}超出支持范围（{MIN_YEAR}年至{MAX_YEAR}年）。")
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise ScheduleError("文件为空：第1行应为表头 date,kind,name，其后每行一个日期。")
    reader = csv.reader(io.StringIO(text))
    overrides: list[DayOverride] = []
    seen: dict[date, int] = {}
    try:
        header = [cell.strip().lower() for cell in next(reader)]
        if header != _SCHEDULE_HEADER:
            raise ScheduleError(f"第1行：表头应为 date,kind,name，实际为“{','.join(header)}”。")
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(_SCHEDULE_HEADER):
                raise ScheduleError(f"第{line}行：应有3列（date,kind,name），实际有{len(row)}列。")
            raw_date, kind, name = row[0].strip(), row[1].strip().lower(), row[2].strip()
            if not _ISO_DATE.fullmatch(raw_date):
                raise ScheduleError(
                    f"第{line}行：日期“{raw_date}”格式错误，应为YYYY-MM-DD，例如{year}-01-01。"
                )
            try:
                day = date.fromisoformat(raw_date)
            except ValueError:
                raise ScheduleError(f"第{line}行：日期“{raw_date}”不存在。") from None
            if day.year != year:
                raise ScheduleError(f"第{line}行：日期{raw_date}不在{year}年内。")
            if day in seen:
                raise ScheduleError(f"第{line}行：日期{raw_date}与第{seen[day]}行重复。")
            try:
                overrides.append(DayOverride(day, kind, name))
            except ValueError as exc:
                raise ScheduleError(f"第{line}行：{exc}") from None
            seen[day] = line
    except csv.Error as exc:
        raise ScheduleError(f"第{reader.line_num}行：CSV格式错误（{exc}）。") from None
    if not overrides:
        raise ScheduleError("文件中没有任何日期：表头之后每行应有一个日期。")
    overrides.sort(key=lambda override: override.day)
    return overrides
