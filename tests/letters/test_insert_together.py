"""core.db.insert_together: a letter with its timeline and outbox messages written as one.

On PostgreSQL the rows go in one query string (one round trip, its own transaction or a
savepoint of the caller's); on SQLite one statement after another in a transaction. Both
store exactly what Django's own save would (encrypted contact data, keyed hashes), give
each row without a key the database's, and store nothing when one row fails.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import Model
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core import db, pii
from core.db import insert_together, sends_query_strings
from core.models import OutboxMessage
from letters.models import Letter, LetterEvent
from letters.services.intake import reserve_number

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("flushable_audit_log"),
]


def new_letter(number: str | None = None) -> Letter:
    day = timezone.localdate()
    reserved, letter_id = reserve_number(day)
    return Letter(
        pk=letter_id,
        tracking_number=number or reserved,
        query_code="ABCDEFGH",
        kind="consultation",
        title="咨询公积金提取材料",
        body="我想咨询一下提取住房公积金需要准备哪些材料，在哪里办理？",
        name="王芳",
        phone="13812345678",
        status="submitted",
        received_at=timezone.now(),
    )


def rows_of(letter: Letter) -> list[LetterEvent | OutboxMessage]:
    return [
        LetterEvent(letter=letter, at=letter.received_at, action="submit", to_status="submitted"),
        LetterEvent(letter=letter, at=letter.received_at, action="clock_start", public=False),
        OutboxMessage(task_name="routing.route_letter", payload={"letter_id": letter.pk}),
        OutboxMessage(task_name="letters.notify_citizen", payload={"letter_id": letter.pk}),
    ]


def store(letter: Letter) -> list[LetterEvent | OutboxMessage]:
    """As intake does: on PostgreSQL the letter's id is reserved and all goes together."""
    if letter.pk is not None:
        rows = rows_of(letter)
        insert_together([letter, *rows])
    else:
        with transaction.atomic():
            letter.save(force_insert=True)
            rows = rows_of(letter)
            insert_together(rows)
    return rows


def test_rows_are_stored_as_django_would_with_the_databases_keys() -> None:
    letter = new_letter()
    with CaptureQueriesContext(connection) as queries:
        rows = store(letter)

    if sends_query_strings():
        [query] = queries.captured_queries  # one round trip
        assert query["sql"].count("jsonb_populate_recordset") == 3  # a document per model
    stored = Letter.objects.get()
    assert stored.pk == letter.pk
    assert stored.phone == "13812345678"
    assert stored.phone_hash == pii.keyed_hash("phone", "13812345678")
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone FROM letters_letter WHERE id = %s", [letter.pk])
        (column,) = cursor.fetchone()
    assert column.startswith("pii1$")  # encrypted at rest, as by save()
    assert all(row.pk is not None and not row._state.adding for row in rows)
    assert list(LetterEvent.objects.order_by("pk").values_list("pk", "letter_id", "action")) == [
        (rows[0].pk, letter.pk, "submit"),
        (rows[1].pk, letter.pk, "clock_start"),
    ]
    assert list(OutboxMessage.objects.order_by("pk").values_list("pk", "task_name")) == [
        (rows[2].pk, "routing.route_letter"),
        (rows[3].pk, "letters.notify_citizen"),
    ]


def test_one_failing_row_stores_none_of_them() -> None:
    first = new_letter()
    store(first)
    duplicate = new_letter(number=first.tracking_number)  # a unique number taken

    with pytest.raises(IntegrityError):
        store(duplicate)

    assert Letter.objects.count() == 1
    assert LetterEvent.objects.count() == 2
    assert OutboxMessage.objects.count() == 2


def test_inside_a_transaction_a_failure_leaves_the_callers_work_intact() -> None:
    first = new_letter()
    duplicate = new_letter(number=first.tracking_number)
    with transaction.atomic():
        store(first)
        if duplicate.pk is not None:  # PostgreSQL: the savepoint keeps the caller's rows
            with pytest.raises(IntegrityError):
                insert_together([duplicate, *rows_of(duplicate)])

    assert list(Letter.objects.values_list("pk", flat=True)) == [first.pk]
    assert LetterEvent.objects.count() == 2
    assert OutboxMessage.objects.count() == 2


def test_what_is_stored_equals_what_djangos_own_insert_stores() -> None:
    """Every column of a letter, its timeline and its messages read back the same as rows
    written by ``save()``: dates to the microsecond, JSON, decimals, hashes, encryption."""
    when = timezone.now().replace(microsecond=123456)

    def letter() -> Letter:
        made = new_letter()
        made.received_at = when
        made.latitude, made.longitude = Decimal("28.123456"), Decimal("112.654321")
        made.email, made.id_number = "wang.fang@example.com", "11010519491231002X"
        made.sensitive_hits = [{"word": "示例", "category": "其他"}]
        made.deadline_derivation = {"start": "2026-12-06", "pauses": [], "days": 3}
        return made

    together, saved = letter(), letter()
    store(together)
    saved.save(force_insert=True)
    for event in rows_of(saved):
        event.save(force_insert=True)

    ignore = {"id", "tracking_number", "letter_id", "created_at", "updated_at"}

    def columns(model: type[Model], **where: object) -> list[dict[str, object]]:
        rows = model._default_manager.filter(**where).order_by("pk").values()
        return [{k: v for k, v in row.items() if k not in ignore} for row in rows]

    assert columns(Letter, pk=together.pk) == columns(Letter, pk=saved.pk)
    assert columns(LetterEvent, letter=together) == columns(LetterEvent, letter=saved)
    assert columns(Letter, pk=together.pk)[0]["received_at"] == when
    outbox = columns(OutboxMessage)
    assert [m["task_name"] for m in outbox] == [
        "routing.route_letter",
        "letters.notify_citizen",
    ] * 2


def test_rows_without_a_plain_json_form_go_as_djangos_compiled_insert(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A value the JSON document cannot carry (binary data, a duration) makes its run
    Django's own INSERT, in the same round trip, storing the same."""

    def no_plain_form(value: object) -> object:
        raise db._NoPlainForm(type(value).__name__)

    monkeypatch.setattr(db, "_plain", no_plain_form)
    letter = new_letter()
    with CaptureQueriesContext(connection) as queries:
        rows = store(letter)

    if sends_query_strings():
        [query] = queries.captured_queries
        assert "jsonb_populate_recordset" not in query["sql"]
    assert Letter.objects.get().phone_hash == pii.keyed_hash("phone", "13812345678")
    assert [row.pk for row in rows] == sorted(
        [*LetterEvent.objects.values_list("pk", flat=True)]
    ) + sorted(OutboxMessage.objects.values_list("pk", flat=True))
