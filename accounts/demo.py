"""The demo city's second factor: every demo account shares ONE fixed, published TOTP
secret, so that a demo can sign in with ``python manage.py demo_otp USERNAME`` or an
authenticator app. Used only by the demo loader, which refuses to run in production."""

from __future__ import annotations

from base64 import b32encode
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.services import DEVICE_NAME

# 20 bytes, hex; base32 DEMO_OTP_SECRET is what an authenticator app takes (README).
DEMO_OTP_KEY = b"linjiang-demo-2026!!".hex()
DEMO_OTP_SECRET = b32encode(bytes.fromhex(DEMO_OTP_KEY)).decode()


def refuse_in_production() -> None:
    if settings.PRODUCTION:
        raise ImproperlyConfigured(
            "演示用动态验证码仅用于开发环境（DESK_ENV=production 时不可用）。"
        )


def give_demo_devices(users: Iterable[Any]) -> int:
    """A confirmed TOTP device with the demo secret for each user."""
    refuse_in_production()
    devices = [
        TOTPDevice(user=user, name=DEVICE_NAME, key=DEMO_OTP_KEY, confirmed=True) for user in users
    ]
    TOTPDevice.objects.bulk_create(devices)
    return len(devices)
