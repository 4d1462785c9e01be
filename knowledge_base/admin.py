"""Admin: entries are read-mostly (the curator API runs their lifecycle); synonyms editable."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from knowledge_base.models import (
    KnowledgeEntry,
    KnowledgeEntryVersion,
    OfficialNumber,
    PublicationClearance,
    SynonymGroup,
)


class KnowledgeEntryVersionInline(admin.TabularInline[KnowledgeEntryVersion, KnowledgeEntry]):
    model = KnowledgeEntryVersion
    extra = 0
    can_delete = False
    fields = ["version", "question", "keywords", "saved_at", "saved_by"]
    readonly_fields = ["version", "question", "keywords", "saved_at", "saved_by"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(KnowledgeEntry)
class KnowledgeEntryAdmin(admin.ModelAdmin[KnowledgeEntry]):
    """Read-only: status changes go through the services so the index stays in step."""

    list_display = ["question", "department", "category", "status", "version", "reviewed_at"]
    list_filter = ["status", "category", "department"]
    search_fields = ["question", "keywords"]
    inlines = [KnowledgeEntryVersionInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [f.name for f in KnowledgeEntry._meta.get_fields() if f.concrete]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(SynonymGroup)
class SynonymGroupAdmin(admin.ModelAdmin[SynonymGroup]):
    list_display = ["terms"]
    search_fields = ["terms"]


@admin.register(OfficialNumber)
class OfficialNumberAdmin(admin.ModelAdmin[OfficialNumber]):
    """Numbers public texts may show without confirmation (department phones are too)."""

    list_display = ["label", "number", "active"]
    list_filter = ["active"]
    search_fields = ["label", "number"]


@admin.register(PublicationClearance)
class PublicationClearanceAdmin(admin.ModelAdmin[PublicationClearance]):
    """Read-only record of what publishers kept in public texts, and why."""

    list_display = ["at", "subject_type", "subject_id", "field", "kind", "reason", "actor"]
    list_filter = ["subject_type", "kind"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
