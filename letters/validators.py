"""The rules of what the public types: field limits, phone numbers, resident ID numbers,
names and web addresses, with their Chinese messages. The public API's serializers and
the portal's forms both call these, so a letter is judged alike on either path."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_FIXED = re.compile(r"^0\d{2,3}\d{7,8}$")
_ID18 = re.compile(r"^\d{17}[\dX]$")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_FULL_WIDTH = str.maketrans("０１２３４５６７８９Ｘｘ－＋（）　", "0123456789XX-+() ")


def normalize_phone(raw: str) -> str | None:
    """Return the digits of a mainland mobile or fixed-line number, or None if invalid.

    Accepts spaces, dashes, parentheses, full-width digits and a +86/86 prefix.
    Fixed lines keep a dash after the area code (0999-1234567).
    """
    text = raw.translate(_FULL_WIDTH)
    digits = re.sub(r"[\s\-()]", "", text)
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    if _MOBILE.match(digits):
        return digits
    if _FIXED.match(digits):
        area_len = 3 if digits[1] in "12" else 4
        return f"{digits[:area_len]}-{digits[area_len:]}"
    return None


def id_check_digit(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def normalize_id_number(raw: str) -> str | None:
    """Return an 18-digit resident ID number (upper-case X) if valid, else None.

    Checks the ISO 7064 MOD 11-2 check digit and that the birth date exists.
    """
    text = re.sub(r"[\s\-]", "", raw.translate(_FULL_WIDTH)).upper()
    if not _ID18.match(text):
        return None
    if id_check_digit(text[:17]) != text[17]:
        return None
    try:
        born = date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        return None
    if born.year < 1900:
        return None
    return text


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
