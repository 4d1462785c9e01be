from django.contrib import admin
from django.http import HttpRequest, JsonResponse
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView


def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


# Under /api/ every error answers JSON like the API's own (core.api); pages stay HTML.
handler400 = "desk.views.bad_request"
handler403 = "desk.views.permission_denied"
handler404 = "desk.views.page_not_found"
handler500 = "desk.views.server_error"

urlpatterns = [
    # The admin signs in through the one staff sign-in (password + TOTP), never its own form.
    path(
        "admin/login/",
        RedirectView.as_view(pattern_name="accounts:login", query_string=True),
        name="admin-login",
    ),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Split view: the init script is a separate same-origin request, so the docs page runs
    # under the strict Content-Security-Policy (no inline script or style).
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api-schema", template_name="desk/swagger_ui.html"
        ),
        name="api-docs",
    ),
    path("api/v1/", include("letters.api.urls")),
    path("api/v1/", include("supervision.urls")),
    path("api/v1/", include("workdays.urls")),
    path("api/v1/", include("accounts.api_urls")),
    path("api/v1/", include("knowledge_base.publication_urls")),
    path("api/v1/kb/", include("knowledge_base.urls")),
    path("api/v1/", include("open311.api_urls")),
    # Open311 GeoReport v2 (its own formats and error shape; open311/views.py).
    path("open311/v2/", include("open311.urls")),
    path("api/v1/", include("interviews.urls")),
    path("api/v1/", include("surveys.api_urls")),
    path("feeds/", include("knowledge_base.feed_urls")),
    # Captcha images (same origin, so CSP img-src 'self' covers them); new keys come from
    # GET /api/v1/captcha/.
    path("captcha/", include("captcha.urls")),
    path("accounts/", include("accounts.urls")),
    path("", include("frontend.urls")),
]
