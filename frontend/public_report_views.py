"""Public pages of the yearly supervision reports the desk publishes (德阳 第33条: public by
1月31日). What is published and when is ``supervision.reporting``; the figures are those
frozen in the report when it was generated."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from frontend.public_views import _page, _too_many, not_found_page
from supervision import reporting
from supervision.reporting_api import PublicReportsView


@require_GET
def annual_reports(request: HttpRequest) -> HttpResponse:
    if (limited := _too_many(request, PublicReportsView)) is not None:
        return limited
    reports = list(reporting.published_public_reports())
    return _page(request, "annual_reports.html", "年度报告", reports=reports)


@require_GET
def annual_report(request: HttpRequest, period: str) -> HttpResponse:
    if (limited := _too_many(request, PublicReportsView)) is not None:
        return limited
    snapshot = reporting.published_public_reports().filter(period=period).first()
    if snapshot is None:
        return not_found_page(request, "没有找到这份年度报告，它可能尚未公开。")
    report = reporting.snapshot_report(snapshot)
    public = snapshot.data.get("public")
    fields = public["fields"] if isinstance(public, dict) else []
    rows = [row for row in report.rows if row.department_id is not None]
    return _page(
        request,
        "annual_report.html",
        "年度报告",
        snapshot=snapshot,
        report=report,
        fields=fields,
        rows=rows,
    )
