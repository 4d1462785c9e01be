"""Reads that shape data for the workspace pages (urgency, redaction marks, charts).

Everything here reads through ``letters.selectors`` and the report services, so a page
shows exactly what the API would: the same scoping and the same figures.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from django.core.cache import cache
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from core import masking
from core.redaction import KIND_LABELS, Hit
from letters.models import Letter
from letters.selectors import URGENCY_LABELS
from supervision.metrics import build_report


@dataclass(frozen=True)
class Urgency:
    """How urgent a letter is (``letters.selectors.urgency_expression``), in words."""

    level: str  # a key of URGENCY_LABELS
    label: str


def urgency(level: str) -> Urgency:
    return Urgency(level, URGENCY_LABELS[level])


def _marked(text: str, hits: list[Hit], *, show: str) -> SafeString:
    """``text`` escaped, each hit in a ``<mark>``: its original text or its replacement."""
    parts: list[tuple[str, str, str]] = []
    position = 0
    for hit in sorted(hits, key=lambda h: h.start):
        if hit.start < position:
            continue
        parts.append((text[position : hit.start], hit.kind, getattr(hit, show)))
        position = hit.end
    return format_html(
        "{}{}",
        format_html_join(
            "",
            '{}<mark class="pii pii-{}">{}</mark>',
            parts,
        ),
        text[position:],
    )


def masked_html(letter: Letter, text: str, limit: int | None = None) -> SafeString:
    """One of the letter's texts as staff see it by default: personal data (the writer's
    own name and contact data included) replaced by its mask, marked.

    With ``limit``, only the first ``limit`` characters, cut before any piece of personal
    data the limit would split (detection runs on the whole text first)."""
    hits = masking.writer_hits(letter, text)
    if limit is not None and len(text) > limit:
        cut = min([limit, *(h.start for h in hits if h.start < limit < h.end)])
        text = text[:cut] + "…"
        hits = [h for h in hits if h.end <= cut]
    return _marked(text, hits, show="replacement")


def highlighted_html(letter: Letter, text: str) -> SafeString:
    """The original text with every detected piece of personal data marked (publisher,
    and staff after an audited unmask)."""
    return _marked(text, masking.writer_hits(letter, text), show="text")


def hits_of(letter: Letter, text: str) -> list[Hit]:
    return masking.writer_hits(letter, text)


def hit_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind)


# --- dashboard -------------------------------------------------------------------------


def _rate(value: float | None) -> float | None:
    return None if value is None else round(value * 100, 1)


CHARTS_CACHE_SECONDS = 300


def dashboard_charts(year: int, now: datetime) -> dict[str, Any]:
    """The charts of the supervisor dashboard, cached for five minutes (13 reports: one a
    month and the year; the overdue and due-soon lists beside them are always live)."""
    return cast(
        dict[str, Any],
        cache.get_or_set(
            f"workspace-dashboard-charts:{year}",
            lambda: _dashboard_charts(year, now),
            CHARTS_CACHE_SECONDS,
        ),
    )


def _dashboard_charts(year: int, now: datetime) -> dict[str, Any]:
    """Volume by month (来信数, 答复数), on-time rate and satisfaction rate by department
    for the year (percent, one decimal; None where there is nothing to rate), from the
    report service."""
    months: list[dict[str, Any]] = []
    for month in range(1, 13):
        report = build_report(f"{year}-{month:02d}", now=now)
        assert report.total is not None
        months.append(
            {
                "month": f"{month}月",
                "received": report.total.received,
                "replied": report.total.replied,
            }
        )
    yearly = build_report(str(year), now=now)
    departments = [
        {
            "department": row.department_short_name or row.department_name,
            "received": row.received,
            "replied": row.replied,
            "on_time_rate": _rate(row.on_time_rate),
            "satisfaction_rate": _rate(row.satisfaction_rate),
            "rated": row.rated,
        }
        for row in yearly.rows
        if row.department_id is not None and (row.received or row.replied)
    ]
    assert yearly.total is not None
    today = timezone.localdate(now)
    score_period = f"{today.year}-{today.month:02d}" if today.year == year else f"{year}-12"
    scores = [
        {
            "department": row.department_short_name or row.department_name,
            "department_id": row.department_id,
            "score": row.score,
            "late": row.score_late_replies,
            "overdue": row.score_overdue_unanswered,
        }
        for row in build_report(score_period, now=now).rows
        if row.department_id is not None and row.score is not None
    ]
    return {
        "year": year,
        "generated_at": now.isoformat(),
        "score_period": score_period,
        "scores": scores,
        "months": months,
        "departments": departments,
        "total": {
            "received": yearly.total.received,
            "replied": yearly.total.replied,
            "on_time_rate": _rate(yearly.total.on_time_rate),
            "satisfaction_rate": _rate(yearly.total.satisfaction_rate),
        },
    }


def by_department(letters: list[Letter]) -> list[tuple[str, list[Letter]]]:
    """Letters grouped under their lead department's name, in the order given."""
    groups: dict[str, list[Letter]] = defaultdict(list)
    for letter in letters:
        groups[letter.department.name if letter.department else "未分办"].append(letter)
    return list(groups.items())
