"""Knowledge-base search on SQLite FTS5 and on PostgreSQL full-text search (no Django).

Both backends take a DB-API connection (``sqlite3.Connection``, ``psycopg.Connection``
or Django's ``django.db.connection``), expose the same API and return the same results
for the same corpus: the engine only retrieves candidates, which
:func:`knowledge_base.search_core.rerank` orders from the stored texts and the index's
shared statistics. The backends never commit: the caller owns the transaction.
Candidate retrieval is an OR query over the rarest query words whose summed document
frequencies fit a budget (see :func:`knowledge_base.search_core.candidate_words`), so
the engine ranks a bounded number of rows at any index size.

An index named ``kb`` consists of:

- ``kb``: the documents. Columns ``doc_id``, ``question``, ``keywords``, ``answer`` (jieba
  search-mode tokens, space-joined, full-text indexed) and ``normalized`` (the normalised
  field texts joined by newlines, not indexed, read by the reranker). SQLite: an FTS5
  virtual table (unicode61 tokenizer, bm25 rank with the field weights) whose rowid is a
  64-bit hash of the doc id. PostgreSQL: a table keyed by ``doc_id`` with a stored
  generated ``search_vector`` (``to_tsvector('simple', ...)`` weighted question A,
  keywords B, answer C), a GIN index on it without pending list, and ``ts_rank`` with
  the field weights for candidate selection.
- ``kb_terms(term, df)``: document frequencies of the ranking features.
- ``kb_stats(name, value)``: document count and total feature lengths per field.

SQL is written as templates whose only substitution is ``{t}``, the index name, which
:func:`validate_table_name` restricts to a plain lower-case identifier; every value is
a bound parameter.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import closing
from itertools import islice
from typing import Any, ClassVar, Protocol, TypeVar

from knowledge_base.search_core import (
    FIELD_WEIGHTS,
    FIELDS,
    Candidate,
    Document,
    IndexStats,
    PreparedDocument,
    SearchHit,
    StatsDelta,
    build_query,
    candidate_words,
    prepare_document,
    rerank,
)

__all__ = ["PostgresBackend", "SQLiteFTS5Backend", "SearchBackend", "validate_table_name"]

# Index names leave room for the "_terms"/"_stats"/"_search_idx" suffixes within
# PostgreSQL's 63-byte identifier limit.
_TABLE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,39}")
_BATCH = 500
_UPSERT_CHUNK = 50_000
DEFAULT_CANDIDATES = 100

_Row = tuple[Any, ...]
_T = TypeVar("_T")


class Cursor(Protocol):
    def execute(self, sql: str, params: Sequence[Any] = ..., /) -> Any: ...

    def executemany(self, sql: str, params: Iterable[Sequence[Any]], /) -> Any: ...

    def fetchall(self) -> Sequence[_Row]: ...

    def close(self) -> Any: ...


class Connection(Protocol):
    def cursor(self) -> Any: ...


def validate_table_name(table: str) -> str:
    """Return ``table`` if it is a safe lower-case SQL identifier, else raise ValueError."""
    if not _TABLE_NAME.fullmatch(table):
        raise ValueError(f"invalid index table name: {table!r}")
    return table


def _chunks(items: Iterable[_T], size: int) -> Iterator[list[_T]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _candidate(row: _Row) -> Candidate:
    doc_id, question, keywords, answer, normalized = row
    return Candidate(str(doc_id), (question, keywords, answer), normalized)


class SearchBackend(ABC):
    """Indexing and search over one database; subclasses supply the SQL.

    ``candidates`` is how many engine matches are reranked per search.
    """

    CREATE: ClassVar[tuple[str, ...]]
    CREATE_TEMPORARY: ClassVar[tuple[str, ...]]
    DROP: ClassVar[tuple[str, ...]] = (
        "DROP TABLE IF EXISTS {t}",
        "DROP TABLE IF EXISTS {t}_terms",
        "DROP TABLE IF EXISTS {t}_stats",
    )
    SELECT_STATS = "SELECT name, value FROM {t}_stats"
    SELECT_CANDIDATES: ClassVar[str]

    def __init__(self, connection: Connection, *, candidates: int = DEFAULT_CANDIDATES) -> None:
        self.connection = connection
        self.candidates = candidates

    # ------------------------------------------------------------------ public API

    def create_index(self, table: str, *, temporary: bool = False) -> None:
        """Create the index tables (tables that already exist are kept)."""
        statements = self.CREATE_TEMPORARY if temporary else self.CREATE
        with self._cursor() as cursor:
            for template in statements:
                cursor.execute(self._sql(template, table))
            self._configure(cursor, table)

    def drop_index(self, table: str) -> None:
        """Drop the index tables if they exist."""
        with self._cursor() as cursor:
            for template in self.DROP:
                cursor.execute(self._sql(template, table))

    def add_documents(self, table: str, docs: Iterable[Document]) -> int:
        """Index documents in batches; a document whose id exists replaces it.

        Returns the number of documents written.
        """
        validate_table_name(table)
        delta = StatsDelta()
        written = 0
        with self._cursor() as cursor:
            for batch in _chunks(docs, _BATCH):
                prepared = {doc.doc_id: doc for doc in map(prepare_document, batch)}
                self._remove(cursor, table, list(prepared), delta)
                self._insert(cursor, table, list(prepared.values()))
                for doc in prepared.values():
                    delta.add(doc.features)
                written += len(prepared)
            self._apply(cursor, table, delta)
        return written

    def delete_document(self, table: str, doc_id: str | int) -> bool:
        """Remove a document; returns whether it was indexed."""
        validate_table_name(table)
        delta = StatsDelta()
        with self._cursor() as cursor:
            removed = self._remove(cursor, table, [str(doc_id)], delta)
            self._apply(cursor, table, delta)
        return removed > 0

    def search(
        self,
        table: str,
        query: str,
        *,
        limit: int = 10,
        synonyms: Mapping[str, Sequence[str]] | None = None,
    ) -> list[SearchHit]:
        """Best entries for ``query``; [] for an empty or stopword-only query.

        ``synonyms`` maps a term to its alternatives (see
        :func:`knowledge_base.search_core.build_synonym_map`); a document matching any
        alternative scores as if it matched the term.
        """
        validate_table_name(table)
        plan = build_query(query, synonyms)
        if limit <= 0 or not plan.words():
            return []
        with self._cursor() as cursor:
            cursor.execute(self._sql(self.SELECT_STATS, table))
            stats = dict(cursor.fetchall())
            index = IndexStats(df=self._fetch_df(cursor, table, plan.terms()), stats=stats)
            words = candidate_words(plan, index)
            if not words:
                return []
            cursor.execute(self._sql(self.SELECT_CANDIDATES, table), self._candidate_params(words))
            rows = cursor.fetchall()
        return rerank(plan, map(_candidate, rows), index, limit)

    # ------------------------------------------------------------------ shared steps

    def _sql(self, template: str, table: str) -> str:
        return template.format(t=validate_table_name(table))

    def _cursor(self) -> closing[Any]:
        return closing(self.connection.cursor())

    def _remove(self, cursor: Cursor, table: str, doc_ids: list[str], delta: StatsDelta) -> int:
        """Delete the given documents if present, recording their features in ``delta``."""
        existing = self._fetch_documents(cursor, table, doc_ids)
        for row in existing:
            delta.add(row.features(), sign=-1)
        if existing:
            self._delete(cursor, table, [row.doc_id for row in existing])
        return len(existing)

    def _apply(self, cursor: Cursor, table: str, delta: StatsDelta) -> None:
        terms = delta.changed_terms()
        for chunk in _chunks(terms, _UPSERT_CHUNK):
            self._add_to_terms(cursor, table, chunk)
        self._add_to_stats(cursor, table, delta.changed_stats())
        decreased = [term for term, change in terms if change < 0]
        if decreased:
            self._delete_unused_terms(cursor, table, decreased)

    # ------------------------------------------------------------------ backend SQL

    @abstractmethod
    def _configure(self, cursor: Cursor, table: str) -> None:
        """Settings applied after the tables are created."""

    @abstractmethod
    def _fetch_documents(
        self, cursor: Cursor, table: str, doc_ids: list[str]
    ) -> list[Candidate]: ...

    @abstractmethod
    def _delete(self, cursor: Cursor, table: str, doc_ids: list[str]) -> None: ...

    @abstractmethod
    def _insert(self, cursor: Cursor, table: str, docs: list[PreparedDocument]) -> None: ...

    @abstractmethod
    def _add_to_terms(self, cursor: Cursor, table: str, items: list[tuple[str, int]]) -> None:
        """Add each change to the term's document frequency (inserting missing terms)."""

    @abstractmethod
    def _add_to_stats(self, cursor: Cursor, table: str, items: list[tuple[str, float]]) -> None:
        """Add each change to the named statistic (inserting missing ones)."""

    @abstractmethod
    def _delete_unused_terms(self, cursor: Cursor, table: str, terms: list[str]) -> None: ...

    @abstractmethod
    def _fetch_df(self, cursor: Cursor, table: str, terms: list[str]) -> dict[str, int]: ...

    @abstractmethod
    def _candidate_params(self, words: Sequence[str]) -> tuple[Any, ...]:
        """Parameters of SELECT_CANDIDATES, in its order: the engine's OR query over
        ``words``, the rank weights where the SQL takes them, and the candidate limit."""


class SQLiteFTS5Backend(SearchBackend):
    """SQLite FTS5 (embedded mode); needs SQLite 3.38+ built with FTS5 and JSON.

    The SQL uses Django's ``%s`` placeholders, turned into ``?`` for a plain
    ``sqlite3.Connection`` (Django's wrapper converts them itself and logs the query
    with them in DEBUG mode).
    """

    _FTS_COLUMNS = (
        "doc_id UNINDEXED, question, keywords, answer, normalized UNINDEXED, tokenize = 'unicode61'"
    )
    CREATE = (
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {{t}} USING fts5({_FTS_COLUMNS})",
        "CREATE TABLE IF NOT EXISTS {t}_terms "
        "(term TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID",
        "CREATE TABLE IF NOT EXISTS {t}_stats "
        "(name TEXT PRIMARY KEY, value REAL NOT NULL) WITHOUT ROWID",
    )
    CREATE_TEMPORARY = (
        f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{{t}} USING fts5({_FTS_COLUMNS})",
        "CREATE TEMP TABLE IF NOT EXISTS {t}_terms "
        "(term TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID",
        "CREATE TEMP TABLE IF NOT EXISTS {t}_stats "
        "(name TEXT PRIMARY KEY, value REAL NOT NULL) WITHOUT ROWID",
    )
    CONFIGURE_RANK = "INSERT INTO {t} ({t}, rank) VALUES ('rank', %s)"
    SELECT_BY_ROWID = (
        "SELECT doc_id, question, keywords, answer, normalized FROM {t} "
        "WHERE rowid IN (SELECT value FROM json_each(%s))"
    )
    DELETE_BY_ROWID = "DELETE FROM {t} WHERE rowid IN (SELECT value FROM json_each(%s))"
    INSERT = (
        "INSERT INTO {t} (rowid, doc_id, question, keywords, answer, normalized) "
        "VALUES (%s, %s, %s, %s, %s, %s)"
    )
    ADD_TO_TERMS = (
        "INSERT INTO {t}_terms (term, df) VALUES (%s, %s) "
        "ON CONFLICT (term) DO UPDATE SET df = df + excluded.df"
    )
    ADD_TO_STATS = (
        "INSERT INTO {t}_stats (name, value) VALUES (%s, %s) "
        "ON CONFLICT (name) DO UPDATE SET value = value + excluded.value"
    )
    DELETE_UNUSED_TERMS = (
        "DELETE FROM {t}_terms WHERE df <= 0 AND term IN (SELECT value FROM json_each(%s))"
    )
    SELECT_DF = "SELECT term, df FROM {t}_terms WHERE term IN (SELECT value FROM json_each(%s))"
    SELECT_CANDIDATES = (
        "SELECT doc_id, question, keywords, answer, normalized FROM {t} "
        "WHERE {t} MATCH %s ORDER BY rank, doc_id LIMIT %s"
    )

    def __init__(self, connection: Connection, *, candidates: int = DEFAULT_CANDIDATES) -> None:
        super().__init__(connection, candidates=candidates)
        self._qmark = isinstance(connection, sqlite3.Connection)

    def _sql(self, template: str, table: str) -> str:
        sql = super()._sql(template, table)
        return sql.replace("%s", "?") if self._qmark else sql

    @staticmethod
    def rowid(doc_id: str) -> int:
        """Stable signed 64-bit rowid of a doc id, so lookups by id use the rowid."""
        digest = hashlib.blake2b(doc_id.encode(), digest_size=8).digest()
        return int.from_bytes(digest, "big", signed=True)

    def _configure(self, cursor: Cursor, table: str) -> None:
        weights = ", ".join(f"{FIELD_WEIGHTS[name]:.4f}" for name in FIELDS)
        cursor.execute(self._sql(self.CONFIGURE_RANK, table), (f"bm25(0.0, {weights}, 0.0)",))

    def _rowids(self, doc_ids: Iterable[str]) -> str:
        return json.dumps([self.rowid(doc_id) for doc_id in doc_ids])

    def _fetch_documents(self, cursor: Cursor, table: str, doc_ids: list[str]) -> list[Candidate]:
        cursor.execute(self._sql(self.SELECT_BY_ROWID, table), (self._rowids(doc_ids),))
        found = [_candidate(row) for row in cursor.fetchall()]
        wanted = set(doc_ids)
        for candidate in found:
            if candidate.doc_id not in wanted:
                raise ValueError(f"doc id {candidate.doc_id!r} collides with one being written")
        return found

    def _delete(self, cursor: Cursor, table: str, doc_ids: list[str]) -> None:
        cursor.execute(self._sql(self.DELETE_BY_ROWID, table), (self._rowids(doc_ids),))

    def _insert(self, cursor: Cursor, table: str, docs: list[PreparedDocument]) -> None:
        rows = [(self.rowid(doc.doc_id), *doc.row()) for doc in docs]
        cursor.executemany(self._sql(self.INSERT, table), rows)

    def _add_to_terms(self, cursor: Cursor, table: str, items: list[tuple[str, int]]) -> None:
        cursor.executemany(self._sql(self.ADD_TO_TERMS, table), items)

    def _add_to_stats(self, cursor: Cursor, table: str, items: list[tuple[str, float]]) -> None:
        cursor.executemany(self._sql(self.ADD_TO_STATS, table), items)

    def _delete_unused_terms(self, cursor: Cursor, table: str, terms: list[str]) -> None:
        cursor.execute(self._sql(self.DELETE_UNUSED_TERMS, table), (json.dumps(terms),))

    def _fetch_df(self, cursor: Cursor, table: str, terms: list[str]) -> dict[str, int]:
        cursor.execute(self._sql(self.SELECT_DF, table), (json.dumps(terms),))
        return dict(cursor.fetchall())

    def _candidate_params(self, words: Sequence[str]) -> tuple[Any, ...]:
        match = " OR ".join('"' + word.replace('"', '""') + '"' for word in words)
        return (match, self.candidates)


class PostgresBackend(SearchBackend):
    """PostgreSQL full-text search over pre-segmented text ('simple' configuration)."""

    _TABLE = (
        "TABLE IF NOT EXISTS {t} ("
        "doc_id text PRIMARY KEY, "
        "question text NOT NULL DEFAULT '', "
        "keywords text NOT NULL DEFAULT '', "
        "answer text NOT NULL DEFAULT '', "
        "normalized text NOT NULL DEFAULT '', "
        "search_vector tsvector GENERATED ALWAYS AS ("
        "setweight(to_tsvector('simple'::regconfig, question), 'A') || "
        "setweight(to_tsvector('simple'::regconfig, keywords), 'B') || "
        "setweight(to_tsvector('simple'::regconfig, answer), 'C')) STORED)"
    )
    # Without the pending list every search reads an up-to-date index (no list scan).
    _INDEX = (
        "CREATE INDEX IF NOT EXISTS {t}_search_idx ON {t} "
        "USING gin (search_vector) WITH (fastupdate = off)"
    )
    _TERMS = "TABLE IF NOT EXISTS {t}_terms (term text PRIMARY KEY, df integer NOT NULL)"
    _STATS = (
        "TABLE IF NOT EXISTS {t}_stats (name text PRIMARY KEY, value double precision NOT NULL)"
    )
    CREATE = (f"CREATE {_TABLE}", _INDEX, f"CREATE {_TERMS}", f"CREATE {_STATS}")
    CREATE_TEMPORARY = (
        f"CREATE TEMP {_TABLE}",
        _INDEX,
        f"CREATE TEMP {_TERMS}",
        f"CREATE TEMP {_STATS}",
    )
    SELECT_BY_ID = (
        "SELECT doc_id, question, keywords, answer, normalized FROM {t} WHERE doc_id = ANY(%s)"
    )
    DELETE_BY_ID = "DELETE FROM {t} WHERE doc_id = ANY(%s)"
    INSERT = (
        "INSERT INTO {t} (doc_id, question, keywords, answer, normalized) "
        "SELECT * FROM unnest(%s::text[], %s::text[], %s::text[], %s::text[], %s::text[])"
    )
    ADD_TO_TERMS = (
        "INSERT INTO {t}_terms (term, df) SELECT * FROM unnest(%s::text[], %s::integer[]) "
        "ON CONFLICT (term) DO UPDATE SET df = {t}_terms.df + EXCLUDED.df"
    )
    ADD_TO_STATS = (
        "INSERT INTO {t}_stats (name, value) "
        "SELECT * FROM unnest(%s::text[], %s::double precision[]) "
        "ON CONFLICT (name) DO UPDATE SET value = {t}_stats.value + EXCLUDED.value"
    )
    DELETE_UNUSED_TERMS = "DELETE FROM {t}_terms WHERE df <= 0 AND term = ANY(%s)"
    SELECT_DF = "SELECT term, df FROM {t}_terms WHERE term = ANY(%s)"
    # Only the best doc ids are ranked and sorted; the columns are read for them alone.
    # ts_rank's first parameter holds the weights of D, C, B and A; its last argument 1
    # divides the rank by 1 + log(document length). ts_rank_cd (cover density) selects
    # worse candidates for these OR queries (recall@5 0.713 against 0.728 on
    # letters_replies), as the proximity of alternative words means little.
    SELECT_CANDIDATES = (
        "SELECT doc_id, question, keywords, answer, normalized FROM {t} WHERE doc_id IN ("
        "SELECT doc_id FROM {t}, to_tsquery('simple', %s) AS query "
        "WHERE search_vector @@ query "
        "ORDER BY ts_rank(%s::float4[], search_vector, query, 1) DESC, doc_id LIMIT %s)"
    )

    def __init__(self, connection: Connection, *, candidates: int = DEFAULT_CANDIDATES) -> None:
        super().__init__(connection, candidates=candidates)
        top = FIELD_WEIGHTS["question"]
        self._rank_weights = [
            0.0,
            FIELD_WEIGHTS["answer"] / top,
            FIELD_WEIGHTS["keywords"] / top,
            1.0,
        ]

    def _configure(self, cursor: Cursor, table: str) -> None:
        """Nothing to configure: the rank weights are query parameters."""

    def _fetch_documents(self, cursor: Cursor, table: str, doc_ids: list[str]) -> list[Candidate]:
        cursor.execute(self._sql(self.SELECT_BY_ID, table), (doc_ids,))
        return [_candidate(row) for row in cursor.fetchall()]

    def _delete(self, cursor: Cursor, table: str, doc_ids: list[str]) -> None:
        cursor.execute(self._sql(self.DELETE_BY_ID, table), (doc_ids,))

    def _insert(self, cursor: Cursor, table: str, docs: list[PreparedDocument]) -> None:
        columns = [list(column) for column in zip(*(doc.row() for doc in docs), strict=True)]
        cursor.execute(self._sql(self.INSERT, table), columns)

    def _add_to_terms(self, cursor: Cursor, table: str, items: list[tuple[str, int]]) -> None:
        cursor.execute(
            self._sql(self.ADD_TO_TERMS, table), [list(c) for c in zip(*items, strict=True)]
        )

    def _add_to_stats(self, cursor: Cursor, table: str, items: list[tuple[str, float]]) -> None:
        if items:
            columns = [list(c) for c in zip(*items, strict=True)]
            cursor.execute(self._sql(self.ADD_TO_STATS, table), columns)

    def _delete_unused_terms(self, cursor: Cursor, table: str, terms: list[str]) -> None:
        cursor.execute(self._sql(self.DELETE_UNUSED_TERMS, table), (terms,))

    def _fetch_df(self, cursor: Cursor, table: str, terms: list[str]) -> dict[str, int]:
        cursor.execute(self._sql(self.SELECT_DF, table), (terms,))
        return dict(cursor.fetchall())

    def _candidate_params(self, words: Sequence[str]) -> tuple[Any, ...]:
        quoted = ("'" + word.replace("\\", "\\\\").replace("'", "''") + "'" for word in words)
        return (" | ".join(quoted), self._rank_weights, self.candidates)


def backend_for_connection(connection: Any) -> SearchBackend:
    """The backend for a Django connection, chosen by its ``vendor``."""
    if connection.vendor == "postgresql":
        return PostgresBackend(connection)
    if connection.vendor == "sqlite":
        return SQLiteFTS5Backend(connection)
    raise RuntimeError(f"知识库检索不支持该数据库：{connection.vendor}")
