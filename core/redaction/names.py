"""Person names: the writer's own name anywhere, and third parties' names.

All names become ``X先生/女士`` (``writer_gender`` picks 先生 or 女士 for the writer; a
先生/女士/小姐 right after a third party's name is taken into the hit).  The detector
finds nothing in its own output, so a masked text passes the publication gate.

- The writer's name (``writer_name``) anywhere, also with spaces between its
  characters, and the writer's surname with 老师/同志/师傅 (X先生 and X女士 are the
  masked forms themselves).
- A name after 我叫, 我是, 本人, 姓名 or 联系人 (the first-person cues give the writer's
  gender).
- A third party: a surname (single or compound) and one or two given-name characters,
  or a placeholder (``王某``, ``王某某``, ``吴某敏``, ``王XX``), right after a role or
  relation (邻居, 物业经理, 业主, 房东, 村支书, 名叫 ...) or right before a title or an
  honorific (先生, 女士, 经理, 师傅, 老师, 等人, 一家 ...).  ``王某某`` and ``吴某敏``
  need no cue.
- A third party with no such cue, next to a word that only people do (``张三说``,
  ``和周涛一起``, ``找到了刘红梅``) when it is made of a common surname and common
  given-name characters.

Every candidate is checked against jieba's dictionary: the name must be a unit of the
clause's segmentation (``高度重视`` after 书记 is no name, nor ``车间`` before 主任) and
must not be an everyday word; a dictionary word counts as a name only when jieba tags it
``nr`` (person name) and it is rare.  jieba is imported on first use.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Any

from .normalise import HAN, Candidate, normalise
from .surnames import (
    COMMON_SINGLE_SURNAMES,
    COMPOUND_SURNAMES,
    GIVEN_NAME_CHARS,
    RARE_SINGLE_SURNAMES,
    SINGLE_SURNAMES,
)

__all__ = ["find_names", "honorific"]

_HAN_CHAR = re.compile(f"[{HAN}]")
# A dictionary word this frequent is a word rather than part of an odd given name.
_WORD_FREQ = 100
# jieba tags many everyday words nr (文明, 盖章, 周转): a word it tags nr counts as a
# person's name only when it is rarer than this; with a common surname (李强, 陈云) a
# cue makes a more frequent one a name too.
_NAME_FREQ = 100
_COMMON_NAME_FREQ = 1000
_CLAUSE_END = re.compile(r"[,.;:!?()\[\]\"'<>\s。，、；：！？（）【】《》“”‘’「」…]")

# --- jieba ---------------------------------------------------------------------------


class _Lexicon:
    """jieba's word frequencies, part-of-speech tags and dictionary segmentation."""

    def __init__(self) -> None:
        import jieba
        import jieba.posseg

        jieba.setLogLevel(logging.WARNING)
        jieba.dt.check_initialized()
        self.freq: dict[str, int] = jieba.dt.FREQ
        self.tags: dict[str, str] = jieba.posseg.dt.word_tag_tab
        self._cut: Callable[..., Any] = jieba.dt.cut

    def cut(self, text: str) -> list[str]:
        return list(self._cut(text, HMM=False))

    def is_word(self, text: str) -> bool:
        return self.freq.get(text, 0) > 0

    def everyday_word(self, text: str, rare: int) -> bool:
        """A dictionary word that is not a rare person name (``nr`` below ``rare``)."""
        freq = self.freq.get(text, 0)
        if freq <= 0:
            return False
        return not self.tags.get(text, "").startswith("nr") or freq >= rare


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    return _Lexicon()


# --- vocabulary ------------------------------------------------------------------------

_SURNAME = re.compile("|".join(COMPOUND_SURNAMES) + f"|[{SINGLE_SURNAMES}{RARE_SINGLE_SURNAMES}]")
_COMMON_SURNAMES = frozenset(COMMON_SINGLE_SURNAMES) | frozenset(COMPOUND_SURNAMES)
_RARE_SURNAMES = frozenset(RARE_SINGLE_SURNAMES)
# Characters that hardly ever occur in a given name but often right after one.
_NOT_IN_GIVEN_NAME = frozenset(
    "的是在住系今年现从与因来反请想要已也就都这那我你他她们对把被给让说问了着过等将并而及或个"
    "其无没不又再还才只所以到去里内外前后省市区县镇乡村路街号楼栋室身电手联男女"
)
# ... nor at the end of one (王伟和李四, 张三家, 刘某某先生).
_NOT_LAST_IN_NAME = _NOT_IN_GIVEN_NAME | frozenset(
    "家姓氏等一二两几多和跟向于为叫讲称告找打骂收拿先士经理任书记师傅总副该此各某每些"
    "啥吗呢吧啊呀哦哈嘛么之乎者矣焉"
)
# A common surname that is also a common verb (任组长): only with given-name characters.
_WORDY_SURNAMES = frozenset("任")
# Surnames that are also prepositions: 向某某反映 names nobody.
_FUNCTION_SURNAMES = frozenset("向于和由从对将把被给为与跟同在")
_PLACEHOLDER_STARTS = frozenset("某Xx×*")
_MASKED = "先生/女士"  # what a name of unknown gender becomes; never in a letter itself
_SINGLE_SURNAME_CHARS = frozenset(SINGLE_SURNAMES + RARE_SINGLE_SURNAMES)
_PLACEHOLDER = re.compile(rf"某某|某(?P<given>[{HAN}])?|[Xx×*]{{1,3}}")

_ROLES = (
    "邻居|邻里|室友|同事|朋友|同学|丈夫|老公|妻子|老婆|爱人|儿子|女儿|父亲|母亲|爸爸|妈妈"
    "|哥哥|姐姐|弟弟|妹妹|爷爷|奶奶|外婆|外公|舅舅|叔叔|阿姨|姑姑|伯伯|亲戚|孩子|小孩|学生"
    "|男友|女友|男朋友|女朋友|前夫|前妻|女婿|儿媳|媳妇|岳父|岳母|公公|婆婆|孙子|孙女|侄子"
    "|外甥|表哥|表姐|表弟|表妹|堂哥|堂弟|家长|患者|病人|租户|房东|房客|业主|住户|户主|村民"
    "|居民|工人|员工|职工|职员|学员|雇主|司机|驾驶员|车主|保安|保洁|店主|店长|老板娘|老板"
    "|法人代表|法定代表人|法人|负责人|联系人|经办人|承办人|当事人|申请人|投诉人|举报人|信访人"
    "|来信人|证人|嫌疑人|包工头|承包人|收款人|开户人|持卡人|户名|经理|主任|书记|支书|村长"
    "|组长|队长|站长|所长|局长|科长|处长|镇长|乡长|区长|县长|市长|校长|院长|园长|班主任|老师"
    "|教师|医生|大夫|护士|律师|会计|出纳|民警|警官|城管|网格员|委员|主管|楼长|栋长|董事长"
    "|总经理|师傅|名叫|叫做|名字叫|名字是|叫"
)
_ROLE_BEFORE = re.compile(rf"(?:{_ROLES})(?:[:：] ?| |是|为)?$")
_TITLES = (
    "先生/女士",
    "先生",
    "女士",
    "小姐",
    "同志",
    "师傅",
    "老师",
    "总经理",
    "经理",
    "主任",
    "书记",
    "支书",
    "医生",
    "大夫",
    "护士",
    "律师",
    "老板",
    "校长",
    "院长",
    "局长",
    "科长",
    "处长",
    "所长",
    "站长",
    "村长",
    "组长",
    "队长",
    "镇长",
    "乡长",
    "县长",
    "市长",
    "区长",
    "警官",
    "阿姨",
    "大爷",
    "大妈",
    "大叔",
    "夫妇",
    "夫妻",
    "一家",
    "等人",
    "同学",
    "会计",
    "出纳",
    "主管",
    "董事长",
    "家属",
)
# An honorific right after a third party's name is taken into the hit (王某某先生 →
# 王先生/女士, not 王先生/女士先生).
_HONORIFICS_IN_HIT = ("先生/女士", "先生", "女士", "小姐")
# Words next to which a bare name stands: what people say and do, and "and".
_PERSON_BEFORE = re.compile(
    r"(?:和|与|跟|同|及|以及|找到了?|找了?|告诉|通知|联系|让|被|给|问|请|把|由|替|帮|帮助"
    r"|打电话给|举报|投诉|起诉|状告)$"
)
# What a person does right after the name; and weaker words (和, 也 ...) that also join
# places, trusted only after a name that starts a clause.
_PERSON_VERB_AFTER = re.compile(
    r"说|讲|称|表示|告诉|答应|承诺|要求|反映|承认|同意|拒绝|回复|回答|打电话|骂|威胁|一家|夫妇"
    r"|夫妻|等人|家里|家的|家人|家属|的(?:父亲|母亲|儿子|女儿|妻子|丈夫|老婆|老公|孩子|家人)"
    r"|本人|自己|竟然|居然|多次|经常|一直|私自|擅自|强行|非法"
)
_WEAK_AFTER = re.compile(r"、|和|与|跟|及|也|都|曾|又|却|等")
_LIST_ITEM_END = re.compile(r"[,.;:!?()、和及与等]|$")
# A place or an organisation named after a person's name (万家丽北路, 楚龙中队, 高桥街道,
# 杨慧开纪念馆).
_PLACE_AFTER = re.compile(
    r"[东南西北中大]?(?:体育|路|街|道|大道|公路|高速|巷|村|镇|乡|区|县|市|省|州|桥|湖|山|江|河"
    r"|港|湾|岭|坡|塘|冲|园|城|苑|府|郡|庭|院|小区|广场|中心|公司|集团|医院|学校|中学|小学|大学"
    r"|学院|幼儿园|中队|大队|支队|社区|街道|家电|家居|商场|市场|超市|酒店|宾馆|大厦|工业|科技"
    r"|实业|置业|地产|物业|组|队|片区|居委|村委|纪念馆|广告|建设)"
    rf"|[{HAN}](?:纪念馆|纪念堂|故居|广场|公园|大桥|医院|学校|中学|小学|幼儿园|公司|集团)"
)
_CLAUSE_START = frozenset(",.;:!?()。，、；：！？（）“”《》 \n")

# --- first-person cues (the writer) ---------------------------------------------------------

_SURNAME_ALTERNATIVES = "|".join(COMPOUND_SURNAMES) + f"|[{SINGLE_SURNAMES}]"
_FIRST_PERSON_CUES = frozenset({"我叫", "我是", "本人"})
# 我是 and 本人 are followed by many things other than a name (我是高中生, 查看本人成绩):
# after them a name must start a clause, be followed by one of _WEAK_NAME_END and must
# not end like a role or an organisation.
_WEAK_CUES = frozenset({"我是", "本人"})
_WEAK_CLAUSE_START = frozenset(",.;:!?()。、“”我")
_ORGANISATION_SUFFIXES = frozenset("镇乡村区县市省局院校厂所站队办部科处委会司街路")
_ROLE_ENDINGS = _ORGANISATION_SUFFIXES | frozenset("生员工民长师主户者人族方商属")
_NAME_CUE = re.compile(
    rf"(?P<cue>我叫|我是|本人|姓名|联系人)(?:[:\s]|是|为)*"
    rf"(?P<surname>{_SURNAME_ALTERNATIVES})(?P<given>[{HAN}]{{1,2}})"
)
_NAME_END = re.compile(
    r"$|[,.;:!?()\s。、“”‘’「」《》]|[男女系住是在向和与为于从来对因今现已也就都]"
    r"|身份证|电话|手机|联系|年龄|出生"
)
_WEAK_NAME_END = re.compile(
    r"$|[,.;:!?()\s。、“”‘’「」《》]|[男女系]|家住|住在|现住|今年|现年|身份证|电话|手机|联系|年龄|出生"
)
_WRITER_HONORIFICS = ("先生/女士", "先生", "女士", "老师", "同志", "师傅")
_MIN_WRITER_NAME = 2


def honorific(gender: str | None) -> str:
    """先生, 女士, or 先生/女士 when the gender is not known."""
    return {"male": "先生", "female": "女士"}.get(gender or "", "先生/女士")


def _surname_of(name: str) -> str:
    if name.startswith(COMPOUND_SURNAMES):
        return name[:2]
    return name[0] if _HAN_CHAR.match(name) else ""


@lru_cache(maxsize=256)
def _surname_forms(surname: str) -> re.Pattern[str]:
    """``surname`` followed by an honorific; 先生/女士 is tried before 先生."""
    honorifics = "|".join(re.escape(honorific) for honorific in _WRITER_HONORIFICS)
    return re.compile(f"{re.escape(surname)}(?:{honorifics})")


@lru_cache(maxsize=256)
def _spaced_name(name: str) -> re.Pattern[str]:
    """``name`` with optional spaces between its characters (``张 三``)."""
    return re.compile(" ?".join(re.escape(char) for char in name))


def _given_name_length(norm: str, match: re.Match[str]) -> int:
    """How many characters of the cue match's ``given`` group are a given name (0: none)."""
    weak = match.group("cue") in _WEAK_CUES
    before = norm[match.start() - 1 : match.start()]
    if weak and before and not before.isspace() and before not in _WEAK_CLAUSE_START:
        return 0
    if norm.startswith(_WRITER_HONORIFICS, match.end("surname")):
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
) -> Iterator[Candidate]:
    for match in _NAME_CUE.finditer(norm):
        length = _given_name_length(norm, match)
        if not length:
            continue
        surname, start = match.group("surname"), match.start("surname")
        name = norm[start : match.end("surname") + length]
        is_writer = match.group("cue") in _FIRST_PERSON_CUES or name == writer_name
        gender = writer_gender if is_writer else None
        yield Candidate("name", start, start + len(name), surname + honorific(gender))


def _writer_names(norm: str, writer_name: str, writer_gender: str | None) -> Iterator[Candidate]:
    surname = _surname_of(writer_name)
    replacement = surname + honorific(writer_gender)
    for match in _spaced_name(writer_name).finditer(norm):
        yield Candidate("name", match.start(), match.end(), replacement)
    if not surname:
        return
    # X先生, X女士 and X先生/女士 are what names become: never flagged again.
    masked = {surname + honorific(gender) for gender in (None, "male", "female")}
    for match in _surname_forms(surname).finditer(norm):
        if match.group() not in masked:
            yield Candidate("name", match.start(), match.end(), replacement)


# --- third parties ----------------------------------------------------------------------


class _ThirdParties:
    """Third-party names in one normalised text."""

    def __init__(self, norm: str) -> None:
        self.norm = norm
        self.lexicon = _lexicon()
        self._bounds: dict[tuple[int, int], frozenset[int]] = {}

    def _clause(self, start: int, end: int) -> tuple[int, int]:
        left = start
        while left > max(0, start - 8) and not _CLAUSE_END.match(self.norm, left - 1):
            left -= 1
        right = end
        limit = min(len(self.norm), end + 8)
        while right < limit and not _CLAUSE_END.match(self.norm, right):
            right += 1
        return left, right

    def boundaries(self, start: int, end: int, anchor: str = "") -> frozenset[int]:
        """Token boundaries of jieba's dictionary segmentation around ``start``-``end``;
        ``anchor`` ``"start"``/``"end"`` cuts the window there (a cue word ends or starts
        at that point, whatever the dictionary would join across it)."""
        window = self._clause(start, end)
        if anchor == "start":
            window = (start, window[1])
        elif anchor == "end":
            window = (window[0], end)
        if window not in self._bounds:
            position = window[0]
            bounds = {position}
            for token in self.lexicon.cut(self.norm[window[0] : window[1]]):
                position += len(token)
                bounds.add(position)
            self._bounds[window] = frozenset(bounds)
        return self._bounds[window]

    def is_unit(self, start: int, end: int, anchor: str = "") -> bool:
        bounds = self.boundaries(start, end, anchor)
        return start in bounds and end in bounds

    def names(self) -> Iterator[Candidate]:
        norm = self.norm
        for match in _SURNAME.finditer(norm):
            after = norm[match.end() : match.end() + 1]
            if after in _NOT_IN_GIVEN_NAME or not (
                after in _PLACEHOLDER_STARTS or _HAN_CHAR.match(after)
            ):
                continue  # the common case, settled cheaply
            found = self._name_at(match.start(), match.end())
            if found is not None:
                yield found

    def _name_at(self, start: int, given_start: int) -> Candidate | None:
        norm = self.norm
        surname = norm[start:given_start]
        if norm.startswith(_TITLES, given_start):
            return None  # 王先生, 李经理: a surname and a title name nobody
        # A surname that is also a preposition needs a title (向某某反映, 老师和学生).
        role_before = surname not in _FUNCTION_SURNAMES and (
            _ROLE_BEFORE.search(norm, max(0, start - 8), start) is not None
        )
        # A surname that is also an everyday word needs a role or a title; a less common
        # one, given-name characters (城管楚龙中队 is no name, 邻居滕飞 is).
        trusted = surname not in _RARE_SURNAMES and surname not in _FUNCTION_SURNAMES
        common = surname in _COMMON_SURNAMES and surname not in _FUNCTION_SURNAMES
        common = common and surname not in _WORDY_SURNAMES
        placeholder = _PLACEHOLDER.match(norm, given_start)
        if placeholder is not None:
            return self._placeholder(start, given_start, placeholder, role_before, trusted)
        for length in (2, 1):
            end = given_start + length
            given = norm[given_start:end]
            if len(given) < length or not self._given_ok(given):
                continue
            if not common and not all(char in GIVEN_NAME_CHARS for char in given):
                continue
            if norm.startswith(_MASKED, end) and norm[end - 1] in _SINGLE_SURNAME_CHARS:
                continue  # 由杨先生/女士: a masked name (杨先生/女士) after another word
            title = norm.startswith(_TITLES, end)
            if not title and _PLACE_AFTER.match(norm, end):
                continue
            if role_before or title:
                name_like = all(char in GIVEN_NAME_CHARS for char in given)
                anchor = ("start" if role_before else "end") if name_like else ""
                if self._strong_ok(start, end, given, anchor):
                    return self._candidate(start, end, surname)
                if common and length == 1 and self._addressed(start, end):
                    return self._candidate(start, end, surname)
                continue
            if trusted and self._bare_ok(start, end, surname, given, common):
                return self._candidate(start, end, surname)
        return None

    def _placeholder(
        self,
        start: int,
        given_start: int,
        match: re.Match[str],
        role_before: bool,
        trusted: bool,
    ) -> Candidate | None:
        end = match.end()
        surname = self.norm[start:given_start]
        if match.group("given"):
            char = match.group("given")
            if (
                char in _NOT_IN_GIVEN_NAME
                or char in _NOT_LAST_IN_NAME
                or not self.is_unit(start, end)
            ):
                end -= 1  # 陈某建设: the placeholder is 陈某
        text = self.norm[given_start:end]
        # 王某, 王某某 and 王XX are masked already: only with an honorific after them
        # (物业经理王某某先生) are they taken, to become X先生/女士 like any name; 吴某敏
        # shows part of the name and is taken after a cue, or anywhere with a trusted
        # surname.
        honorific_after = self.norm.startswith(_HONORIFICS_IN_HIT, end)
        reveals = len(text) == 2 and text[0] == "某" and text[1] != "某"
        cued = role_before or self.norm.startswith(_TITLES, end)
        if honorific_after or (reveals and (trusted or cued)):
            if not self.norm.startswith(_TITLES, end) and self.lexicon.everyday_word(
                self.norm[start:end], 1000
            ):
                return None
            return self._candidate(start, end, surname)
        return None

    def _addressed(self, start: int, end: int) -> bool:
        """A two-character name addressed as 先生/女士/小姐 at the start of a clause
        (王国先生，…) is a person even when its characters also make a word (王国)."""
        before = self.norm[start - 1 : start]
        at_clause_start = not before or before in _CLAUSE_START
        return at_clause_start and self.norm.startswith(_HONORIFICS_IN_HIT, end)

    def _given_ok(self, given: str) -> bool:
        if not all(_HAN_CHAR.match(char) and char not in _NOT_IN_GIVEN_NAME for char in given):
            return False
        return given[-1] not in _NOT_LAST_IN_NAME

    def _strong_ok(self, start: int, end: int, given: str, anchor: str) -> bool:
        """After a role or before a title: a unit of the segmentation and no everyday
        word; a given name of uncommon characters must not be made of words at all."""
        if not self.is_unit(start, end, anchor):
            return False
        lexicon, word = self.lexicon, self.norm[start:end]
        name_like = all(char in GIVEN_NAME_CHARS for char in given)
        rare = _COMMON_NAME_FREQ if word[:1] in _COMMON_SURNAMES else _NAME_FREQ
        if lexicon.is_word(word) and (not name_like or lexicon.everyday_word(word, rare)):
            return False
        if name_like:
            return True
        parts = (word[: len(word) - len(given) + 1], given)  # 周转 of 周转房, 进行 of 方进行
        return not any(lexicon.freq.get(part, 0) >= _WORD_FREQ for part in parts if len(part) > 1)

    def _bare_ok(self, start: int, end: int, surname: str, given: str, common: bool) -> bool:
        """No cue: given-name characters and a person's verb nearby; a less common
        surname only in a three-character name jieba's dictionary does not know."""
        norm = self.norm
        if not all(c in GIVEN_NAME_CHARS for c in given):
            return False
        if not common and (len(given) < 2 or self.lexicon.is_word(norm[start:end])):
            return False  # 卫建 and 盛华 in lists are offices and firms, 凌林波 a person
        before = norm[start - 1 : start]
        at_clause_start = not before or before in _CLAUSE_START
        if before == "、":  # a list: of people only if the next item starts right after
            if not _LIST_ITEM_END.match(norm, end):
                return False
        elif _PERSON_BEFORE.search(norm, max(0, start - 6), start) is None:
            verb_after = _PERSON_VERB_AFTER.match(norm, end) is not None
            weak_after = _WEAK_AFTER.match(norm, end) is not None
            verb_ok = verb_after and (at_clause_start or len(given) == 2)
            if not verb_ok and not (weak_after and at_clause_start):
                return False
        if not self.is_unit(start, end):
            return False
        return not self.lexicon.everyday_word(norm[start:end], 300 if common else _NAME_FREQ)

    def _candidate(self, start: int, end: int, surname: str) -> Candidate:
        for title in _HONORIFICS_IN_HIT:
            if self.norm.startswith(title, end):
                end += len(title)
                break
        return Candidate("name", start, end, surname + honorific(None))


# --- all names -------------------------------------------------------------------------


def find_names(
    norm: str, writer_name: str | None, writer_gender: str | None
) -> Iterator[Candidate]:
    """The writer's name and its surname forms, cue names and third parties' names."""
    writer = normalise(writer_name).strip() if writer_name else ""
    yield from _cue_names(norm, writer or None, writer_gender)
    if len(writer) >= _MIN_WRITER_NAME:
        yield from _writer_names(norm, writer, writer_gender)
    if _SURNAME.search(norm) is not None:
        yield from _ThirdParties(norm).names()
