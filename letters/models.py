"""Models of the letters domain: the organisation, the letter and its timeline.

Business rules live in ``letters.services``; models hold data, constraints and indexes.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from django.conf import settings
from django.core.validators import validate_email
from django.db import models
from django.utils import timezone

from core.pii import EncryptedCharField, KeyedHashField, with_keyed_hashes
from letters.choices import (
    CLOCK_RUNNING_STATUSES,
    DepartmentLevel,
    ExtensionStatus,
    LetterKind,
    LetterStatus,
    Rating,
    WebsiteErrorType,
)


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


class Letter(models.Model):
    """A letter from the public, of any kind, with its current state and deadline."""

    tracking_number = models.CharField("信件编号", max_length=32, unique=True)
    query_code = models.CharField("查询码", max_length=16)
    idempotency_key = models.CharField(max_length=128, unique=True, null=True, blank=True)
    idempotency_fingerprint = models.CharField(max_length=64, blank=True)

    kind = models.CharField("类别", max_length=20, choices=LetterKind.choices, db_index=True)
    title = models.CharField("标题", max_length=100)
    body = models.TextField("内容")

    name = models.CharField("姓名", max_length=50)
    # Contact details are encrypted at rest; exact lookups go through the keyed hashes.
    phone = EncryptedCharField("联系电话", max_length=32, purpose="letter.phone")
    email = EncryptedCharField(
        "电子邮箱", max_length=254, blank=True, validators=[validate_email], purpose="letter.email"
    )
    id_number = EncryptedCharField(
        "身份证号码", max_length=18, blank=True, purpose="letter.id_number"
    )
    address = EncryptedCharField("联系地址", max_length=200, blank=True, purpose="letter.address")
    phone_hash = KeyedHashField(source="phone", kind="phone")
    id_number_hash = KeyedHashField(source="id_number", kind="id_number")
    consent_public = models.BooleanField("同意公开", default=False)

    leader = models.ForeignKey(
        Leader,
        verbose_name="写信对象",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="letters",
    )
    url = models.URLField("问题网页地址", max_length=500, blank=True)
    error_type = models.CharField(
        "错误类型", max_length=20, choices=WebsiteErrorType.choices, blank=True
    )
    solicitation = models.ForeignKey(
        Solicitation,
        verbose_name="征集事项",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="letters",
    )

    status = models.CharField(
        "状态",
        max_length=20,
        choices=LetterStatus.choices,
        default=LetterStatus.SUBMITTED,
        db_index=True,
    )
    department = models.ForeignKey(
        Department,
        verbose_name="承办单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="letters",
    )
    assisting_departments = models.ManyToManyField(
        Department, verbose_name="会办单位", blank=True, related_name="assisting_letters"
    )
    # The unit a complaint or report is about: it gets a copy without the writer's identity.
    named_unit = models.ForeignKey(
        Department,
        verbose_name="被反映单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="named_in_letters",
    )
    designated = models.BooleanField("督办指定承办", default=False)
    review_level = models.PositiveSmallIntegerField("当前审核级次", default=0)
    reply_text = models.TextField("答复内容", blank=True)
    public_title = models.CharField("公开标题", max_length=100, blank=True)
    public_body = models.TextField("公开来信内容", blank=True)
    public_text = models.TextField("公开答复内容", blank=True)
    reply_department = models.ForeignKey(
        Department,
        verbose_name="答复单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replied_letters",
    )
    accepted_at = models.DateTimeField("受理时间", null=True, blank=True)
    replied_at = models.DateTimeField("答复时间", null=True, blank=True)
    # The reply date of the published reply: a reopened letter keeps showing the reply
    # the public already read, with its date, until the new one is published.
    public_replied_at = models.DateTimeField("公开答复时间", null=True, blank=True)
    published_at = models.DateTimeField("公开时间", null=True, blank=True)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    reject_reason = models.TextField("不予受理理由", blank=True)
    reject_channel = models.CharField("建议反映渠道", max_length=200, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name="合并至",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_letters",
    )
    rating = models.CharField("满意度", max_length=24, choices=Rating.choices, blank=True)
    rating_comment = models.TextField("评价意见", blank=True)
    rated_at = models.DateTimeField("评价时间", null=True, blank=True)
    rating_implicit = models.BooleanField("逾期未评默认满意", default=False)
    reopen_count = models.PositiveSmallIntegerField("重办次数", default=0)
    received_at = models.DateTimeField("来信时间", default=timezone.now, db_index=True)
    # Written by the router (routing app): top-3 [{department, confidence, reason}].
    routing_suggestions: models.JSONField[Any, Any] = models.JSONField(
        "分办建议", default=list, blank=True
    )
    routed_at = models.DateTimeField("分析时间", null=True, blank=True)
    kind_suggestion = models.CharField(
        "建议来信类型", max_length=20, choices=LetterKind.choices, blank=True
    )

    # The reply clock (DESIGN.md §3). ``deadline_at`` and the flags are stored and indexed so
    # supervision never computes dates row by row; ``deadline_derivation`` answers
    # "why this date?" (policy, start, pauses, extensions, calendar version).
    clock_started_on = models.DateField("起算日", null=True, blank=True)
    clock_paused_on = models.DateField("补正开始日", null=True, blank=True)
    deadline_at = models.DateTimeField("办理期限", null=True, blank=True)
    deadline_provisional = models.BooleanField("期限为暂定", default=False)
    deadline_derivation: models.JSONField[Any, Any] = models.JSONField(
        "期限推算过程", default=dict, blank=True
    )
    # Supervision flags, kept by the scan; each has a partial index on its True rows.
    due_soon = models.BooleanField("即将超期", default=False)
    overdue = models.BooleanField("已超期", default=False)
    supervised = models.BooleanField("超期督办", default=False)
    veto = models.BooleanField("三个月未答复", default=False)
    # Admin-managed sensitive words found at intake ([{word, category}]): the letter is
    # flagged for the dispatcher's review, never dropped (letters.services.abuse).
    sensitive_hits: models.JSONField[Any, Any] = models.JSONField(
        "命中敏感词", default=list, blank=True
    )
    sensitive_flagged = models.BooleanField("敏感词待复核", default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "来信"
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["department", "status"], name="letter_dept_status"),
            # The public listing: newest published first, stable order.
            models.Index(
                fields=["-published_at", "-id"],
                condition=models.Q(published_at__isnull=False),
                name="letter_public_listing",
            ),
            # Supervision scans only letters whose clock runs: a partial index keeps the
            # due-soon/overdue queries on open letters independent of closed history.
            models.Index(
                fields=["deadline_at"],
                condition=models.Q(
                    deadline_at__isnull=False,
                    clock_paused_on__isnull=True,
                    status__in=sorted(CLOCK_RUNNING_STATUSES),
                ),
                name="letter_open_deadline",
            ),
            *[
                models.Index(
                    fields=["department"], condition=models.Q(**{flag: True}), name=f"letter_{flag}"
                )
                for flag in ("due_soon", "overdue", "supervised", "veto")
            ],
            models.Index(
                fields=["-received_at"],
                condition=models.Q(sensitive_flagged=True),
                name="letter_sensitive_flagged",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tracking_number} {self.title}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A partial save of a contact field also writes its keyed hash.
        kwargs["update_fields"] = with_keyed_hashes(Letter, kwargs.get("update_fields"))
        super().save(*args, **kwargs)


class LetterEvent(models.Model):
    """One entry of a letter's append-only timeline."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField("时间", default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField("操作", max_length=32)
    from_status = models.CharField("原状态", max_length=20, blank=True)
    to_status = models.CharField("新状态", max_length=20, blank=True)
    note = models.TextField("内部说明", blank=True)
    public_note = models.TextField("公开说明", blank=True)
    public = models.BooleanField("对来信人可见", default=True)
    data: models.JSONField[Any, Any] = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "办理记录"
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["letter", "at"], name="letterevent_letter_at")]

    def __str__(self) -> str:
        return f"{self.letter_id} {self.action} {self.at:%Y-%m-%d %H:%M}"


# Storage suffix by the type detected from the content (letters.attachments).
ATTACHMENT_SUFFIXES = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
}


def attachment_path(instance: Attachment, filename: str) -> str:
    """Random storage name with the suffix of the detected type: nothing of the writer's
    file name (kept only in ``original_name``) reaches the file system."""
    suffix = ATTACHMENT_SUFFIXES.get(instance.content_type, ".bin")
    now = timezone.now()
    return f"{now:%Y/%m}/{uuid.uuid4().hex}{suffix}"


class Attachment(models.Model):
    """A file uploaded with a letter, served only through a permission-checked view."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path)
    original_name = models.CharField("原文件名", max_length=200)
    content_type = models.CharField("文件类型", max_length=100)
    size = models.PositiveIntegerField("大小（字节）")
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "附件"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name


class TrackingCounter(models.Model):
    """Per-day sequence behind readable, ordered tracking numbers (XJ20261121-000123)."""

    day = models.DateField(primary_key=True)
    last_value = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.day}: {self.last_value}"


class OutboxMessage(models.Model):
    """Work written in the same transaction as the data it concerns, relayed to Celery.

    A Redis or worker outage delays the work; it cannot lose it (DESIGN.md §9).
    """

    task_name = models.CharField(max_length=100)
    payload: models.JSONField[Any, Any] = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)
    available_at = models.DateTimeField(default=timezone.now)
    relayed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "待投递任务"
        ordering = ["id"]
        indexes = [
            models.Index(
                fields=["available_at"],
                condition=models.Q(relayed_at__isnull=True),
                name="outbox_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.task_name} #{self.pk}"


class StaffProfile(models.Model):
    """A staff account's department; roles are Django groups (see ``letters.roles``)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_profile"
    )
    department = models.ForeignKey(
        Department, verbose_name="所属单位", on_delete=models.PROTECT, related_name="staff"
    )

    class Meta:
        verbose_name = verbose_name_plural = "工作人员"

    def __str__(self) -> str:
        return f"{self.user} @ {self.department}"


class Notification(models.Model):
    """A notice to the writer; unique per letter, event and channel so none is sent twice."""

    class Channel(models.TextChoices):
        EMAIL = "email", "电子邮件"
        SMS = "sms", "短信"

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="notifications")
    event = models.CharField(max_length=32)
    channel = models.CharField(max_length=8, choices=Channel.choices)
    recipient = EncryptedCharField(max_length=254, purpose="notification.recipient")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = "通知记录"
        constraints = [
            models.UniqueConstraint(fields=["letter", "event", "channel"], name="notification_once")
        ]

    def __str__(self) -> str:
        return f"{self.letter_id} {self.event} {self.channel}"


class CalendarYear(models.Model):
    """A year whose official State Council holiday schedule is in ``CalendarDay``."""

    year = models.PositiveSmallIntegerField("年份", primary_key=True)
    source = models.CharField("来源", max_length=200)
    version = models.PositiveIntegerField("日历版本")
    imported_at = models.DateTimeField("导入时间", default=timezone.now)

    class Meta:
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
        verbose_name = verbose_name_plural = "节假日与调休"
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day} {self.name}{'上班' if self.is_workday else '放假'}"


class DeadlinePolicy(models.Model):
    """A time limit in working days for one kind of letter and one step, with its source."""

    class Step(models.TextChoices):
        REPLY = "reply", "答复"
        REVIEW = "review", "审核"

    class Counting(models.TextChoices):
        EXCLUSIVE = "exclusive", "收件当日不计入"
        INCLUSIVE = "inclusive", "收件当日计入"

    class StartsAt(models.TextChoices):
        RECEIVED = "received", "来信之日"
        SIGNED = "signed", "签收之日"

    kind = models.CharField("来信类别", max_length=20, choices=LetterKind.choices)
    step = models.CharField("环节", max_length=10, choices=Step.choices, default=Step.REPLY)
    working_days = models.PositiveSmallIntegerField("时限（工作日）")
    max_working_days = models.PositiveSmallIntegerField("延期上限（工作日）")
    counting = models.CharField(
        "计算方式", max_length=10, choices=Counting.choices, default=Counting.EXCLUSIVE
    )
    starts_at = models.CharField(
        "起算点", max_length=10, choices=StartsAt.choices, default=StartsAt.RECEIVED
    )
    source = models.TextField("依据")
    active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "办理时限规则"
        ordering = ["kind", "step"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "step"], name="deadline_policy_kind_step"),
            models.CheckConstraint(
                condition=models.Q(working_days__gte=1)
                & models.Q(max_working_days__gte=models.F("working_days")),
                name="deadline_policy_days_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}·{self.get_step_display()}：{self.working_days}个工作日"


class ExtensionRequest(models.Model):
    """A handler's request for more working days; a supervisor approves or denies it."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="extensions")
    working_days = models.PositiveSmallIntegerField("延期天数（工作日）")
    reason = models.TextField("延期理由")
    status = models.CharField(
        "状态", max_length=10, choices=ExtensionStatus.choices, default=ExtensionStatus.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField("审批意见", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "延期申请"
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["letter"],
                condition=models.Q(status="pending"),
                name="one_pending_extension_per_letter",
            )
        ]

    def __str__(self) -> str:
        return f"{self.letter_id} +{self.working_days} {self.status}"


class ReplyTemplate(models.Model):
    """A reply skeleton per kind and/or department; placeholders are filled on drafting.

    Placeholders: {name} (称呼), {title}, {received_date}, {department}, {tracking_number}.
    """

    name = models.CharField("名称", max_length=100)
    kind = models.CharField("适用类别", max_length=20, choices=LetterKind.choices, blank=True)
    department = models.ForeignKey(
        Department,
        verbose_name="适用单位",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reply_templates",
    )
    text = models.TextField("模板内容")
    active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "答复模板"
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


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
        verbose_name = verbose_name_plural = "督办单"
        ordering = ["-issued_at"]

    def __str__(self) -> str:
        return f"{self.letter_id} 督办单 {self.issued_at:%Y-%m-%d}"


class NotificationTemplate(models.Model):
    """The Chinese text of a notice to the writer, editable in admin.

    Placeholders: {name}, {title}, {tracking_number}.
    """

    event = models.CharField("事件", max_length=32, unique=True)
    subject = models.CharField("邮件标题", max_length=100)
    text = models.TextField("正文")

    class Meta:
        verbose_name = verbose_name_plural = "通知模板"
        ordering = ["event"]

    def __str__(self) -> str:
        return self.subject


class AuditRecord(models.Model):
    """One security or case event. Append-only and hash-chained (DESIGN.md §9).

    Each row's ``hash`` covers its content and the previous row's hash, so an edited or
    removed row breaks the chain (``manage.py audit_verify``). Database triggers refuse
    UPDATE, and DELETE of rows younger than the retention period.
    """

    at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    actor_name = models.CharField("操作人", max_length=150, blank=True)
    ip = models.CharField("IP地址", max_length=45, blank=True)
    request_id = models.CharField("请求编号", max_length=64, blank=True)
    action = models.CharField("事件", max_length=64)
    object_type = models.CharField("对象类型", max_length=64, blank=True)
    object_id = models.CharField("对象", max_length=64, blank=True)
    outcome = models.CharField("结果", max_length=16, default="success")
    data: models.JSONField[Any, Any] = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = verbose_name_plural = "审计日志"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor_name} {self.action}"


class SensitiveWord(models.Model):
    """A word that flags a letter for review at intake (never refuses or drops it)."""

    word = models.CharField("敏感词", max_length=50, unique=True)
    category = models.CharField("类别", max_length=50, blank=True)
    active = models.BooleanField("启用", default=True)
    note = models.CharField("说明", max_length=200, blank=True)
    created_at = models.DateTimeField("添加时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "敏感词"
        ordering = ["category", "word"]

    def __str__(self) -> str:
        return self.word
