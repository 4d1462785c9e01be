"""Formats of personal numbers: mainland phone numbers and resident ID numbers (with
the ISO 7064 MOD 11-2 check digit). Used to validate what the public types
(``letters.validators``) and to hash values for exact lookups (``core.pii``)."""

from __future__ import annotations

import re
from datetime import date

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
