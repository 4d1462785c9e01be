"""Intake: a letter from the public becomes a committed record with a tracking number."""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, connection, transaction
from django.db.models import Model
from django.utils import timezone

from core import outbox, sensitive
from core.conf import desk_settings
from core.db import insert_together, sends_query_strings
from core.models import OutboxMessage
from core.pii import keyed_hash
from letters.choices import LetterKind, LetterSource, LetterStatus
from letters.models import Attachment, Letter, LetterEvent, TrackingCounter
from letters.services import deadlines
from org.models import Leader, Solicitation

QUERY_CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # 32 symbols, no 0/O/1/I
QUERY_CODE_LENGTH = 8  # 40 bits


@dataclass(frozen=True)
class StoredUpload:
    """An attachment already checked by content: its bytes, detected type and digest."""

    upload: UploadedFile
    original_name: str
    content_type: str
    size: int
    sha256: str


@dataclass(frozen=True)
class LetterSubmission:
    """What the public submitted, already format-checked (serializer or importer)."""

    kind: str
    title: str
    body: str
    name: str
    phone: str
    email: str = ""
    id_number: str = ""
    address: str = ""
    consent_public: bool = False
    leader_id: int | None = None
    url: str = ""
    error_type: str = ""
    solicitation_id: int | None = None
    attachments: tuple[StoredUpload, ...] = field(default=())
    # The channel it came in by, and where the matter is when the channel says.
    source: str = LetterSource.WEB
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    location: str = ""

    def fingerprint(self) -> str:
        # The fields as they are (asdict would deep-copy every value, the uploads too);
        # the canonical text is the same.
        data = dict(vars(self))
        data["attachments"] = [a.sha256 for a in self.attachments]
        canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
        # Keyed: a plain digest of a submission whose other fields are stored beside it
        # would let anyone reading the table guess the phone number back.
        return keyed_hash("idempotency", canonical)


@dataclass(frozen=True)
class SubmitResult:
    letter: Letter
    created: bool


class IdempotencyConflict(Exception):
    """The Idempotency-Key was already used for a different submission."""


def _check_kind_rules(sub: LetterSubmission, today: date) -> None:
    """Cross-field rules: each kind needs its own target and no other kind's."""
    errors: dict[str, str] = {}
    if sub.kind == LetterKind.LEADER_MAIL:
        if sub.leader_id is None:
            errors["leader"] = "「写信对象」：领导信箱来信请选择写信对象。"
        elif not Leader.objects.filter(pk=sub.leader_id, active=True).exists():
            errors["leader"] = "「写信对象」：所选领导不存在或已停用。"
    elif sub.leader_id is not None:
        errors["leader"] = "「写信对象」：只有领导信箱来信需要选择写信对象。"

    if sub.kind == LetterKind.SITE_ERROR:
        if not sub.url:
            errors["url"] = "「问题网页地址」：网站找错请填写出错网页的地址。"
        if not sub.error_type:
            errors["error_type"] = "「错误类型」：网站找错请选择错误类型。"
    else:
        if sub.url:
            errors["url"] = "「问题网页地址」：只有网站找错需要填写网页地址。"
        if sub.error_type:
            errors["error_type"] = "「错误类型」：只有网站找错需要选择错误类型。"

    if sub.kind == LetterKind.OPINION:
        if sub.solicitation_id is None:
            errors["solicitation"] = "「征集事项」：请选择您要发表意见的征集事项。"
        else:
            solicitation = Solicitation.objects.filter(pk=sub.solicitation_id).first()
            if solicitation is None:
                errors["solicitation"] = "「征集事项」：所选征集事项不存在。"
            elif not solicitation.is_open(today):
                errors["solicitation"] = "「征集事项」：该征集已结束或尚未开始，不能再提交意见。"
    elif sub.solicitation_id is not None:
        errors["solicitation"] = "「征集事项」：只有征集意见需要选择征集事项。"

    if errors:
        raise ValidationError(errors)


def new_query_code() -> str:
    return "".join(secrets.choice(QUERY_CODE_ALPHABET) for _ in range(QUERY_CODE_LENGTH))


def reserve_number(day: date) -> tuple[str, int | None]:
    """The letter's tracking number (readable, ordered and unique under concurrency) and,
    on PostgreSQL, its id from the table's sequence: one round trip. With the id known
    ahead, the letter, its timeline and its outbox messages are written together
    (``core.db.insert_together``). SQLite gives the id at the INSERT (None here).

    The number is one atomic upsert in its own short transaction, so concurrent
    submissions do not queue behind each other's whole intake transaction; a submission
    that fails later leaves a gap in the day's sequence (and in the ids), never a duplicate.

    On PostgreSQL that transaction commits without waiting for its WAL flush
    (``synchronous_commit`` off for it alone): a number is only ever used by a letter
    whose own commit waits for the flush, and that flush covers every earlier record of
    the log, this increment included. A crash can lose only increments no committed
    letter used, so a number is never given to two letters. (A sequence's values are
    never handed out twice, committed or not.)
    """
    table = TrackingCounter._meta.db_table
    returning = "last_value"
    params: list[Any] = [day]
    if connection.vendor == "postgresql":
        returning += ", nextval(pg_get_serial_sequence(%s, %s))"
        params += [Letter._meta.db_table, Letter._meta.pk.column]
    upsert = (
        f"INSERT INTO {table} (day, last_value) VALUES (%s, 1) "  # noqa: S608 - table name from model meta
        f"ON CONFLICT (day) DO UPDATE SET last_value = {table}.last_value + 1 "
        f"RETURNING {returning}"
    )
    if not connection.in_atomic_block and sends_query_strings():
        row = _increment_in_one_round_trip(upsert, params)
    else:  # SQLite, or inside the caller's transaction (which it joins)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(upsert, params)
            row = cursor.fetchone()
    prefix = desk_settings().tracking_prefix
    letter_id = int(row[1]) if len(row) > 1 else None
    return f"{prefix}{day:%Y%m%d}-{int(row[0]):06d}", letter_id


def _increment_in_one_round_trip(upsert: str, params: list[Any]) -> tuple[Any, ...]:
    """The increment's own transaction sent as one query string (BEGIN, SET LOCAL, the
    upsert, COMMIT): one round trip to PostgreSQL instead of four."""
    connection.ensure_connection()
    with connection.cursor() as cursor:
        try:
            cursor.execute(f"BEGIN; SET LOCAL synchronous_commit TO off; {upsert}; COMMIT", params)
            while cursor.description is None:  # BEGIN and SET return no rows
                if not cursor.nextset():
                    raise RuntimeError("the tracking counter returned no value")
            row = cursor.fetchone()
        except BaseException:
            # A failed statement leaves the explicit transaction open and aborted.
            connection.connection.rollback()
            raise
    return tuple(row)


def _existing_for_key(key: str, fingerprint: str) -> Letter | None:
    letter = Letter.objects.filter(idempotency_key=key).first()
    if letter is not None and letter.idempotency_fingerprint != fingerprint:
        raise IdempotencyConflict(key)
    return letter


def letter_submit(
    *,
    submission: LetterSubmission,
    idempotency_key: str | None = None,
    received_at: datetime | None = None,
    entered_by: User | None = None,
) -> SubmitResult:
    """Store a letter, its attachments, its first timeline event and its follow-up work.

    Everything is written in one transaction (on PostgreSQL one round trip, after the
    one that reserves the number); routing and the receipt notice are queued
    through the outbox, so they run only once the letter is committed. The same
    ``idempotency_key`` with the same submission returns the letter stored the first time.
    ``received_at`` is for imports of historical letters; the public API never sets it.
    ``entered_by`` is the staff member (录入员) who entered the letter for a caller or
    visitor; the first timeline entry names them.
    """
    fingerprint = submission.fingerprint()
    received_at = received_at or timezone.now()
    try:
        _check_kind_rules(submission, timezone.localdate(received_at))
    except ValidationError:
        # A replay returns the letter stored the first time even if, say, the
        # solicitation has closed since.
        existing = _existing_for_key(idempotency_key, fingerprint) if idempotency_key else None
        if existing is not None:
            return SubmitResult(existing, created=False)
        raise
    hits = sensitive.sensitive_hits([submission.title, submission.body])
    stored: list[Attachment] = []
    # A replayed key is found by the unique constraint below (no lookup before the insert:
    # replays are rare, and the number they take is a gap in the day's sequence).
    tracking_number, letter_id = reserve_number(timezone.localdate(received_at))
    letter = Letter(
        pk=letter_id,
        tracking_number=tracking_number,
        query_code=new_query_code(),
        idempotency_key=idempotency_key or None,
        idempotency_fingerprint=fingerprint if idempotency_key else "",
        kind=submission.kind,
        title=submission.title,
        body=submission.body,
        name=submission.name,
        phone=submission.phone,
        email=submission.email,
        id_number=submission.id_number,
        address=submission.address,
        consent_public=submission.consent_public,
        leader_id=submission.leader_id,
        url=submission.url,
        error_type=submission.error_type,
        solicitation_id=submission.solicitation_id,
        source=submission.source,
        latitude=submission.latitude,
        longitude=submission.longitude,
        location=submission.location,
        status=LetterStatus.SUBMITTED,
        received_at=received_at,
        sensitive_hits=hits,
        sensitive_flagged=bool(hits),
    )
    # The reply clock is set before the first INSERT (no second write).
    clock = deadlines.set_clock(letter)
    messages: list[OutboxMessage] = []
    try:
        for item in submission.attachments:
            item.upload.seek(0)
            attachment = Attachment(
                letter=letter,
                original_name=item.original_name,
                content_type=item.content_type,
                size=item.size,
                sha256=item.sha256,
            )
            # The storage name is random (models.attachment_path), never the writer's.
            attachment.file.save("upload", item.upload, save=False)
            stored.append(attachment)
        if letter.pk is not None:
            # The letter, its attachments, its timeline and its follow-up work in one
            # query string, committed as one.
            rows, messages = _letter_rows(letter, stored, hits, clock, entered_by)
            insert_together([letter, *rows])
        else:  # the database numbers the letter at its INSERT: write it first
            with transaction.atomic():
                letter.save(force_insert=True)
                rows, messages = _letter_rows(letter, stored, hits, clock, entered_by)
                insert_together(rows)
    except IntegrityError:
        _delete_files(stored)
        if idempotency_key:
            existing = _existing_for_key(idempotency_key, fingerprint)
            if existing is not None:
                return SubmitResult(existing, created=False)
        raise
    except BaseException:
        _delete_files(stored)
        raise
    outbox.relay_on_commit(messages)
    return SubmitResult(letter, created=True)


def _letter_rows(
    letter: Letter,
    attachments: list[Attachment],
    hits: list[dict[str, str]],
    clock: dict[str, Any] | None,
    entered_by: User | None,
) -> tuple[list[Model], list[OutboxMessage]]:
    """What is written with a new letter (its id known): its attachments, its first
    timeline entries, and the outbox messages of its routing and receipt notice."""
    events = [
        LetterEvent(
            letter=letter,
            at=letter.received_at,
            actor=entered_by,
            action="submit",
            to_status=LetterStatus.SUBMITTED,
            public_note="来信已收到，等待受理。",
        )
    ]
    if hits:
        events.append(
            LetterEvent(
                letter=letter,
                at=letter.received_at,
                action="sensitive_flag",
                public=False,
                note=sensitive.sensitive_note(hits),
                data={"words": [hit["word"] for hit in hits]},
            )
        )
    if clock is not None:
        events.append(deadlines.clock_start_event(letter, clock, at=letter.received_at))
    messages = outbox.new_messages(
        [
            ("routing.route_letter", {"letter_id": letter.pk}),
            ("letters.notify_citizen", {"letter_id": letter.pk, "event": "received"}),
        ]
    )
    return [*attachments, *events, *messages], messages


def _delete_files(attachments: list[Attachment]) -> None:
    for attachment in attachments:
        if attachment.file.name:
            attachment.file.storage.delete(attachment.file.name)
