"""Knowledge-base services: the entry lifecycle and drafting entries from replied letters.

Every move of an entry goes through :func:`entry_transition`, which checks it against
the lifecycle table (``knowledge_base.lifecycle``), locks the entry, applies the change
with its index update, and writes the audit record, all in one transaction. Approval
runs the publication gate (``knowledge_base.gate``) and is refused to the entry's creator
and to anyone who saved a version of it. Every content save bumps ``version`` and writes a
``KnowledgeEntryVersion`` snapshot.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from core.audit import audit
from core.redaction import redact
from knowledge_base import gate, lifecycle, search
from knowledge_base.models import EntryStatus, KnowledgeEntry, KnowledgeEntryVersion
from letters.choices import LetterKind, LetterStatus
from letters.models import Letter
from letters.publication_policy import not_withheld
from letters.services.workflow import TransitionNotAllowed, publication_proposal
from org.selectors import StaffUser, user_roles

QUEUE_STATUSES = (LetterStatus.REPLIED, LetterStatus.PUBLISHED, LetterStatus.CLOSED)
_SENTENCE = re.compile(r"[^。！？!?；;\n]+[？?]")
QUESTION_MAX = 300
SHORT_QUESTION_MAX = 80

_UNSET: Any = object()


def _check_dates(effective_from: date | None, expires_on: date | None) -> None:
    if effective_from and expires_on and expires_on < effective_from:
        raise TransitionNotAllowed("失效日期不能早于生效日期。")


def _snapshot(entry: KnowledgeEntry, actor: StaffUser) -> None:
    KnowledgeEntryVersion.objects.create(
        entry=entry,
        version=entry.version,
        question=entry.question,
        answer=entry.answer,
        keywords=entry.keywords,
        saved_by=actor,
    )


def _check_role(action: str, actor: StaffUser) -> None:
    refused = lifecycle.role_refusal(action, frozenset(user_roles(actor)))
    if refused is not None:
        raise PermissionDenied(refused)


def entry_transition(
    entry: KnowledgeEntry,
    action: str,
    actor: StaffUser,
    *,
    guard: Callable[[KnowledgeEntry], None] | None = None,
    apply: Callable[[KnowledgeEntry], None] | None = None,
    data: Mapping[str, Any] | None = None,
) -> KnowledgeEntry:
    """Run one entry action on the locked entry: the table's roles and statuses, the
    action's own checks and changes, the new status, one audit record."""
    spec = lifecycle.ACTIONS[action]
    _check_role(action, actor)
    with transaction.atomic():
        locked = KnowledgeEntry.objects.select_for_update().get(pk=entry.pk)
        refused = lifecycle.status_refusal(action, locked.status)
        if refused is not None:
            raise TransitionNotAllowed(refused)
        if guard is not None:
            guard(locked)
        from_status = locked.status
        if apply is not None:
            apply(locked)
        if spec.target is not None:
            locked.status = spec.target
        locked.save()
        audit(
            f"kb_entry.{action}",
            actor=actor,
            obj=locked,
            data={
                **(data or {}),
                "from": from_status,
                "to": locked.status,
                "version": locked.version,
            },
        )
    return locked


def entry_create(
    *,
    actor: StaffUser,
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
    _check_role("create", actor)
    _check_dates(effective_from, expires_on)
    with transaction.atomic():
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
        audit("kb_entry.create", actor=actor, obj=entry, data={"sources": ids, "version": 1})
    return entry


def entry_update(
    entry: KnowledgeEntry,
    actor: StaffUser,
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
    changes: dict[str, Any] = {
        "question": question,
        "answer": answer,
        "department_id": department_id,
        "category": category,
        "keywords": keywords,
        "effective_from": effective_from,
        "expires_on": expires_on,
    }

    def apply(locked: KnowledgeEntry) -> None:
        for name, value in changes.items():
            if value is not _UNSET:
                setattr(locked, name, value.strip() if isinstance(value, str) else value)
        _check_dates(locked.effective_from, locked.expires_on)
        if locked.status == EntryStatus.PUBLISHED:
            search.unindex_entry(locked.pk)
        locked.version += 1
        _snapshot(locked, actor)

    changed = [name for name, value in changes.items() if value is not _UNSET]
    return entry_transition(entry, "update", actor, apply=apply, data={"fields": changed})


def entry_submit(entry: KnowledgeEntry, actor: StaffUser) -> KnowledgeEntry:
    def guard(locked: KnowledgeEntry) -> None:
        if not locked.question or not locked.answer:
            raise TransitionNotAllowed("问题和答复都不能为空，不能提交审核。")

    return entry_transition(entry, "submit", actor, guard=guard)


def _writer_of(entry: KnowledgeEntry) -> gate.Writer:
    """The writer of the entry's first source letter: their name and contact data are
    masked wherever they occur in the entry, like in the letter's own publication."""
    letter = entry.source_letters.order_by("id").first()
    return gate.writer_of(letter) if letter is not None else gate.Writer()


def publication_check(
    entry: KnowledgeEntry, actor: StaffUser, confirmations: Sequence[Mapping[str, Any]] = ()
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


def _authors(entry: KnowledgeEntry) -> set[int]:
    """Who wrote the entry's content: its creator and whoever saved any of its versions
    (an editor's text stays in the entry after someone else edits it last)."""
    savers = set(entry.versions.values_list("saved_by_id", flat=True))
    return {pk for pk in (entry.created_by_id, *savers) if pk is not None}


def entry_review(
    entry: KnowledgeEntry,
    actor: StaffUser,
    approve: bool,
    note: str = "",
    *,
    confirmations: Sequence[Mapping[str, Any]] = (),
) -> KnowledgeEntry:
    """Approve (through the publication gate: published and indexed) or send back."""
    note = note.strip()

    def guard(locked: KnowledgeEntry) -> None:
        if approve and getattr(actor, "pk", None) in _authors(locked):
            raise PermissionDenied("不能审核自己撰写或修改过的知识库条目，请由其他审核人审核。")
        if approve:
            publication_check(locked, actor, confirmations)

    def apply(locked: KnowledgeEntry) -> None:
        locked.reviewed_at = timezone.now()
        locked.reviewed_by = actor
        locked.review_note = note
        if approve:
            search.index_entry(locked)

    action = "approve" if approve else "reject"
    return entry_transition(entry, action, actor, guard=guard, apply=apply, data={"note": note})


def entry_retire(entry: KnowledgeEntry, actor: StaffUser) -> KnowledgeEntry:
    def apply(locked: KnowledgeEntry) -> None:
        search.unindex_entry(locked.pk)

    return entry_transition(entry, "retire", actor, apply=apply)


def curator_queue() -> QuerySet[Letter]:
    """Answered consultations with a reply that no entry has been drafted from yet."""
    sourced = KnowledgeEntry.source_letters.through.objects.filter(letter_id=OuterRef("pk"))
    return (
        Letter.objects.filter(
            not_withheld(),
            kind=LetterKind.CONSULTATION,
            status__in=QUEUE_STATUSES,
            merged_into__isnull=True,
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
def draft_from_letter(letter: Letter, actor: StaffUser) -> KnowledgeEntry:
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
