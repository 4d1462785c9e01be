"""The websocket tells a handler with a letter open that someone else acted on it: a
supervisor's 催办 in another browser shows a notice with a "刷新查看" link on the
handler's page, without a reload and without touching the reply being typed; a 催办 of
another letter of the same department shows nothing there."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.world import Desk

# serialized_rollback: the roles, calendar and deadline policies seeded by migrations
# come back after the flush of each transactional test.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

DRAFT = "孙女士：您好！您反映的二次供水水压问题，我局已安排"
NOTICE = "本信件有新的办理动态：收到催办。"


def urge(page: Page, url: str, note: str) -> None:
    """A supervisor's real 催办 through the letter page's action form."""
    page.goto(url)
    page.locator("details.ws-action summary", has_text="催办").click()
    page.locator("#id_urge_note").fill(note)
    page.get_by_role("button", name="催办", exact=True).click()
    page.wait_for_url(url)
    expect(page.locator(".ws-messages")).to_contain_text("已催办")


def test_an_action_on_the_open_letter_shows_a_notice_and_keeps_the_typed_reply(
    desk: Desk, staff_page: Callable[[], Page], sign_in: Any, asgi_url: str
) -> None:
    letter = desk.in_progress()
    other = desk.in_progress(title="路灯不亮影响夜间出行")
    letter_url = f"{asgi_url}/workspace/letters/{letter.pk}/"
    other_url = f"{asgi_url}/workspace/letters/{other.pk}/"

    handler = staff_page()
    sign_in(handler, desk.users["handler_a"])
    handler.goto(letter_url)
    expect(handler.locator("#live-status")).to_have_text("实时更新已连接")
    handler.locator("details.ws-action summary", has_text="拟写答复").click()
    handler.locator("#id_draft_reply_text").fill(DRAFT)
    handler.evaluate("() => { window.__notReloaded = true; }")
    notice = handler.locator("#live-letter-notice")
    expect(notice).to_be_empty()

    supervisor = staff_page()
    sign_in(supervisor, desk.users["supervisor"])
    # First the other letter: its event reaches the handler's socket (same department)
    # before the one for the open letter, and must leave the page alone.
    urge(supervisor, other_url, "请尽快修复路灯并答复。")
    urge(supervisor, letter_url, "请本周内答复来信人。")

    expect(notice.locator(".ws-live-message")).to_have_text(NOTICE)
    # Events arrive in order on one socket: the other letter's came first, showed nothing.
    expect(notice).to_have_attribute("data-updates", "1")
    reload_link = notice.get_by_role("link", name="刷新查看")
    expect(reload_link).to_have_attribute("href", f"/workspace/letters/{letter.pk}/")
    # The read-only timeline is re-read; the rest of the page is not.
    timeline = handler.locator("#letter-timeline")
    expect(timeline).to_contain_text("请本周内答复来信人。")
    expect(timeline).not_to_contain_text("请尽快修复路灯并答复。")
    assert handler.evaluate("() => window.__notReloaded === true")
    expect(handler.locator("#action-draft-reply")).to_have_attribute("open", "")
    expect(handler.locator("#id_draft_reply_text")).to_have_value(DRAFT)
    expect(handler.locator(".ws-status")).to_have_text("办理中")

    # "刷新查看" reloads the page, which then shows no notice.
    reload_link.click()
    handler.wait_for_url(letter_url)
    assert handler.evaluate("() => window.__notReloaded === undefined")
    expect(handler.locator("#live-status")).to_have_text("实时更新已连接")
    expect(handler.locator("#live-letter-notice")).to_be_empty()
    expect(handler.locator("#letter-timeline")).to_contain_text("请本周内答复来信人。")

    assert handler.console_errors == []  # type: ignore[attr-defined]
    assert supervisor.console_errors == []  # type: ignore[attr-defined]


def test_a_transfer_away_tells_the_open_page_the_letter_left(
    desk: Desk, staff_page: Callable[[], Page], sign_in: Any, asgi_url: str
) -> None:
    letter = desk.in_progress()
    letter_url = f"{asgi_url}/workspace/letters/{letter.pk}/"
    handler = staff_page()
    sign_in(handler, desk.users["handler_a"])
    handler.goto(letter_url)
    expect(handler.locator("#live-status")).to_have_text("实时更新已连接")
    handler.evaluate("() => { window.__notReloaded = true; }")

    supervisor = staff_page()
    sign_in(supervisor, desk.users["supervisor"])
    supervisor.goto(letter_url)
    supervisor.locator("details.ws-action summary", has_text="转办").click()
    supervisor.locator("#id_transfer_department").select_option(label=desk.b.name)
    supervisor.locator("#id_transfer_reason").fill("属于另一单位职责。")
    supervisor.get_by_role("button", name="转办", exact=True).click()
    supervisor.wait_for_url(letter_url)

    notice = handler.locator("#live-letter-notice")
    expect(notice.locator(".ws-live-message")).to_have_text(
        "本信件有新的办理动态：来信已转其他单位办理。"
    )
    expect(notice).to_contain_text("（此信件已不由本单位承办）")
    expect(notice.get_by_role("link", name="返回收件箱")).to_have_attribute("href", "/workspace/")
    assert handler.evaluate("() => window.__notReloaded === true")
    assert handler.console_errors == []  # type: ignore[attr-defined]
    assert supervisor.console_errors == []  # type: ignore[attr-defined]
