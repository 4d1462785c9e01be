"""The partner API: authenticated systems submit letters and read their status.

``POST /api/v1/partner/letters/`` (scope ``letters:submit``) takes the body of the public
``POST /api/v1/letters/`` (no captcha: the partner is known) and stores the letter through
the same intake service, with the partner's channel as its source;
``GET /api/v1/partner/letters/{tracking_number}/`` (scope ``letters:status``) answers what
the writer sees with the query code, for the letters this partner submitted only (any
other number is 404). Key, scopes and rate limit: ``open311.auth``, ``open311.partners``.
"""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.db import transaction
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import Conflict, PayloadTooLarge, validate_input
from core.openapi import ErrorSerializer, error_response
from letters.api.serializers import (
    LetterReceiptSerializer,
    LetterSubmitSerializer,
    PublicLetterSerializer,
    submission_from,
)
from letters.attachments import UploadTooLarge, inspect_uploads
from letters.selectors import LOOKUP_NOT_FOUND
from letters.services.intake import IdempotencyConflict, letter_submit
from letters.validators import REQUEST_TOO_LARGE, request_too_large
from open311 import partners
from open311.auth import (
    PartnerKeyAuthentication,
    PartnerScopePermission,
    PartnerThrottle,
    partner_of,
)
from open311.models import PartnerScope, PartnerSystem

IDEMPOTENCY_KEY = re.compile(r"^[A-Za-z0-9_\-:.]{8,128}$")
UNAUTHORIZED = OpenApiResponse(ErrorSerializer, description="缺少接入密钥，或密钥无效、已被吊销")


class PartnerAPIView(APIView):
    """A partner's endpoint: key required, the view's scope, the partner's rate limit."""

    authentication_classes = [PartnerKeyAuthentication]
    permission_classes = [PartnerScopePermission]
    throttle_classes = [PartnerThrottle]
    partner_scope: PartnerScope

    def partner(self, request: Request) -> PartnerSystem:
        partner = partner_of(request)
        assert partner is not None  # PartnerScopePermission refused requests without one
        return partner


class PartnerLetterSubmitView(PartnerAPIView):
    partner_scope = PartnerScope.SUBMIT
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        if request_too_large(request.META, settings.DESK_REQUEST_MAX_BYTES):
            raise PayloadTooLarge(REQUEST_TOO_LARGE)
        super().initial(request, *args, **kwargs)

    @extend_schema(
        request=LetterSubmitSerializer,
        responses={201: LetterReceiptSerializer, 401: UNAUTHORIZED},
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                str,
                OpenApiParameter.HEADER,
                required=False,
                description="同一接入系统用同一键重复提交只生成一封来信（8–128位字母、数字或 -_:.）",
            )
        ],
        summary="接入系统提交来信（需 letters:submit 权限；来信渠道取该系统的渠道）",
    )
    def post(self, request: Request) -> Response:
        partner = self.partner(request)
        key = request.headers.get("Idempotency-Key", "").strip() or None
        if key is not None and not IDEMPOTENCY_KEY.match(key):
            raise ValidationError({"Idempotency-Key": ["「幂等键」：应为8–128位字母、数字或 -_:."]})
        data = validate_input(LetterSubmitSerializer(data=request.data))
        try:
            uploads = inspect_uploads(data["attachments"])
        except UploadTooLarge as exc:
            raise PayloadTooLarge(exc.message) from None
        submission = submission_from(data, source=partner.channel, uploads=uploads)
        try:
            with transaction.atomic():
                # One partner's keys never meet another's (or the public API's).
                result = letter_submit(
                    submission=submission,
                    idempotency_key=f"partner{partner.pk}:{key}" if key else None,
                )
                partners.record_submission(partner, result.letter)
        except IdempotencyConflict:
            raise Conflict("该幂等键已用于另一封不同内容的来信，请更换后重试。") from None
        response = Response(
            LetterReceiptSerializer(result.letter).data, status=status.HTTP_201_CREATED
        )
        if not result.created:
            response["Idempotent-Replayed"] = "true"
        return response


class PartnerLetterStatusView(PartnerAPIView):
    partner_scope = PartnerScope.STATUS

    @extend_schema(
        responses={200: PublicLetterSerializer, 401: UNAUTHORIZED, 404: error_response("404")},
        summary="接入系统查询其提交的来信的办理进度（需 letters:status 权限）",
    )
    def get(self, request: Request, tracking_number: str) -> Response:
        letter = partners.partner_letter(self.partner(request), tracking_number)
        if letter is None:
            raise NotFound(LOOKUP_NOT_FOUND)
        return Response(PublicLetterSerializer(letter).data)
