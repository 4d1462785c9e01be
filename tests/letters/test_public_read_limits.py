"""Rate limits of the public reads: one budget per endpoint family, page and API alike,
per client address, each answering 429 with Retry-After and a Chinese message (an HTML
page for pages, the API's JSON for the API, plain text for the feed and the htmx
suggestions): the listing (/, /replies/, the public letters API), keyword search (any of
them with ``q``, and /kb/?q=, the KB search API), the knowledge base, statistics (page,
API, the yearly reports), the Atom feed, the writing suggestions and the calendar API."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.test import Client

from tests.conftest import TEST_NOW
from tests.world import Desk

pytestmark = pytest.mark.django_db

PAGE_TEXT = "您的访问过于频繁，为保障网站正常运行，请60秒后再刷新页面。"
API_TEXT = "操作过于频繁，请60秒后再试。"


@pytest.fixture(autouse=True)
def _stopped_clock() -> Iterator[None]:
    """The throttles' clock stands still: Retry-After is exact."""
    with time_machine.travel(TEST_NOW, tick=False):
        yield


@pytest.fixture
def rates(settings: Any) -> Any:
    def set_rates(**values: str) -> None:
        settings.REST_FRAMEWORK = {
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {
                **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
                **values,
            },
        }

    return set_rates


def _page_refused(response: Any) -> None:
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert response["Content-Type"].startswith("text/html")
    assert PAGE_TEXT in response.content.decode()


def _api_refused(response: Any) -> None:
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert response.json() == {"detail": API_TEXT, "errors": {}}


def _text_refused(response: Any) -> None:
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == API_TEXT


def test_the_listing_is_one_budget_for_home_replies_and_the_api(desk: Desk, rates: Any) -> None:
    rates(public_letters="4/min")
    letter = desk.publish(desk.replied())
    web = Client()
    served = [
        web.get("/").status_code,
        web.get("/replies/").status_code,
        web.get(f"/replies/{letter.tracking_number}/").status_code,
        web.get("/api/v1/public/letters/").status_code,
    ]

    api = web.get(f"/api/v1/public/letters/{letter.tracking_number}/")
    page = web.get("/replies/")
    home = web.get("/")
    other_family = web.get("/kb/")
    other_address = web.get("/replies/", REMOTE_ADDR="10.20.0.1")

    assert served == [200, 200, 200, 200]
    _api_refused(api)
    _page_refused(page)
    _page_refused(home)
    assert other_family.status_code == 200
    assert other_address.status_code == 200


def test_keyword_searches_share_one_budget_beside_their_family(desk: Desk, rates: Any) -> None:
    rates(search="3/min")
    web = Client()
    served = [
        web.get("/replies/", {"q": "供水"}).status_code,
        web.get("/kb/", {"q": "供水"}).status_code,
        web.get("/api/v1/kb/search/", {"q": "供水"}).status_code,
    ]

    api_listing = web.get("/api/v1/public/letters/", {"q": "供水"})
    kb_page = web.get("/kb/", {"q": "公积金"})
    without_keyword = [web.get("/replies/").status_code, web.get("/kb/").status_code]

    assert served == [200, 200, 200]
    _api_refused(api_listing)
    _page_refused(kb_page)
    assert without_keyword == [200, 200]  # browsing is the listing's and the KB's budget


def test_the_knowledge_base_is_one_budget_for_pages_and_api(desk: Desk, rates: Any) -> None:
    rates(kb="3/min")
    entry = desk.published_entry("公积金提取需要什么材料？", "身份证和银行卡。")
    web = Client()
    served = [
        web.get("/kb/").status_code,
        web.get(f"/kb/{entry.pk}/").status_code,
        web.get(f"/api/v1/kb/entries/{entry.pk}/").status_code,
    ]

    page = web.get(f"/kb/{entry.pk}/")
    api = web.get("/api/v1/kb/search/", {"q": "公积金"})

    assert served == [200, 200, 200]
    _page_refused(page)
    _api_refused(api)


def test_statistics_and_yearly_reports_are_one_budget(rates: Any) -> None:
    rates(statistics="3/min")
    web = Client()
    served = [
        web.get("/statistics/").status_code,
        web.get("/api/v1/public/statistics/").status_code,
        web.get("/reports/annual/").status_code,
    ]

    api = web.get("/api/v1/public/reports/")
    page = web.get("/statistics/")

    assert served == [200, 200, 200]
    _api_refused(api)
    _page_refused(page)


def test_the_feed_has_its_budget(rates: Any) -> None:
    rates(feed="2/min")
    web = Client()
    served = [web.get("/feeds/replies.atom").status_code for _ in range(2)]

    refused = web.get("/feeds/replies.atom")

    assert served == [200, 200]
    _text_refused(refused)
    assert web.get("/feeds/replies.atom", REMOTE_ADDR="10.20.0.2").status_code == 200


def test_writing_suggestions_answer_429_with_retry_after(rates: Any) -> None:
    rates(suggest="2/min")
    web = Client()
    ask = {"title": "公积金提取", "body": "需要准备哪些材料"}
    served = [
        web.get("/write/suggest/", ask).status_code,
        web.get("/api/v1/kb/suggest/", {"text": "公积金提取"}).status_code,
    ]

    refused = web.get("/write/suggest/", ask)

    assert served == [200, 200]
    _text_refused(refused)


def test_the_calendar_api_has_its_budget(rates: Any) -> None:
    rates(calendar="2/min", public="100/min")
    web = Client()
    served = [
        web.get("/api/v1/calendar/", {"year": "2026"}).status_code,
        web.get("/api/v1/calendar/deadline/", {"from": "2026-05-06", "days": "3"}).status_code,
    ]

    refused = web.get("/api/v1/calendar/deadline/", {"from": "2026-05-06", "days": "3"})
    departments = web.get("/api/v1/departments/")

    assert served == [200, 200]
    _api_refused(refused)
    assert departments.status_code == 200
