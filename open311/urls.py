"""Open311 GeoReport v2, mounted at /open311/v2/ (paths as the spec names them)."""

from django.urls import re_path

from open311 import views

FORMAT = r"\.(?P<fmt>json|xml)$"

urlpatterns = [
    re_path(r"^services" + FORMAT, views.ServicesView.as_view(), name="open311-services"),
    re_path(r"^requests" + FORMAT, views.RequestsView.as_view(), name="open311-requests"),
    re_path(
        r"^requests/(?P<request_id>[^/]+)" + FORMAT,
        views.RequestDetailView.as_view(),
        name="open311-request",
    ),
]
