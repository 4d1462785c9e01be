"""The official working-day schedule: one row per year whose State Council notice is
imported, one per day that departs from the Monday-to-Friday week. Tables keep their
names from the letters app."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class CalendarYear(models.Model):
    """A year whose official State Council holiday schedule is in ``CalendarDay``."""

    year = models.PositiveSmallIntegerField("年份", primary_key=True)
    source = models.CharField("来源", max_length=200)
    version = models.PositiveIntegerField("日历版本")
    imported_at = models.DateTimeField("导入时间", default=timezone.now)

    class Meta:
        db_table = "letters_calendaryear"  # kept from before the split
        verbose_name = verbose_name_plural = "节假日安排（年度）"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}年（版本{self.version}）"


class CalendarDay(models.Model):
    """A day that departs from the Monday-to-Friday week, or a named weekend day off."""

    day = models.DateField("日期", primary_key=True)
    is_workday = models.BooleanField("是否上班")
    name = models.CharField("名称", max_length=50)
    source = models.CharField("来源", max_length=200)
    version = models.PositiveIntegerField("日历版本")

    class Meta:
        db_table = "letters_calendarday"  # kept from before the split
        verbose_name = verbose_name_plural = "节假日与调休"
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day} {self.name}{'上班' if self.is_workday else '放假'}"
