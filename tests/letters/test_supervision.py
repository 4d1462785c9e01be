"""Supervision: the scan and its escalation ladder, urging and 督办单, real-time events
kept inside departments, and notices to the writer from admin-editable templates."""

from __future__ import annotations

from datetime import date, datetime
from io import StringIO
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from asgiref.sync import async_to_sync
from channels.testing import WebsocketCommunicator
from django.core import mail
from django.core.management import call_command
from rest_framework.test import APIClient

from core.realtime import department_group
from letters.consumers import StaffEventsConsumer
from letters.models import Letter, Notification, NotificationTemplate
from letters.services import workflow
from letters.services.intake import LetterSubmission, letter_submit
from letters.services.notifications import notify_citizen
from supervision import services as supervision
from supervision.models import SupervisionAlert
from tests.factories import DepartmentFactory, staff_user

BEIJING = ZoneInfo("Asia/Shanghai")


def at(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=BEIJING)


@pytest.fixture
def office() -> dict[str, Any]:
    site, dept = DepartmentFactory(), DepartmentFactory()
    return {
        "dept": dept,
        "dispatcher": staff_user("dsp", "dispatcher", site),
        "supervisor": staff_user("sup", "supervisor", site),
        "handler": staff_user("hdl", "handler", dept),
    }


def dispatched_letter(office: dict[str, Any], received: datetime) -> Letter:
    letter = letter_submit(
        submission=LetterSubmission(
            kind="consultation",
            title="关于医保异地备案的咨询",
            body="退休后到外地随子女居住，医保异地备案怎么办理？",
            name="郑和平",
            phone="13500006666",
            email="zhp@example.com",
        ),
        received_at=received,
    ).letter
    workflow.letter_dispatch(
        letter_id=letter.pk, actor=office["dispatcher"], department_id=office["dept"].pk
    )
    return Letter.objects.get(pk=letter.pk)


def alerts(letter: Letter) -> list[str]:
    return sorted(letter.alerts.values_list("level", flat=True))


@pytest.mark.django_db
def test_escalation_ladder_across_the_national_day_holiday(office: dict[str, Any]) -> None:
    # Received Tue 2026-09-29: 3 working days -> 09-30, 10-08, 10-09: due Fri 10-09.
    letter = dispatched_letter(office, at(2026, 9, 29, 10))
    assert letter.deadline_at == at(2026, 10, 9, 23, 59, 59)

    ladder = [
        (at(2026, 10, 3, 12), []),  # holiday week: nothing is due yet
        (at(2026, 10, 8, 9), ["due_soon"]),  # one working day before the deadline
        (at(2026, 10, 10, 9), ["due_soon", "overdue"]),  # Sat 10-10 is a make-up workday
        (at(2026, 10, 13, 9), ["due_soon", "overdue"]),  # overdue by 10-10, 10-12: 2 days
        (at(2026, 10, 14, 9), ["due_soon", "overdue", "supervised"]),  # 3 working days
        (at(2027, 1, 5, 9), ["due_soon", "overdue", "supervised", "veto"]),  # 3 months
    ]
    for now, expected in ladder:
        supervision.supervision_scan(now)
        letter.refresh_from_db()
        assert alerts(letter) == expected, now
    assert (letter.overdue, letter.due_soon) == (True, False)


@pytest.mark.django_db
def test_scan_is_idempotent_one_alert_per_level(office: dict[str, Any]) -> None:
    dispatched_letter(office, at(2026, 11, 2, 10))
    now = at(2026, 11, 20, 9)

    first = supervision.supervision_scan(now)
    second = supervision.supervision_scan(now)

    assert first.new_alerts == {"due_soon": 0, "overdue": 1, "supervised": 1, "veto": 0}
    assert second.new_alerts == {"due_soon": 0, "overdue": 0, "supervised": 0, "veto": 0}
    assert (second.overdue, second.supervised) == (1, 1)
    assert SupervisionAlert.objects.count() == 2


@pytest.mark.django_db
def test_reopened_letter_is_alerted_again_in_its_new_round(office: dict[str, Any]) -> None:
    letter = dispatched_letter(office, at(2026, 11, 2, 10))
    supervision.supervision_scan(at(2026, 11, 20, 9))
    # 重办: a fresh clock (due in the future) in round 1; later it runs late again.
    Letter.objects.filter(pk=letter.pk).update(reopen_count=1, deadline_at=at(2026, 12, 31, 23))
    cleared = supervision.supervision_scan(at(2026, 11, 20, 10))
    Letter.objects.filter(pk=letter.pk).update(deadline_at=at(2026, 11, 5, 23))

    late_again = supervision.supervision_scan(at(2026, 11, 20, 11))

    assert (cleared.overdue, cleared.supervised) == (0, 0)
    assert late_again.new_alerts["overdue"] == 1
    assert sorted(letter.alerts.values_list("level", "round")) == [
        ("overdue", 0),
        ("overdue", 1),
        ("supervised", 0),
        ("supervised", 1),
    ]


@pytest.mark.django_db
def test_flags_are_cleared_when_the_letter_is_answered(office: dict[str, Any]) -> None:
    letter = dispatched_letter(office, at(2026, 11, 2, 10))
    supervision.supervision_scan(at(2026, 11, 20, 9))
    Letter.objects.filter(pk=letter.pk).update(status="replied")

    result = supervision.supervision_scan(at(2026, 11, 20, 10))

    letter.refresh_from_db()
    assert (letter.overdue, result.overdue) == (False, 0)


@pytest.mark.django_db
def test_supervision_scan_command_prints_json_last(office: dict[str, Any]) -> None:
    dispatched_letter(office, at(2026, 1, 5, 10))
    out = StringIO()

    call_command("supervision_scan", stdout=out)

    last = out.getvalue().strip().splitlines()[-1]
    assert last.startswith('{"due_soon": 0, "overdue": 1, "supervised": 1, "veto": 1')


@pytest.mark.django_db
def test_supervisor_urges_and_issues_an_order_the_department_answers(
    office: dict[str, Any],
) -> None:
    letter = dispatched_letter(office, at(2026, 11, 2, 10))
    sup, hdl = APIClient(), APIClient()
    sup.force_authenticate(office["supervisor"])
    hdl.force_authenticate(office["handler"])

    urged = sup.post(f"/api/v1/staff/letters/{letter.pk}/urge/", {}, format="json")
    issued = sup.post(
        f"/api/v1/staff/letters/{letter.pk}/supervise/",
        {"instruction": "请于三日内反馈办理进展", "respond_by": "2099-01-01"},
        format="json",
    )
    past = sup.post(
        f"/api/v1/staff/letters/{letter.pk}/supervise/",
        {"instruction": "过去的日期", "respond_by": "2000-01-01"},
        format="json",
    )
    order = letter.orders.get()
    answered = hdl.post(
        f"/api/v1/staff/orders/{order.pk}/respond/",
        {"response": "已联系来信人并上门核实"},
        format="json",
    )
    again = hdl.post(
        f"/api/v1/staff/orders/{order.pk}/respond/", {"response": "重复反馈"}, format="json"
    )

    assert (urged.status_code, issued.status_code, answered.status_code) == (200, 200, 200)
    assert past.json()["errors"] == {"respond_by": ["「要求反馈日期」：不能早于今天。"]}
    assert (again.status_code, again.json()["detail"]) == (409, "该督办单已反馈。")
    order.refresh_from_db()
    assert order.response == "已联系来信人并上门核实"
    assert list(
        letter.events.filter(action__in=["urge", "supervise", "supervision_response"]).values_list(
            "action", flat=True
        )
    ) == ["urge", "supervise", "supervision_response"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_websocket_events_stay_inside_the_department() -> None:
    mine, other = DepartmentFactory(), DepartmentFactory()
    alice = staff_user("alice", "handler", mine)
    bob = staff_user("bob", "handler", other)

    async def scenario() -> tuple[Any, Any, bool, int]:
        a = WebsocketCommunicator(StaffEventsConsumer.as_asgi(), "/ws/staff/")
        a.scope["user"] = alice
        b = WebsocketCommunicator(StaffEventsConsumer.as_asgi(), "/ws/staff/")
        b.scope["user"] = bob
        anonymous = WebsocketCommunicator(StaffEventsConsumer.as_asgi(), "/ws/staff/")
        from django.contrib.auth.models import AnonymousUser

        anonymous.scope["user"] = AnonymousUser()
        assert (await a.connect())[0]
        assert (await b.connect())[0]
        refused, code = await anonymous.connect()
        await a.receive_json_from()  # hello
        await b.receive_json_from()
        from channels.layers import get_channel_layer

        layer = get_channel_layer()
        await layer.group_send(
            department_group(mine.pk),
            {"type": "desk.event", "event": {"type": "assigned", "letter_id": 7}},
        )
        got_a = await a.receive_json_from(timeout=2)
        got_b = await b.receive_nothing(timeout=0.5)
        await a.disconnect()
        await b.disconnect()
        return got_a, got_b, refused, code

    got_a, bob_got_nothing, refused, code = async_to_sync(scenario)()

    assert got_a == {"type": "assigned", "letter_id": 7}
    assert bob_got_nothing is True
    assert (refused, code) == (False, 4401)


@pytest.mark.django_db
def test_dispatch_pushes_an_assignment_only_after_commit(
    office: dict[str, Any], django_capture_on_commit_callbacks: Any, monkeypatch: Any
) -> None:
    sent: list[tuple[list[str], dict[str, Any]]] = []
    monkeypatch.setattr(
        "letters.services.workflow.base.publish_event",
        lambda groups, event: sent.append((groups, event)),
    )
    letter = letter_submit(
        submission=LetterSubmission(
            kind="help",
            title="独居老人申请助餐服务",
            body="家中老人独居，想申请社区助餐服务，如何办理？",
            name="钱进",
            phone="13500007777",
        )
    ).letter

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        workflow.letter_dispatch(
            letter_id=letter.pk, actor=office["dispatcher"], department_id=office["dept"].pk
        )
        assert sent == []
    for callback in callbacks:
        callback()

    assert sent == [
        (
            [department_group(office["dept"].pk)],
            {
                "letter_id": letter.pk,
                "tracking_number": letter.tracking_number,
                "status": "dispatched",
                "action": "dispatch",
                "type": "assigned",
            },
        )
    ]


@pytest.mark.django_db
def test_a_transfer_tells_both_departments_after_commit(
    office: dict[str, Any], django_capture_on_commit_callbacks: Any, monkeypatch: Any
) -> None:
    sent: list[tuple[list[str], dict[str, Any]]] = []
    monkeypatch.setattr(
        "letters.services.workflow.base.publish_event",
        lambda groups, event: sent.append((groups, event)),
    )
    letter = dispatched_letter(office, at(2026, 11, 2, 10))
    other = DepartmentFactory()

    with django_capture_on_commit_callbacks(execute=True):
        workflow.letter_transfer(
            letter_id=letter.pk,
            actor=office["dispatcher"],
            department_id=other.pk,
            reason="属于另一单位职责",
        )

    common = {
        "letter_id": letter.pk,
        "tracking_number": letter.tracking_number,
        "status": "dispatched",
        "action": "transfer",
    }
    assert sent == [
        ([department_group(other.pk)], {**common, "type": "assigned"}),
        ([department_group(office["dept"].pk)], {**common, "type": "transferred_away"}),
    ]


@pytest.mark.django_db
def test_notices_use_the_admin_template_and_are_never_sent_twice() -> None:
    NotificationTemplate.objects.filter(event="replied").update(
        subject="【临江】{title}已答复", text="{name}您好，{tracking_number}已答复。"
    )
    letter = letter_submit(
        submission=LetterSubmission(
            kind="consultation",
            title="公积金提取",
            body="租房提取公积金每年可以提取几次？额度是多少？",
            name="冯立",
            phone="0999-1234567",
            email="fengli@example.com",
        )
    ).letter

    first = notify_citizen(letter_id=letter.pk, event="replied", event_id=41)
    second = notify_citizen(letter_id=letter.pk, event="replied", event_id=41)

    assert (first, second) == (["email"], [])  # a fixed line gets no SMS
    assert [(m.subject, m.body) for m in mail.outbox] == [
        ("【临江】公积金提取已答复", f"冯立您好，{letter.tracking_number}已答复。")
    ]
    assert Notification.objects.get().event == "replied#41"


@pytest.mark.django_db
def test_veto_cutoff_is_three_calendar_months() -> None:
    assert supervision.veto_cutoff(at(2026, 5, 31, 12)).date() == date(2026, 2, 28)
    assert supervision.veto_cutoff(at(2026, 1, 15, 12)).date() == date(2025, 10, 15)
    # Wed 10-14: back over Tue 10-13, Mon 10-12 and the make-up Saturday 10-10.
    assert supervision.supervise_cutoff(at(2026, 10, 14, 9)) == at(2026, 10, 10, 0)
