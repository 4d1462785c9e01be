"""Real-time case events over Channels groups (at-most-once, sent after commit)."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

logger = logging.getLogger(__name__)

SUPERVISION_GROUP = "supervision"
DISPATCH_GROUP = "dispatch"  # the site office: dispatchers and publishers


def department_group(department_id: int) -> str:
    return f"dept.{department_id}"


def publish_event(groups: Iterable[str], event: dict[str, Any]) -> None:
    """Push an event to websocket groups; a channel-layer outage only loses the push."""
    layer = get_channel_layer()
    if layer is None:
        return
    for group in groups:
        try:
            async_to_sync(layer.group_send)(group, {"type": "desk.event", "event": event})
        except Exception as exc:  # Redis down: clients re-read state on reconnect
            logger.warning("realtime event not sent to %s: %s", group, type(exc).__name__)
