"""Session rules for signed-in staff, after django-otp's OTPMiddleware:

- a session older than ``DESK_SESSION_MAX_HOURS`` (12) since sign-in ends, however active
  (the 30-minute idle limit is the session expiry, SESSION_COOKIE_AGE);
- a signed-in user without a verified second factor counts as anonymous on every path
  (pages, admin, API), so nothing can bypass TOTP;
- an expired password sends the user to the change page before anything else.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils import timezone

from accounts import services

PASSWORD_EXPIRED = "密码已超过有效期，请先修改密码。"  # noqa: S105 - a message


def _anonymous() -> Any:
    user: Any = AnonymousUser()
    user.otp_device = None
    user.is_verified = lambda: False
    return user


class StaffSessionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if SESSION_KEY in request.session:
            response = self.check(request)
            if response is not None:
                return response
        return self.get_response(request)

    def check(self, request: HttpRequest) -> HttpResponse | None:
        now = timezone.now().timestamp()
        user: Any = request.user
        login_at = request.session.get(services.SESSION_LOGIN_AT)
        max_age = settings.DESK_SESSION_MAX_HOURS * 3600
        if not isinstance(login_at, int | float) or now - login_at >= max_age:
            services.session_expired(request, user)
            self.demote(request)
            return None
        if not user.is_authenticated:
            return None
        if not user.is_verified():
            self.demote(request)
            return None
        expires = request.session.get(services.SESSION_PASSWORD_EXPIRES_AT)
        if isinstance(expires, int | float) and now >= expires:
            return self.password_expired(request)
        return None

    @staticmethod
    def demote(request: HttpRequest) -> None:
        anonymous = _anonymous()
        request.user = anonymous

        async def auser() -> Any:
            return anonymous

        request.auser = auser

    @staticmethod
    def password_expired(request: HttpRequest) -> HttpResponse | None:
        if request.path.startswith("/accounts/"):
            return None  # the change page itself, and signing out
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": PASSWORD_EXPIRED, "errors": {}}, status=403)
        target = reverse("accounts:password")
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        return HttpResponseRedirect(target)
