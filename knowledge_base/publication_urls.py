from django.urls import path

from knowledge_base import publication_api as views

urlpatterns = [
    path("public/letters/", views.PublicLetterListView.as_view(), name="public-letter-list"),
    path(
        "public/letters/<str:tracking_number>/",
        views.PublicLetterDetailView.as_view(),
        name="public-letter-detail",
    ),
    path("public/statistics/", views.PublicStatisticsView.as_view(), name="public-statistics-api"),
    path(
        "staff/letters/<int:pk>/publication/",
        views.PublicationProposalView.as_view(),
        name="staff-letter-publication",
    ),
]
