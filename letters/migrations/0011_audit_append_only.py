"""Make the audit log append-only in the database itself.

UPDATE is always refused; DELETE only for rows older than the retention period
(180 days, 网络安全法 第21条: logs kept at least six months). Triggers exist for both
PostgreSQL and SQLite, so the application cannot rewrite history in either mode.
"""

from typing import Any

from django.db import migrations

RETENTION_DAYS = 180

POSTGRES = f"""
CREATE OR REPLACE FUNCTION letters_audit_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        RAISE EXCEPTION 'audit log is append-only';
    END IF;
    IF OLD.at > now() - interval '{RETENTION_DAYS} days' THEN
        RAISE EXCEPTION 'audit rows are kept at least {RETENTION_DAYS} days';
    END IF;
    RETURN OLD;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER letters_audit_append_only
    BEFORE UPDATE OR DELETE ON letters_auditrecord
    FOR EACH ROW EXECUTE FUNCTION letters_audit_append_only();
"""
POSTGRES_REVERSE = """
DROP TRIGGER IF EXISTS letters_audit_append_only ON letters_auditrecord;
DROP FUNCTION IF EXISTS letters_audit_append_only();
"""
SQLITE = [
    """
    CREATE TRIGGER letters_audit_no_update BEFORE UPDATE ON letters_auditrecord
    BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
    """,
    f"""
    CREATE TRIGGER letters_audit_no_young_delete BEFORE DELETE ON letters_auditrecord
    WHEN julianday(OLD.at) > julianday('now', '-{RETENTION_DAYS} days')
    BEGIN SELECT RAISE(ABORT, 'audit rows are kept at least {RETENTION_DAYS} days'); END;
    """,
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS letters_audit_no_update;",
    "DROP TRIGGER IF EXISTS letters_audit_no_young_delete;",
]


def create(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    statements = [POSTGRES] if vendor == "postgresql" else SQLITE
    for sql in statements:
        schema_editor.execute(sql)


def drop(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    statements = [POSTGRES_REVERSE] if vendor == "postgresql" else SQLITE_REVERSE
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("letters", "0010_audit_log")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
