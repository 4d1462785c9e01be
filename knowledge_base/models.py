"""Models of the knowledge base (知识库): entries, their saved versions and synonyms.

Rules live in ``knowledge_base.services``; the search index (``kb_entry_index``) is a
separate set of tables written by ``knowledge_base.search`` (DESIGN.md §6).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from letters.models import Letter
from org.models import Department


class EntryStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    IN_REVIEW = "in_review", "待审核"
    PUBLISHED = "published", "已发布"
    RETIRED = "retired", "已下线"


class KnowledgeEntry(models.Model):
    """A question and its authoritative answer, drafted by a curator, published after review."""

    question = models.CharField("问题", max_length=300)
    answer = models.TextField("答复")
    department = models.ForeignKey(
        Department,
        verbose_name="答复单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="knowledge_entries",
    )
    category = models.CharField("分类", max_length=50, blank=True)
    keywords = models.CharField("关键词（逗号分隔）", max_length=300, blank=True)
    source_letters = models.ManyToManyField(
        Letter, verbose_name="来源信件", blank=True, related_name="knowledge_entries"
    )
    effective_from = models.DateField("生效日期", null=True, blank=True)
    expires_on = models.DateField("失效日期", null=True, blank=True)
    status = models.CharField(
        "状态",
        max_length=16,
        choices=EntryStatus.choices,
        default=EntryStatus.DRAFT,
        db_index=True,
    )
    version = models.PositiveIntegerField("版本", default=1)
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    review_note = models.TextField("审核意见", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="创建人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    # Set on entries returned by ``knowledge_base.search.search_entries``; not a column.
    search_score: float = 0.0

    class Meta:
        verbose_name = verbose_name_plural = "知识库条目"
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_on__isnull=True)
                | models.Q(effective_from__isnull=True)
                | models.Q(expires_on__gte=models.F("effective_from")),
                name="kb_entry_expires_after_effective",
            )
        ]

    def __str__(self) -> str:
        return self.question


class KnowledgeEntryVersion(models.Model):
    """A snapshot of an entry's content, written by the service on every content save."""

    entry = models.ForeignKey(KnowledgeEntry, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField("版本")
    question = models.CharField("问题", max_length=300)
    answer = models.TextField("答复")
    keywords = models.CharField("关键词", max_length=300, blank=True)
    saved_at = models.DateTimeField("保存时间", default=timezone.now)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="保存人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = verbose_name_plural = "知识库条目版本"
        ordering = ["entry", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "version"], name="kb_entry_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.entry_id} v{self.version}"


class SynonymGroup(models.Model):
    """Terms that mean the same in a search, e.g. ``医保,医疗保险`` (admin-managed)."""

    terms = models.TextField("同义词", help_text="一组同义词，用逗号分隔，例如：医保,医疗保险")

    class Meta:
        verbose_name = verbose_name_plural = "同义词组"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.terms

    def term_list(self) -> list[str]:
        return [t.strip() for t in self.terms.replace("，", ",").split(",") if t.strip()]

    def clean(self) -> None:
        """At least two different terms; stored in a canonical ``a,b`` form."""
        terms = list(dict.fromkeys(self.term_list()))
        if len(terms) < 2:
            raise ValidationError({"terms": "「同义词」：请至少填写两个不同的词，用逗号分隔。"})
        self.terms = ",".join(terms)


class OfficialNumber(models.Model):
    """A telephone number of the deployment that public texts may show as is (12345, an
    office hotline). Department office phones are allowed too, without a row here."""

    number = models.CharField("号码", max_length=32, unique=True)
    label = models.CharField("名称", max_length=100)
    active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "可公开的官方电话"
        ordering = ["label", "id"]

    def __str__(self) -> str:
        return f"{self.label} {self.number}"


class PublicationClearance(models.Model):
    """A publisher kept one detected item in a public text, with a reason (audited).

    Keyed by what is published (``subject_type``/``subject_id``), the field, the kind of
    the hit and its text: the same item in the same field passes the gate again without a
    new confirmation (e.g. when a reopened letter is published again).
    """

    subject_type = models.CharField("公开对象类型", max_length=32)
    subject_id = models.PositiveBigIntegerField("公开对象")
    field = models.CharField("字段", max_length=32)
    kind = models.CharField("类型", max_length=32)
    text = models.CharField("保留内容", max_length=200)
    reason = models.CharField("保留理由", max_length=500)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="确认人",
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField("确认时间", default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = "公开内容保留确认"
        ordering = ["-at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["subject_type", "subject_id", "field", "kind", "text"],
                name="publication_clearance_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject_type}:{self.subject_id} {self.field} {self.kind}"
