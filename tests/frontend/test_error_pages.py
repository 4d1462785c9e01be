"""Unknown addresses get a Chinese page (or JSON under /api/), never Django's default."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_unknown_page_answers_the_portal_404_in_chinese(client: Client) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "您访问的页面不存在，请检查网址或从首页进入。" in body
    assert '<html lang="zh-CN"' in body


def test_unknown_api_address_answers_json(client: Client) -> None:
    response = client.get("/api/v1/no-such-endpoint/")
    assert response.status_code == 404
    assert response.json() == {"detail": "未找到。", "errors": {}}
