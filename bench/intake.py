"""Intake throughput and latency against a real server.

Starts the product's own ASGI server (``manage.py serve``) on a fresh database, submits
letters concurrently over HTTP and prints letters/second and p50/p95/p99 latency.

    python bench/intake.py                                   # embedded (SQLite)
    python bench/intake.py --database-url postgres://root@127.0.0.1:5432/desk_bench \
        --redis-url redis://127.0.0.1:6379/15 --workers 2     # production-like
    python bench/intake.py --url http://127.0.0.1:8000       # an already running server
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
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KINDS = ["consultation", "complaint", "suggestion", "help"]


def payload(i: int) -> bytes:
    return json.dumps(
        {
            "kind": KINDS[i % len(KINDS)],
            "title": f"关于第{i}号小区供暖不热的问题",
            "body": "入冬以来小区室内温度一直达不到规定标准，老人孩子受冻，请有关部门尽快协调解决。",
            "name": "测试用户",
            "phone": f"1380000{i % 10000:04d}",
            "consent_public": i % 2 == 0,
        },
        ensure_ascii=False,
    ).encode()


def submit(url: str, i: int) -> tuple[float, int]:
    request = urllib.request.Request(
        f"{url}/api/v1/letters/",
        data=payload(i),
        headers={
            "Content-Type": "application/json",
            "Idempotency-Key": f"bench-{i:08d}-{time.time_ns()}",
        },
        method="POST",
    )
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            status = response.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    return (time.perf_counter() - started) * 1000, status


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))
    return ordered[index]


def run(url: str, n: int, concurrency: int) -> dict[str, float | int]:
    for i in range(min(20, n)):  # warm-up: imports, connections, jieba
        submit(url, 10_000_000 + i)
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        results = list(pool.map(lambda i: submit(url, i), range(n)))
    elapsed = time.perf_counter() - started
    latencies = [ms for ms, _ in results]
    ok = sum(1 for _, status in results if status == 201)
    statuses = Counter(status for _, status in results)
    return {
        "letters": n,
        "created": ok,
        "statuses": dict(statuses),
        "concurrency": concurrency,
        "letters_per_second": round(n / elapsed, 1),
        "p50_ms": round(statistics.median(latencies), 1),
        "p95_ms": round(percentile(latencies, 95), 1),
        "p99_ms": round(percentile(latencies, 99), 1),
    }


def ensure_postgres_database(database_url: str) -> None:
    import psycopg

    name = database_url.rsplit("/", 1)[1]
    admin_url = database_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def spawn_server(
    database_url: str | None, redis_url: str | None, workers: int, port: int, var_dir: str
) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DESK_VAR_DIR": var_dir,
        "DESK_RATE_SUBMIT": "100000000/min",
        "DESK_RATE_SUBMIT_PHONE": "100000000/min",
        "DESK_CAPTCHA_AFTER_SUBMISSIONS": "100000000",
        "DESK_LOG_LEVEL": "WARNING",
    }
    env.pop("REDIS_URL", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    if database_url:
        env["DATABASE_URL"] = database_url
        ensure_postgres_database(database_url)
    else:
        env.pop("DATABASE_URL", None)
    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    server = subprocess.Popen(
        [python, "manage.py", "serve", "--port", str(port), "--workers", str(workers)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=(Path(var_dir) / "server.log").open("wb"),
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("server did not start")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--url", help="an already running server (skips spawning one)")
    parser.add_argument("--database-url", help="spawn on this PostgreSQL database (recreated)")
    parser.add_argument("-n", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--redis-url", help="production mode: tasks queued to this Redis")
    parser.add_argument("--workers", type=int, default=1, help="server worker processes")
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()

    if args.url:
        print(json.dumps({"mode": "external", **run(args.url, args.n, args.concurrency)}))
        return
    with tempfile.TemporaryDirectory(prefix="desk-bench-") as var_dir:
        server = spawn_server(args.database_url, args.redis_url, args.workers, args.port, var_dir)
        try:
            mode = "postgresql" if args.database_url else "embedded-sqlite"
            mode += "+redis" if args.redis_url else ""
            mode += f" workers={args.workers}"
            figures = run(f"http://127.0.0.1:{args.port}", args.n, args.concurrency)
            print(json.dumps({"mode": mode, **figures}, ensure_ascii=False))
            errors = [
                line
                for line in (Path(var_dir) / "server.log").read_text(errors="replace").splitlines()
                if "Error" in line or "Traceback" in line
            ]
            if errors:
                print(f"server errors ({len(errors)} lines), first: {errors[:5]}")
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
