"""Deployment checks of the desk (Django system checks).

PostgreSQL durability: a letter is acknowledged only after it is committed (DESIGN.md
§9), which means nothing if the server may lose committed transactions on a crash. In
production the server must run with ``fsync=on``, ``full_page_writes=on`` and a
``synchronous_commit`` that waits for the local WAL flush. The check is tagged
``database``, so it runs in ``manage.py migrate`` (which precedes every start of the web
server, worker and beat) and in ``manage.py check --database default``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.conf import settings
from django.core import checks
from django.db import connections

DURABILITY_SETTINGS = ("fsync", "full_page_writes", "synchronous_commit")
# Every value but 'off' waits until the commit record is flushed to the local WAL.
DURABLE_SYNCHRONOUS_COMMIT = frozenset({"on", "local", "remote_write", "remote_apply"})


def durability_problems(values: Mapping[str, str]) -> list[str]:
    """Describe every server setting in ``values`` that can lose committed transactions."""
    problems = []
    for name in ("fsync", "full_page_writes"):
        if values.get(name) != "on":
            problems.append(f"{name}={values.get(name, '?')}（须为 on）")
    synchronous_commit = values.get("synchronous_commit", "?")
    if synchronous_commit not in DURABLE_SYNCHRONOUS_COMMIT:
        problems.append(
            f"synchronous_commit={synchronous_commit}（须为 on、local、remote_write 或 remote_apply）"
        )
    return problems


def read_durability_settings(alias: str) -> dict[str, str]:
    """The effective values for this connection (role and database overrides included)."""
    with connections[alias].cursor() as cursor:
        cursor.execute(
            "SELECT name, setting FROM pg_settings WHERE name = ANY(%s)",
            [list(DURABILITY_SETTINGS)],
        )
        return dict(cursor.fetchall())


@checks.register(checks.Tags.database)
def check_postgresql_durability(
    app_configs: Sequence[Any] | None = None,
    databases: Iterable[str] | None = None,
    **kwargs: Any,
) -> list[checks.CheckMessage]:
    if not settings.PRODUCTION or not databases:
        return []
    messages: list[checks.CheckMessage] = []
    for alias in databases:
        if connections[alias].vendor != "postgresql":
            continue
        problems = durability_problems(read_durability_settings(alias))
        if problems:
            messages.append(
                checks.Error(
                    f"数据库 {alias!r} 的 PostgreSQL 持久化设置不安全：{'；'.join(problems)}。"
                    "已确认受理的来信在服务器崩溃时可能丢失。",
                    hint="在 postgresql.conf（或启动参数）中设置 fsync=on、"
                    "full_page_writes=on、synchronous_commit=on，并检查角色或数据库级的覆盖设置。",
                    id="desk.E001",
                )
            )
    return messages
