"""The product as `make run` serves it (#18.2), against a real server: ``manage.py serve``
(uvicorn) started with DEBUG off on a fresh SQLite var dir with the demo city and
``collectstatic`` run, exactly as bench/page_weight.py starts it.

- every public page loads in ≤ 2.5 s and transfers ≤ 400 KB in Chromium on Lighthouse's
  mobile slow-4G profile (DevTools' "Slow 4G", formerly "Fast 3G": 562.5 ms latency,
  1474.56 kbit/s down, 675 kbit/s up, set with ``Network.emulateNetworkConditions``),
  empty cache; the figures are printed (``pytest -s`` shows them);
- static files have hashed names, are served gzip- or brotli-compressed and cached for a
  year as immutable (unhashed names for a minute);
- unknown addresses answer the portal's 404 page in Chinese, styled, not Django's
  technical page; /api/ answers JSON.

The server uses its own SQLite database, not the test database (nor DATABASE_URL): the
module needs no ``django_db``.
"""

from __future__ import annotations

import gzip
import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from email.message import Message

import brotli
import pytest
from playwright.sync_api import Browser, Page

from bench.page_weight import TARGET_BYTES, TARGET_SECONDS, demo_server, measure_all, report

pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def _flushable_audit_log() -> None:
    """Overrides tests/browser/conftest.py's: nothing here touches the test database."""


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with demo_server() as base_url:
        yield base_url


def _get(url: str, **headers: str) -> tuple[int, Message, bytes]:
    """Status, headers (names case-insensitive, as HTTP has them) and body."""
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_every_public_page_loads_within_the_slow_4g_targets(browser: Browser, server: str) -> None:
    measurements = measure_all(browser, server)
    print("\n" + report(measurements))
    paths = {m.path for m in measurements}
    assert {"/", "/write/leader/", "/replies/", "/kb/?q=%E5%85%AC%E7%A7%AF%E9%87%91"} <= paths
    assert any(m.name == "reply-detail" for m in measurements)
    assert any(m.name == "kb-entry" for m in measurements)
    for m in measurements:
        if m.name == "annual-report":  # 404 while the demo city has published no report
            assert m.status in (200, 404), m.line()
        else:
            assert m.status == (404 if m.name == "not-found" else 200), m.line()
        assert m.seconds <= TARGET_SECONDS, m.line()
        assert m.body_bytes <= TARGET_BYTES, m.line()
    statistics = next(m for m in measurements if m.name == "statistics")
    # The charts really came: the bundle is part of the weight (about 170 KB compressed).
    assert statistics.body_bytes > 100_000, statistics.line()


def test_static_files_are_hashed_compressed_and_cached_for_a_year(server: str) -> None:
    status, _, html = _get(server + "/statistics/")
    assert status == 200
    page = html.decode()
    names = {
        "css": r"/static/frontend/public\.[0-9a-f]{12}\.css",
        "htmx": r"/static/vendor/htmx/htmx\.min\.[0-9a-f]{12}\.js",
        "echarts": r"/static/vendor/echarts/echarts\.min\.[0-9a-f]{12}\.js",
    }
    urls = {}
    for key, pattern in names.items():
        found = re.search(pattern, page)
        assert found, f"no hashed {key} URL in /statistics/"
        urls[key] = found.group(0)

    for url in urls.values():
        status, headers, body = _get(server + url, **{"Accept-Encoding": "br"})
        assert status == 200
        assert headers["Cache-Control"] == "max-age=31536000, public, immutable"
        assert headers["Content-Encoding"] == "br", url
        plain = brotli.decompress(body)
        status, headers, gzipped = _get(server + url, **{"Accept-Encoding": "gzip"})
        assert headers["Content-Encoding"] == "gzip", url
        assert gzip.decompress(gzipped) == plain
        assert len(body) < len(plain) / 2
        assert len(gzipped) < len(plain) / 2
        print(
            f"{url}: {len(plain) / 1000:.1f} KB, gzip {len(gzipped) / 1000:.1f} KB, "
            f"brotli {len(body) / 1000:.1f} KB"
        )

    # The bundle holds only the ECharts parts used: far below the full 1 MB build.
    _, _, bundle = _get(server + urls["echarts"], **{"Accept-Encoding": "identity"})
    assert 100_000 < len(bundle) < 700_000

    # An unhashed name is still served, but only cached briefly (it may change).
    status, headers, _ = _get(server + "/static/frontend/public.css")
    assert status == 200
    assert headers["Cache-Control"] == "max-age=60, public"


def test_unknown_addresses_answer_the_portal_404_in_chinese(page: Page, server: str) -> None:
    status, headers, body = _get(server + "/nope/")
    assert status == 404
    html = body.decode()
    assert "<h1>页面未找到</h1>" in html
    for technical in ("URLconf", "Page not found", "DEBUG = True", "Using the URLconf"):
        assert technical not in html

    status, headers, body = _get(server + "/api/v1/nope/")
    assert status == 404
    assert headers["Content-Type"].startswith("application/json")

    response = page.goto(server + "/nope/")
    assert response is not None
    assert response.status == 404
    assert page.locator("h1").inner_text() == "页面未找到"
    # In the portal's look: its stylesheet loaded and applied to the header.
    background = page.locator(".site-header").evaluate(
        "element => getComputedStyle(element).backgroundColor"
    )
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    assert page.console_errors == []  # type: ignore[attr-defined]
