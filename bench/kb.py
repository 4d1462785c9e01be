"""Knowledge-base and publication figures (issue targets), printed as JSON lines.

    python bench/kb.py [--data-dir ../shared/data] [--rows 1000000]
        [--database-url postgres://root@127.0.0.1:5432/desk_bench_kb]

1. ``kb_evaluate`` on qa_department (question → answer) and letters_replies (title →
   reply) on both backends: SQLite (a scratch embedded database) and PostgreSQL.
2. The public listing over ``--rows`` published letters on PostgreSQL: p50/p95 of
   ``GET /api/v1/public/letters/`` first page, a later cursor page and a keyword filter,
   and of the HTML page ``/replies/`` (first page, page 50, keyword).
Search latency with 100,000 entries: ``python bench/kb_core.py --backend postgres
--synthetic 100000``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.deadlines import INSERT_LETTERS, recreate_database  # noqa: E402

EVALUATIONS = [
    ("qa_department.csv", "question", "answer"),
    ("letters_replies.csv", "title", "reply"),
]


def kb_evaluate(data_dir: Path, env: dict[str, str]) -> list[dict[str, object]]:
    results = []
    for name, query, index in EVALUATIONS:
        out = (
            subprocess.run(
                [
                    sys.executable,
                    "manage.py",
                    "kb_evaluate",
                    str(data_dir / name),
                    "--query-column",
                    query,
                    "--index-columns",
                    index,
                ],
                cwd=ROOT,
                env=env,
                check=True,
                capture_output=True,
                text=True,
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        results.append({"file": name, **json.loads(out)})
    return results


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def listing(database_url: str, rows: int) -> dict[str, object]:
    recreate_database(database_url)
    os.environ["DATABASE_URL"] = database_url
    os.environ.pop("REDIS_URL", None)
    os.environ["DESK_RATE_PUBLIC"] = "100000000/min"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "desk.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        for low in range(1, rows + 1, 200_000):
            cursor.execute(INSERT_LETTERS, [low, min(low + 199_999, rows)])
        cursor.execute(
            "UPDATE letters_letter SET published_at = received_at + interval '3 days', "
            "replied_at = received_at + interval '2 days', public_title = '关于小区供暖问题的咨询', "
            "public_text = CASE WHEN id % 10 = 0 THEN '已协调供热公司检修管网。' "
            "ELSE '感谢来信，已转有关部门办理。' END, status = 'published'"
        )
        cursor.execute("VACUUM ANALYZE letters_letter")
    client = Client()
    figures: dict[str, object] = {"rows": rows}
    first = client.get("/api/v1/public/letters/").json()
    cases = {
        "first_page": ("/api/v1/public/letters/", {}),
        "next_page": (first["next"].split("testserver")[-1], {}),
        "keyword": ("/api/v1/public/letters/", {"q": "管网"}),
        "html_first_page": ("/replies/", {}),
        "html_page_50": ("/replies/", {"page": "50"}),
        "html_keyword": ("/replies/", {"q": "管网"}),
    }
    for label, (url, params) in cases.items():
        times = []
        for _ in range(60):
            began = time.perf_counter()
            response = client.get(url, params)
            times.append((time.perf_counter() - began) * 1000)
            assert response.status_code == 200, response.content[:200]
        figures[f"{label}_p50_ms"] = round(statistics.median(times), 1)
        figures[f"{label}_p95_ms"] = round(percentile(times, 95), 1)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data-dir", default=str(ROOT.parent / "shared" / "data"))
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--database-url", default="postgres://root@127.0.0.1:5432/desk_bench_kb")
    parser.add_argument("--skip-evaluate", action="store_true")
    args = parser.parse_args()
    data_dir = Path(args.data_dir)

    if not args.skip_evaluate:
        with tempfile.TemporaryDirectory(prefix="desk-kb-") as var_dir:
            env = {**os.environ, "DESK_VAR_DIR": var_dir}
            env.pop("DATABASE_URL", None)
            env.pop("REDIS_URL", None)
            subprocess.run(
                [sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True
            )
            for row in kb_evaluate(data_dir, env):
                print(json.dumps({"backend": "sqlite", **row}, ensure_ascii=False))
        recreate_database(args.database_url)
        env = {**os.environ, "DATABASE_URL": args.database_url}
        env.pop("REDIS_URL", None)
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True
        )
        for row in kb_evaluate(data_dir, env):
            print(json.dumps({"backend": "postgresql", **row}, ensure_ascii=False))
    print(json.dumps({"public_listing": listing(args.database_url, args.rows)}, ensure_ascii=False))


if __name__ == "__main__":
    main()
