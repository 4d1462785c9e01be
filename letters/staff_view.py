"""What a staff user sees of a letter: the one home of the protected-copy rule and of
masking on staff screens (API and workspace pages both read :func:`staff_view`).

- Everyone sees the title and body with personal data masked by the same detector the
  publication gate uses (the writer's own name and contact data wherever they occur,
  third parties, numbers, addresses); the full text is shown only through the audited
  unmask action (``letters.services.pii``), to those who may unmask.
- The unit a complaint or report is about (protected copy, 信访工作条例 第30条) never
  learns who wrote: the writer's fields are hidden and attachments withheld.
- Assisting (会办) units see the writer's name and contact data masked and may not
  unmask.
"""

from __future__ import annotations

from dataclasses import dataclass

from core import masking
from core.redaction import Hit
from letters.choices import PROTECTED_KINDS
from letters.models import Letter

IDENTITY_HIDDEN = "（已隐去）"
WRITER_FIELDS = ("name", "phone", "email", "id_number", "address")


def is_protected_copy(letter: Letter, department_id: int | None) -> bool:
    """Whether ``department_id`` is the unit the complaint or report is about; it never
    learns who wrote, even when it also handles the letter."""
    return (
        letter.kind in PROTECTED_KINDS
        and letter.named_unit_id is not None
        and letter.named_unit_id == department_id
    )


def is_lead_or_office(letter: Letter, department_id: int | None, *, office: bool) -> bool:
    return office or (letter.department_id is not None and letter.department_id == department_id)


@dataclass(frozen=True)
class LetterView:
    """A letter as one staff user sees it by default."""

    protected: bool
    title: str
    body: str
    title_hits: list[Hit]
    body_hits: list[Hit]
    writer: dict[str, str]
    attachments_visible: bool


def writer_fields(letter: Letter, *, protected: bool, full_name: bool) -> dict[str, str]:
    if protected:
        return dict.fromkeys(WRITER_FIELDS, IDENTITY_HIDDEN)
    return {
        "name": letter.name if full_name else masking.mask_name(letter.name),
        "phone": masking.mask_phone(letter.phone),
        "email": masking.mask_email(letter.email),
        "id_number": masking.mask_id_number(letter.id_number),
        "address": masking.mask_address(letter.address),
    }


def staff_view(letter: Letter, *, department_id: int | None, office: bool) -> LetterView:
    """``office``: the reader works for the site office (dispatch, publication,
    supervision) rather than for a department."""
    protected = is_protected_copy(letter, department_id)
    lead = is_lead_or_office(letter, department_id, office=office)
    title_hits = masking.writer_hits(letter, letter.title)
    body_hits = masking.writer_hits(letter, letter.body)
    return LetterView(
        protected=protected,
        title=masking.apply_hits(letter.title, title_hits),
        body=masking.apply_hits(letter.body, body_hits),
        title_hits=title_hits,
        body_hits=body_hits,
        writer=writer_fields(letter, protected=protected, full_name=lead),
        attachments_visible=not protected,
    )


def masked_title(letter: Letter) -> str:
    """The title as every list row shows it."""
    return masking.mask_writer_data(letter, letter.title)
