from django.contrib import admin

from letters.models import (
    Department,
    Leader,
    Letter,
    LetterEvent,
    OutboxMessage,
    Solicitation,
    StaffProfile,
    Website,
)


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


class LetterEventInline(admin.TabularInline[LetterEvent, Letter]):
    model = LetterEvent
    extra = 0
    can_delete = False
    fields = ["at", "action", "from_status", "to_status", "actor", "public_note", "note"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Letter)
class LetterAdmin(admin.ModelAdmin[Letter]):
    """Read-only in admin: every change goes through the workflow services."""

    list_display = ["tracking_number", "kind", "title", "status", "department", "received_at"]
    list_filter = ["kind", "status"]
    search_fields = ["tracking_number", "title"]
    exclude = ["query_code", "idempotency_key", "idempotency_fingerprint", "phone", "id_number"]
    inlines = [LetterEventInline]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin[OutboxMessage]):
    list_display = ["id", "task_name", "created_at", "relayed_at", "attempts", "last_error"]
    list_filter = ["task_name"]

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


admin.site.register(StaffProfile)
admin.site.site_header = "政民互动办理台"
admin.site.site_title = "政民互动办理台"
