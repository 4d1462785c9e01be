"""Template helpers of the public portal: site settings, the 适老化 mode, figures."""

from __future__ import annotations

from typing import Any

from django import template
from django.http import HttpRequest

from core.conf import desk_settings
from knowledge_base import publication

register = template.Library()


@register.simple_tag
def site_setting(name: str) -> Any:
    """A site value of the desk settings (SITE_NAME, SITE_DOMAIN, SITE_ID_CODE)."""
    return getattr(desk_settings(), name.lower())


@register.simple_tag(takes_context=True)
def a11y_mode(context: template.Context) -> bool:
    """Whether the visitor switched on the large-text, high-contrast mode (cookie)."""
    from frontend.public_views import A11Y_COOKIE

    request: HttpRequest | None = context.get("request")
    return bool(request is not None and request.COOKIES.get(A11Y_COOKIE) == "1")


@register.filter
def percent(value: float | None) -> str:
    """0.8571 → "85.7%"; no data → "—"."""
    if value is None:
        return "—"
    return f"{value * 100:.1f}%"


@register.filter
def field_type(bound_field: Any) -> str:
    """The widget's input type, or 'radio'/'checkbox'/'textarea'/'select' for the layout."""
    widget = bound_field.field.widget
    name = type(widget).__name__
    if name == "RadioSelect":
        return "radio"
    if name == "CheckboxInput":
        return "checkbox"
    if name == "Textarea":
        return "textarea"
    return str(getattr(widget, "input_type", "") or name.lower())


@register.filter
def status_label(value: str) -> str:
    """A letter status code ("in_progress") as the public reads it ("办理中")."""
    from letters.choices import LetterStatus

    try:
        return str(LetterStatus(value).label)
    except ValueError:
        return ""


@register.filter
def public_status(letter: Any) -> str:
    """状态 of a published letter as the public sees it (knowledge_base.publication)."""
    return publication.public_status(letter)
