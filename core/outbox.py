"""Transactional outbox: work recorded with the data, relayed to Celery after commit.

``enqueue`` must run inside the transaction that writes the data the work concerns. After
that transaction commits, the message is relayed at once; if the broker is unreachable
it stays pending and the periodic ``core.relay_outbox`` job sends it later. Delivery
is at least once, so every task behind the outbox is idempotent.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from celery import current_app as celery_app
from celery.result import EagerResult
from django.db import transaction
from django.utils import timezone

from core.log_filters import redact_log_text
from core.models import OutboxMessage

logger = logging.getLogger(__name__)

CLAIM_SECONDS = 60
MAX_BACKOFF_SECONDS = 15 * 60


def enqueue(task_name: str, **payload: Any) -> OutboxMessage:
    """Record a task in the current transaction and relay it once that commits."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("outbox.enqueue must be called inside transaction.atomic()")
    message = OutboxMessage.objects.create(task_name=task_name, payload=payload)
    message_id = message.pk
    transaction.on_commit(lambda: relay_message(message_id))
    return message


def _claim(message_id: int) -> OutboxMessage | None:
    """Take a pending message for a short while so two relays do not send it together."""
    now = timezone.now()
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(pk=message_id, relayed_at__isnull=True, available_at__lte=now)
            .first()
        )
        if message is None:
            return None
        message.attempts += 1
        message.available_at = now + timedelta(seconds=CLAIM_SECONDS)
        message.save(update_fields=["attempts", "available_at"])
        return message


def _publish(message: OutboxMessage) -> None:
    task = celery_app.tasks[message.task_name]
    if celery_app.conf.task_always_eager:
        result = task.apply_async(kwargs=message.payload)
    else:
        # A fresh connection from the current configuration, tried once: while Redis is
        # down the message stays pending at once instead of holding up the request in
        # kombu's reconnect loop (the periodic relay sends it later).
        with celery_app.connection_for_write() as connection:
            connection.ensure_connection(max_retries=0)
            result = task.apply_async(  # type: ignore[call-arg]  # stubs omit **options
                kwargs=message.payload, connection=connection, retry=False
            )
    if isinstance(result, EagerResult) and result.failed():
        # Embedded mode runs the task in-process: a failure keeps the message pending.
        raise RuntimeError(f"task {message.task_name} failed: {result.result!r}")


def relay_message(message_id: int) -> bool:
    """Send one pending message; return True when it was handed over."""
    message = _claim(message_id)
    if message is None:
        return False
    try:
        _publish(message)
    except Exception as exc:  # broker down, task failed in-process: retry later
        backoff = min(2 ** min(message.attempts, 10), MAX_BACKOFF_SECONDS)
        OutboxMessage.objects.filter(pk=message.pk).update(
            # A task's error may quote the writer's phone or e-mail (a gateway refusal).
            last_error=redact_log_text(f"{type(exc).__name__}: {exc}")[:2000],
            available_at=timezone.now() + timedelta(seconds=backoff),
        )
        logger.warning("outbox message %s not relayed: %s", message.pk, type(exc).__name__)
        return False
    OutboxMessage.objects.filter(pk=message.pk).update(relayed_at=timezone.now(), last_error="")
    return True


def relay_pending(limit: int = 500) -> int:
    """Relay every pending message that is due; return how many were handed over."""
    now = timezone.now()
    ids = list(
        OutboxMessage.objects.filter(relayed_at__isnull=True, available_at__lte=now)
        .order_by("id")
        .values_list("id", flat=True)[:limit]
    )
    return sum(1 for message_id in ids if relay_message(message_id))
