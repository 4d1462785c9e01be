from django.db import migrations


class Migration(migrations.Migration):
    """Personal data encrypted at rest (filled in with the encrypted fields)."""

    dependencies = [("letters", "0011_audit_append_only")]
    operations: list[migrations.operations.base.Operation] = []
