"""Issue #18.4 in Chromium: the captcha's 换一张 swaps in a new image without reloading
the page or losing what was typed, 改用算术题 gives a question a screen reader reads with
the field (its accessible description), answering it sends the letter; the page passes
axe and runs without CSP violations."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from captcha.models import CaptchaStore
from playwright.sync_api import Page, expect

from letters.models import Letter
from tests.browser.conftest import Axe

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_refresh_and_the_arithmetic_alternative(
    page: Page, base_url: str, axe: Axe, settings: Any
) -> None:
    settings.DESK = replace(settings.DESK, captcha_after_submissions=0)
    page.goto(base_url + "/write/interaction/")
    page.get_by_label("建议：对政府工作提出意见建议").check()
    # Typed one after the other, each answered by the similar-questions panel (htmx).
    with page.expect_response(lambda r: "/write/suggest/" in r.url):
        page.get_by_label("标题").fill("建议在新区学校门口增设公交站点")
    with page.expect_response(lambda r: "/write/suggest/" in r.url):
        page.locator("#id_body").fill("新区实验小学门口没有公交站，建议增设一个站点。")
    page.get_by_label("姓名").fill("李平安")
    page.get_by_label("联系电话").fill("13800138000")
    key = page.locator("input[name=captcha_key]")
    image = page.locator("img.captcha-image")
    first_key = key.input_value()
    expect(image).to_have_attribute("src", f"/captcha/image/{first_key}/")
    expect(image).to_have_js_property("complete", True)
    assert image.evaluate("img => img.naturalWidth") > 0

    page.get_by_role("button", name="换一张").click()
    expect(key).not_to_have_value(first_key)
    second_key = key.input_value()
    expect(page.locator("img.captcha-image")).to_have_attribute(
        "src", f"/captcha/image/{second_key}/"
    )
    assert page.url == base_url + "/write/interaction/"  # swapped in place, nothing sent
    expect(page.get_by_label("标题")).to_have_value("建议在新区学校门口增设公交站点")

    page.get_by_role("button", name="改用算术题（适合读屏软件）").click()
    expect(page.locator("img.captcha-image")).to_have_count(0)
    question_key = key.input_value()
    store = CaptchaStore.objects.get(hashkey=question_key)
    field = page.get_by_role("textbox", name="验证码")
    expect(field).to_have_accessible_description(f"{store.challenge}请填写数字答案，如 8。")
    expect(page.get_by_role("button", name="改用图片验证码")).to_be_visible()
    assert axe(page) == []

    field.fill(store.response)
    page.get_by_label("同意公开我的来信和答复").check()
    page.get_by_role("button", name="提交", exact=True).click()

    expect(page).to_have_url(base_url + "/receipt/")
    assert Letter.objects.get().title == "建议在新区学校门口增设公交站点"
    errors = page.console_errors  # type: ignore[attr-defined]
    assert errors == [], errors
