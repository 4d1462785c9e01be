"""The partner API, mounted under /api/v1/."""

from django.urls import path

from open311 import partner_api

urlpatterns = [
    path(
        "partner/letters/",
        partner_api.PartnerLetterSubmitView.as_view(),
        name="partner-letter-submit",
    ),
    path(
        "partner/letters/<str:tracking_number>/",
        partner_api.PartnerLetterStatusView.as_view(),
        name="partner-letter-status",
    ),
]
