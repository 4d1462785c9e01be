"""Supervision report on a year of letters (PostgreSQL).

    python bench/supervision_reports.py
    python bench/supervision_reports.py --rows 1000000 \
        --database-url postgres://root@127.0.0.1:5432/desk_bench_reports

Recreates the scratch database, migrates it, and inserts ``--rows`` letters received
over 2026 across 20 departments (1 in 50 never dispatched), with plausible statuses,
reply delays (some late), deadlines, ratings and pauses, three timeline events per
letter, 退回 events for 2 % and extension requests for 3 % of the letters. Then times
``supervision.reports.build_report`` for the year (target <= 5 s), a quarter and a
month, and the Excel export of the year, and prints the plan of the main aggregate.
The last line is a JSON object with the figures.

``--extra-indexes`` first creates the two optional indexes proposed for the models (not
needed for the 5 s target): a partial index on 退回 events by time, and an index on
``Letter.replied_at`` for monthly reports. ``--keep`` reuses the populated database.
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

DEPARTMENTS = 20
# Proposed for letters/models.py; created here by hand (same names, so a later migration
# that adds them to the models finds them under the name it expects).
EXTRA_INDEXES = [
    "CREATE INDEX IF NOT EXISTS letterevent_return_at ON letters_letterevent (at) "
    "WHERE action = 'return'",
    "CREATE INDEX IF NOT EXISTS letter_replied_at ON letters_letter (replied_at)",
]


def recreate_database(database_url: str) -> None:
    import psycopg

    name = database_url.rsplit("/", 1)[1]
    with psycopg.connect(database_url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


# One row per g: r picks the outcome, the department is NULL for 1 in 50 (未分办, which
# are submitted, accepted, rejected or merged), received_at spreads g evenly over 2026.
# Answered letters reply 2 hours to ~9 days after receipt; the deadline is about three
# working days (end of the 5th calendar day), so roughly a third reply late.
INSERT_LETTERS = """
INSERT INTO letters_letter (
    tracking_number, query_code, idempotency_fingerprint, kind, title, body, name, phone,
    email, id_number, address, phone_hash, id_number_hash,
    consent_public, url, error_type, status, department_id,
    designated, review_level, reply_text, public_text, reject_reason, reject_channel,
    accepted_at, replied_at, closed_at, rating, rating_comment, rating_implicit,
    reopen_count, received_at, routing_suggestions, clock_started_on, clock_paused_on,
    deadline_at, deadline_provisional, deadline_derivation, due_soon, overdue,
    supervised, veto, kind_suggestion, public_title, public_body, created_at, updated_at,
    sensitive_hits, sensitive_flagged
)
SELECT
    'BR' || lpad(g::text, 10, '0'), 'ABCDEFGH', '', kind, '基准测试来信', '正文',
    '测试', '', '', '', '', '', '', false, '', '', status, department_id,
    false, 0, '', '', '', '',
    CASE WHEN department_id IS NOT NULL OR status = 'accepted'
         THEN received_at + interval '1 hour' END,
    CASE WHEN status IN ('replied', 'published', 'closed') THEN replied_at END,
    CASE WHEN status IN ('closed', 'rejected', 'merged') THEN replied_at END,
    CASE WHEN status IN ('replied', 'published', 'closed')
         THEN (ARRAY['satisfied', 'satisfied', 'basically_satisfied', 'unsatisfied', '', ''])
              [1 + (g %% 6)]
         ELSE '' END,
    '', false, 0, received_at, '[]'::jsonb, received_at::date,
    CASE WHEN status = 'paused' THEN (received_at + interval '2 days')::date END,
    date_trunc('day', received_at) + interval '6 days' - interval '1 second',
    false, '{}'::jsonb, false, false, false, false, '', '', '', received_at, received_at,
    '[]'::jsonb, false
FROM (
    SELECT
        g,
        received_at,
        received_at + make_interval(mins => 120 + ((g * 7919) %% 13000)::int) AS replied_at,
        CASE WHEN g %% 50 = 0 THEN NULL ELSE 1 + ((g * 31) %% %(departments)s)::int
        END + %(department_offset)s AS department_id,
        (ARRAY['consultation', 'consultation', 'consultation', 'consultation',
               'consultation', 'consultation', 'complaint', 'complaint', 'complaint',
               'suggestion', 'suggestion', 'help', 'help', 'report', 'leader_mail',
               'leader_mail', 'site_error', 'site_error', 'opinion', 'consultation'])
            [1 + ((g * 13) %% 20)] AS kind,
        CASE
            WHEN g %% 50 = 0 THEN
                (ARRAY['submitted', 'accepted', 'rejected', 'merged'])[1 + ((g / 50) %% 4)]
            WHEN r < 30 THEN 'replied'
            WHEN r < 45 THEN 'published'
            WHEN r < 85 THEN 'closed'
            WHEN r < 88 THEN 'dispatched'
            WHEN r < 93 THEN 'in_progress'
            WHEN r < 95 THEN 'under_review'
            WHEN r < 97 THEN 'paused'
            ELSE 'returned'
        END AS status
    FROM (
        SELECT
            g,
            (g * 37) %% 100 AS r,
            timestamptz '2026-01-01 00:00:00+08'
                + ((g - 1)::double precision / %(rows)s) * interval '365 days' AS received_at
        FROM generate_series(%(low)s::bigint, %(high)s::bigint) AS g
    ) AS base
) AS letters
"""

# submit, dispatch and one later event per letter: a realistic timeline table to scan.
INSERT_EVENTS = """
INSERT INTO letters_letterevent (
    letter_id, at, action, from_status, to_status, note, public_note, public, data
)
SELECT id, received_at + step * interval '3 hours',
       (ARRAY['submit', 'dispatch', 'sign'])[step], '', '', '', '', true, '{}'::jsonb
FROM letters_letter CROSS JOIN generate_series(1, 3) AS step
WHERE id BETWEEN %(low)s AND %(high)s
"""

# Run without parameters: a literal % here.
INSERT_RETURNS = """
INSERT INTO letters_letterevent (
    letter_id, at, actor_id, action, from_status, to_status, note, public_note, public, data
)
SELECT l.id, l.received_at + interval '5 hours', u.user_id, 'return', 'dispatched',
       'returned', '不属本单位职责', '', true, '{}'::jsonb
FROM letters_letter l
JOIN letters_staffprofile u ON u.department_id = l.department_id
WHERE l.id % 50 = 7
"""

INSERT_EXTENSIONS = """
INSERT INTO letters_extensionrequest (
    letter_id, working_days, reason, status, requested_by_id, requested_at, decided_at,
    decision_note
)
SELECT l.id, 3, '需现场核查', CASE WHEN l.id % 3 = 0 THEN 'denied' ELSE 'approved' END,
       u.user_id, l.received_at + interval '1 day', l.received_at + interval '2 days', ''
FROM letters_letter l
JOIN letters_staffprofile u ON u.department_id = l.department_id
WHERE l.id % 100 IN (11, 22, 33)
"""


def populate(rows: int) -> float:
    from django.contrib.auth.models import Group, User
    from django.db import connection

    from org.models import Department, DepartmentLevel, StaffProfile

    departments = [
        Department.objects.create(
            code=f"B{i:03d}", name=f"基准市第{i}局", level=DepartmentLevel.DEPARTMENT, sort_order=i
        )
        for i in range(1, DEPARTMENTS + 1)
    ]
    handlers = Group.objects.get(name="handler")
    for department in departments:
        user = User.objects.create(username=f"handler{department.code}")
        user.groups.add(handlers)
        StaffProfile.objects.create(user=user, department=department)
    offset = departments[0].pk - 1
    began = time.perf_counter()
    with connection.cursor() as cursor:
        batch = 200_000
        for low in range(1, rows + 1, batch):
            params = {
                "low": low,
                "high": min(low + batch - 1, rows),
                "rows": rows,
                "departments": DEPARTMENTS,
                "department_offset": offset,
            }
            cursor.execute(INSERT_LETTERS, params)
        cursor.execute("SELECT min(id), max(id) FROM letters_letter")
        first, last = cursor.fetchone()
        for low in range(first, last + 1, batch):
            cursor.execute(INSERT_EVENTS, {"low": low, "high": low + batch - 1})
        cursor.execute(INSERT_RETURNS)
        cursor.execute(INSERT_EXTENSIONS)
        for table in ("letters_letter", "letters_letterevent", "letters_extensionrequest"):
            cursor.execute(f"VACUUM ANALYZE {table}")
    return time.perf_counter() - began


def timed(call: object, runs: int = 3) -> tuple[float, float, object]:
    """(first run, best run, result) in seconds."""
    assert callable(call)
    times, result = [], None
    for _ in range(runs):
        began = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - began)
    return times[0], min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument(
        "--database-url", default="postgres://root@127.0.0.1:5432/desk_bench_reports"
    )
    parser.add_argument(
        "--keep", action="store_true", help="reuse the populated database (no recreate)"
    )
    parser.add_argument(
        "--extra-indexes", action="store_true", help="create the optional indexes first"
    )
    args = parser.parse_args()

    if not args.keep:
        recreate_database(args.database_url)
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "desk.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from letters.models import Letter
    from supervision.metrics import build_report
    from supervision.report_xlsx import report_to_xlsx

    figures: dict[str, object] = {}
    if not args.keep:
        call_command("migrate", verbosity=0)
        figures["insert_s"] = round(populate(args.rows), 1)
    figures["letters"] = Letter.objects.count()
    with connection.cursor() as cursor:
        for statement in EXTRA_INDEXES if args.extra_indexes else []:
            cursor.execute(statement)
        if args.extra_indexes:
            cursor.execute("ANALYZE letters_letter")
            cursor.execute("ANALYZE letters_letterevent")
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE indexname = ANY(%s)",
            [["letterevent_return_at", "letter_replied_at"]],
        )
        figures["extra_indexes"] = sorted(row[0] for row in cursor.fetchall())

    build_report("2026-01")  # loads the calendar once, as a running process would have
    with CaptureQueriesContext(connection) as queries:
        first, best, report = timed(lambda: build_report("2026"))
    assert report is not None
    total = report.total  # type: ignore[attr-defined]
    figures |= {
        "build_report_2026_first_s": round(first, 3),
        "build_report_2026_s": round(best, 3),
        "queries_per_report": len(queries) // 3,
        "received": total.received,
        "replied": total.replied,
        "reply_rate": round(total.reply_rate, 4),
        "on_time_rate": round(total.on_time_rate, 4),
        "overdue": total.overdue,
        "avg_reply_working_days": round(total.avg_reply_working_days, 2),
        "returns": total.returns,
        "extensions": total.extensions,
    }
    for period in ("2026-Q4", "2026-11"):
        _, best, _ = timed(lambda period=period: build_report(period))
        figures[f"build_report_{period.replace('-', '_')}_s"] = round(best, 3)
    _, best, data = timed(lambda: report_to_xlsx(report), runs=1)
    figures["xlsx_2026_s"] = round(best, 3)
    figures["xlsx_bytes"] = len(data)  # type: ignore[arg-type]

    main_sql = next(q["sql"] for q in queries.captured_queries if "FILTER" in q["sql"])
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + main_sql)
        print("-- EXPLAIN main aggregate of build_report('2026')")
        print("\n".join(row[0] for row in cursor.fetchall()))
    for q in queries.captured_queries[: figures["queries_per_report"]]:  # type: ignore[misc]
        print(f"-- {q['time']} s: {q['sql'][:160]}")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
