"""Audit log: case actions and logins are recorded with actor, IP and request id; the
chain detects edited or removed rows; the database refuses updates and young deletes."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from rest_framework.test import APIClient

from core.audit import audit, purge_older_than, verify_chain
from core.models import AuditRecord
from letters.services.intake import LetterSubmission, letter_submit
from tests.factories import DepartmentFactory, staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_checkpoints(settings: Any, tmp_path: Path) -> None:
    """audit_verify reads checkpoints outside the database: not the var dir's ones."""
    settings.DESK_AUDIT_CHECKPOINT_PATH = tmp_path / "audit-checkpoints.jsonl"


def drop_triggers() -> None:
    """Simulate an attacker with database access (tests only)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP TRIGGER letters_audit_append_only ON letters_auditrecord")
        else:
            cursor.execute("DROP TRIGGER letters_audit_no_update")
            cursor.execute("DROP TRIGGER letters_audit_no_young_delete")


def test_case_action_is_audited_with_actor_ip_and_request_id() -> None:
    office, dept = DepartmentFactory(), DepartmentFactory()
    dispatcher = staff_user("dsp", "dispatcher", office)
    letter = letter_submit(
        submission=LetterSubmission(
            kind="consultation",
            title="审计测试来信",
            body="用于检查审计日志的来信内容。",
            name="陈一",
            phone="13700001212",
        )
    ).letter
    client = APIClient()
    client.force_authenticate(dispatcher)

    client.post(
        f"/api/v1/staff/letters/{letter.pk}/dispatch/",
        {"department": dept.pk},
        format="json",
        HTTP_X_REQUEST_ID="req-abc-123",
        REMOTE_ADDR="10.1.2.3",
    )

    record = AuditRecord.objects.get(action="letter.dispatch")
    assert (record.actor_name, record.ip, record.request_id, record.outcome) == (
        "dsp",
        "10.1.2.3",
        "req-abc-123",
        "success",
    )
    assert (record.object_type, record.object_id) == ("Letter", str(letter.pk))
    assert record.data["from"] == "submitted"
    assert record.data["to"] == "dispatched"


def test_failed_login_is_audited_without_the_password(client: Any) -> None:
    staff_user("clerk", "handler", DepartmentFactory())

    client.post("/accounts/login/", {"username": "clerk", "password": "wrong-secret-123"})

    record = AuditRecord.objects.get(action="auth.login_failed")
    assert (record.actor_name, record.outcome) == ("clerk", "denied")
    assert "wrong-secret-123" not in str(record.data)


def test_chain_verifies_and_detects_an_edited_row() -> None:
    for i in range(5):
        audit("test.event", actor="tester", data={"n": i})
    assert verify_chain().ok
    drop_triggers()
    target = AuditRecord.objects.order_by("id")[2]
    AuditRecord.objects.filter(pk=target.pk).update(data={"n": 99})

    result = verify_chain()

    assert (result.broken_at, result.checked) == (target.pk, 2)
    with pytest.raises(CommandError) as excinfo:
        call_command("audit_verify", stdout=StringIO())
    assert f"第{target.pk}号记录内容与哈希不符" in str(excinfo.value)


def test_chain_detects_a_removed_row() -> None:
    for i in range(4):
        audit("test.event", actor="tester", data={"n": i})
    drop_triggers()
    removed, following = AuditRecord.objects.order_by("id")[1:3]
    AuditRecord.objects.filter(pk=removed.pk).delete()

    result = verify_chain()

    assert result.broken_at == following.pk
    assert result.reason == "与上一条记录的链接断开（记录被删除或插入）"


def test_database_refuses_update_and_young_delete() -> None:
    record = audit("test.event", actor="tester")

    with pytest.raises(DatabaseError), transaction.atomic():
        AuditRecord.objects.filter(pk=record.pk).update(action="forged")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditRecord.objects.filter(pk=record.pk).delete()

    assert AuditRecord.objects.get(pk=record.pk).action == "test.event"


def test_purge_never_touches_rows_younger_than_180_days() -> None:
    old = audit("test.old", actor="tester")
    young = audit("test.young", actor="tester")
    drop_triggers()  # only to backdate the fixture row
    AuditRecord.objects.filter(pk=old.pk).update(at=timezone.now() - timedelta(days=400))

    assert purge_older_than(30) == 1  # asked for 30 days: 180 still applies
    # The purge leaves its own trace (core.audit: the oldest row's anchor).
    rows = list(AuditRecord.objects.values_list("pk", "action"))
    assert rows[0] == (young.pk, "test.young")
    assert [action for _, action in rows[1:]] == ["audit.purge"]


def test_auditor_reads_the_trail_others_cannot(api: APIClient) -> None:
    office = DepartmentFactory()
    audit("test.event", actor="tester")
    auditor, admin = staff_user("aud", "auditor", office), staff_user("adm", "admin", office)

    api.force_authenticate(auditor)
    listing = api.get("/api/v1/audit/").json()
    api.force_authenticate(admin)
    refused = api.get("/api/v1/audit/")

    assert [row["action"] for row in listing["results"]] == ["test.event"]
    assert refused.status_code == 403
