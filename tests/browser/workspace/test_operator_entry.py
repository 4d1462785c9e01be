"""The 录入员's screen in a real browser at phone width: signed in, the workspace opens on
the entry form; a call is typed in and the read-back page shows the tracking number and
query code; both pages pass axe under the CSP with a clean console."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page

from letters.models import Letter
from tests.browser.conftest import Axe
from tests.factories import staff_user
from tests.world import Desk

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_an_operator_enters_a_call_and_reads_it_back(
    desk: Desk, staff_page: Callable[[], Page], sign_in: Any, asgi_url: str, axe: Axe
) -> None:
    operator = staff_user("rexian-b", "operator", desk.office)
    page = staff_page()
    sign_in(page, operator, landing="**/workspace/intake/")  # the inbox sends them here
    assert page.url == asgi_url + "/workspace/intake/"
    assert axe(page) == []

    page.get_by_label("热线电话").check()
    page.get_by_label("求助：生活中遇到困难需要帮助").check()
    page.get_by_label("姓名").fill("周大爷")
    page.get_by_label("联系电话").fill("13600001111")
    page.get_by_label("标题").fill("独居老人冬季取暖求助")
    page.get_by_label("内容").fill("来电人反映家中暖气不热，年纪大了行动不便，希望社区上门看看。")
    page.get_by_role("button", name="提交来信").click()
    page.wait_for_url("**/workspace/intake/readback/")

    letter = Letter.objects.get()
    assert page.locator("#tracking-number").inner_text() == letter.tracking_number
    assert page.locator("#query-code").inner_text() == letter.query_code
    assert (letter.source, letter.name) == ("hotline", "周大爷")
    assert axe(page) == []
    assert page.console_errors == []  # type: ignore[attr-defined]
