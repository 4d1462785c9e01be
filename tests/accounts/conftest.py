"""Helpers for the sign-in tests: real flows through plain clients (no force_login)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any
from unittest import mock

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import DepartmentFactory, staff_user

PASSWORD = "Linjiang-Desk-2026"


@pytest.fixture(autouse=True)
def _no_otp_slowdown(settings: Any) -> None:
    # django-otp slows a device down after a wrong code (1 s, 2 s, 4 s …); these tests
    # send a right code straight after a wrong one.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


@pytest.fixture
def handler(db: Any) -> Any:
    user = staff_user("zhangsan", "handler", DepartmentFactory())
    user.set_password(PASSWORD)
    user.save()
    return user


def current_code(device: TOTPDevice, *, drift: int = 0) -> str:
    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift)
    return f"{value:0{device.digits}d}"


def wrong_code(device: TOTPDevice) -> str:
    right = {current_code(device, drift=d) for d in (-1, 0, 1)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in right)


def enrolled_device(user: Any) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="手机", confirmed=True)


def password_step(
    client: Client, username: str, password: str = PASSWORD, ip: str = "127.0.0.1", **extra: Any
) -> Any:
    data = {"username": username, "password": password, **extra}
    return client.post("/accounts/login/", data, REMOTE_ADDR=ip)


def sign_in(client: Client, user: Any, device: TOTPDevice | None = None) -> Any:
    """The whole flow for a user with a confirmed device; returns the last response."""
    device = device or TOTPDevice.objects.get(user=user, confirmed=True)
    first = password_step(client, user.username)
    assert first["Location"] == "/accounts/login/verify/"
    return client.post("/accounts/login/verify/", {"code": current_code(device)})


def signed_in(client: Client) -> bool:
    """Whether the client's session passes as a signed-in staff member."""
    return client.get("/accounts/password/").status_code == 200


@contextmanager
def frozen(at: datetime) -> Iterator[None]:
    """Django's clock (sessions, our middleware, axes) stopped at ``at``; TOTP codes keep
    the real clock."""
    with (
        mock.patch("django.utils.timezone.now", return_value=at),
        mock.patch("axes.handlers.proxy.now", return_value=at),
        mock.patch("axes.attempts.now", return_value=at),
    ):
        yield
