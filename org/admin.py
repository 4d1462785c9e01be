"""Admin of the organisation: departments, leaders, websites, solicitations."""

from __future__ import annotations

from django.contrib import admin

from org.models import Department, Leader, Solicitation, StaffProfile, Website


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin[Department]):
    list_display = ["code", "name", "level", "parent", "active"]
    list_filter = ["level", "active"]
    search_fields = ["code", "name", "short_name"]


@admin.register(Leader)
class LeaderAdmin(admin.ModelAdmin[Leader]):
    list_display = ["name", "title", "office", "active"]


@admin.register(Website)
class WebsiteAdmin(admin.ModelAdmin[Website]):
    list_display = ["name", "site_code", "owner", "active"]
    search_fields = ["name", "site_code"]


@admin.register(Solicitation)
class SolicitationAdmin(admin.ModelAdmin[Solicitation]):
    list_display = ["title", "owner", "opens_on", "closes_on"]


admin.site.register(StaffProfile)
