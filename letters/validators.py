"""The rules of what the public types: field limits, phone numbers, resident ID numbers,
names and web addresses, with their Chinese messages. The public API's serializers and
the portal's forms both call these, so a letter is judged alike on either path."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError

from core.formats import normalize_id_number, normalize_phone

# --- the rules of what the public types (API serializers and page forms both use them) ---

TITLE_MIN, TITLE_MAX = 4, 100
BODY_MIN, BODY_MAX = 10, 5000
NAME_MAX = 50
PHONE_MAX = 32
ID_NUMBER_MAX = 24
ADDRESS_MAX = 200
URL_MAX = 500

PHONE_INVALID = "格式不正确，请填写11位手机号码或带区号的固定电话（如0999-1234567）。"
ID_NUMBER_INVALID = "号码不正确，请核对18位居民身份证号码（含校验位）。"
NAME_MISSING = "请填写姓名。"
URL_INVALID = "请填写以 http:// 或 https:// 开头的网页地址。"
REQUEST_TOO_LARGE = "提交的内容过大，请压缩或减少附件后重试。"


def too_long(limit: int) -> str:
    """The message for a text over ``limit`` characters, naming the limit and (through the
    validator's ``show_value``) how many were typed. Forms and serializers show it after
    the field's label, so it does not repeat it. Nothing is ever cut to fit: browsers are
    given no ``maxlength`` for the letter's title and body (they would silently drop what
    is pasted beyond it), the server refuses with this message instead."""
    return f"不能超过{limit}个字，现有%(show_value)d个字，请删减后再提交。"


def clean_phone(raw: str) -> str:
    """The normalised phone number, or ``ValidationError`` with the Chinese reason."""
    phone = normalize_phone(raw)
    if phone is None:
        raise ValidationError(PHONE_INVALID)
    return phone


def clean_id_number(raw: str) -> str:
    """'' for no number, the normalised number, or ``ValidationError``."""
    if not raw.strip():
        return ""
    number = normalize_id_number(raw)
    if number is None:
        raise ValidationError(ID_NUMBER_INVALID)
    return number


def clean_name(raw: str) -> str:
    value = raw.strip()
    if not value:
        raise ValidationError(NAME_MISSING)
    return value


def clean_url(raw: str) -> str:
    if raw and not raw.lower().startswith(("http://", "https://")):
        raise ValidationError(URL_INVALID)
    return raw


def request_too_large(meta: Mapping[str, Any], limit: int) -> bool:
    """Whether a request announces a body over ``limit`` bytes (checked before reading it)."""
    try:
        length = int(meta.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    return length > limit
