from django.contrib import admin
from django.http import HttpRequest

from routing.models import (
    CategoryMapping,
    HistoricalLetter,
    KeywordRule,
    RouterVersion,
    RoutingCorrection,
)


@admin.register(KeywordRule)
class KeywordRuleAdmin(admin.ModelAdmin[KeywordRule]):
    list_display = ["name", "department", "region", "priority", "active"]
    list_filter = ["active"]


@admin.register(CategoryMapping)
class CategoryMappingAdmin(admin.ModelAdmin[CategoryMapping]):
    list_display = ["category", "department"]


@admin.register(HistoricalLetter)
class HistoricalLetterAdmin(admin.ModelAdmin[HistoricalLetter]):
    list_display = ["title", "department", "kind", "received_on", "source"]
    list_filter = ["source"]
    search_fields = ["title"]


@admin.register(RouterVersion)
class RouterVersionAdmin(admin.ModelAdmin[RouterVersion]):
    """Version history with metrics; training and activation happen in train_router."""

    list_display = ["id", "task", "created_at", "active", "n_train", "threshold", "note"]
    list_filter = ["task", "active"]
    readonly_fields = [f.name for f in RouterVersion._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(RoutingCorrection)
class RoutingCorrectionAdmin(admin.ModelAdmin[RoutingCorrection]):
    list_display = ["letter", "suggested", "chosen", "actor", "created_at"]

    def has_change_permission(
        self, request: HttpRequest, obj: RoutingCorrection | None = None
    ) -> bool:
        return False
