"""The working-day calendar stored in the database, and the import of a new year."""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from core import outbox
from core.snapshots import RECHECK_SECONDS
from workdays.calendar_core import (
    DayKind,
    DayOverride,
    ScheduleError,
    WorkCalendar,
    parse_schedule_csv,
)
from workdays.models import CalendarDay, CalendarYear

logger = logging.getLogger(__name__)

VERSION_CACHE_KEY = "calendar:version"
VERSION_CACHE_SECONDS = 60

_lock = threading.Lock()
_cached: WorkCalendar | None = None
# The version this process read last and until when it trusts it without asking again.
_version_memo: tuple[int, float] | None = None


def current_version(*, fresh: bool = False) -> int:
    """The calendar version: the highest version of any imported year (read from the
    cache at most every ``RECHECK_SECONDS`` per process, unless ``fresh``)."""
    global _version_memo
    now = time.monotonic()
    memo = _version_memo
    if not fresh and memo is not None and now < memo[1]:
        return memo[0]
    try:
        cached = None if fresh else cache.get(VERSION_CACHE_KEY)
    except Exception:  # cache (Redis) down: read the database
        cached = None
    if cached is not None:
        _version_memo = (int(cached), now + RECHECK_SECONDS)
        return int(cached)
    version = CalendarYear.objects.aggregate(v=Max("version"))["v"] or 0
    try:
        cache.set(VERSION_CACHE_KEY, version, VERSION_CACHE_SECONDS)
    except Exception:
        logger.warning("calendar version not cached: cache unavailable")
    _version_memo = (int(version), now + RECHECK_SECONDS)
    return int(version)


def _build(version: int) -> WorkCalendar:
    overrides: list[DayOverride] = []
    names: dict[date, str] = {}
    for row in CalendarDay.objects.all():
        weekend = row.day.weekday() >= 5
        if row.is_workday and weekend:
            overrides.append(DayOverride(row.day, DayKind.WORKDAY, row.name))
        elif not row.is_workday and not weekend:
            overrides.append(DayOverride(row.day, DayKind.HOLIDAY, row.name))
        elif not row.is_workday:
            names[row.day] = row.name
    years = CalendarYear.objects.values_list("year", flat=True)
    return WorkCalendar(overrides, years, version, holiday_names=names)


def get_calendar(*, fresh: bool = False) -> WorkCalendar:
    """The process-wide calendar, rebuilt when another process imported a new year.

    ``fresh`` reads the version from the database instead of the cache (background jobs
    that must see an import that has just committed).
    """
    global _cached
    version = current_version(fresh=fresh)
    with _lock:
        if _cached is None or _cached.version != version:
            _cached = _build(version)
        return _cached


def forget_calendar() -> None:
    """Drop the cached calendar and version (after an import, and in tests)."""
    global _cached, _version_memo
    with _lock:
        _cached = None
        _version_memo = None
    try:
        cache.delete(VERSION_CACHE_KEY)
    except Exception:
        logger.warning("calendar version not cleared: cache unavailable")


@dataclass(frozen=True)
class ImportResult:
    year: int
    version: int
    holidays: int
    workdays: int


def import_schedule(*, year: int, csv_text: str, source: str) -> ImportResult:
    """Replace one year's schedule with the rows of an official notice (all or nothing).

    Bumps the calendar version and queues the recomputation of every open deadline that
    depends on that year; the letters whose date changes get a timeline event.
    """
    try:
        overrides = parse_schedule_csv(csv_text, year)
    except ScheduleError as exc:
        raise ValidationError({"file": [f"「节假日安排文件」：{exc}"]}) from None
    with transaction.atomic():
        version = (CalendarYear.objects.aggregate(v=Max("version"))["v"] or 0) + 1
        CalendarDay.objects.filter(day__year=year).delete()
        CalendarDay.objects.bulk_create(
            CalendarDay(
                day=o.day,
                is_workday=o.kind == DayKind.WORKDAY,
                name=o.name,
                source=source,
                version=version,
            )
            for o in overrides
        )
        CalendarYear.objects.update_or_create(
            year=year, defaults={"source": source, "version": version}
        )
        # Order matters: forget the old calendar before the recomputation runs.
        transaction.on_commit(forget_calendar)
        outbox.enqueue("letters.recompute_deadlines", year=year)
    return ImportResult(
        year=year,
        version=version,
        holidays=sum(1 for o in overrides if o.kind == DayKind.HOLIDAY),
        workdays=sum(1 for o in overrides if o.kind == DayKind.WORKDAY),
    )


def year_overview(year: int) -> dict[str, Any]:
    """The non-default days of a year and whether they are official or provisional."""
    calendar = get_calendar()
    record = CalendarYear.objects.filter(year=year).first()
    official = calendar.is_official(year)
    return {
        "year": year,
        "status": "official" if official else "provisional",
        "status_display": "已公布" if official else "暂定（按周末和法定节日推算）",
        "version": calendar.version,
        "source": record.source if record else "",
        "days": [
            {"date": day.isoformat(), "kind": kind, "name": name}
            for day, kind, name in calendar.non_default_days(year)
        ],
    }
