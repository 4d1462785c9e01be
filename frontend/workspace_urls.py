"""Staff workspace pages, mounted at /workspace/."""

from django.urls import path

from frontend import interview_staff_views, office_views, operator_views
from frontend import workspace_views as views

urlpatterns = [
    path("", views.inbox, name="workspace-inbox"),
    path("inbox/list/", views.inbox_list, name="workspace-inbox-list"),
    path("letters/<int:pk>/", views.letter_detail, name="workspace-letter"),
    path("letters/<int:pk>/actions/<slug:name>/", views.letter_action, name="workspace-action"),
    path("letters/<int:pk>/unmask/", views.letter_unmask, name="workspace-unmask"),
    path("letters/<int:pk>/publish/", views.publish, name="workspace-publish"),
    path("extensions/<int:pk>/decide/", views.extension_decide, name="workspace-extension"),
    path("orders/<int:pk>/respond/", views.order_respond, name="workspace-order"),
    path("intake/", operator_views.entry, name="workspace-operator-entry"),
    path("intake/readback/", operator_views.readback, name="workspace-operator-readback"),
    path("triage/", office_views.triage, name="workspace-triage"),
    path("interviews/", interview_staff_views.console_list, name="workspace-interviews"),
    path(
        "interviews/<int:interview_id>/",
        interview_staff_views.console,
        name="workspace-interview",
    ),
    path(
        "interviews/<int:interview_id>/<slug:action>/",
        interview_staff_views.console_action,
        name="workspace-interview-action",
    ),
    path("publish/", views.publish_queue, name="workspace-publish-queue"),
    path("dashboard/", office_views.dashboard, name="workspace-dashboard"),
    path("dashboard/report.xlsx", office_views.report_download, name="workspace-report"),
    path("dashboard/score/", office_views.score_detail, name="workspace-score"),
    path("reports/", office_views.reports, name="workspace-reports"),
    path(
        "reports/<int:pk>/<slug:action>/",
        office_views.report_action,
        name="workspace-report-action",
    ),
    path(
        "reports/<int:pk>/report.xlsx",
        office_views.report_snapshot_download,
        name="workspace-report-snapshot",
    ),
]
