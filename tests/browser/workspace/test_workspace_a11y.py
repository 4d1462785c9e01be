"""Every workspace page passes axe-core (WCAG 2.1 A/AA: no serious or critical
violations) and runs under the strict Content-Security-Policy with a clean console."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page

from tests.browser.conftest import Axe
from tests.world import Desk, set_deadline

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_workspace_pages_pass_axe_under_the_csp(
    desk: Desk, staff_page: Callable[[], Page], sign_in: Any, asgi_url: str, axe: Axe
) -> None:
    letter = set_deadline(desk.in_progress(), timezone.now() - timedelta(hours=1))
    replied = desk.replied(title="小区路灯不亮")
    desk.submit(title="等待分办的来信")
    pages = {
        "handler_a": ["/workspace/", f"/workspace/letters/{letter.pk}/"],
        "dispatcher": ["/workspace/triage/"],
        "publisher": ["/workspace/publish/", f"/workspace/letters/{replied.pk}/publish/"],
        "supervisor": ["/workspace/dashboard/", f"/workspace/letters/{letter.pk}/"],
    }
    for user, paths in pages.items():
        page = staff_page()
        sign_in(page, desk.users[user])
        for path in paths:
            page.goto(asgi_url + path)
            page.wait_for_load_state("networkidle")
            if path.endswith("dashboard/"):
                page.wait_for_selector('[data-chart="volume"] canvas')
            assert axe(page) == [], path
        errors = page.console_errors  # type: ignore[attr-defined]
        assert errors == [], (user, errors)
