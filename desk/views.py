"""Project-wide error views."""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template import loader
from django.templatetags.static import static
from django.views import defaults

from core.conf import desk_settings
from core.middleware import SERVER_ERROR, api_error, is_api
from frontend.public_views import A11Y_COOKIE, not_found_page

logger = logging.getLogger(__name__)

# What answers when even the 500 template cannot be rendered.
BARE_SERVER_ERROR = (
    '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width, initial-scale=1">'
    "<title>系统繁忙</title></head><body><main><h1>系统繁忙，请稍后再试</h1>"
    "<p>服务器处理您的请求时出现问题，工作人员已收到记录。</p>"
    '<p><a href="/">返回首页</a></p></main></body></html>'
)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """An unknown URL under /api/ answers JSON in the API's error format (clients parse
    every 4xx body the same way); every other one gets the portal's page in Chinese."""
    if is_api(request):
        return api_error(404, "未找到。")
    if request.path.startswith("/workspace/"):
        # A letter of another department answers 404 like a missing one (its existence
        # is not disclosed).
        return not_found_page(request, "您访问的页面或信件不存在，或不在您的办理范围内。")
    return not_found_page(request, "您访问的页面不存在，请检查网址或从首页进入。")


def server_error(request: HttpRequest) -> HttpResponse:
    """The portal's 500 page in Chinese. Something already failed, so it reads nothing
    from the database and runs no context processor (the template gets a plain dict);
    should even that fail, a bare page in Chinese answers."""
    if is_api(request):
        return api_error(500, SERVER_ERROR)
    try:
        stylesheet = static("frontend/public.css")
    except Exception:  # e.g. no manifest of collected static files yet
        stylesheet = ""
    try:
        html = loader.get_template("500.html").render(
            {
                "site_name": desk_settings().site_name,
                "stylesheet": stylesheet,
                "a11y": request.COOKIES.get(A11Y_COOKIE) == "1",
            }
        )
    except Exception:
        logger.exception("the 500 page could not be rendered")
        html = BARE_SERVER_ERROR
    return HttpResponseServerError(html)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if is_api(request):
        return api_error(400, "请求无效。")
    return defaults.bad_request(request, exception)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    if is_api(request):
        return api_error(403, "无权执行此操作。")
    return defaults.permission_denied(request, exception)
