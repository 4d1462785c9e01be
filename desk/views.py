"""Project-wide error views."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """An unknown URL under /api/ answers JSON in the API's error format (clients parse
    every 4xx body the same way); every other one gets the normal page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "未找到。", "errors": {}}, status=404)
    return defaults.page_not_found(request, exception)
