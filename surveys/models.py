"""Surveys, hearings and reviews (网上调查/网上听证/网上评议): questions and their options,
the public's responses and answers, and the owner's feedback reports (采纳情况) on a
survey or on a solicitation (征集意见, ``org.Solicitation``).

Rules live in ``surveys.services`` (responses, the one-response rule, results, review of
free text, feedback reports and their deadlines); this module only holds the data.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from org.models import Department, Solicitation


class SurveyKind(models.TextChoices):
    SURVEY = "survey", "网上调查"
    HEARING = "hearing", "网上听证"
    REVIEW = "review", "网上评议"


class ResponseRule(models.TextChoices):
    """How "one response per person" is enforced without accounts (stated on the page)."""

    SITE_DEFAULT = "", "按全站设置"
    PHONE = "phone", "每个手机号一份（短信验证码验证）"
    BROWSER = "browser", "每个浏览器一份，并限制同一网络地址的份数"


class QuestionKind(models.TextChoices):
    SINGLE = "single", "单选题"
    MULTIPLE = "multiple", "多选题"
    RATING = "rating", "评分题"
    TEXT = "text", "文字题"


class ReviewStatus(models.TextChoices):
    PENDING = "pending", "待审核"
    PUBLISHED = "published", "已公开"
    WITHHELD = "withheld", "不公开"


class Survey(models.Model):
    kind = models.CharField("类型", max_length=10, choices=SurveyKind.choices)
    title = models.CharField("主题", max_length=200)
    description = models.TextField("说明", blank=True)
    owner = models.ForeignKey(
        Department, verbose_name="发起单位", on_delete=models.PROTECT, related_name="surveys"
    )
    opens_at = models.DateTimeField("开始时间")
    closes_at = models.DateTimeField("截止时间")
    published = models.BooleanField(
        "已发布", default=False, help_text="发布后公众可以看到并参与；未发布的只有工作人员可见。"
    )
    response_rule = models.CharField(
        "限答规则",
        max_length=10,
        choices=ResponseRule.choices,
        blank=True,
        default=ResponseRule.SITE_DEFAULT,
    )
    opinion_required = models.BooleanField(
        "书面意见必填", default=False, help_text="听证、评议的书面意见部分是否必须填写。"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "网上调查/听证/评议"
        ordering = ["-opens_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="survey_closes_after_opening",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    survey = models.ForeignKey(
        Survey, verbose_name="调查", on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveSmallIntegerField("序号", default=1)
    kind = models.CharField("题型", max_length=10, choices=QuestionKind.choices)
    text = models.CharField("题目", max_length=300)
    required = models.BooleanField("必答", default=True)
    min_choices = models.PositiveSmallIntegerField("最少选择", default=1)
    max_choices = models.PositiveSmallIntegerField("最多选择", null=True, blank=True)
    scale_min = models.SmallIntegerField("最低分", default=1)
    scale_max = models.SmallIntegerField("最高分", default=5)
    low_label = models.CharField("最低分含义", max_length=20, blank=True, default="很不满意")
    high_label = models.CharField("最高分含义", max_length=20, blank=True, default="非常满意")
    max_length = models.PositiveIntegerField("字数上限", default=1000)

    class Meta:
        verbose_name = verbose_name_plural = "题目"
        ordering = ["survey", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(scale_max__gt=models.F("scale_min")),
                name="question_scale_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(max_choices__isnull=True)
                | models.Q(max_choices__gte=models.F("min_choices")),
                name="question_choice_limits_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"第{self.position}题 {self.text}"


class Option(models.Model):
    question = models.ForeignKey(
        Question, verbose_name="题目", on_delete=models.CASCADE, related_name="options"
    )
    position = models.PositiveSmallIntegerField("序号", default=1)
    text = models.CharField("选项", max_length=200)

    class Meta:
        verbose_name = verbose_name_plural = "选项"
        ordering = ["question", "position", "id"]

    def __str__(self) -> str:
        return self.text


class Response(models.Model):
    """One person's response. Who they are is kept only as keyed hashes (never in clear):
    the verified phone (rule ``phone``) or the browser's random token (rule ``browser``),
    each unique per survey, and the network address (counted per survey)."""

    survey = models.ForeignKey(
        Survey, verbose_name="调查", on_delete=models.PROTECT, related_name="responses"
    )
    submitted_at = models.DateTimeField("提交时间")
    rule = models.CharField("限答规则", max_length=10, choices=ResponseRule.choices)
    phone_hash = models.CharField(max_length=64, blank=True)
    browser_hash = models.CharField(max_length=64, blank=True)
    address_hash = models.CharField(max_length=64, blank=True, db_index=True)
    opinion = models.TextField("书面意见", blank=True)
    opinion_status = models.CharField(
        "书面意见审核", max_length=10, choices=ReviewStatus.choices, blank=True
    )
    opinion_public = models.TextField("公开的书面意见", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "答卷"
        ordering = ["survey", "submitted_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "phone_hash"],
                condition=~models.Q(phone_hash=""),
                name="survey_one_response_per_phone",
            ),
            models.UniqueConstraint(
                fields=["survey", "browser_hash"],
                condition=~models.Q(browser_hash=""),
                name="survey_one_response_per_browser",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.survey} #{self.pk}"


class Answer(models.Model):
    """One answer: a chosen option (one row per option of a multiple choice), a rating,
    or a text. A text reaches the public only as ``public_text``, set through the
    publication gate when staff publish it."""

    response = models.ForeignKey(
        Response, verbose_name="答卷", on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, verbose_name="题目", on_delete=models.PROTECT, related_name="answers"
    )
    option = models.ForeignKey(
        Option, verbose_name="选项", null=True, blank=True, on_delete=models.PROTECT
    )
    rating = models.SmallIntegerField("评分", null=True, blank=True)
    text = models.TextField("回答", blank=True)
    review_status = models.CharField(
        "审核", max_length=10, choices=ReviewStatus.choices, blank=True
    )
    public_text = models.TextField("公开的回答", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "回答"
        ordering = ["response", "question", "id"]
        indexes = [models.Index(fields=["question", "review_status"])]

    def __str__(self) -> str:
        return f"{self.question} #{self.pk}"


class FeedbackReport(models.Model):
    """The owner's report on what was adopted (采纳情况) after a survey or a solicitation
    closed. Its deadline follows the 征集意见 policy (``DeadlinePolicy`` of kind
    ``opinion``: 7 working days, complex matters up to the cap of 15) counted from the
    closing date; ``derivation`` keeps how the date was computed when it was published."""

    survey = models.OneToOneField(
        Survey,
        verbose_name="调查",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="feedback",
    )
    solicitation = models.OneToOneField(
        Solicitation,
        verbose_name="意见征集",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="feedback",
    )
    complex_matter = models.BooleanField("复杂事项（延长至上限）", default=False)
    complex_reason = models.CharField("复杂事项说明", max_length=300, blank=True)
    text = models.TextField("采纳情况", blank=True)
    published_at = models.DateTimeField("公开时间", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="公开人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    deadline = models.DateField("反馈期限", null=True, blank=True)
    derivation = models.JSONField("期限计算", default=dict, blank=True)
    on_time = models.BooleanField("按期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "采纳情况反馈"
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(survey__isnull=False) & models.Q(solicitation__isnull=True))
                | (models.Q(survey__isnull=True) & models.Q(solicitation__isnull=False)),
                name="feedback_report_one_subject",
            )
        ]

    def __str__(self) -> str:
        subject = self.survey or self.solicitation
        return f"采纳情况：{subject}"
