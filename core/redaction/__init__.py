"""Personal-data detection and masking for published letters and replies (pure Python).

DESIGN.md §6: before a letter and its reply are published, personal data is masked.
:func:`detect` finds candidates, a reviewer confirms them on a page rendered with
:func:`highlight_html`, and :func:`redact` produces the public text.  The original text
is kept for audit and never shown publicly.  The package imports nothing from Django.

All matching runs on a *normalised* copy of the text in which every character maps to
exactly one character (full-width digits, letters and punctuation to ASCII, space, dash
and middle-dot variants to one each; :mod:`.normalise`), so offsets in the normalised
copy are offsets in the original text.  :attr:`Hit.text` is always the original
substring, and a replacement never keeps more than four consecutive digits of the value.

What is detected (each module's docstring has the details):

``id_number`` (:mod:`.numbers`)
    18-digit resident ID numbers with a valid province code, birth date and ISO 7064
    MOD 11-2 check character (``X``/``x`` allowed), 15-digit IDs with a valid province
    code and birth date, in any grouping by spaces, dashes or dots; numbers of ID shape
    that fail the checks only right after a cue such as 身份证号.
    ``11010519491231002X`` → ``1****************X``.
``bank_card`` (:mod:`.numbers`)
    16–19 digits in any grouping that pass the Luhn check and start like a card, or of
    that shape right after a cue such as 卡号; never after 订单号, 编号 and similar.
    ``6222 0212 3456 7890 128`` → ``***************0128``.
``phone`` (:mod:`.numbers`)
    Mainland mobiles (``+86``/``0086``/``86`` prefixes, any grouping: ``1385 932 9705``,
    ``137.1245.3893``, ``tel13812345678``) → ``138****5678``; fixed lines with an area
    code and extension → ``0731-******66``; 7–8-digit local numbers right after a cue
    such as 电话 → ``******66``.  400/800 numbers, and fixed or local lines in a clause
    about an office (``请致电县教育局0731-…``), are not personal.
``email`` (:mod:`.identifiers`)
    ``zhang.san@example.com`` → ``z***@example.com``.
``qq`` (:mod:`.numbers`)
    5–11 digits after QQ, 扣扣 ... (not a QQ group) → ``1******8``.
``wechat`` (:mod:`.identifiers`)
    An id after 微信, 微信号, vx, wx, V信, 加v ... (``zhang_san88``), ``wxid_…``
    anywhere, or a digit-only id after such a cue → ``z********8``.  A mobile number
    given as a WeChat id is a ``phone``.
``plate`` (:mod:`.identifiers`)
    ``粤B·D12345`` → ``粤B*****5``; also with a space after the province (``京 E91701``).
``address`` (:mod:`.addresses`)
    The numbers that identify a dwelling: ``人民路18号3栋2单元501室`` →
    ``人民路**号**栋**单元**室``.
``name`` (:mod:`.names`)
    The writer's name anywhere, names after first-person cues, and third parties' names
    next to a role, a title or a person's verb (``邻居张三``, ``物业经理王某某先生``,
    ``张三说``), checked against jieba's dictionary → ``X先生/女士``.  A placeholder
    alone (王某, 王某某) is masked already and is not a hit.

The detector finds nothing in its own output (X先生, X女士 and X先生/女士 are never
hits), so a masked text passes the publication gate whatever gender the caller gives.

``known_values`` are values the desk already holds about the writer (phone, e-mail, ID
number, address as stored); each is found wherever it occurs, in any written form, with
the kind guessed from its shape (:mod:`.known`).

Overlapping candidates are resolved by kind priority (:data:`KINDS`), then by length.
Anything inside a URL is left alone, except a known value.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

from .addresses import find_addresses
from .identifiers import URL, emails, plates, wechat_ids
from .known import known_values as _known_values
from .names import find_names
from .normalise import Candidate, normalise
from .numbers import find_numbers, id_check_char, luhn_valid

__all__ = [
    "KINDS",
    "KIND_LABELS",
    "Hit",
    "Redaction",
    "contains_personal_data",
    "detect",
    "highlight_html",
    "id_check_char",
    "luhn_valid",
    "redact",
]

KINDS = (
    "id_number",
    "bank_card",
    "phone",
    "email",
    "qq",
    "wechat",
    "plate",
    "address",
    "name",
)
"""Hit kinds in priority order: on overlap, the earlier kind wins."""

KIND_LABELS: dict[str, str] = {
    "id_number": "身份证号码",
    "bank_card": "银行卡号",
    "phone": "电话号码",
    "email": "电子邮箱",
    "qq": "QQ号码",
    "wechat": "微信号",
    "plate": "车牌号码",
    "address": "详细地址",
    "name": "姓名",
}
"""The Chinese name of each kind, for messages to staff."""

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


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < other_end and other_start < end for other_start, other_end in spans)


def detect(
    text: str,
    *,
    writer_name: str | None = None,
    writer_gender: str | None = None,
    known_values: Sequence[str] = (),
) -> list[Hit]:
    """Personal data in ``text``: non-overlapping hits sorted by start offset.

    ``writer_name`` is the letter writer's own name, masked wherever it occurs;
    ``writer_gender`` (``"male"``/``"female"``) chooses 先生 or 女士 for the writer;
    ``known_values`` are the writer's phone, e-mail, ID number and address as the desk
    holds them, each masked wherever and however it is written.
    """
    norm = normalise(text)
    urls = [match.span() for match in URL.finditer(norm)]
    known = list(_known_values(norm, known_values)) if known_values else []
    candidates: list[Candidate] = [
        *find_numbers(norm),
        *emails(norm),
        *wechat_ids(norm),
        *plates(norm),
        *find_addresses(norm),
        *find_names(norm, writer_name, writer_gender),
    ]
    candidates = [c for c in candidates if not _overlaps(c.start, c.end, urls)] + known
    candidates.sort(key=lambda c: (_PRIORITY[c.kind], c.start - c.end, c.start))
    taken: list[tuple[int, int]] = []
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
    text: str,
    *,
    writer_name: str | None = None,
    writer_gender: str | None = None,
    known_values: Sequence[str] = (),
) -> Redaction:
    """The public version of ``text`` with every detected hit replaced."""
    hits = detect(
        text, writer_name=writer_name, writer_gender=writer_gender, known_values=known_values
    )
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


def contains_personal_data(
    text: str, *, writer_name: str | None = None, known_values: Sequence[str] = ()
) -> bool:
    """Whether :func:`detect` finds anything in ``text``."""
    return bool(detect(text, writer_name=writer_name, known_values=known_values))
