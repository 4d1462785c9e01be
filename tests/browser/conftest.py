"""Fixtures for tests in real headless Chromium (Playwright, sync API).

Use them from any test module under tests/browser/ (the workspace tests live in
tests/browser/workspace/):

- ``browser`` (module): one headless Chromium, ``/usr/bin/chromium`` (never downloaded),
  per test module (see the fixture for why not per session).
- ``page``: a fresh browser context and page (phone width 390×844, ``zh-CN``); every
  console error and Content-Security-Policy violation is collected in
  ``page.console_errors`` (list of str), with every failed sub-resource (script, style,
  image, htmx request answering 4xx/5xx; documents may answer 4xx on purpose) so tests can assert the page ran cleanly.
  Make a wider one with ``page.set_viewport_size({"width": 1366, "height": 900})``.
- ``axe``: ``axe(page, impacts=("serious", "critical"))`` runs axe-core (from npm,
  ``frontend/node_modules/axe-core``) on the loaded page with the WCAG 2.0/2.1 A and AA
  rules and returns the violations of those impacts as readable dicts
  ``{"id", "impact", "help", "targets"}``; assert it is ``[]``.
- ``base_url``: the ``live_server`` URL (pytest-django; the server thread shares the test
  database, so data created with the ORM in the test is visible to the browser).

Mark modules ``pytest.mark.django_db(transaction=True, serialized_rollback=True)``: the
live server needs committed data, and the rollback brings back what migrations seeded
(role groups, calendar, deadline policies) after each test's flush.

Every test here is marked ``browser``; ``-m "not browser"`` skips them. The server runs in
a thread of the test process; while ``browser`` is up, DJANGO_ALLOW_ASYNC_UNSAFE is set
(Playwright's sync API runs an event loop in the test thread).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol, cast

import pytest
from django.db import connections
from playwright.sync_api import Browser, Page, ViewportSize, sync_playwright

from tests.browser.helpers import watch_errors

CHROMIUM = "/usr/bin/chromium"
ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"
AXE_JS = (
    Path(__file__).resolve().parents[2] / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
)
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PHONE: ViewportSize = {"width": 390, "height": 844}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).resolve().parent
    for item in items:
        if here in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One Chromium per test module.

    Playwright's sync API keeps an asyncio loop running in the test thread while it is
    started, which breaks async code (channels, asgiref) and a second Playwright in other
    tests; so it lives only as long as the module using it, and so does
    DJANGO_ALLOW_ASYNC_UNSAFE (needed for ORM calls beside that loop; it must not leak
    into e.g. ``manage.py check --deploy`` run by later tests).
    """
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium not installed at {CHROMIUM}")
    previous = os.environ.get(ASYNC_UNSAFE)
    os.environ[ASYNC_UNSAFE] = "true"
    # Django's connections are loop-local: beside Playwright's loop the test thread gets
    # new connection objects, which lack the snapshot ``serialized_rollback`` restores.
    snapshots = {
        alias: getattr(connections[alias], "_test_serialized_contents", None)
        for alias in connections
    }
    try:
        with sync_playwright() as playwright:
            for alias, snapshot in snapshots.items():
                if snapshot is not None:
                    # A private attribute of Django's test database setup (not in the stubs).
                    cast(Any, connections[alias])._test_serialized_contents = snapshot
            instance = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
            yield instance
            instance.close()
    finally:
        if previous is None:
            os.environ.pop(ASYNC_UNSAFE, None)
        else:
            os.environ[ASYNC_UNSAFE] = previous


@pytest.fixture(autouse=True)
def _flushable_audit_log(flushable_audit_log: None) -> None:
    """Live-server tests are transactional; see ``flushable_audit_log`` in tests/conftest.py."""


@pytest.fixture
def base_url(live_server: Any) -> str:
    return str(live_server.url)


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    context.set_default_timeout(10_000)
    new_page = context.new_page()
    watch_errors(new_page)
    yield new_page
    context.close()


class Axe(Protocol):
    def __call__(
        self, page: Page, impacts: tuple[str, ...] = ("serious", "critical")
    ) -> list[dict[str, Any]]: ...


@pytest.fixture(scope="session")
def axe() -> Axe:
    source = AXE_JS.read_text()

    def run(page: Page, impacts: tuple[str, ...] = ("serious", "critical")) -> list[dict[str, Any]]:
        # Evaluated through the DevTools protocol, so the page's CSP does not block it.
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            page.evaluate(source)
        result = page.evaluate(
            "tags => window.axe.run(document, {runOnly: {type: 'tag', values: tags}})",
            WCAG_TAGS,
        )
        return [
            {
                "id": v["id"],
                "impact": v["impact"],
                "help": v["help"],
                "targets": [n["target"] for n in v["nodes"]][:5],
            }
            for v in result["violations"]
            if v["impact"] in impacts
        ]

    return run
