"""Issue #18.4 in Chromium: pasting a 20,000-character letter keeps all of it, the live
counter warns at once with how much to cut, the server refuses it naming the field and
the limit, and nothing is stored; within the limit the counter just counts."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from letters.models import Letter

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_pasted_20000_character_letter_is_counted_live_and_refused_never_cut(
    page: Page, base_url: str
) -> None:
    page.goto(base_url + "/write/interaction/")
    body = page.get_by_label("内容")
    counter = page.locator("#id_body_count")
    expect(counter).to_have_text("已输入 0/5000 字")

    body.fill("我" * 20_000)  # as a paste: one input event with the whole text

    assert body.input_value() == "我" * 20_000
    expect(counter).to_have_text("已输入 20000 字，超出 15000 字（最多 5000 字），请删减后再提交。")
    expect(counter).to_have_class("char-count char-count-over")
    expect(body).to_have_attribute("aria-invalid", "true")
    assert "id_body_count" in (body.get_attribute("aria-describedby") or "")

    page.get_by_label("建议：对政府工作提出意见建议").check()
    page.get_by_label("标题").fill("建议在新区学校门口增设公交站点")
    page.get_by_label("姓名").fill("李平安")
    page.get_by_label("联系电话").fill("13800138000")
    page.get_by_role("button", name="提交").click()

    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("link")).to_have_text(
        ["「内容」：内容不能超过5000个字，现有20000个字，请删减后再提交。"]
    )
    # The text comes back whole, to be shortened by the writer.
    assert page.locator("#id_body").input_value() == "我" * 20_000
    assert Letter.objects.count() == 0

    page.locator("#id_body").fill("新区实验小学门口没有公交站，建议增设一个站点。")
    expect(page.locator("#id_body_count")).to_have_text("已输入 23/5000 字")
    expect(page.locator("#id_body_count")).to_have_class("char-count")
    title_counter = page.locator("#id_title_count")
    expect(title_counter).to_have_text("已输入 15/100 字")
    errors = page.console_errors  # type: ignore[attr-defined]
    assert errors == [], errors
