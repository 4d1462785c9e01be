"""Deadline figures: in-process throughput and the supervision queries on PostgreSQL.

    python bench/deadlines.py                      # both parts (PostgreSQL on 127.0.0.1)
    python bench/deadlines.py --rows 1000000 --database-url postgres://root@127.0.0.1:5432/desk_bench

Part 1 times ``WorkCalendar.add_working_days`` with the calendar precomputed (target
>= 100,000/s). Part 2 migrates a scratch PostgreSQL database, inserts ``--rows`` open
letters with deadlines spread around now, and times the due-soon and overdue queries of
``letters.selectors`` (target <= 2 s), printing their EXPLAIN plans to show the index.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def core_throughput(calls: int = 200_000) -> float:
    import random
    from datetime import date

    from workdays.calendar_core import WorkCalendar, seed_overrides_from_chinese_calendar

    overrides, years = seed_overrides_from_chinese_calendar()
    calendar = WorkCalendar(overrides, years, 1)
    rng = random.Random(7)
    first, last = date(2020, 1, 1).toordinal(), date(2027, 12, 31).toordinal()
    pairs = [
        (date.fromordinal(rng.randint(first, last)), rng.choice((2, 3, 7, 15)))
        for _ in range(calls)
    ]
    for start, n in pairs[:20_000]:  # warm-up: every year loaded
        calendar.add_working_days(start, n)
    best = float("inf")
    for _ in range(3):
        began = time.perf_counter()
        for start, n in pairs:
            calendar.add_working_days(start, n)
        best = min(best, time.perf_counter() - began)
    return calls / best


def recreate_database(database_url: str) -> None:
    import psycopg

    name = database_url.rsplit("/", 1)[1]
    with psycopg.connect(database_url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


INSERT_LETTERS = """
INSERT INTO letters_letter (
    tracking_number, query_code, idempotency_fingerprint, kind, title, body, name, phone,
    email, id_number, address, phone_hash, id_number_hash,
    consent_public, url, error_type, status, received_at,
    routing_suggestions, clock_started_on, deadline_at, deadline_provisional,
    deadline_derivation, due_soon, overdue, created_at, updated_at,
    designated, review_level, reply_text, public_text, reject_reason, reject_channel,
    rating, rating_comment, rating_implicit, reopen_count, supervised, veto,
    kind_suggestion, public_title, public_body, sensitive_hits, sensitive_flagged
)
SELECT
    'BX' || lpad(g::text, 10, '0'), 'ABCDEFGH', '', 'consultation', '基准测试来信', '正文',
    '测试', '', '', '', '', '', '', false, '', '',
    (ARRAY['submitted','accepted','dispatched','in_progress','under_review','paused',
           'replied','closed'])[1 + (g %% 8)],
    now() - make_interval(days => (g %% 40)),
    '[]'::jsonb, (now() - make_interval(days => (g %% 40)))::date,
    now() + make_interval(mins => ((g::bigint * 7919) %% 86400)::int - 43200),
    false, '{}'::jsonb, false, false, now(), now(),
    false, 0, '', '', '', '', '', '', false, 0, false, false, '', '', '', '[]'::jsonb, false
FROM generate_series(%s, %s) AS g
"""


def database_part(database_url: str, rows: int) -> dict[str, object]:
    recreate_database(database_url)
    os.environ["DATABASE_URL"] = database_url
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "desk.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from letters.selectors import due_soon_letters, overdue_letters

    call_command("migrate", verbosity=0)
    began = time.perf_counter()
    with connection.cursor() as cursor:
        batch = 200_000
        for low in range(1, rows + 1, batch):
            cursor.execute(INSERT_LETTERS, [low, min(low + batch - 1, rows)])
        # Paused letters keep their status; their clock stops.
        cursor.execute(
            "UPDATE letters_letter SET clock_paused_on = now()::date WHERE status = 'paused'"
        )
        cursor.execute("VACUUM ANALYZE letters_letter")
    insert_seconds = time.perf_counter() - began

    now = timezone.now()
    figures: dict[str, object] = {"rows": rows, "insert_s": round(insert_seconds, 1)}
    for label, queryset in (("overdue", overdue_letters(now)), ("due_soon", due_soon_letters(now))):
        best_count = best_ids = float("inf")
        for _ in range(3):
            began = time.perf_counter()
            count = queryset.count()
            best_count = min(best_count, time.perf_counter() - began)
            began = time.perf_counter()
            ids = list(queryset.values_list("id", flat=True))
            best_ids = min(best_ids, time.perf_counter() - began)
        figures[f"{label}_rows"] = count
        figures[f"{label}_count_s"] = round(best_count, 3)
        figures[f"{label}_fetch_ids_s"] = round(best_ids, 3)
        assert len(ids) == count
        print(f"-- EXPLAIN {label}")
        print(queryset.values_list("id", flat=True).explain(analyze=True))
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--database-url", default="postgres://root@127.0.0.1:5432/desk_bench")
    parser.add_argument("--skip-database", action="store_true")
    args = parser.parse_args()

    result: dict[str, object] = {"deadlines_per_second": round(core_throughput())}
    print(
        f"add_working_days: {result['deadlines_per_second']:,} deadlines/s (precomputed calendar)"
    )
    if not args.skip_database:
        result |= database_part(args.database_url, args.rows)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
