"""Public pages of online interviews, mounted at /interviews/."""

from django.urls import path

from frontend import interview_views as views

urlpatterns = [
    path("", views.interview_list, name="public-interviews"),
    path("lookup/", views.question_lookup, name="public-interview-lookup"),
    path("<int:interview_id>/", views.interview_detail, name="public-interview"),
    path("<int:interview_id>/stream/", views.interview_stream, name="public-interview-stream"),
    path("<int:interview_id>/receipt/", views.interview_receipt, name="public-interview-receipt"),
    path("images/<int:post_id>/", views.interview_image, name="interview-image"),
]
