"""The site office's queue pages in the workspace: the triage queue (dispatcher), the
supervisor dashboard and the report download (supervisor). Access as on every workspace
page (``frontend.workspace_views.staff_page``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from rest_framework import exceptions as drf_exceptions

from core.api import validate_input
from frontend import workspace_data as data
from frontend.refusals import SERVICE_REFUSALS, refusal_of
from frontend.workspace_forms import ReportForm, active_departments
from frontend.workspace_views import staff_page
from letters.models import Letter
from letters.selectors import (
    due_soon_letters,
    inbox_filters,
    letters_for,
    overdue_letters,
    review_overdue_q,
)
from org.roles import Role
from org.selectors import staff_user
from routing.services import letter_advice, router_state
from supervision import reporting
from supervision.api import XLSX_CONTENT_TYPE, ReportQuery
from supervision.metrics import build_report, explain_score
from supervision.models import ReportSnapshot
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
    rows = list(page.object_list)
    # The router's top 3 for every waiting letter, or why there is none.
    state = router_state()
    for letter in rows:
        letter.advice = letter_advice(letter, state)
    return render(
        request,
        "workspace/triage.html",
        {
            "page": page,
            "rows": rows,
            "router": state,
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
    # 找错 replies the site office has not reviewed within its own clock (the reply clock
    # stopped when the department replied, so they are in neither list above).
    late_reviews = list(
        Letter.objects.filter(review_overdue_q(now), pk__in=visible)
        .select_related("department")
        .order_by("review_deadline_at", "id")[:200]
    )
    return {
        "overdue_groups": data.by_department(overdue),
        "due_soon_groups": data.by_department(due_soon),
        "overdue_count": len(overdue),
        "due_soon_count": len(due_soon),
        "late_reviews": late_reviews,
    }


def _due_reports(now: datetime) -> list[dict[str, Any]]:
    """Unfiled reports near or past their due date (the reminder on the dashboard)."""
    today = timezone.localdate(now)
    rows = []
    for snapshot in reporting.unfiled().select_related("schedule").order_by("due_on"):
        status = reporting.status_of(snapshot, today)
        if status in ("即将到期", "已逾期"):
            rows.append({"snapshot": snapshot, "status": status})
    return rows


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
        "due_reports": _due_reports(now),
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


# --- reporting calendar and scores (supervisor) ------------------------------------------


def _reports_context(request: HttpRequest) -> dict[str, Any]:
    now = timezone.now()
    today = timezone.localdate(now)
    snapshots = list(
        ReportSnapshot.objects.select_related("schedule").order_by(
            "-due_on", "schedule__code", "-version"
        )[:100]
    )
    latest = set(reporting.latest_versions().values_list("pk", flat=True))
    return {
        "upcoming": reporting.upcoming(now),
        "snapshots": [
            {
                "snapshot": s,
                "status": reporting.status_of(s, today),
                "latest": s.pk in latest,
            }
            for s in snapshots
        ],
        "next": request.get_full_path(),
    }


@require_GET
@staff_page(Role.SUPERVISOR)
def reports(request: HttpRequest) -> HttpResponse:
    """报告日历: what falls due when, and every filed report with its status."""
    return render(request, "workspace/reports.html", _reports_context(request))


@require_POST
@staff_page(Role.SUPERVISOR)
def report_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Re-issue (with a reason), file (报送) or publish a report snapshot."""
    snapshot = get_object_or_404(ReportSnapshot, pk=pk)
    actor = staff_user(request.user)
    try:
        if action == "reissue":
            reporting.reissue(
                snapshot_id=snapshot.pk, actor=actor, reason=request.POST.get("reason", "")
            )
            messages.success(request, "已重新出具报告（新版本）。")
        elif action == "file":
            reporting.file_report(snapshot_id=snapshot.pk, actor=actor)
            messages.success(request, "已报送。")
        elif action == "publish":
            reporting.publish_report(snapshot_id=snapshot.pk, actor=actor)
            messages.success(request, "已向社会公开。")
        else:
            raise Http404
    except SERVICE_REFUSALS as exc:
        refused = refusal_of(exc)
        context = {**_reports_context(request), "error": refused.summary, "failed": snapshot.pk}
        return render(request, "workspace/reports.html", context, status=refused.status)
    return HttpResponseRedirect(reverse("workspace-reports"))


@require_GET
@staff_page(Role.SUPERVISOR)
def report_snapshot_download(request: HttpRequest, pk: int) -> HttpResponse:
    snapshot = get_object_or_404(ReportSnapshot.objects.select_related("schedule"), pk=pk)
    response = HttpResponse(
        report_to_xlsx(reporting.snapshot_report(snapshot)), content_type=XLSX_CONTENT_TYPE
    )
    name = f"{snapshot.schedule.code}-{snapshot.period}-v{snapshot.version}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
@staff_page(Role.SUPERVISOR)
def score_detail(request: HttpRequest) -> HttpResponse:
    """Why a department scored what it did: the letters behind each deduction."""
    today = timezone.localdate()
    period = request.GET.get("period") or f"{today.year}-{today.month:02d}"
    try:
        department_id = int(request.GET.get("department", ""))
        explained = explain_score(period, department_id)
    except (ValueError, DjangoValidationError):
        explained = None
    if explained is None:
        raise Http404
    return render(request, "workspace/score.html", {"explained": explained})
