"""Outbox messages relayed together travel as one broker message (core.outbox.deliver).

The relay sends the messages of one batch (here: a letter's routing and receipt notice)
as one delivery, which a worker applies message by message: each exactly as its own task
would run, each marked done; one that fails goes out on its own to retry with its
task's backoff, the others are not held up.
"""

from __future__ import annotations

from typing import Any

import pytest
from celery import Task
from django.db import OperationalError
from rest_framework.test import APIClient

from core import outbox
from core.models import OutboxMessage
from desk.celery import app as celery_app
from letters.models import Letter, Notification
from letters.services import notifications

URL = "/api/v1/letters/"
PAYLOAD = {
    "kind": "consultation",
    "title": "咨询公积金提取材料",
    "body": "我想咨询一下提取住房公积金需要准备哪些材料，在哪里办理？谢谢。",
    "name": "李明",
    "phone": "13800138000",
}


@pytest.fixture
def relayed_letter(api: APIClient) -> tuple[Letter, list[int]]:
    """A letter whose two messages the broker took but no worker applied yet."""
    celery_app.conf.task_always_eager = False
    celery_app.conf["broker_url"] = "memory://"
    response = api.post(URL, PAYLOAD, format="json")
    assert response.status_code == 201
    assert outbox.RELAY.drain()
    celery_app.conf.task_always_eager = True
    letter = Letter.objects.get(tracking_number=response.json()["tracking_number"])
    ids = sorted(OutboxMessage.objects.values_list("pk", flat=True))
    assert len(ids) == 2
    assert not OutboxMessage.objects.filter(relayed_at__isnull=True).exists()
    return letter, ids


def _queued(queue: str = "celery") -> list[Any]:
    with celery_app.connection_for_write() as connection:
        simple = connection.SimpleQueue(queue)
        messages = []
        while simple.qsize():
            message = simple.get(timeout=1)
            message.ack()
            messages.append(message)
        simple.close()
    return messages


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("flushable_audit_log")
def test_a_letters_messages_go_to_the_broker_as_one_delivery(
    relayed_letter: tuple[Letter, list[int]],
) -> None:
    letter, ids = relayed_letter
    [message] = _queued()

    assert message.headers["task"] == "core.deliver_outbox"
    assert message.payload[1] == {"ids": ids}
    assert sorted(OutboxMessage.objects.values_list("task_name", "payload")) == [
        ("letters.notify_citizen", {"letter_id": letter.pk, "event": "received"}),
        ("routing.route_letter", {"letter_id": letter.pk}),
    ]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("flushable_audit_log")
def test_a_delivery_applies_each_message_once_and_marks_it_done(
    relayed_letter: tuple[Letter, list[int]],
) -> None:
    letter, ids = relayed_letter

    assert outbox.deliver(ids) == 2
    assert outbox.deliver(ids) == 0  # delivered again (a worker lost): nothing twice

    letter.refresh_from_db()
    assert letter.routed_at is not None
    assert list(Notification.objects.values_list("letter_id", "event", "channel")) == [
        (letter.pk, "received", "sms")
    ]
    assert OutboxMessage.objects.filter(done_at__isnull=True).count() == 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("flushable_audit_log")
def test_a_message_failing_in_a_delivery_goes_out_on_its_own_and_holds_up_no_other(
    relayed_letter: tuple[Letter, list[int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    letter, ids = relayed_letter

    def gateway_down(**kwargs: Any) -> list[str]:
        raise OperationalError("database restarting")

    sent_alone: list[tuple[str, dict[str, Any], int]] = []

    def publish(task: Any, kwargs: dict[str, Any], countdown: int, **options: Any) -> None:
        sent_alone.append((task.name, kwargs, countdown))

    monkeypatch.setattr(notifications, "notify_citizen", gateway_down)
    monkeypatch.setattr(Task, "apply_async", publish)

    assert outbox.deliver(ids) == 1

    letter.refresh_from_db()
    assert letter.routed_at is not None
    notice = OutboxMessage.objects.get(task_name="letters.notify_citizen")
    assert sent_alone == [
        (
            "letters.notify_citizen",
            {"letter_id": letter.pk, "event": "received", "outbox_id": notice.pk},
            outbox.REDELIVERY_COUNTDOWN,
        )
    ]
    assert notice.done_at is None
    assert OutboxMessage.objects.get(task_name="routing.route_letter").done_at is not None
    assert not Notification.objects.exists()
    assert notice.relayed_at is not None  # taken by the broker, not yet done
