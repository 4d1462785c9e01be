"""Routing data: admin-managed rules and mappings, imported history, model versions."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils import timezone

from org.models import Department


class KeywordRule(models.Model):
    """Admin-managed rule: any keyword (or the region) in a letter routes it to a unit."""

    name = models.CharField("规则名称", max_length=100)
    keywords = models.TextField("关键词（每行一个或用逗号分隔）")
    region = models.CharField("地区（可选，如 青山县）", max_length=50, blank=True)
    department = models.ForeignKey(
        Department, verbose_name="承办单位", on_delete=models.CASCADE, related_name="+"
    )
    priority = models.PositiveSmallIntegerField("优先级（数字越小越优先）", default=100)
    active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "关键词分办规则"
        ordering = ["priority", "id"]

    def __str__(self) -> str:
        return self.name

    def keyword_list(self) -> list[str]:
        raw = self.keywords.replace("，", ",").replace("\n", ",")
        return [k.strip() for k in raw.split(",") if k.strip()]


class CategoryMapping(models.Model):
    """Category (as in an old system's data) → the department that answers it."""

    category = models.CharField("类别", max_length=50, unique=True)
    department = models.ForeignKey(
        Department, verbose_name="承办单位", on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = verbose_name_plural = "类别与承办单位对照"
        ordering = ["category"]

    def __str__(self) -> str:
        return f"{self.category} → {self.department}"


class HistoricalLetter(models.Model):
    """A letter handled in the old system, imported as training data for the router."""

    title = models.CharField("标题", max_length=200, blank=True)
    body = models.TextField("内容")
    department = models.ForeignKey(
        Department, verbose_name="承办单位", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField("类型", max_length=20, blank=True)
    reply = models.TextField(
        "答复内容", blank=True, help_text="承办单位的答复；分办模型也从答复中学习该单位的用语。"
    )
    received_on = models.DateField("来信日期", null=True, blank=True)
    source = models.CharField("来源文件", max_length=200)
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = "历史来信（训练数据）"
        ordering = ["-imported_at", "id"]

    def __str__(self) -> str:
        return self.title or self.body[:20]


class RouterVersion(models.Model):
    """A trained model artifact with its metrics; at most one active per task."""

    class Task(models.TextChoices):
        DEPARTMENT = "department", "承办单位"
        KIND = "kind", "来信类型"

    task = models.CharField("任务", max_length=12, choices=Task.choices)
    artifact = models.CharField("模型文件", max_length=300)
    created_at = models.DateTimeField("训练时间", default=timezone.now)
    active = models.BooleanField("启用", default=False)
    n_train = models.PositiveIntegerField("训练样本数", default=0)
    threshold = models.FloatField("自动分办阈值", default=1.0)
    fingerprint = models.CharField("训练数据指纹", max_length=64)
    metrics: models.JSONField[Any, Any] = models.JSONField("评估指标", default=dict)
    holdout_metrics: models.JSONField[Any, Any] = models.JSONField(
        "留出集对比", default=dict, blank=True
    )
    note = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "分办模型版本"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["task"], condition=models.Q(active=True), name="one_active_router_per_task"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_task_display()} v{self.pk}{'（启用）' if self.active else ''}"


class RoutingCorrection(models.Model):
    """A dispatcher chose another department than the router's first suggestion."""

    letter = models.ForeignKey(
        "letters.Letter", on_delete=models.CASCADE, related_name="routing_corrections"
    )
    suggested = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    chosen = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="+")
    actor = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = "分办纠正记录"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.letter_id}: {self.suggested_id} → {self.chosen_id}"
