"""Periodic jobs in the embedded mode (no Redis, no Celery beat).

The ``serve`` command starts :class:`PeriodicRunner` in a daemon thread. It reads the same
``CELERY_BEAT_SCHEDULE`` that beat uses in production and runs each due task in-process
(``task.apply()``), so due-soon scans, outbox relays and retraining happen in both modes.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta
from typing import Any

from celery.schedules import BaseSchedule, schedule
from django.db import close_old_connections
from django.utils import timezone

from desk.celery import app as celery_app

logger = logging.getLogger(__name__)


def _as_schedule(value: Any) -> BaseSchedule:
    if isinstance(value, BaseSchedule):
        return value
    if isinstance(value, timedelta):
        return schedule(value)
    return schedule(timedelta(seconds=float(value)))


class PeriodicRunner(threading.Thread):
    def __init__(self, max_sleep: float = 30.0) -> None:
        super().__init__(name="desk-periodic", daemon=True)
        self.max_sleep = max_sleep
        self._stop_event = threading.Event()
        started = timezone.now()
        self.entries: dict[str, tuple[str, BaseSchedule, datetime]] = {
            name: (entry["task"], _as_schedule(entry["schedule"]), started)
            for name, entry in celery_app.conf.beat_schedule.items()
        }

    def stop(self) -> None:
        self._stop_event.set()

    def run_due(self) -> float:
        """Run every due entry once; return seconds until the next check."""
        wait = self.max_sleep
        for name, (task_name, sched, last_run) in list(self.entries.items()):
            due, next_check = sched.is_due(last_run)
            if due:
                close_old_connections()
                try:
                    celery_app.tasks[task_name].apply()
                except Exception:
                    logger.exception("periodic job %s failed", name)
                finally:
                    close_old_connections()
                self.entries[name] = (task_name, sched, timezone.now())
            wait = min(wait, max(float(next_check), 0.5))
        return wait

    def run(self) -> None:
        while not self._stop_event.is_set():
            self._stop_event.wait(self.run_due())
