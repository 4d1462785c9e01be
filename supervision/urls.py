"""Supervision routes, mounted at /api/v1/ by desk.urls."""

from django.urls import path

from supervision import api

urlpatterns = [
    path("reports/", api.ReportView.as_view(), name="report"),
    path("reports/export/", api.ReportExportView.as_view(), name="report-export"),
    path("reports/score/", api.ScoreView.as_view(), name="report-score"),
    path(
        "staff/orders/<int:pk>/respond/",
        api.OrderResponseView.as_view(),
        name="staff-order-respond",
    ),
]
