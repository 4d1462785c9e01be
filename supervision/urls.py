"""Supervision routes, mounted at /api/v1/ by desk.urls."""

from django.urls import path

from supervision import api, reporting_api

urlpatterns = [
    path("reports/", api.ReportView.as_view(), name="report"),
    path("reports/export/", api.ReportExportView.as_view(), name="report-export"),
    path("reports/score/", api.ScoreView.as_view(), name="report-score"),
    path("reports/snapshots/", reporting_api.SnapshotListView.as_view(), name="report-snapshots"),
    path(
        "reports/snapshots/<int:pk>/",
        reporting_api.SnapshotDetailView.as_view(),
        name="report-snapshot",
    ),
    path(
        "reports/snapshots/<int:pk>/export/",
        reporting_api.SnapshotExportView.as_view(),
        name="report-snapshot-export",
    ),
    path(
        "reports/snapshots/<int:pk>/reissue/",
        reporting_api.SnapshotReissueView.as_view(),
        name="report-snapshot-reissue",
    ),
    path(
        "reports/snapshots/<int:pk>/file/",
        reporting_api.SnapshotFileView.as_view(),
        name="report-snapshot-file",
    ),
    path(
        "reports/snapshots/<int:pk>/publish/",
        reporting_api.SnapshotPublishView.as_view(),
        name="report-snapshot-publish",
    ),
    path("public/reports/", reporting_api.PublicReportsView.as_view(), name="public-reports"),
    path(
        "staff/orders/<int:pk>/respond/",
        api.OrderResponseView.as_view(),
        name="staff-order-respond",
    ),
]
