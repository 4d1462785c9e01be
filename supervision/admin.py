"""Admin of supervision: alerts (read-only)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from supervision.models import ReportSchedule, ReportSnapshot, ScoringRule, SupervisionAlert


@admin.register(SupervisionAlert)
class SupervisionAlertAdmin(admin.ModelAdmin[SupervisionAlert]):
    list_display = ["letter", "level", "round", "department", "created_at"]
    list_filter = ["level"]

    def has_change_permission(
        self, request: HttpRequest, obj: SupervisionAlert | None = None
    ) -> bool:
        return False


@admin.register(ScoringRule)
class ScoringRuleAdmin(admin.ModelAdmin[ScoringRule]):
    """考核评分规则: a city edits or loads its own; one is active at a time."""

    list_display = ["label", "code", "full_points", "penalty_per_late_reply", "active"]
    list_filter = ["active"]


@admin.register(ReportSchedule)
class ReportScheduleAdmin(admin.ModelAdmin[ReportSchedule]):
    """报告日历: which reports fall due when, with their source; a city loads its own."""

    list_display = ["title", "period_kind", "due_anchor", "due_month_offset", "due_day", "public"]
    list_filter = ["period_kind", "public", "active"]


@admin.register(ReportSnapshot)
class ReportSnapshotAdmin(admin.ModelAdmin[ReportSnapshot]):
    """Filed reports are read-only here: a correction is a re-issue (new version, reason)."""

    list_display = ["schedule", "period", "version", "due_on", "generated_at", "filed_at"]
    list_filter = ["schedule"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(
        self, request: HttpRequest, obj: ReportSnapshot | None = None
    ) -> bool:
        return False

    def has_delete_permission(
        self, request: HttpRequest, obj: ReportSnapshot | None = None
    ) -> bool:
        return False
