"""A live interview page updates without a reload when staff post: a viewer at phone
width watches while the host and the typist (录入员, for the guest) post through the staff
API from their own signed-in browser; runs on the real ASGI server (websocket)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import PHONE, Axe
from tests.browser.helpers import watch_errors
from tests.interviews.world import build_interview_world
from tests.world import Desk

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def post(staff: Page, url: str, data: dict[str, Any]) -> int:
    token = next(c["value"] for c in staff.context.cookies() if c["name"] == "csrftoken")
    response = staff.request.post(url, data=data, headers={"X-CSRFToken": token})
    return int(response.status)


def test_the_live_page_shows_posts_as_they_happen(
    desk: Desk,
    browser: Browser,
    staff_page: Callable[[], Page],
    sign_in: Any,
    asgi_url: str,
    axe: Axe,
) -> None:
    world = build_interview_world(desk)
    question = world.accepted()
    world.start()
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    viewer = context.new_page()
    watch_errors(viewer)
    viewer.goto(f"{asgi_url}/interviews/{world.interview.pk}/")
    expect(viewer.locator("#live-status")).to_have_text("实时更新已连接，新的发言会自动显示")
    viewer.evaluate("() => { window.__notReloaded = true; }")

    host = staff_page()
    sign_in(host, world.host)
    typist = staff_page()
    sign_in(typist, world.typist)
    posts = f"{asgi_url}/api/v1/staff/interviews/{world.interview.pk}/posts/"

    assert post(host, posts, {"speaker": "host", "text": "各位网友大家好！访谈现在开始。"}) == 201
    expect(viewer.locator("#interview-stream")).to_contain_text("各位网友大家好！访谈现在开始。")
    expect(viewer.locator("#live-status")).to_have_text("有新的发言，已自动更新")

    answer = {"speaker": "guest", "text": "加装电梯每台补贴20万元。", "question": question.pk}
    assert post(typist, posts, answer) == 201
    stream = viewer.locator("#interview-stream")
    expect(stream).to_contain_text("市住房和城乡建设局局长 裴建新")
    expect(stream).to_contain_text("加装电梯每台补贴20万元。")
    expect(stream).to_contain_text("现场答复的网友提问（1）")
    assert viewer.evaluate("() => window.__notReloaded === true")
    assert axe(viewer) == []
    assert viewer.console_errors == []  # type: ignore[attr-defined]
    context.close()
