"""Lockout after repeated failures, per account and per client IP (django-axes), with
every failure and lockout in the audit log; a per-IP rate limit on sign-in requests."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from accounts.services import SESSION_PENDING
from core.models import AuditRecord
from tests.accounts.conftest import (
    PASSWORD,
    current_code,
    enrolled_device,
    frozen,
    password_step,
    sign_in,
    signed_in,
    wrong_code,
)

pytestmark = pytest.mark.django_db

LOCKED = "登录失败次数过多，已暂时锁定，请30分钟后再试。"


def _audit() -> list[tuple[str, str, str, str]]:
    return list(
        AuditRecord.objects.order_by("id").values_list("action", "actor_name", "ip", "outcome")
    )


def test_five_wrong_passwords_lock_the_account(handler: Any) -> None:
    enrolled_device(handler)
    client = Client()
    now = timezone.now()

    with frozen(now):
        answers = [
            password_step(client, "zhangsan", password=f"Wrong-{n}-password").status_code
            for n in range(5)
        ]
        locked = password_step(client, "zhangsan")  # the right password, too late

    assert answers == [200, 200, 200, 200, 429]
    assert locked.status_code == 429
    assert locked["Retry-After"] == "1800"
    assert LOCKED in locked.content.decode()
    assert SESSION_PENDING not in client.session
    failed = ("auth.login_failed", "zhangsan", "127.0.0.1", "denied")
    locked_out = ("auth.locked_out", "zhangsan", "127.0.0.1", "denied")
    assert _audit() == [failed] * 4 + [locked_out, failed] + [locked_out, failed]
    with frozen(now + timedelta(minutes=20)):
        assert password_step(client, "zhangsan")["Retry-After"] == "600"
    with frozen(now + timedelta(minutes=30, seconds=1)):
        assert password_step(client, "zhangsan")["Location"] == "/accounts/login/verify/"


def test_the_account_stays_locked_from_other_addresses(handler: Any) -> None:
    client = Client()
    for n in range(5):
        password_step(client, "zhangsan", password="Wrong-password-1", ip=f"10.0.0.{n + 1}")

    response = password_step(client, "zhangsan", ip="10.0.9.9")

    assert response.status_code == 429
    assert SESSION_PENDING not in client.session


def test_an_address_guessing_many_accounts_is_locked(handler: Any) -> None:
    for n in range(5):
        password_step(Client(), f"guess{n}", password="Wrong-password-1", ip="10.0.0.7")

    from_there = password_step(Client(), "zhangsan", ip="10.0.0.7")
    elsewhere = Client()
    from_elsewhere = password_step(elsewhere, "zhangsan", ip="10.0.0.8")

    assert from_there.status_code == 429
    assert from_elsewhere["Location"] == "/accounts/login/enrol/"


def test_wrong_codes_count_towards_the_lockout(handler: Any) -> None:
    device = enrolled_device(handler)
    client = Client()
    password_step(client, "zhangsan")

    answers = [
        client.post("/accounts/login/verify/", {"code": wrong_code(device)}).status_code
        for _ in range(5)
    ]
    after = client.post("/accounts/login/verify/", {"code": current_code(device)})

    assert answers == [200, 200, 200, 200, 429]
    assert after["Location"] == "/accounts/login/"  # back to the password step
    assert SESSION_KEY not in client.session
    assert [row[0] for row in _audit()] == ["auth.login_failed"] * 4 + [
        "auth.locked_out",
        "auth.login_failed",
    ]
    assert password_step(Client(), "zhangsan").status_code == 429


def test_a_lockout_during_the_code_step_refuses_the_code(handler: Any) -> None:
    device = enrolled_device(handler)
    client = Client()
    password_step(client, "zhangsan")
    for _ in range(5):
        password_step(Client(), "zhangsan", password="Wrong-password-1", ip="10.0.0.9")

    response = client.post("/accounts/login/verify/", {"code": current_code(device)})

    assert response.status_code == 429
    assert SESSION_KEY not in client.session
    assert _audit()[-1] == ("auth.locked_out", "zhangsan", "127.0.0.1", "denied")


def test_a_successful_sign_in_clears_earlier_failures(handler: Any) -> None:
    device = enrolled_device(handler)
    for _ in range(4):
        password_step(Client(), "zhangsan", password="Wrong-password-1")
    sign_in(Client(), handler, device)

    for _ in range(4):
        assert password_step(Client(), "zhangsan", password="Wrong-password-1").status_code == 200


def test_sign_in_requests_are_rate_limited_per_address(settings: Any, handler: Any) -> None:
    rest = dict(settings.REST_FRAMEWORK)
    rest["DEFAULT_THROTTLE_RATES"] = {**rest["DEFAULT_THROTTLE_RATES"], "login": "3/min"}
    settings.REST_FRAMEWORK = rest
    User.objects.create_user(username="lisi", password=PASSWORD)

    answers = [password_step(Client(), name).status_code for name in ("zhangsan", "lisi", "x")]
    limited = password_step(Client(), "zhangsan")
    other_address = password_step(Client(), "zhangsan", ip="10.1.1.1")

    assert answers == [302, 302, 200]
    assert limited.status_code == 429
    assert 1 <= int(limited["Retry-After"]) <= 60
    assert "操作过于频繁" in limited.content.decode()
    assert other_address.status_code == 302
    assert not signed_in(Client())
