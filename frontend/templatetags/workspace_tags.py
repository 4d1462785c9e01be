"""Template helpers of the staff workspace."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString

from frontend.workspace_data import masked_html
from letters.staff_view import masked_title
from org.roles import Role
from org.selectors import user_roles

register = template.Library()

# (url name, label, roles that see the link; empty = every staff user with a case role)
_NAV: list[tuple[str, str, frozenset[str]]] = [
    (
        "workspace-inbox",
        "收件箱",
        frozenset({Role.DISPATCHER, Role.HANDLER, Role.REVIEWER, Role.PUBLISHER, Role.SUPERVISOR}),
    ),
    ("workspace-triage", "待分办", frozenset({Role.DISPATCHER})),
    ("workspace-operator-entry", "代录来信", frozenset({Role.OPERATOR})),
    ("workspace-publish-queue", "待公开", frozenset({Role.PUBLISHER})),
    ("workspace-dashboard", "督办看板", frozenset({Role.SUPERVISOR})),
    ("workspace-reports", "报告日历", frozenset({Role.SUPERVISOR})),
    (
        "survey-feedback",
        "采纳情况反馈",
        frozenset({Role.SUPERVISOR, Role.PUBLISHER, Role.HANDLER, Role.REVIEWER}),
    ),
]


@register.simple_tag(takes_context=True)
def workspace_nav(context: template.Context) -> list[dict[str, str]]:
    """The navigation links the signed-in user's roles allow."""
    request = context.get("request")
    user: Any = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    roles = user_roles(user)
    return [
        {"name": name, "label": label, "url": reverse(name)}
        for name, label, allowed in _NAV
        if roles & allowed
    ]


@register.filter
def masked_excerpt(letter: Any, length: int = 160) -> SafeString:
    """The start of a letter's body with personal data masked (detected on the whole text,
    so a cut never leaves part of a phone number readable)."""
    return masked_html(letter, letter.body, limit=length)


@register.filter
def staff_title(letter: Any) -> str:
    """A letter's title as staff lists show it: personal data masked (letters.staff_view)."""
    return masked_title(letter)
