"""The Celery application.

Tasks are declared in each app's ``tasks.py`` with explicit names. In the embedded mode
``CELERY_TASK_ALWAYS_EAGER`` makes ``apply_async`` run tasks in-process.

Database connections of worker processes: the web serves each request on its own thread,
so it takes PostgreSQL connections from psycopg's pool (settings ``OPTIONS["pool"]``,
``CONN_MAX_AGE=0``). A worker process runs one task at a time, and Celery's Django fixup
would close the connection, and in a prefork pool the whole psycopg pool, before and after
every task: a new PostgreSQL session (two, with ``min_size``) for each routing or notice.
``keep_worker_connections`` (at ``worker_init``, before the pool processes fork) gives the
worker one persistent connection per process instead: no pool, ``CONN_MAX_AGE`` from
``DESK_WORKER_CONN_MAX_AGE``, health checks on, and Django's own per-request rule applied
per task (``close_old_connections``: closed only when broken or older than the maximum).
"""

from __future__ import annotations

import contextlib
import os
from typing import Any

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "desk.settings")

app = Celery("desk")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def persistent_database_settings(max_age: int) -> None:
    """Switch every configured database to persistent, health-checked connections (this
    process only); connections and pools already open are closed first."""
    from django.db import connections

    for alias in connections:
        connection = connections[alias]
        connection.close()
        pool_options = connection.settings_dict.get("OPTIONS", {}).get("pool")
        if pool_options and hasattr(connection, "close_pool"):
            with contextlib.suppress(KeyError):  # never opened in this process
                connection.close_pool()
        # connections.settings holds the dicts every wrapper (each thread's) reads.
        database = connections.settings[alias]
        database.setdefault("OPTIONS", {}).pop("pool", None)
        database["CONN_MAX_AGE"] = max_age
        database["CONN_HEALTH_CHECKS"] = True


def _close_old_connections(sender: Any = None, **kwargs: Any) -> None:
    """Per task, what Django does per request: drop a connection only when it is broken
    (an error left it unusable), older than ``CONN_MAX_AGE``, or left in a transaction."""
    from django.core.cache import close_caches
    from django.db import close_old_connections

    if getattr(getattr(sender, "request", None), "is_eager", False):
        return
    close_old_connections()
    close_caches()


def _fixup_closes_per_task() -> list[Any]:
    """The Django fixup's worker hooks installed on this app (Celery's, private API)."""
    fixups = getattr(app, "_fixups", None) or []
    return [f._worker_fixup for f in fixups if getattr(f, "_worker_fixup", None) is not None]


@signals.worker_init.connect
def keep_worker_connections(sender: Any = None, **kwargs: Any) -> None:
    """Runs in the worker's main process after the Django fixup installed its hooks."""
    from django.conf import settings

    max_age: int = settings.DESK_WORKER_CONN_MAX_AGE
    if max_age == 0:
        return  # configured off: the fixup's close before and after every task stays
    for worker_fixup in _fixup_closes_per_task():
        signals.task_prerun.disconnect(worker_fixup.on_task_prerun)
        signals.task_postrun.disconnect(worker_fixup.on_task_postrun)
    signals.task_prerun.connect(_close_old_connections, weak=False)
    signals.task_postrun.connect(_close_old_connections, weak=False)
    persistent_database_settings(max_age)
