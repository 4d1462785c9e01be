"""Personal-data detection and masking for published letters and replies (pure Python).

DESIGN.md §6: before a letter and its reply are published, personal data is masked.
:func:`detect` finds candidates, a reviewer confirms them on a page rendered with
:func:`highlight_html`, and :func:`redact` produces the public text.  The original text
is kept for audit and never shown publicly.

All matching runs on a *normalised* copy of the text in which every character maps to
exactly one character (full-width digits, letters and punctuation to ASCII, the
ideographic space to a space, dash variants to ``-``), so offsets in the normalised copy
are offsets in the original text.  :attr:`Hit.text` is always the original substring.

What is detected and how it is masked (the replacement never keeps more than four
consecutive digits of the value):

``id_number``
    18-digit resident ID numbers with a valid province code, birth date and ISO 7064
    MOD 11-2 check character (``X``/``x`` allowed), 15-digit IDs with a valid province
    code and birth date, spaces or dashes between the 6-4-4-4 / 6-8-4 groups.  Numbers
    of ID shape that fail these checks are masked only right after a cue such as
    身份证号 or 证件号.  ``11010519491231002X`` → ``1****************X`` (first and last
    character only).
``bank_card``
    16–19 digits, optionally in groups of four, that pass the Luhn check and start like
    a card (3, 4, 5, 6 or 9), or of that shape right after a cue such as 卡号 or 账号;
    never right after 订单号, 编号 and similar.  All but the last four digits are
    masked: ``6222 0212 3456 7890 128`` → ``***************0128``.
``phone``
    Mainland mobile numbers (``1[3-9]`` + 9 digits, optional ``+86``/``0086``/``86``,
    3-4-4 groups) → ``138****5678``; fixed lines with an area code (``0731-88886666``,
    ``(010)88886666``, extensions) → ``0731-******66``; 7–8-digit local numbers right
    after a cue such as 电话 → ``******66``.  400/800 service numbers are not personal
    and are never masked; neither is a fixed or local line in a clause that names an
    office or invites the reader to call (``请致电县教育局0731-…``, common in replies)
    unless the clause is about the writer (本人, 我的, 家里 ...).
``email``
    The local part is masked but its first character: ``zhang.san@example.com`` →
    ``z***@example.com``.
``plate``
    Licence plates (province abbreviation, issuing-office letter, five characters or
    six for new-energy plates, an optional ``·``): ``粤B·D12345`` → ``粤B*****5``.
``address``
    Only the part that identifies a dwelling is masked; the road or community name
    stays readable.  A house number after a road (路/街/大街/大道/巷/弄/胡同/村) and
    everything after it (号楼/栋/单元/楼/室 ...), a house number after a community
    (小区/花园/苑/公寓/家园 ...), and a building chain that reaches a unit or a room
    (``3栋2单元``, ``3栋501``, ``2单元102室``) have every number replaced by ``**``:
    ``人民路18号3栋2单元501室`` → ``人民路**号**栋**单元**室``.  A building or a
    building floor on its own (``8栋业主``, ``1栋四楼``) names a building or a shop
    rather than a household and is not masked; neither are road names, metro lines
    (3号线), document numbers (〔2026〕12号), dates or amounts.
``name``
    A 2–4 character name with a common surname after 我叫, 我是, 本人, 姓名 or 联系人,
    and the writer's own name (``writer_name``) anywhere, become ``X先生/女士``; the
    writer's surname with 先生/女士/老师/同志/师傅 becomes the same form.  For the
    writer (and the first-person cues) ``writer_gender`` ``"male"``/``"female"``
    selects 先生 or 女士.

Overlapping candidates are resolved by kind priority (id_number, bank_card, phone,
email, plate, address, name), then by length.  Anything inside a URL is left alone.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import NamedTuple

__all__ = [
    "KINDS",
    "Hit",
    "Redaction",
    "contains_personal_data",
    "detect",
    "highlight_html",
    "id_check_char",
    "luhn_valid",
    "redact",
]

KINDS = ("id_number", "bank_card", "phone", "email", "plate", "address", "name")
"""Hit kinds in priority order: on overlap, the earlier kind wins."""
_PRIORITY = {kind: rank for rank, kind in enumerate(KINDS)}


@dataclass(frozen=True)
class Hit:
    """One piece of personal data: ``text`` is ``original[start:end]``."""

    kind: str
    start: int
    end: int
    text: str
    replacement: str


@dataclass(frozen=True)
class Redaction:
    """The public text and the hits that were replaced to produce it."""

    text: str
    hits: list[Hit]


class _Candidate(NamedTuple):
    kind: str
    start: int
    end: int
    replacement: str


# --- normalisation ---------------------------------------------------------------


def _normalisation_table() -> dict[int, str]:
    table = {code: chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)}
    table[0x3000] = " "
    for dash in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63":
        table[ord(dash)] = "-"
    return table


_NORMALISE = _normalisation_table()


def _normalise(text: str) -> str:
    """Map full-width forms to ASCII, one character to one character."""
    return text.translate(_NORMALISE)


# --- shared pieces ------------------------------------------------------------------

# A number must not continue a longer token (digits, Latin letters, an e-mail address,
# a decimal fraction) nor be a quantity.
_NUM_BEFORE = r"(?<![0-9A-Za-z_@])(?<!\d\.)"
_NUM_AFTER = (
    r"(?![0-9A-Za-z_@])(?!\.\d)"
    r"(?!\s?(?:元|万|亿|块|角|美元|%|‰|平方|米|吨|公斤|千克|克|个|次|户|套|件|台|辆))"
)
_SEP = r"[ -]?"
_HAN = r"\u4e00-\u9fff"

_URL = re.compile(r"(?:https?://|www\.)[0-9A-Za-z\-._~:/?#\[\]@!$&'()*+,;=%]+", re.IGNORECASE)
_SERVICE_NUMBER = re.compile(rf"{_NUM_BEFORE}[48]00{_SEP}\d{{3}}{_SEP}\d{{4}}{_NUM_AFTER}")


_NOT_DIGIT = re.compile(r"[^0-9Xx]")


def _digits(value: str) -> str:
    """The digits (and an ID's X check character) of a number written with separators."""
    return _NOT_DIGIT.sub("", value).upper()


def _mask(value: str, keep_head: int, keep_tail: int) -> str:
    hidden = len(value) - keep_head - keep_tail
    return value[:keep_head] + "*" * hidden + value[len(value) - keep_tail :]


def _cue_before(pattern: re.Pattern[str], norm: str, start: int, window: int = 16) -> bool:
    return pattern.search(norm, max(0, start - window), start) is not None


# --- ID numbers ---------------------------------------------------------------------

_PROVINCE_CODES = frozenset(
    {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46}
    | {50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83}
)
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK_CHARS = "10X98765432"
_ID18 = re.compile(
    rf"{_NUM_BEFORE}\d{{6}}{_SEP}\d{{4}}{_SEP}\d{{4}}{_SEP}\d{{3}}[0-9Xx]{_NUM_AFTER}"
)
_ID15 = re.compile(rf"{_NUM_BEFORE}\d{{6}}{_SEP}\d{{6}}{_SEP}\d{{3}}{_NUM_AFTER}")
_ID_CUE = re.compile(r"(?:身份证|证件|身份号码|公民身份)[^0-9]{0,8}$")


def id_check_char(first17: str) -> str:
    """The ISO 7064 MOD 11-2 check character of the first 17 digits of an ID number."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK_CHARS[total % 11]


def _valid_birth_date(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return 1800 <= year <= 2099


def _is_valid_id(digits: str) -> bool:
    if int(digits[:2]) not in _PROVINCE_CODES:
        return False
    if len(digits) == 15:
        return _valid_birth_date(1900 + int(digits[6:8]), int(digits[8:10]), int(digits[10:12]))
    if not _valid_birth_date(int(digits[6:10]), int(digits[10:12]), int(digits[12:14])):
        return False
    return id_check_char(digits[:17]) == digits[17]


def _id_numbers(norm: str) -> Iterator[_Candidate]:
    for pattern in (_ID18, _ID15):
        for match in pattern.finditer(norm):
            digits = _digits(match.group())
            if _is_valid_id(digits) or _cue_before(_ID_CUE, norm, match.start()):
                yield _Candidate("id_number", match.start(), match.end(), _mask(digits, 1, 1))


# --- bank cards ---------------------------------------------------------------------

_CARD = re.compile(rf"{_NUM_BEFORE}\d{{4}}(?:{_SEP}\d{{4}}){{3}}(?:{_SEP}\d{{1,3}})?{_NUM_AFTER}")
_CARD_PREFIXES = ("3", "4", "5", "6", "9")
_CARD_CUE = re.compile(r"(?:卡号|银行卡|储蓄卡|信用卡|借记卡|账号|帐号|账户|帐户|存折)[^0-9]{0,8}$")
_NOT_CARD_CUE = re.compile(
    r"(?:订单|单号|编号|流水号|运单|快递|工单|批次|合同号|凭证号|发票)[^0-9]{0,8}$"
)


def luhn_valid(digits: str) -> bool:
    """Whether a digit string passes the Luhn check used by payment cards."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def _bank_cards(norm: str) -> Iterator[_Candidate]:
    for match in _CARD.finditer(norm):
        digits = _digits(match.group())
        if _cue_before(_CARD_CUE, norm, match.start()):
            is_card = True
        elif _cue_before(_NOT_CARD_CUE, norm, match.start()):
            is_card = False
        else:
            is_card = digits.startswith(_CARD_PREFIXES) and luhn_valid(digits)
        if is_card:
            yield _Candidate("bank_card", match.start(), match.end(), _mask(digits, 0, 4))


# --- phones -------------------------------------------------------------------------

_MOBILE = re.compile(
    rf"{_NUM_BEFORE}(?:(?:\+|00)?86{_SEP}|\(\+?86\)\s?)?"
    rf"(?P<number>1[3-9]\d{_SEP}\d{{4}}{_SEP}\d{{4}}){_NUM_AFTER}"
)
_FIXED = re.compile(
    rf"{_NUM_BEFORE}(?:\((?P<area1>0(?:10|2\d|[3-9]\d\d))\)|(?P<area2>0(?:10|2\d|[3-9]\d\d)))"
    rf"\s?-?\s?(?P<local>[2-9]\d{{2,3}}{_SEP}\d{{4}})"
    rf"(?:(?:-|转|分机|ext\.?)\s?(?P<ext>\d{{1,6}}))?{_NUM_AFTER}",
    re.IGNORECASE,
)
_LOCAL = re.compile(
    rf"(?:电话|手机|座机|固话|致电|拨打|联系方式|tel)[^0-9\n]{{0,6}}?"
    rf"{_NUM_BEFORE}(?P<local>[2-9]\d{{2,3}}{_SEP}\d{{4}}){_NUM_AFTER}",
    re.IGNORECASE,
)


# A fixed line in a clause that names an office or a public service, or invites the
# reader to call, is a published office number (replies are full of them), unless the
# clause is about the writer.
_OFFICIAL_CONTEXT = re.compile(
    r"(?:局|中心|办公室|政府|街道|社区|居委会|村委会|委员会|大队|支队|中队|派出所|车管所"
    r"|窗口|热线|服务|咨询|举报|投诉|监督|值班|办事处|医院|学校|公司|银行|营业厅|部门|单位"
    r"|[科股]|致电|拨打|拔打|详询|垂询|查询|来电)[^。!?;\n]*$"
)
_PRIVATE_CONTEXT = re.compile(
    r"(?:本人|(?<!自)我(?![局委办院司所队部们中单市县区镇乡街行校厅])|家里|家庭|住宅|住处"
    r"|私人|个人)[^。!?;\n]*$"
)
_CONTEXT_WINDOW = 30


def _is_official_line(norm: str, start: int) -> bool:
    if _cue_before(_PRIVATE_CONTEXT, norm, start, _CONTEXT_WINDOW):
        return False
    return _cue_before(_OFFICIAL_CONTEXT, norm, start, _CONTEXT_WINDOW)


def _phones(norm: str) -> Iterator[_Candidate]:
    for match in _MOBILE.finditer(norm):
        digits = _digits(match.group("number"))
        yield _Candidate("phone", match.start(), match.end(), _mask(digits, 3, 4))
    for match in _FIXED.finditer(norm):
        if _is_official_line(norm, match.start()):
            continue
        area = match.group("area1") or match.group("area2")
        replacement = f"{area}-{_mask(_digits(match.group('local')), 0, 2)}"
        if match.group("ext"):
            replacement += "-" + "*" * len(match.group("ext"))
        yield _Candidate("phone", match.start(), match.end(), replacement)
    for match in _LOCAL.finditer(norm):
        if _is_official_line(norm, match.start("local")):
            continue
        local = _digits(match.group("local"))
        yield _Candidate("phone", match.start("local"), match.end(), _mask(local, 0, 2))


# --- e-mail -------------------------------------------------------------------------

_EMAIL = re.compile(
    r"(?<![0-9A-Za-z._%+\-])(?P<local>[0-9A-Za-z][0-9A-Za-z._%+\-]*)"
    r"@(?P<domain>[0-9A-Za-z\-]+(?:\.[0-9A-Za-z\-]+)*\.[A-Za-z]{2,})(?![0-9A-Za-z])"
)


def _emails(norm: str) -> Iterator[_Candidate]:
    for match in _EMAIL.finditer(norm):
        replacement = f"{match.group('local')[0]}***@{match.group('domain')}"
        yield _Candidate("email", match.start(), match.end(), replacement)


# --- licence plates -----------------------------------------------------------------

_PLATE = re.compile(
    r"(?<![0-9A-Za-z])(?P<province>[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼])"
    r"(?P<office>[A-HJ-NP-Z])[·•・. -]?"
    r"(?P<serial>[A-HJ-NP-Z0-9]{5,6}|[A-HJ-NP-Z0-9]{4}[挂学警港澳])(?![0-9A-Za-z])",
    re.IGNORECASE,
)


def _plates(norm: str) -> Iterator[_Candidate]:
    for match in _PLATE.finditer(norm):
        serial = match.group("serial").upper()
        if sum(char.isdigit() for char in serial) < 2:
            continue
        if len(serial) == 6 and serial[0] not in "DF" and serial[-1] not in "DF":
            continue
        prefix = match.group("province") + match.group("office").upper()
        replacement = prefix + _mask(serial, 0, 1)
        yield _Candidate("plate", match.start(), match.end(), replacement)


# --- addresses ----------------------------------------------------------------------

_CN_NUMBER = "[一二三四五六七八九十两]+"
_PART = rf"(?:\d+|[A-Za-z]\d*|{_CN_NUMBER})"
_BUILDING = rf"{_PART}(?:号楼|栋|幢|座)"
_UNIT = rf"{_PART}单元"
_FLOOR = rf"{_PART}(?:楼|层)"
# A bare 3-4 digit number after a building or unit is a room, unless it counts something.
_ROOM_NUMBER = r"\d{3,4}(?:号房|号|室|房)?(?![0-9A-Za-z年月日元万米多余户套个人家])"
_ROOM = r"\d+(?:号房|室|房)"
_HOUSE = r"\d+(?:[-之]\d+)?号(?![栋线文令码])(?:附\d+号|院)?"
# Building, unit, floor and room after a house number; a bare number only as the room.
_TAIL = (
    rf"(?:(?:-?(?:{_BUILDING}|{_UNIT}|{_FLOOR}))+(?:-?(?:{_ROOM}|{_ROOM_NUMBER}))?"
    rf"|-?{_ROOM})?"
)
_ROAD_ADDRESS = re.compile(
    rf"[{_HAN}](?:大道|大街|胡同|路|街|巷|弄|村)"
    rf"(?:[东南西北中]段|[一二三四五六七八九十\d]+[段组])?"
    rf"(?P<number>{_HOUSE}{_TAIL})"
)
_COMMUNITY_ADDRESS = re.compile(
    r"(?:小区|花园|苑|公寓|家园|新村|山庄|别墅|大厦|公馆)"
    rf"(?P<number>\d+-\d+-\d+(?:室|房|号)?|\d+号(?![楼栋线文令码]){_TAIL})"
)
_DWELLING_ADDRESS = re.compile(
    rf"(?<![0-9A-Za-z])(?P<number>"
    rf"{_BUILDING}-?(?:{_UNIT}-?(?:{_FLOOR}-?)?(?:{_ROOM}|{_ROOM_NUMBER})?"
    rf"|(?:{_FLOOR}-?)?(?:{_ROOM}|{_ROOM_NUMBER}))"
    rf"|{_UNIT}-?(?:{_FLOOR}-?)?(?:{_ROOM}|{_ROOM_NUMBER})"
    r")"
)
_ADDRESS_NUMBER = re.compile(rf"\d+|[A-Za-z]\d*|{_CN_NUMBER}")


def _addresses(norm: str) -> Iterator[_Candidate]:
    for pattern in (_ROAD_ADDRESS, _COMMUNITY_ADDRESS, _DWELLING_ADDRESS):
        for match in pattern.finditer(norm):
            replacement = _ADDRESS_NUMBER.sub("**", match.group("number"))
            yield _Candidate("address", match.start("number"), match.end("number"), replacement)


# --- names --------------------------------------------------------------------------

_SINGLE_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余"
    "杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙"
    "史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳"
    "翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路"
    "游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫"
    "费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩"
)
_COMPOUND_SURNAMES = (
    "欧阳",
    "司马",
    "诸葛",
    "上官",
    "东方",
    "皇甫",
    "尉迟",
    "公孙",
    "慕容",
    "长孙",
    "宇文",
    "司徒",
    "司空",
    "夏侯",
    "令狐",
    "端木",
    "独孤",
    "南宫",
    "西门",
    "呼延",
    "轩辕",
    "澹台",
    "钟离",
    "闻人",
    "赫连",
    "申屠",
    "太史",
    "濮阳",
    "拓跋",
)
_SURNAME = "|".join(_COMPOUND_SURNAMES) + f"|[{_SINGLE_SURNAMES}]"
# Characters that hardly ever occur in a given name but often right after one.
_NOT_IN_GIVEN_NAME = frozenset(
    "的是在住系今年现从与因来反请想要已也就都这那我你他她们对把被给让说问了着过等将并而及或个"
    "其无没不又再还才只所以到去里内外前后省市区县镇乡村路街号楼栋室身电手联男女"
)
_HONORIFICS = ("先生/女士", "先生", "女士", "老师", "同志", "师傅")
_FIRST_PERSON_CUES = frozenset({"我叫", "我是", "本人"})
# 我是 and 本人 are followed by many things other than a name (我是高中生, 查看本人成绩):
# after them a name must start a clause, be followed by one of _WEAK_NAME_END and must
# not end like a role or an organisation.
_WEAK_CUES = frozenset({"我是", "本人"})
_CLAUSE_START = frozenset(",.;:!?()。、“”我")
_ORGANISATION_SUFFIXES = frozenset("镇乡村区县市省局院校厂所站队办部科处委会司街路")
_ROLE_ENDINGS = _ORGANISATION_SUFFIXES | frozenset("生员工民长师主户者人族方商属")
_NAME_CUE = re.compile(
    rf"(?P<cue>我叫|我是|本人|姓名|联系人)(?:[:\s]|是|为)*"
    rf"(?P<surname>{_SURNAME})(?P<given>[{_HAN}]{{1,2}})"
)
_NAME_END = re.compile(
    r"$|[,.;:!?()\s。、“”‘’「」《》]|[男女系住是在向和与为于从来对因今现已也就都]"
    r"|身份证|电话|手机|联系|年龄|出生"
)
_WEAK_NAME_END = re.compile(
    r"$|[,.;:!?()\s。、“”‘’「」《》]|[男女系]|家住|住在|现住|今年|现年|身份证|电话|手机|联系|年龄|出生"
)
_MIN_WRITER_NAME = 2
_HAN_CHAR = re.compile(f"[{_HAN}]")


def _surname_of(name: str) -> str:
    if name.startswith(_COMPOUND_SURNAMES):
        return name[:2]
    return name[0] if _HAN_CHAR.match(name) else ""


@lru_cache(maxsize=256)
def _surname_forms(surname: str) -> re.Pattern[str]:
    """``surname`` followed by an honorific; 先生/女士 is tried before 先生."""
    honorifics = "|".join(re.escape(honorific) for honorific in _HONORIFICS)
    return re.compile(f"{re.escape(surname)}(?:{honorifics})")


def _honorific(gender: str | None) -> str:
    return {"male": "先生", "female": "女士"}.get(gender or "", "先生/女士")


def _given_name_length(norm: str, match: re.Match[str]) -> int:
    """How many characters of the cue match's ``given`` group are a given name (0: none)."""
    weak = match.group("cue") in _WEAK_CUES
    before = norm[match.start() - 1 : match.start()]
    if weak and before and not before.isspace() and before not in _CLAUSE_START:
        return 0
    if norm.startswith(_HONORIFICS, match.end("surname")):
        return 0
    given = match.group("given")
    for index, char in enumerate(given):
        if char in _NOT_IN_GIVEN_NAME:
            given = given[:index]
            break
    after = match.end("surname")
    end = _WEAK_NAME_END if weak else _NAME_END
    ended = [n for n in range(len(given), 0, -1) if end.match(norm, after + n)]
    if weak:
        ended = [n for n in ended if given[n - 1] not in _ROLE_ENDINGS]
    length = ended[0] if ended else 0 if weak else len(given)
    if norm[after + length : after + length + 1] in _ORGANISATION_SUFFIXES:
        return 0
    return length


def _cue_names(
    norm: str, writer_name: str | None, writer_gender: str | None
) -> Iterator[_Candidate]:
    for match in _NAME_CUE.finditer(norm):
        length = _given_name_length(norm, match)
        if not length:
            continue
        surname, start = match.group("surname"), match.start("surname")
        name = norm[start : match.end("surname") + length]
        is_writer = match.group("cue") in _FIRST_PERSON_CUES or name == writer_name
        gender = writer_gender if is_writer else None
        yield _Candidate("name", start, start + len(name), surname + _honorific(gender))


def _writer_names(norm: str, writer_name: str, writer_gender: str | None) -> Iterator[_Candidate]:
    surname = _surname_of(writer_name)
    replacement = surname + _honorific(writer_gender)
    start = norm.find(writer_name)
    while start >= 0:
        yield _Candidate("name", start, start + len(writer_name), replacement)
        start = norm.find(writer_name, start + len(writer_name))
    if not surname:
        return
    for match in _surname_forms(surname).finditer(norm):
        if match.group() != replacement:
            yield _Candidate("name", match.start(), match.end(), replacement)


def _names(norm: str, writer_name: str | None, writer_gender: str | None) -> Iterator[_Candidate]:
    writer = _normalise(writer_name).strip() if writer_name else ""
    yield from _cue_names(norm, writer or None, writer_gender)
    if len(writer) >= _MIN_WRITER_NAME:
        yield from _writer_names(norm, writer, writer_gender)


# --- public API ---------------------------------------------------------------------


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < other_end and other_start < end for other_start, other_end in spans)


def detect(
    text: str, *, writer_name: str | None = None, writer_gender: str | None = None
) -> list[Hit]:
    """Personal data in ``text``: non-overlapping hits sorted by start offset.

    ``writer_name`` is the letter writer's own name, masked wherever it occurs;
    ``writer_gender`` (``"male"``/``"female"``) chooses 先生 or 女士 for the writer.
    """
    norm = _normalise(text)
    taken = [
        match.span() for pattern in (_URL, _SERVICE_NUMBER) for match in pattern.finditer(norm)
    ]
    candidates = [
        *_id_numbers(norm),
        *_bank_cards(norm),
        *_phones(norm),
        *_emails(norm),
        *_plates(norm),
        *_addresses(norm),
        *_names(norm, writer_name, writer_gender),
    ]
    candidates.sort(key=lambda c: (_PRIORITY[c.kind], c.start - c.end, c.start))
    hits: list[Hit] = []
    for candidate in candidates:
        if _overlaps(candidate.start, candidate.end, taken):
            continue
        taken.append((candidate.start, candidate.end))
        hits.append(
            Hit(
                candidate.kind,
                candidate.start,
                candidate.end,
                text[candidate.start : candidate.end],
                candidate.replacement,
            )
        )
    hits.sort(key=lambda hit: hit.start)
    return hits


def redact(
    text: str, *, writer_name: str | None = None, writer_gender: str | None = None
) -> Redaction:
    """The public version of ``text`` with every detected hit replaced."""
    hits = detect(text, writer_name=writer_name, writer_gender=writer_gender)
    parts: list[str] = []
    position = 0
    for hit in hits:
        parts += [text[position : hit.start], hit.replacement]
        position = hit.end
    parts.append(text[position:])
    return Redaction("".join(parts), hits)


def highlight_html(text: str, hits: list[Hit]) -> str:
    """``text`` HTML-escaped, with each hit wrapped in a ``<mark>`` for the reviewer.

    Raises ``ValueError`` if hits overlap or fall outside the text.
    """
    parts: list[str] = []
    position = 0
    for hit in sorted(hits, key=lambda hit: hit.start):
        if hit.start < position or hit.end > len(text) or hit.start > hit.end:
            raise ValueError(f"hit {hit.start}-{hit.end} overlaps another or is out of range")
        kind = html.escape(hit.kind)
        parts += [
            html.escape(text[position : hit.start]),
            f'<mark class="pii pii-{kind}" data-kind="{kind}">',
            html.escape(text[hit.start : hit.end]),
            "</mark>",
        ]
        position = hit.end
    parts.append(html.escape(text[position:]))
    return "".join(parts)


def contains_personal_data(text: str, *, writer_name: str | None = None) -> bool:
    """Whether :func:`detect` finds anything in ``text``."""
    return bool(detect(text, writer_name=writer_name))
