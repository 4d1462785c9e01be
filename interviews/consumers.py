"""The public live page's websocket: anyone may watch a published interview.

Events are hints only (at-most-once): the page re-reads the live stream over HTTP on
each event and after a reconnect (``interviews/static/interviews/live.js``)."""

from __future__ import annotations

from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from interviews.models import Interview
from interviews.services import live_group


@database_sync_to_async  # type: ignore[untyped-decorator]  # channels ships no types
def _published(interview_id: int) -> bool:
    return Interview.objects.filter(pk=interview_id, published=True).exists()


class InterviewLiveConsumer(AsyncJsonWebsocketConsumer):  # type: ignore[misc]  # untyped base
    """Joins the group of one published interview; sends nothing but its events."""

    group: str = ""

    async def connect(self) -> None:
        interview_id = int(self.scope["url_route"]["kwargs"]["interview_id"])
        if interview_id > 2**63 - 1 or not await _published(interview_id):
            await self.close(code=4404)
            return
        self.group = live_group(interview_id)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()
        await self.send_json({"type": "hello"})

    async def disconnect(self, code: int) -> None:
        if self.group:
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        """Viewers only listen."""

    async def desk_event(self, message: dict[str, Any]) -> None:
        await self.send_json(message["event"])
