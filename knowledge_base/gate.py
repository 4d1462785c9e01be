"""The publication gate: the one place that decides whether a text may go public.

Every text bound for a public output — a letter's public title, body and reply, a
knowledge-base question and answer, and whatever public channel is added later — is
stored for the public only through :func:`check`, inside the transaction that publishes
it. The gate runs the personal-data detector (``core.redaction``) with what the desk
knows about the writer, and the admin-managed sensitive-word list, on the *final* text,
and refuses (:class:`PublicationRefused`, HTTP 409) while any hit remains that is

- not an official number of the deployment (``OfficialNumber`` rows and the office
  phones of the departments: data, allowed without confirmation), and
- not confirmed: a publisher may keep one specific hit (e.g. an office hotline) by
  confirming it with a reason; the confirmation is stored per subject, field, kind and
  text (``PublicationClearance``) and written to the audit log.

Public outputs read only texts stored through this gate (``knowledge_base.publication``
for letters, ``knowledge_base.search.visible_entries`` for entries), so there is no
path around it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError

from core.audit import audit
from core.redaction import KIND_LABELS, detect
from core.sensitive import sensitive_hits
from knowledge_base.models import OfficialNumber, PublicationClearance
from letters.services.workflow import TransitionNotAllowed
from org.models import Department
from org.selectors import StaffUser

SENSITIVE_WORD = "sensitive_word"
FIELD_LABELS = {
    "public_title": "公开标题",
    "public_body": "公开来信内容",
    "public_text": "公开答复内容",
    "question": "问题",
    "answer": "答复",
    "survey_text": "公开的回答或书面意见",
    "feedback_report": "采纳情况",
}
REASON_MIN_LENGTH = 4
REASON_MAX_LENGTH = 500
# An official number matches a hit when their digits agree on at least this many
# trailing digits (a local number written without its area code still matches).
_OFFICIAL_MIN_DIGITS = 7
_DIGITS = re.compile(r"\d")


def kind_label(kind: str) -> str:
    return "敏感词" if kind == SENSITIVE_WORD else KIND_LABELS.get(kind, kind)


def field_label(field: str) -> str:
    return FIELD_LABELS.get(field, field)


@dataclass(frozen=True)
class Subject:
    """What is being published: ``("letter", 12)``, ``("kb_entry", 3)`` ..."""

    type: str
    id: int


@dataclass(frozen=True)
class Writer:
    """What the desk knows about the person who wrote the text (masked wherever found)."""

    name: str = ""
    known_values: tuple[str, ...] = ()


@dataclass(frozen=True)
class GateHit:
    """One item the gate found in one field of the final text."""

    field: str
    kind: str
    text: str
    start: int = 0
    end: int = 0

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.field, self.kind, self.text)

    def as_dict(self) -> dict[str, Any]:
        return {
            "field": self.field,
            "field_label": field_label(self.field),
            "kind": self.kind,
            "kind_label": kind_label(self.kind),
            "text": self.text,
        }

    def describe(self) -> str:
        return f"「{field_label(self.field)}」中的{kind_label(self.kind)}“{self.text}”"


@dataclass(frozen=True)
class Confirmation:
    """A publisher keeps one hit in the public text, for a stated reason."""

    field: str
    kind: str
    text: str
    reason: str

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.field, self.kind, self.text)


class PublicationRefused(TransitionNotAllowed):
    """The final text still holds personal data or a sensitive word (HTTP 409)."""

    def __init__(self, hits: Sequence[GateHit]) -> None:
        self.gate_hits = list(hits)
        listed = "；".join(hit.describe() for hit in self.gate_hits)
        super().__init__(
            f"公开内容中还有{len(self.gate_hits)}处个人信息或敏感词未处理：{listed}。"
            "请隐去后再公开；确需保留的（如单位办公电话），请逐项确认并说明理由。",
            hits=[hit.as_dict() for hit in self.gate_hits],
        )


# --- what the gate finds ------------------------------------------------------------------


def _digits(text: str) -> str:
    digits = "".join(_DIGITS.findall(text))
    return digits[2:] if digits.startswith("86") and len(digits) == 13 else digits


def official_numbers() -> list[str]:
    """Digits of the numbers that may be published as is: the admin's list and every
    department's office phone."""
    numbers = list(OfficialNumber.objects.filter(active=True).values_list("number", flat=True))
    numbers += Department.objects.exclude(phone="").values_list("phone", flat=True)
    return [d for d in (_digits(n) for n in numbers) if d]


def _is_official(hit_text: str, official: Iterable[str]) -> bool:
    digits = _digits(hit_text)
    if len(digits) < _OFFICIAL_MIN_DIGITS:
        return False
    for number in official:
        shorter, longer = sorted((digits, number), key=len)
        if len(shorter) >= _OFFICIAL_MIN_DIGITS and longer.endswith(shorter):
            return True
    return False


def findings(
    texts: Mapping[str, str],
    *,
    writer: Writer | None = None,
    official: list[str] | None = None,
    words: list[tuple[str, str, str]] | None = None,
) -> list[GateHit]:
    """Every personal-data item and sensitive word in the texts, official numbers left out.

    Bulk callers (``casefiles``' import) pass ``official`` (:func:`official_numbers`) and
    ``words`` (``core.sensitive.active_words``), read once for all their texts."""
    writer = writer or Writer()
    found: list[GateHit] = []
    for field, text in texts.items():
        if not text:
            continue
        for hit in detect(text, writer_name=writer.name or None, known_values=writer.known_values):
            if hit.kind == "phone":
                official = official if official is not None else official_numbers()
                if _is_official(hit.text, official):
                    continue
            found.append(GateHit(field, hit.kind, hit.text, hit.start, hit.end))
        for word in sensitive_hits([text], words=words):
            found.append(GateHit(field, SENSITIVE_WORD, word["word"]))
    return found


def _cleared(subject: Subject | None) -> set[tuple[str, str, str]]:
    if subject is None:
        return set()
    rows = PublicationClearance.objects.filter(
        subject_type=subject.type, subject_id=subject.id
    ).values_list("field", "kind", "text")
    return {(field, kind, text) for field, kind, text in rows}


def pending(
    texts: Mapping[str, str], *, writer: Writer | None = None, subject: Subject | None = None
) -> list[GateHit]:
    """The hits the gate would refuse now: found, and not confirmed before."""
    cleared = _cleared(subject)
    return [hit for hit in findings(texts, writer=writer) if hit.key not in cleared]


# --- the gate ---------------------------------------------------------------------------


def parse_confirmations(raw: Iterable[Mapping[str, Any]]) -> list[Confirmation]:
    """Confirmations from request data; a missing or too short reason is a 400."""
    confirmations: list[Confirmation] = []
    for index, item in enumerate(raw, start=1):
        reason = str(item.get("reason") or "").strip()
        if len(reason) < REASON_MIN_LENGTH or len(reason) > REASON_MAX_LENGTH:
            raise ValidationError(
                {
                    "confirmations": [
                        f"「确认保留」：第{index}项请说明保留理由"
                        f"（{REASON_MIN_LENGTH}至{REASON_MAX_LENGTH}个字）。"
                    ]
                }
            )
        confirmations.append(
            Confirmation(
                field=str(item.get("field") or ""),
                kind=str(item.get("kind") or ""),
                text=str(item.get("text") or ""),
                reason=reason,
            )
        )
    return confirmations


def check(
    texts: Mapping[str, str],
    *,
    subject: Subject,
    actor: StaffUser,
    writer: Writer | None = None,
    confirmations: Sequence[Confirmation] = (),
) -> None:
    """Let the texts go public, or raise.

    Call inside the transaction that stores the public texts. A confirmation must name a
    hit that is in the final text (else ``ValidationError``, 400); it is stored and
    audited, so a later publication of the same text needs no new confirmation. While
    any other hit remains, :class:`PublicationRefused` is raised and, the transaction
    rolling back, nothing is stored.
    """
    open_hits = pending(texts, writer=writer, subject=subject)
    open_keys = {hit.key for hit in open_hits}
    confirmed: dict[tuple[str, str, str], Confirmation] = {}
    for index, confirmation in enumerate(confirmations, start=1):
        if confirmation.key not in open_keys:
            raise ValidationError(
                {
                    "confirmations": [
                        f"「确认保留」：第{index}项（{field_label(confirmation.field)}中的"
                        f"“{confirmation.text}”）不是待确认的内容，请刷新后重试。"
                    ]
                }
            )
        confirmed[confirmation.key] = confirmation
    remaining = [hit for hit in open_hits if hit.key not in confirmed]
    if remaining:
        raise PublicationRefused(remaining)
    for confirmation in confirmed.values():
        PublicationClearance.objects.get_or_create(
            subject_type=subject.type,
            subject_id=subject.id,
            field=confirmation.field,
            kind=confirmation.kind,
            text=confirmation.text,
            defaults={"reason": confirmation.reason, "actor": actor},
        )
        audit(
            "publication.confirm",
            actor=actor,
            data={
                "subject": f"{subject.type}:{subject.id}",
                "field": confirmation.field,
                "kind": confirmation.kind,
                "reason": confirmation.reason,
            },
        )


# --- letters and knowledge-base entries ------------------------------------------------


def writer_of(letter: Any) -> Writer:
    """What the desk knows about a letter's writer: masked wherever it occurs."""
    known = (letter.phone, letter.email, letter.id_number, letter.address)
    return Writer(name=letter.name or "", known_values=tuple(v for v in known if v))


def check_letter(
    letter: Any,
    texts: Mapping[str, str],
    *,
    actor: StaffUser,
    confirmations: Sequence[Mapping[str, Any] | Confirmation] = (),
) -> None:
    """The gate for a letter's public title, body and reply (``letters.hooks``)."""
    check(
        texts,
        subject=Subject("letter", letter.pk),
        actor=actor,
        writer=writer_of(letter),
        confirmations=as_confirmations(confirmations),
    )


def as_confirmations(
    raw: Iterable[Mapping[str, Any] | Confirmation],
) -> list[Confirmation]:
    items = list(raw)
    if all(isinstance(item, Confirmation) for item in items):
        return [item for item in items if isinstance(item, Confirmation)]
    return parse_confirmations(
        item if not isinstance(item, Confirmation) else item.__dict__ for item in items
    )
