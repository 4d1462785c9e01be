"""Pluggable SMS gateway. The default backend only logs (with the number masked)."""

from __future__ import annotations

import logging
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class SmsBackend(Protocol):
    def send(self, phone: str, text: str) -> None: ...


def mask_phone(phone: str) -> str:
    return f"{phone[:3]}****{phone[-4:]}" if len(phone) >= 8 else "****"


class LoggingSmsBackend:
    """Records that a message would be sent; for development and deployments without SMS."""

    def send(self, phone: str, text: str) -> None:
        logger.info("sms to %s (%d chars)", mask_phone(phone), len(text))


def get_sms_backend() -> SmsBackend:
    path: str = settings.DESK_SMS_BACKEND
    backend: SmsBackend = import_string(path)()
    return backend
