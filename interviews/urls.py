"""API routes of online interviews, mounted at /api/v1/ (names are used by the pages and tests)."""

from django.urls import path

from interviews import api

staff = "staff/interviews/<int:interview_id>/"
question = f"{staff}questions/<int:question_id>/"

urlpatterns = [
    path("interviews/", api.InterviewListView.as_view(), name="interview-list"),
    path(
        "interviews/questions/lookup/",
        api.QuestionLookupView.as_view(),
        name="interview-question-lookup",
    ),
    path(
        "interviews/<int:interview_id>/",
        api.InterviewDetailView.as_view(),
        name="interview-detail",
    ),
    path(
        "interviews/<int:interview_id>/questions/",
        api.QuestionSubmitView.as_view(),
        name="interview-question-submit",
    ),
    path("staff/interviews/", api.StaffInterviewListView.as_view(), name="staff-interview-list"),
    path(staff, api.StaffInterviewDetailView.as_view(), name="staff-interview-detail"),
    path(f"{staff}start/", api.StartView.as_view(), name="staff-interview-start"),
    path(f"{staff}finish/", api.FinishView.as_view(), name="staff-interview-finish"),
    path(f"{staff}posts/", api.PostView.as_view(), name="staff-interview-post"),
    path(f"{question}accept/", api.AcceptView.as_view(), name="staff-interview-question-accept"),
    path(f"{question}merge/", api.MergeView.as_view(), name="staff-interview-question-merge"),
    path(f"{question}decline/", api.DeclineView.as_view(), name="staff-interview-question-decline"),
    path(
        f"{question}to-letter/",
        api.ToLetterView.as_view(),
        name="staff-interview-question-to-letter",
    ),
]
