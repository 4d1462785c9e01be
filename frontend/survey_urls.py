"""Pages of surveys, hearings and reviews and of feedback reports on solicitations."""

from django.urls import path

from frontend import survey_views as views

urlpatterns = [
    path("surveys/", views.survey_list, name="public-surveys"),
    path("surveys/feedback/", views.feedback_overview, name="survey-feedback"),
    path("surveys/<int:pk>/", views.survey_detail, name="public-survey-detail"),
    path("surveys/<int:pk>/results/", views.survey_results, name="public-survey-results"),
    path(
        "solicitations/<int:pk>/",
        views.solicitation_detail,
        name="public-solicitation-detail",
    ),
]
