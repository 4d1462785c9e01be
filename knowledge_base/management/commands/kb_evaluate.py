"""Evaluate knowledge-base search on a CSV file: each row's query should find that row.

Usage::

    python manage.py kb_evaluate FILE.csv --query-column question --index-columns answer

Field mapping of the index columns (``--index-columns``, comma-separated, in order):

* a column named ``question``, ``title``, ``问题`` or ``标题`` (any case) → question field;
* the first other index column → answer field;
* any further index columns → keywords field (joined with spaces).

Only the index columns are indexed, so ``--query-column question --index-columns answer``
measures finding an answer from a question that is not itself indexed. Every row becomes
one document (doc id = its row number) in a TEMPORARY index on the current Django
connection, dropped at the end; ``kb_entry_index`` is never touched. Each row's query is
then searched (synonyms from the admin-managed groups, if the database has them), and the last line printed is one
JSON object: recall_at_1, recall_at_5, mrr_at_10 (the row itself is the only right
answer), n (rows evaluated), p50_ms and p95_ms (search latency per query).
"""

from __future__ import annotations

import csv
import json
import math
import sys
import time
import uuid
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction

from knowledge_base.models import SynonymGroup
from knowledge_base.search import backend_for, synonyms
from knowledge_base.search_core import Document

QUESTION_COLUMNS = frozenset({"question", "title", "问题", "标题"})


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile of ``values`` (0.0 for none)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def map_columns(index_columns: list[str]) -> tuple[list[str], list[str], list[str]]:
    """Index columns split into (question, answer, keywords) columns, as documented above."""
    question = [c for c in index_columns if c.strip().lower() in QUESTION_COLUMNS]
    others = [c for c in index_columns if c not in question]
    return question, others[:1], others[1:]


class Command(BaseCommand):
    help = "在临时索引上评估知识库检索：每行的查询列应检索到该行本身，最后一行输出 JSON 指标。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="CSV 文件（首行为列名，UTF-8 编码）")
        parser.add_argument("--query-column", required=True, help="作为查询的列")
        parser.add_argument(
            "--index-columns", required=True, help="建立索引的列，逗号分隔（见命令说明的字段映射）"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        query_column: str = options["query_column"].strip()
        index_columns = [c.strip() for c in options["index_columns"].split(",") if c.strip()]
        if not index_columns:
            raise CommandError("--index-columns 不能为空，请至少指定一列。")
        if not path.is_file():
            raise CommandError(f"找不到文件：{path}")
        csv.field_size_limit(sys.maxsize)
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            header = list(reader.fieldnames or [])
            missing = [c for c in [query_column, *index_columns] if c not in header]
            if missing:
                raise CommandError(
                    f"CSV 文件中没有这些列：{'、'.join(missing)}；现有列：{'、'.join(header) or '（无）'}"
                )
            rows = list(reader)
        question_cols, answer_cols, keyword_cols = map_columns(index_columns)

        def text(row: dict[str, Any], columns: list[str]) -> str:
            return " ".join((row.get(c) or "").strip() for c in columns).strip()

        documents = [
            Document(
                number,
                question=text(row, question_cols),
                keywords=text(row, keyword_cols),
                answer=text(row, answer_cols),
            )
            for number, row in enumerate(rows)
        ]
        table = f"kb_eval_{uuid.uuid4().hex[:12]}"
        backend = backend_for(connection)
        # The admin-managed synonyms when this database has the knowledge-base tables.
        has_synonyms = SynonymGroup._meta.db_table in connection.introspection.table_names()
        synonym_map = synonyms() if has_synonyms else {}
        if not has_synonyms:
            self.stderr.write("数据库尚未迁移知识库表，评估时不使用同义词。")
        ranks: list[int | None] = []
        latencies: list[float] = []
        with transaction.atomic():
            try:
                backend.create_index(table, temporary=True)
                backend.add_documents(table, documents)
                for number, row in enumerate(rows):
                    started = time.perf_counter()
                    hits = backend.search(
                        table, row.get(query_column) or "", limit=10, synonyms=synonym_map
                    )
                    latencies.append((time.perf_counter() - started) * 1000)
                    ids = [hit.doc_id for hit in hits]
                    ranks.append(ids.index(str(number)) + 1 if str(number) in ids else None)
            finally:
                backend.drop_index(table)
        n = len(ranks)
        found = [rank for rank in ranks if rank is not None]
        result = {
            "recall_at_1": round(sum(r == 1 for r in found) / n, 4) if n else 0.0,
            "recall_at_5": round(sum(r <= 5 for r in found) / n, 4) if n else 0.0,
            "mrr_at_10": round(sum(1 / r for r in found) / n, 4) if n else 0.0,
            "n": n,
            "p50_ms": round(percentile(latencies, 0.50), 2),
            "p95_ms": round(percentile(latencies, 0.95), 2),
        }
        self.stdout.write(json.dumps(result, ensure_ascii=False))
