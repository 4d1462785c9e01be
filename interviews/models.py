"""Online interviews (在线访谈): the yearly plan, the staff of each interview, questions
from the public, and what host and guests post (the live stream, later the transcript).

Rules live in ``interviews.services``; these are the tables.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from core.pii import EncryptedCharField, KeyedHashField, with_keyed_hashes
from org.models import Department, Leader


class InterviewStatus(models.TextChoices):
    PLANNED = "planned", "预告"
    LIVE = "live", "正在直播"
    FINISHED = "finished", "已结束"


class StaffRole(models.TextChoices):
    """What a staff member does in one interview (granted per interview, not globally)."""

    HOST = "host", "主持人"
    GUEST = "guest", "嘉宾"
    MODERATOR = "moderator", "审核员"
    TYPIST = "typist", "录入员"


class Speaker(models.TextChoices):
    """Whose words a post is: the host's or the guests' (a typist posts for a guest)."""

    HOST = "host", "主持人"
    GUEST = "guest", "嘉宾"


class QuestionStatus(models.TextChoices):
    PENDING = "pending", "待审核"
    ACCEPTED = "accepted", "已采纳"
    ANSWERED = "answered", "已答复"
    MERGED = "merged", "已合并"
    DECLINED = "declined", "未采纳"
    FORWARDED = "forwarded", "已转为来信办理"


class Interview(models.Model):
    """One interview of the yearly plan (访谈计划)."""

    title = models.CharField("访谈主题", max_length=100)
    topic = models.TextField("访谈简介", max_length=2000)
    guest_leader = models.ForeignKey(
        Leader,
        verbose_name="嘉宾（领导）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="interviews",
        help_text="由领导出席时选择；部门负责人出席时留空。",
    )
    guest_department = models.ForeignKey(
        Department,
        verbose_name="嘉宾所在单位",
        on_delete=models.PROTECT,
        related_name="interviews",
        help_text="未现场答复的问题转为来信时由该单位承办。",
    )
    guest_name = models.CharField(
        "嘉宾称谓",
        max_length=100,
        blank=True,
        help_text="留空时按领导的职务姓名或单位负责人生成。",
    )
    host_name = models.CharField("主持人", max_length=50)
    starts_at = models.DateTimeField("访谈时间")
    ends_at = models.DateTimeField("预计结束时间")
    status = models.CharField(
        "状态", max_length=16, choices=InterviewStatus.choices, default=InterviewStatus.PLANNED
    )
    published = models.BooleanField("已发布预告", default=False, editable=False)
    summary = models.TextField("访谈摘要", blank=True, max_length=2000)
    started_at = models.DateTimeField("开始直播时间", null=True, blank=True, editable=False)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True, editable=False)
    created_at = models.DateTimeField("创建时间", default=timezone.now, editable=False)

    class Meta:
        verbose_name = verbose_name_plural = "在线访谈"
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["published", "status", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="interview_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def guest_label(self) -> str:
        """How the guest is named on the public pages."""
        if self.guest_name:
            return self.guest_name
        if self.guest_leader is not None:
            return f"{self.guest_leader.title} {self.guest_leader.name}"
        head = self.guest_department.head_name
        return f"{self.guest_department.name}负责人" + (f" {head}" if head else "")

    @property
    def accepts_questions(self) -> bool:
        return self.published and self.status in (InterviewStatus.PLANNED, InterviewStatus.LIVE)


class InterviewStaff(models.Model):
    """A staff member's role in one interview."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="staff")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="工作人员",
        on_delete=models.PROTECT,
        related_name="interview_roles",
    )
    role = models.CharField("访谈角色", max_length=16, choices=StaffRole.choices)

    class Meta:
        verbose_name = verbose_name_plural = "访谈工作人员"
        constraints = [
            models.UniqueConstraint(
                fields=["interview", "user", "role"], name="interview_staff_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.user}"


class InterviewQuestion(models.Model):
    """A question from the public. ``text`` is kept as typed and never shown publicly;
    the public sees ``public_text``, stored through the publication gate on acceptance."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="questions")
    query_code = models.CharField("查询码", max_length=16)
    name = EncryptedCharField("姓名", max_length=50, purpose="interview_question.name")
    phone = EncryptedCharField("联系电话", max_length=32, purpose="interview_question.phone")
    phone_hash = KeyedHashField(source="phone", kind="phone")
    text = models.TextField("问题原文")
    public_text = models.TextField("公开的问题", blank=True)
    status = models.CharField(
        "状态", max_length=16, choices=QuestionStatus.choices, default=QuestionStatus.PENDING
    )
    sensitive_hits = models.JSONField("命中的敏感词", default=list, blank=True)
    sensitive_flagged = models.BooleanField("敏感词待复核", default=False)
    received_at = models.DateTimeField("提问时间", default=timezone.now)
    moderated_at = models.DateTimeField("审核时间", null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decline_reason = models.CharField("未采纳理由", max_length=200, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name="合并至",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged",
    )
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)
    answered_live = models.BooleanField("现场答复", default=False)
    letter = models.OneToOneField(
        "letters.Letter",
        verbose_name="转为来信",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="interview_question",
    )

    # The masking protocol's other contact fields (core.masking.Writer): a question
    # holds only a name and a phone.
    email = id_number = address = ""

    class Meta:
        verbose_name = verbose_name_plural = "网友提问"
        ordering = ["received_at", "id"]
        indexes = [models.Index(fields=["interview", "status"])]

    def __str__(self) -> str:
        return self.number

    def save(self, *args: Any, **kwargs: Any) -> None:
        kwargs["update_fields"] = with_keyed_hashes(type(self), kwargs.get("update_fields"))
        super().save(*args, **kwargs)

    @property
    def number(self) -> str:
        """The number the asker quotes with the query code (提问编号)."""
        return f"FT{self.pk:08d}" if self.pk else ""


IMAGE_SUFFIXES = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/gif": ".gif",
    "image/webp": ".webp",
}


def image_path(instance: InterviewPost, filename: str) -> str:
    """A random storage name with the suffix of the detected type."""
    suffix = IMAGE_SUFFIXES.get(instance.image_type, ".bin")
    now = timezone.now()
    return f"interviews/{now:%Y/%m}/{uuid.uuid4().hex}{suffix}"


class InterviewPost(models.Model):
    """What the host or a guest says, in order: the live stream and then the transcript
    (文字实录). A post answering a question names it. Its text passed the publication gate."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="posts")
    speaker = models.CharField("发言人身份", max_length=8, choices=Speaker.choices)
    speaker_name = models.CharField("发言人", max_length=100)
    text = models.TextField("内容")
    image = models.FileField("图片", upload_to=image_path, blank=True)
    image_type = models.CharField("图片类型", max_length=32, blank=True)
    image_alt = models.CharField("图片说明", max_length=200, blank=True)
    question = models.ForeignKey(
        InterviewQuestion,
        verbose_name="答复的问题",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="answers",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="录入人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    posted_at = models.DateTimeField("发布时间", default=timezone.now)
    live = models.BooleanField("直播中发布", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "访谈发言"
        ordering = ["posted_at", "id"]

    def __str__(self) -> str:
        return f"{self.speaker_name}：{self.text[:20]}"
