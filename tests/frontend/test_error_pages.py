"""Unknown addresses get a Chinese page (or JSON under /api/), never Django's default."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import DepartmentFactory, staff_user

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


def test_refused_page_answers_403_in_chinese(client: Client) -> None:
    auditor = staff_user("aud403", "auditor", DepartmentFactory())
    client.force_login(auditor)
    response = client.get("/workspace/")
    assert response.status_code == 403
    body = response.content.decode()
    assert "<h1>无权访问</h1>" in body
    assert "您的角色不能访问此页面。" in body


def test_stale_form_answers_a_chinese_csrf_page() -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/lookup/", {"tracking_number": "XJ20261122-000001"})
    assert response.status_code == 403
    assert "页面已过期，请重新提交" in response.content.decode()
    assert "您填写的内容没有被保存" in response.content.decode()
