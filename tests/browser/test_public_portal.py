"""The public portal in real headless Chromium: accessibility (axe-core, normal and 适老化
modes), Chinese errors for bad input, submitting a letter to a receipt, suggestions while
typing (htmx), lookup with timeline and rating, charts, and a clean console (no CSP
violations)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from letters.models import Letter
from tests.browser.conftest import Axe
from tests.frontend.portal_data import (
    PORTAL_DESK,
    replied,
    submitted,
)
from tests.world import Desk

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), PORTAL_DESK]


def assert_clean(page: Page) -> None:
    errors = page.console_errors  # type: ignore[attr-defined]
    assert errors == [], errors


def lookup(page: Page, base_url: str, letter: Letter) -> None:
    page.goto(base_url + "/lookup/")
    page.get_by_label("信件编号").fill(letter.tracking_number)
    page.get_by_label("查询码").fill(letter.query_code)
    page.get_by_role("button", name="查询", exact=True).click()
    expect(page.get_by_role("heading", name="办理过程")).to_be_visible()


@pytest.mark.parametrize("a11y_mode", [False, True], ids=["normal", "a11y"])
def test_every_public_page_passes_axe(
    page: Page, base_url: str, axe: Axe, desk: Desk, a11y_mode: bool
) -> None:
    letter = desk.publish(replied(desk, submitted()))
    to_rate = replied(desk, submitted(title="咨询租房提取公积金的次数"))
    entry = desk.published_entry("怎样提取住房公积金支付房租？", "携带身份证和租房合同办理。")
    if a11y_mode:
        page.goto(base_url + "/a11y/?next=/")
        expect(page.locator("html")).to_have_class("a11y")
    urls = [
        "/",
        "/write/leader/",
        "/write/interaction/",
        "/write/site-error/",
        "/write/opinion/",
        "/receipt/",
        "/lookup/",
        "/replies/",
        f"/replies/{letter.tracking_number}/",
        "/kb/",
        "/kb/?q=%E5%85%AC%E7%A7%AF%E9%87%91",
        f"/kb/{entry.pk}/",
        "/statistics/",
    ]
    found: dict[str, Any] = {}
    for url in urls:
        page.goto(base_url + url)
        found[url] = axe(page)
    # Pages in a state: a form with errors, a looked-up letter with the rating form.
    page.goto(base_url + "/write/interaction/")
    page.get_by_role("button", name="提交").click()
    expect(page.locator(".error-summary")).to_be_visible()
    found["form with errors"] = axe(page)
    lookup(page, base_url, to_rate)
    found["lookup result"] = axe(page)
    assert {url: v for url, v in found.items() if v} == {}
    assert_clean(page)


def test_form_shows_chinese_errors_in_the_browser(page: Page, base_url: str) -> None:
    page.goto(base_url + "/write/interaction/")
    page.get_by_label("标题").fill("问")
    page.get_by_label("联系电话").fill("12345")
    page.get_by_role("button", name="提交").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("link")).to_have_text(
        [
            "「来信类别」：请选择来信类别。",
            "「标题」：标题至少4个字。",
            "「内容」：请填写内容。",
            "「姓名」：请填写姓名。",
            "「联系电话」：格式不正确，请填写11位手机号码或带区号的固定电话（如0999-1234567）。",
        ]
    )
    expect(page.locator("#id_phone_error")).to_contain_text("格式不正确")
    expect(page.get_by_label("联系电话")).to_have_attribute("aria-invalid", "true")
    # The summary link moves focus to the field.
    summary.get_by_role("link", name=re.compile("联系电话")).click()
    expect(page.get_by_label("联系电话")).to_be_focused()
    assert Letter.objects.count() == 0
    assert_clean(page)


def test_citizen_submits_a_letter_and_gets_a_receipt(
    page: Page, base_url: str, tmp_path: Any
) -> None:
    png = tmp_path / "照片.png"
    png.write_bytes(
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
        b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
        b"\x00\x00\x00\x00IEND\xaeB`\x82"
    )
    page.goto(base_url + "/")
    page.get_by_role("link", name="写信：咨询/投诉/建议").click()
    page.get_by_label("建议：对政府工作提出意见建议").check()
    page.get_by_label("标题").fill("建议在新区学校门口增设公交站点")
    page.get_by_label("内容").fill(
        "新区实验小学门口没有公交站，学生上下学要走很远，建议增设一个站点。"
    )
    page.get_by_label("附件（选填）").set_input_files(str(png))
    page.get_by_label("姓名").fill("李平安")
    page.get_by_label("联系电话").fill("13800138000")
    page.get_by_label("同意公开我的来信和答复").check()
    page.get_by_role("button", name="提交").click()

    expect(page).to_have_url(base_url + "/receipt/")
    letter = Letter.objects.get()
    assert (letter.kind, letter.title, letter.phone, letter.consent_public) == (
        "suggestion",
        "建议在新区学校门口增设公交站点",
        "13800138000",
        True,
    )
    assert letter.attachments.count() == 1
    expect(page.locator("#tracking-number")).to_have_text(letter.tracking_number)
    expect(page.locator("#query-code")).to_have_text(letter.query_code)
    expect(page.get_by_text("答复期限")).to_be_visible()
    assert letter.query_code not in page.url
    assert_clean(page)


def test_similar_questions_appear_while_typing(page: Page, base_url: str, desk: Desk) -> None:
    entry = desk.published_entry("怎样提取住房公积金支付房租？", "携带身份证和租房合同办理。")
    page.goto(base_url + "/write/interaction/")
    page.get_by_label("标题").press_sequentially("租房提取公积金")
    suggestion = page.locator("#suggestions").get_by_role(
        "link", name="怎样提取住房公积金支付房租？"
    )
    expect(suggestion).to_be_visible()
    expect(suggestion).to_have_attribute("href", f"/kb/{entry.pk}/")
    assert_clean(page)


def test_lookup_shows_the_timeline_and_lets_the_citizen_rate(
    page: Page, base_url: str, desk: Desk
) -> None:
    letter = replied(desk, submitted())
    lookup(page, base_url, letter)
    expect(page.locator(".status")).to_have_text("已答复")
    expect(page.locator(".timeline li").first).to_contain_text("来信已收到，等待受理。")
    expect(page.locator(".reply-text")).to_contain_text("租房提取公积金请携带身份证和租房合同")
    page.get_by_label("基本满意").check()
    page.get_by_label("评价意见（选“不满意”时必填）").fill("答复清楚")
    page.get_by_role("button", name="提交评价").click()
    expect(page.get_by_role("status")).to_contain_text("感谢您的评价，已提交。")
    expect(page.locator(".status")).to_have_text("已办结")
    letter.refresh_from_db()
    assert (letter.rating, letter.rating_comment, letter.status) == (
        "basically_satisfied",
        "答复清楚",
        "closed",
    )
    assert_clean(page)


def test_statistics_charts_render_under_the_csp(page: Page, base_url: str, desk: Desk) -> None:
    desk.publish(replied(desk, submitted()))
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(base_url + "/statistics/")
    expect(page.locator("#chart-month canvas")).to_have_count(1)
    expect(page.locator("#chart-department canvas")).to_have_count(1)
    expect(page.get_by_role("table").first).to_be_visible()
    assert_clean(page)


def test_keyboard_reaches_the_skip_link_and_the_a11y_switch(page: Page, base_url: str) -> None:
    page.goto(base_url + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="跳到主要内容")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    switch = page.get_by_role("link", name="适老化模式（大字、高对比）")
    expect(switch).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_class("a11y")
    expect(page.get_by_role("link", name="退出适老化模式")).to_be_visible()
    assert_clean(page)
