from django.contrib import admin
from django.http import HttpRequest, JsonResponse
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from knowledge_base.publication_api import RepliesFeed


def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/v1/", include("letters.api.urls")),
    path("api/v1/", include("knowledge_base.publication_urls")),
    path("api/v1/kb/", include("knowledge_base.urls")),
    path("feeds/replies.atom", RepliesFeed(), name="feed-replies"),
    path("accounts/", include("desk.accounts.urls")),
    path("", include("frontend.urls")),
]
