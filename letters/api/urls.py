from django.urls import path

from letters import lifecycle
from letters.api import pii_views, staff_views, views

urlpatterns = [
    path("letters/", views.LetterSubmitView.as_view(), name="letter-submit"),
    path("letters/lookup/", views.LetterLookupView.as_view(), name="letter-lookup"),
    path("letters/rate/", views.LetterRateView.as_view(), name="letter-rate"),
    path("captcha/", views.CaptchaView.as_view(), name="captcha-new"),
    path("staff/letters/", staff_views.StaffLetterListView.as_view(), name="staff-letter-list"),
    path(
        "staff/letters/export/",
        staff_views.StaffLetterExportView.as_view(),
        name="staff-letter-export",
    ),
    path(
        "staff/letters/<int:pk>/",
        staff_views.StaffLetterDetailView.as_view(),
        name="staff-letter-detail",
    ),
    path(
        "staff/letters/<int:pk>/reply-templates/",
        staff_views.ReplyTemplatesView.as_view(),
        name="staff-letter-reply-templates",
    ),
    *[
        path(
            f"staff/letters/<int:pk>/{lifecycle.ACTIONS[name].slug}/",
            staff_views.action_view(name),
            name=f"staff-letter-{lifecycle.ACTIONS[name].slug}",
        )
        for name in staff_views.ENDPOINTS
    ],
    path(
        "staff/letters/<int:pk>/unmask/",
        pii_views.LetterUnmaskView.as_view(),
        name="staff-letter-unmask",
    ),
    path(
        "staff/letters/<int:pk>/attachments/<int:attachment_id>/",
        staff_views.AttachmentDownloadView.as_view(),
        name="staff-letter-attachment",
    ),
    path("staff/inbox/counts/", staff_views.InboxCountsView.as_view(), name="staff-inbox-counts"),
    path(
        "staff/extensions/<int:pk>/decide/",
        staff_views.ExtensionDecisionView.as_view(),
        name="staff-extension-decide",
    ),
    path("departments/", views.DepartmentListView.as_view(), name="department-list"),
    path("leaders/", views.LeaderListView.as_view(), name="leader-list"),
    path("solicitations/", views.OpenSolicitationListView.as_view(), name="solicitation-list"),
    path(
        "website-error-types/",
        views.WebsiteErrorTypeListView.as_view(),
        name="website-error-type-list",
    ),
]
