"""Project-wide error views."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views import defaults

from core.middleware import SERVER_ERROR, api_error, is_api
from frontend.public_views import not_found_page


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """An unknown URL under /api/ answers JSON in the API's error format (clients parse
    every 4xx body the same way); every other one gets the portal's page in Chinese."""
    if is_api(request):
        return api_error(404, "未找到。")
    return not_found_page(request, "您访问的页面不存在，请检查网址或从首页进入。")


def server_error(request: HttpRequest) -> HttpResponse:
    if is_api(request):
        return api_error(500, SERVER_ERROR)
    return defaults.server_error(request)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if is_api(request):
        return api_error(400, "请求无效。")
    return defaults.bad_request(request, exception)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    if is_api(request):
        return api_error(403, "无权执行此操作。")
    return defaults.permission_denied(request, exception)
