"""Public letters API: intake, lookup and the reference lists the forms need."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from core.api import (
    Conflict,
    DeskThrottle,
    FailureThrottle,
    PayloadTooLarge,
    PublicAPIView,
    ValueThrottle,
    record_failure,
    validate_input,
)
from core.cache import Window, WindowCheck
from core.formats import normalize_phone
from core.middleware import client_ip
from core.openapi import error_response
from letters.api.serializers import (
    DepartmentSerializer,
    LeaderSerializer,
    LetterReceiptSerializer,
    LetterSubmitSerializer,
    LookupSerializer,
    PublicLetterSerializer,
    SolicitationSerializer,
    submission_from,
)
from letters.api.staff_serializers import RateInput
from letters.attachments import UploadTooLarge, inspect_uploads
from letters.choices import LetterSource, WebsiteErrorType
from letters.models import Letter
from letters.selectors import LOOKUP_NOT_FOUND, letter_by_code, lookup_queryset
from letters.services import abuse, workflow
from letters.services.intake import IdempotencyConflict, letter_submit
from letters.validators import REQUEST_TOO_LARGE, request_too_large
from org.models import Department, Leader, Solicitation

IDEMPOTENCY_KEY = re.compile(r"^[A-Za-z0-9_\-:.]{8,128}$")
NOT_FOUND = LOOKUP_NOT_FOUND


def _field(request: Any, name: str) -> str | None:
    # A DRF request's parsed body, or a web form's POST (core.api.throttle_wait).
    data = request.data if isinstance(request, Request) else request.POST
    value = data.get(name) if isinstance(data, Mapping) else None
    return value if isinstance(value, str) else None


class PhoneThrottle(ValueThrottle):
    """Per the writer's phone number, however it is spelled (view: ``phone_throttle_scope``)."""

    scope_attr = "phone_throttle_scope"

    def ident(self, request: Any) -> str | None:
        phone = normalize_phone(_field(request, "phone") or "")
        return abuse.keyed_hash("phone", phone) if phone else None


class PairFailureThrottle(FailureThrottle):
    """Wrong query codes per client address *and* letter (view: ``pair_failure_scope``).

    Beside ``FailureThrottle`` (per address, any letter), never per letter alone: the writer
    with the right code gets in from their own address while someone elsewhere guesses at
    the same letter. Guessing spread over many addresses stays hopeless: a query code has
    40 bits (letters.services.intake), so a million addresses at 10 failures an hour each
    need about 6 years on average for one letter. The key is a keyed hash of (address,
    tracking number)."""

    scope_attr = "pair_failure_scope"

    def get_cache_key(self, request: Any, view: Any) -> str | None:
        number = (_field(request, "tracking_number") or "").strip().upper()
        if not number:
            return None
        ident = abuse.keyed_hash("lookup_pair", f"{self.get_ident(request)}|{number}")
        return self.cache_format % {"scope": self.scope, "ident": ident}


class CodeCheckedView(PublicAPIView):
    """Lookup and rating: both prove the writer by tracking number and query code, and
    spend one budget of wrong codes (per address, per address and letter) between them
    and the portal's lookup page."""

    failure_throttle_scope = "lookup_failures"
    pair_failure_scope = "lookup_pair_failures"
    throttle_classes = [DeskThrottle, FailureThrottle, PairFailureThrottle]

    def find_by_code(self, request: Request, tracking_number: str, query_code: str) -> Letter:
        """``letter_by_code`` or the one 404 for an unknown number and a wrong code alike;
        a miss counts against this address's budgets of wrong codes."""
        letter = letter_by_code(tracking_number, query_code)
        if letter is None:
            record_failure(request, self)
            raise NotFound(NOT_FOUND)
        return letter


class LetterSubmitView(PublicAPIView):
    throttle_scope = "submit"
    phone_throttle_scope = "submit_phone"
    throttle_classes = [DeskThrottle, PhoneThrottle]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    # Whether this client must solve a captcha: read with the rate limits, in their round
    # trip (False while the cache is down, as abuse.captcha_required; None: not read).
    captcha_needed: bool | None = None

    def window_looks(self, request: Any) -> list[WindowCheck]:
        check = abuse.captcha_window(client_ip(request))
        if check is None:
            self.captcha_needed = True
            return []
        return [check]

    def windows_seen(self, windows: list[Window | None]) -> None:
        [window] = windows
        self.captcha_needed = window is not None and not window.allowed

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        # Refuse an oversized body before anything (the phone throttle) reads it.
        if request_too_large(request.META, settings.DESK_REQUEST_MAX_BYTES):
            raise PayloadTooLarge(REQUEST_TOO_LARGE)
        super().initial(request, *args, **kwargs)

    @extend_schema(
        request=LetterSubmitSerializer,
        responses={201: LetterReceiptSerializer},
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                str,
                OpenApiParameter.HEADER,
                required=False,
                description="同一键重复提交只生成一封来信（8–128位字母、数字或 -_:.）",
            )
        ],
        summary="提交来信（所有类别）",
    )
    def post(self, request: Request) -> Response:
        key = request.headers.get("Idempotency-Key", "").strip() or None
        if key is not None and not IDEMPOTENCY_KEY.match(key):
            raise ValidationError({"Idempotency-Key": ["「幂等键」：应为8–128位字母、数字或 -_:."]})

        data = validate_input(LetterSubmitSerializer(data=request.data))
        ip = client_ip(request)
        needed = self.captcha_needed
        if needed is None:
            needed = abuse.captcha_required(ip)
        if needed:
            abuse.captcha_validate(data["captcha_key"], data["captcha"])
        try:
            uploads = inspect_uploads(data["attachments"])
        except UploadTooLarge as exc:
            raise PayloadTooLarge(exc.message) from None
        submission = submission_from(data, source=LetterSource.API, uploads=uploads)
        try:
            result = letter_submit(submission=submission, idempotency_key=key)
        except IdempotencyConflict:
            raise Conflict("该幂等键已用于另一封不同内容的来信，请更换后重试。") from None
        if result.created:
            abuse.submission_recorded(ip)
        response = Response(
            LetterReceiptSerializer(result.letter).data, status=status.HTTP_201_CREATED
        )
        if not result.created:
            response["Idempotent-Replayed"] = "true"
        return response


class LetterLookupView(CodeCheckedView):
    throttle_scope = "lookup"

    @extend_schema(
        request=LookupSerializer,
        responses={200: PublicLetterSerializer, 404: error_response("404")},
        summary="凭信件编号和查询码查询办理进度",
    )
    def post(self, request: Request) -> Response:
        data = validate_input(LookupSerializer(data=request.data))
        letter = self.find_by_code(request, data["tracking_number"], data["query_code"])
        return Response(PublicLetterSerializer(letter).data)


class DepartmentListView(PublicAPIView, generics.ListAPIView[Department]):
    serializer_class = DepartmentSerializer
    pagination_class = None
    queryset = Department.objects.filter(active=True).select_related("parent")


class LeaderListView(PublicAPIView, generics.ListAPIView[Leader]):
    serializer_class = LeaderSerializer
    pagination_class = None
    queryset = Leader.objects.filter(active=True).select_related("office")


class OpenSolicitationListView(PublicAPIView, generics.ListAPIView[Solicitation]):
    serializer_class = SolicitationSerializer
    pagination_class = None

    def get_queryset(self) -> Any:
        today = timezone.localdate()
        return Solicitation.objects.filter(
            opens_on__lte=today, closes_on__gte=today
        ).select_related("owner")


class WebsiteErrorTypeListView(PublicAPIView):
    @extend_schema(
        responses={
            200: inline_serializer(
                name="Choice",
                fields={"code": serializers.CharField(), "label": serializers.CharField()},
                many=True,
            )
        },
        summary="网站找错的错误类型",
    )
    def get(self, request: Request) -> Response:
        return Response([{"code": c.value, "label": c.label} for c in WebsiteErrorType])


class LetterRateView(CodeCheckedView):
    throttle_scope = "rating"

    @extend_schema(
        request=RateInput,
        responses={200: PublicLetterSerializer, 404: error_response("404")},
        summary="来信人评价答复（满意、基本满意、不满意）",
    )
    def post(self, request: Request) -> Response:
        data = validate_input(RateInput(data=request.data))
        letter = self.find_by_code(request, data["tracking_number"], data["query_code"])
        workflow.letter_rate(letter_id=letter.pk, rating=data["rating"], comment=data["comment"])
        return Response(PublicLetterSerializer(lookup_queryset().get(pk=letter.pk)).data)


class CaptchaView(PublicAPIView):
    """A new captcha for the submission form, and whether this client needs one now."""

    @extend_schema(
        request=None,
        responses={
            200: inline_serializer(
                name="Captcha",
                fields={
                    "required": serializers.BooleanField(),
                    "key": serializers.CharField(),
                    "image_url": serializers.CharField(),
                },
            )
        },
        summary="获取验证码（多次提交后提交来信需填写）",
    )
    def get(self, request: Request) -> Response:
        key = abuse.captcha_new()
        return Response(
            {
                "required": abuse.captcha_required(client_ip(request)),
                "key": key,
                "image_url": abuse.captcha_image_url(key),
            },
            headers={"Cache-Control": "no-store"},
        )
