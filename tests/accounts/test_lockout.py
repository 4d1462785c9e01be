"""Lockout after repeated failures of one account from one client address (django-axes),
never of the account name alone: the real user from another address still signs in. A
per-account backoff from any address (short, growing delays with Retry-After), per-address
budgets of sign-in requests and of failures for any account; every failure, lockout and
delay in the audit log."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from axes.models import AccessAttempt
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


def test_the_lockout_holds_only_for_the_address_that_failed(handler: Any) -> None:
    device = enrolled_device(handler)
    for _ in range(5):
        password_step(Client(), "zhangsan", password="Wrong-password-1", ip="10.0.0.66")

    from_there = password_step(Client(), "zhangsan", ip="10.0.0.66")
    real_user = Client()
    first = password_step(real_user, "zhangsan", ip="10.0.9.9")
    second = real_user.post(
        "/accounts/login/verify/", {"code": current_code(device)}, REMOTE_ADDR="10.0.9.9"
    )

    assert from_there.status_code == 429
    assert from_there["Retry-After"] == "1800"
    assert first["Location"] == "/accounts/login/verify/"
    assert second["Location"] == "/workspace/"
    assert signed_in(real_user)
    assert password_step(Client(), "zhangsan", ip="10.0.0.66").status_code == 429  # still


def test_an_address_failing_for_many_accounts_is_refused(settings: Any, handler: Any) -> None:
    rest = dict(settings.REST_FRAMEWORK)
    rest["DEFAULT_THROTTLE_RATES"] = {**rest["DEFAULT_THROTTLE_RATES"], "login_failures": "5/hour"}
    settings.REST_FRAMEWORK = rest
    answers = [
        password_step(Client(), f"guess{n}", password="Wrong-password-1", ip="10.0.0.7").status_code
        for n in range(5)
    ]

    from_there = password_step(Client(), "zhangsan", ip="10.0.0.7")
    from_elsewhere = password_step(Client(), "zhangsan", ip="10.0.0.8")

    assert answers == [200] * 5  # five accounts, one failure each: no pair is locked
    assert from_there.status_code == 429
    assert 3595 <= int(from_there["Retry-After"]) <= 3600
    assert "操作过于频繁，请60分钟后再试。" in from_there.content.decode()
    assert SESSION_PENDING not in Client().session
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
    for _ in range(5):  # from the same address, in another browser
        password_step(Client(), "zhangsan", password="Wrong-password-1")

    response = client.post("/accounts/login/verify/", {"code": current_code(device)})

    assert response.status_code == 429
    assert SESSION_KEY not in client.session
    assert _audit()[-1] == ("auth.locked_out", "zhangsan", "127.0.0.1", "denied")


def test_a_lockout_elsewhere_does_not_refuse_the_code(handler: Any) -> None:
    device = enrolled_device(handler)
    client = Client()
    password_step(client, "zhangsan")
    for _ in range(5):
        password_step(Client(), "zhangsan", password="Wrong-password-1", ip="10.0.0.9")

    response = client.post("/accounts/login/verify/", {"code": current_code(device)})

    assert response["Location"] == "/workspace/"
    assert signed_in(client)


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


# --- the per-account backoff, from any address ------------------------------------------


def _failures(username: str) -> int:
    return sum(
        AccessAttempt.objects.filter(username=username).values_list(
            "failures_since_start", flat=True
        )
    )


def test_failures_from_many_addresses_slow_the_account_down_not_lock_it(handler: Any) -> None:
    """21 wrong passwords from 21 addresses: from the 10th on each attempt for the account
    waits 1 s, 2 s, 4 s … at most 300 s after the latest failure; the real user from their
    own address signs in after that short wait, never 30 minutes."""
    device = enrolled_device(handler)
    now = timezone.now()
    waits: list[tuple[int, str]] = []
    with frozen(now):
        for n in range(10):
            assert (
                password_step(Client(), "zhangsan", "Wrong-password-1", f"10.5.0.{n}").status_code
                == 200
            )
    for n in range(10, 21):
        with frozen(now):
            early = password_step(Client(), "zhangsan", "Wrong-password-1", f"10.5.0.{n}")
        waits.append((early.status_code, early["Retry-After"]))
        now += timedelta(seconds=int(early["Retry-After"]))
        with frozen(now):
            assert (
                password_step(Client(), "zhangsan", "Wrong-password-1", f"10.5.0.{n}").status_code
                == 200
            )

    with frozen(now):
        refused = password_step(Client(), "zhangsan", ip="10.9.0.1")  # the right password
    real_user = Client()
    with frozen(now + timedelta(seconds=300)):
        first = password_step(real_user, "zhangsan", ip="10.9.0.1")
        second = real_user.post(
            "/accounts/login/verify/", {"code": current_code(device)}, REMOTE_ADDR="10.9.0.1"
        )

    assert waits == [(429, str(s)) for s in (1, 2, 4, 8, 16, 32, 64, 128, 256)] + [(429, "300")] * 2
    assert refused.status_code == 429
    assert refused["Retry-After"] == "300"
    assert "该账号近期登录失败次数较多，为保护账号安全，请300秒后再试。" in refused.content.decode()
    assert SESSION_PENDING not in Client().session
    assert first["Location"] == "/accounts/login/verify/"
    assert second["Location"] == "/workspace/"
    assert signed_in(real_user)
    # The other addresses' failures are still counted (the real user cleared only their own).
    assert _failures("zhangsan") == 21


def test_a_delayed_attempt_is_refused_unheard_and_audited(handler: Any) -> None:
    now = timezone.now()
    with frozen(now):
        for n in range(10):
            password_step(Client(), "zhangsan", "Wrong-password-1", f"10.6.0.{n}")
        before = _audit()
        delayed = password_step(Client(), "zhangsan", "Wrong-password-1", "10.6.1.1")
        other_account = password_step(Client(), "lisi-none", "Wrong-password-1", "10.6.1.1")

    assert delayed.status_code == 429
    assert delayed["Retry-After"] == "1"
    assert _failures("zhangsan") == 10  # not counted: the password was never checked
    assert _audit()[len(before) :] == [
        ("auth.login_delayed", "zhangsan", "10.6.1.1", "denied"),
        ("auth.login_failed", "lisi-none", "10.6.1.1", "denied"),
    ]
    assert other_account.status_code == 200  # another account is not slowed down


def test_the_backoff_forgets_failures_older_than_the_lockout_period(handler: Any) -> None:
    now = timezone.now()
    with frozen(now):
        for n in range(10):
            password_step(Client(), "zhangsan", "Wrong-password-1", f"10.7.0.{n}")
        assert password_step(Client(), "zhangsan", ip="10.7.1.1").status_code == 429
    with frozen(now + timedelta(minutes=30, seconds=1)):
        assert password_step(Client(), "zhangsan", ip="10.7.1.1")["Location"] == (
            "/accounts/login/enrol/"
        )
