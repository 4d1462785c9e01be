"""Password rules per 等保2.0: length, three of four character classes, common
passwords (Django's list and Chinese-context ones), no reuse of the last five, expiry after
DESK_PASSWORD_MAX_AGE_DAYS with the change page before anything else."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from accounts.models import PasswordHistory, StaffSession
from accounts.validators import ChineseCommonPasswordValidator
from core.models import AuditRecord
from tests.accounts.conftest import PASSWORD, enrolled_device, sign_in

pytestmark = pytest.mark.django_db


def _codes(password: str, user: Any = None) -> set[str]:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        return {str(error.code) for error in exc.error_list}
    return set()


@pytest.mark.parametrize(
    ("password", "codes"),
    [
        ("Ab1!ab1!x", {"password_too_short"}),
        ("abcdefghijkl", {"password_too_simple", "password_too_guessable"}),
        ("lower-only-words", {"password_too_simple"}),
        (
            "2026052012345",
            {"password_too_simple", "password_entirely_numeric", "password_too_guessable"},
        ),
        ("qwer1234!@#$", {"password_too_common", "password_too_guessable"}),
        ("P@ssw0rd123", {"password_too_common", "password_too_guessable"}),
        # Three character classes and 12 characters, yet a common word, digits in a row
        # and a symbol: the strength estimate (zxcvbn) refuses it.
        ("Password123!", {"password_too_guessable"}),
        ("Zhangsan@2026", set()),
        ("Linjiang@123", {"password_too_common"}),
        ("Linjiang-Desk-2026", set()),
        ("xin-ban-tai-2026", set()),
        ("Guan Li Yuan Mi Ma", set()),
    ],
)
def test_password_rules(password: str, codes: set[str]) -> None:
    assert _codes(password) == codes


def test_a_guessable_password_is_refused_in_chinese_naming_why() -> None:
    with pytest.raises(ValidationError) as refused:
        validate_password("Password123!")

    assert refused.value.messages == [
        "密码强度不足（强度1级，至少需要3级，共4级），容易被猜到。"
        "与常用密码过于相似（大小写、数字或符号替换不能让它变安全）。"
        "请换一个更长、不含常用单词、姓名、日期、键盘顺序和账号信息的密码，"
        "例如由几个不相关的词语拼音加数字和符号组成。"
    ]


def test_the_account_s_own_name_is_a_known_word() -> None:
    user = User(username="zhangsan", first_name="三", last_name="张", email="zs@example.gov.cn")

    assert _codes("zhangsan-zhangsan-9", user) == {"password_too_guessable"}
    assert _codes("zhangsan-zhangsan-9", User(username="lisi")) == set()


def test_the_change_page_refuses_password123(handler: Any) -> None:
    client = Client()
    sign_in(client, handler, enrolled_device(handler))

    refused = client.post(
        "/accounts/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "Password123!",
            "new_password2": "Password123!",
        },
    )

    assert refused.status_code == 200
    assert "密码强度不足（强度1级，至少需要3级，共4级）" in refused.content.decode()
    handler.refresh_from_db()
    assert handler.check_password(PASSWORD)
    assert PasswordHistory.objects.filter(user=handler).count() == 1


@pytest.mark.parametrize("password", ["a1234567890", "woaini1314", "qwer1234!", "P@ssw0rd"])
def test_common_chinese_context_passwords_are_refused(password: str) -> None:
    with pytest.raises(ValidationError) as refused:
        ChineseCommonPasswordValidator().validate(password)
    assert refused.value.messages == ["这个密码太常见，容易被猜到，请换一个。"]


def test_the_last_five_passwords_cannot_be_reused() -> None:
    user = User.objects.create_user(username="lisi", password="Old-password-0")
    for n in range(1, 6):
        user.set_password(f"Old-password-{n}")
        user.save()

    assert PasswordHistory.objects.filter(user=user).count() == 5
    reused = [_codes(f"Old-password-{n}", user) for n in range(6)]
    assert reused == [set()] + [{"password_reused"}] * 5


def test_the_change_page_changes_the_password_and_keeps_the_session(handler: Any) -> None:
    client = Client()
    sign_in(client, handler, enrolled_device(handler))

    refused = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": PASSWORD, "new_password2": PASSWORD},
    )
    assert "不能使用最近5次用过的密码。" in refused.content.decode()
    response = client.post(
        "/accounts/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "Xin-Mi-Ma-2026",
            "new_password2": "Xin-Mi-Ma-2026",
        },
    )

    assert response["Location"] == "/workspace/"
    handler.refresh_from_db()
    assert handler.check_password("Xin-Mi-Ma-2026")
    assert PasswordHistory.objects.filter(user=handler).count() == 2
    assert client.get("/accounts/password/").status_code == 200  # still signed in
    assert StaffSession.objects.get(user=handler).session_key == client.session.session_key
    assert AuditRecord.objects.filter(action="auth.password_changed").count() == 1


def test_an_expired_password_must_be_changed_before_anything_else(handler: Any) -> None:
    PasswordHistory.objects.filter(user=handler).update(
        created_at=timezone.now() - timedelta(days=90, minutes=1)
    )
    client = Client()
    sign_in(client, handler, enrolled_device(handler))

    page = client.get("/workspace/")
    api = client.get("/api/v1/staff/letters/")
    form = client.get("/accounts/password/")

    assert page["Location"] == "/accounts/password/?next=%2Fworkspace%2F"
    assert (api.status_code, api.json()["detail"]) == (403, "密码已超过有效期，请先修改密码。")
    assert "您的密码已使用超过 90 天" in form.content.decode()
    client.post(
        "/accounts/password/?next=/workspace/",
        {
            "old_password": PASSWORD,
            "new_password1": "Xin-Mi-Ma-2026",
            "new_password2": "Xin-Mi-Ma-2026",
        },
    )
    assert client.get("/api/v1/staff/letters/").status_code == 200


def test_a_password_younger_than_the_limit_is_not_expired(handler: Any) -> None:
    PasswordHistory.objects.filter(user=handler).update(
        created_at=timezone.now() - timedelta(days=89)
    )
    client = Client()
    sign_in(client, handler, enrolled_device(handler))

    assert client.get("/api/v1/staff/letters/").status_code == 200
