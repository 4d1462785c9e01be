from django.contrib import admin
from django.http import HttpRequest

from routing.models import (
    CategoryMapping,
    HistoricalLetter,
    KeywordRule,
    RouterVersion,
    RoutingCorrection,
)
from routing.services import effective_threshold, min_auto_probability, percent


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

    list_display = [
        "id",
        "task",
        "created_at",
        "active",
        "n_train",
        "threshold",
        "effective_threshold",
        "note",
    ]
    list_filter = ["task", "active"]
    readonly_fields = [*(f.name for f in RouterVersion._meta.fields), "effective_threshold"]

    @admin.display(description="生效的自动分办阈值")
    def effective_threshold(self, obj: RouterVersion) -> str:
        """max(the threshold fixed at training, DESK_ROUTER_MIN_AUTO_PROBABILITY)."""
        floor = percent(min_auto_probability())
        if obj.threshold >= 1.0:
            return "不自动分办（达不到目标准确率）"
        value = effective_threshold(obj.threshold)
        assert value is not None
        return f"{percent(value)}（训练确定{percent(obj.threshold)}，下限{floor}）"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(RoutingCorrection)
class RoutingCorrectionAdmin(admin.ModelAdmin[RoutingCorrection]):
    list_display = ["letter", "suggested", "chosen", "actor", "created_at"]

    def has_change_permission(
        self, request: HttpRequest, obj: RoutingCorrection | None = None
    ) -> bool:
        return False
