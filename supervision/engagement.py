"""Figures of the other interaction channels (在线访谈, 网上调查) in supervision's reports.

The channels live in apps above supervision (``interviews``, ``surveys``), which define
their figures once in their own ``metrics`` module and register them here when the app
is ready; supervision reads them through this registry without importing those apps.
A figure source takes the period as local days ``[start, end)`` and returns counts by key.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from supervision.periods import Period
from workdays.calendar_core import BEIJING

FigureSource = Callable[[date, date], dict[str, int]]


@dataclass(frozen=True)
class EngagementFigure:
    key: str
    label: str  # as the report shows it, e.g. 举办在线访谈场次
    description: str  # its 指标说明


@dataclass(frozen=True)
class EngagementRow:
    key: str
    label: str
    value: int


_SOURCES: list[tuple[FigureSource, tuple[EngagementFigure, ...]]] = []


def register(source: FigureSource, figures: list[EngagementFigure]) -> None:
    """Add a channel's figures to the reports (idempotent: apps may be readied twice)."""
    if all(existing is not source for existing, _ in _SOURCES):
        _SOURCES.append((source, tuple(figures)))


def figures() -> tuple[EngagementFigure, ...]:
    return tuple(figure for _, registered in _SOURCES for figure in registered)


def engagement_rows(period: Period) -> tuple[EngagementRow, ...]:
    """Every registered figure for ``period``, in registration order."""
    start = period.start.astimezone(BEIJING).date()
    end = period.end.astimezone(BEIJING).date()
    rows: list[EngagementRow] = []
    for source, registered in _SOURCES:
        values = source(start, end)
        rows.extend(EngagementRow(f.key, f.label, int(values[f.key])) for f in registered)
    return tuple(rows)
