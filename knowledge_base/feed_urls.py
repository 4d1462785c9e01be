"""The Atom feed of published replies, mounted at /feeds/ by desk.urls."""

from django.urls import path

from knowledge_base.publication_api import RepliesFeed

urlpatterns = [path("replies.atom", RepliesFeed(), name="feed-replies")]
