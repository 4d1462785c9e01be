"""Request context for the audit log: the client IP and a request id on every request."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from letters.audit import request_id, request_ip

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        rid = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        ip_token = request_ip.set(request.META.get("REMOTE_ADDR", ""))
        id_token = request_id.set(rid)
        try:
            response = self.get_response(request)
        finally:
            request_ip.reset(ip_token)
            request_id.reset(id_token)
        response["X-Request-ID"] = rid
        return response
