"""Shared pieces of the detector: one-to-one normalisation, candidates, masks and cues.

Every detector module works on the *normalised* copy of the text made by
:func:`normalise`, in which each character maps to exactly one character, so an offset
in the normalised copy is the same offset in the original text.
"""

from __future__ import annotations

import re
from typing import NamedTuple

HAN = r"\u4e00-\u9fff"
"""The CJK unified ideographs, for character classes."""

DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\u2500\u30fc\uff70"
MIDDLE_DOTS = "\u2022\u2027\u2219\u22c5\u30fb\uff65\u00b7\u0387\u16eb\u2e31"


class Candidate(NamedTuple):
    """A possible hit, in normalised-text offsets (which are original-text offsets)."""

    kind: str
    start: int
    end: int
    replacement: str


def _normalisation_table() -> dict[int, str]:
    table = {code: chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)}
    for space in "\u3000\u00a0\u2002\u2003\u2009\u200a\u202f\u205f":
        table[ord(space)] = " "
    for dash in DASHES:
        table[ord(dash)] = "-"
    for dot in MIDDLE_DOTS:
        table[ord(dot)] = "·"
    table[0xFE52] = "."  # small full stop
    table[0xFF0E] = "."
    return table


_TABLE = _normalisation_table()


def normalise(text: str) -> str:
    """Full-width forms to ASCII, space and dash variants to one each; one char to one."""
    return text.translate(_TABLE)


_NOT_DIGIT = re.compile(r"[^0-9Xx]")


def digits_of(value: str) -> str:
    """The digits (and an ID's X check character, upper-cased) of a written number."""
    return _NOT_DIGIT.sub("", value).upper()


def mask(value: str, keep_head: int, keep_tail: int) -> str:
    """``value`` with all but ``keep_head`` leading and ``keep_tail`` trailing chars as ``*``."""
    hidden = max(0, len(value) - keep_head - keep_tail)
    return value[:keep_head] + "*" * hidden + value[len(value) - keep_tail :]


def cue_before(pattern: re.Pattern[str], norm: str, start: int, window: int = 16) -> bool:
    """Whether ``pattern`` (anchored with ``$``) matches the text just before ``start``."""
    return pattern.search(norm, max(0, start - window), start) is not None


# A phone number in a clause that names an office or a public service, or invites the
# reader to call, is a published office number (replies are full of them), unless the
# clause is about the writer.  So is one labelled 电话 right after a clause or a sentence
# that sends the reader to an office or thanks them (``建议直接咨询教育局，电话：0734-…``,
# ``感谢您对我们工作的支持。联系电话：…``), one in a list of offices (``L3县：0745-…``)
# and one followed by an office or an invitation (``0745-5253266（监察大队）``,
# ``…，欢迎来电咨询``).
_OFFICE_WORDS = (
    r"局|中心|办公室|政府|街道|社区|居委会|村委会|委员会|大队|支队|中队|派出所|车管所"
    r"|窗口|热线|服务|咨询|举报|投诉|监督|值班|办事处|医院|学校|公司|银行|营业厅|部门|单位"
    r"|工作组|[科股所处站办]|致电|拨打|拔打|详询|垂询|查询|来电"
)
OFFICIAL_CONTEXT = re.compile(rf"(?:{_OFFICE_WORDS})[^。!?;,\n]*$|[县区市]: ?$")
_INVITATION = (
    r"感谢|谢谢|欢迎|如有|若有|请您|您可|可向|可到|可与|请与|请直接|请联系|可致电|咨询|垂询"
    r"|致电|来电|拨打|办理|联系"
)
# The label of a number (电话：, 联系电话) right after an earlier clause or sentence.
# A question (到哪里办理？座机：…) is the writer's, never an office's invitation: a clause
# ending in a question mark does not make the number after it official.
_LABEL_AFTER_CLAUSE = re.compile(
    rf"(?P<clause>[^。!?;,\n]*(?:{_INVITATION})[^。!?;,\n]*)[。!;,]"
    r" ?(?:联系|咨询|办公|值班|服务)?(?:电话|座机|热线)(?:号码)?[:为是]? ?$"
)
_OFFICIAL_BEFORE_SENTENCE = re.compile(
    rf"(?P<clause>[^。!?;\n]*(?:{_INVITATION})[^。!?;\n]{{0,30}})[。!;]"
    r"[^。!?;\n]{0,12}$"
)
_OFFICE_AFTER = re.compile(
    r"[^。!?;,\n]{0,14}?(?:局|中心|办公室|政府|大队|支队|中队|派出所|办事处|公司|窗口|热线)"
    r"|[^。!?;\n]{0,4}?(?:欢迎|请)?来电咨询"
)
_FIRST_PERSON = re.compile(r"(?<!网友)本人|(?<!自)我(?![局委办院司所队部们中单市县区镇乡街行校厅])")
PRIVATE_CONTEXT = re.compile(
    r"(?:(?<!网友)本人|(?<!自)我(?![局委办院司所队部们中单市县区镇乡街行校厅])|家里|家庭"
    r"|住宅|住处|私人|个人)[^。!?;\n]*$"
)
CONTEXT_WINDOW = 30


def is_official(norm: str, start: int, end: int | None = None) -> bool:
    """Whether a number at ``start`` (ending at ``end``) is an office's rather than the
    writer's: see :data:`OFFICIAL_CONTEXT`."""
    if cue_before(PRIVATE_CONTEXT, norm, start, CONTEXT_WINDOW):
        return False
    if cue_before(OFFICIAL_CONTEXT, norm, start, CONTEXT_WINDOW):
        return True
    window = max(0, start - 2 * CONTEXT_WINDOW)
    for pattern in (_LABEL_AFTER_CLAUSE, _OFFICIAL_BEFORE_SENTENCE):
        before = pattern.search(norm, window, start)
        if before is not None and not _FIRST_PERSON.search(before.group("clause")):
            return True
    return end is not None and _OFFICE_AFTER.match(norm, end) is not None
