"""Knowledge-base entries move only as their lifecycle table says, every move is audited,
and nobody approves an entry they wrote or last edited."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from core.models import AuditRecord
from knowledge_base import lifecycle, services
from knowledge_base.models import EntryStatus, KnowledgeEntry
from tests.factories import DepartmentFactory, staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def users() -> dict[str, Any]:
    office = DepartmentFactory(name="测试市人民政府办公室")
    return {
        "dispatcher": staff_user("dsp", "dispatcher", office),
        "publisher": staff_user("pub", "publisher", office),
        "supervisor": staff_user("sup", "supervisor", office),
    }


def as_user(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_table_declares_every_move() -> None:
    moves = {name: (sorted(a.from_statuses), a.target) for name, a in lifecycle.ACTIONS.items()}
    assert moves == {
        "create": ([], "draft"),
        "update": (["draft", "published"], "draft"),
        "submit": (["draft"], "in_review"),
        "approve": (["in_review"], "published"),
        "reject": (["in_review"], "draft"),
        "retire": (["draft", "in_review", "published"], "retired"),
    }


def test_nobody_approves_their_own_entry_and_the_refusal_changes_nothing(
    users: dict[str, Any],
) -> None:
    entry = services.entry_create(
        actor=users["publisher"], question="公积金怎么提取？", answer="携带身份证到窗口办理。"
    )
    services.entry_submit(entry, users["publisher"])
    audits = AuditRecord.objects.count()
    own = as_user(users["publisher"]).post(
        f"/api/v1/kb/curator/entries/{entry.pk}/review/", {"approve": True}, format="json"
    )
    assert own.status_code == 403
    assert "不能审核自己撰写" in own.json()["detail"]
    assert KnowledgeEntry.objects.get(pk=entry.pk).status == EntryStatus.IN_REVIEW
    assert AuditRecord.objects.count() == audits

    # An edit by another curator makes them the last editor: they may not approve either.
    services.entry_review(entry, users["supervisor"], approve=False, note="请补充办理地点")
    services.entry_update(entry, users["supervisor"], answer="携带身份证到市民中心3号窗口办理。")
    services.entry_submit(entry, users["supervisor"])
    by_editor = as_user(users["supervisor"]).post(
        f"/api/v1/kb/curator/entries/{entry.pk}/review/", {"approve": True}, format="json"
    )
    assert by_editor.status_code == 403


def test_every_entry_action_is_audited(users: dict[str, Any]) -> None:
    entry = services.entry_create(
        actor=users["dispatcher"], question="公积金怎么提取？", answer="携带身份证到窗口办理。"
    )
    services.entry_submit(entry, users["dispatcher"])
    services.entry_review(entry, users["publisher"], approve=False, note="请补充办理地点")
    services.entry_update(entry, users["dispatcher"], answer="携带身份证到市民中心办理。")
    services.entry_submit(entry, users["dispatcher"])
    services.entry_review(entry, users["publisher"], approve=True)
    services.entry_retire(entry, users["supervisor"])
    rows = AuditRecord.objects.filter(object_type="KnowledgeEntry").order_by("id")
    assert [(r.action, r.actor_name, r.data.get("from"), r.data.get("to")) for r in rows] == [
        ("kb_entry.create", "dsp", None, None),
        ("kb_entry.submit", "dsp", "draft", "in_review"),
        ("kb_entry.reject", "pub", "in_review", "draft"),
        ("kb_entry.update", "dsp", "draft", "draft"),
        ("kb_entry.submit", "dsp", "draft", "in_review"),
        ("kb_entry.approve", "pub", "in_review", "published"),
        ("kb_entry.retire", "sup", "published", "retired"),
    ]
    assert {r.object_id for r in rows} == {str(entry.pk)}
