"""The demo city loads through the real services, once, with letters in every state."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from letters.models import Letter
from letters.services.demo import load_demo

pytestmark = pytest.mark.django_db


def test_demo_loads_every_state_and_role_once() -> None:
    summary = load_demo()

    assert summary is not None
    assert (summary.departments, summary.letters) == (22, 62)
    statuses = set(Letter.objects.values_list("status", flat=True))
    assert statuses == {
        "submitted",
        "accepted",
        "rejected",
        "dispatched",
        "in_progress",
        "paused",
        "under_review",
        "replied",
        "published",
        "closed",
    }
    users = get_user_model().objects
    for username, role in [
        ("fenban", "dispatcher"),
        ("qianfa", "publisher"),
        ("duban", "supervisor"),
        ("xitong", "admin"),
        ("shenji", "auditor"),
        ("lj-zjj-handler", "handler"),
        ("lj-zjj-reviewer", "reviewer"),
    ]:
        assert list(users.get(username=username).groups.values_list("name", flat=True)) == [role]
    assert Letter.objects.filter(status="published", consent_public=False).count() == 0
    assert load_demo() is None
    assert Letter.objects.count() == 62
