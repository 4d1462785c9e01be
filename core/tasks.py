"""Celery tasks of the kernel. Tasks take ids, have explicit names, are idempotent."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from celery import shared_task
from celery.signals import worker_ready
from django.utils import timezone

from core import audit, outbox
from core.conf import desk_settings
from core.models import OutboxMessage

logger = logging.getLogger(__name__)

OUTBOX_KEEP_DAYS = 30


@shared_task(name="core.relay_outbox")
def relay_outbox() -> int:
    """Relay what is pending, after putting back what the broker lost or a worker dropped."""
    outbox.requeue_undone()
    return outbox.relay_pending()


@shared_task(name=outbox.DELIVER_TASK)
def deliver_outbox(ids: list[int]) -> int:
    """Apply outbox messages the relay sent together, in one broker message."""
    return outbox.deliver(ids)


@worker_ready.connect
def requeue_at_worker_start(**kwargs: Any) -> None:
    """A worker (re)starting after an outage takes back what was lost meanwhile."""
    try:
        outbox.requeue_undone()
        outbox.relay_pending()
    except Exception:  # the database may still be starting: the periodic job follows
        logger.exception("outbox reconciliation at worker start failed")


@shared_task(name="core.housekeeping")
def housekeeping() -> int:
    """Drop done outbox rows after a month (undone ones never) and audit rows past
    their retention (never younger than 180 days)."""
    cutoff = timezone.now() - timedelta(days=OUTBOX_KEEP_DAYS)
    deleted, _ = OutboxMessage.objects.filter(done_at__lt=cutoff).delete()
    return deleted + audit.purge_older_than(desk_settings().audit_retention_days)


@shared_task(name="core.audit_checkpoint")
def audit_checkpoint() -> int:
    """Append a signed checkpoint of the audit table outside the database (hourly)."""
    from core.audit_integrity import write_checkpoint

    return write_checkpoint().count
