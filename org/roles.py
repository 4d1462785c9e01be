"""Staff roles, each a Django group. Admin, security and audit duties are separate."""

from django.db import models


class Role(models.TextChoices):
    DISPATCHER = "dispatcher", "分办员"
    HANDLER = "handler", "承办人"
    REVIEWER = "reviewer", "审核人"
    PUBLISHER = "publisher", "签发人"
    SUPERVISOR = "supervisor", "督办员"
    # Enters letters taken by hotline, visit or mail for the caller (no case actions).
    OPERATOR = "operator", "录入员"
    ADMIN = "admin", "系统管理员"
    AUDITOR = "auditor", "审计员"
