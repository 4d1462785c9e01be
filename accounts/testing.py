"""Test helpers for signed-in staff.

Sessions are created only by the verified sign-in flow (password + TOTP), and the site
treats any other signed-in session as anonymous. In tests, ``force_login`` stands for
that whole flow: these clients' ``force_login`` also marks the session verified with a
confirmed TOTP device, as ``django_otp.login`` does at the end of the real flow.
``tests/conftest.py`` makes them the ``client`` / ``api`` / ``admin_client`` fixtures;
the flow itself is tested with plain clients in ``tests/accounts``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from accounts.services import DEVICE_NAME, confirmed_device


def mark_verified(client: Any, user: Any) -> TOTPDevice:
    """Mark a test client's signed-in session as having passed the second factor."""
    device = confirmed_device(user) or TOTPDevice.objects.create(
        user=user, name=DEVICE_NAME, confirmed=True
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


class VerifiedLoginMixin:
    def force_login(self, user: Any, backend: str | None = None) -> None:
        super().force_login(user, backend)  # type: ignore[misc]
        mark_verified(self, user)


class VerifiedClient(VerifiedLoginMixin, Client):
    pass


class VerifiedAPIClient(VerifiedLoginMixin, APIClient):
    pass


def verified_session_key(user: Any) -> str:
    """A verified session for ``user`` (e.g. a cookie for a browser test on a live
    server)."""
    client = VerifiedClient()
    client.force_login(user)
    return str(client.cookies[settings.SESSION_COOKIE_NAME].value)
