"""Deployment checks of the desk (Django system checks).

PostgreSQL durability: a letter is acknowledged only after it is committed (DESIGN.md
§9), which means nothing if the server may lose committed transactions on a crash. In
production the server must run with ``fsync=on``, ``full_page_writes=on`` and a
``synchronous_commit`` that waits for the local WAL flush. The check is tagged
``database``, so it runs in ``manage.py migrate`` (which precedes every start of the web
server, worker and beat) and in ``manage.py check --database default``.

Audit log (README 部署安全): production should set ``DESK_AUDIT_KEYS`` (desk.W003 under
``check --deploy`` while the key is derived from the secret key); ``check --deploy --database default`` warns when
the application's own database role is a superuser, owns the audit table or may update,
delete or truncate it (desk.W002): such a role can rewrite the log it writes.
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


@checks.register(checks.Tags.security, deploy=True)
def check_audit_keys(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    if not settings.PRODUCTION or not getattr(settings, "DESK_AUDIT_KEYS_DERIVED", False):
        return []
    return [
        checks.Warning(
            "生产环境未设置 DESK_AUDIT_KEYS：审计链密钥暂由 DESK_SECRET_KEY 派生（仍在数据库之外），"
            "但更换 DESK_SECRET_KEY 后旧记录将无法验证。",
            hint='请单独设置 DESK_AUDIT_KEYS="编号:base64的32字节密钥"，轮换时把旧密钥留在后面'
            "（README 部署安全）。",
            id="desk.W003",
        )
    ]


AUDIT_TABLE = "letters_auditrecord"


def read_role_powers(alias: str) -> dict[str, Any] | None:
    """What this connection's role may do to the audit table (None: no such table)."""
    with connections[alias].cursor() as cursor:
        cursor.execute(
            """
            SELECT current_user, r.rolsuper,
                   pg_has_role(current_user, c.relowner, 'MEMBER'),
                   has_table_privilege(current_user, c.oid, 'UPDATE'),
                   has_table_privilege(current_user, c.oid, 'DELETE'),
                   has_table_privilege(current_user, c.oid, 'TRUNCATE')
            FROM pg_roles r, pg_class c
            WHERE r.rolname = current_user AND c.oid = to_regclass(%s)
            """,
            [AUDIT_TABLE],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    names = ("role", "superuser", "owner", "update", "delete", "truncate")
    return dict(zip(names, row, strict=True))


def role_problems(powers: Mapping[str, Any]) -> list[str]:
    problems = []
    if powers["superuser"]:
        problems.append("是超级用户")
    elif powers["owner"]:
        problems.append(f"是审计表 {AUDIT_TABLE} 的所有者（或其成员），可以停用触发器")
    granted = [p.upper() for p in ("update", "delete", "truncate") if powers[p]]
    if granted and not powers["superuser"]:
        problems.append(f"对审计表有 {'、'.join(granted)} 权限")
    return problems


@checks.register(checks.Tags.database, deploy=True)
def check_application_database_role(
    app_configs: Sequence[Any] | None = None,
    databases: Iterable[str] | None = None,
    **kwargs: Any,
) -> list[checks.CheckMessage]:
    if not databases:
        return []
    messages: list[checks.CheckMessage] = []
    for alias in databases:
        if connections[alias].vendor != "postgresql":
            continue
        powers = read_role_powers(alias)
        if powers is None:
            continue
        problems = role_problems(powers)
        if problems:
            messages.append(
                checks.Warning(
                    f"应用连接数据库 {alias!r} 所用的角色“{powers['role']}”{'，'.join(problems)}："
                    "它能改写、删除或清空自己写下的审计日志。",
                    hint="运行中的应用应使用单独的最小权限角色（python manage.py db_roles "
                    "--print-sql），迁移仍以表的所有者运行（README 部署安全）。",
                    id="desk.W002",
                )
            )
    return messages
