"""Search of published knowledge-base entries over ``kb_entry_index`` (DESIGN.md §6).

Only published entries are indexed (the services add them on approval and remove them
on retirement or editing); effective and expiry dates are checked at query time, so an
entry that expires drops out of the results on that day without re-indexing.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import connection as default_connection
from django.db.models import Q, QuerySet
from django.utils import timezone

from knowledge_base.models import EntryStatus, KnowledgeEntry, SynonymGroup
from knowledge_base.search_backends import SearchBackend, backend_for_connection
from knowledge_base.search_core import Document, build_synonym_map

INDEX_TABLE = "kb_entry_index"
# Hits fetched per wanted result, so entries filtered out by date still leave enough.
OVERFETCH = 3


def backend_for(connection: Any = None) -> SearchBackend:
    """The search backend for a Django connection's database vendor."""
    return backend_for_connection(connection if connection is not None else default_connection)


def synonyms() -> dict[str, tuple[str, ...]]:
    """The admin-managed synonym groups as a symmetric term → alternatives map."""
    return build_synonym_map(group.term_list() for group in SynonymGroup.objects.all())


def document_of(entry: KnowledgeEntry) -> Document:
    keywords = " ".join(k.strip() for k in entry.keywords.replace("，", ",").split(","))
    return Document(entry.pk, entry.question, keywords.strip(), entry.answer)


def index_entry(entry: KnowledgeEntry) -> None:
    """Add or replace an entry in the index (inside the caller's transaction)."""
    backend_for().add_documents(INDEX_TABLE, [document_of(entry)])


def unindex_entry(entry_id: int) -> None:
    backend_for().delete_document(INDEX_TABLE, entry_id)


def visible_entries(today: date | None = None) -> QuerySet[KnowledgeEntry]:
    """Published entries in effect today: the only ones the public may see."""
    day = today or timezone.localdate()
    return KnowledgeEntry.objects.filter(
        Q(effective_from__isnull=True) | Q(effective_from__lte=day),
        Q(expires_on__isnull=True) | Q(expires_on__gte=day),
        status=EntryStatus.PUBLISHED,
    )


def search_entries(q: str, limit: int = 10) -> list[KnowledgeEntry]:
    """Best visible entries for ``q``, best first; each carries ``search_score``."""
    if limit <= 0 or not q.strip():
        return []
    hits = backend_for().search(INDEX_TABLE, q, limit=limit * OVERFETCH, synonyms=synonyms())
    scores = {int(hit.doc_id): hit.score for hit in hits if hit.doc_id.isdigit()}
    if not scores:
        return []
    entries = visible_entries().filter(pk__in=scores).select_related("department")
    ranked = sorted(entries, key=lambda e: (-scores[e.pk], e.pk))[:limit]
    for entry in ranked:
        entry.search_score = scores[entry.pk]
    return ranked


def similar(text: str, limit: int = 5) -> list[KnowledgeEntry]:
    """Visible entries similar to what a citizen is typing (the same ranking as search)."""
    return search_entries(text, limit=limit)


LETTER_INDEX_TABLE = "kb_letter_index"


def index_published_letter(letter: Any) -> None:
    """Add a published letter's public texts to the suggestion index (caller's transaction).

    The masked title is the question field, the masked letter the keywords field and the
    published reply the answer field; nothing else about the letter is indexed.
    """
    backend_for().add_documents(
        LETTER_INDEX_TABLE,
        [Document(letter.pk, letter.public_title, letter.public_body, letter.public_text)],
    )


def index_published_letters(letters: Iterable[Any]) -> None:
    """:func:`index_published_letter` for many letters in one call (bulk publication paths,
    e.g. ``import_cases``)."""
    documents = [
        Document(letter.pk, letter.public_title, letter.public_body, letter.public_text)
        for letter in letters
    ]
    if documents:
        backend_for().add_documents(LETTER_INDEX_TABLE, documents)


def similar_letters(text: str, limit: int = 5) -> list[Any]:
    """Published letters whose public texts resemble ``text``, best first."""
    from knowledge_base.publication import public_q
    from letters.models import Letter

    hits = backend_for().search(LETTER_INDEX_TABLE, text, limit=limit, synonyms=synonyms())
    ids = [int(hit.doc_id) for hit in hits]
    letters = Letter.objects.filter(public_q(), pk__in=ids).only(
        "pk", "tracking_number", "public_title", "public_text", "public_replied_at"
    )
    by_id = {letter.pk: letter for letter in letters}
    return [by_id[i] for i in ids if i in by_id]
