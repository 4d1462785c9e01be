"""Masks for personal data on staff screens (unmasking is a separate, audited action)."""

from __future__ import annotations


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
