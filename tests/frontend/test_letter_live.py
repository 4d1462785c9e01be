"""The letter page opts into live updates: it names its letter for static/workspace/live.js
(no inline script under the strict CSP), has an empty polite live region for the notice,
and marks only the read-only timeline for re-reading, never the action forms."""

from __future__ import annotations

import re

import pytest

from tests.world import Desk

pytestmark = pytest.mark.django_db


def test_letter_page_names_its_letter_for_the_live_script(desk: Desk) -> None:
    letter = desk.in_progress()
    response = desk.client("handler_a").get(f"/workspace/letters/{letter.pk}/")
    assert response.status_code == 200
    html = response.content.decode()

    url = f"/workspace/letters/{letter.pk}/"
    assert (
        f'<div data-live-letter="{letter.pk}" data-live-letter-url="{url}" '
        'data-live-inbox-url="/workspace/">' in html
    )
    assert (
        '<div id="live-letter-notice" role="status" aria-live="polite" aria-atomic="true">'
        "</div>" in html
    )
    assert (
        '<p id="live-status" class="ws-live" role="status" aria-live="polite">'
        "实时更新未连接（刷新页面可查看最新办理动态）</p>" in html
    )
    assert '<script src="/static/workspace/live.js" defer></script>' in html
    # Every script is an external file (strict CSP): no inline code, no inline handlers.
    assert re.findall(r"<script\b[^>]*>", html) == [
        '<script src="/static/vendor/htmx/htmx.min.js" defer>',
        '<script src="/static/workspace/live.js" defer>',
    ]
    assert re.search(r"\son[a-z]+=", html) is None
    # Only the read-only timeline is re-read; the action forms are left alone.
    assert re.findall(r"<[^>]*\bdata-live-refresh\b[^>]*>", html) == [
        f'<section id="letter-timeline" class="ws-card" aria-labelledby="h-timeline" '
        f'data-live-refresh hx-get="{url}" hx-trigger="desk:refresh" '
        f'hx-select="#letter-timeline" hx-swap="outerHTML">'
    ]
    assert 'id="action-draft-reply"' in html


def test_list_pages_do_not_name_a_letter(desk: Desk) -> None:
    desk.in_progress()
    html = desk.client("handler_a").get("/workspace/").content.decode()
    assert '<script src="/static/workspace/live.js" defer></script>' in html
    assert "data-live-letter" not in html
    assert "live-letter-notice" not in html
