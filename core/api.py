"""API conventions shared by every app: error bodies, throttles, input validation.

Error body (every 4xx): ``{"detail": "<Chinese sentence>", "errors": {field: [messages]}}``
where ``errors`` names each bad field with a Chinese message that starts with the field's
label, e.g. ``{"phone": ["「联系电话」：格式不正确……"]}``.
"""

from __future__ import annotations

import ipaddress
import logging
import math
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from core.errors import ActionRefused
from core.middleware import client_ip

logger = logging.getLogger(__name__)

INVALID_INPUT = "提交的内容有误，请按提示修改后重试。"


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "提交的内容过大。"
    default_code = "payload_too_large"


class Conflict(exceptions.APIException):
    """409; ``hits`` (optional) lists item by item what stands in the way."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = "请求与当前状态冲突。"
    default_code = "conflict"

    def __init__(self, detail: str | None = None, hits: list[dict[str, Any]] | None = None):
        super().__init__(detail)
        self.hits = hits or []


def _as_lists(errors: Any) -> dict[str, list[str]]:
    if isinstance(errors, dict):
        result: dict[str, list[str]] = {}
        for key, value in errors.items():
            field = "non_field_errors" if key in ("__all__", None) else str(key)
            result[field] = _flatten(value)
        return result
    return {"non_field_errors": _flatten(errors)}


def _flatten(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [msg for inner in value.values() for msg in _flatten(inner)]
    if isinstance(value, list | tuple):
        return [msg for item in value for msg in _flatten(item)]
    return [str(value)]


def validate_input(serializer: serializers.Serializer[Any]) -> dict[str, Any]:
    """Run a serializer and raise a 400 whose messages start with each field's label."""
    if serializer.is_valid():
        return dict(serializer.validated_data)
    labelled: dict[str, list[str]] = {}
    for name, messages in _as_lists(serializer.errors).items():
        field = serializer.fields.get(name)
        label = str(field.label) if field is not None and field.label else None
        labelled[name] = [
            msg if (label is None or msg.startswith("「")) else f"「{label}」：{msg}"
            for msg in messages
        ]
    raise exceptions.ValidationError(labelled)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Every refusal of a service becomes its HTTP answer here (``core.errors``): bad
    input 400 naming the fields, not permitted 403, not allowed in this state 409."""
    if isinstance(exc, ActionRefused):
        exc = Conflict(exc.message, hits=exc.hits)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or "无权执行此操作。")
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    elif isinstance(exc, RequestDataTooBig):
        exc = PayloadTooLarge()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = {"detail": INVALID_INPUT, "errors": _as_lists(exc.detail)}
    elif isinstance(exc, exceptions.Throttled):
        response.data = {"detail": throttle_wait_text(getattr(exc, "wait", None)), "errors": {}}
    elif isinstance(response.data, dict) and "detail" in response.data:
        response.data = {"detail": str(response.data["detail"]), "errors": {}}
        if isinstance(exc, Conflict) and exc.hits:
            response.data["hits"] = exc.hits
    return response


def throttle_wait_text(wait: float | None) -> str:
    if wait is None:
        return "操作过于频繁，请稍后再试。"
    seconds = max(1, math.ceil(wait))
    if seconds < 120:
        return f"操作过于频繁，请{seconds}秒后再试。"
    if seconds < 2 * 3600:
        return f"操作过于频繁，请{math.ceil(seconds / 60)}分钟后再试。"
    return f"操作过于频繁，请{math.ceil(seconds / 3600)}小时后再试。"


class DeskThrottle(ScopedRateThrottle):
    """Per-client-IP rate limit of the view's ``throttle_scope``; fails open when the cache
    (Redis) is unreachable: an outage must delay work, never refuse letters (DESIGN.md §9).

    The client is ``core.middleware.client_ip`` (X-Forwarded-For only from trusted
    proxies); IPv6 clients are counted per /64, the block one subscriber usually holds.
    Subclasses count per a value the request carries instead (``ValueThrottle``).
    """

    def get_rate(self) -> str | None:
        # Read at call time so deployments (and tests) can change rates without a restart.
        rates: dict[str, str] = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
        return rates.get(self.scope) if self.scope else None

    def get_ident(self, request: Any) -> str:
        ip = client_ip(request)
        try:
            address = ipaddress.ip_address(ip)
        except ValueError:
            return ip
        if address.version == 6:
            return str(ipaddress.ip_network(f"{address}/64", strict=False))
        return ip

    def allow_request(self, request: Any, view: Any) -> bool:
        try:
            return super().allow_request(request, view)
        except exceptions.APIException:
            raise  # e.g. a malformed body met while reading a throttled value
        except Exception as exc:  # cache backend down
            logger.warning("rate limit skipped, cache unavailable: %s", type(exc).__name__)
            return True


def throttle_wait(request: Any, view_class: type[APIView]) -> float | None:
    """Apply an API view's rate limits to a plain Django request (a web form), so the
    portal's forms and the API draw on one budget. Seconds to wait, or None if allowed."""
    view = view_class()
    waits = [t.wait() for t in view.get_throttles() if not t.allow_request(request, view)]
    if not waits:
        return None
    return max((wait for wait in waits if wait is not None), default=0.0)


class ValueThrottle(DeskThrottle):
    """Rate limit per a value of the request (a phone number, a tracking number), so that
    spreading requests over many IP addresses does not lift the limit.

    The view names the scope in the attribute ``scope_attr`` of the subclass; ``ident``
    returns a keyed hash of the normalised value (personal data never reaches the cache),
    or None when the request carries no usable value (the serializer will refuse it).
    """

    def ident(self, request: Any) -> str | None:
        raise NotImplementedError

    def get_cache_key(self, request: Any, view: Any) -> str | None:
        ident = self.ident(request)
        if not ident:
            return None
        return self.cache_format % {"scope": self.scope, "ident": ident}


class PublicAPIView(APIView):
    """Anonymous endpoint: no session (so no CSRF), rate-limited per client IP."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    throttle_classes: list[Any] = [DeskThrottle]
    throttle_scope = "public"
