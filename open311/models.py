"""Partner systems (接入系统) and the letters they submitted.

A partner system — a WeChat mini-program's back end, the provincial 12345 platform —
submits letters and reads their status with its own key, issued and revoked by the admin
(``open311.partners``). Only a SHA-256 digest of the key is stored; the key itself is
shown once, when it is issued.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from letters.choices import LetterSource


class PartnerScope(models.TextChoices):
    SUBMIT = "letters:submit", "提交来信"
    STATUS = "letters:status", "查询办理状态"


# The channels a partner may submit as (web, interview and imported are the desk's own).
PARTNER_CHANNELS = (
    LetterSource.API,
    LetterSource.WECHAT,
    LetterSource.HOTLINE,
    LetterSource.MAIL,
    LetterSource.VISIT,
)


class PartnerSystem(models.Model):
    name = models.CharField("系统名称", max_length=100, unique=True)
    channel = models.CharField(
        "来信渠道",
        max_length=16,
        choices=[(c.value, c.label) for c in PARTNER_CHANNELS],
        help_text="该系统提交的来信记为此渠道（例如微信小程序记为“微信”，12345 平台记为“热线电话”）。",
    )
    scopes = models.JSONField("权限范围", default=list)
    rate_per_minute = models.PositiveIntegerField(
        "每分钟请求上限", default=60, help_text="超过后答复 429，请稍后再试。"
    )
    key_prefix = models.CharField("密钥前缀", max_length=16, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField("签发时间", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="签发人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField("吊销时间", null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="吊销人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        verbose_name = "接入系统"
        verbose_name_plural = "接入系统"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None

    def has_scope(self, scope: str) -> bool:
        return scope in self.scopes


class PartnerLetter(models.Model):
    """Which partner submitted a letter: the partner may read that letter's status."""

    partner = models.ForeignKey(PartnerSystem, on_delete=models.PROTECT, related_name="letters")
    letter = models.OneToOneField(
        "letters.Letter", on_delete=models.CASCADE, related_name="partner_link"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "接入系统来信"
        verbose_name_plural = "接入系统来信"

    def __str__(self) -> str:
        return f"{self.partner_id}:{self.letter_id}"
