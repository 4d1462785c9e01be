"""Request context for the audit log: the client IP and a request id on every request;
an unexpected exception under /api/ answered as JSON."""

from __future__ import annotations

import ipaddress
import re
import uuid
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

from csp.constants import HEADER as CSP_HEADER
from csp.constants import HEADER_REPORT_ONLY as CSP_HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject
from csp.middleware import CSPMiddleware as BaseCSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core import signals
from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.log import log_response

from core.audit import request_id, request_ip

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
API_PREFIX = "/api/"
SERVER_ERROR = "服务器内部错误，请稍后重试；如果问题持续，请联系网站管理员。"
# Exceptions Django answers itself (its 404/403/400 handlers, which desk.views makes JSON
# under /api/); anything else escaping a view is a server error.
_HANDLED_BY_DJANGO = (Http404, PermissionDenied, BadRequest, SuspiciousOperation)


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def api_error(status: int, detail: str) -> JsonResponse:
    """An error in the API's format (core.api): ``{"detail": …, "errors": {}}``."""
    return JsonResponse(
        {"detail": detail, "errors": {}}, status=status, json_dumps_params={"ensure_ascii": False}
    )


IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _trusted_networks(values: tuple[str, ...]) -> tuple[IPNetwork, ...]:
    return tuple(ipaddress.ip_network(value, strict=False) for value in values)


def _parse_ip(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        address = ipaddress.ip_address(value.strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def client_ip(request: HttpRequest | Any) -> str:
    """The client's IP address: the one place throttles, captcha and audit log ask.

    ``X-Forwarded-For`` is believed only when the peer (``REMOTE_ADDR``) is one of
    ``settings.DESK_TRUSTED_PROXIES``; then the rightmost address that is not a trusted
    proxy is the client (anything left of it was written by the client and may be
    forged). Otherwise the peer itself is the client.
    """
    remote = str(request.META.get("REMOTE_ADDR", ""))
    peer = _parse_ip(remote)
    if peer is None:
        return remote
    trusted = _trusted_networks(tuple(getattr(settings, "DESK_TRUSTED_PROXIES", ())))
    if not _in(peer, trusted):
        return str(peer)
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    nearest = peer
    for hop in reversed(hops):
        address = _parse_ip(hop)
        if address is None:
            break  # garbage from the client side: stop at the last good hop
        if not _in(address, trusted):
            return str(address)
        nearest = address
    return str(nearest)


def _in(
    address: ipaddress.IPv4Address | ipaddress.IPv6Address, networks: Sequence[IPNetwork]
) -> bool:
    return any(address.version == net.version and address in net for net in networks)


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        rid = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        ip_token = request_ip.set(client_ip(request))
        id_token = request_id.set(rid)
        try:
            response = self.get_response(request)
        finally:
            request_ip.reset(ip_token)
            request_id.reset(id_token)
        response["X-Request-ID"] = rid
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        """A view under /api/ raised: answer JSON, also with DEBUG on (Django would show
        its HTML debug page). Logged and signalled as Django does for its own 500 (error
        reporters and the test client see the exception)."""
        if not is_api(request) or isinstance(exception, _HANDLED_BY_DJANGO):
            return None
        signals.got_request_exception.send(sender=None, request=request)
        response = api_error(500, SERVER_ERROR)
        log_response(
            "Internal Server Error: %s",
            request.path,
            response=response,
            request=request,
            exception=exception,
        )
        return response


# Attributes by which a view changes the policy of its response (django-csp decorators).
_CSP_CUSTOMISED = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
)


class CSPMiddleware(BaseCSPMiddleware):
    """django-csp's middleware with the site's policy built once, not on every response.

    django-csp 4 builds the Content-Security-Policy header and its report-only twin from
    the settings on every response (a deep copy of the settings and the header text, about
    4 % of an intake request's CPU). A response whose view did not change the policy (no
    ``csp_update``/``csp_replace``/``csp_exempt`` decorator, no nonce taken) gets the
    policy built the first time, again whenever the settings objects change; any other
    response goes through django-csp's own code."""

    def __init__(self, get_response: Any) -> None:
        super().__init__(get_response)
        self._built: tuple[object, object, str, str] | None = None

    def process_response(self, request: HttpRequest, response: Any) -> Any:
        exempt = getattr(response, "_csp_exempt", False) or getattr(
            response, "_csp_exempt_ro", False
        )
        if (
            exempt
            or getattr(request, "_csp_nonce", None) is not None
            or any(hasattr(response, name) for name in _CSP_CUSTOMISED)
            or (settings.DEBUG and response.status_code in (404, 500))
        ):
            return super().process_response(request, response)
        policy = getattr(settings, "CONTENT_SECURITY_POLICY", None)
        report_only = getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
        built = self._built
        if built is None or built[0] is not policy or built[1] is not report_only:
            built = (policy, report_only, build_policy(), build_policy(report_only=True))
            self._built = built
        for header, value, config in (
            (CSP_HEADER, built[2], policy),
            (CSP_HEADER_REPORT_ONLY, built[3], report_only),
        ):
            prefixes = tuple((config or {}).get("EXCLUDE_URL_PREFIXES", None) or ())
            if value and header not in response and not request.path_info.startswith(prefixes):
                response[header] = value
        # As django-csp: a nonce asked for after the header was written is an error.
        request.csp_nonce = CheckableLazyObject(  # type: ignore[attr-defined]
            self._csp_nonce_post_response
        )
        return response
