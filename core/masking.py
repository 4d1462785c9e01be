"""Masks for personal data on staff screens and in publication proposals (unmasking is a
separate, audited action: ``letters.services.pii``)."""

from __future__ import annotations

from typing import Protocol

from core.redaction import Hit, detect


class Writer(Protocol):
    """Whoever wrote a text the desk shows or publishes (a letter, an interview question):
    their name and the contact data the desk holds."""

    name: str
    phone: str
    email: str
    id_number: str
    address: str


def mask_phone(phone: str) -> str:
    if not phone:
        return ""
    if "-" in phone:  # fixed line: keep the area code and the last two digits
        area, number = phone.split("-", 1)
        return f"{area}-{'*' * max(len(number) - 2, 0)}{number[-2:]}"
    return f"{phone[:3]}****{phone[-4:]}" if len(phone) >= 8 else "*" * len(phone)


def mask_id_number(number: str) -> str:
    return f"{number[:1]}{'*' * (len(number) - 2)}{number[-1:]}" if len(number) > 2 else ""


def mask_email(email: str) -> str:
    if "@" not in email:
        return ""
    local, domain = email.split("@", 1)
    return f"{local[:1]}***@{domain}"


def mask_address(address: str) -> str:
    """Keep the first six characters (district, street) and hide the rest."""
    return address[:6] + "****" if len(address) > 6 else ("****" if address else "")


def mask_name(name: str) -> str:
    return f"{name[:1]}*" + ("*" if len(name) > 2 else "") if name else ""


# --- a writer's texts ----------------------------------------------------------------------


def writer_known_values(writer: Writer) -> tuple[str, ...]:
    """The writer's contact data the desk holds: masked wherever it occurs in a text."""
    values = (writer.phone, writer.email, writer.id_number, writer.address)
    return tuple(value for value in values if value)


def writer_hits(writer: Writer, text: str) -> list[Hit]:
    """Personal data in one of the writer's texts: any found by the detector, the
    writer's own name and contact data wherever and however they are written."""
    return detect(text, writer_name=writer.name or None, known_values=writer_known_values(writer))


def mask_writer_data(writer: Writer, text: str) -> str:
    """``text`` with every piece of personal data replaced by its mask (publication
    proposals, staff screens, protected copies)."""
    return apply_hits(text, writer_hits(writer, text))


def apply_hits(text: str, hits: list[Hit]) -> str:
    parts: list[str] = []
    position = 0
    for hit in sorted(hits, key=lambda h: h.start):
        if hit.start < position:
            continue
        parts += [text[position : hit.start], hit.replacement]
        position = hit.end
    parts.append(text[position:])
    return "".join(parts)
