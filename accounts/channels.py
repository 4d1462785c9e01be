"""The websocket side of the sign-in rules: only a verified, unexpired staff session
gets a user; anything else connects as anonymous (and the consumer refuses it)."""

from __future__ import annotations

from typing import Any

from channels.db import database_sync_to_async
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.models import Device

from accounts import services


def _verified(session: Any, user: Any) -> bool:
    login_at = session.get(services.SESSION_LOGIN_AT)
    max_age = settings.DESK_SESSION_MAX_HOURS * 3600
    if not isinstance(login_at, int | float) or timezone.now().timestamp() - login_at >= max_age:
        return False
    expires = session.get(services.SESSION_PASSWORD_EXPIRES_AT)
    if isinstance(expires, int | float) and timezone.now().timestamp() >= expires:
        return False
    persistent_id = session.get(DEVICE_ID_SESSION_KEY)
    device = Device.from_persistent_id(persistent_id) if persistent_id else None
    return device is not None and device.user_id == user.pk and bool(device.confirmed)


class VerifiedSessionMiddleware:
    """Inside channels' AuthMiddlewareStack (which puts ``session`` and ``user`` in the
    scope)."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> Any:
        user = scope.get("user")
        if user is not None and await database_sync_to_async(_is_authenticated)(user):
            session = scope.get("session")
            if session is None or not await database_sync_to_async(_verified)(session, user):
                scope = dict(scope, user=AnonymousUser())
        return await self.inner(scope, receive, send)


def _is_authenticated(user: Any) -> bool:
    return bool(user.is_authenticated)
