"""Splitting the letters app moved models to core, org, workdays and supervision without
touching a row: a database at the schema of the last commit before the split, with rows
in every moved table, migrates forward and every row reads back through the new models
(and the way back works too)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from core.models import AuditRecord, OutboxMessage, SensitiveWord
from letters.models import Letter
from org.models import Department, Leader, Solicitation, StaffProfile, Website
from supervision.models import SupervisionAlert, SupervisionOrder
from workdays.models import CalendarDay, CalendarYear

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("flushable_audit_log"),
]

BEFORE_SPLIT = [
    ("letters", "0015_rename_extension_event"),
    ("routing", "0002_historical_letter_reply"),
    ("knowledge_base", "0004_publication_gate"),
]


def migrate(targets: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def latest() -> list[tuple[str, str]]:
    executor = MigrationExecutor(connection)
    leaves: list[tuple[str, str]] = executor.loader.graph.leaf_nodes()
    return leaves


def test_every_row_of_the_moved_models_survives_the_split() -> None:
    old = migrate(BEFORE_SPLIT)
    User = old.get_model("auth", "User")
    dept = old.get_model("letters", "Department").objects.create(
        code="T-ZJJ", name="测试市住房和城乡建设局", level="department", kinds=["consultation"]
    )
    leader = old.get_model("letters", "Leader").objects.create(
        name="王建国", title="市长", office=dept
    )
    old.get_model("letters", "Website").objects.create(
        name="测试市政府网", domains=["www.ceshi.gov.cn"], site_code="9900000001", owner=dept
    )
    solicitation = old.get_model("letters", "Solicitation").objects.create(
        title="绿化条例征求意见",
        text="全文",
        owner=dept,
        opens_on=date(2026, 11, 1),
        closes_on=date(2026, 12, 1),
    )
    user = User.objects.create(username="handler_t")
    old.get_model("letters", "StaffProfile").objects.create(user=user, department=dept)
    letter = old.get_model("letters", "Letter").objects.create(
        tracking_number="XJ20261120-000001",
        query_code="ABCD2345",
        kind="consultation",
        title="路灯不亮",
        body="小区南门路灯坏了。",
        name="周明",
        phone="13912345678",
        department=dept,
        leader=leader,
        solicitation=solicitation,
    )
    letter.assisting_departments.add(dept)
    old.get_model("letters", "CalendarYear").objects.create(
        year=2031, source="国务院办公厅通知", version=1
    )
    old.get_model("letters", "CalendarDay").objects.create(
        day=date(2031, 1, 1), is_workday=False, name="元旦", source="通知", version=1
    )
    old.get_model("letters", "SupervisionAlert").objects.create(
        letter=letter, level="overdue", department=dept
    )
    old.get_model("letters", "SupervisionOrder").objects.create(
        letter=letter, issued_by=user, instruction="请按期答复", respond_by=date(2026, 12, 1)
    )
    old.get_model("letters", "OutboxMessage").objects.create(task_name="routing.route_letter")
    old.get_model("letters", "SensitiveWord").objects.create(word="测试敏感词", category="测试")
    audits = old.get_model("letters", "AuditRecord").objects.count()
    # As in a database made before the split: the content type is the letters app's.
    ContentType.objects.filter(app_label="org", model="department").delete()
    old_content_type, _ = ContentType.objects.get_or_create(app_label="letters", model="department")

    migrate(latest())

    moved = Department.objects.get(code="T-ZJJ")
    assert moved.pk == dept.pk
    assert (Leader.objects.get().office, Website.objects.get().owner) == (moved, moved)
    assert Solicitation.objects.get().owner == moved
    assert StaffProfile.objects.get().department == moved
    read = Letter.objects.get(tracking_number="XJ20261120-000001")
    assert read.leader is not None
    assert read.solicitation is not None
    assert (read.department, read.leader.name, read.solicitation.title) == (
        moved,
        "王建国",
        "绿化条例征求意见",
    )
    assert list(read.assisting_departments.all()) == [moved]
    assert read.phone == "13912345678"  # still decrypts
    assert CalendarYear.objects.get(year=2031).source == "国务院办公厅通知"
    assert CalendarDay.objects.get(day=date(2031, 1, 1)).name == "元旦"
    assert SupervisionAlert.objects.get().letter == read
    assert SupervisionOrder.objects.get().instruction == "请按期答复"
    assert OutboxMessage.objects.get().task_name == "routing.route_letter"
    assert SensitiveWord.objects.get().word == "测试敏感词"
    assert AuditRecord.objects.count() == audits
    # Permissions stay attached: the content type row moved with its model.
    assert ContentType.objects.get(app_label="org", model="department").pk == old_content_type.pk
    assert not ContentType.objects.filter(app_label="letters", model="department").exists()

    back = migrate(BEFORE_SPLIT)  # and the way back
    assert back.get_model("letters", "Department").objects.get().code == "T-ZJJ"
    migrate(latest())
    assert Department.objects.get().code == "T-ZJJ"
