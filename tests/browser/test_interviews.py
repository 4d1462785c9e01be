"""在线访谈 in real headless Chromium at phone width: a citizen asks a question and gets
the receipt; axe finds no serious violation on /interviews/ and an interview's page
(planned with the question form, and finished with its transcript)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from interviews import services
from interviews.models import InterviewQuestion
from tests.browser.conftest import Axe
from tests.interviews.world import build_interview_world
from tests.world import Desk

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_citizen_asks_a_question_on_a_phone(page: Page, base_url: str, desk: Desk) -> None:
    world = build_interview_world(desk)
    page.goto(f"{base_url}/interviews/")
    page.get_by_role("link", name="聚焦老旧小区改造").click()
    expect(page.get_by_role("heading", name="我要提问")).to_be_visible()

    page.get_by_label("您的问题").fill("太短")
    page.get_by_label("姓名").fill("赵敏")
    page.get_by_label("联系电话").fill("139 0000 1234")
    page.get_by_role("button", name="提交问题").click()
    expect(page.get_by_role("alert")).to_contain_text("「您的问题」：问题至少10个字")
    assert InterviewQuestion.objects.count() == 0

    page.get_by_label("您的问题").fill("老旧小区加装电梯的补贴标准是多少，怎么申请？")
    page.get_by_role("button", name="提交问题").click()
    expect(page.get_by_role("heading", name="提问成功，我们已收到您的问题")).to_be_visible()

    question = InterviewQuestion.objects.get()
    expect(page.locator("#question-number")).to_have_text(question.number)
    expect(page.locator("#query-code")).to_have_text(question.query_code)
    assert (question.interview_id, question.phone, question.status) == (
        world.interview.pk,
        "13900001234",
        "pending",
    )
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_the_interview_pages_pass_axe(page: Page, base_url: str, axe: Axe, desk: Desk) -> None:
    """Planned (with the question form) and finished (the transcript); the live page,
    which needs the websocket, is checked on the ASGI server
    (tests/browser/workspace/test_live_interview.py)."""
    world = build_interview_world(desk)
    question = world.accepted()
    found = {}
    for url in ["/interviews/", f"/interviews/{world.interview.pk}/"]:
        page.goto(base_url + url)
        found[url] = axe(page)
    world.start()
    services.post_create(
        interview_id=world.interview.pk,
        actor=world.typist,
        speaker="guest",
        text="加装电梯每台补贴20万元。",
        question_id=question.pk,
    )
    world.finish()
    for url in ["/interviews/", f"/interviews/{world.interview.pk}/", "/interviews/?q=电梯"]:
        page.goto(base_url + url)
        found[url + "#finished"] = axe(page)

    assert all(v == [] for v in found.values()), found
    assert page.console_errors == []  # type: ignore[attr-defined]
