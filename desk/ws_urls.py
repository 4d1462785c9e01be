"""Websocket routes (Channels)."""

from django.urls import path

from interviews.consumers import InterviewLiveConsumer
from letters.consumers import StaffEventsConsumer

websocket_urlpatterns = [
    path("ws/staff/", StaffEventsConsumer.as_asgi()),
    path("ws/interviews/<int:interview_id>/", InterviewLiveConsumer.as_asgi()),
]
