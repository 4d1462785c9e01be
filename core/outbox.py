"""Transactional outbox: work recorded with the data, relayed to Celery after commit.

``enqueue`` must run inside the transaction that writes the data the work concerns. After
that transaction commits, the message is relayed: in the embedded mode (tasks run
in-process) at once, in the request; with a broker, by this process's relay thread
(:class:`Relay`), which the commit wakes and which sends what has accumulated in one
batch over one broker connection it keeps (no connection, queue declaration or broker
round trip inside the request), as one broker message (``deliver``: a worker applies the
messages one by one), and marks it relayed in one UPDATE. Such a message is
born taken by the thread (``available_at`` a claim period ahead), so the thread needs no
claim and the periodic relay does not send it too. If the broker is unreachable, or the
process ends before the thread sent it, the message stays pending and the periodic
``core.relay_outbox`` job sends it later.

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
import os
import threading
import time
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import Any

from celery import Task
from celery import current_app as celery_app
from celery.result import EagerResult
from django.db import InterfaceError, OperationalError, close_old_connections, transaction
from django.db.models import F
from django.utils import timezone

from core.log_filters import redact_log_text
from core.models import OutboxMessage

logger = logging.getLogger(__name__)

CLAIM_SECONDS = 60
MAX_BACKOFF_SECONDS = 15 * 60
# The relay thread waits this long after a commit wakes it, so that the commits of the
# next moments go out in one batch (one delivery, one UPDATE): under load, a dozen
# letters per batch; a lone letter's routing starts 0.1 s later.
GATHER_SECONDS = 0.1
# A message the broker took is sent again if no worker applied it within this time (a
# routing or a notice takes well under a second; a retried task backs off for minutes).
DONE_GRACE = timedelta(minutes=10)
MAX_ATTEMPTS = 20
# Messages relayed together go to the broker as one message of this task, which applies
# them in the worker (``deliver``): one publish per batch instead of one per message, at
# most this many messages each, so that the worker processes share a burst.
DELIVER_TASK = "core.deliver_outbox"
DELIVERY_SIZE = 50
# A message that failed inside a delivery is sent on its own after this many seconds,
# and retries with its task's own backoff from then on.
REDELIVERY_COUNTDOWN = 2


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


def _new_message(task_name: str, payload: dict[str, Any]) -> OutboxMessage:
    if celery_app.conf.task_always_eager:
        return OutboxMessage(task_name=task_name, payload=payload)
    # With a broker the message is born taken by this process's relay thread, which
    # needs no claim: the periodic relay leaves it alone for CLAIM_SECONDS, and sends it
    # only if the thread did not (the process ended, the broker was down).
    now = timezone.now()
    return OutboxMessage(
        task_name=task_name,
        payload=payload,
        attempts=1,
        available_at=now + timedelta(seconds=CLAIM_SECONDS),
    )


def enqueue(task_name: str, **payload: Any) -> OutboxMessage:
    """Record a task in the current transaction and relay it once that commits."""
    return enqueue_many([(task_name, payload)])[0]


def enqueue_many(messages: list[tuple[str, dict[str, Any]]]) -> list[OutboxMessage]:
    """Several ``(task_name, payload)`` messages in one INSERT, relayed once the current
    transaction commits."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("outbox.enqueue must be called inside transaction.atomic()")
    created = OutboxMessage.objects.bulk_create(new_messages(messages))
    relay_on_commit(created)
    return created


def new_messages(messages: list[tuple[str, dict[str, Any]]]) -> list[OutboxMessage]:
    """Unsaved messages, for a caller that writes them with its data in one statement
    (``core.db.insert_together``) and then calls ``relay_on_commit``."""
    return [_new_message(task_name, payload) for task_name, payload in messages]


def relay_on_commit(messages: list[OutboxMessage]) -> None:
    """Relay saved messages once the transaction that wrote them commits (at once when
    they were written outside a transaction block, as one statement that committed)."""
    for message in messages:
        # robust: the data is committed whatever happens here (a database gone right after
        # the commit must not turn a stored letter into an error); the periodic relay
        # retries.
        transaction.on_commit(_after_commit_hook(message), robust=True)


def _after_commit_hook(message: OutboxMessage) -> Callable[[], None]:
    # A named function: a robust hook that raises is logged by its __qualname__.
    def relay_after_commit() -> None:
        _after_commit(message)

    return relay_after_commit


def _after_commit(message: OutboxMessage) -> None:
    if celery_app.conf.task_always_eager:
        relay_message(message.pk)  # embedded: the task runs here, now
    else:
        RELAY.submit(message)


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
        _failed(message, exc)
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
    if celery_app.conf.task_always_eager:
        return sum(1 for message_id in ids if relay_message(message_id))
    with celery_app.connection_for_write() as connection:
        return relay_batch(ids, connection)


def _failed(message: OutboxMessage, exc: BaseException) -> None:
    """Leave the message pending with its error, due again after a backoff."""
    backoff = min(2 ** min(message.attempts, 10), MAX_BACKOFF_SECONDS)
    OutboxMessage.objects.filter(pk=message.pk).update(
        # A task's error may quote the writer's phone or e-mail (a gateway refusal).
        last_error=redact_log_text(f"{type(exc).__name__}: {exc}")[:2000],
        available_at=timezone.now() + timedelta(seconds=backoff),
    )
    logger.warning("outbox message %s not relayed: %s", message.pk, type(exc).__name__)


def _claim_batch(ids: Iterable[int]) -> list[OutboxMessage]:
    """Take the pending, due messages among ``ids`` for a short while (one transaction)."""
    now = timezone.now()
    with transaction.atomic():
        messages = list(
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(pk__in=list(ids), relayed_at__isnull=True, available_at__lte=now)
            .order_by("id")
        )
        if messages:
            OutboxMessage.objects.filter(pk__in=[m.pk for m in messages]).update(
                attempts=F("attempts") + 1, available_at=now + timedelta(seconds=CLAIM_SECONDS)
            )
    for message in messages:
        message.attempts += 1
    return messages


def relay_batch(ids: Iterable[int], connection: Any) -> int:
    """Send the pending messages among ``ids`` over one broker connection; return how many
    were handed over. The first broker error stops the batch: what is left stays
    pending with the error, for the periodic relay."""
    sent, _ = _send(_claim_batch(ids), connection)
    return sent


def _send(messages: list[OutboxMessage], connection: Any) -> tuple[int, BaseException | None]:
    """Publish ``messages`` over ``connection``: a lone message as its own task, several
    as deliveries of up to DELIVERY_SIZE (``deliver``). The first broker error stops:
    what is left stays pending with the error."""
    sent: list[int] = []
    error: BaseException | None = None
    producer: Any = None
    for start in range(0, len(messages), DELIVERY_SIZE):
        chunk = messages[start : start + DELIVERY_SIZE]
        try:
            if producer is None:
                connection.ensure_connection(max_retries=0)
                # One producer for the batch (the queues are declared by the workers).
                producer = celery_app.amqp.Producer(connection, auto_declare=False)
            if len(chunk) == 1:
                [message] = chunk
                task = celery_app.tasks[message.task_name]
                kwargs = {**message.payload, "outbox_id": message.pk}
            else:
                task = celery_app.tasks[DELIVER_TASK]
                kwargs = {"ids": [message.pk for message in chunk]}
            task.apply_async(kwargs=kwargs, producer=producer, retry=False)
        except Exception as exc:
            error = exc
            for unsent in messages[start:]:
                _failed(unsent, exc)
            break
        sent.extend(message.pk for message in chunk)
    if sent:
        OutboxMessage.objects.filter(pk__in=sent).update(relayed_at=timezone.now(), last_error="")
    return len(sent), error


def deliver(ids: list[int]) -> int:
    """Apply, in this worker process, messages relayed together; return how many ran.

    Each runs as its own task would (``OutboxTask`` marks it done when it returns); one
    that fails is published on its own, to retry with its task's backoff, and the others
    still run. A message done before the delivery starts is skipped (one a routing task
    applied meanwhile, routing waiting letters in batches, runs again and changes
    nothing: every task behind the outbox is idempotent). If the worker dies, the broker
    delivers the batch again (late acknowledgement), and what was done is skipped then."""
    applied = 0
    messages = OutboxMessage.objects.filter(pk__in=ids, done_at__isnull=True).order_by("id")
    for message in messages:
        task = celery_app.tasks[message.task_name]
        kwargs = {**message.payload, "outbox_id": message.pk}
        try:
            task(**kwargs)
        except Exception as exc:
            logger.warning(
                "outbox message %s failed in a delivery, sent on its own: %s",
                message.pk,
                type(exc).__name__,
            )
            task.apply_async(kwargs=kwargs, countdown=REDELIVERY_COUNTDOWN)
        else:
            applied += 1
    return applied


class Relay:
    """This process's relay thread: commits hand it their messages; it sends them in batches
    over one broker connection it keeps (made again when it fails or when the configured
    broker changes). Started on first use, again after a fork."""

    def __init__(self) -> None:
        self._lock = threading.Condition()
        self._queue: list[OutboxMessage] = []
        self._busy = False
        self._thread: threading.Thread | None = None
        self._pid = 0
        self._connection: Any = None
        self._broker_url = ""

    def submit(self, message: OutboxMessage) -> None:
        """Send a message committed just now, born taken for this thread (no claim)."""
        with self._lock:
            self._queue.append(message)
            if self._thread is None or self._pid != os.getpid() or not self._thread.is_alive():
                self._pid = os.getpid()
                self._connection = None  # never share a socket with the parent process
                self._busy = False
                self._thread = threading.Thread(target=self._run, name="outbox-relay", daemon=True)
                self._thread.start()
            self._lock.notify_all()

    def drain(self, timeout: float = 10.0) -> bool:
        """Wait until everything handed over so far was sent or left pending (tests,
        shutdown); False if that took longer than ``timeout``."""
        with self._lock:
            return self._lock.wait_for(lambda: not self._queue and not self._busy, timeout)

    def _broker(self) -> Any:
        url = str(celery_app.conf.broker_url)
        if self._connection is None or url != self._broker_url:
            self._drop_connection()
            self._connection = celery_app.connection_for_write()
            self._broker_url = url
        return self._connection

    def _drop_connection(self) -> None:
        if self._connection is not None:
            try:
                self._connection.release()
            except Exception:  # a broken socket: nothing to release
                logger.debug("outbox relay: broker connection already gone")
            self._connection = None

    def _run(self) -> None:
        while True:
            with self._lock:
                self._lock.wait_for(lambda: bool(self._queue))
            # Let the commits of concurrent requests join this batch.
            time.sleep(GATHER_SECONDS)
            with self._lock:
                messages, self._queue = self._queue, []
                self._busy = True
            try:
                _, error = _send(messages, self._broker())
                if error is not None:
                    self._drop_connection()  # the next batch connects again
            except Exception:  # the database, say: the messages stay pending
                logger.exception("outbox relay of %s messages failed", len(messages))
                self._drop_connection()
            finally:
                close_old_connections()
                with self._lock:
                    self._busy = False
                    self._lock.notify_all()


RELAY = Relay()


def requeue_undone(grace: timedelta = DONE_GRACE, now: datetime | None = None) -> int:
    """Send again what the broker took but no worker applied within ``grace``; return how
    many messages were put back in the queue."""
    now = now or timezone.now()
    undone = OutboxMessage.objects.filter(relayed_at__lt=now - grace, done_at__isnull=True)
    stuck = list(undone.filter(attempts__gte=MAX_ATTEMPTS).values_list("pk", flat=True))
    if stuck:
        logger.error("outbox messages never done after %s relays: %s", MAX_ATTEMPTS, stuck)
    return undone.filter(attempts__lt=MAX_ATTEMPTS).update(relayed_at=None, available_at=now)
