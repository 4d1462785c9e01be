"""The least-privilege PostgreSQL role of the running application (README 部署安全).

Migrations run as the owner of the tables; web, worker and beat connect as an
application role that may read and write the tables but not change their structure, not
disable triggers, and on the audit log only INSERT and SELECT (no UPDATE, DELETE or
TRUNCATE). Creating a role needs a superuser, so this command never does it:
``--print-sql`` prints the whole script (role, then grants) for an administrator to run;
``--apply`` runs only the GRANT/REVOKE part over this connection, which must be the
tables' owner (docker-compose.yml runs it after ``migrate``). Both are idempotent; run the
grants again after migrations that add tables if default privileges were not set.
"""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction

from core.models import AuditRecord

DEFAULT_APP_ROLE = "desk_app"
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")
# Append-only tables: the application may add and read rows, never change or remove them.
APPEND_ONLY_TABLES = (AuditRecord._meta.db_table,)
# Read-only for the application: only migrations (the owner) write here.
READ_ONLY_TABLES = ("django_migrations",)


def _ident(name: str, what: str) -> str:
    if not _NAME.match(name):
        raise CommandError(f"{what}“{name}”不是有效的 PostgreSQL 标识符（字母、数字、下划线）")
    return f'"{name}"'


def create_role_sql(app_role: str) -> list[str]:
    role = _ident(app_role, "应用角色")
    return [
        f"CREATE ROLE {role} LOGIN PASSWORD 'CHANGE-ME' "
        "NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;"
    ]


def grant_sql(*, app_role: str, owner: str, database: str, schema: str = "public") -> list[str]:
    """GRANT/REVOKE statements for the application role, to run as the tables' owner."""
    role = _ident(app_role, "应用角色")
    owner_q = _ident(owner, "所有者角色")
    db = _ident(database, "数据库")
    sch = _ident(schema, "模式")
    statements = [
        f"GRANT CONNECT ON DATABASE {db} TO {role};",
        f"GRANT USAGE ON SCHEMA {sch} TO {role};",
        # No DDL: nobody but the owner creates objects in the schema.
        f"REVOKE CREATE ON SCHEMA {sch} FROM PUBLIC;",
        f"REVOKE CREATE ON SCHEMA {sch} FROM {role};",
        # Rows, not structure: no TRUNCATE, REFERENCES or TRIGGER privilege.
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {sch} TO {role};",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {sch} TO {role};",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner_q} IN SCHEMA {sch} "
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {role};",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner_q} IN SCHEMA {sch} "
        f"GRANT USAGE, SELECT ON SEQUENCES TO {role};",
    ]
    for table in APPEND_ONLY_TABLES:
        statements += [
            f"REVOKE ALL ON TABLE {sch}.{_ident(table, '表')} FROM {role};",
            f"GRANT SELECT, INSERT ON TABLE {sch}.{_ident(table, '表')} TO {role};",
        ]
    for table in READ_ONLY_TABLES:
        statements += [
            f"REVOKE ALL ON TABLE {sch}.{_ident(table, '表')} FROM {role};",
            f"GRANT SELECT ON TABLE {sch}.{_ident(table, '表')} TO {role};",
        ]
    return statements


class Command(BaseCommand):
    help = "输出（或以表所有者身份执行）运行时最小权限数据库角色的 GRANT/REVOKE 语句（PostgreSQL）"

    def add_arguments(self, parser: CommandParser) -> None:
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument(
            "--print-sql", action="store_true", help="输出建角色与授权的 SQL，由管理员执行"
        )
        action.add_argument(
            "--apply", action="store_true", help="以当前连接（须为表的所有者）执行授权部分"
        )
        parser.add_argument("--app-role", default=DEFAULT_APP_ROLE, help="应用角色名")
        parser.add_argument("--owner", default="", help="表的所有者角色（默认当前数据库用户）")
        parser.add_argument("--schema", default="public")

    def handle(
        self,
        *args: Any,
        print_sql: bool,
        apply: bool,
        app_role: str,
        owner: str,
        schema: str,
        **options: Any,
    ) -> None:
        db = settings.DATABASES["default"]
        database = str(db.get("NAME") or "desk")
        if print_sql:
            owner = owner or str(db.get("USER") or "desk")
            self._print(app_role=app_role, owner=owner, database=database, schema=schema)
            return
        if connection.vendor != "postgresql":
            raise CommandError("数据库角色只适用于 PostgreSQL。")
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT current_user, current_database(), "
                "pg_has_role(current_user, c.relowner, 'MEMBER') "
                "FROM pg_class c WHERE c.oid = to_regclass(%s)",
                [f"{schema}.{AuditRecord._meta.db_table}"],
            )
            row = cursor.fetchone()
        if row is None:
            raise CommandError("审计表不存在：请先以所有者角色运行 manage.py migrate。")
        current, database, owns = row
        if not owns:
            raise CommandError(
                f"当前角色“{current}”不是表的所有者，不能授权；请用迁移所用的角色运行。"
            )
        if app_role == current:
            raise CommandError("应用角色不能是表的所有者本身。")
        statements = grant_sql(
            app_role=app_role, owner=owner or current, database=database, schema=schema
        )
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [app_role])
            if cursor.fetchone() is None:
                raise CommandError(
                    f"角色“{app_role}”不存在：请先由超级用户创建（manage.py db_roles --print-sql）。"
                )
            for sql in statements:
                cursor.execute(sql)
        self.stdout.write(f"已为角色“{app_role}”授权（{len(statements)} 条语句）。")

    def _print(self, *, app_role: str, owner: str, database: str, schema: str) -> None:
        out = self.stdout
        out.write("-- 政民互动办理台：运行时最小权限数据库角色（PostgreSQL）")
        out.write(f"-- 迁移以表的所有者“{owner}”运行；web、worker、beat 以“{app_role}”连接。")
        out.write("-- 1. 由超级用户执行一次（请替换口令）：")
        for sql in create_role_sql(app_role):
            out.write(sql)
        out.write(f"-- 2. 以所有者“{owner}”执行（每次新增数据表的迁移之后可再执行，可重复）：")
        for sql in grant_sql(app_role=app_role, owner=owner, database=database, schema=schema):
            out.write(sql)
        out.write(
            f"-- 审计表只有 INSERT、SELECT；没有 TRUNCATE、TRIGGER 和建表权限；"
            f"“{app_role}”不拥有任何表，不能停用触发器。"
        )
