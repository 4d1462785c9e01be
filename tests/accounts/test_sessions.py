"""Session limits: 30 minutes idle, 12 hours absolute; sign-out and disabling an account
end sessions so that an old cookie no longer works."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from accounts.models import StaffSession
from core.models import AuditRecord
from tests.accounts.conftest import enrolled_device, frozen, sign_in, signed_in

pytestmark = pytest.mark.django_db


def _with_cookie(cookie: str) -> Client:
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = cookie
    return client


def test_thirty_idle_minutes_end_the_session(handler: Any) -> None:
    client = Client()
    start = timezone.now()
    with frozen(start):
        sign_in(client, handler, enrolled_device(handler))

    with frozen(start + timedelta(minutes=29)):
        assert signed_in(client)  # activity pushes the expiry on
    with frozen(start + timedelta(minutes=58)):
        assert signed_in(client)
    with frozen(start + timedelta(minutes=88, seconds=1)):
        assert not signed_in(client)


def test_twelve_hours_end_the_session_however_active(handler: Any) -> None:
    client = Client()
    start = timezone.now()
    with frozen(start):
        sign_in(client, handler, enrolled_device(handler))

    for step in range(1, 29):  # a request every 25 minutes: never idle
        with frozen(start + timedelta(minutes=25 * step)):
            assert signed_in(client), step
    with frozen(start + timedelta(hours=12)):
        assert not signed_in(client)
    assert (
        AuditRecord.objects.filter(action="auth.session_expired", actor_name="zhangsan").count()
        == 1
    )


def test_sign_out_deletes_the_session(handler: Any) -> None:
    client = Client()
    sign_in(client, handler, enrolled_device(handler))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert signed_in(_with_cookie(cookie))

    client.post("/accounts/logout/")

    assert not Session.objects.filter(session_key=cookie).exists()
    assert not signed_in(_with_cookie(cookie))
    assert list(AuditRecord.objects.values_list("action", flat=True).order_by("id"))[-1] == (
        "auth.logout"
    )


def test_disabling_an_account_deletes_its_sessions(handler: Any) -> None:
    device = enrolled_device(handler)
    phone, desktop = Client(), Client()
    sign_in(phone, handler, device)
    device.last_t = -1  # the same code again, for the second sign-in in this 30 s step
    device.save()
    sign_in(desktop, handler, device)
    cookies = [c.cookies[settings.SESSION_COOKIE_NAME].value for c in (phone, desktop)]
    assert StaffSession.objects.filter(user=handler).count() == 2

    handler.is_active = False
    handler.save()
    handler.is_active = True  # even re-enabled, the old cookies stay dead
    handler.save()

    assert Session.objects.filter(session_key__in=cookies).count() == 0
    assert [signed_in(_with_cookie(cookie)) for cookie in cookies] == [False, False]
    assert AuditRecord.objects.filter(action="auth.sessions_ended").count() == 1
