"""Celery tasks of the letters app. Tasks take ids, have explicit names, are idempotent."""

from __future__ import annotations

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from letters import audit
from letters.models import OutboxMessage
from letters.services import deadlines, notifications, outbox, supervision, workflow

OUTBOX_KEEP_DAYS = 30


@shared_task(name="letters.relay_outbox")
def relay_outbox() -> int:
    return outbox.relay_pending()


@shared_task(
    name="letters.notify_citizen",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=8,
)
def notify_citizen(letter_id: int, event: str, event_id: int | None = None) -> list[str]:
    return notifications.notify_citizen(letter_id=letter_id, event=event, event_id=event_id)


@shared_task(name="letters.close_unrated")
def close_unrated() -> int:
    return workflow.close_unrated()


@shared_task(name="letters.housekeeping")
def housekeeping() -> int:
    """Drop relayed outbox rows after a month (pending ones never) and audit rows past
    their retention (never younger than 180 days)."""
    cutoff = timezone.now() - timedelta(days=OUTBOX_KEEP_DAYS)
    deleted, _ = OutboxMessage.objects.filter(relayed_at__lt=cutoff).delete()
    return deleted + audit.purge_older_than(settings.DESK["AUDIT_RETENTION_DAYS"])


@shared_task(name="letters.recompute_deadlines")
def recompute_deadlines(year: int) -> int:
    """After a calendar import: re-derive open deadlines that depend on ``year``."""
    return deadlines.recompute_for_year(year)


@shared_task(name="letters.supervision_scan")
def supervision_scan() -> dict[str, object]:
    return supervision.supervision_scan().as_dict()
