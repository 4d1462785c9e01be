"""The organisation: departments, leaders, websites (网站名录), solicitations and the
staff accounts' departments. Roles are Django groups (``org.roles``).

The tables keep the names they had in the letters app (``letters_department`` ...):
moving the models changed no data.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models


class DepartmentLevel(models.TextChoices):
    CITY = "city", "市级"
    DISTRICT = "district", "区县"
    DEPARTMENT = "department", "部门"


class Department(models.Model):
    """A unit that answers letters: the city, a district/county, or a department."""

    code = models.CharField("编码", max_length=32, unique=True)
    name = models.CharField("名称", max_length=100)
    short_name = models.CharField("简称", max_length=50, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    level = models.CharField("层级", max_length=16, choices=DepartmentLevel.choices)
    kinds = models.JSONField("可办理的来信类型", default=list, blank=True)
    head_name = models.CharField("负责人", max_length=50, blank=True)
    phone = models.CharField("办公电话", max_length=32, blank=True)
    active = models.BooleanField("启用", default=True)
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        db_table = "letters_department"  # kept from before the split
        verbose_name = verbose_name_plural = "单位"
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name


class Leader(models.Model):
    """A leader whose mailbox (领导信箱) the public can write to."""

    name = models.CharField("姓名", max_length=50)
    title = models.CharField("职务", max_length=100)
    office = models.ForeignKey(
        Department, verbose_name="承办单位", on_delete=models.PROTECT, related_name="leaders"
    )
    intro = models.TextField("简介", blank=True)
    active = models.BooleanField("启用", default=True)
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        db_table = "letters_leader"  # kept from before the split
        verbose_name = verbose_name_plural = "领导"
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return f"{self.title} {self.name}"


class Website(models.Model):
    """An entry of the website registry (网站名录), used to route 找错 reports."""

    name = models.CharField("网站名称", max_length=100)
    domains = models.JSONField("域名", default=list)
    site_code = models.CharField("网站标识码", max_length=16, unique=True)
    owner = models.ForeignKey(
        Department, verbose_name="主办单位", on_delete=models.PROTECT, related_name="websites"
    )
    active = models.BooleanField("启用", default=True)

    class Meta:
        db_table = "letters_website"  # kept from before the split
        verbose_name = verbose_name_plural = "网站名录"
        ordering = ["site_code"]

    def __str__(self) -> str:
        return self.name


class Solicitation(models.Model):
    """An open call for public comment (征集); comments are letters of kind ``opinion``."""

    title = models.CharField("标题", max_length=200)
    text = models.TextField("正文")
    owner = models.ForeignKey(
        Department,
        verbose_name="征集单位",
        on_delete=models.PROTECT,
        related_name="solicitations",
    )
    opens_on = models.DateField("开始日期")
    closes_on = models.DateField("截止日期")

    class Meta:
        db_table = "letters_solicitation"  # kept from before the split
        verbose_name = verbose_name_plural = "意见征集"
        ordering = ["-opens_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")),
                name="solicitation_closes_after_opening",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def is_open(self, on: date) -> bool:
        return self.opens_on <= on <= self.closes_on


class StaffProfile(models.Model):
    """A staff account's department; roles are Django groups (see ``org.roles``)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_profile"
    )
    department = models.ForeignKey(
        Department, verbose_name="所属单位", on_delete=models.PROTECT, related_name="staff"
    )

    class Meta:
        db_table = "letters_staffprofile"  # kept from before the split
        verbose_name = verbose_name_plural = "工作人员"

    def __str__(self) -> str:
        return f"{self.user} @ {self.department}"
