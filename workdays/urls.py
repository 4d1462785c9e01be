"""Working-day calendar routes, mounted at /api/v1/ by desk.urls."""

from django.urls import path

from workdays import api

urlpatterns = [
    path("calendar/", api.CalendarYearView.as_view(), name="calendar-year"),
    path("calendar/deadline/", api.DeadlineView.as_view(), name="calendar-deadline"),
]
