"""Publication reads: the public reply listing, its filters and the public statistics.

Only letters with ``published_at`` set and no 不属实/涉密 finding are public
(:func:`public_q`, the one rule every public output applies: listing, detail, API, feed,
suggestions), and only their public texts
(``public_title``, ``public_body``, ``public_text``, written only through the publication
gate, ``knowledge_base.gate``) and the published reply's date (``public_replied_at``)
ever leave this module; the writer's name and contact details are never selected.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.cache import cache
from django.db.models import Q, QuerySet
from django.utils import timezone

from knowledge_base.search_core import tokenize
from letters.choices import LetterStatus
from letters.models import Letter
from letters.publication_policy import not_withheld
from supervision.metrics import build_report

PUBLIC_FIELDS = [
    "id",
    "tracking_number",
    "kind",
    "public_title",
    "public_body",
    "public_text",
    "received_at",
    "accepted_at",
    "public_replied_at",
    "published_at",
    "status",
    "rating",
    "rating_implicit",
    "reply_department__name",
]


def public_status(letter: Letter) -> str:
    """状态 as the public sees it. A letter reopened after 不满意 (重办) keeps showing the
    reply the public already read, with its date, as 重办中 until the new reply passes
    the publish step again."""
    if letter.status == LetterStatus.CLOSED:
        return "已办结"
    if letter.status == LetterStatus.PUBLISHED:
        return "已答复"
    return "重办中"


def public_q() -> Q:
    """What is public: published through the gate, and not withheld by a 不属实/涉密
    finding (``letters.publication_policy``) — a finding recorded after publication (a
    reopened letter) takes the letter off every public output."""
    return Q(published_at__isnull=False) & not_withheld()


def published_letters() -> QuerySet[Letter]:
    return (
        Letter.objects.filter(public_q())
        .select_related("reply_department")
        .only(*PUBLIC_FIELDS)
        .order_by("-published_at", "-id")
    )


@dataclass(frozen=True)
class ListingFilter:
    department: int | None = None
    kind: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    q: str = ""


def filter_published(queryset: QuerySet[Letter], f: ListingFilter) -> QuerySet[Letter]:
    """Filters of the public listing; the keyword is segmented (jieba) and every term must
    occur in the public title, letter or reply."""
    if f.department is not None:
        queryset = queryset.filter(reply_department_id=f.department)
    if f.kind:
        queryset = queryset.filter(kind=f.kind)
    if f.date_from is not None:
        queryset = queryset.filter(received_at__date__gte=f.date_from)
    if f.date_to is not None:
        queryset = queryset.filter(received_at__date__lte=f.date_to)
    for term in list(dict.fromkeys(tokenize(f.q)))[:8]:
        queryset = queryset.filter(
            Q(public_title__icontains=term)
            | Q(public_body__icontains=term)
            | Q(public_text__icontains=term)
        )
    return queryset


STATISTICS_CACHE_SECONDS = 600


def cached_public_statistics(year: int) -> dict[str, Any]:
    """``public_statistics`` kept for ten minutes; the cache degrades to a miss when Redis
    is unreachable (desk/cache.py), so this never fails because of the cache."""
    value: dict[str, Any] | None = cache.get_or_set(
        f"public-statistics:{year}", lambda: public_statistics(year), STATISTICS_CACHE_SECONDS
    )
    return value if value is not None else public_statistics(year)


PUBLIC_FIGURES = (
    "received",
    "accepted",
    "replied",
    "reply_rate",
    "on_time_rate",
    "satisfaction_rate",
)


def public_statistics(year: int, *, now: datetime | None = None) -> dict[str, Any]:
    """留言数, 受理数, 答复数, 答复率, 按期办结率, 满意率 by month, by department and by channel
    (来信渠道), and the figures of 在线访谈 and 网上调查 (``supervision.engagement``), for one
    year with their definitions — all from ``supervision.metrics`` (the same figures as the
    dashboard, the report API and the .xlsx)."""

    def figures(row: Any) -> dict[str, Any]:
        return {name: getattr(row, name) for name in PUBLIC_FIGURES}

    now = now or timezone.now()
    yearly = build_report(str(year), now=now, engagement=True)
    months = []
    for month in range(1, 13):
        report = build_report(f"{year}-{month:02d}", now=now)
        assert report.total is not None
        months.append({"month": f"{year}-{month:02d}", **figures(report.total)})
    assert yearly.total is not None
    return {
        "year": year,
        "total": figures(yearly.total),
        "by_month": months,
        "by_department": [
            {"department": row.department_name, **figures(row)}
            for row in yearly.rows
            if row.department_id is not None
        ],
        "by_source": [
            {"channel": row.source, "channel_display": row.label, **figures(row)}
            for row in yearly.by_source
        ],
        "engagement": [
            {"key": row.key, "label": row.label, "value": row.value} for row in yearly.engagement
        ],
        "definitions": [
            {
                "field": m.field,
                "label": m.label,
                "period_rule": m.period_rule,
                "description": m.description,
            }
            for m in yearly.metrics
            if m.field in PUBLIC_FIGURES
        ],
    }
