"""No personal data in logs (DESIGN.md §9): a filter on every handler of ``LOGGING``.

The message (with its arguments), the formatted traceback and the stack are passed
through the publication redactor (``core.redaction``: phones in any spelling,
ID numbers, e-mail addresses, bank cards, house numbers), then through a blunt pass that
masks any remaining run of digits shaped like a mobile or ID number, checksum or not.
"""

from __future__ import annotations

import logging
import re

from core.redaction import redact

_BLUNT = re.compile(
    r"(?<![0-9A-Za-z])(?:\d{17}[0-9Xx]|\d{15}|1[3-9]\d{9})(?![0-9A-Za-z])"  # ID, mobile
)


def redact_log_text(text: str) -> str:
    if not any(ch.isdigit() for ch in text) and "@" not in text:
        return text  # nothing the redactor's phone/ID/e-mail/address rules could match
    masked = redact(text).text
    return _BLUNT.sub(lambda m: m.group()[:1] + "*" * (len(m.group()) - 2) + m.group()[-1], masked)


class PersonalDataFilter(logging.Filter):
    """Rewrites each record in place; never drops one."""

    _formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: log it as given rather than lose it
            message = f"{record.msg!r} {record.args!r}"
        redacted = redact_log_text(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        if record.exc_info and not record.exc_text:
            record.exc_text = self._formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact_log_text(record.exc_text)
        if record.stack_info:
            record.stack_info = redact_log_text(record.stack_info)
        return True
