"""Knowledge-base actions are in the audit log like case actions, and nobody approves
(publishes) an entry they wrote or edited (issue #17 item 3).

Driven through the curator API as staff would, read back through the auditor's API and
the public pages: a refused approval answers 403 with the reason in Chinese and changes
nothing (status, review fields, version, search index, public pages, audit log).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from rest_framework.test import APIClient

from core.models import AuditRecord
from frontend.refusals import refusal_of
from knowledge_base import services
from knowledge_base.models import KnowledgeEntry, KnowledgeEntryVersion
from tests.world import Desk

pytestmark = pytest.mark.django_db

CURATOR = "/api/v1/kb/curator/entries/"
OWN_ENTRY = "不能审核自己撰写或修改过的知识库条目，请由其他审核人审核。"
QUESTION = "住房公积金怎么提取？"
ANSWER = "职工购买自住住房、退休或者租房，可以申请提取住房公积金账户余额。"


def post(desk: Desk, who: str, path: str, data: dict[str, Any] | None = None, **extra: Any) -> Any:
    return desk.api(who).post(path, data or {}, format="json", **extra)


def create(desk: Desk, who: str, **extra: Any) -> int:
    response = post(desk, who, CURATOR, {"question": QUESTION, "answer": ANSWER}, **extra)
    assert response.status_code == 201, response.json()
    pk: int = response.json()["id"]
    return pk


def approve(desk: Desk, who: str, pk: int, **extra: Any) -> Any:
    return post(desk, who, f"{CURATOR}{pk}/review/", {"approve": True}, **extra)


def state(pk: int) -> dict[str, Any]:
    """Everything a refused approval must leave as it was."""
    entry = KnowledgeEntry.objects.get(pk=pk)
    return {
        "status": entry.status,
        "version": entry.version,
        "reviewed_at": entry.reviewed_at,
        "reviewed_by": entry.reviewed_by_id,
        "review_note": entry.review_note,
        "updated_at": entry.updated_at,
        "versions": KnowledgeEntryVersion.objects.filter(entry_id=pk).count(),
        "audit": list(AuditRecord.objects.values_list("id", flat=True)),
    }


def public_view(pk: int) -> tuple[int, bool, list[int]]:
    """The entry's public page status, whether /kb/ lists it, what the search API finds."""
    page = Client()
    listing = page.get("/kb/", {"q": "公积金提取"})
    found = APIClient().get("/api/v1/kb/search/", {"q": "公积金提取"}).json()["results"]
    return (
        page.get(f"/kb/{pk}/").status_code,
        QUESTION in listing.content.decode(),
        [row["id"] for row in found],
    )


def audit_trail(desk: Desk, pk: int) -> list[tuple[Any, ...]]:
    """The entry's records as the auditor reads them (/api/v1/audit/), oldest first."""
    response = desk.api("auditor").get(
        "/api/v1/audit/", {"object_type": "KnowledgeEntry", "object_id": str(pk)}
    )
    assert response.status_code == 200
    rows = reversed(response.json()["results"])
    return [
        (
            r["action"],
            r["actor_name"],
            r["ip"],
            r["request_id"],
            r["outcome"],
            r["data"].get("from"),
            r["data"].get("to"),
        )
        for r in rows
    ]


def test_every_curator_action_is_audited_with_actor_address_request_and_move(desk: Desk) -> None:
    at: dict[str, Any] = {"REMOTE_ADDR": "10.2.3.4"}
    pk = create(desk, "dispatcher", HTTP_X_REQUEST_ID="kb-1", **at)
    edited = desk.api("dispatcher").patch(
        f"{CURATOR}{pk}/",
        {"keywords": "公积金,提取"},
        format="json",
        HTTP_X_REQUEST_ID="kb-2",
        **at,
    )
    post(desk, "dispatcher", f"{CURATOR}{pk}/submit/", HTTP_X_REQUEST_ID="kb-3", **at)
    rejected = post(
        desk,
        "publisher",
        f"{CURATOR}{pk}/review/",
        {"approve": False, "note": "请补充办理地点"},
        HTTP_X_REQUEST_ID="kb-4",
        **at,
    )
    post(desk, "dispatcher", f"{CURATOR}{pk}/submit/", HTTP_X_REQUEST_ID="kb-5", **at)
    approved = approve(desk, "publisher", pk, HTTP_X_REQUEST_ID="kb-6", **at)
    retired = post(desk, "supervisor", f"{CURATOR}{pk}/retire/", HTTP_X_REQUEST_ID="kb-7", **at)

    assert [r.status_code for r in (edited, rejected, approved, retired)] == [200] * 4
    assert audit_trail(desk, pk) == [
        ("kb_entry.create", "dispatcher", "10.2.3.4", "kb-1", "success", None, None),
        ("kb_entry.update", "dispatcher", "10.2.3.4", "kb-2", "success", "draft", "draft"),
        ("kb_entry.submit", "dispatcher", "10.2.3.4", "kb-3", "success", "draft", "in_review"),
        ("kb_entry.reject", "publisher", "10.2.3.4", "kb-4", "success", "in_review", "draft"),
        ("kb_entry.submit", "dispatcher", "10.2.3.4", "kb-5", "success", "draft", "in_review"),
        ("kb_entry.approve", "publisher", "10.2.3.4", "kb-6", "success", "in_review", "published"),
        ("kb_entry.retire", "supervisor", "10.2.3.4", "kb-7", "success", "published", "retired"),
    ]
    records = AuditRecord.objects.filter(object_type="KnowledgeEntry").order_by("id")
    assert [r.data.get("note") for r in records if r.action == "kb_entry.reject"] == [
        "请补充办理地点"
    ]
    assert [r.data.get("fields") for r in records if r.action == "kb_entry.update"] == [
        ["keywords"]
    ]


def test_a_publisher_may_not_approve_their_own_entry_and_the_refusal_changes_nothing(
    desk: Desk,
) -> None:
    pk = create(desk, "publisher")
    post(desk, "publisher", f"{CURATOR}{pk}/submit/")
    before = state(pk)

    own = approve(desk, "publisher", pk)

    assert own.status_code == 403
    assert own.json()["detail"] == OWN_ENTRY
    assert state(pk) == before
    assert before["status"] == "in_review"
    assert public_view(pk) == (404, False, [])

    # Another approver publishes it: on the public page and in search from then on.
    other = approve(desk, "supervisor", pk)
    assert other.status_code == 200, other.json()
    assert public_view(pk) == (200, True, [pk])
    assert audit_trail(desk, pk)[-1][:2] == ("kb_entry.approve", "supervisor")


def test_whoever_edited_the_entry_may_not_approve_it_either(desk: Desk) -> None:
    pk = create(desk, "dispatcher")
    edit = desk.api("publisher").patch(
        f"{CURATOR}{pk}/", {"answer": ANSWER + "可在网上办事大厅申请。"}, format="json"
    )
    assert edit.status_code == 200, edit.json()
    post(desk, "dispatcher", f"{CURATOR}{pk}/submit/")
    before = state(pk)

    by_editor = approve(desk, "publisher", pk)

    assert (by_editor.status_code, by_editor.json()["detail"]) == (403, OWN_ENTRY)
    assert state(pk) == before
    assert approve(desk, "supervisor", pk).status_code == 200


def test_an_approver_who_edits_a_published_entry_needs_someone_else_to_publish_it_again(
    desk: Desk,
) -> None:
    pk = create(desk, "dispatcher")
    post(desk, "dispatcher", f"{CURATOR}{pk}/submit/")
    assert approve(desk, "publisher", pk).status_code == 200
    assert public_view(pk) == (200, True, [pk])

    edit = desk.api("publisher").patch(
        f"{CURATOR}{pk}/", {"keywords": "公积金,提取,租房"}, format="json"
    )
    post(desk, "publisher", f"{CURATOR}{pk}/submit/")
    before = state(pk)
    again = approve(desk, "publisher", pk)

    assert edit.json()["status"] == "draft"  # an edited published entry is reviewed again
    assert (again.status_code, again.json()["detail"]) == (403, OWN_ENTRY)
    assert state(pk) == before
    assert public_view(pk) == (404, False, [])
    assert approve(desk, "supervisor", pk).status_code == 200
    assert public_view(pk) == (200, True, [pk])


def test_refusals_by_role_and_status_change_nothing_either(desk: Desk) -> None:
    pk = create(desk, "dispatcher")
    before = state(pk)

    too_early = approve(desk, "supervisor", pk)  # still a draft
    post(desk, "dispatcher", f"{CURATOR}{pk}/submit/")
    submitted = state(pk)
    not_an_approver = approve(desk, "dispatcher", pk)

    assert (too_early.status_code, too_early.json()["detail"]) == (
        409,
        "只有待审核的条目可以审核。",
    )
    assert before["status"] == "draft"
    assert (not_an_approver.status_code, not_an_approver.json()["detail"]) == (
        403,
        "只有签发人或督办员可以审核、下线知识库条目。",
    )
    assert state(pk) == submitted


def test_the_pages_show_the_self_approval_refusal_as_403_with_its_reason(desk: Desk) -> None:
    """Pages map service refusals in one place (frontend.refusals): the same 403."""
    entry = services.entry_create(actor=desk.users["publisher"], question=QUESTION, answer=ANSWER)
    services.entry_submit(entry, desk.users["publisher"])
    before = state(entry.pk)

    with pytest.raises(PermissionDenied) as refused:
        services.entry_review(entry, desk.users["publisher"], approve=True)

    shown = refusal_of(refused.value)
    assert (shown.status, shown.message) == (403, OWN_ENTRY)
    assert state(entry.pk) == before
