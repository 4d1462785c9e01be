"""The least-privilege PostgreSQL role of the running application (README 部署安全).

Migrations run as the owner of the tables; web, worker and beat connect as an
application role that may read and write the tables but not change their structure, not
disable triggers, and on the audit log only INSERT and SELECT (no UPDATE, DELETE or
TRUNCATE). ``--print-sql`` prints the whole script (role, then grants) for an
administrator to run; ``--apply`` runs the GRANT/REVOKE part over this connection, which
must be the tables' owner (docker-compose.yml runs it after ``migrate``). Creating a role
needs CREATEROLE (or a superuser), which a production owner should not have, so it is only
done when asked: ``--apply --create-role`` creates the role if it is missing, or else
sets its password, from the environment variable ``--password-env`` (default
``DESK_DB_APP_PASSWORD``), never from the command line. All of it is idempotent; run the
grants again after migrations that add tables if default privileges were not set.
"""

from __future__ import annotations

import os
import re
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction

from core.models import AuditRecord

DEFAULT_APP_ROLE = "desk_app"
DEFAULT_CREDENTIAL_ENV = "DESK_DB_APP_PASSWORD"
ROLE_ATTRIBUTES = "NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS"
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
    return [f"CREATE ROLE {role} LOGIN PASSWORD 'CHANGE-ME' {ROLE_ATTRIBUTES};"]


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
        parser.add_argument(
            "--create-role",
            action="store_true",
            help="与 --apply 一起用：角色不存在时创建、存在时更新口令（需要 CREATEROLE 权限）",
        )
        parser.add_argument(
            "--password-env",
            default=DEFAULT_CREDENTIAL_ENV,
            help=f"--create-role 所用口令所在的环境变量（默认 {DEFAULT_CREDENTIAL_ENV}）",
        )
        parser.add_argument("--app-role", default=DEFAULT_APP_ROLE, help="应用角色名")
        parser.add_argument("--owner", default="", help="表的所有者角色（默认当前数据库用户）")
        parser.add_argument("--schema", default="public")

    def handle(
        self,
        *args: Any,
        print_sql: bool,
        apply: bool,
        create_role: bool,
        password_env: str,
        app_role: str,
        owner: str,
        schema: str,
        **options: Any,
    ) -> None:
        db = settings.DATABASES["default"]
        database = str(db.get("NAME") or "desk")
        if create_role and not apply:
            raise CommandError("--create-role 只能与 --apply 一起使用。")
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
        password = os.environ.get(password_env, "") if create_role else ""
        if create_role and not password:
            raise CommandError(
                f"环境变量 {password_env} 未设置：--create-role 需要应用角色的口令。"
            )
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [app_role])
            exists = cursor.fetchone() is not None
            if create_role:
                self._create_or_set_password(cursor, app_role, password, exists=exists)
            elif not exists:
                raise CommandError(
                    f"角色“{app_role}”不存在：请先由超级用户创建（manage.py db_roles --print-sql），"
                    "或以有 CREATEROLE 权限的角色加 --create-role 运行。"
                )
            for sql in statements:
                cursor.execute(sql)
        self.stdout.write(f"已为角色“{app_role}”授权（{len(statements)} 条语句）。")

    def _create_or_set_password(
        self, cursor: Any, app_role: str, password: str, *, exists: bool
    ) -> None:
        """CREATE ROLE (or ALTER ROLE) with the password quoted by the server (format %L),
        never interpolated here; the role gets no power beyond logging in."""
        cursor.execute(
            "SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user"
        )
        row = cursor.fetchone()
        if not (row and row[0]):
            raise CommandError("当前角色没有 CREATEROLE 权限，不能创建应用角色；请由超级用户创建。")
        verb = "ALTER" if exists else "CREATE"
        cursor.execute(
            f"SELECT format('{verb} ROLE %%I LOGIN PASSWORD %%L {ROLE_ATTRIBUTES}', %s, %s)",
            [app_role, password],
        )
        (statement,) = cursor.fetchone()
        cursor.execute(statement)
        done = "已更新角色“{}”的口令" if exists else "已创建角色“{}”"
        self.stdout.write(done.format(app_role) + "。")

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
