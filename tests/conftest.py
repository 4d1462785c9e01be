"""Shared fixtures. Tests run against the database and Redis named by DATABASE_URL and
REDIS_URL when they are set (CI's second run), else SQLite and in-process services."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import kombu.pools
import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test import Client
from rest_framework.test import APIClient

from accounts.testing import VerifiedAPIClient, VerifiedClient
from core.snapshots import forget_all as forget_snapshots
from desk.celery import app as celery_app
from tests.pii_logs import (  # noqa: F401 - run-wide scan of log output for personal data
    _log_output_has_no_personal_data,
    pytest_sessionfinish,
)
from tests.world import Desk, build_desk
from workdays.services import forget_calendar

# The instant every test starts at: a Friday in a month without public holidays, in a
# year the seeded calendar covers. Tests never see the real date (which would move
# letters into other report periods, or past the end of the official calendar).
TEST_NOW = datetime(2026, 11, 20, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "desk(office=None, a=None, b=None): other names for the desk world's departments",
    )


@pytest.fixture
def desk(request: pytest.FixtureRequest) -> Desk:
    """The shared world (tests/world.py): the office, departments a and b, their staff.
    Like any database fixture it needs the test's ``django_db`` mark."""
    marker = request.node.get_closest_marker("desk")
    names: dict[str, str] = marker.kwargs if marker else {}
    return build_desk(**names)


@pytest.fixture(autouse=True)
def _fixed_clock(request: pytest.FixtureRequest) -> Iterator[None]:
    """Every test runs on a clock that starts at ``TEST_NOW`` and ticks on.

    Tests that share the clock with another process (a browser, a worker process or a
    server started by the test) are marked ``browser`` or ``real_clock`` and keep the
    real one; their scenarios are relative to "now".
    """
    if request.node.get_closest_marker("browser") or request.node.get_closest_marker("real_clock"):
        yield
        return
    with time_machine.travel(TEST_NOW, tick=True):
        yield


@pytest.fixture(autouse=True)
def _isolated_services(settings: Any, tmp_path: Path) -> Iterator[None]:
    """Fresh rate-limit counters, in-process tasks and a private attachment folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    # Pages render without `collectstatic`: plain static names (the hashed, compressed
    # storage of DEBUG-off servers is tested against a real server, tests/browser/
    # test_page_weight.py).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Password hashing strength is not under test here; PBKDF2 would dominate run time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # A test client is one address and often one phone writing many letters: the captcha
    # and the per-phone limit are lifted here and tested in tests/letters/test_abuse_*.py.
    settings.DESK = replace(settings.DESK, captcha_after_submissions=1000)
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "submit_phone": "1000/day",
        },
    }
    cache.clear()
    forget_calendar()
    forget_snapshots()
    previous = (celery_app.conf.task_always_eager, celery_app.conf.broker_url)
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager, celery_app.conf["broker_url"] = previous
    forget_broker_connections()
    cache.clear()
    forget_calendar()
    forget_snapshots()


def forget_broker_connections() -> None:
    """Celery keeps its producer pool (``delay``/``apply_async`` without a connection) on
    the broker it first connected to; a test that points the app at another broker must
    not leave the next test publishing to the old one."""
    kombu.pools.reset()  # closes kombu's shared pools and forgets them
    app: Any = celery_app
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def api() -> APIClient:
    return VerifiedAPIClient()


@pytest.fixture
def client() -> Client:
    """``force_login`` stands for the whole verified sign-in (password + TOTP), see
    accounts/testing.py; tests of the sign-in itself use plain clients."""
    return VerifiedClient()


@pytest.fixture
def admin_client(admin_user: Any) -> Client:
    client = VerifiedClient()
    client.force_login(admin_user)
    return client


@pytest.fixture
def flushable_audit_log(transactional_db: None) -> Iterator[None]:
    """Transactional tests flush the database afterwards; on SQLite the flush DELETEs rows,
    which the audit log's append-only triggers refuse, and PostgreSQL's TRUNCATE is refused
    while the audit table has rows (core migration 0003). Set the triggers aside, delete
    the test's audit rows, restore them."""
    yield
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE letters_auditrecord DISABLE TRIGGER USER")
            cursor.execute("DELETE FROM letters_auditrecord")
            cursor.execute("ALTER TABLE letters_auditrecord ENABLE TRIGGER USER")
        return
    if connection.vendor != "sqlite":
        return
    migration = importlib.import_module("letters.migrations.0011_audit_append_only")
    with connection.cursor() as cursor:
        for sql in migration.SQLITE_REVERSE:
            cursor.execute(sql)
        cursor.execute("DELETE FROM letters_auditrecord")
        for sql in migration.SQLITE:
            cursor.execute(sql)
