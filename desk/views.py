"""Project-wide error views."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse

from frontend.public_views import not_found_page


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """An unknown URL under /api/ answers JSON in the API's error format (clients parse
    every 4xx body the same way); every other one gets the portal's page in Chinese."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "未找到。", "errors": {}}, status=404)
    return not_found_page(request, "您访问的页面不存在，请检查网址或从首页进入。")
