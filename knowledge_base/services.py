"""Knowledge-base services: the entry lifecycle and drafting entries from replied letters.

Lifecycle (each move checked, in one transaction with its index update)::

    draft --submit--> in_review --review(approve)--> published --retire--> retired
                       in_review --review(reject)--> draft
    draft/published --update--> draft (an edited published entry is reviewed again)

Every content save bumps ``version`` and writes a ``KnowledgeEntryVersion`` snapshot.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from core.redaction import redact
from knowledge_base import gate, search
from knowledge_base.models import EntryStatus, KnowledgeEntry, KnowledgeEntryVersion
from letters.choices import LetterKind, LetterStatus
from letters.models import Letter
from letters.services.workflow import TransitionNotAllowed, publication_proposal

QUEUE_STATUSES = (LetterStatus.REPLIED, LetterStatus.PUBLISHED, LetterStatus.CLOSED)
_SENTENCE = re.compile(r"[^。！？!?；;\n]+[？?]")
QUESTION_MAX = 300
SHORT_QUESTION_MAX = 80

_UNSET: Any = object()


def _check_dates(effective_from: date | None, expires_on: date | None) -> None:
    if effective_from and expires_on and expires_on < effective_from:
        raise TransitionNotAllowed("失效日期不能早于生效日期。")


def _snapshot(entry: KnowledgeEntry, actor: Any) -> None:
    KnowledgeEntryVersion.objects.create(
        entry=entry,
        version=entry.version,
        question=entry.question,
        answer=entry.answer,
        keywords=entry.keywords,
        saved_by=actor,
    )


def _locked(entry: KnowledgeEntry) -> KnowledgeEntry:
    return KnowledgeEntry.objects.select_for_update().get(pk=entry.pk)


@transaction.atomic
def entry_create(
    *,
    actor: Any,
    question: str,
    answer: str,
    department_id: int | None = None,
    category: str = "",
    keywords: str = "",
    source_letter_ids: Iterable[int] = (),
    effective_from: date | None = None,
    expires_on: date | None = None,
) -> KnowledgeEntry:
    """A new draft entry (version 1, with its snapshot)."""
    _check_dates(effective_from, expires_on)
    entry = KnowledgeEntry.objects.create(
        question=question.strip(),
        answer=answer.strip(),
        department_id=department_id,
        category=category.strip(),
        keywords=keywords.strip(),
        effective_from=effective_from,
        expires_on=expires_on,
        created_by=actor,
    )
    ids = list(source_letter_ids)
    if ids:
        entry.source_letters.set(ids)
    _snapshot(entry, actor)
    return entry


@transaction.atomic
def entry_update(
    entry: KnowledgeEntry,
    actor: Any,
    *,
    question: str = _UNSET,
    answer: str = _UNSET,
    department_id: int | None = _UNSET,
    category: str = _UNSET,
    keywords: str = _UNSET,
    effective_from: date | None = _UNSET,
    expires_on: date | None = _UNSET,
) -> KnowledgeEntry:
    """Edit a draft or published entry; a published one goes back to draft and review."""
    entry = _locked(entry)
    if entry.status not in (EntryStatus.DRAFT, EntryStatus.PUBLISHED):
        raise TransitionNotAllowed(f"条目当前状态为「{entry.get_status_display()}」，不能修改。")
    changes: dict[str, Any] = {
        "question": question,
        "answer": answer,
        "department_id": department_id,
        "category": category,
        "keywords": keywords,
        "effective_from": effective_from,
        "expires_on": expires_on,
    }
    for name, value in changes.items():
        if value is not _UNSET:
            setattr(entry, name, value.strip() if isinstance(value, str) else value)
    _check_dates(entry.effective_from, entry.expires_on)
    if entry.status == EntryStatus.PUBLISHED:
        entry.status = EntryStatus.DRAFT
        search.unindex_entry(entry.pk)
    entry.version += 1
    entry.save()
    _snapshot(entry, actor)
    return entry


@transaction.atomic
def entry_submit(entry: KnowledgeEntry, actor: Any) -> KnowledgeEntry:
    entry = _locked(entry)
    if entry.status != EntryStatus.DRAFT:
        raise TransitionNotAllowed("只有草稿状态的条目可以提交审核。")
    if not entry.question or not entry.answer:
        raise TransitionNotAllowed("问题和答复都不能为空，不能提交审核。")
    entry.status = EntryStatus.IN_REVIEW
    entry.save(update_fields=["status", "updated_at"])
    return entry


def _writer_of(entry: KnowledgeEntry) -> gate.Writer:
    """The writer of the entry's first source letter: their name and contact data are
    masked wherever they occur in the entry, like in the letter's own publication."""
    letter = entry.source_letters.order_by("id").first()
    return gate.writer_of(letter) if letter is not None else gate.Writer()


def publication_check(
    entry: KnowledgeEntry, actor: Any, confirmations: Sequence[Mapping[str, Any]] = ()
) -> None:
    """The publication gate for an entry's question and answer."""
    gate.check(
        {"question": entry.question, "answer": entry.answer},
        subject=gate.Subject("kb_entry", entry.pk),
        actor=actor,
        writer=_writer_of(entry),
        confirmations=gate.as_confirmations(confirmations),
    )


def pending_hits(entry: KnowledgeEntry) -> list[gate.GateHit]:
    """What the gate would still refuse in the entry (shown to the approver)."""
    return gate.pending(
        {"question": entry.question, "answer": entry.answer},
        writer=_writer_of(entry),
        subject=gate.Subject("kb_entry", entry.pk),
    )


@transaction.atomic
def entry_review(
    entry: KnowledgeEntry,
    actor: Any,
    approve: bool,
    note: str = "",
    *,
    confirmations: Sequence[Mapping[str, Any]] = (),
) -> KnowledgeEntry:
    """Approve (through the publication gate: published and indexed) or send back."""
    entry = _locked(entry)
    if entry.status != EntryStatus.IN_REVIEW:
        raise TransitionNotAllowed("只有待审核的条目可以审核。")
    if approve:
        publication_check(entry, actor, confirmations)
    entry.status = EntryStatus.PUBLISHED if approve else EntryStatus.DRAFT
    entry.reviewed_at = timezone.now()
    entry.reviewed_by = actor
    entry.review_note = note.strip()
    entry.save(update_fields=["status", "reviewed_at", "reviewed_by", "review_note", "updated_at"])
    if approve:
        search.index_entry(entry)
    return entry


@transaction.atomic
def entry_retire(entry: KnowledgeEntry, actor: Any) -> KnowledgeEntry:
    entry = _locked(entry)
    if entry.status == EntryStatus.RETIRED:
        raise TransitionNotAllowed("条目已下线。")
    entry.status = EntryStatus.RETIRED
    entry.save(update_fields=["status", "updated_at"])
    search.unindex_entry(entry.pk)
    return entry


def curator_queue() -> QuerySet[Letter]:
    """Answered consultations with a reply that no entry has been drafted from yet."""
    sourced = KnowledgeEntry.source_letters.through.objects.filter(letter_id=OuterRef("pk"))
    return (
        Letter.objects.filter(
            kind=LetterKind.CONSULTATION, status__in=QUEUE_STATUSES, merged_into__isnull=True
        )
        .exclude(reply_text="")
        .exclude(Exists(sourced))
        .select_related("reply_department")
        .order_by("-replied_at", "-id")
    )


def short_question(body: str) -> str:
    """The first question sentence of a letter body, redacted, or '' if there is none."""
    match = _SENTENCE.search(body)
    if match is None:
        return ""
    sentence = redact(match.group(0).strip()).text
    return sentence if len(sentence) <= SHORT_QUESTION_MAX else ""


@transaction.atomic
def draft_from_letter(letter: Letter, actor: Any) -> KnowledgeEntry:
    """A draft entry from a replied consultation (the letter then leaves the queue)."""
    locked = Letter.objects.select_for_update().get(pk=letter.pk)
    if not curator_queue().filter(pk=locked.pk).exists():
        raise TransitionNotAllowed("该信件不是已答复的咨询，或已生成知识库条目。")
    # The published texts, or for a letter not published yet the same masked proposal
    # a publisher would see (the writer's own name, phone, ID and address masked too).
    proposal = publication_proposal(locked)
    title = locked.public_title.strip() or proposal["public_title"]
    asked = short_question(locked.public_body.strip() or proposal["public_body"])
    question = f"{title}：{asked}" if asked else title
    answer = locked.public_text.strip() or proposal["public_text"]
    return entry_create(
        actor=actor,
        question=question[:QUESTION_MAX],
        answer=answer,
        department_id=locked.reply_department_id or locked.department_id,
        category=locked.get_kind_display(),
        source_letter_ids=[locked.pk],
    )


def months_before(day: date, months: int) -> date:
    """The same day ``months`` calendar months earlier (clamped to the month's end)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    for candidate in range(day.day, 0, -1):
        try:
            return date(year, month, candidate)
        except ValueError:
            continue
    return date(year, month, 1)  # pragma: no cover


def stale_entries(months: int = 12) -> QuerySet[KnowledgeEntry]:
    """Published entries that have expired or were not reviewed for ``months`` months."""
    today = timezone.localdate()
    cutoff = months_before(today, months)
    cutoff_at = timezone.make_aware(datetime(cutoff.year, cutoff.month, cutoff.day))
    return (
        KnowledgeEntry.objects.filter(status=EntryStatus.PUBLISHED)
        .filter(
            Q(expires_on__lt=today) | Q(reviewed_at__isnull=True) | Q(reviewed_at__lt=cutoff_at)
        )
        .select_related("department")
        .order_by("expires_on", "reviewed_at", "id")
    )
