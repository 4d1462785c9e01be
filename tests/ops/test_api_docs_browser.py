"""The API docs page (Swagger UI) works in real Chromium under the site's CSP."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

playwright_sync = pytest.importorskip("playwright.sync_api")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("flushable_audit_log"),
]

COLLECT_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


@pytest.fixture
def chromium() -> Iterator[Any]:
    with playwright_sync.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
        try:
            yield browser
        finally:
            browser.close()


def test_swagger_ui_renders_the_api_under_the_content_security_policy(
    chromium: Any, live_server: Any
) -> None:
    page = chromium.new_page()
    page.add_init_script(COLLECT_VIOLATIONS)
    console_errors: list[str] = []
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    external: list[str] = []
    page.on(
        "request",
        lambda r: None if r.url.startswith(live_server.url) else external.append(r.url),
    )

    response = page.goto(f"{live_server.url}/api/docs/")
    assert response is not None
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_selector(".opblock-summary-path", timeout=30_000)

    assert page.locator(".info .title").first.inner_text().startswith("政民互动办理台 API")
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/v1/letters/" in paths
    assert page.evaluate("window.__cspViolations") == []
    assert [e for e in console_errors if "Content Security Policy" in e] == []
    assert external == []
