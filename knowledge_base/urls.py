"""Knowledge-base routes, included under ``/api/v1/kb/``."""

from django.urls import path

from knowledge_base import api

urlpatterns = [
    path("search/", api.KbSearchView.as_view(), name="kb-search"),
    path("suggest/", api.KbSuggestView.as_view(), name="kb-suggest"),
    path("entries/<int:pk>/", api.KbEntryDetailView.as_view(), name="kb-entry"),
    path("curator/queue/", api.CuratorQueueView.as_view(), name="kb-curator-queue"),
    path(
        "curator/queue/<int:letter_id>/draft/",
        api.CuratorDraftView.as_view(),
        name="kb-curator-draft",
    ),
    path("curator/entries/", api.CuratorEntryListView.as_view(), name="kb-curator-entries"),
    path(
        "curator/entries/<int:pk>/",
        api.CuratorEntryDetailView.as_view(),
        name="kb-curator-entry",
    ),
    path(
        "curator/entries/<int:pk>/submit/",
        api.CuratorEntrySubmitView.as_view(),
        name="kb-curator-entry-submit",
    ),
    path(
        "curator/entries/<int:pk>/review/",
        api.CuratorEntryReviewView.as_view(),
        name="kb-curator-entry-review",
    ),
    path(
        "curator/entries/<int:pk>/retire/",
        api.CuratorEntryRetireView.as_view(),
        name="kb-curator-entry-retire",
    ),
    path("curator/stale/", api.CuratorStaleView.as_view(), name="kb-curator-stale"),
]
