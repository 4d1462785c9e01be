"""Where the CPU of one intake request goes, by layer.

Runs ``POST /api/v1/letters/`` N times in this process through Django's request handler
(middleware, DRF, the intake service, the database and the cache; no HTTP server), under
cProfile with a CPU clock, and prints the CPU per letter of each layer plus the number of
SQL statements and cache commands per letter. The relay thread's work (publishing the
outbox messages to the broker) is measured separately by relaying the same messages.

    DATABASE_URL=postgres://root@127.0.0.1:5432/desk_profile REDIS_URL=redis://127.0.0.1:6379/11 \
        python bench/intake_profile.py --letters 300

It creates and migrates the database it is given (use a scratch one).
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import json
import os
import pstats
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Layers, outermost first: a function's cumulative CPU counts for its layer minus what the
# inner layers listed after it took. Matched on "file:function" suffixes of cProfile keys.
LAYERS: list[tuple[str, list[str]]] = [
    ("Django handler and middleware", ["django/core/handlers/base.py:get_response"]),
    ("DRF dispatch (parsing, negotiation)", ["rest_framework/views.py:dispatch"]),
    ("rate limits (together: one cache round trip)", ["core/api.py:check_throttles"]),
    ("input validation (serializer)", ["core/api.py:validate_input"]),
    (
        "captcha check and submission count",
        [
            "letters/services/abuse.py:captcha_required",
            "letters/services/abuse.py:submission_recorded",
        ],
    ),
    (
        "intake service: Python (model, encryption, clock)",
        ["letters/services/intake.py:letter_submit"],
    ),
    ("  tracking number and id (one round trip)", ["letters/services/intake.py:reserve_number"]),
    ("  outbox messages", ["core/outbox.py:new_messages", "core/outbox.py:relay_on_commit"]),
    (
        "  SQL execution (driver, round trips)",
        ["django/db/backends/utils.py:execute", "django/db/backends/utils.py:executemany"],
    ),
    (
        "response (receipt serializer, JSON)",
        ["rest_framework/serializers.py:data", "rest_framework/response.py:rendered_content"],
    ),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--letters", type=int, default=300)
    parser.add_argument("--stats", help="also write the cProfile statistics to this file")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "desk.settings")
    os.environ.setdefault("DESK_ALLOWED_HOSTS", "testserver")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.DESK = dataclasses.replace(settings.DESK, captcha_after_submissions=10**9)
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    rates.update({"submit": "1000000000/hour", "submit_phone": "1000000000/day"})
    _count_redis_commands()
    call_command("migrate", verbosity=0)
    # The demo city's departments and policies (refused in production: loaded apart).
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "load_demo"],
        env={**os.environ, "DESK_ENV": "development"},
        check=True,
        stdout=subprocess.DEVNULL,
    )

    from core import outbox
    from core.models import OutboxMessage

    client = Client()
    body = json.dumps(
        {
            "kind": "consultation",
            "title": "住房公积金提取需要什么材料",
            "body": "我想咨询一下住房公积金提取需要准备哪些材料，办理流程是怎样的。" * 3,
            "name": "测试",
            "phone": "13800138000",
            "consent_public": True,
        },
        ensure_ascii=False,
    )

    def one() -> None:
        response = client.post(
            "/api/v1/letters/",
            body,
            content_type="application/json",
            HTTP_IDEMPOTENCY_KEY=uuid.uuid4().hex,
        )
        assert response.status_code == 201, response.content

    relay_enabled = not settings.CELERY_TASK_ALWAYS_EAGER
    for _ in range(30):  # warm up (imports, caches, connections)
        one()
    outbox.RELAY.drain()

    # Statements and cache commands per letter.
    commands = _count_cache_commands()
    with CaptureQueriesContext(connection) as queries:
        for _ in range(20):
            one()
    outbox.RELAY.drain()
    statements = len([q for q in queries.captured_queries if q["sql"] != "BEGIN"]) / 20
    cache_per_letter = (_count_cache_commands() - commands) / 20
    reset_queries()

    # CPU of the request path (the relay thread sends after each commit: measured apart).
    n = args.letters
    cpu_start = time.process_time()
    for _ in range(n):
        one()
    outbox.RELAY.drain()
    total = (time.process_time() - cpu_start) / n
    profile = cProfile.Profile(time.process_time)
    profile.enable()
    for _ in range(n):
        one()
    profile.disable()
    outbox.RELAY.drain()
    stats = pstats.Stats(profile)
    if args.stats:
        profile.dump_stats(args.stats)

    # The relay's cost per letter: publish the same number of messages again.
    relay_cpu = 0.0
    if relay_enabled:
        ids = list(OutboxMessage.objects.order_by("-id").values_list("id", flat=True)[: 2 * n])
        assert len(ids) == 2 * n
        from celery import current_app

        OutboxMessage.objects.filter(pk__in=ids).update(relayed_at=None, available_at=django_now())
        start = time.process_time()
        with current_app.connection_for_write() as broker:
            outbox.relay_batch(ids, broker)
        relay_cpu = (time.process_time() - start) / n

    print(
        f"letters profiled       {n} (database: {connection.vendor}, "
        f"cache: {settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]})"
    )
    print(f"SQL statements/letter  {statements:.1f}")
    print(f"Redis commands/letter  {cache_per_letter:.1f} (cache, rate limits, broker)")
    print(
        f"CPU per letter (request path, profiled) {1000 * _cumulative(stats, LAYERS[0][1]) / n:.2f} ms; "
        f"without the profiler {1000 * total:.2f} ms (process CPU, relay thread included)"
    )
    print("layer                                                cumulative ms/letter")
    for name, keys in LAYERS:
        print(f"  {name:<52} {1000 * _cumulative(stats, keys) / n:6.2f}")
    if relay_enabled:
        print(
            f"  {'relay thread: publish 2 outbox messages (unprofiled)':<52} {1000 * relay_cpu:6.2f}"
        )
    print(
        "(cProfile slows Python code two to three times; compare layers with each other, and the "
        "unprofiled total with peers)"
    )


def django_now() -> Any:
    from django.utils import timezone

    return timezone.now()


_COMMANDS = [0]


def _count_redis_commands() -> None:
    """Count the Redis commands this process sends (cache, rate limits, broker)."""
    import redis.client

    send: Any = redis.client.Redis.execute_command

    def counted(self: Any, *args: Any, **options: Any) -> Any:
        _COMMANDS[0] += 1
        return send(self, *args, **options)

    redis.client.Redis.execute_command = counted  # type: ignore[method-assign]


def _count_cache_commands() -> int:
    return _COMMANDS[0]


def _cumulative(stats: pstats.Stats, suffixes: list[str]) -> float:
    total = 0.0
    raw: Any = stats.stats  # type: ignore[attr-defined]
    for (filename, _line, function), (_cc, _nc, _tt, ct, _callers) in raw.items():
        key = f"{filename}:{function}"
        if any(key.endswith(suffix) for suffix in suffixes):
            total += ct
    return total


if __name__ == "__main__":
    main()
