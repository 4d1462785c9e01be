"""Worker throughput: how fast Celery workers route letters on PostgreSQL + Redis.

Recreates a scratch PostgreSQL database, loads the demo city with its training letters,
trains the routers, starts ``celery -A desk worker --pool prefork --concurrency 2`` and
prints, as JSON lines:

- ``burst``: ``-n`` letters (default 2,000) submitted as fast as the submitting process
  can (``letter_submit``, the service behind the API: committed, then relayed to Redis by
  the outbox) while the workers run; seconds from the first submission to the last letter
  routed (suggestions stored and, when confident, dispatched), routing lag p50/p95/max;
- ``backlog``: the same number of letters committed while no worker runs, then the workers
  started: seconds until all are routed (the worker side alone, a deep queue);
- ``sustained``: ``--rate`` letters/s (default 20) for ``--seconds`` (default 60); routing
  lag (``routed_at - received_at``) p50/p95/max;
- ``new database sessions`` opened during each phase (``pg_stat_database.sessions``): a
  worker that keeps its connection opens a handful, not one per task.

    python bench/worker_throughput.py --database-url postgres://root@127.0.0.1:5432/desk_bench_worker \
        --redis-url redis://127.0.0.1:6379/14
    python bench/worker_throughput.py ... --profile 300   # cProfile of in-process routing

The submitting process shares the machine's cores with the workers and PostgreSQL, as a
web server would. Targets (issue #17): burst <= 60 s with two worker processes, sustained
lag p95 <= 2 s at 20 letters/s.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.intake import ensure_postgres_database, percentile  # noqa: E402


def prepare(database_url: str, redis_url: str, var_dir: str) -> dict[str, str]:
    """A fresh database with the demo city and trained routers; the environment to use."""
    env = {
        **os.environ,
        "DESK_VAR_DIR": var_dir,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "DESK_LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "desk.settings",
    }
    ensure_postgres_database(database_url)
    python = sys.executable
    for command in (
        ["migrate", "-v0"],
        ["load_demo"],
        ["load_demo_training"],
        ["train_router"],
        ["train_router", "--task", "kind"],
    ):
        subprocess.run(
            [python, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    import redis

    redis.Redis.from_url(redis_url).flushdb()
    os.environ.update(env)
    return env


def start_workers(env: dict[str, str], concurrency: int, log: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "desk",
            "worker",
            "--pool",
            "prefork",
            "--concurrency",
            str(concurrency),
            "--loglevel",
            "WARNING",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log.open("ab"),
        start_new_session=True,
    )


def stop_workers(process: subprocess.Popen[bytes]) -> None:
    import signal

    if process.poll() is None:
        process.terminate()  # warm shutdown: the pool finishes its tasks
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


class Submitter:
    """Submits letters with texts of the demo training data (mixed departments)."""

    def __init__(self) -> None:
        from routing.models import HistoricalLetter

        self.texts = list(HistoricalLetter.objects.values_list("title", "body")[:400])
        self.kinds = ["consultation", "complaint", "suggestion", "help"]
        self.counter = 0
        self.lock = threading.Lock()

    def submit(self) -> int:
        from django.db import close_old_connections

        from letters.services.intake import LetterSubmission, letter_submit

        with self.lock:
            i = self.counter
            self.counter += 1
        title, body = self.texts[i % len(self.texts)]
        try:
            return letter_submit(
                submission=LetterSubmission(
                    kind=self.kinds[i % len(self.kinds)],
                    title=(title or "来信")[:60],
                    body=body,
                    name="测试用户",
                    phone=f"139{i % 100_000_000:08d}",
                )
            ).letter.pk
        finally:
            close_old_connections()


def wait_routed(ids: list[int], timeout: float) -> bool:
    from letters.models import Letter

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not Letter.objects.filter(pk__in=ids, routed_at__isnull=True).exists():
            return True
        time.sleep(0.1)
    return False


def lag_figures(ids: list[int]) -> dict[str, Any]:
    from letters.models import Letter

    rows: list[tuple[datetime, datetime, int | None]] = [
        (received, routed, department)
        for received, routed, department in Letter.objects.filter(
            pk__in=ids, routed_at__isnull=False
        ).values_list("received_at", "routed_at", "department_id")
        if routed is not None
    ]
    lags = [(routed - received).total_seconds() for received, routed, _ in rows]
    if not lags:
        return {"routed": 0}
    return {
        "routed": len(rows),
        "dispatched": sum(1 for *_, department in rows if department is not None),
        "lag_p50_s": round(percentile(lags, 50), 3),
        "lag_p95_s": round(percentile(lags, 95), 3),
        "lag_max_s": round(max(lags), 3),
        "first_received_to_last_routed_s": round(
            (max(r for _, r, _ in rows) - min(s for s, _, _ in rows)).total_seconds(), 2
        ),
    }


def sessions() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT sessions FROM pg_stat_database WHERE datname = current_database()")
        row = cursor.fetchone()
    return int(row[0]) if row else -1


def measured(
    name: str, run: Callable[[], tuple[list[int], dict[str, Any]]], timeout: float
) -> dict[str, Any]:
    before = sessions()
    started = time.perf_counter()
    ids, extra = run()
    complete = wait_routed(ids, timeout)
    elapsed = time.perf_counter() - started
    time.sleep(1)  # sessions are counted when they end or start; let the counters settle
    return {
        "phase": name,
        "letters": len(ids),
        "complete": complete,
        **extra,
        "wall_s": round(elapsed, 2),
        **lag_figures(ids),
        "new_database_sessions": sessions() - before,
    }


def burst(submitter: Submitter, n: int, threads: int) -> tuple[list[int], dict[str, Any]]:
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        ids = list(pool.map(lambda _: submitter.submit(), range(n)))
    return ids, {"submit_s": round(time.perf_counter() - started, 2)}


def sustained(
    submitter: Submitter, rate: float, seconds: float, threads: int
) -> tuple[list[int], dict[str, Any]]:
    total = int(rate * seconds)
    started = time.perf_counter()
    late: list[float] = []

    def at(i: int) -> int:
        due = started + i / rate
        delay = due - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        else:
            late.append(-delay)
        return submitter.submit()

    with ThreadPoolExecutor(max_workers=threads) as pool:
        ids = list(pool.map(at, range(total)))
    span = time.perf_counter() - started
    return ids, {
        "rate_asked": rate,
        "rate_submitted": round(total / span, 1),
        "submissions_late_over_100ms": sum(1 for d in late if d > 0.1),
    }


def profile(submitter: Submitter, n: int) -> None:
    """cProfile of routing ``n`` letters in this process, as a worker runs the task."""
    import cProfile
    import pstats

    from django.db import close_old_connections

    from core.models import OutboxMessage
    from routing.tasks import route_letter

    ids = [submitter.submit() for _ in range(n)]
    messages = dict(
        OutboxMessage.objects.filter(
            task_name="routing.route_letter", done_at__isnull=True
        ).values_list("payload__letter_id", "pk")
    )
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    for letter_id in ids:
        route_letter.apply(kwargs={"letter_id": letter_id, "outbox_id": messages.get(letter_id)})
        close_old_connections()
    profiler.disable()
    elapsed = time.perf_counter() - started
    print(json.dumps({"phase": "profile", "letters": n, "ms_per_letter": elapsed * 1000 / n}))
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--database-url", default="postgres://root@127.0.0.1:5432/desk_bench_worker"
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/14")
    parser.add_argument("-n", type=int, default=2000, help="letters in the burst")
    parser.add_argument("--rate", type=float, default=20.0, help="sustained letters/s")
    parser.add_argument("--seconds", type=float, default=60.0, help="sustained duration")
    parser.add_argument("--concurrency", type=int, default=2, help="worker processes")
    parser.add_argument("--threads", type=int, default=4, help="submitting threads")
    parser.add_argument(
        "--phases", default="burst,backlog,sustained", help="comma-separated subset"
    )
    parser.add_argument("--profile", type=int, default=0, help="only profile N letters")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="desk-bench-worker-") as var_dir:
        env = prepare(args.database_url, args.redis_url, var_dir)
        import django

        django.setup()
        submitter = Submitter()
        if args.profile:
            profile(submitter, args.profile)
            return
        log = Path(var_dir) / "worker.log"
        phases = set(args.phases.split(","))
        print(json.dumps({"mode": f"postgresql+redis prefork concurrency={args.concurrency}"}))
        workers = start_workers(env, args.concurrency, log)
        try:
            # Warm-up: imports, model loading in each worker process.
            warm = [submitter.submit() for _ in range(20)]
            if not wait_routed(warm, 120):
                raise SystemExit(f"workers did not route: {log.read_text()[-2000:]}")
            if "burst" in phases:
                figures = measured(
                    "burst", lambda: burst(submitter, args.n, args.threads), timeout=900
                )
                print(json.dumps(figures))
            if "sustained" in phases:
                figures = measured(
                    "sustained",
                    lambda: sustained(submitter, args.rate, args.seconds, args.threads),
                    timeout=900,
                )
                print(json.dumps(figures))
            if "backlog" in phases:
                stop_workers(workers)
                ids, _ = burst(submitter, args.n, args.threads)

                def drain() -> tuple[list[int], dict[str, Any]]:
                    nonlocal workers
                    workers = start_workers(env, args.concurrency, log)
                    return ids, {}

                figures = measured("backlog", drain, timeout=900)
                figures.pop("lag_p50_s", None)  # lags include the time without workers
                figures.pop("lag_p95_s", None)
                figures.pop("lag_max_s", None)
                figures.pop("first_received_to_last_routed_s", None)
                print(json.dumps(figures))
        finally:
            stop_workers(workers)
        errors = [
            line
            for line in log.read_text(errors="replace").splitlines()
            if "Error" in line or "Traceback" in line
        ]
        if errors:
            print(f"worker errors ({len(errors)} lines), first: {errors[:5]}")


if __name__ == "__main__":
    main()
