"""Sign-in pages: password → (first time: enrol an authenticator) → code → session;
password change; sign out; the lockout page django-axes shows."""

from __future__ import annotations

import math
from typing import Any

from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from accounts import services
from accounts.forms import CodeForm
from core.api import DeskThrottle, FailureThrottle, throttle_wait_text

WRONG_CODE = "动态验证码不正确或已使用过，请输入身份验证器中最新的 6 位数字。"


def _safe_next(request: HttpRequest, candidate: str | None) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return str(settings.LOGIN_REDIRECT_URL)


def _too_many(request: HttpRequest) -> HttpResponse | None:
    """Per-address limits of sign-in attempts (every step), beside the axes lockout of an
    (account, address) pair: requests per address, and failures per address whatever the
    account (one address trying many account names)."""
    waits: list[float] = []
    for throttle in (DeskThrottle(), FailureThrottle()):
        if not throttle.allow_request(request, services.LOGIN_SCOPE):
            waits.append(throttle.wait() or 1.0)
    if not waits:
        return None
    return _refused(request, "登录过于频繁", throttle_wait_text(max(waits)), max(waits))


def _refused(request: HttpRequest, title: str, message: str, wait: float) -> HttpResponse:
    response = render(
        request, "accounts/locked.html", {"title": title, "message": message}, status=429
    )
    response["Retry-After"] = str(max(1, math.ceil(wait)))
    return response


def _account_backoff(request: HttpRequest, username: str) -> HttpResponse | None:
    """The per-account backoff (``services.account_backoff_seconds``): refused unheard, the
    password or code is not checked and nothing is counted."""
    seconds = services.account_backoff_seconds(username)
    if seconds <= 0:
        return None
    services.refuse_backoff(username, seconds)
    message = (
        f"该账号近期登录失败次数较多，为保护账号安全，请{seconds}秒后再试。"
        "如果不是您本人在尝试登录，请联系系统管理员。"
    )
    return _refused(request, "请稍后再登录", message, seconds)


@sensitive_post_parameters("password")
@never_cache
@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next"))
    if request.user.is_authenticated:
        return HttpResponseRedirect(next_url)
    form = AuthenticationForm(request, data=request.POST if request.method == "POST" else None)
    form.fields["username"].label = "用户名"
    form.fields["password"].label = "密码"
    if request.method == "POST":
        if (limited := _too_many(request)) is not None:
            return limited
        username = str(request.POST.get("username", ""))[:150]
        if (delayed := _account_backoff(request, username)) is not None:
            return delayed
        if form.is_valid():
            user = form.get_user()
            services.begin_sign_in(request, user, next_url)
            if services.confirmed_device(user) is None:
                return redirect("accounts:enrol")
            return redirect("accounts:verify")
    context = {"form": form, "next": next_url, "failure_limit": settings.AXES_FAILURE_LIMIT}
    return render(request, "accounts/login.html", context)


@sensitive_post_parameters("code")
@never_cache
@require_http_methods(["GET", "POST"])
def verify_view(request: HttpRequest) -> HttpResponse:
    pending = services.pending_sign_in(request)
    if pending is None:
        return redirect("accounts:login")
    device = services.confirmed_device(pending.user)
    if device is None:
        return redirect("accounts:enrol")
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if (limited := _too_many(request)) is not None:
            return limited
        if (done := _check_code(request, form, pending, device)) is not None:
            return done
    return render(request, "accounts/verify.html", {"form": form, "pending": pending})


@sensitive_post_parameters("code")
@never_cache
@require_http_methods(["GET", "POST"])
def enrol_view(request: HttpRequest) -> HttpResponse:
    pending = services.pending_sign_in(request)
    if pending is None:
        return redirect("accounts:login")
    if services.confirmed_device(pending.user) is not None:
        return redirect("accounts:verify")
    device = services.enrolment_device(pending.user)
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if (limited := _too_many(request)) is not None:
            return limited
        if (done := _check_code(request, form, pending, device, enrolling=True)) is not None:
            return done
    context = {
        "form": form,
        "pending": pending,
        # Drawn by segno on the server: SVG paths only, no text from the user.
        "qr_svg": mark_safe(services.qr_svg(device)),  # noqa: S308
        "secret": services.secret_text(device),
    }
    return render(request, "accounts/enrol.html", context)


def _check_code(
    request: HttpRequest,
    form: CodeForm,
    pending: services.Pending,
    device: Any,
    *,
    enrolling: bool = False,
) -> HttpResponse | None:
    if not form.is_valid():
        return None
    user = pending.user
    if (delayed := _account_backoff(request, user.get_username())) is not None:
        return delayed
    if services.locked_out(request, user):
        services.clear_pending(request)
        services.refuse_locked_out(request, user)  # AxesMiddleware answers with the lockout
        return redirect("accounts:login")
    if not services.code_is_valid(device, form.cleaned_data["code"]):
        services.code_failed(request, user)
        form.add_error("code", WRONG_CODE)
        if getattr(request, "axes_locked_out", False):
            services.clear_pending(request)
        return None
    if enrolling:
        services.confirm_device(device)
    services.complete_sign_in(request, pending, device)
    return HttpResponseRedirect(pending.next_url or settings.LOGIN_REDIRECT_URL)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    auth.logout(request)
    messages.info(request, "您已安全退出。")
    return redirect("accounts:login")


@sensitive_post_parameters("old_password", "new_password1", "new_password2")
@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def password_view(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    expires = request.session.get(services.SESSION_PASSWORD_EXPIRES_AT)
    expired = isinstance(expires, int | float) and timezone.now().timestamp() >= expires
    form = PasswordChangeForm(user, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        old_key = request.session.session_key
        form.save()
        auth.update_session_auth_hash(request, form.user)
        services.password_changed(request, form.user, old_key)
        messages.success(request, "密码已修改。")
        return HttpResponseRedirect(_safe_next(request, request.GET.get("next")))
    context = {
        "form": form,
        "expired": expired,
        "max_age_days": settings.DESK_PASSWORD_MAX_AGE_DAYS,
    }
    return render(request, "accounts/password.html", context)


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """django-axes' answer while this account is locked out from this address: 429,
    Retry-After (other addresses are not locked; see services.account_backoff_seconds)."""
    seconds = services.lockout_seconds_left(request, credentials)
    minutes = max(1, math.ceil(seconds / 60))
    message = (
        f"登录失败次数过多，已暂时锁定，请{minutes}分钟后再试。如需立即解锁，请联系系统管理员。"
    )
    response = render(
        request, "accounts/locked.html", {"title": "登录已锁定", "message": message}, status=429
    )
    response["Retry-After"] = str(seconds)
    return response
