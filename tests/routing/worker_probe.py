"""Imported by the worker that tests/routing/test_worker_throughput.py starts
(``celery worker --include tests.routing.worker_probe``): a task that records which
PostgreSQL session (backend pid) the worker process runs it on."""

from __future__ import annotations

import os
from pathlib import Path

from celery import shared_task
from django.db import connection


@shared_task(name="tests.routing.backend_pid")
def backend_pid(path: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        row = cursor.fetchone()
    pid = int(row[0]) if row else 0
    with Path(path).open("a") as out:
        out.write(f"{os.getpid()} {pid}\n")
    return pid
