"""Report routes, included by ``letters.api.urls`` as ``path("reports/", include(...))``."""

from django.urls import path

from letters.api import report_views

urlpatterns = [
    path("", report_views.ReportView.as_view(), name="report"),
    path("export/", report_views.ReportExportView.as_view(), name="report-export"),
]
