"""Supervision scan over 1,000,000 open letters on PostgreSQL (target <= 2 s).

    python bench/supervision.py [--rows 1000000] [--database-url postgres://root@127.0.0.1:5432/desk_bench]

Reuses the letter generator of bench/deadlines.py, then times ``supervision_scan``
twice: the first scan (flags and alerts for every late letter at once) and, after the
VACUUM that autovacuum would run, a steady-state scan a minute later (only what changed),
as the beat schedule runs it every 10 minutes.
The yearly report figures are printed by bench/supervision_reports.py.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.deadlines import INSERT_LETTERS, recreate_database  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--database-url", default="postgres://root@127.0.0.1:5432/desk_bench")
    args = parser.parse_args()

    recreate_database(args.database_url)
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "desk.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from supervision.services import supervision_scan

    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        for low in range(1, args.rows + 1, 200_000):
            cursor.execute(INSERT_LETTERS, [low, min(low + 199_999, args.rows)])
        cursor.execute(
            "UPDATE letters_letter SET clock_paused_on = now()::date WHERE status = 'paused'"
        )
        cursor.execute("VACUUM ANALYZE letters_letter")

    now = timezone.now()
    began = time.perf_counter()
    first = supervision_scan(now)
    first_s = time.perf_counter() - began
    # Autovacuum follows a mass update like the first scan's; do it now, not by chance.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE letters_letter")
        cursor.execute("VACUUM ANALYZE letters_supervisionalert")
    began = time.perf_counter()
    steady = supervision_scan(now + timedelta(minutes=1))
    steady_s = time.perf_counter() - began
    print(
        json.dumps(
            {
                "rows": args.rows,
                "first_scan_s": round(first_s, 2),
                "steady_scan_s": round(steady_s, 2),
                "first": first.as_dict(),
                "steady_new_alerts": steady.new_alerts,
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
