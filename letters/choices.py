"""Enumerations of the letters domain. Which action moves a letter from which status to
which is the lifecycle table's (``letters.lifecycle``)."""

from django.db import models


class LetterKind(models.TextChoices):
    LEADER_MAIL = "leader_mail", "领导信箱"
    CONSULTATION = "consultation", "咨询"
    COMPLAINT = "complaint", "投诉"
    SUGGESTION = "suggestion", "建议"
    HELP = "help", "求助"
    REPORT = "report", "举报"
    SITE_ERROR = "site_error", "网站找错"
    OPINION = "opinion", "征集意见"


# Kinds whose writer complains about or reports a unit: that unit never sees who wrote.
PROTECTED_KINDS = frozenset({LetterKind.COMPLAINT, LetterKind.REPORT})


class LetterStatus(models.TextChoices):
    SUBMITTED = "submitted", "已提交"
    ACCEPTED = "accepted", "已受理"
    REJECTED = "rejected", "不予受理"
    DISPATCHED = "dispatched", "待签收"
    IN_PROGRESS = "in_progress", "办理中"
    RETURNED = "returned", "已退回"
    PAUSED = "paused", "补正中"
    UNDER_REVIEW = "under_review", "审核中"
    # Replied; the site office reviews the reply before it is published (找错).
    OFFICE_REVIEW = "office_review", "待审核公开"
    REPLIED = "replied", "已答复"
    PUBLISHED = "published", "已公开"
    CLOSED = "closed", "已办结"
    MERGED = "merged", "已合并"


S = LetterStatus
OPEN_STATUSES = frozenset(
    {S.SUBMITTED, S.ACCEPTED, S.DISPATCHED, S.RETURNED, S.IN_PROGRESS, S.PAUSED, S.UNDER_REVIEW}
)
# Statuses in which the reply clock runs (a paused letter keeps its status in PAUSED).
CLOCK_RUNNING_STATUSES = frozenset(OPEN_STATUSES - {S.PAUSED})
# Statuses in which the writer has the reply (the office review concerns publication only).
ANSWERED_STATUSES = frozenset({S.OFFICE_REVIEW, S.REPLIED, S.PUBLISHED, S.CLOSED})


class PublicationRule(models.TextChoices):
    """When a letter of a kind may go public (``letters.publication_policy``)."""

    CONSENT = "consent", "经来信人同意后公开"
    UNLESS_WITHHELD = "unless_withheld", "一律公开（认定不属实或涉密的除外）"


class PublicationFinding(models.TextChoices):
    """A finding that keeps a letter off every public output, whatever its rule."""

    UNTRUE = "untrue", "不属实"
    CONFIDENTIAL = "confidential", "涉密"


class Rating(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    BASICALLY_SATISFIED = "basically_satisfied", "基本满意"
    UNSATISFIED = "unsatisfied", "不满意"


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", "待审批"
    APPROVED = "approved", "已批准"
    DENIED = "denied", "未批准"


class LetterSource(models.TextChoices):
    """The channel a letter came in by; statistics count letters per channel."""

    WEB = "web", "网站表单"
    API = "api", "接口"
    HOTLINE = "hotline", "热线电话"
    WECHAT = "wechat", "微信"
    MAIL = "mail", "信件邮寄"
    VISIT = "visit", "来访"
    INTERVIEW = "interview", "在线访谈提问"
    IMPORTED = "imported", "历史导入"


class WebsiteErrorType(models.TextChoices):
    TYPO = "typo", "错别字、病句"
    BROKEN_LINK = "broken_link", "链接无法打开"
    OUTDATED = "outdated", "内容长期未更新"
    INACCURATE = "inaccurate", "信息不准确"
    UNREACHABLE = "unreachable", "页面无法访问"
    SERVICE = "service", "办事服务不可用"
    INTERACTION = "interaction", "互动留言未回复"
    OTHER = "other", "其他问题"
