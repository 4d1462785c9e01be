"""Celery tasks of the kernel. Tasks take ids, have explicit names, are idempotent."""

from __future__ import annotations

from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from core import audit, outbox
from core.conf import desk_settings
from core.models import OutboxMessage

OUTBOX_KEEP_DAYS = 30


@shared_task(name="core.relay_outbox")
def relay_outbox() -> int:
    return outbox.relay_pending()


@shared_task(name="core.housekeeping")
def housekeeping() -> int:
    """Drop relayed outbox rows after a month (pending ones never) and audit rows past
    their retention (never younger than 180 days)."""
    cutoff = timezone.now() - timedelta(days=OUTBOX_KEEP_DAYS)
    deleted, _ = OutboxMessage.objects.filter(relayed_at__lt=cutoff).delete()
    return deleted + audit.purge_older_than(desk_settings().audit_retention_days)
