"""PostgreSQL durability is checked at start-up in production (desk.checks, desk.E001).

The check runs in ``migrate`` (before web, worker and beat start) and in ``check
--database default``. Against the real PostgreSQL: clean as configured, an error when the
connection's effective ``synchronous_commit`` is off (a role or database override, or
PGOPTIONS, is the realistic way this happens).
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core import checks
from django.core.management import call_command
from django.db import connection

from desk.checks import check_postgresql_durability, durability_problems
from tests.ops.conftest import production_env

BASE_DIR = Path(__file__).resolve().parents[2]
DURABLE = {"fsync": "on", "full_page_writes": "on", "synchronous_commit": "on"}

needs_postgresql = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://", "pgsql://")),
    reason="needs the real PostgreSQL (CI's second pass sets DATABASE_URL)",
)


def test_durability_rules_for_each_setting() -> None:
    assert durability_problems(DURABLE) == []
    for value in ("local", "remote_write", "remote_apply"):
        assert durability_problems(DURABLE | {"synchronous_commit": value}) == []
    assert durability_problems(DURABLE | {"synchronous_commit": "off"}) == [
        "synchronous_commit=off（须为 on、local、remote_write 或 remote_apply）"
    ]
    assert durability_problems(DURABLE | {"fsync": "off", "full_page_writes": "off"}) == [
        "fsync=off（须为 on）",
        "full_page_writes=off（须为 on）",
    ]


@pytest.mark.django_db
def test_check_is_silent_outside_production(settings: Any) -> None:
    settings.PRODUCTION = False
    assert check_postgresql_durability(databases=["default"]) == []


@needs_postgresql
@pytest.mark.django_db
def test_production_check_reads_the_real_server_and_errors_when_commits_are_not_durable(
    settings: Any,
) -> None:
    settings.PRODUCTION = True
    assert connection.vendor == "postgresql"

    assert check_postgresql_durability(databases=["default"]) == []
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO off")
    try:
        messages = checks.run_checks(databases=["default"], tags=[checks.Tags.database])
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")

    errors = [m for m in messages if m.id == "desk.E001"]
    assert len(errors) == 1
    assert errors[0].level == checks.ERROR
    assert "synchronous_commit=off" in errors[0].msg
    assert "fsync" not in errors[0].msg


APP_ROLE = "desk_test_app"


def least_privilege_role() -> str:
    """The running application's role as a deployment sets it up (README 部署安全): created
    by a superuser, granted by the tables' owner with ``manage.py db_roles --apply``."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"DO $$ BEGIN CREATE ROLE {APP_ROLE} LOGIN NOSUPERUSER; "
            "EXCEPTION WHEN duplicate_object THEN NULL; END $$"
        )
    call_command("db_roles", "--apply", app_role=APP_ROLE, stdout=io.StringIO())
    return APP_ROLE


@needs_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("flushable_audit_log")
@pytest.mark.parametrize(("pgoptions", "returncode"), [("", 0), ("-c synchronous_commit=off", 1)])
def test_deploy_check_in_ci_fails_on_a_non_durable_postgresql(
    tmp_path: Path, pgoptions: str, returncode: int
) -> None:
    # The check connects to the test database (the one DATABASE_URL names may not exist)
    # as the least-privilege application role: as the owner, desk.W002 would warn.
    db = connection.settings_dict
    role = least_privilege_role()
    database_url = (
        f"postgres://{role}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    )
    env = production_env(tmp_path / "var", PGOPTIONS=pgoptions, DATABASE_URL=database_url)
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "check",
            "--deploy",
            "--database",
            "default",
            "--fail-level",
            "WARNING",
        ],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == returncode, result.stdout + result.stderr
    assert ("desk.E001" in result.stderr) is (returncode == 1)
