"""Errors under /api/ answer JSON in the API's format with a Chinese message, also for what
no view expected (a 500) and what Django answers itself (400, 403, 404); pages stay HTML."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory

from core.middleware import SERVER_ERROR
from desk import views

pytestmark = pytest.mark.django_db


def _boom(*args: Any, **kwargs: Any) -> Any:
    raise RuntimeError("unexpected")


@pytest.mark.parametrize("debug", [False, True])
def test_an_unexpected_error_under_the_api_is_a_json_500_in_chinese(
    monkeypatch: pytest.MonkeyPatch, settings: Any, debug: bool
) -> None:
    settings.DEBUG = debug
    monkeypatch.setattr("workdays.api.year_overview", _boom)

    response = Client(raise_request_exception=False).get("/api/v1/calendar/", {"year": "2026"})

    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": SERVER_ERROR, "errors": {}}


def test_an_unexpected_error_on_a_page_stays_html(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("frontend.public_views.time_limits", _boom)

    response = Client(raise_request_exception=False).get("/")

    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")


def test_a_bad_host_under_the_api_is_a_json_400(settings: Any) -> None:
    settings.ALLOWED_HOSTS = ["desk.example"]

    api = Client().get("/api/v1/departments/", HTTP_HOST="evil.example")
    page = Client().get("/", HTTP_HOST="evil.example")

    assert api.status_code == 400
    assert api.json() == {"detail": "请求无效。", "errors": {}}
    assert page.status_code == 400
    assert page["Content-Type"].startswith("text/html")


def test_django_s_own_403_under_the_api_is_json() -> None:
    request = RequestFactory().get("/api/v1/anything/")

    response = views.permission_denied(request, PermissionDenied())

    assert response.status_code == 403
    assert response["Content-Type"] == "application/json"
    assert response.content.decode() == '{"detail": "无权执行此操作。", "errors": {}}'


def test_an_unknown_api_address_is_a_json_404() -> None:
    response = Client().get("/api/v1/no-such-thing/")

    assert response.status_code == 404
    assert response.json() == {"detail": "未找到。", "errors": {}}
