"""Models of the letters domain: the letter, its timeline and attachments, deadline
policies, extensions, reply templates and notices to the writer.

Business rules live in ``letters.services``; models hold data, constraints and indexes.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.core.validators import validate_email
from django.db import models
from django.utils import timezone

from core.pii import EncryptedCharField, KeyedHashField, with_keyed_hashes
from letters.choices import (
    CLOCK_RUNNING_STATUSES,
    ExtensionStatus,
    LetterKind,
    LetterSource,
    LetterStatus,
    PublicationFinding,
    PublicationRule,
    Rating,
    WebsiteErrorType,
)
from org.models import Department, Leader, Solicitation


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
    source = models.CharField(
        "来信渠道", max_length=16, choices=LetterSource.choices, default=LetterSource.WEB
    )
    # The number the letter had in the office's previous system (``import_cases``);
    # unique when given, so a re-run of an import finds the letters it already made.
    old_number = models.CharField("原系统编号", max_length=64, blank=True)
    # Where the matter is, when the channel gives it (Open311 lat/long/address_string).
    latitude = models.DecimalField("纬度", max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField("经度", max_digits=9, decimal_places=6, null=True, blank=True)
    location = models.CharField("事发地点", max_length=200, blank=True)
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
    # The office review clock (找错: the site office reviews the reply before it is
    # published), from the kind's review-step DeadlinePolicy; started when the letter
    # enters office review, derived and explained like the reply clock.
    review_deadline_at = models.DateTimeField("审核公开期限", null=True, blank=True)
    review_derivation: models.JSONField[Any, Any] = models.JSONField(
        "审核公开期限推算过程", default=dict, blank=True
    )
    # A 不属实/涉密 finding keeps the letter off every public output
    # (letters.publication_policy, knowledge_base.publication).
    publication_finding = models.CharField(
        "不予公开认定", max_length=16, choices=PublicationFinding.choices, blank=True
    )
    publication_finding_reason = models.TextField("认定理由", blank=True)
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
            # The office's review queue, by its clock.
            models.Index(
                fields=["review_deadline_at"],
                condition=models.Q(status=LetterStatus.OFFICE_REVIEW),
                name="letter_office_review",
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
        constraints = [
            models.UniqueConstraint(
                fields=["old_number"],
                condition=~models.Q(old_number=""),
                name="letter_old_number_once",
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


class PublicationPolicy(models.Model):
    """When the letters of one kind may go public, with its source. A kind without a row
    is published only with the writer's consent."""

    kind = models.CharField("来信类别", max_length=20, choices=LetterKind.choices, unique=True)
    rule = models.CharField(
        "公开规则", max_length=20, choices=PublicationRule.choices, default=PublicationRule.CONSENT
    )
    source = models.TextField("依据")

    class Meta:
        verbose_name = verbose_name_plural = "公开规则"
        ordering = ["kind"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.get_rule_display()}"


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
