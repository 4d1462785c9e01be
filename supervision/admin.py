"""Admin of supervision: alerts (read-only)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from supervision.models import SupervisionAlert


@admin.register(SupervisionAlert)
class SupervisionAlertAdmin(admin.ModelAdmin[SupervisionAlert]):
    list_display = ["letter", "level", "round", "department", "created_at"]
    list_filter = ["level"]

    def has_change_permission(
        self, request: HttpRequest, obj: SupervisionAlert | None = None
    ) -> bool:
        return False
