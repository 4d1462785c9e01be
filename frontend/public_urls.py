"""Public portal pages, mounted at the site root (names are used by templates and tests)."""

from django.urls import path

from frontend import public_captcha, public_report_views
from frontend import public_views as views

urlpatterns = [
    path("", views.home, name="public-home"),
    path("write/suggest/", views.suggest, name="public-suggest"),
    path("write/captcha/", public_captcha.captcha_block, name="public-captcha"),
    path("write/<slug:channel>/", views.write, name="public-write"),
    path("receipt/", views.receipt, name="public-receipt"),
    path("lookup/", views.lookup, name="public-lookup"),
    path("lookup/rate/", views.rate, name="public-rate"),
    path("lookup/leave/", views.lookup_leave, name="public-lookup-leave"),
    path("replies/", views.replies, name="public-replies"),
    path("replies/<str:tracking_number>/", views.reply_detail, name="public-reply-detail"),
    path("kb/", views.kb, name="public-kb"),
    path("kb/<int:pk>/", views.kb_entry, name="public-kb-entry"),
    path("statistics/", views.statistics, name="public-statistics"),
    path("reports/annual/", public_report_views.annual_reports, name="public-annual-reports"),
    path(
        "reports/annual/<str:period>/",
        public_report_views.annual_report,
        name="public-annual-report",
    ),
    path("a11y/", views.a11y_toggle, name="public-a11y-toggle"),
]
