"""Values the desk already knows about the writer (phone, e-mail, ID number, address).

Each value is found wherever it occurs, in any written form: digits may be full-width
and split by spaces, dashes, dots or brackets (``0731-8888 6666``, ``(0731)88886666``,
``１３８.１２３４.５６７８``), letters in any case, an address with spaces, without its
leading province/city/district, or with its numbers in full-width digits.  The kind is
guessed from the value's shape and the replacement is that kind's usual mask.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import lru_cache

from .normalise import HAN, Candidate, mask, normalise
from .surnames import COMPOUND_SURNAMES

__all__ = ["guess_kind", "known_values"]

_DIGIT_JOIN = r"[ \-.()]{0,3}"
_SEPARATORS = re.compile(r"[\s\-.()+]")
_MOBILE = re.compile(r"(?:0086|86)?(1[3-9][0-9]{9})")
_FIXED = re.compile(r"(0(?:10|2[0-9]|[3-9][0-9]{2}))([2-9][0-9]{6,7})")
_ID = re.compile(r"[0-9]{17}[0-9X]|[0-9]{15}")
_ADMIN_PREFIX = re.compile(
    rf"^[{HAN}A-Za-z0-9]{{1,12}}?(?:自治区|特别行政区|省|自治州|地区|市|盟|区|县|旗|镇|乡|街道|办事处)"
)
_NAME = re.compile(rf"[{HAN}]{{2,4}}")
_MIN_DIGITS = 5
# The numbers of an address (and a building letter: B2栋, A座), not the letters of A市.
_ADDRESS_NUMBER = re.compile(
    r"[A-Za-z]?[0-9]+|[A-Za-z](?=栋|座|幢|单元)"
    r"|[一二三四五六七八九十两]+(?=号|栋|幢|座|单元|楼|层|室|组)"
)


def guess_kind(value: str) -> str | None:
    """``phone``, ``email``, ``id_number``, ``bank_card``, ``address`` or ``name``."""
    norm = normalise(value).strip()
    if not norm:
        return None
    if "@" in norm:
        return "email"
    compact = _SEPARATORS.sub("", norm).upper()
    if compact.isdigit() or (compact[:-1].isdigit() and compact.endswith("X")):
        if _ID.fullmatch(compact) and not _MOBILE.fullmatch(compact):
            return "id_number"
        if 16 <= len(compact) <= 19:
            return "bank_card"
        return "phone" if len(compact) >= _MIN_DIGITS else None
    if not any(char.isdigit() for char in norm) and _NAME.fullmatch(norm):
        return "name"
    return "address" if len(norm) >= 4 else None


def _digits_pattern(digits: str) -> str:
    return _DIGIT_JOIN.join("[Xx]" if char == "X" else char for char in digits)


@lru_cache(maxsize=512)
def _compiled(value: str) -> tuple[str, re.Pattern[str], str] | None:
    """(kind, pattern over normalised text, replacement) for one known value."""
    kind = guess_kind(value)
    norm = normalise(value).strip()
    if kind is None:
        return None
    if kind == "email":
        local, _, domain = (part.strip() for part in norm.partition("@"))
        pattern = (
            rf"(?<![0-9A-Za-z._%+\-]){re.escape(local)} ?@ ?{re.escape(domain)}(?![0-9A-Za-z])"
        )
        return kind, re.compile(pattern, re.IGNORECASE), f"{local[:1]}***@{domain.lower()}"
    if kind == "name":
        surname = norm[:2] if norm.startswith(COMPOUND_SURNAMES) else norm[0]
        pattern = " ?".join(re.escape(char) for char in norm)
        return kind, re.compile(pattern), surname + "先生/女士"
    if kind == "address":
        return kind, re.compile(_address_pattern(norm)), ""
    compact = _SEPARATORS.sub("", norm).upper()
    alternatives = [compact]
    if kind == "id_number":
        replacement = mask(compact, 1, 1)
    elif kind == "bank_card":
        replacement = mask(compact, 0, 4)
    elif (mobile := _MOBILE.fullmatch(compact)) is not None:
        alternatives = [mobile.group(1)]
        replacement = mask(mobile.group(1), 3, 4)
    elif (fixed := _FIXED.fullmatch(compact)) is not None:
        alternatives = [compact, fixed.group(2)]  # also the local number on its own
        replacement = f"{fixed.group(1)}-{mask(fixed.group(2), 0, 2)}"
    else:
        replacement = mask(compact, 0, 2)
    body = "|".join(_digits_pattern(digits) for digits in alternatives)
    return kind, re.compile(rf"(?<![0-9])(?:{body})(?![0-9])"), replacement


def _address_pattern(norm: str) -> str:
    """The address with any of its leading divisions left out, spaces allowed."""
    rest = re.sub(r"\s+", "", norm)
    divisions: list[str] = []
    while (prefix := _ADMIN_PREFIX.match(rest)) is not None and prefix.end() < len(rest):
        divisions.append(prefix.group())
        rest = rest[prefix.end() :]
    if not any(char.isdigit() for char in rest) or len(rest) < 4:
        divisions, rest = [], re.sub(r"\s+", "", norm)

    def spaced(text: str) -> str:
        return " ?".join(re.escape(char) for char in text)

    optional = "".join(f"(?:{spaced(division)} ?)?" for division in divisions)
    return optional + spaced(rest)


def known_values(norm: str, values: Sequence[str]) -> Iterator[Candidate]:
    """Every occurrence of every known value, with its kind and mask."""
    for value in values:
        compiled = _compiled(value) if value else None
        if compiled is None:
            continue
        kind, pattern, replacement = compiled
        for match in pattern.finditer(norm):
            if kind == "address":
                replacement = _ADDRESS_NUMBER.sub("**", match.group())
            yield Candidate(kind, match.start(), match.end(), replacement)
