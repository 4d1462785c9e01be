"""Admin of the letters app: letters (read-only), deadline and publication policies,
notice texts."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from letters.models import (
    DeadlinePolicy,
    Letter,
    LetterEvent,
    NotificationTemplate,
    PublicationPolicy,
)


class LetterEventInline(admin.TabularInline[LetterEvent, Letter]):
    model = LetterEvent
    extra = 0
    can_delete = False
    fields = ("at", "action", "from_status", "to_status", "actor", "public_note", "note")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Letter | None = None) -> bool:
        return False


@admin.register(Letter)
class LetterAdmin(admin.ModelAdmin[Letter]):
    """Read-only in admin: every change goes through the workflow services."""

    list_display = ["tracking_number", "kind", "title", "status", "department", "received_at"]
    list_filter = ["kind", "status", "sensitive_flagged"]
    search_fields = ["tracking_number", "title"]
    # Contact details are for the handling department's workspace (masked, unmask audited).
    exclude = [
        "query_code",
        "idempotency_key",
        "idempotency_fingerprint",
        "phone",
        "email",
        "id_number",
        "address",
        "phone_hash",
        "id_number_hash",
    ]
    inlines = [LetterEventInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Letter | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Letter | None = None) -> bool:
        return False


@admin.register(NotificationTemplate)
class NotificationTemplateAdmin(admin.ModelAdmin[NotificationTemplate]):
    """Chinese texts of the notices; placeholders {name}, {title}, {tracking_number}."""

    list_display = ["event", "subject"]


@admin.register(DeadlinePolicy)
class DeadlinePolicyAdmin(admin.ModelAdmin[DeadlinePolicy]):
    list_display = [
        "kind",
        "step",
        "working_days",
        "max_working_days",
        "counting",
        "starts_at",
        "active",
    ]
    list_filter = ["step", "active"]


@admin.register(PublicationPolicy)
class PublicationPolicyAdmin(admin.ModelAdmin[PublicationPolicy]):
    """Per kind: published only with the writer's consent, or public unless found untrue
    or confidential (找错); each with its source. A kind without a row needs consent."""

    list_display = ["kind", "rule", "source"]
    list_filter = ["rule"]
