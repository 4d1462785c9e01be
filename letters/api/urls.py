from django.urls import path

from letters.api import calendar_views, views

urlpatterns = [
    path("letters/", views.LetterSubmitView.as_view(), name="letter-submit"),
    path("letters/lookup/", views.LetterLookupView.as_view(), name="letter-lookup"),
    path("departments/", views.DepartmentListView.as_view(), name="department-list"),
    path("leaders/", views.LeaderListView.as_view(), name="leader-list"),
    path("solicitations/", views.OpenSolicitationListView.as_view(), name="solicitation-list"),
    path("calendar/", calendar_views.CalendarYearView.as_view(), name="calendar-year"),
    path("calendar/deadline/", calendar_views.DeadlineView.as_view(), name="calendar-deadline"),
    path(
        "website-error-types/",
        views.WebsiteErrorTypeListView.as_view(),
        name="website-error-type-list",
    ),
]
