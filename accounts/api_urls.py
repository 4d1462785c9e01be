"""Security routes, mounted at /api/v1/ by desk.urls: the auditor's read-only audit log."""

from django.urls import path

from accounts import audit_api

urlpatterns = [
    path("audit/", audit_api.AuditListView.as_view(), name="audit-list"),
]
