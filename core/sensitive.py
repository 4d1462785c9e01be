"""The admin-managed sensitive-word list: the one place that says whether a text holds a
sensitive word.

A hit never refuses or drops a letter (DESIGN.md §9): at intake it flags the letter for
the dispatcher's review; at submit-review it flags the reply for the reviewer
(``letters.services.workflow``); at publication the gate (``knowledge_base.gate``)
refuses the public text until each hit is cleared with a reason.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from core.models import SensitiveWord
from core.snapshots import Snapshot

# Separators a writer may put between the characters of a word to slip past a filter.
_NOISE = re.compile(r"[\s\W_]+", re.UNICODE)


def normalize_for_matching(text: str) -> str:
    """Full-width to half-width, case-folded, without spaces, punctuation and symbols."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _NOISE.sub("", folded)


def sensitive_hits(
    texts: Iterable[str], *, words: list[tuple[str, str, str]] | None = None
) -> list[dict[str, str]]:
    """Active sensitive words found in the texts, as ``[{"word", "category"}]`` in the
    order of the admin list; ``words`` is :func:`active_words` read once by a bulk caller."""
    haystack = "\n".join(normalize_for_matching(text) for text in texts)
    if not haystack:
        return []
    return [
        {"word": word, "category": category}
        for word, category, needle in (active_words() if words is None else words)
        if needle and needle in haystack
    ]


def _load_words() -> list[tuple[str, str, str]]:
    return [
        (word, category, normalize_for_matching(word))
        for word, category in SensitiveWord.objects.filter(active=True).values_list(
            "word", "category"
        )
    ]


# Every process keeps the list until it changes anywhere (core.snapshots).
WORDS: Snapshot[list[tuple[str, str, str]]] = Snapshot("sensitive-words", _load_words)


def active_words() -> list[tuple[str, str, str]]:
    """``(word, category, normalised word)`` of the active list, in the admin's order."""
    return WORDS.get()


def list_changed(**kwargs: Any) -> None:
    """Signal receiver for SensitiveWord saves and deletes (core.apps)."""
    WORDS.changed()


def sensitive_note(hits: list[dict[str, str]], reader: str = "分办员") -> str:
    return "命中敏感词：" + "、".join(hit["word"] for hit in hits) + f"，请{reader}复核。"
