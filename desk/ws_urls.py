"""Websocket routes (Channels)."""

from django.urls import path

from letters.consumers import StaffEventsConsumer

websocket_urlpatterns = [
    path("ws/staff/", StaffEventsConsumer.as_asgi()),
]
