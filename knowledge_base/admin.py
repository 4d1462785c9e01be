"""Admin: entries are read-mostly (the curator API runs their lifecycle); synonyms editable."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from knowledge_base.models import KnowledgeEntry, KnowledgeEntryVersion, SynonymGroup


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
