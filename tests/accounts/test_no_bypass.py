"""No path skips the second factor: a signed-in but unverified session is anonymous on
pages, the admin, the API and the websocket; there is no token authentication."""

from __future__ import annotations

from typing import Any

import pytest
from asgiref.sync import async_to_sync
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client

from accounts.testing import mark_verified
from tests.factories import DepartmentFactory, staff_user


@pytest.mark.django_db
def test_a_session_without_the_second_factor_opens_nothing(admin_user: Any) -> None:
    handler = staff_user("lisi", "handler", DepartmentFactory())
    client, admin = Client(), Client()
    client.force_login(handler)  # signed in by some path other than the sign-in flow
    admin.force_login(admin_user)

    assert client.get("/api/v1/staff/letters/").status_code == 403
    assert (
        client.get("/accounts/password/")["Location"] == "/accounts/login/?next=/accounts/password/"
    )
    assert admin.get("/admin/")["Location"] == "/admin/login/?next=/admin/"

    mark_verified(client, handler)
    mark_verified(admin, admin_user)

    assert client.get("/api/v1/staff/letters/").status_code == 200
    assert client.get("/accounts/password/").status_code == 200
    assert admin.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_tokens_do_not_authenticate() -> None:
    handler = staff_user("lisi", "handler", DepartmentFactory())
    client = Client()

    response = client.get("/api/v1/staff/letters/", HTTP_AUTHORIZATION=f"Token {handler.pk:040d}")

    assert response.status_code == 403
    assert settings.REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"] == [
        "rest_framework.authentication.SessionAuthentication"
    ]
    assert "rest_framework.authtoken" not in settings.INSTALLED_APPS


def _connect(cookie: str) -> tuple[bool, Any]:
    from desk.asgi import application

    async def scenario() -> tuple[bool, Any]:
        communicator = WebsocketCommunicator(
            application,
            "/ws/staff/",
            headers=[
                (b"cookie", f"{settings.SESSION_COOKIE_NAME}={cookie}".encode()),
                (b"origin", b"http://testserver"),
                (b"host", b"testserver"),
            ],
        )
        connected, code = await communicator.connect()
        await communicator.disconnect()
        return connected, code

    return async_to_sync(scenario)()


def _session(user: Any, *, verified: bool) -> str:
    """A signed-in session written directly (a transactional test must leave no audit rows,
    which are append-only)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.services import SESSION_LOGIN_AT

    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store[SESSION_LOGIN_AT] = timezone.now().timestamp()
    if verified:
        device = TOTPDevice.objects.create(user=user, name="手机", confirmed=True)
        store[DEVICE_ID_SESSION_KEY] = device.persistent_id
    store.create()
    return str(store.session_key)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_websocket_needs_a_verified_session() -> None:
    handler = staff_user("lisi", "handler", DepartmentFactory())

    assert _connect(_session(handler, verified=False)) == (False, 4401)
    assert _connect(_session(handler, verified=True))[0] is True
