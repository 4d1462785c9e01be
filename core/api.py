"""API conventions shared by every app: error bodies, throttles, input validation.

Error body (every 4xx): ``{"detail": "<Chinese sentence>", "errors": {field: [messages]}}``
where ``errors`` names each bad field with a Chinese message that starts with the field's
label, e.g. ``{"phone": ["「联系电话」：格式不正确……"]}``.
"""

from __future__ import annotations

import copy
import ipaddress
import logging
import math
import re
import sys
import time
from collections.abc import Sequence
from types import SimpleNamespace
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpResponse
from rest_framework import exceptions, serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.validators import ProhibitSurrogateCharactersValidator
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from core.cache import Window, WindowCheck, window_hit, window_hits
from core.errors import ActionRefused
from core.middleware import client_ip

logger = logging.getLogger(__name__)

INVALID_INPUT = "提交的内容有误，请按提示修改后重试。"
NOT_FOUND = "未找到。"
# Messages of Django/DRF validators that are missing or wrong in their zh-hans catalogues,
# by error code (Django's "Null characters are not allowed." reads 不允许是用空字符串).
CODE_MESSAGES = {
    "null_characters_not_allowed": "不能包含空字符（NUL）。",
    "surrogate_characters_not_allowed": "不能包含无效的 Unicode 字符（代理码位）。",
}
_CJK = re.compile(r"[\u4e00-\u9fff]")
_JSON_POSITION = re.compile(r"line (\d+) column (\d+)")


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
    code = getattr(value, "code", None)
    if isinstance(code, str) and code in CODE_MESSAGES:
        return [CODE_MESSAGES[code]]
    return [str(value)]


def parse_error_text(detail: str) -> str:
    """A parser's refusal of a malformed body (DRF words them in English) in Chinese."""
    if detail.startswith("JSON parse error"):
        if "codec can't decode" in detail:
            return "请求体不是 UTF-8 编码的 JSON，无法解析。"
        position = _JSON_POSITION.search(detail)
        where = f"（第{position[1]}行第{position[2]}列附近）" if position else ""
        return f"请求体不是有效的 JSON{where}，无法解析。"
    if detail.startswith(("Multipart form parse error", "FileUpload parse error")):
        return "请求体不是有效的表单数据（multipart/form-data），无法解析。"
    if _CJK.search(detail):
        return detail
    return "请求体格式不正确，无法解析。"


def media_type_text(request: Any) -> str:
    sent = str(getattr(request, "content_type", "") or "").split(";", 1)[0].strip()[:100]
    if not sent:
        return "请求体缺少类型（Content-Type），请以 JSON（application/json）提交。"
    return f"不支持的请求体类型（Content-Type：{sent}），请以 JSON（application/json）提交。"


# Row ids are 64-bit (BigAutoField); a larger number is no id, and SQLite and PostgreSQL
# refuse to compare with it (OverflowError, a 500) rather than finding nothing.
MAX_ID = 2**63 - 1


def id_field(label: str, **kwargs: Any) -> serializers.IntegerField:
    """An input naming a row by its id: a positive 64-bit integer, else 400 naming it."""
    return serializers.IntegerField(
        label=label,
        min_value=1,
        max_value=MAX_ID,
        error_messages={
            "invalid": "应为数字编号。",
            "min_value": "编号应为正整数。",
            "max_value": "编号超出范围。",
            "max_string_length": "编号超出范围。",
        },
        **kwargs,
    )


class SurrogateCharactersValidator(ProhibitSurrogateCharactersValidator):
    """DRF's refusal of surrogate code points in text, found by one regular-expression
    search (DRF loops over the characters in Python, thousands for a long letter)."""

    SURROGATE = re.compile("[\ud800-\udfff]")

    def __call__(self, value: Any) -> None:
        found = self.SURROGATE.search(str(value))
        if found is not None:
            message = self.message.format(code_point=ord(found.group()))
            raise exceptions.ValidationError(message, code=self.code)


class PrebuiltFields:
    """Mixin for serializers on a hot path (intake): the fields are built once per class
    and each instance gets shallow copies, instead of DRF's deep copy (a new instance of
    every field, rebuilding its validators and messages) or ModelSerializer's mapping of
    the model's fields on every instance. Only for serializers whose fields do not depend
    on the instance or its context. Fields with children (a list's child, a nested
    serializer) are still deep-copied, so that each child's parent is the instance's.
    Text fields check for surrogate characters with one regular-expression search rather
    than DRF's loop over every character (same message and code)."""

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        cls = type(self)
        prototypes = cls.__dict__.get("_prebuilt_fields")
        if prototypes is None:
            prototypes = super().get_fields()  # type: ignore[misc]  # a Serializer's
            for field in prototypes.values():
                field.validators = [
                    SurrogateCharactersValidator()
                    if type(validator) is ProhibitSurrogateCharactersValidator
                    else validator
                    for validator in field.validators
                ]
            cls._prebuilt_fields = prototypes  # type: ignore[attr-defined]
        return {
            name: copy.deepcopy(field) if _has_children(field) else _shallow_copy(field)
            for name, field in prototypes.items()
        }


def _has_children(field: Any) -> bool:
    return hasattr(field, "child") or hasattr(field, "fields")


def _shallow_copy(field: Any) -> Any:
    # copy.copy without its protocol dispatch (__reduce_ex__): a new instance sharing
    # the prototype's attributes, which binding then sets on the copy alone.
    clone = object.__new__(type(field))
    clone.__dict__.update(field.__dict__)
    return clone


def validate_input(serializer: serializers.Serializer[Any]) -> dict[str, Any]:
    """Run a serializer and raise a 400 whose messages start with each field's label."""
    if serializer.is_valid():
        return dict(serializer.validated_data)
    raise exceptions.ValidationError(labelled_errors(serializer))


def labelled_errors(serializer: serializers.Serializer[Any]) -> dict[str, list[str]]:
    """The serializer's errors, each message starting with its field's label."""
    labelled: dict[str, list[str]] = {}
    for name, messages in _as_lists(serializer.errors).items():
        field = serializer.fields.get(name)
        label = str(field.label) if field is not None and field.label else None
        labelled[name] = [
            msg if (label is None or msg.startswith("「")) else f"「{label}」：{msg}"
            for msg in messages
        ]
    return labelled


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
    elif isinstance(exc, Http404):
        # get_object_or_404 says "No Letter matches the given query." in English.
        message = str(exc)
        exc = exceptions.NotFound(message if _CJK.search(message) else NOT_FOUND)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = {"detail": INVALID_INPUT, "errors": _as_lists(exc.detail)}
    elif isinstance(exc, exceptions.ParseError):
        message = parse_error_text(str(exc.detail))
        response.data = {"detail": message, "errors": {"non_field_errors": [message]}}
    elif isinstance(exc, exceptions.UnsupportedMediaType):
        # A body of a type no parser reads is malformed input like any other (400, as
        # the OpenAPI documents for every write), said in Chinese with the type sent.
        message = media_type_text(context.get("request"))
        response.status_code = status.HTTP_400_BAD_REQUEST
        response.data = {"detail": message, "errors": {"non_field_errors": [message]}}
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

    # Whether a request counts against the budget (a FailureThrottle counts failures only).
    counts_requests = True
    window: Window | None = None

    def allow_request(self, request: Any, view: Any) -> bool:
        """DRF's sliding window of the scope's rate, counted in one cache round trip
        (``core.cache.window_hit``) instead of reading and writing the whole history.
        (A view's throttles are counted together: ``count_throttles``.)"""
        return not count_throttles([self], request, view)

    def prepare(self, request: Any, view: Any) -> WindowCheck | None:
        """Set the scope and rate from the view; the window this request counts in, or
        None when no limit applies."""
        self.scope = getattr(view, self.scope_attr, None)
        if not self.scope:
            return None
        self.rate = self.get_rate()
        return self.window_check(request, view)

    def window_check(self, request: Any, view: Any) -> WindowCheck | None:
        """The window of ``self.rate`` (scope and rate already set) this request counts in."""
        if self.rate is None:
            return None
        self.num_requests, self.duration = self.parse_rate(self.rate)
        self.key = self.get_cache_key(request, view)
        if self.key is None or self.num_requests is None or self.duration is None:
            return None
        return WindowCheck(self.key, self.duration, self.num_requests, self.counts_requests)

    def count_request(self, request: Any, view: Any) -> bool:
        """Count this request against ``self.rate`` (scope and rate already set)."""
        try:
            check = self.window_check(request, view)
        except exceptions.APIException:
            raise  # e.g. a malformed body met while reading a throttled value
        except Exception as exc:  # fail open, as when the cache is down
            logger.warning("rate limit skipped: %s", type(exc).__name__)
            return True
        return check is None or not _count_windows([(self, check)], view)

    def wait(self) -> float | None:
        """Seconds until the next request is allowed, as DRF computes it from its history."""
        window = self.window
        if window is None or self.num_requests is None or self.duration is None:
            return super().wait()
        if window.oldest is not None:
            remaining = self.duration - (self.now - window.oldest)
        else:
            remaining = self.duration
        available = self.num_requests - window.count + 1
        if available <= 0:
            return None
        return remaining / float(available)


def count_throttles(
    throttles: list[Any], request: Any, view: Any, looks: list[WindowCheck] | None = None
) -> list[float | None]:
    """Count the request against each throttle's window (``DeskThrottle``s), all in one
    cache round trip (``core.cache.window_hits``); the waits of the throttles that refuse
    it (none: all allow it). Fails open when the cache is unreachable.

    ``looks`` are further windows read in the same round trip (the captcha trigger); their
    windows are handed to ``view.windows_seen`` (None each while the cache is down)."""
    checks: list[tuple[DeskThrottle, WindowCheck]] = []
    for throttle in throttles:
        try:
            check = throttle.prepare(request, view)
        except exceptions.APIException:
            raise  # e.g. a malformed body met while reading a throttled value
        except Exception as exc:  # fail open, as when the cache is down
            logger.warning("rate limit skipped: %s", type(exc).__name__)
            continue
        if check is not None:
            checks.append((throttle, check))
    return _count_windows(checks, view, looks or [])


def _count_windows(
    checks: list[tuple[DeskThrottle, WindowCheck]], view: Any, looks: Sequence[WindowCheck] = ()
) -> list[float | None]:
    """The throttles' windows and ``looks`` in one cache round trip; the refusing waits."""
    if not checks and not looks:
        return []
    now = time.time()
    try:
        windows = window_hits([check for _, check in checks] + list(looks), now=now)
    except Exception as exc:  # cache backend down
        logger.warning("rate limit skipped, cache unavailable: %s", type(exc).__name__)
        if looks:
            view.windows_seen([None] * len(looks))
        return []
    if looks:
        view.windows_seen(windows[len(checks) :])
    waits: list[float | None] = []
    for (throttle, _), window in zip(checks, windows, strict=False):
        throttle.now, throttle.window = now, window
        if not window.allowed:
            waits.append(throttle.wait())
    return waits


class CountedTogether:
    """APIView mixin: the view's rate limits (``DeskThrottle``s) are counted in one cache
    round trip rather than one each (DRF's ``check_throttles``), with any window the view
    reads beside them (``window_looks``, results to ``windows_seen``)."""

    def window_looks(self, request: Any) -> list[WindowCheck]:
        """Windows to read (not count in) with the rate limits: none by default."""
        return []

    def windows_seen(self, windows: list[Window | None]) -> None:
        """The windows of ``window_looks`` (None: the cache was unreachable)."""

    def check_throttles(self, request: Any) -> None:
        throttles = self.get_throttles()  # type: ignore[attr-defined]
        if not all(isinstance(throttle, DeskThrottle) for throttle in throttles):
            super().check_throttles(request)  # type: ignore[misc]
            return
        waits = count_throttles(throttles, request, self, self.window_looks(request))
        if waits:
            known = [wait for wait in waits if wait is not None]
            self.throttled(request, max(known, default=None))  # type: ignore[attr-defined]


def throttle_wait(request: Any, view_class: type[APIView]) -> float | None:
    """Apply an API view's rate limits to a plain Django request (a web form or page), so
    the portal's pages and the API draw on one budget. Seconds to wait, or None if allowed."""
    view = view_class()
    waits = count_throttles(view.get_throttles(), request, view)
    if not waits:
        return None
    return max((wait for wait in waits if wait is not None), default=0.0)


def scope_wait(request: Any, scope: str) -> float | None:
    """``throttle_wait`` for a plain Django view without an API twin (the Atom feed): the
    per-client-IP budget of ``scope``."""
    throttle = DeskThrottle()
    if throttle.allow_request(request, SimpleNamespace(throttle_scope=scope)):
        return None
    return throttle.wait() or 0.0


def retry_after(wait: float | None) -> str:
    """The Retry-After header value (whole seconds, at least 1) for a throttle's wait."""
    return str(max(1, math.ceil(wait or 0)))


def too_many_response(wait: float | None) -> HttpResponse:
    """A plain-text 429 in Chinese with Retry-After, for responses that are not pages or
    API bodies (the Atom feed, the htmx suggestions fragment)."""
    response = HttpResponse(
        throttle_wait_text(wait), status=429, content_type="text/plain; charset=utf-8"
    )
    response["Retry-After"] = retry_after(wait)
    return response


class SearchThrottle(DeskThrottle):
    """Per-client-IP budget of keyword searches (a request with a non-empty ``q``), beside
    the endpoint's own budget: a search costs more than a page of the listing.
    (view: ``search_throttle_scope``)"""

    scope_attr = "search_throttle_scope"

    def get_cache_key(self, request: Any, view: Any) -> str | None:
        params = getattr(request, "GET", None)
        q = params.get("q", "") if params is not None else ""
        if not isinstance(q, str) or not q.strip():
            return None
        return super().get_cache_key(request, view)


class FailureThrottle(DeskThrottle):
    """A budget of *failures* (a wrong query code), not of requests, per client address:
    a request is refused once the failures of its key within the period reach the rate;
    the view records each failure with ``record_failure``. So whoever holds the right code
    is never refused for what others got wrong elsewhere. (view: ``failure_throttle_scope``)

    Subclasses narrow the key (``PairFailureThrottle`` in letters.api.views: per address
    and letter)."""

    scope_attr = "failure_throttle_scope"
    counts_requests = False  # asking is not failing: only record_failure() counts

    def record_failure(self, request: Any, view: Any) -> None:
        try:
            self.scope = getattr(view, self.scope_attr, None)
            if not self.scope:
                return
            self.rate = self.get_rate()
            if self.rate is None:
                return
            self.num_requests, self.duration = self.parse_rate(self.rate)
            key = self.get_cache_key(request, view)
            if key is None or self.duration is None:
                return
            window_hit(key, now=self.timer(), duration=self.duration, limit=sys.maxsize)
        except Exception as exc:  # cache backend down: fail open, as DeskThrottle does
            logger.warning("failure not counted, cache unavailable: %s", type(exc).__name__)


def record_failure(request: Any, view: APIView | type[APIView]) -> None:
    """Count one failure (a wrong code) against the view's failure budgets; pages pass the
    API view's class, so page and API spend one budget."""
    instance = view() if isinstance(view, type) else view
    for throttle in instance.get_throttles():
        if isinstance(throttle, FailureThrottle):
            throttle.record_failure(request, instance)


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


class PublicAPIView(CountedTogether, APIView):
    """Anonymous endpoint: no session (so no CSRF), rate-limited per client IP."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    throttle_classes: list[Any] = [DeskThrottle]
    throttle_scope = "public"
