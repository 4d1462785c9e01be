"""Supervision: alerts raised by the scan and 督办单 issued by supervisors. Tables keep
their names from the letters app."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from letters.models import Letter
from org.models import Department


class SupervisionAlert(models.Model):
    """An alert raised by the supervision scan: once per letter, level and clock round."""

    class Level(models.TextChoices):
        DUE_SOON = "due_soon", "即将超期"
        OVERDUE = "overdue", "已超期（催办）"
        SUPERVISED = "supervised", "超期督办"
        VETO = "veto", "三个月未答复（单项否决）"

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="alerts")
    level = models.CharField("级别", max_length=12, choices=Level.choices)
    round = models.PositiveSmallIntegerField("办理轮次", default=0)  # Letter.reopen_count
    department = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("预警时间", default=timezone.now)

    class Meta:
        db_table = "letters_supervisionalert"  # kept from before the split
        verbose_name = verbose_name_plural = "督办预警"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["letter", "level", "round"], name="alert_once_per_level"
            )
        ]
        indexes = [models.Index(fields=["level", "created_at"], name="alert_level_time")]

    def __str__(self) -> str:
        return f"{self.letter_id} {self.level}"


class SupervisionOrder(models.Model):
    """督办单: a supervisor's written order requiring the department to respond by a date."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="orders")
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField("督办时间", default=timezone.now)
    instruction = models.TextField("督办意见")
    respond_by = models.DateField("要求反馈日期")
    response = models.TextField("反馈情况", blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    responded_at = models.DateTimeField("反馈时间", null=True, blank=True)

    class Meta:
        db_table = "letters_supervisionorder"  # kept from before the split
        verbose_name = verbose_name_plural = "督办单"
        ordering = ["-issued_at"]

    def __str__(self) -> str:
        return f"{self.letter_id} 督办单 {self.issued_at:%Y-%m-%d}"


class ScoringRule(models.Model):
    """A column score of an assessment (考核细则), as data with its source, so a city loads
    its own. One rule is active at a time; the reports score each department with it
    (``supervision.scoring``)."""

    code = models.SlugField("代码", max_length=40, unique=True)
    label = models.CharField("指标名称", max_length=40)
    full_points = models.PositiveSmallIntegerField("满分")
    penalty_per_late_reply = models.PositiveSmallIntegerField("每次超期答复扣分")
    zero_if_overdue_unanswered = models.BooleanField("有超期未答复留言时该项得0分", default=True)
    kinds: models.JSONField[list[str], list[str]] = models.JSONField(
        "计分的来信类别", help_text="来信类别代码的列表，如 consult、complaint"
    )
    description = models.TextField("指标说明")
    source = models.TextField("依据")
    active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "考核评分规则"
        constraints = [
            models.UniqueConstraint(
                fields=["active"],
                condition=models.Q(active=True),
                name="scoring_rule_one_active",
            ),
            models.CheckConstraint(
                condition=models.Q(full_points__gte=1),
                name="scoring_rule_full_points_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.label


class ReportSchedule(models.Model):
    """A report the rules require on a calendar (山西 第25条: 月普查, 季通报, 年报告; 德阳
    第33条: the yearly supervision report made public by 1月31日), as data: its period kind
    and its due date, counted from the start or the end of the period."""

    class PeriodKind(models.TextChoices):
        MONTH = "month", "月度"
        QUARTER = "quarter", "季度"
        YEAR = "year", "年度"

    class Anchor(models.TextChoices):
        PERIOD_START = "period_start", "统计期开始"
        PERIOD_END = "period_end", "统计期结束"

    code = models.SlugField("代码", max_length=40, unique=True)
    title = models.CharField("报告名称", max_length=60)
    period_kind = models.CharField("统计周期", max_length=8, choices=PeriodKind.choices)
    due_anchor = models.CharField(
        "截止日期起算", max_length=12, choices=Anchor.choices, default=Anchor.PERIOD_END
    )
    due_month_offset = models.PositiveSmallIntegerField(
        "起算后第几个月", default=0, help_text="0 表示起算当月，如期末次月6日前：期末起算、0、6"
    )
    due_day = models.PositiveSmallIntegerField("截止日（当月第几日）")
    remind_days_before = models.PositiveSmallIntegerField("提前提醒天数", default=3)
    public = models.BooleanField("在网站公开", default=False)
    source = models.TextField("依据")
    active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "报告日历"
        ordering = ["period_kind", "code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(due_day__gte=1, due_day__lte=31),
                name="report_schedule_due_day_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ReportSnapshot(models.Model):
    """A filed report: its figures frozen when it was generated (later edits to letters do
    not change it). A re-issue is a new version with its reason; the old one is kept."""

    schedule = models.ForeignKey(
        ReportSchedule, on_delete=models.PROTECT, related_name="snapshots", verbose_name="报告"
    )
    period = models.CharField("统计期间", max_length=8)
    version = models.PositiveSmallIntegerField("版本", default=1)
    due_on = models.DateField("报送截止日")
    generated_at = models.DateTimeField("生成时间")
    data: models.JSONField[dict[str, Any], dict[str, Any]] = models.JSONField("报表数据")
    reason = models.TextField("重新出具理由", blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="出具人",
    )
    reminded_at = models.DateTimeField("提醒时间", null=True, blank=True)
    filed_at = models.DateTimeField("报送时间", null=True, blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="报送人",
    )
    published_at = models.DateTimeField("公开时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "报告快照"
        ordering = ["-due_on", "schedule_id", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "period", "version"], name="report_snapshot_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.schedule.title} {self.period} 第{self.version}版"
