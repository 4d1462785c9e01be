"""THE end-to-end journey in real headless Chromium, on the ASGI server:

a citizen submits a consultation with personal data in the text through the public form
→ the dispatcher dispatches it → the handler signs and replies → the reviewer approves →
the publisher signs off and confirms the redaction → the reply is in the public listing
and the knowledge-base search without the personal data → the citizen rates it on the
lookup page. Staff sign in through /accounts/login/ (password + TOTP)."""

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

NAME = "孙丽"
PHONE = "13700004444"
ADDRESS = "幸福路88号"
BODY = (
    f"我叫{NAME}，住在临江市{ADDRESS}幸福小区5栋，电话{PHONE}。"
    "最近一个月早晚用水高峰水压很低，楼上几户基本没水，请问二次供水归哪个部门管？"
)
REPLY = (
    f"{NAME}女士：您好！您反映的二次供水水压问题已转物业和供水公司处理，"
    f"检修人员已按您留的电话{PHONE}与您联系，本周内完成加压泵检修。"
)
SECRETS = (NAME, PHONE, ADDRESS)


def assert_clean(page: Page, *, ignore: tuple[str, ...] = ()) -> None:
    errors = page.console_errors  # type: ignore[attr-defined]
    errors = [e for e in errors if not e.startswith(ignore)]
    assert errors == [], errors


def act(page: Page, summary: str, button: str) -> None:
    """Open an action's panel on the letter page and submit it."""
    page.locator("details.ws-action summary", has_text=summary).click()
    page.get_by_role("button", name=button, exact=True).click()
    page.wait_for_load_state()


def test_consultation_from_submission_to_rating(
    desk: Desk,
    page: Page,
    staff_page: Callable[[], Page],
    sign_in: Any,
    asgi_url: str,
) -> None:
    # 1. The citizen writes through the public form.
    citizen = page
    citizen.goto(asgi_url + "/write/interaction/")
    citizen.get_by_label("咨询：询问政策规定、办事流程等").check()
    citizen.get_by_label("标题").fill("二次供水水压不足归谁管")
    citizen.get_by_label("内容").fill(BODY)
    citizen.get_by_label("姓名").fill(NAME)
    citizen.get_by_label("联系电话").fill(PHONE)
    citizen.get_by_label("同意公开我的来信和答复").check()
    citizen.get_by_role("button", name="提交").click()
    expect(citizen).to_have_url(asgi_url + "/receipt/")
    tracking_number = citizen.locator("#tracking-number").inner_text().strip()
    query_code = citizen.locator("#query-code").inner_text().strip()
    letter = Letter.objects.get(tracking_number=tracking_number)
    assert (letter.kind, letter.status, letter.phone) == ("consultation", "submitted", PHONE)
    letter_url = f"{asgi_url}/workspace/letters/{letter.pk}/"

    # 2. The dispatcher finds it in the triage queue and dispatches it.
    dispatcher = staff_page()
    sign_in(dispatcher, desk.users["dispatcher"])
    dispatcher.goto(asgi_url + "/workspace/triage/")
    card = dispatcher.locator(f'article[data-tracking-number="{tracking_number}"]')
    expect(card).to_contain_text("137****4444")  # masked on staff screens
    assert PHONE not in card.inner_text()
    card.get_by_role("link", name="二次供水水压不足归谁管").click()
    dispatcher.locator("details.ws-action summary", has_text="分办").first.click()
    dispatcher.locator("#id_dispatch_department").select_option(label=desk.a.name)
    dispatcher.get_by_role("button", name="分办", exact=True).click()
    expect(dispatcher.locator(".ws-status")).to_have_text("待签收")

    # 3. The handler signs for it and replies.
    handler = staff_page()
    sign_in(handler, desk.users["handler_a"])
    handler.get_by_role("link", name=tracking_number).click()
    act(handler, "签收", "签收")
    expect(handler.locator(".ws-status")).to_have_text("办理中")
    expect(handler.locator("#h-deadline + .ws-deadline")).to_contain_text("年")
    handler.locator("details.ws-action summary", has_text="拟写答复").click()
    handler.locator("#id_draft_reply_text").fill(REPLY)
    handler.get_by_role("button", name="保存答复稿").click()
    expect(handler.get_by_test_id("reply-text")).to_have_text(REPLY)
    act(handler, "提交审核", "提交审核")
    expect(handler.locator(".ws-status")).to_have_text("审核中")

    # 4. The department's reviewer approves.
    reviewer = staff_page()
    sign_in(reviewer, desk.users["reviewer_a"])
    reviewer.goto(letter_url)
    act(reviewer, "审核/签发", "提交审核意见")
    expect(reviewer.locator(".ws-status")).to_have_text("审核中")
    letter.refresh_from_db()
    assert letter.review_level == 1

    # 5. The publisher signs it off, then reviews the redaction and publishes.
    publisher = staff_page()
    sign_in(publisher, desk.users["publisher"])
    publisher.goto(letter_url)
    act(publisher, "审核/签发", "提交审核意见")
    expect(publisher.locator(".ws-status")).to_have_text("已答复")
    publisher.goto(asgi_url + "/workspace/publish/")
    publisher.get_by_role("row", name=tracking_number).get_by_role("link").click()
    body = publisher.locator('[data-field="body"]')
    expect(body.locator("mark.pii-phone")).to_have_text(PHONE)
    expect(body.locator("mark.pii-name")).to_have_text(NAME)
    expect(publisher.locator('[data-field="reply"] mark.pii-phone')).to_have_text(PHONE)
    proposed = publisher.get_by_label("公开答复内容").input_value()
    assert not any(secret in proposed for secret in SECRETS), proposed
    publisher.get_by_label("公开答复内容").fill(proposed + "\n感谢您对我们工作的支持。")
    publisher.get_by_role("button", name="确认公开").click()
    expect(publisher).to_have_url(asgi_url + "/workspace/publish/")
    expect(publisher.get_by_text("没有待公开的答复。")).to_be_visible()
    letter.refresh_from_db()
    assert letter.status == "published"

    # 6. The public listing and the knowledge-base search show it without personal data.
    citizen.goto(asgi_url + "/replies/")
    listed = citizen.get_by_text("二次供水水压不足归谁管")
    expect(listed.first).to_be_visible()
    citizen.goto(f"{asgi_url}/replies/{tracking_number}/")
    expect(citizen.get_by_text("感谢您对我们工作的支持。")).to_be_visible()
    detail = citizen.content()
    assert not any(secret in detail for secret in SECRETS)
    citizen.goto(asgi_url + "/kb/?q=二次供水")
    expect(citizen.get_by_text("二次供水水压不足归谁管").first).to_be_visible()
    assert not any(secret in citizen.content() for secret in SECRETS)

    # 7. The citizen looks it up and rates the reply.
    citizen.goto(asgi_url + "/lookup/")
    citizen.get_by_label("信件编号").fill(tracking_number)
    citizen.get_by_label("查询码").fill(query_code)
    citizen.get_by_role("button", name="查询", exact=True).click()
    # The writer sees the approved reply to their own letter.
    expect(citizen.locator(".reply-text")).to_contain_text("本周内完成加压泵检修")
    citizen.get_by_label("满意", exact=True).check()
    citizen.get_by_role("button", name="提交评价").click()
    expect(citizen.get_by_role("status")).to_contain_text("感谢您的评价，已提交。")
    letter.refresh_from_db()
    assert (letter.rating, letter.status) == ("satisfied", "closed")

    for each in (dispatcher, handler, reviewer, publisher):
        assert_clean(each)
    # Submitting the form navigates away while a suggestion request may be in flight;
    # htmx reports that aborted request on the console.
    assert_clean(citizen, ignore=("htmx:sendAbort", "htmx:afterRequest"))
