"""Personal data at rest: what the database columns hold, lookups by keyed hash, every
stored copy (notifications, idempotency fingerprints, outbox errors), the data
migration, and key rotation with ``rotate_pii_keys``."""

from __future__ import annotations

import base64
import hashlib
import importlib
import json
from dataclasses import asdict
from io import StringIO
from typing import Any

import pytest
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from rest_framework.test import APIClient

from core import outbox, pii
from core.models import OutboxMessage
from letters.models import Letter, Notification
from letters.services.intake import LetterSubmission, letter_submit
from letters.services.notifications import notify_citizen

pytestmark = pytest.mark.django_db

PHONE = "13812345678"
ID_NUMBER = "11010519491231002X"
ADDRESS = "临江市江北区滨江路88号锦江花园3栋1单元602室"
EMAIL = "wang.fang@example.com"
KEY_A = base64.b64encode(b"a" * 32).decode()
KEY_B = base64.b64encode(b"b" * 32).decode()


def submission(**extra: Any) -> LetterSubmission:
    values: dict[str, Any] = {
        "kind": "consultation",
        "title": "公积金提取咨询",
        "body": "请问租房提取住房公积金需要哪些材料？",
        "name": "王芳",
        "phone": PHONE,
        "email": EMAIL,
        "id_number": ID_NUMBER,
        "address": ADDRESS,
        **extra,
    }
    return LetterSubmission(**values)


def raw(table: str, pk: int, *columns: str) -> tuple[Any, ...]:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(quote(c) for c in columns)} FROM {quote(table)} WHERE id = %s",
            [pk],
        )
        row = cursor.fetchone()
    assert row is not None
    return tuple(row)


def raw_letter(pk: int) -> dict[str, str]:
    columns = ("phone", "email", "id_number", "address", "phone_hash", "id_number_hash")
    return dict(zip(columns, raw("letters_letter", pk, *columns), strict=True))


def test_submitted_contact_details_are_ciphertext_in_the_database(api: APIClient) -> None:
    response = api.post(
        "/api/v1/letters/",
        {
            "kind": "consultation",
            "title": "公积金提取咨询",
            "body": "请问租房提取住房公积金需要哪些材料？",
            "name": "王芳",
            "phone": "+86 138-1234-5678",
            "email": EMAIL,
            "id_number": "110105 19491231 002x",
            "address": ADDRESS,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    letter = Letter.objects.get(tracking_number=response.json()["tracking_number"])

    stored = raw_letter(letter.pk)
    for column in ("phone", "email", "id_number", "address"):
        assert stored[column].startswith("pii1$aes-256-gcm$"), column
    everything = " ".join(stored.values())
    for plain in (PHONE, "12345678", ID_NUMBER, "19491231", ADDRESS, "滨江路", EMAIL, "wang"):
        assert plain not in everything
    # The application reads plaintext.
    assert (letter.phone, letter.id_number, letter.address, letter.email) == (
        PHONE,
        ID_NUMBER,
        ADDRESS,
        EMAIL,
    )


def test_keyed_hashes_are_stored_and_used_for_exact_lookups() -> None:
    letter = letter_submit(submission=submission()).letter
    other = letter_submit(submission=submission(phone="13900001111", id_number="")).letter

    stored = raw_letter(letter.pk)
    assert stored["phone_hash"] == pii.keyed_hash("phone", PHONE)
    assert stored["id_number_hash"] == pii.keyed_hash("id_number", ID_NUMBER)
    assert raw_letter(other.pk)["id_number_hash"] == ""
    # Not a plain digest anyone could recompute.
    assert stored["phone_hash"] != hashlib.sha256(PHONE.encode()).hexdigest()

    by_phone = Letter.objects.filter(phone_hash=pii.keyed_hash("phone", "138 1234 5678"))
    assert list(by_phone) == [letter]
    assert Letter.objects.filter(id_number="").get() == other  # "not given" stays queryable


def test_lookups_by_value_on_an_encrypted_column_are_refused() -> None:
    letter_submit(submission=submission())
    with pytest.raises(TypeError, match="keyed hash"):
        Letter.objects.filter(phone=PHONE).exists()
    with pytest.raises(FieldError):
        Letter.objects.filter(address__icontains="滨江路").exists()


def test_hash_follows_a_changed_phone() -> None:
    letter = letter_submit(submission=submission()).letter
    letter.phone = "13900002222"
    letter.save()
    assert raw_letter(letter.pk)["phone_hash"] == pii.keyed_hash("phone", "13900002222")


def test_a_partial_save_of_the_phone_also_writes_its_hash() -> None:
    letter = letter_submit(submission=submission()).letter
    old_hash, title = raw_letter(letter.pk)["phone_hash"], letter.title
    letter.phone = "13900003333"
    letter.title = "改过的标题"
    letter.save(update_fields=["phone"])

    stored = raw_letter(letter.pk)
    assert stored["phone_hash"] == pii.keyed_hash("phone", "13900003333") != old_hash
    assert Letter.objects.get(pk=letter.pk).title == title  # only the named fields are saved
    assert Letter.objects.filter(phone_hash=pii.keyed_hash("phone", "13900003333")).get() == letter
    assert pii.with_keyed_hashes(Letter, ["title"]) == ["title"]
    assert pii.with_keyed_hashes(Letter, ["phone", "id_number", "phone_hash"]) == [
        "phone",
        "id_number",
        "phone_hash",
        "id_number_hash",
    ]
    assert pii.with_keyed_hashes(Letter, None) is None


def test_dumpdata_writes_ciphertext_and_loaddata_reads_it_back(tmp_path: Any) -> None:
    letter = letter_submit(submission=submission()).letter
    out = StringIO()
    call_command("dumpdata", "letters.Letter", f"--pks={letter.pk}", stdout=out)
    dump = out.getvalue()
    fields = json.loads(dump)[0]["fields"]

    for plain in (PHONE, ID_NUMBER, ADDRESS, EMAIL):
        assert plain not in dump
    for name in ("phone", "email", "id_number", "address"):
        assert pii.is_token(fields[name])
    letter.phone, letter.address = "13900004444", "另一个地址"
    letter.save()

    fixture = tmp_path / "letter.json"
    fixture.write_text(dump, encoding="utf-8")
    call_command("loaddata", str(fixture), stdout=StringIO())

    restored = Letter.objects.get(pk=letter.pk)
    assert (restored.phone, restored.id_number, restored.address, restored.email) == (
        PHONE,
        ID_NUMBER,
        ADDRESS,
        EMAIL,
    )
    assert raw_letter(letter.pk)["phone_hash"] == pii.keyed_hash("phone", PHONE)
    field = Letter._meta.get_field("phone")
    for fake in ("pii1$aes-256-gcm$k9$AAAA", "pii1$aes-256-gcm$k1$!!!", "pii1$x"):
        assert field.to_python(fake) == fake  # looks like a token: stays as given


def test_notification_recipients_are_encrypted() -> None:
    letter = letter_submit(submission=submission()).letter
    notify_citizen(letter_id=letter.pk, event="received")

    recipients = {n.channel: n.recipient for n in Notification.objects.filter(letter=letter)}
    assert recipients == {"sms": PHONE, "email": EMAIL}
    for note in Notification.objects.filter(letter=letter):
        (stored,) = raw("letters_notification", note.pk, "recipient")
        assert stored.startswith("pii1$")
        assert PHONE not in stored
        assert EMAIL not in stored


def test_idempotency_fingerprint_is_keyed() -> None:
    sub = submission()
    letter = letter_submit(submission=sub, idempotency_key="key-1").letter

    (fingerprint,) = raw("letters_letter", letter.pk, "idempotency_fingerprint")
    # A plain SHA-256 of the submission could be brute-forced back to the phone number.
    data = asdict(sub)
    data["attachments"] = []
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False)
    assert fingerprint != hashlib.sha256(canonical.encode()).hexdigest()
    assert fingerprint == pii.keyed_hash("idempotency", canonical)
    # The same key and submission still finds the first letter.
    again = letter_submit(submission=submission(), idempotency_key="key-1")
    assert (again.created, again.letter.pk) == (False, letter.pk)


class FailingSms:
    def send(self, phone: str, text: str) -> None:
        raise RuntimeError(f"gateway refused {phone}")


@override_settings(DESK_SMS_BACKEND="tests.letters.test_pii_storage.FailingSms")
def test_outbox_errors_do_not_keep_the_phone_number(
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        letter_submit(submission=submission(email=""))

    message = OutboxMessage.objects.get(task_name="letters.notify_citizen")
    assert message.relayed_at is None
    assert "gateway refused 138****5678" in message.last_error
    assert PHONE not in message.last_error
    assert message.payload == {"letter_id": message.payload["letter_id"], "event": "received"}
    assert outbox.relay_pending() == 0  # not due yet: backoff


def _write_plaintext(pk: int, phone: str, id_number: str, address: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE letters_letter SET phone = %s, id_number = %s, address = %s, "
            "phone_hash = '', id_number_hash = '', idempotency_fingerprint = 'plain' "
            "WHERE id = %s",
            [phone, id_number, address, pk],
        )


def test_data_migration_encrypts_rows_written_before_encryption() -> None:
    letter = letter_submit(submission=submission()).letter
    _write_plaintext(letter.pk, PHONE, ID_NUMBER, ADDRESS)  # as stored by 0011
    from django.apps import apps

    migration = importlib.import_module("letters.migrations.0012_pii_encryption")
    migration.encrypt_existing(apps, None)

    stored = raw_letter(letter.pk)
    assert stored["phone"].startswith("pii1$")
    assert stored["address"].startswith("pii1$")
    assert PHONE not in stored["phone"]
    assert ADDRESS not in stored["address"]
    assert stored["phone_hash"] == pii.keyed_hash("phone", PHONE)
    assert stored["id_number_hash"] == pii.keyed_hash("id_number", ID_NUMBER)
    assert raw("letters_letter", letter.pk, "idempotency_fingerprint") == ("",)
    letter.refresh_from_db()
    assert (letter.phone, letter.address) == (PHONE, ADDRESS)


def rotate() -> str:
    out = StringIO()
    call_command("rotate_pii_keys", "--batch-size", "2", stdout=out)
    return out.getvalue()


def test_rotation_reencrypts_every_row_under_the_current_key_and_is_idempotent() -> None:
    with override_settings(DESK_PII_KEYS=f"old:{KEY_A}"):
        letters = [
            letter_submit(submission=submission(phone=f"1391234000{i}")).letter for i in range(5)
        ]
        notify_citizen(letter_id=letters[0].pk, event="received")
    before = {letter.pk: raw_letter(letter.pk) for letter in letters}
    assert all(row["phone"].startswith("pii1$aes-256-gcm$old$") for row in before.values())

    with override_settings(DESK_PII_KEYS=f"new:{KEY_B},old:{KEY_A}"):
        output = rotate()
        assert "letters.Letter: 检查 5 行，更新 5 行" in output
        assert "letters.Notification: 检查 2 行，更新 2 行" in output
        after = {letter.pk: raw_letter(letter.pk) for letter in letters}
        for pk, row in after.items():
            for column in ("phone", "email", "id_number", "address"):
                assert row[column].startswith("pii1$aes-256-gcm$new$")
            # Hashes do not depend on the encryption key: unchanged.
            assert row["phone_hash"] == before[pk]["phone_hash"]
        assert "共更新 0 行" in rotate()
        assert raw_letter(letters[0].pk) == after[letters[0].pk]  # idempotent: untouched

    # The old key can now be removed.
    with override_settings(DESK_PII_KEYS=f"new:{KEY_B}"):
        assert [Letter.objects.get(pk=x.pk).phone for x in letters] == [
            f"1391234000{i}" for i in range(5)
        ]
        assert sorted(Notification.objects.values_list("recipient", flat=True)) == sorted(
            ["13912340000", EMAIL]
        )


def test_switching_to_sm4_reencrypts_and_rehashes_with_sm3() -> None:
    letter = letter_submit(submission=submission()).letter
    with override_settings(DESK_PII_CIPHER="sm4-gcm"):
        assert "共更新 1 行" in rotate()
        stored = raw_letter(letter.pk)
        assert stored["phone"].startswith("pii1$sm4-gcm$")
        assert stored["phone_hash"] == pii.keyed_hash("phone", PHONE)
        assert Letter.objects.filter(phone_hash=pii.keyed_hash("phone", PHONE)).get() == letter
        assert Letter.objects.get(pk=letter.pk).id_number == ID_NUMBER
        assert "共更新 0 行" in rotate()
