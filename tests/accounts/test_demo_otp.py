"""Demo accounts share one fixed, documented TOTP secret; `demo_otp USERNAME` prints the
current code in development and refuses in production."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.demo import DEMO_OTP_KEY, DEMO_OTP_SECRET, give_demo_devices
from demo.services import DEMO_PASSWORD, load_organisation, load_staff
from tests.accounts.conftest import password_step

pytestmark = pytest.mark.django_db


def test_the_demo_secret_is_the_documented_one() -> None:
    assert DEMO_OTP_SECRET == "NRUW42TJMFXGOLLEMVWW6LJSGAZDMIJB"
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert DEMO_OTP_SECRET in readme


def test_every_demo_account_gets_the_demo_device() -> None:
    load_organisation()
    load_staff()

    users = User.objects.count()
    devices = TOTPDevice.objects.filter(confirmed=True, key=DEMO_OTP_KEY)
    assert users > 40
    assert sorted(devices.values_list("user_id", flat=True)) == sorted(
        User.objects.values_list("pk", flat=True)
    )


def test_demo_otp_prints_a_code_that_signs_in() -> None:
    user = User.objects.create_user(username="fenban", password=DEMO_PASSWORD)
    give_demo_devices([user])
    out = StringIO()
    client = Client()
    password_step(client, "fenban", password=DEMO_PASSWORD)

    call_command("demo_otp", "fenban", stdout=out)
    code = out.getvalue().strip()
    response = client.post("/accounts/login/verify/", {"code": code})

    assert (len(code), code.isdigit()) == (6, True)
    assert response["Location"] == "/workspace/"
    assert client.session[SESSION_KEY] == str(user.pk)


def test_demo_otp_refuses_accounts_with_their_own_secret(handler: Any) -> None:
    TOTPDevice.objects.create(user=handler, name="手机", confirmed=True)

    with pytest.raises(CommandError, match="不是使用演示密钥的演示账号"):
        call_command("demo_otp", "zhangsan")


def test_demo_otp_refuses_in_production(settings: Any) -> None:
    user = User.objects.create_user(username="fenban", password=DEMO_PASSWORD)
    give_demo_devices([user])
    settings.PRODUCTION = True

    with pytest.raises(CommandError, match="仅用于开发环境"):
        call_command("demo_otp", "fenban")
    with pytest.raises(Exception, match="仅用于开发环境"):
        give_demo_devices([user])
