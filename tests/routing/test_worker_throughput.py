"""Worker throughput (#17.2): a worker process keeps its database connection across tasks,
and a routing task facing a deep queue routes a batch of waiting letters in one go, each
letter once, each message marked done with its letter's routing."""

from __future__ import annotations

import os
import signal
import subprocess
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from core.models import OutboxMessage
from letters.choices import LetterStatus
from letters.models import Letter, LetterEvent
from letters.services.intake import LetterSubmission, letter_submit
from routing import services
from routing.models import KeywordRule, RouterVersion
from routing.tasks import route_letter
from tests.factories import DepartmentFactory
from tests.ops.conftest import BASE_DIR, PrivateRedis, database_url, wait_until, worker_command
from tests.routing.worker_probe import backend_pid


def submit(n: int, text: str = "小区门口停车难") -> Letter:
    return letter_submit(
        submission=LetterSubmission(
            kind="consultation",
            title=f"{text}第{n}件",
            body=f"{text}，晚上经常没有地方停车，第{n}次反映，请协调解决。",
            name="赵六",
            phone=f"139{n:08d}",
        )
    ).letter


def taken_by_the_broker(letters: list[Letter]) -> dict[int, int]:
    """The letters' routing messages as relayed and not applied: {letter id: message id}.
    (A test transaction never commits, so nothing was relayed for real.)"""
    messages = OutboxMessage.objects.filter(task_name="routing.route_letter")
    messages.update(relayed_at=timezone.now())
    by_letter = {m.payload["letter_id"]: m.pk for m in messages}
    assert set(by_letter) == {letter.pk for letter in letters}
    return by_letter


def dispatches() -> Counter[int]:
    return Counter(
        LetterEvent.objects.filter(action="dispatch").values_list("letter_id", flat=True)
    )


@pytest.fixture
def parking_rule() -> Any:
    department = DepartmentFactory(code="lj-jtj", name="市交通运输局")
    KeywordRule.objects.create(name="停车", keywords="停车", department=department, priority=1)
    return department


@pytest.mark.django_db
def test_a_routing_task_facing_a_deep_queue_routes_each_waiting_letter_once_and_marks_it_done(
    parking_rule: Any,
) -> None:
    letters = [submit(n) for n in range(services.BATCH_MIN_WAITING + 5)]
    messages = taken_by_the_broker(letters)
    first = letters[0]

    assert route_letter.apply(kwargs={"letter_id": first.pk, "outbox_id": messages[first.pk]}).get()

    assert Letter.objects.filter(routed_at__isnull=True).count() == 0
    assert Letter.objects.filter(status=LetterStatus.DISPATCHED).count() == len(letters)
    assert set(Letter.objects.values_list("department_id", flat=True)) == {parking_rule.pk}
    assert dispatches() == Counter({letter.pk: 1 for letter in letters})
    assert (
        OutboxMessage.objects.filter(task_name="routing.route_letter", done_at__isnull=True).count()
        == 0
    )
    # The batch's letters still have their own tasks in the queue: delivered, they find
    # the letter routed and change nothing.
    for letter in letters[1:]:
        outbox_id = messages[letter.pk]
        assert (
            route_letter.apply(kwargs={"letter_id": letter.pk, "outbox_id": outbox_id}).get()
            is False
        )
    assert dispatches() == Counter({letter.pk: 1 for letter in letters})
    assert LetterEvent.objects.filter(action="dispatch").count() == len(letters)


@pytest.mark.django_db
def test_a_shallow_queue_is_left_to_its_own_tasks(parking_rule: Any) -> None:
    letters = [submit(n) for n in range(services.BATCH_MIN_WAITING)]
    messages = taken_by_the_broker(letters)
    first = letters[0]

    route_letter.apply(kwargs={"letter_id": first.pk, "outbox_id": messages[first.pk]})

    assert list(Letter.objects.filter(routed_at__isnull=False).values_list("pk", flat=True)) == [
        first.pk
    ]
    undone = OutboxMessage.objects.filter(task_name="routing.route_letter", done_at__isnull=True)
    assert set(undone.values_list("pk", flat=True)) == {messages[le.pk] for le in letters[1:]}


@pytest.mark.django_db
def test_a_letter_routed_before_has_its_waiting_message_marked_done_without_a_second_routing(
    parking_rule: Any,
) -> None:
    letters = [submit(n) for n in range(services.BATCH_MIN_WAITING + 2)]
    messages = taken_by_the_broker(letters)
    services.route_letter(letter_id=letters[1].pk)  # routed, its worker died before marking
    routed_at = Letter.objects.get(pk=letters[1].pk).routed_at

    handled = services.route_waiting(exclude=letters[0].pk)

    assert handled == len(letters) - 1
    assert Letter.objects.get(pk=letters[1].pk).routed_at == routed_at
    assert dispatches()[letters[1].pk] == 1
    assert OutboxMessage.objects.get(pk=messages[letters[1].pk]).done_at is not None
    assert OutboxMessage.objects.get(pk=messages[letters[0].pk]).done_at is None


@pytest.mark.django_db
def test_batch_predictions_are_those_of_one_letter_at_a_time(trained: RouterVersion) -> None:
    texts = [
        (
            "住房公积金提取咨询",
            "我在临江市缴存住房公积金五年了，想用公积金支付房租，请问怎么提取？",
        ),
        ("小区垃圾清运不及时", "小区垃圾桶已经满了三天没人清运，气味很大，请环卫部门处理。"),
        ("孩子入学政策咨询", "外地户口的孩子今年秋季想在临江上小学，需要准备哪些材料？"),
    ]
    letters = [
        letter_submit(
            submission=LetterSubmission(
                kind="consultation", title=title, body=body, name="吕明", phone=f"1330000{n:04d}"
            )
        ).letter
        for n in range(services.BATCH_MIN_WAITING + 2)
        for title, body in [texts[n % len(texts)]]
    ]
    taken_by_the_broker(letters)
    model = services.active_model(RouterVersion.Task.DEPARTMENT)
    assert model is not None
    alone = {
        letter.pk: [s.as_dict() for s in services.model_suggestions(letter, model)]
        for letter in letters
    }

    services.route_waiting()

    for letter in Letter.objects.filter(pk__in=[le.pk for le in letters]):
        assert letter.routed_at is not None
        assert letter.routing_suggestions == alone[letter.pk]


# --- a real worker process -------------------------------------------------------------


@pytest.fixture
def probe_worker(private_redis: PrivateRedis, tmp_path: Path) -> Iterator[subprocess.Popen[bytes]]:
    env = dict(os.environ, DATABASE_URL=database_url(), REDIS_URL=private_redis.url)
    with (tmp_path / "worker.log").open("wb") as log:
        process = subprocess.Popen(
            worker_command("tests.routing.worker_probe"),
            cwd=BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        yield process
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


@pytest.mark.slow
@pytest.mark.real_clock
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("flushable_audit_log", "broker_on_private_redis")
def test_a_worker_process_keeps_its_database_connection_across_tasks(
    probe_worker: subprocess.Popen[bytes], parking_rule: Any, tmp_path: Path
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("backend pids are PostgreSQL's")
    record = tmp_path / "pids"

    def lines() -> list[tuple[int, int]]:
        if not record.exists():
            return []
        return [tuple(map(int, line.split())) for line in record.read_text().splitlines()]  # type: ignore[misc]

    for _ in range(3):
        backend_pid.delay(str(record))
    letters = [submit(n) for n in range(5)]  # routed and notified by the same worker
    for _ in range(3):
        backend_pid.delay(str(record))
    wait_until(lambda: len(lines()) == 6, timeout=120, what="the worker to run the probes")
    wait_until(
        lambda: not Letter.objects.filter(pk__in=[le.pk for le in letters], routed_at=None),
        timeout=60,
        what="the worker to route the letters",
    )

    assert len({process for process, _ in lines()}) == 1  # one pool process
    assert len({session for _, session in lines()}) == 1  # one session for every task

    # The session cut (PostgreSQL restarted, an idle timeout): the next task checks the
    # connection before use and opens a new one instead of failing.
    session = lines()[0][1]
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [session])
    backend_pid.delay(str(record))
    wait_until(lambda: len(lines()) == 7, timeout=60, what="the probe after the cut")
    assert lines()[-1][1] != session
