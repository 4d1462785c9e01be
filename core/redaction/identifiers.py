"""E-mail addresses, WeChat ids, licence plates and the URLs that hide all of them."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .normalise import Candidate, mask

__all__ = ["URL", "emails", "plates", "wechat_ids"]

URL = re.compile(
    r"(?:https?://|www\.)[0-9A-Za-z\-._~:/?#\[\]@!$&'()*+,;=%]+|"
    r"(?<![0-9A-Za-z@._%+\-])(?<!@ )(?:[0-9A-Za-z\-]+\.)+(?:gov|edu|org)\.cn(?:/[0-9A-Za-z\-._~/?#=&%]*)?",
    re.IGNORECASE,
)
"""Web addresses: whatever is inside one is left alone."""

# --- e-mail ----------------------------------------------------------------------------

_EMAIL = re.compile(
    r"(?<![0-9A-Za-z._%+\-])(?P<local>[0-9A-Za-z][0-9A-Za-z._%+\-]*)"
    r" ?(?:@|\(at\)|\[at\]|#) ?"
    r"(?P<domain>[0-9A-Za-z\-]+(?:\.[0-9A-Za-z\-]+)*\.[A-Za-z]{2,})(?![0-9A-Za-z])",
    re.IGNORECASE,
)
_HASH_DOMAINS = re.compile(r"(?:qq|163|126|sina|sohu|gmail|outlook|hotmail|foxmail|yeah)\.", re.I)


def emails(norm: str) -> Iterator[Candidate]:
    """``zhang.san@example.com`` → ``z***@example.com`` (also ``(at)`` and ``#163.com``)."""
    if "@" not in norm and "#" not in norm and "at" not in norm.lower():
        return
    for match in _EMAIL.finditer(norm):
        joint = norm[match.end("local") : match.start("domain")].strip()
        if joint == "#" and not _HASH_DOMAINS.match(match.group("domain")):
            continue
        replacement = f"{match.group('local')[0]}***@{match.group('domain')}"
        yield Candidate("email", match.start(), match.end(), replacement)


# --- WeChat ----------------------------------------------------------------------------

# A WeChat id starts with a letter and has 6-20 letters, digits, "_" or "-"; digit-only
# ids after a cue are found with the numbers.
_WECHAT = re.compile(
    r"(?<![A-Za-z0-9])(?P<wxid>wxid_[A-Za-z0-9]{6,20})(?![A-Za-z0-9])"
    r"|(?:(?:微信|威信|薇信|(?<![A-Za-z])[vV]信|(?<![A-Za-z])(?:wechat|weixin|vx|wx))"
    r"(?:号码|号|账号|帐号|id)?(?:[:：\s]|是|为)*"
    r"|(?<![A-Za-z])(?:加[vV]|[vV](?=[:：]))[:：\s]*)"
    r"(?P<id>[A-Za-z][A-Za-z0-9_-]{5,19})(?![A-Za-z0-9_@.-])",
    re.IGNORECASE,
)


_LATIN = re.compile(r"[A-Za-z]")
_OFFICIAL_ACCOUNT = re.compile(r"(?:公众号|服务号|订阅号|视频号|小程序|官方|官网)[^。!?;\n]{0,12}$")


def wechat_ids(norm: str) -> Iterator[Candidate]:
    """``微信：zhang_san88`` → ``z*********8``; ``wxid_…`` anywhere; not an official
    account (``微信公众号（微信号：cssbwg）``)."""
    if _LATIN.search(norm) is None:
        return
    for match in _WECHAT.finditer(norm):
        if _OFFICIAL_ACCOUNT.search(norm, max(0, match.start() - 16), match.start()):
            continue
        group = "id" if match.group("id") else "wxid"
        value = match.group(group)
        yield Candidate("wechat", match.start(group), match.end(group), mask(value, 1, 1))


# --- licence plates --------------------------------------------------------------------

_PLATE = re.compile(
    r"(?<![0-9A-Za-z])(?P<province>[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼])"
    r"[ ·-]?(?P<office>[A-HJ-NP-Z])[·. -]?"
    r"(?P<serial>[A-HJ-NP-Z0-9]{5,6}|[A-HJ-NP-Z0-9]{4}[挂学警港澳])(?![0-9A-Za-z])",
    re.IGNORECASE,
)


def plates(norm: str) -> Iterator[Candidate]:
    """``粤B·D12345`` → ``粤B*****5``; also ``京 E91701`` and ``京E-91701``."""
    for match in _PLATE.finditer(norm):
        serial = match.group("serial").upper()
        if sum(char.isdigit() for char in serial) < 2:
            continue
        if len(serial) == 6 and serial[0] not in "DF" and serial[-1] not in "DF":
            continue
        prefix = match.group("province") + match.group("office").upper()
        yield Candidate("plate", match.start(), match.end(), prefix + mask(serial, 0, 1))
