"""Personal data encrypted at rest (letters/pii.py, DESIGN.md §9).

The contact columns become ``text`` holding ciphertext; existing rows are encrypted under
the current key, their keyed hashes filled, and the old idempotency fingerprints (plain
SHA-256 over the submission, phone included, so guessable) cleared. Reversing decrypts.
"""

from typing import Any

import django.core.validators
from django.db import migrations

import core.pii

ENCRYPTED = {
    "letter": ("phone", "email", "id_number", "address"),
    "notification": ("recipient",),
}


def encrypt_existing(apps: Any, schema_editor: Any) -> None:
    letter = apps.get_model("letters", "Letter")
    for name in ENCRYPTED:
        core.pii.reencrypt_model(apps.get_model("letters", name))
    letter._base_manager.exclude(idempotency_fingerprint="").update(idempotency_fingerprint="")


def decrypt_existing(apps: Any, schema_editor: Any) -> None:
    """Write plaintext back (raw SQL: saving through the fields would encrypt again)."""
    connection = schema_editor.connection
    quote = connection.ops.quote_name
    for name, columns in ENCRYPTED.items():
        model = apps.get_model("letters", name)
        assignments = ", ".join(f"{quote(c)} = %s" for c in columns)
        sql = f"UPDATE {quote(model._meta.db_table)} SET {assignments} WHERE id = %s"  # noqa: S608
        with connection.cursor() as cursor:
            for row in model._base_manager.values_list("pk", *columns).iterator(chunk_size=500):
                cursor.execute(sql, [*row[1:], row[0]])


class Migration(migrations.Migration):
    dependencies = [("letters", "0011_audit_append_only")]

    operations = [
        migrations.AlterField(
            model_name="letter",
            name="phone",
            field=core.pii.EncryptedCharField(
                max_length=32, purpose="letter.phone", verbose_name="联系电话"
            ),
        ),
        migrations.AlterField(
            model_name="letter",
            name="email",
            field=core.pii.EncryptedCharField(
                blank=True,
                max_length=254,
                purpose="letter.email",
                validators=[django.core.validators.EmailValidator()],
                verbose_name="电子邮箱",
            ),
        ),
        migrations.AlterField(
            model_name="letter",
            name="id_number",
            field=core.pii.EncryptedCharField(
                blank=True, max_length=18, purpose="letter.id_number", verbose_name="身份证号码"
            ),
        ),
        migrations.AlterField(
            model_name="letter",
            name="address",
            field=core.pii.EncryptedCharField(
                blank=True, max_length=200, purpose="letter.address", verbose_name="联系地址"
            ),
        ),
        migrations.AddField(
            model_name="letter",
            name="phone_hash",
            field=core.pii.KeyedHashField(
                blank=True,
                db_index=True,
                default="",
                editable=False,
                kind="phone",
                max_length=64,
                source="phone",
            ),
        ),
        migrations.AddField(
            model_name="letter",
            name="id_number_hash",
            field=core.pii.KeyedHashField(
                blank=True,
                db_index=True,
                default="",
                editable=False,
                kind="id_number",
                max_length=64,
                source="id_number",
            ),
        ),
        migrations.AlterField(
            model_name="notification",
            name="recipient",
            field=core.pii.EncryptedCharField(max_length=254, purpose="notification.recipient"),
        ),
        migrations.RunPython(encrypt_existing, decrypt_existing, elidable=False),
    ]
