"""Models of the shared kernel: the transactional outbox, the audit log and the
sensitive-word list. Tables keep their names from the letters app."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils import timezone


class OutboxMessage(models.Model):
    """Work written in the same transaction as the data it concerns, relayed to Celery.

    A Redis or worker outage delays the work; it cannot lose it (DESIGN.md §9).
    """

    task_name = models.CharField(max_length=100)
    payload: models.JSONField[Any, Any] = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)
    available_at = models.DateTimeField(default=timezone.now)
    relayed_at = models.DateTimeField(null=True, blank=True)  # the broker took it
    done_at = models.DateTimeField(null=True, blank=True)  # a worker applied it
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        db_table = "letters_outboxmessage"  # kept from before the split
        verbose_name = verbose_name_plural = "待投递任务"
        ordering = ["id"]
        indexes = [
            models.Index(
                fields=["available_at"],
                condition=models.Q(relayed_at__isnull=True),
                name="outbox_pending",
            ),
            models.Index(
                fields=["relayed_at"],
                condition=models.Q(relayed_at__isnull=False, done_at__isnull=True),
                name="outbox_relayed_not_done",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task_name} #{self.pk}"


class AuditRecord(models.Model):
    """One security or case event. Append-only and chained (DESIGN.md §9, core/audit.py).

    Each row's ``hash`` is an HMAC (key ``key_id`` of ``DESK_AUDIT_KEYS``, held outside
    the database) over its content and the previous row's hash, so an edited, inserted or
    removed row breaks the chain (``manage.py audit_verify``, which also compares signed
    checkpoints kept outside the database). Rows from before the keyed chain have an
    empty ``key_id`` and their old unkeyed SHA-256. Database triggers refuse UPDATE,
    DELETE of rows younger than the retention period, and TRUNCATE.
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
    # The DESK_AUDIT_KEYS id the row was chained with; "" before the keyed chain.
    key_id = models.CharField("密钥编号", max_length=16, blank=True, default="")

    class Meta:
        db_table = "letters_auditrecord"  # kept from before the split
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
        db_table = "letters_sensitiveword"  # kept from before the split
        verbose_name = verbose_name_plural = "敏感词"
        ordering = ["category", "word"]

    def __str__(self) -> str:
        return self.word
