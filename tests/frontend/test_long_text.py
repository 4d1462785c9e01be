"""Issue #18.4: a long letter is never cut silently. The write page gives the browser no
maxlength for the title and body (Chromium drops what is pasted beyond it), and the page
and the API refuse an over-long title or body with a Chinese message naming the field,
the limit and the length typed, storing nothing. The live counter is tested in Chromium
(tests/browser/test_long_text.py)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from core.models import OutboxMessage
from letters.models import Letter, LetterEvent, TrackingCounter

pytestmark = pytest.mark.django_db

PAGE = "/write/interaction/"
API = "/api/v1/letters/"
LONG_BODY = "我" * 20_000


def form_data(**extra: Any) -> dict[str, Any]:
    return {
        "kind": "consultation",
        "title": "咨询公积金提取手续",
        "body": "我想提取住房公积金支付房租，请问需要准备哪些材料？",
        "name": "李平安",
        "phone": "13800138000",
        "form_token": "tok-long-text-0123456789",
        **extra,
    }


def api_data(**extra: Any) -> dict[str, Any]:
    data = form_data(**extra)
    del data["form_token"]
    return data


def stored() -> tuple[int, int, int, int]:
    return (
        Letter.objects.count(),
        LetterEvent.objects.count(),
        OutboxMessage.objects.count(),
        sum(TrackingCounter.objects.values_list("last_value", flat=True)),
    )


def field_errors(html: str) -> dict[str, str]:
    found = re.findall(r'class="error-message" id="([^"]+)_error">(.*?)</p>', html, re.S)
    return {i: re.sub(r"<[^>]+>", "", m).replace("错误：", "").strip() for i, m in found}


def test_the_write_page_sets_no_maxlength_on_title_and_body_only_a_counter_limit(
    client: Client,
) -> None:
    html = client.get(PAGE).content.decode()

    title = re.search(r"<input [^>]*id=\"id_title\"[^>]*>", html)
    body = re.search(r"<textarea [^>]*id=\"id_body\"[^>]*>", html)
    assert title is not None
    assert body is not None
    assert "maxlength" not in title.group(0)
    assert "maxlength" not in body.group(0)
    assert 'data-max-chars="100"' in title.group(0)
    assert 'data-max-chars="5000"' in body.group(0)
    assert '<script src="/static/frontend/counter.js" defer></script>' in html


def test_the_page_refuses_a_20000_character_body_naming_field_limit_and_length(
    client: Client,
) -> None:
    before = stored()

    response = client.post(PAGE, form_data(body=LONG_BODY, title="题" * 101))

    assert response.status_code == 400
    assert field_errors(response.content.decode()) == {
        "id_title": "标题不能超过100个字，现有101个字，请删减后再提交。",
        "id_body": "内容不能超过5000个字，现有20000个字，请删减后再提交。",
    }
    html = response.content.decode()
    assert "「内容」：内容不能超过5000个字，现有20000个字，请删减后再提交。" in html
    # The whole text comes back in the form to be shortened, not a cut copy.
    assert LONG_BODY in html
    assert stored() == before


def test_the_page_stores_a_body_of_exactly_the_limit_whole(client: Client) -> None:
    # 4,991 characters and 9 line breaks; the browser sends each break as CRLF (5,009
    # characters on the wire) and the counter counts each as one, like the server.
    body = "\r\n".join(["字" * 499] * 10) + "尾"

    response = client.post(PAGE, form_data(body=body))

    assert response.status_code == 302
    letter = Letter.objects.get()
    assert len(letter.body) == 5_000
    assert letter.body == "\n".join(["字" * 499] * 10) + "尾"


def test_the_api_refuses_over_long_title_and_body_and_stores_nothing(api: APIClient) -> None:
    before = stored()

    response = api.post(API, api_data(body=LONG_BODY, title="题" * 101), format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "title": ["「标题」：不能超过100个字，现有101个字，请删减后再提交。"],
        "body": ["「内容」：不能超过5000个字，现有20000个字，请删减后再提交。"],
    }
    assert stored() == before


def test_the_api_stores_a_body_of_exactly_the_limit_whole(api: APIClient) -> None:
    response = api.post(API, api_data(body="字" * 5_000), format="json")

    assert response.status_code == 201
    assert Letter.objects.get().body == "字" * 5_000
