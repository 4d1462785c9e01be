"""Open311 GeoReport v2 endpoints under ``/open311/v2/`` (``.json`` or ``.xml``).

``GET services``: the services (``open311.georeport.services``). ``POST requests``: a new
letter through the intake service (``letter_submit``) by a partner system holding the
``letters:submit`` scope (``api_key``), with the partner's channel as its source and the
location stored. ``GET requests`` and ``GET requests/{id}``: public status only
(``open311.georeport``). Every error is the spec's list of ``code`` and a Chinese
``description`` naming the parameter. Anonymous reads are rate-limited per client address
like the public letters (``public_letters``, ``public``); a partner's writes by its own
limit (``open311.auth.PartnerThrottle``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.views import APIView

from core.api import DeskThrottle, PayloadTooLarge
from core.api import exception_handler as desk_exception_handler
from letters import validators as rules
from letters.api.serializers import LetterSubmitSerializer, submission_from
from letters.services.intake import letter_submit
from letters.validators import REQUEST_TOO_LARGE, request_too_large
from open311 import georeport, partners
from open311.auth import (
    Open311KeyAuthentication,
    PartnerScopePermission,
    PartnerThrottle,
    partner_of,
)
from open311.models import PartnerScope

# Open311 parameters and what they are, for the error descriptions.
PARAM_LABELS = {
    "api_key": "接入密钥",
    "service_code": "服务代码",
    "description": "来信内容",
    "first_name": "名",
    "last_name": "姓",
    "phone": "联系电话",
    "email": "电子邮箱",
    "lat": "纬度",
    "long": "经度",
    "address_string": "事发地点",
    "attribute[url]": "问题网页地址",
    "attribute[consent_public]": "同意公开",
    "service_request_id": "服务请求编号",
    "start_date": "开始时间",
    "end_date": "结束时间",
    "status": "状态",
}
# Fields of the intake (serializer and service) → the Open311 parameter carrying them.
INTAKE_PARAMS = {
    "kind": "service_code",
    "error_type": "service_code",
    "leader": "service_code",
    "solicitation": "service_code",
    "title": "description",
    "body": "description",
    "name": "last_name",
    "phone": "phone",
    "email": "email",
    "url": "attribute[url]",
    "consent_public": "attribute[consent_public]",
}
_LABEL = re.compile(r"^「[^」]*」：")
TRUE = {"1", "true", "yes", "on"}
FALSE = {"", "0", "false", "no", "off"}
MAX_IDS = 100
NOT_PUBLIC = "未找到该服务请求，或该请求不公开。"


def field_error(param: str, message: str) -> str:
    """``phone（联系电话）：格式不正确……``: the parameter, its meaning, the reason."""
    return f"{param}（{PARAM_LABELS.get(param, param)}）：{_LABEL.sub('', message, count=1)}"


def _refuse(errors: dict[str, list[str]]) -> ValidationError:
    return ValidationError(
        {param: [field_error(param, m) for m in messages] for param, messages in errors.items()}
    )


def _intake_errors(errors: dict[str, Any]) -> ValidationError:
    mapped: dict[str, list[str]] = {}
    if "body" in errors:
        # The title is made from the description: say what is wrong with it once.
        errors = {name: value for name, value in errors.items() if name != "title"}
    for name, messages in errors.items():
        items = messages if isinstance(messages, list) else [messages]
        mapped.setdefault(INTAKE_PARAMS.get(name, name), []).extend(str(m) for m in items)
    return _refuse(mapped)


class Open311View(APIView):
    """Spec errors in the requested format; no content negotiation (the suffix decides)."""

    renderer_classes = [JSONRenderer]
    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    throttle_classes: list[Any] = [DeskThrottle]
    throttle_scope = "public"

    def perform_content_negotiation(self, request: Request, force: bool = False) -> Any:
        return (JSONRenderer(), "application/json")

    def get_exception_handler(self) -> Callable[[Exception, dict[str, Any]], HttpResponse | None]:
        def handler(exc: Exception, context: dict[str, Any]) -> HttpResponse | None:
            response = desk_exception_handler(exc, context)
            if response is None:
                return None
            data = response.data if isinstance(response.data, dict) else {}
            errors: dict[str, list[str]] = data.get("errors") or {}
            descriptions = [m for messages in errors.values() for m in messages]
            if not descriptions:
                descriptions = [str(data.get("detail") or "请求有误。")]
            fmt = str(context["kwargs"].get("fmt", "json"))
            answer = georeport.render_errors(fmt, response.status_code, descriptions)
            for header in ("Retry-After", "WWW-Authenticate", "Allow"):
                if header in response:
                    answer[header] = response[header]
            return answer

        return handler


class ServicesView(Open311View):
    @extend_schema(exclude=True)
    def get(self, request: Request, fmt: str) -> HttpResponse:
        rows = [georeport.service_dict(s) for s in georeport.services()]
        return georeport.render(fmt, rows, root="services", item="service")


def _parse_instant(param: str, raw: str, *, end: bool) -> datetime:
    value = parse_datetime(raw) if "T" in raw or " " in raw else None
    if value is None:
        day = parse_date(raw) if len(raw) == 10 else None
        if day is None or not 1900 <= day.year <= 2200:
            raise _refuse(
                {
                    param: [
                        "时间格式不正确，应为 ISO 8601，例如 2026-11-01T00:00:00+08:00 或 2026-11-01。"
                    ]
                }
            )
        value = datetime.combine(day, time.max if end else time.min)
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def _query(params: Any) -> georeport.RequestQuery:
    """The spec's search parameters, each refused with its name when malformed."""
    ids_raw = str(params.get("service_request_id") or "").strip()
    ids = tuple(dict.fromkeys(i.strip().upper() for i in ids_raw.split(",") if i.strip()))
    if len(ids) > MAX_IDS or any(len(i) > 32 for i in ids):
        raise _refuse(
            {"service_request_id": [f"最多{MAX_IDS}个编号，以逗号分隔，每个不超过32个字符。"]}
        )
    code = str(params.get("service_code") or "").strip()
    if code and georeport.service_by_code(code) is None:
        raise _refuse({"service_code": [f"没有服务代码“{code[:40]}”，请从 services 列表中选择。"]})
    raw_statuses = str(params.get("status") or "").strip().lower()
    statuses = tuple(sorted({s.strip() for s in raw_statuses.split(",") if s.strip()}))
    if not set(statuses) <= {"open", "closed"}:
        raise _refuse({"status": ["应为 open（办理中）或 closed（已办结），多个以逗号分隔。"]})
    start_raw = str(params.get("start_date") or "").strip()
    end_raw = str(params.get("end_date") or "").strip()
    start = _parse_instant("start_date", start_raw, end=False) if start_raw else None
    end = _parse_instant("end_date", end_raw, end=True) if end_raw else None
    if start is not None and end is not None and end < start:
        raise _refuse({"end_date": ["结束时间不能早于开始时间。"]})
    return georeport.RequestQuery(
        ids=ids, service_code=code, start=start, end=end, statuses=statuses
    )


def _flag(params: Any, param: str) -> bool:
    raw = str(params.get(param) or "").strip().lower()
    if raw in TRUE:
        return True
    if raw in FALSE:
        return False
    raise _refuse({param: ["应为 true 或 false。"]})


def _coordinate(params: Any, param: str, limit: int) -> Decimal | None:
    raw = str(params.get(param) or "").strip()
    if not raw:
        return None
    try:
        value = Decimal(raw)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or not -limit <= value <= limit:
        raise _refuse({param: [f"应为 -{limit} 至 {limit} 之间的十进制度数。"]})
    return value.quantize(Decimal("0.000001"))


class RequestsView(Open311View):
    """``GET``: public statuses; ``POST``: a partner creates a request (a letter)."""

    parser_classes = [FormParser, MultiPartParser, JSONParser]
    partner_scope = PartnerScope.SUBMIT

    @property
    def writing(self) -> bool:
        request = getattr(self, "request", None)  # None while the schema generator looks
        return request is not None and request.method == "POST"

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        if self.writing and request_too_large(request.META, settings.DESK_REQUEST_MAX_BYTES):
            raise PayloadTooLarge(REQUEST_TOO_LARGE)
        super().initial(request, *args, **kwargs)

    def get_authenticators(self) -> list[Any]:
        return [Open311KeyAuthentication()] if self.writing else []

    def get_permissions(self) -> list[Any]:
        return [PartnerScopePermission()] if self.writing else [AllowAny()]

    def get_throttles(self) -> list[Any]:
        if self.writing:
            return [PartnerThrottle()]
        self.throttle_scope = "public_letters"
        return [DeskThrottle()]

    @extend_schema(exclude=True)
    def get(self, request: Request, fmt: str) -> HttpResponse:
        letters = georeport.find_requests(_query(request.query_params))
        rows = [georeport.request_dict(letter) for letter in letters]
        return georeport.render(fmt, rows, root="service_requests", item="request")

    @extend_schema(exclude=True)
    def post(self, request: Request, fmt: str) -> HttpResponse:
        partner = partner_of(request)
        assert partner is not None  # PartnerScopePermission
        params = request.data
        code = str(params.get("service_code") or "").strip()
        service = georeport.service_by_code(code)
        if service is None:
            message = (
                f"没有服务代码“{code[:40]}”，请从 services 列表中选择。"
                if code
                else "请提供服务代码。"
            )
            raise _refuse({"service_code": [message]})
        description = str(params.get("description") or "").replace("\r\n", "\n").strip()
        first_line = description.split("\n", 1)[0].strip()
        title = f"{service.name}：{first_line}"[: rules.TITLE_MAX]
        name = f"{params.get('last_name') or ''}{params.get('first_name') or ''}".strip()
        serializer = LetterSubmitSerializer(
            data={
                "kind": service.kind,
                "title": title,
                "body": description,
                "name": name,
                "phone": str(params.get("phone") or ""),
                "email": str(params.get("email") or ""),
                "url": str(params.get("attribute[url]") or ""),
                "error_type": service.error_type,
                "consent_public": _flag(params, "attribute[consent_public]"),
            }
        )
        if not serializer.is_valid():
            raise _intake_errors(serializer.errors)
        latitude = _coordinate(params, "lat", 90)
        longitude = _coordinate(params, "long", 180)
        if (latitude is None) != (longitude is None):
            raise _refuse({"lat" if latitude is None else "long": ["经纬度须同时提供。"]})
        location = str(params.get("address_string") or "").strip()
        if len(location) > 200:
            raise _refuse({"address_string": ["不能超过200个字。"]})
        submission = replace(
            submission_from(serializer.validated_data, source=partner.channel),
            latitude=latitude,
            longitude=longitude,
            location=location,
        )
        try:
            with transaction.atomic():
                letter = letter_submit(submission=submission).letter
                partners.record_submission(partner, letter)
        except DjangoValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
            raise _intake_errors(errors) from None
        notice = (
            f"来信已收到，查询码 {letter.query_code}。"
            "请转告来信人凭信件编号和查询码查询办理进度，查询码不要公开。"
        )
        rows = [
            {
                "service_request_id": letter.tracking_number,
                "service_notice": notice,
                "account_id": None,
            }
        ]
        return georeport.render(fmt, rows, root="service_requests", item="request", status=201)


class RequestDetailView(Open311View):
    throttle_scope = "public_letters"

    @extend_schema(exclude=True)
    def get(self, request: Request, request_id: str, fmt: str) -> HttpResponse:
        letter = georeport.find_request(request_id) if len(request_id) <= 32 else None
        if letter is None:
            raise NotFound(NOT_PUBLIC)
        rows = [georeport.request_dict(letter)]
        return georeport.render(fmt, rows, root="service_requests", item="request")
