"""Read-only audit trail for the auditor role (审计员), separate from admins."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from rest_framework import generics, serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request

from core.models import AuditRecord
from org.roles import Role
from org.selectors import user_roles


class AuditorOnly(IsAuthenticated):
    message = "只有审计员可以查看审计日志。"

    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(
            super().has_permission(request, view) and Role.AUDITOR in user_roles(request.user)
        )


class AuditRecordSerializer(serializers.ModelSerializer[AuditRecord]):
    class Meta:
        model = AuditRecord
        fields = [
            "id",
            "at",
            "actor_name",
            "ip",
            "request_id",
            "action",
            "object_type",
            "object_id",
            "outcome",
            "data",
            "hash",
        ]


class AuditFilter(django_filters.FilterSet):
    action = django_filters.CharFilter(lookup_expr="startswith")
    actor = django_filters.CharFilter(field_name="actor_name")
    since = django_filters.IsoDateTimeFilter(field_name="at", lookup_expr="gte")
    until = django_filters.IsoDateTimeFilter(field_name="at", lookup_expr="lte")

    class Meta:
        model = AuditRecord
        fields = ["action", "outcome", "object_type", "object_id"]


class AuditListView(generics.ListAPIView[AuditRecord]):
    permission_classes = [AuditorOnly]
    serializer_class = AuditRecordSerializer
    filterset_class = AuditFilter

    def get_queryset(self) -> QuerySet[AuditRecord]:
        return AuditRecord.objects.order_by("-id")
