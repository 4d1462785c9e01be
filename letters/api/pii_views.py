"""``POST /api/v1/staff/letters/{id}/unmask/``: the writer's contact details in full.

Department-scoped like every object route (another department's letter is a 404); the
permission, the reason and the audit record are the service's (``letters.services.pii``).
"""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import validate_input
from letters.api.staff_views import StaffPermission
from letters.selectors import letters_for
from letters.services import pii
from org.selectors import staff_user


class UnmaskInput(serializers.Serializer[Any]):
    # Checked by the service after the permission, so a refusal is audited either way.
    reason = serializers.CharField(
        label="查看理由",
        max_length=pii.REASON_MAX_LENGTH,
        required=False,
        allow_blank=True,
        default="",
    )


class UnmaskedContactSerializer(serializers.Serializer[Any]):
    name = serializers.CharField()
    title = serializers.CharField()
    body = serializers.CharField()
    phone = serializers.CharField()
    email = serializers.CharField()
    id_number = serializers.CharField()
    address = serializers.CharField()


class LetterUnmaskView(APIView):
    permission_classes = [StaffPermission]

    @extend_schema(
        request=UnmaskInput,
        responses={200: UnmaskedContactSerializer},
        summary="查看来信人完整联系方式和来信原文（需说明理由，记入审计日志）",
        operation_id="staff_letter_unmask",
    )
    def post(self, request: Request, pk: int) -> Response:
        letter = get_object_or_404(letters_for(request.user), pk=pk)
        data = validate_input(UnmaskInput(data=request.data))
        values = pii.unmask_letter(
            letter=letter, actor=staff_user(request.user), reason=data["reason"]
        )
        # Never kept by a browser or proxy cache.
        return Response(values, headers={"Cache-Control": "no-store"})
