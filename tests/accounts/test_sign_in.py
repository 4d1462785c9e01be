"""One sign-in flow for every staff account: password → (first time: enrol) → code →
session. No session exists before the second factor."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.services import SESSION_PENDING, secret_text
from core.models import AuditRecord
from tests.accounts.conftest import (
    PASSWORD,
    current_code,
    enrolled_device,
    password_step,
    sign_in,
    signed_in,
    wrong_code,
)

pytestmark = pytest.mark.django_db


def test_first_sign_in_enrols_an_authenticator_then_signs_in(handler: Any) -> None:
    client = Client()

    response = password_step(client, "zhangsan", next="/workspace/triage/")

    assert (response.status_code, response["Location"]) == (302, "/accounts/login/enrol/")
    assert SESSION_KEY not in client.session  # the password alone creates no session
    assert not signed_in(client)
    page = client.get("/accounts/login/enrol/")
    device = TOTPDevice.objects.get(user=handler)
    assert device.confirmed is False
    html = page.content.decode()
    assert 'class="accounts-qr-code"><g transform="scale(5)"><path fill="#fff"' in html
    assert secret_text(device) in html

    refused = client.post("/accounts/login/enrol/", {"code": wrong_code(device)})

    assert refused.status_code == 200
    assert "动态验证码不正确" in refused.content.decode()
    device.refresh_from_db()
    assert (device.confirmed, SESSION_KEY in client.session) == (False, False)

    done = client.post("/accounts/login/enrol/", {"code": current_code(device)})

    assert (done.status_code, done["Location"]) == (302, "/workspace/triage/")
    device.refresh_from_db()
    assert device.confirmed is True
    assert client.session[SESSION_KEY] == str(handler.pk)
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert SESSION_PENDING not in client.session
    assert signed_in(client)
    assert list(
        AuditRecord.objects.order_by("id").values_list("action", "actor_name", "outcome")
    ) == [
        ("auth.login_failed", "zhangsan", "denied"),
        ("auth.otp_enrolled", "zhangsan", "success"),
        ("auth.login", "zhangsan", "success"),
    ]


def test_enrolled_accounts_are_asked_for_the_code(handler: Any) -> None:
    device = enrolled_device(handler)
    client = Client()

    response = password_step(client, "zhangsan")

    assert response["Location"] == "/accounts/login/verify/"
    assert client.get("/accounts/login/enrol/")["Location"] == "/accounts/login/verify/"
    assert client.get("/accounts/login/verify/").status_code == 200
    refused = client.post("/accounts/login/verify/", {"code": wrong_code(device)})
    assert (refused.status_code, SESSION_KEY in client.session) == (200, False)
    done = client.post("/accounts/login/verify/", {"code": current_code(device)})
    assert (done.status_code, done["Location"]) == (302, "/workspace/")
    assert signed_in(client)


def test_a_wrong_password_never_reaches_the_code_step(handler: Any) -> None:
    enrolled_device(handler)
    client = Client()

    response = password_step(client, "zhangsan", password="Wrong-Password-1")

    assert response.status_code == 200
    assert "正确的" in response.content.decode()
    assert SESSION_PENDING not in client.session
    assert client.get("/accounts/login/verify/")["Location"] == "/accounts/login/"
    assert client.post("/accounts/login/verify/", {"code": "123456"})["Location"] == (
        "/accounts/login/"
    )
    assert SESSION_KEY not in client.session


def test_the_code_step_expires_after_five_minutes(handler: Any) -> None:
    device = enrolled_device(handler)
    client = Client()
    password_step(client, "zhangsan")
    session = client.session
    session[SESSION_PENDING] = {**session[SESSION_PENDING], "at": 0}
    session.save()

    response = client.post("/accounts/login/verify/", {"code": current_code(device)})

    assert response["Location"] == "/accounts/login/"
    assert SESSION_KEY not in client.session


def test_a_code_is_accepted_only_once(handler: Any) -> None:
    device = enrolled_device(handler)
    first = Client()
    sign_in(first, handler, device)
    assert signed_in(first)
    code = current_code(device)  # the one just used (same 30-second step)

    second = Client()
    password_step(second, "zhangsan")
    replay = second.post("/accounts/login/verify/", {"code": code})

    assert replay.status_code == 200
    assert SESSION_KEY not in second.session


def test_the_next_address_must_be_on_this_site(handler: Any) -> None:
    device = enrolled_device(handler)
    client = Client()
    password_step(client, "zhangsan", next="https://evil.example/")

    done = client.post("/accounts/login/verify/", {"code": current_code(device)})

    assert done["Location"] == "/workspace/"


def test_the_enrolment_page_escapes_the_account_name(db: Any) -> None:
    from django.contrib.auth.models import User

    User.objects.create_user(username='<i>x"</i>', password=PASSWORD)
    client = Client()
    password_step(client, '<i>x"</i>')

    html = client.get("/accounts/login/enrol/").content.decode()

    assert "&lt;i&gt;x&quot;&lt;/i&gt;" in html
    assert "<i>" not in html
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert ("script" in svg, "style=" in svg, "x&quot;" in svg) == (False, False, False)


def test_the_admin_signs_in_through_the_same_flow(admin_user: Any) -> None:
    client = Client()

    response = client.get("/admin/letters/letter/")
    follow = client.get(response["Location"])

    assert response["Location"] == "/admin/login/?next=/admin/letters/letter/"
    assert follow["Location"] == "/accounts/login/?next=/admin/letters/letter/"
    posted = client.post("/admin/login/", {"username": "admin", "password": "password"})
    assert (posted.status_code, SESSION_KEY in client.session) == (302, False)
    device = enrolled_device(admin_user)
    password_step(client, "admin", password="password", next="/admin/letters/letter/")
    done = client.post("/accounts/login/verify/", {"code": current_code(device)})
    assert done["Location"] == "/admin/letters/letter/"
    assert client.get("/admin/letters/letter/").status_code == 200


def test_sign_out_ends_the_session(handler: Any) -> None:
    client = Client()
    sign_in(client, handler, enrolled_device(handler))

    response = client.post("/accounts/logout/")

    assert response["Location"] == "/accounts/login/"
    assert not signed_in(client)
    assert client.get("/accounts/logout/").status_code == 405
