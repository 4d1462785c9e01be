"""Keyed audit chain and TRUNCATE refused (issue #17 item 3).

* ``AuditRecord.key_id``: the ``DESK_AUDIT_KEYS`` id a row was chained with (HMAC-SHA256,
  core/audit.py). Existing rows get ``""`` and keep their unkeyed SHA-256 hash: they are
  verified the old way up to the first keyed row, whose MAC covers the last old hash.
  They are deliberately not re-chained here, which would re-sign unverifiable history
  with the new key (see the core.audit docstring).
* PostgreSQL: a statement trigger refuses ``TRUNCATE`` of the audit table, which row
  triggers never see, even for the table owner. An empty table may be truncated (nothing
  is destroyed; the test runner flushes databases that way). The application role has
  no TRUNCATE privilege at all (``manage.py db_roles``).
* SQLite has no TRUNCATE. Adding the column rebuilds the table there, which drops its
  row triggers (letters 0011), so they are created again afterwards, both ways.
"""

from typing import Any

from django.db import migrations, models

RETENTION_DAYS = 180

POSTGRES = """
CREATE OR REPLACE FUNCTION core_audit_no_truncate() RETURNS trigger AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM letters_auditrecord) THEN
        RAISE EXCEPTION 'audit log cannot be truncated';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS core_audit_no_truncate ON letters_auditrecord;
CREATE TRIGGER core_audit_no_truncate
    BEFORE TRUNCATE ON letters_auditrecord
    FOR EACH STATEMENT EXECUTE FUNCTION core_audit_no_truncate();
"""
POSTGRES_REVERSE = """
DROP TRIGGER IF EXISTS core_audit_no_truncate ON letters_auditrecord;
DROP FUNCTION IF EXISTS core_audit_no_truncate();
"""
# The row triggers of letters 0011, as they are there.
SQLITE = [
    "DROP TRIGGER IF EXISTS letters_audit_no_update;",
    "DROP TRIGGER IF EXISTS letters_audit_no_young_delete;",
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


def sqlite_row_triggers(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "sqlite":
        for sql in SQLITE:
            schema_editor.execute(sql)


def protect(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES)
    elif vendor == "sqlite":
        sqlite_row_triggers(apps, schema_editor)


def unprotect(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_REVERSE)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_outbox_done")]

    operations = [
        # Backwards, after the column is removed (a rebuild on SQLite): the row triggers.
        migrations.RunPython(migrations.RunPython.noop, sqlite_row_triggers, elidable=False),
        migrations.AddField(
            model_name="auditrecord",
            name="key_id",
            field=models.CharField(blank=True, default="", max_length=16, verbose_name="密钥编号"),
        ),
        migrations.RunPython(protect, unprotect, elidable=False),
    ]
