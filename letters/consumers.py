"""Websocket consumers. Delivery is at-most-once: clients re-read state from the API."""

from __future__ import annotations

from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer


@database_sync_to_async
def _groups_for(user: Any) -> list[str]:
    from org.selectors import staff_groups

    return staff_groups(user)


class StaffEventsConsumer(AsyncJsonWebsocketConsumer):
    """Pushes case events to signed-in staff: each joins only their own groups."""

    groups_joined: list[str]

    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated or not user.is_active:
            await self.close(code=4401)
            return
        self.groups_joined = await _groups_for(user)
        for group in self.groups_joined:
            await self.channel_layer.group_add(group, self.channel_name)
        await self.accept()
        await self.send_json({"type": "hello", "groups": len(self.groups_joined)})

    async def disconnect(self, code: int) -> None:
        for group in getattr(self, "groups_joined", []):
            await self.channel_layer.group_discard(group, self.channel_name)

    async def desk_event(self, message: dict[str, Any]) -> None:
        await self.send_json(message["event"])
