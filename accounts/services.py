"""Staff sign-in: password, then the TOTP second factor, then a session.

The flow keeps a short-lived *pending* marker (user id, backend, start time) in the
anonymous session between the password and the code; ``django.contrib.auth.login`` runs
only after a valid code, so every authenticated session is a verified one. Every sign-in
stamps the session with its start time (12-hour absolute limit) and the password's expiry,
and is recorded in ``StaffSession`` so that disabling an account ends all its sessions.
"""

from __future__ import annotations

import math
from base64 import b32encode
from dataclasses import dataclass
from datetime import datetime, timedelta
from importlib import import_module
from types import SimpleNamespace
from typing import Any

import segno
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import auth
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_login_failed
from django.db.models import Max, Sum
from django.http import HttpRequest
from django.utils import timezone
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import PasswordHistory, StaffSession
from core.api import FailureThrottle
from core.audit import audit

SESSION_PENDING = "accounts_pending"
SESSION_LOGIN_AT = "accounts_login_at"
SESSION_PASSWORD_EXPIRES_AT = "accounts_password_expires_at"  # noqa: S105 - a key name
PENDING_SECONDS = 5 * 60  # from the password to the code
DEVICE_NAME = "办理台动态验证码"


# --- Passwords --------------------------------------------------------------------------
def password_set_at(user: Any) -> datetime:
    """When the current password was set: its history row, else account creation."""
    latest = (
        PasswordHistory.objects.filter(user=user).aggregate(at=Max("created_at"))["at"]
        if user.pk
        else None
    )
    when: datetime = latest or user.date_joined
    return when


def password_expires_at(user: Any) -> datetime:
    return password_set_at(user) + timedelta(days=settings.DESK_PASSWORD_MAX_AGE_DAYS)


def recent_password_hashes(user: Any, count: int) -> list[str]:
    if not user.pk:
        return []
    return list(
        PasswordHistory.objects.filter(user=user).values_list("password", flat=True)[:count]
    )


def record_password(user: Any, keep: int) -> None:
    """Remember the user's new password hash; only the newest ``keep`` are kept."""
    if not user.pk or not user.password:
        return
    PasswordHistory.objects.create(user=user, password=user.password)
    stale = PasswordHistory.objects.filter(user=user).values_list("pk", flat=True)[keep:]
    PasswordHistory.objects.filter(pk__in=list(stale)).delete()


# --- The two steps ----------------------------------------------------------------------
@dataclass(frozen=True)
class Pending:
    user: Any
    backend: str
    next_url: str


def begin_sign_in(request: HttpRequest, user: Any, next_url: str) -> None:
    """The password was right: remember who is signing in, not yet signed in."""
    request.session[SESSION_PENDING] = {
        "user": user.pk,
        "backend": user.backend,
        "at": timezone.now().timestamp(),
        "next": next_url,
    }


def pending_sign_in(request: HttpRequest) -> Pending | None:
    data = request.session.get(SESSION_PENDING)
    if not isinstance(data, dict):
        return None
    if timezone.now().timestamp() - float(data.get("at", 0)) > PENDING_SECONDS:
        clear_pending(request)
        return None
    user = get_user_model().objects.filter(pk=int(data.get("user") or 0), is_active=True).first()
    if user is None:
        clear_pending(request)
        return None
    return Pending(user=user, backend=str(data["backend"]), next_url=str(data.get("next", "")))


def clear_pending(request: HttpRequest) -> None:
    request.session.pop(SESSION_PENDING, None)


def confirmed_device(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("id").first()


def enrolment_device(user: Any) -> TOTPDevice:
    """The unconfirmed device shown while enrolling (the same one until confirmed, so a
    reload does not invalidate a scanned code)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// URI as an inline SVG drawn on the server (paths only: no text of the
    URI, no script, no style attribute)."""
    return str(
        segno.make(device.config_url, error="m").svg_inline(
            scale=5, border=4, light="#fff", svgclass="accounts-qr-code", lineclass=None
        )
    )


def secret_text(device: TOTPDevice) -> str:
    """The base32 secret in groups of four, for typing into an authenticator app."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def locked_out(request: HttpRequest, user: Any) -> bool:
    return not AxesProxyHandler.is_allowed(request, {"username": user.get_username()})


def refuse_locked_out(request: HttpRequest, user: Any) -> None:
    """The account or IP got locked while this user was at the code step."""
    request.axes_locked_out = True  # type: ignore[attr-defined]
    request.axes_credentials = {"username": user.get_username()}  # type: ignore[attr-defined]
    audit("auth.locked_out", actor=user.get_username(), outcome="denied")


def code_is_valid(device: TOTPDevice, code: str) -> bool:
    """A 6-digit code from the device's current window; a used code is not accepted again
    and repeated failures slow the device down (django-otp throttling)."""
    code = code.strip().replace(" ", "")
    if not (code.isdigit() and len(code) == device.digits):
        return False
    allowed, _ = device.verify_is_allowed()
    return bool(allowed) and bool(device.verify_token(code))


def code_failed(request: HttpRequest, user: Any) -> None:
    """A wrong code counts as a failed sign-in: audited, and towards the axes lockout."""
    user_login_failed.send(
        sender=__name__,
        credentials={"username": user.get_username()},
        request=request,
        step="totp",
    )


def confirm_device(device: TOTPDevice) -> None:
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    audit("auth.otp_enrolled", actor=device.user, obj=device)


def complete_sign_in(request: HttpRequest, pending: Pending, device: TOTPDevice) -> None:
    """Both factors passed: create the session (new key) and mark it verified."""
    clear_pending(request)
    auth.login(request, pending.user, backend=pending.backend)
    otp_login(request, device)


# --- Sessions ---------------------------------------------------------------------------
def on_user_logged_in(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    """Every new session: its start (absolute limit), the password expiry, and its key."""
    session = request.session
    session[SESSION_LOGIN_AT] = timezone.now().timestamp()
    session[SESSION_PASSWORD_EXPIRES_AT] = password_expires_at(user).timestamp()
    if session.session_key is None:
        session.save()
    cutoff = timezone.now() - timedelta(hours=settings.DESK_SESSION_MAX_HOURS)
    StaffSession.objects.filter(user=user, created_at__lt=cutoff).delete()
    StaffSession.objects.update_or_create(session_key=session.session_key, defaults={"user": user})


def on_user_logged_out(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if request is not None and request.session.session_key:
        StaffSession.objects.filter(session_key=request.session.session_key).delete()


def session_rotated(old_key: str | None, request: HttpRequest) -> None:
    """The session got a new key (password change): follow it."""
    if old_key:
        StaffSession.objects.filter(session_key=old_key).update(
            session_key=request.session.session_key
        )


def password_changed(request: HttpRequest, user: Any, old_key: str | None) -> None:
    session_rotated(old_key, request)
    request.session[SESSION_PASSWORD_EXPIRES_AT] = password_expires_at(user).timestamp()
    audit("auth.password_changed", actor=user, obj=user)


def end_sessions(user: Any) -> int:
    """Delete every session the user holds; their cookies no longer work."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    keys = list(StaffSession.objects.filter(user=user).values_list("session_key", flat=True))
    for key in keys:
        store(session_key=key).delete()
    StaffSession.objects.filter(user=user).delete()
    return len(keys)


def on_user_saved(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    if not created and not instance.is_active and end_sessions(instance):
        audit("auth.sessions_ended", actor=instance, obj=instance, data={"reason": "disabled"})


def session_expired(request: HttpRequest, user: Any) -> None:
    """End a session past its absolute limit."""
    audit("auth.session_expired", actor=user, outcome="denied")
    key = request.session.session_key
    if key:
        StaffSession.objects.filter(session_key=key).delete()
    request.session.flush()


# --- Lockout ----------------------------------------------------------------------------
def on_locked_out(
    sender: Any, request: HttpRequest, username: str, ip_address: str, **kwargs: Any
) -> None:
    audit("auth.locked_out", actor=str(username or "")[:150], outcome="denied")


def lockout_seconds_left(request: HttpRequest, credentials: dict[str, Any] | None) -> int:
    """Seconds until the lockout of this account from this address ends (axes locks the
    pair: AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]])."""
    cool_off = get_cool_off(request)
    if cool_off is None:
        return 0
    username = get_client_username(request, credentials)
    ip = getattr(request, "axes_ip_address", None)
    last = (
        AccessAttempt.objects.filter(username=username or "", ip_address=ip).aggregate(
            at=Max("attempt_time")
        )["at"]
        if ip
        else None
    )
    if last is None:
        seconds: float = cool_off.total_seconds()
        return math.ceil(seconds)
    left: float = (last + cool_off - timezone.now()).total_seconds()
    return max(1, math.ceil(left))


# --- Backoff per account, from any address ----------------------------------------------
def account_backoff_seconds(username: str) -> int:
    """Seconds before the next sign-in attempt for ``username`` is heard, from any address.

    The lockout is per (account, address), so guessing one account from many addresses
    gets 5 tries per address; this slows it down: once the account has
    ``DESK_LOGIN_BACKOFF_AFTER`` failures from anywhere within the lockout period, each
    further attempt waits 1 s, 2 s, 4 s … (at most ``DESK_LOGIN_BACKOFF_MAX_SECONDS``)
    after the latest failure. The real user waits that short delay at worst, never the
    30-minute lockout someone else caused.
    """
    after: int = settings.DESK_LOGIN_BACKOFF_AFTER
    if not username or after <= 0:
        return 0
    cool_off = get_cool_off(None)
    if cool_off is None:
        return 0
    now = timezone.now()
    row = AccessAttempt.objects.filter(
        username=username, attempt_time__gte=now - cool_off
    ).aggregate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
    failures: int = row["failures"] or 0
    if failures < after or row["last"] is None:
        return 0
    delay = min(2 ** min(failures - after, 30), settings.DESK_LOGIN_BACKOFF_MAX_SECONDS)
    left: float = (row["last"] + timedelta(seconds=delay) - now).total_seconds()
    return max(0, math.ceil(left))


# Per-address budgets of the sign-in steps (core.api throttles): requests, and failures
# whatever the account (DESK_RATE_LOGIN, DESK_RATE_LOGIN_FAILURES).
LOGIN_SCOPE = SimpleNamespace(throttle_scope="login", failure_throttle_scope="login_failures")


def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    """A failed sign-in (wrong password or code, any account name) spends the address's
    budget of failures; connected to ``user_login_failed`` (accounts.apps)."""
    if request is not None:
        FailureThrottle().record_failure(request, LOGIN_SCOPE)


def refuse_backoff(username: str, seconds: int) -> None:
    """An attempt refused unheard by the per-account backoff (not counted as a failure)."""
    audit(
        "auth.login_delayed",
        actor=username[:150],
        outcome="denied",
        data={"retry_after": seconds},
    )
