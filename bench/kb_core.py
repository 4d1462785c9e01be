"""Evaluate the knowledge-base search core on real data and measure its latency.

Retrieval tasks (every row of the file is indexed with only the given column; the row's
query column is the query and the row itself is the right answer):

- qa_department.csv: question -> answer
- letters_replies.csv: title -> reply

Similar-question suggestions (what ``/api/v1/kb/suggest/`` shows while a letter is typed,
the same search with the page's 5 results):

- letters_replies.csv: every row indexed as an entry drafted from a replied letter
  (question = title, answer = reply); the letter's body alone is what is typed; right
  is its own entry among the 5 suggestions (hit@1, hit@5, MRR) and coverage is the share
  of letters that get any suggestion;
- qa_department.csv: every question typed against all other entries (its own left out);
  relevance@5 is the share of the suggestions shown that come from the same department
  (a related answer), beside the share a random pick would have (chance).

    python bench/kb_core.py --data-dir ../shared/data [--backend sqlite|postgres]
    python bench/kb_core.py --data-dir ../shared/data --backend postgres --synthetic 100000

``--synthetic N`` instead indexes N documents made by recombining sentences of both
files (in memory; nothing is written to the repository) and reports search latency.
Indexes are temporary tables, dropped at the end.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import sqlite3
import statistics
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from knowledge_base.search_backends import (
    DEFAULT_CANDIDATES,
    PostgresBackend,
    SearchBackend,
    SQLiteFTS5Backend,
)
from knowledge_base.search_core import Document

TABLE = "kbtest_bench"
DEFAULT_DSN = "postgresql://root@127.0.0.1:5432/test"


@dataclass(frozen=True)
class Task:
    file: str
    query: str
    answer: str


TASKS = (
    Task("qa_department.csv", query="question", answer="answer"),
    Task("letters_replies.csv", query="title", answer="reply"),
)


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def connect(backend: str, dsn: str) -> Any:
    if backend == "sqlite":
        return sqlite3.connect(":memory:")
    import psycopg

    connection = psycopg.connect(dsn)
    # The indexes are temporary tables, which live in session-local buffers (8MB by
    # default); give them room as a production server's shared_buffers would.
    connection.execute("SET temp_buffers = '1GB'")
    return connection


def make_backend(name: str, connection: Any, candidates: int) -> SearchBackend:
    if name == "sqlite":
        return SQLiteFTS5Backend(connection, candidates=candidates)
    return PostgresBackend(connection, candidates=candidates)


def timed_search(backend: SearchBackend, query: str) -> tuple[list[str], float]:
    start = time.perf_counter()
    hits = backend.search(TABLE, query, limit=10)
    return [hit.doc_id for hit in hits], (time.perf_counter() - start) * 1000.0


def run_task(backend: SearchBackend, connection: Any, task: Task, data_dir: Path) -> str:
    rows = read_rows(data_dir / task.file)
    backend.create_index(TABLE, temporary=True)
    try:
        started = time.perf_counter()
        backend.add_documents(
            TABLE, (Document(i, answer=row[task.answer]) for i, row in enumerate(rows))
        )
        connection.commit()
        index_s = time.perf_counter() - started
        ranks: list[int | None] = []
        latencies: list[float] = []
        for i, row in enumerate(rows):
            if not row[task.query].strip():
                continue
            doc_ids, elapsed = timed_search(backend, row[task.query])
            latencies.append(elapsed)
            ranks.append(doc_ids.index(str(i)) + 1 if str(i) in doc_ids else None)
    finally:
        backend.drop_index(TABLE)
        connection.commit()
    n = len(ranks)
    recall1 = sum(1 for r in ranks if r == 1) / n
    recall5 = sum(1 for r in ranks if r is not None and r <= 5) / n
    mrr = sum(1.0 / r for r in ranks if r is not None) / n
    return (
        f"{task.file:<22} {recall1:>8.3f} {recall5:>8.3f} {mrr:>7.3f} {n:>6} "
        f"{statistics.median(latencies):>7.1f} {percentile(latencies, 0.95):>7.1f} "
        f"{index_s:>8.1f}"
    )


SUGGESTIONS = 5  # what the write page and /api/v1/kb/suggest/ show


def suggest_own_entry(backend: SearchBackend, connection: Any, data_dir: Path) -> str:
    rows = [r for r in read_rows(data_dir / "letters_replies.csv") if r["body"].strip()]
    backend.create_index(TABLE, temporary=True)
    try:
        backend.add_documents(
            TABLE,
            (Document(i, question=r["title"], answer=r["reply"]) for i, r in enumerate(rows)),
        )
        connection.commit()
        ranks: list[int | None] = []
        shown = 0
        for i, row in enumerate(rows):
            doc_ids, _ = timed_search(backend, row["body"])
            doc_ids = doc_ids[:SUGGESTIONS]
            shown += bool(doc_ids)
            ranks.append(doc_ids.index(str(i)) + 1 if str(i) in doc_ids else None)
    finally:
        backend.drop_index(TABLE)
        connection.commit()
    n = len(ranks)
    hit1 = sum(1 for r in ranks if r == 1) / n
    hit5 = sum(1 for r in ranks if r is not None) / n
    mrr = sum(1.0 / r for r in ranks if r is not None) / n
    return (
        f"suggest letters_replies body -> own entry: hit@1={hit1:.3f} hit@5={hit5:.3f} "
        f"mrr@5={mrr:.3f} coverage={shown / n:.3f} n={n}"
    )


def suggest_same_department(backend: SearchBackend, connection: Any, data_dir: Path) -> str:
    rows = [r for r in read_rows(data_dir / "qa_department.csv") if r["question"].strip()]
    backend.create_index(TABLE, temporary=True)
    try:
        backend.add_documents(
            TABLE,
            (Document(i, question=r["question"], answer=r["answer"]) for i, r in enumerate(rows)),
        )
        connection.commit()
        related = shown = top_related = top_shown = 0
        for i, row in enumerate(rows):
            doc_ids, _ = timed_search(backend, row["question"])
            others = [int(d) for d in doc_ids if d != str(i)][:SUGGESTIONS]
            same = [rows[d]["department"] == row["department"] for d in others]
            related += sum(same)
            shown += len(same)
            if same:
                top_related += same[0]
                top_shown += 1
    finally:
        backend.drop_index(TABLE)
        connection.commit()
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["department"]] = counts.get(row["department"], 0) + 1
    chance = sum((c / len(rows)) ** 2 for c in counts.values())
    return (
        f"suggest qa_department question -> other entries: relevance@1={top_related / top_shown:.3f} "
        f"relevance@5={related / shown:.3f} (chance {chance:.3f}) "
        f"suggestions/query={shown / len(rows):.2f} n={len(rows)}"
    )


def synthetic_documents(
    sentences: Sequence[str], questions: Sequence[str], count: int, rng: random.Random
) -> Iterator[Document]:
    for i in range(count):
        answer = "。".join(rng.sample(sentences, rng.randint(2, 6))) + "。"
        yield Document(i, question=rng.choice(questions), answer=answer)


def run_synthetic(
    backend: SearchBackend, connection: Any, data_dir: Path, count: int, queries: int
) -> str:
    rng = random.Random(20240601)
    sentences: list[str] = []
    questions: list[str] = []
    for task in TASKS:
        for row in read_rows(data_dir / task.file):
            questions.append(row[task.query].strip())
            sentences.extend(s for s in re.split(r"[。！？!?\n]+", row[task.answer]) if s.strip())
    questions = [q for q in questions if q]
    backend.create_index(TABLE, temporary=True)
    try:
        started = time.perf_counter()
        backend.add_documents(TABLE, synthetic_documents(sentences, questions, count, rng))
        connection.commit()
        index_s = time.perf_counter() - started
        sample = rng.sample(questions, queries)
        for query in sample[:20]:  # warm caches
            timed_search(backend, query)
        latencies = [timed_search(backend, query)[1] for query in sample]
    finally:
        backend.drop_index(TABLE)
        connection.commit()
    return (
        f"synthetic {count} docs, {queries} queries: p50_ms={statistics.median(latencies):.1f} "
        f"p95_ms={percentile(latencies, 0.95):.1f} max_ms={max(latencies):.1f} "
        f"index_s={index_s:.1f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--backend", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--dsn", default=DEFAULT_DSN, help="PostgreSQL connection string")
    parser.add_argument("--candidates", type=int, default=DEFAULT_CANDIDATES)
    parser.add_argument("--synthetic", type=int, metavar="N", help="latency run on N docs")
    parser.add_argument("--queries", type=int, default=500, help="queries of the latency run")
    args = parser.parse_args()

    connection = connect(args.backend, args.dsn)
    backend = make_backend(args.backend, connection, args.candidates)
    try:
        print(f"backend={args.backend} candidates={args.candidates}")
        if args.synthetic:
            print(run_synthetic(backend, connection, args.data_dir, args.synthetic, args.queries))
            return
        print(
            f"{'file':<22} {'recall@1':>8} {'recall@5':>8} {'mrr@10':>7} {'n':>6} "
            f"{'p50_ms':>7} {'p95_ms':>7} {'index_s':>8}"
        )
        for task in TASKS:
            print(run_task(backend, connection, task, args.data_dir), flush=True)
        print(suggest_own_entry(backend, connection, args.data_dir), flush=True)
        print(suggest_same_department(backend, connection, args.data_dir), flush=True)
    finally:
        connection.close()


if __name__ == "__main__":
    main()
