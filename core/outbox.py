"""Transactional outbox: work recorded with the data, relayed to Celery after commit.

``enqueue`` must run inside the transaction that writes the data the work concerns. After
that transaction commits, the message is relayed at once; if the broker is unreachable
it stays pending and the periodic ``core.relay_outbox`` job sends it later.

A message is *done* when a worker has applied it (``done_at``, set by :class:`OutboxTask`
after the task returned), not when the broker took it (``relayed_at``): a broker that
loses its queue (Redis without persistence, restarted) or a task that died cannot lose
the work. ``requeue_undone`` (run by the same periodic job and when a worker starts)
sends again every message taken by the broker but not done after a grace period.
Delivery is at least once, so every task behind the outbox is idempotent (a redelivered
routing or notice changes nothing twice); a message still undone after
``MAX_ATTEMPTS`` relays stays for an operator (admin: 待投递任务) and is logged.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from celery import Task
from celery import current_app as celery_app
from celery.result import EagerResult
from django.db import InterfaceError, OperationalError, transaction
from django.utils import timezone

from core.log_filters import redact_log_text
from core.models import OutboxMessage

logger = logging.getLogger(__name__)

CLAIM_SECONDS = 60
MAX_BACKOFF_SECONDS = 15 * 60
# A message the broker took is sent again if no worker applied it within this time (a
# routing or a notice takes well under a second; a retried task backs off for minutes).
DONE_GRACE = timedelta(minutes=10)
MAX_ATTEMPTS = 20


class OutboxTask(Task[..., Any]):
    """Base of every task sent through the outbox: once the task has run without error,
    its message is marked done (the ``outbox_id`` keyword the relay adds)."""

    # The relay adds ``outbox_id``, which ``run`` does not take: __call__ removes it, so
    # the caller-side signature check would refuse a call that works.
    typing = False

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        outbox_id = kwargs.pop("outbox_id", None)
        result = super().__call__(*args, **kwargs)
        if outbox_id is not None:
            mark_done(outbox_id)
        return result


# Errors a task behind the outbox retries with backoff (database restarting, broker or a
# gateway unreachable) instead of failing: ``@shared_task(base=OutboxTask, **RETRY)``.
RETRY: dict[str, Any] = {
    "autoretry_for": (OperationalError, InterfaceError, OSError),
    "retry_backoff": True,
    "retry_backoff_max": 120,  # below the broker's visibility timeout (300 s)
    "max_retries": 10,
}


def mark_done(message_id: int) -> None:
    OutboxMessage.objects.filter(pk=message_id, done_at__isnull=True).update(done_at=timezone.now())


def mark_done_many(message_ids: list[int]) -> None:
    """Mark messages done that a worker applied on their behalf (a batch: inside the
    transaction that applied them, so the effect and the mark commit together)."""
    if message_ids:
        OutboxMessage.objects.filter(pk__in=message_ids, done_at__isnull=True).update(
            done_at=timezone.now()
        )


def waiting(task_name: str, limit: int) -> list[tuple[int, dict[str, Any]]]:
    """Messages of ``task_name`` the broker took and no worker applied yet, newest first
    (the head of the queue is what workers take next): ``(id, payload)`` pairs. A deep
    queue lets a task apply several of them in one go (routing.services.route_waiting)."""
    return list(
        OutboxMessage.objects.filter(
            task_name=task_name, relayed_at__isnull=False, done_at__isnull=True
        )
        .order_by("-relayed_at", "-id")
        .values_list("pk", "payload")[:limit]
    )


def enqueue(task_name: str, **payload: Any) -> OutboxMessage:
    """Record a task in the current transaction and relay it once that commits."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("outbox.enqueue must be called inside transaction.atomic()")
    message = OutboxMessage.objects.create(task_name=task_name, payload=payload)
    message_id = message.pk
    # robust: the data is committed whatever happens here (a database gone right after
    # the commit must not turn a stored letter into an error); the periodic relay retries.
    transaction.on_commit(lambda: relay_message(message_id), robust=True)
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
    kwargs = {**message.payload, "outbox_id": message.pk}
    if celery_app.conf.task_always_eager:
        result = task.apply_async(kwargs=kwargs)
    else:
        # A fresh connection from the current configuration, tried once: while Redis is
        # down the message stays pending at once instead of holding up the request in
        # kombu's reconnect loop (the periodic relay sends it later).
        with celery_app.connection_for_write() as connection:
            connection.ensure_connection(max_retries=0)
            result = task.apply_async(  # type: ignore[call-arg]  # stubs omit **options
                kwargs=kwargs, connection=connection, retry=False
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


def requeue_undone(grace: timedelta = DONE_GRACE, now: datetime | None = None) -> int:
    """Send again what the broker took but no worker applied within ``grace``; return how
    many messages were put back in the queue."""
    now = now or timezone.now()
    undone = OutboxMessage.objects.filter(relayed_at__lt=now - grace, done_at__isnull=True)
    stuck = list(undone.filter(attempts__gte=MAX_ATTEMPTS).values_list("pk", flat=True))
    if stuck:
        logger.error("outbox messages never done after %s relays: %s", MAX_ATTEMPTS, stuck)
    return undone.filter(attempts__lt=MAX_ATTEMPTS).update(relayed_at=None, available_at=now)
