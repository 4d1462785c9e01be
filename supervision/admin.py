"""Admin of supervision: alerts (read-only)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from supervision.models import ScoringRule, SupervisionAlert


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
