"""The site office's queue pages in the workspace: the triage queue (dispatcher), the
supervisor dashboard and the report download (supervisor). Access as on every workspace
page (``frontend.workspace_views.staff_page``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods
from rest_framework import exceptions as drf_exceptions

from core.api import validate_input
from frontend import workspace_data as data
from frontend.refusals import refusal_of
from frontend.workspace_forms import ReportForm, active_departments
from frontend.workspace_views import staff_page
from letters.selectors import due_soon_letters, inbox_filters, letters_for, overdue_letters
from org.roles import Role
from supervision.api import XLSX_CONTENT_TYPE, ReportQuery
from supervision.metrics import build_report
from supervision.report_xlsx import report_to_xlsx

# --- triage (dispatcher) ---------------------------------------------------------------


@require_GET
@staff_page(Role.DISPATCHER)
def triage(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    waiting = (
        letters_for(request.user)
        .filter(inbox_filters(request.user, now)["to_dispatch"])
        .select_related("department")
        .order_by("received_at", "id")
    )
    page = Paginator(waiting, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "workspace/triage.html",
        {
            "page": page,
            "rows": list(page.object_list),
            "departments": list(active_departments().only("pk", "name")),
            "next": request.get_full_path(),
        },
    )


# --- supervisor dashboard --------------------------------------------------------------


def _open_lists(request: HttpRequest) -> dict[str, Any]:
    now = timezone.now()
    visible = letters_for(request.user).values("pk")
    overdue = list(overdue_letters(now).filter(pk__in=visible).select_related("department")[:200])
    due_soon = list(due_soon_letters(now).filter(pk__in=visible).select_related("department")[:200])
    return {
        "overdue_groups": data.by_department(overdue),
        "due_soon_groups": data.by_department(due_soon),
        "overdue_count": len(overdue),
        "due_soon_count": len(due_soon),
    }


@require_http_methods(["GET"])
@staff_page(Role.SUPERVISOR)
def dashboard(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    year = timezone.localdate(now).year
    charts = data.dashboard_charts(year, now)
    today = timezone.localdate(now)
    context = {
        **_open_lists(request),
        "charts": charts,
        "charts_time": datetime.fromisoformat(charts["generated_at"]),
        "report_form": ReportForm(initial={"period": f"{today.year}-{today.month:02d}"}),
        "next": request.get_full_path(),
    }
    return render(request, "workspace/dashboard.html", context)


@require_GET
@staff_page(Role.SUPERVISOR)
def report_download(request: HttpRequest) -> HttpResponse:
    """The supervision report as .xlsx, from the same service as the API export."""
    form = ReportForm(request.GET)
    period = ""
    if form.is_valid():
        try:
            validated = validate_input(ReportQuery(data={"period": form.cleaned_data["period"]}))
            period = validated["period"]
        except drf_exceptions.ValidationError as exc:
            form.add_error("period", refusal_of(exc).summary)
    if not period:
        charts = data.dashboard_charts(timezone.localdate().year, timezone.now())
        context = {
            **_open_lists(request),
            "charts": charts,
            "charts_time": datetime.fromisoformat(charts["generated_at"]),
            "report_form": form,
            "next": reverse("workspace-dashboard"),
        }
        return render(request, "workspace/dashboard.html", context, status=400)
    report = build_report(period)
    response = HttpResponse(report_to_xlsx(report), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="report-{period}.xlsx"'
    return response
