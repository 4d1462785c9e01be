"""The lifecycle table (letters.lifecycle) is the one source of who may do which case
action from which status: routes, page forms, offered actions and timeline labels derive
from it, and the services enforce it even when called directly."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from core.models import AuditRecord
from frontend.workspace_forms import ACTION_FORMS
from frontend.workspace_views import _offered_actions
from letters import lifecycle
from letters.api.staff_views import ENDPOINTS, OWN_ROUTES
from letters.choices import LetterStatus as S
from letters.errors import TransitionNotAllowed
from letters.models import Letter, LetterEvent
from letters.services import workflow
from letters.services.intake import LetterSubmission, letter_submit
from tests.world import Desk

pytestmark = pytest.mark.django_db


def test_every_staff_action_has_one_route_and_one_form_and_nothing_else_does() -> None:
    staff = set(lifecycle.STAFF_ACTIONS)
    assert set(ENDPOINTS) == staff - OWN_ROUTES
    for name in ENDPOINTS:
        slug = lifecycle.ACTIONS[name].slug
        assert reverse(f"staff-letter-{slug}", args=[1]) == f"/api/v1/staff/letters/1/{slug}/"
    assert set(ACTION_FORMS) == {lifecycle.ACTIONS[name].slug for name in ENDPOINTS}
    assert {spec.form.action for spec in ACTION_FORMS.values()} == set(ACTION_FORMS)


def test_the_transition_map_is_the_union_of_the_declared_moves() -> None:
    expected = {
        S.SUBMITTED: {S.ACCEPTED, S.REJECTED, S.DISPATCHED, S.MERGED},
        S.ACCEPTED: {S.DISPATCHED, S.REJECTED, S.MERGED},
        S.DISPATCHED: {S.IN_PROGRESS, S.RETURNED, S.DISPATCHED},
        S.RETURNED: {S.DISPATCHED, S.REJECTED, S.MERGED},
        S.IN_PROGRESS: {S.PAUSED, S.UNDER_REVIEW, S.RETURNED, S.DISPATCHED, S.IN_PROGRESS},
        S.PAUSED: {S.IN_PROGRESS},
        S.UNDER_REVIEW: {S.IN_PROGRESS, S.UNDER_REVIEW, S.REPLIED, S.OFFICE_REVIEW},
        S.OFFICE_REVIEW: {S.PUBLISHED, S.REPLIED, S.IN_PROGRESS},
        S.REPLIED: {S.PUBLISHED, S.CLOSED, S.IN_PROGRESS},
        S.PUBLISHED: {S.CLOSED, S.IN_PROGRESS},
        S.REJECTED: set(),
        S.CLOSED: set(),
        S.MERGED: set(),
    }
    assert dict(lifecycle.ALLOWED_TRANSITIONS) == expected


def test_one_spelling_per_action_and_every_event_has_a_label() -> None:
    for name, action in lifecycle.ACTIONS.items():
        assert action.name == name
        assert "-" not in name
        assert lifecycle.BY_SLUG[action.slug] is action
        assert lifecycle.event_label(name) == action.event_label
    assert lifecycle.event_label("clock_start") == "开始计时"


def dispatched(desk: Desk, **extra: Any) -> Letter:
    letter = letter_submit(
        submission=LetterSubmission(
            kind="consultation",
            title="路灯不亮",
            body="小区路灯坏了。",
            name="周明",
            phone="13912345678",
        )
    ).letter
    workflow.letter_dispatch(
        letter_id=letter.pk, actor=desk.users["dispatcher"], department_id=desk.a.pk, **extra
    )
    return Letter.objects.get(pk=letter.pk)


def counts(letter: Letter) -> tuple[str, int, int]:
    letter.refresh_from_db()
    return (
        letter.status,
        LetterEvent.objects.filter(letter=letter).count(),
        AuditRecord.objects.count(),
    )


def test_services_enforce_roles_department_and_status_and_change_nothing_on_refusal(
    desk: Desk,
) -> None:
    letter = dispatched(desk)
    before = counts(letter)
    with pytest.raises(PermissionDenied, match="只有承办单位可以办理此来信。"):
        workflow.letter_sign(letter_id=letter.pk, actor=desk.users["handler_b"])
    with pytest.raises(PermissionDenied, match="您的角色不能执行此操作。"):
        workflow.letter_sign(letter_id=letter.pk, actor=desk.users["reviewer_a"])
    with pytest.raises(PermissionDenied, match="您的角色不能执行此操作。"):
        workflow.letter_accept(letter_id=letter.pk, actor=desk.users["handler_a"])
    with pytest.raises(TransitionNotAllowed, match="当前状态为“待签收”，不能执行此操作。"):
        workflow.letter_accept(letter_id=letter.pk, actor=desk.users["dispatcher"])
    with pytest.raises(PermissionDenied, match="只有会办单位可以提交会办意见。"):
        workflow.co_opinion(letter_id=letter.pk, actor=desk.users["handler_b"], text="同意")
    assert counts(letter) == before


def test_the_page_offers_exactly_what_the_lifecycle_allows(desk: Desk) -> None:
    letter = dispatched(desk, assisting_ids=[desk.b.pk])
    assert _offered_actions(letter, desk.users["handler_a"]) == ["sign", "return"]
    assert _offered_actions(letter, desk.users["handler_b"]) == ["co-opinion"]
    assert _offered_actions(letter, desk.users["reviewer_a"]) == []
    assert _offered_actions(letter, desk.users["dispatcher"]) == ["transfer"]
    assert _offered_actions(letter, desk.users["supervisor"]) == ["transfer", "urge", "supervise"]
    workflow.letter_sign(letter_id=letter.pk, actor=desk.users["handler_a"])
    letter.refresh_from_db()
    assert _offered_actions(letter, desk.users["handler_a"]) == [
        "return",
        "draft-reply",
        "submit-review",
        "pause",
        "request-extension",
    ]
