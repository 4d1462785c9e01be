"""Numbers: ID numbers, bank cards, mobiles and fixed lines, QQ numbers.

The text is cut into *digit chains*: runs of digit groups joined by one or two spaces, a
dash or a dot (``138 1234 5678``, ``1385 932 9705``, ``137.1245.3893``,
``110105-19491231-002X``).  Every run of consecutive groups of a chain is tried, longest
first from the left, against the shapes below; a run may end inside a chain only at a
space (``13812345678 2019年`` keeps its phone, ``13812345678.5元`` and ``12.13812345678``
are one number each and no phone).

A chain must not continue a longer token: a Latin letter right before it is allowed only
when the letters are a contact prefix (``tel``, ``vx``, ``QQ`` ...: ``tel13812345678``),
never for a user name (``a13812345678``); a letter, ``@`` or ``_`` right after it, or a
quantity word (元, 万, 米 ...), rules it out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from .normalise import Candidate, cue_before, is_official, mask

__all__ = ["find_numbers", "id_check_char", "is_valid_id", "luhn_valid"]

_SEP = r"(?: {1,2}| ?[-.] ?)"
_CHAIN = re.compile(rf"[0-9]+(?:{_SEP}[0-9]+)*[Xx]?")
_GROUP = re.compile(r"[0-9]+")
_LETTERS_BEFORE = re.compile(r"[A-Za-z]+$")
# Letters that may be glued to a number because they announce it.
_PREFIXES = frozenset(
    {
        "tel",
        "tele",
        "phone",
        "mobile",
        "mob",
        "cell",
        "call",
        "dh",
        "sj",
        "lxdh",
        "lxfs",
        "vx",
        "wx",
        "v",
        "wechat",
        "weixin",
        "qq",
        "id",
        "sfz",
        "no",
    }
)
_QUANTITY_AFTER = re.compile(
    r" ?(?:元|万|亿|块|角|美元|%|‰|平方|米|吨|公斤|千克|克|个|次|户|套|件|台|辆|岁|年|月|日|号线|路公交)"
)
_PLUS_86_BEFORE = re.compile(r"(?:\(\+?(?:00)?86\) ?|\+)$")
_AREA_IN_PARENS_BEFORE = re.compile(r"\((?P<area>0(?:10|2[0-9]|[3-9][0-9]{2}))\) ?$")
_EXTENSION_AFTER = re.compile(r" ?(?:转|分机|ext\.?) ?(?P<ext>[0-9]{1,6})(?![0-9])", re.IGNORECASE)

_ID_CUE = re.compile(r"(?:身份证|证件|身份号码|公民身份|sfz)[^0-9]{0,8}$", re.IGNORECASE)
_CARD_CUE = re.compile(r"(?:卡号|银行卡|储蓄卡|信用卡|借记卡|账号|帐号|账户|帐户|存折)[^0-9]{0,8}$")
_NOT_CARD_CUE = re.compile(
    r"(?:订单|单号|编号|流水号|运单|快递|工单|批次|合同号|凭证号|发票)[^0-9]{0,8}$"
)
_PHONE_CUE = re.compile(
    r"(?:电话|手机|座机|固话|致电|拨打|联系方式|号码|tel|phone)[^0-9\n]{0,6}$", re.IGNORECASE
)
_QQ_CUE = re.compile(
    r"(?:q ?q|扣扣|企鹅号)(?:号码|号|账号|帐号)?(?![群])[^0-9A-Za-z\n群]{0,5}$", re.IGNORECASE
)
_WECHAT_CUE = re.compile(
    r"(?:微信|威信|薇信|v信|wechat|weixin|vx|wx)(?:号码|号|账号|帐号|id)?"
    r"[^0-9A-Za-z\n]{0,5}$",
    re.IGNORECASE,
)
_MOBILE = re.compile(r"(?:0086|86)?(?P<number>1[3-9][0-9]{9})")
_FIXED = re.compile(r"(?P<area>0(?:10|2[0-9]|[3-9][0-9]{2}))(?P<local>[2-9][0-9]{6,7})")
_LOCAL = re.compile(r"[2-9][0-9]{6,7}")
_SERVICE = re.compile(r"[48]00[0-9]{7}")
_MIN_DIGITS = 5  # the shortest QQ number
_MAX_DIGITS = 22

# --- check characters ----------------------------------------------------------------

_PROVINCE_CODES = frozenset(
    {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46}
    | {50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83}
)
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK_CHARS = "10X98765432"
_CARD_PREFIXES = ("3", "4", "5", "6", "9")


def id_check_char(first17: str) -> str:
    """The ISO 7064 MOD 11-2 check character of the first 17 digits of an ID number."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK_CHARS[total % 11]


def luhn_valid(digits: str) -> bool:
    """Whether a digit string passes the Luhn check used by payment cards."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def _valid_birth_date(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return 1800 <= year <= 2099


def is_valid_id(digits: str) -> bool:
    """Province code, birth date and (for 18 characters) the check character of an ID."""
    if len(digits) not in (15, 18) or not digits[:17].isdigit():
        return False
    if int(digits[:2]) not in _PROVINCE_CODES:
        return False
    if len(digits) == 15:
        return digits.isdigit() and _valid_birth_date(
            1900 + int(digits[6:8]), int(digits[8:10]), int(digits[10:12])
        )
    if not _valid_birth_date(int(digits[6:10]), int(digits[10:12]), int(digits[12:14])):
        return False
    return id_check_char(digits[:17]) == digits[17]


# --- classification ------------------------------------------------------------------


def _id_or_card(norm: str, start: int, digits: str) -> Candidate | None:
    if len(digits) in (15, 18) and (is_valid_id(digits) or cue_before(_ID_CUE, norm, start)):
        return Candidate("id_number", start, start, mask(digits, 1, 1))
    if 16 <= len(digits) <= 19 and digits.isdigit():
        if cue_before(_CARD_CUE, norm, start):
            is_card = True
        elif cue_before(_NOT_CARD_CUE, norm, start):
            is_card = False
        else:
            is_card = digits.startswith(_CARD_PREFIXES) and luhn_valid(digits)
        if is_card:
            return Candidate("bank_card", start, start, mask(digits, 0, 4))
    return None


def _phone(norm: str, start: int, digits: str, end: int) -> Candidate | None:
    if (match := _MOBILE.fullmatch(digits)) is not None:
        return Candidate("phone", start, start, mask(match.group("number"), 3, 4))
    if (match := _FIXED.fullmatch(digits)) is not None:
        if _SERVICE.fullmatch(digits) or is_official(norm, start, end):
            return None
        local = mask(match.group("local"), 0, 2)
        return Candidate("phone", start, start, f"{match.group('area')}-{local}")
    if (
        _LOCAL.fullmatch(digits)
        and cue_before(_PHONE_CUE, norm, start)
        and not is_official(norm, start, end)
    ):
        return Candidate("phone", start, start, mask(digits, 0, 2))
    return None


def _classify(norm: str, start: int, digits: str, end: int) -> Candidate | None:
    """The kind of a number of ``digits`` written from ``start`` to ``end``."""
    if (
        5 <= len(digits) <= 11
        and digits[0] != "0"
        and digits.isdigit()
        and cue_before(_QQ_CUE, norm, start, 12)
    ):
        return Candidate("qq", start, start, mask(digits, 1, 1))
    found = _id_or_card(norm, start, digits)
    if found is None and digits.isdigit():
        found = _phone(norm, start, digits, end)
        if found is None and 5 <= len(digits) <= 11 and cue_before(_WECHAT_CUE, norm, start, 12):
            found = Candidate("wechat", start, start, mask(digits, 1, 1))
    return found


def _prefix_ok(norm: str, start: int) -> bool:
    """Whether the character before a chain lets it start a number there."""
    if start == 0:
        return True
    before = norm[start - 1]
    if before in "@_":
        return False
    if before.isascii() and before.isalpha():
        letters = _LETTERS_BEFORE.search(norm, max(0, start - 8), start)
        return letters is not None and letters.group().lower() in _PREFIXES
    return True


def _suffix_ok(norm: str, end: int) -> bool:
    """Whether the text after a number lets it end there."""
    if end >= len(norm):
        return True
    after = norm[end]
    if after in "@_" or (after.isascii() and after.isalnum()):
        return False
    return _QUANTITY_AFTER.match(norm, end) is None


def _is_mobile(candidate: Candidate) -> bool:
    return candidate.kind == "phone" and candidate.replacement[:1] == "1"


def _extended(norm: str, found: Candidate, start: int, end: int) -> Candidate:
    """``found`` spanning ``start``-``end``, taking in a ``+86``/``(+86)`` before a mobile
    and an extension (``转123``) after a fixed line."""
    replacement = found.replacement
    if _is_mobile(found) and (plus := _PLUS_86_BEFORE.search(norm, max(0, start - 8), start)):
        start = plus.start()
    elif found.kind == "phone" and (ext := _EXTENSION_AFTER.match(norm, end)) is not None:
        replacement += "-" + "*" * len(ext.group("ext"))
        end = ext.end()
    return Candidate(found.kind, start, end, replacement)


def _local_in_parens(norm: str, start: int, end: int, digits: str) -> Candidate | None:
    """A local number right after an area code in brackets: ``(010)88886666``."""
    area = _AREA_IN_PARENS_BEFORE.search(norm, max(0, start - 8), start)
    if area is None or not _LOCAL.fullmatch(digits) or is_official(norm, area.start(), end):
        return None
    replacement = f"{area.group('area')}-{mask(digits, 0, 2)}"
    return _extended(norm, Candidate("phone", area.start(), end, replacement), area.start(), end)


def find_numbers(norm: str) -> Iterator[Candidate]:
    """ID numbers, bank cards, phones and QQ numbers (and digit-only WeChat ids)."""
    for chain in _CHAIN.finditer(norm):
        if _prefix_ok(norm, chain.start()):
            yield from _Chain(norm, chain).numbers()


class _Chain:
    """The digit groups of one chain and the joins between them."""

    def __init__(self, norm: str, chain: re.Match[str]) -> None:
        self.norm = norm
        offset = chain.start()
        self.groups = [
            (m.start() + offset, m.end() + offset, m.group())
            for m in _GROUP.finditer(chain.group())
        ]
        self.check_x = chain.group()[-1] in "Xx"
        # A number may start or end inside a chain only at a join of spaces.
        joins = [
            norm[self.groups[n][1] : self.groups[n + 1][0]] for n in range(len(self.groups) - 1)
        ]
        self.space_join = [join.strip() == "" for join in joins]
        self.dash_join = [join.strip() == "-" for join in joins]

    def numbers(self) -> Iterator[Candidate]:
        first = 0
        while first < len(self.groups):
            found = None
            if first == 0 or self.space_join[first - 1]:
                found = self._longest_from(first)
            if found is None:
                first += 1
                continue
            candidate, last = found
            yield candidate
            first = last + 1

    def _longest_from(self, first: int) -> tuple[Candidate, int] | None:
        norm, groups = self.norm, self.groups
        start = groups[first][0]
        lasts: list[int] = []
        length = 0
        for last in range(first, len(groups)):
            length += len(groups[last][2])
            if length > _MAX_DIGITS:
                break
            lasts.append(last)
        final = len(groups) - 1
        for last in reversed(lasts):
            digits = "".join(group[2] for group in groups[first : last + 1])
            if len(digits) < _MIN_DIGITS:
                break
            end = groups[last][1]
            if last == final and self.check_x:
                found = _classify(norm, start, digits + "X", end + 1)
                if found is not None and found.kind == "id_number" and _suffix_ok(norm, end + 1):
                    return _extended(norm, found, start, end + 1), last
                continue
            if last < final and not self.space_join[last]:
                if (found := self._with_dash_extension(first, last, digits)) is not None:
                    return found, final
                continue
            if not _suffix_ok(norm, end):
                continue
            if first == 0 and (parens := _local_in_parens(norm, start, end, digits)):
                return parens, last
            if (found := _classify(norm, start, digits, end)) is not None:
                return _extended(norm, found, start, end), last
        return None

    def _with_dash_extension(self, first: int, last: int, digits: str) -> Candidate | None:
        """A fixed line followed by ``-`` and a final group of up to six digits (its
        extension): ``0731-88886666-8001``."""
        groups, final = self.groups, len(self.groups) - 1
        if last + 1 != final or not self.dash_join[last] or self.check_x:
            return None
        extension = groups[final][2]
        if len(extension) > 6 or not _suffix_ok(self.norm, groups[final][1]):
            return None
        found = _classify(self.norm, groups[first][0], digits, groups[final][1])
        if found is None or found.kind != "phone" or _is_mobile(found):
            return None
        replacement = found.replacement + "-" + "*" * len(extension)
        return Candidate("phone", found.start, groups[final][1], replacement)
