"""Web pages: the public portal at / and the staff workspace at /workspace/."""

from django.urls import include, path

urlpatterns = [
    path("workspace/", include("frontend.workspace_urls")),
    path("interviews/", include("frontend.interview_urls")),
    path("", include("frontend.survey_urls")),
    path("", include("frontend.public_urls")),
]
