"""The websocket pushes a new assignment into an open inbox: a dispatcher's one-click
dispatch in one browser appears in the handler's inbox in another, without a reload."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from letters.models import Letter
from tests.world import Desk

# serialized_rollback: the roles, calendar and deadline policies seeded by migrations
# come back after the flush of each transactional test.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_new_assignment_appears_in_the_open_inbox(
    desk: Desk, staff_page: Callable[[], Page], sign_in: Any, asgi_url: str
) -> None:
    letter = desk.submit(title="路灯不亮影响夜间出行")
    Letter.objects.filter(pk=letter.pk).update(
        routing_suggestions=[
            {
                "department_id": desk.a.pk,
                "department": desk.a.name,
                "confidence": 0.72,
                "reason": "模型",
            }
        ]
    )

    handler = staff_page()
    sign_in(handler, desk.users["handler_a"])
    handler.goto(f"{asgi_url}/workspace/?box=to_sign")
    expect(handler.locator("#live-status")).to_have_text("实时更新已连接")
    expect(handler.locator(".ws-counter-to_sign .ws-counter-value")).to_have_text("0")
    expect(handler.locator(f'tr[data-tracking-number="{letter.tracking_number}"]')).to_have_count(0)
    handler.evaluate("() => { window.__notReloaded = true; }")

    dispatcher = staff_page()
    sign_in(dispatcher, desk.users["dispatcher"])
    dispatcher.goto(f"{asgi_url}/workspace/triage/")
    dispatcher.get_by_role("button", name=f"分办至 {desk.a.name}").click()
    dispatcher.wait_for_url("**/workspace/triage/")
    expect(dispatcher.get_by_text("没有待分办的来信。")).to_be_visible()

    row = handler.locator(f'tr[data-tracking-number="{letter.tracking_number}"]')
    expect(row).to_have_count(1)
    expect(row).to_contain_text("路灯不亮影响夜间出行")
    expect(handler.locator(".ws-counter-to_sign .ws-counter-value")).to_have_text("1")
    expect(handler.locator("#live-status")).to_have_text("有新的来信分办到本单位，列表已更新")
    assert handler.evaluate("() => window.__notReloaded === true")
    assert handler.console_errors == []  # type: ignore[attr-defined]
    assert dispatcher.console_errors == []  # type: ignore[attr-defined]
