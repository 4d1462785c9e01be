"""Report periods: a month (``2026-11``), a quarter (``2026-Q4``) or a year (``2026``),
each the half-open interval [start, end) in Asia/Shanghai."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from django.core.exceptions import ValidationError

from workdays.calendar_core import BEIJING

PeriodKind = Literal["month", "quarter", "year"]
MIN_YEAR, MAX_YEAR = 2000, 2100

PERIOD_FORMAT_MESSAGE = (
    "「统计期间」：格式不正确，请填写年月（如2026-11）、季度（如2026-Q4）或年份（如2026）。"
)
_PERIOD_RE = re.compile(r"^(?P<year>\d{4})(?:-(?:(?P<quarter>[Qq]\d)|(?P<month>\d{2})))?$")


@dataclass(frozen=True)
class Period:
    """A report period: [start, end) in Asia/Shanghai."""

    value: str  # normalised: "2026-11", "2026-Q4" or "2026"
    kind: PeriodKind
    label: str  # "2026年11月", "2026年第4季度", "2026年"
    start: datetime
    end: datetime

    @property
    def first_day(self) -> date:
        return self.start.date()

    @property
    def last_day(self) -> date:
        return date.fromordinal(self.end.date().toordinal() - 1)


def _period_error(message: str) -> ValidationError:
    return ValidationError({"period": [message]})


def parse_period(value: str) -> Period:
    """Parse ``YYYY-MM``, ``YYYY-Qn`` or ``YYYY``; a ValidationError names the field."""
    text = (value or "").strip()
    match = _PERIOD_RE.match(text)
    if match is None:
        raise _period_error(PERIOD_FORMAT_MESSAGE)
    year = int(match["year"])
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise _period_error(f"「统计期间」：年份应在{MIN_YEAR}到{MAX_YEAR}之间。")
    if match["quarter"] is not None:
        quarter = int(match["quarter"][1:])
        if not 1 <= quarter <= 4:
            raise _period_error("「统计期间」：季度应为Q1到Q4，如2026-Q4。")
        first_month, months = 3 * quarter - 2, 3
        kind: PeriodKind = "quarter"
        normalised, label = f"{year}-Q{quarter}", f"{year}年第{quarter}季度"
    elif match["month"] is not None:
        month = int(match["month"])
        if not 1 <= month <= 12:
            raise _period_error("「统计期间」：月份应在01到12之间，如2026-11。")
        first_month, months, kind = month, 1, "month"
        normalised, label = f"{year}-{month:02d}", f"{year}年{month}月"
    else:
        first_month, months, kind = 1, 12, "year"
        normalised, label = f"{year}", f"{year}年"
    end_index = year * 12 + first_month - 1 + months  # months since year 0, exclusive end
    start = datetime(year, first_month, 1, tzinfo=BEIJING)
    end = datetime(end_index // 12, end_index % 12 + 1, 1, tzinfo=BEIJING)
    return Period(value=normalised, kind=kind, label=label, start=start, end=end)
