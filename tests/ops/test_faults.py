"""No letter is lost and no work is done twice when Redis or a worker fails (DESIGN.md §9).

These tests run real processes: a private redis-server (never the shared one) that the
test stops and starts, and real ``celery worker`` processes that share the test database
(SQLite file or PostgreSQL), one of them killed with SIGKILL in the middle of a task.
"""

from __future__ import annotations

import time
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.db import OperationalError, connection
from django.db.models import Count, Q
from rest_framework.test import APIClient

from core import outbox
from core.models import OutboxMessage
from letters.choices import LetterStatus
from letters.models import Letter, LetterEvent, Notification
from letters.services.intake import LetterSubmission, letter_submit
from routing.models import KeywordRule
from routing.tasks import route_letter
from tests.factories import DepartmentFactory
from tests.ops.conftest import WORKER_APPLICATION_NAME, PrivateRedis, Workers, wait_until

pytestmark = [
    pytest.mark.slow,
    pytest.mark.real_clock,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("flushable_audit_log"),
]

LETTERS = 100


@pytest.fixture
def parking_rule() -> Any:
    """Every test letter mentions 停车, so routing dispatches it to one department."""
    department = DepartmentFactory(code="lj-jtj", name="市交通运输局")
    KeywordRule.objects.create(name="停车", keywords="停车", department=department, priority=1)
    return department


def dispatch_counts() -> Counter[int]:
    return Counter(
        LetterEvent.objects.filter(action="dispatch").values_list("letter_id", flat=True)
    )


def submit_over_api(n: int) -> dict[str, Any]:
    client = APIClient()
    response = client.post(
        "/api/v1/letters/",
        {
            "kind": "consultation",
            "title": f"小区门口停车难第{n}件",
            "body": f"我们小区门口停车位不足，晚上经常没有地方停车，第{n}次反映，请协调解决。",
            "name": "赵六",
            "phone": f"139{n:08d}",
            "consent_public": False,
        },
        format="json",
        REMOTE_ADDR=f"10.9.{n // 250}.{n % 250 + 1}",
    )
    return {"status": response.status_code, "body": response.json()}


@pytest.mark.usefixtures("broker_on_private_redis")
def test_letters_submitted_while_redis_is_down_are_all_accepted_and_routed_exactly_once(
    private_redis: PrivateRedis, celery_workers: Workers, parking_rule: Any
) -> None:
    private_redis.stop()

    results = [submit_over_api(n) for n in range(LETTERS)]

    assert [r["status"] for r in results] == [201] * LETTERS, results[0]
    assert outbox.RELAY.drain()  # the relay thread tried, after each commit, and failed
    tracking = {r["body"]["tracking_number"] for r in results}
    assert len(tracking) == LETTERS
    assert Letter.objects.count() == LETTERS
    # Committed, acknowledged, waiting in the outbox: nothing routed, nothing lost.
    assert Letter.objects.filter(routed_at__isnull=False).count() == 0
    pending = OutboxMessage.objects.filter(relayed_at__isnull=True)
    assert pending.filter(task_name="routing.route_letter").count() == LETTERS
    assert pending.exclude(last_error="").count() == pending.count()

    assert private_redis.start(), "the private redis port was taken while it was down"
    celery_workers.start()
    OutboxMessage.objects.update(available_at=OutboxMessage.objects.first().created_at)  # type: ignore[union-attr]
    # The periodic relay, or the starting worker's reconciliation, whichever claims first.
    outbox.relay_pending()
    wait_until(
        lambda: not OutboxMessage.objects.filter(relayed_at__isnull=True).exists(),
        timeout=60,
        what="every pending message to be relayed",
    )
    wait_until(
        lambda: Letter.objects.filter(status=LetterStatus.DISPATCHED).count() == LETTERS,
        timeout=180,
        what="the worker to route every letter",
    )
    assert OutboxMessage.objects.filter(relayed_at__isnull=True).count() == 0
    assert dispatch_counts() == Counter(
        dict.fromkeys(Letter.objects.values_list("pk", flat=True), 1)
    )
    assert set(Letter.objects.values_list("department_id", flat=True)) == {parking_rule.pk}

    # At-least-once delivery: the same routing message delivered again changes nothing.
    for pk in Letter.objects.values_list("pk", flat=True)[:10]:
        # .result, not .get(): Celery's "a task is running" flag is process-wide, and a
        # server thread a browser test left behind may be inside an eager task.
        applied = route_letter.apply(kwargs={"letter_id": pk})
        assert (applied.successful(), applied.result) == (True, False)
    assert sum(dispatch_counts().values()) == LETTERS


@pytest.mark.usefixtures("broker_on_private_redis")
def test_worker_killed_mid_task_leaves_no_half_done_case_and_routes_once_after_restart(
    celery_workers: Workers, parking_rule: Any, tmp_path: Path
) -> None:
    letter = letter_submit(
        submission=LetterSubmission(
            kind="consultation",
            title="夜间停车收费不合理",
            body="小区周边道路夜间停车也要收费，请问依据是什么？",
            name="钱七",
            phone="13700001111",
        )
    ).letter
    assert outbox.RELAY.drain()
    assert OutboxMessage.objects.get(task_name="routing.route_letter").relayed_at is not None
    hold = tmp_path / "hold"
    hold.mkdir()

    first = celery_workers.start(DESK_TEST_HOLD_DIR=str(hold))
    wait_until(
        lambda: (hold / f"started-{letter.pk}").exists(),
        timeout=60,
        what="the worker to start routing",
    )
    celery_workers.kill(first)

    # The task died inside its transaction: the database rolled it back whole.
    letter.refresh_from_db()
    assert letter.status == LetterStatus.SUBMITTED
    assert letter.routed_at is None
    assert letter.routing_suggestions == []
    assert letter.department_id is None
    assert dispatch_counts() == Counter()

    # acks_late: the message was never acknowledged, so a new worker gets it again.
    celery_workers.start()
    wait_until(
        lambda: Letter.objects.filter(pk=letter.pk, status=LetterStatus.DISPATCHED).exists(),
        timeout=120,
        what="the restarted worker to route the letter",
    )
    letter.refresh_from_db()
    assert letter.routed_at is not None
    assert letter.department_id == parking_rule.pk
    assert [s["department_id"] for s in letter.routing_suggestions] == [parking_rule.pk]
    assert dispatch_counts() == Counter({letter.pk: 1})
    assert (
        LetterEvent.objects.filter(letter=letter).aggregate(
            n=Count("id", filter=Q(action="dispatch"))
        )["n"]
        == 1
    )


@pytest.mark.usefixtures("broker_on_private_redis")
def test_a_broker_that_loses_its_queue_loses_no_routing_and_no_notice(
    private_redis: PrivateRedis, celery_workers: Workers, parking_rule: Any
) -> None:
    """Redis without persistence restarts after taking the messages and before any worker
    ran them: the letters are committed, their messages were handed over (relayed), and
    the broker forgot them. Reconciliation sends them again; each letter is routed once
    and its writer notified once."""
    results = [submit_over_api(n) for n in range(LETTERS)]
    assert [r["status"] for r in results] == [201] * LETTERS
    assert outbox.RELAY.drain()
    taken = OutboxMessage.objects.filter(relayed_at__isnull=False, done_at__isnull=True)
    assert taken.count() == 2 * LETTERS  # a routing and a 收到 notice per letter

    private_redis.stop()  # no persistence: the queue is gone
    assert private_redis.start(), "the private redis port was taken while it was down"
    celery_workers.start()
    # The periodic relay (and a starting worker) puts back what no worker applied in time.
    assert outbox.requeue_undone(grace=timedelta(0)) == 2 * LETTERS
    assert outbox.relay_pending() == 2 * LETTERS

    try:
        wait_until(
            lambda: OutboxMessage.objects.filter(done_at__isnull=True).count() == 0,
            timeout=180,
            what="the workers to apply every message",
        )
    except AssertionError:
        undone = Counter(
            OutboxMessage.objects.filter(done_at__isnull=True).values_list("task_name", flat=True)
        )
        raise AssertionError(f"undone: {dict(undone)}\n{celery_workers.logs()[-3000:]}") from None
    assert Letter.objects.filter(status=LetterStatus.DISPATCHED).count() == LETTERS
    assert dispatch_counts() == Counter(
        dict.fromkeys(Letter.objects.values_list("pk", flat=True), 1)
    )
    notices = Counter(
        Notification.objects.filter(event="received").values_list("letter_id", flat=True)
    )
    assert notices == Counter(dict.fromkeys(Letter.objects.values_list("pk", flat=True), 1))
    # Reconciling again finds nothing: done is done.
    assert outbox.requeue_undone(grace=timedelta(0)) == 0


def worker_sessions() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND application_name = %s",
            [WORKER_APPLICATION_NAME],
        )
        row = cursor.fetchone()
    assert row is not None
    return int(row[0])


def terminate_other_sessions() -> int:
    """What a PostgreSQL crash does to the workers: every worker session on the test
    database is cut (the server answers its next query with an error)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND application_name = %s",
            [WORKER_APPLICATION_NAME],
        )
        row = cursor.fetchone()
    assert row is not None
    return int(row[0])


@pytest.mark.usefixtures("broker_on_private_redis")
def test_database_sessions_cut_mid_run_lose_no_routing_and_no_notice(
    celery_workers: Workers, parking_rule: Any
) -> None:
    """The workers' database sessions are killed again and again while they route and
    notify (as a PostgreSQL crash and restart does): every task that hit the error is
    retried with backoff, and what still ends undone is sent again by the periodic
    reconciliation. Every letter ends routed once and its writer notified once."""
    if connection.vendor != "postgresql":
        pytest.skip("cutting database sessions needs PostgreSQL")
    celery_workers.start()
    celery_workers.start()
    wait_until(lambda: worker_sessions() >= 2, timeout=120, what="both workers to hold a session")
    results = []
    cuts = 0
    for n in range(LETTERS):
        results.append(submit_over_api(n))
        if n % 20 == 10:
            cuts += terminate_other_sessions()
    for _ in range(3):  # and while they work through the queue
        time.sleep(0.5)
        cuts += terminate_other_sessions()
    assert [r["status"] for r in results] == [201] * LETTERS
    assert cuts >= 2  # the workers were connected and were cut

    def all_done() -> bool:
        # What beat does every 30 s, with a short grace so the test need not wait 10 min.
        outbox.requeue_undone(grace=timedelta(seconds=20))
        outbox.relay_pending()
        return not OutboxMessage.objects.filter(done_at__isnull=True).exists()

    wait_until(all_done, timeout=300, what="every message to be applied")
    assert Letter.objects.filter(status=LetterStatus.DISPATCHED).count() == LETTERS
    assert dispatch_counts() == Counter(
        dict.fromkeys(Letter.objects.values_list("pk", flat=True), 1)
    )
    notices = Counter(
        Notification.objects.filter(event="received").values_list("letter_id", flat=True)
    )
    assert notices == Counter(dict.fromkeys(Letter.objects.values_list("pk", flat=True), 1))


def test_a_relay_failing_after_commit_never_turns_a_stored_letter_into_an_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The database or broker fails in the post-commit hook (PostgreSQL gone right after
    the commit): the writer still gets 201 with the tracking number, the letter is
    stored, and its messages stay pending for the periodic relay."""

    def relay_fails(message_id: int) -> bool:
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(outbox, "relay_message", relay_fails)
    result = submit_over_api(1)

    assert result["status"] == 201
    letter = Letter.objects.get(tracking_number=result["body"]["tracking_number"])
    assert letter.status == LetterStatus.SUBMITTED
    pending = OutboxMessage.objects.filter(relayed_at__isnull=True, done_at__isnull=True)
    assert sorted(pending.values_list("task_name", flat=True)) == [
        "letters.notify_citizen",
        "routing.route_letter",
    ]
