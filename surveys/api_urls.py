"""API of surveys, hearings and reviews, mounted under /api/v1/ (contract names fixed)."""

from django.urls import path

from surveys import api

urlpatterns = [
    path("surveys/", api.SurveyListView.as_view(), name="api-surveys"),
    path("surveys/<int:pk>/", api.SurveyDetailView.as_view(), name="api-survey-detail"),
    path(
        "surveys/<int:pk>/responses/",
        api.SurveyResponseView.as_view(),
        name="api-survey-responses",
    ),
    path(
        "surveys/<int:pk>/phone-code/",
        api.SurveyPhoneCodeView.as_view(),
        name="api-survey-phone-code",
    ),
    path("surveys/<int:pk>/results/", api.SurveyResultsView.as_view(), name="api-survey-results"),
]
