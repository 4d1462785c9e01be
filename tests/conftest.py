"""Shared fixtures. Tests run against the database and Redis named by DATABASE_URL and
REDIS_URL when they are set (CI's second run), else SQLite and in-process services."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from desk.celery import app as celery_app
from letters.services.calendar import forget_calendar


@pytest.fixture(autouse=True)
def _isolated_services(settings: Any, tmp_path: Path) -> Iterator[None]:
    """Fresh rate-limit counters, in-process tasks and a private attachment folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    # Password hashing strength is not under test here; PBKDF2 would dominate run time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()
    forget_calendar()
    previous = (celery_app.conf.task_always_eager, celery_app.conf.broker_url)
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager, celery_app.conf.broker_url = previous
    cache.clear()
    forget_calendar()


@pytest.fixture
def api() -> APIClient:
    return APIClient()
