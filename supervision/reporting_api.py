"""The reporting calendar's API: filed report snapshots for supervisors and the site
office (``GET reports/snapshots/``, one snapshot with its frozen figures, its .xlsx), the
supervisor's actions on them (re-issue with a reason, 报送, publish), and the published
yearly reports for everyone (``GET public/reports/``). Rules: ``supervision.reporting``."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import exceptions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import PublicAPIView, validate_input
from letters.api.staff_views import StaffPermission
from org.roles import Role
from org.selectors import staff_user, user_roles
from supervision import reporting
from supervision.api import ALL_DEPARTMENT_ROLES, XLSX_CONTENT_TYPE, ReportSerializer
from supervision.models import ReportSnapshot
from supervision.report_xlsx import report_to_xlsx


class SnapshotSerializer(serializers.ModelSerializer[ReportSnapshot]):
    title = serializers.CharField(source="schedule.title")
    schedule = serializers.CharField(source="schedule.code")
    basis = serializers.CharField(source="schedule.source", help_text="依据")
    public = serializers.BooleanField(source="schedule.public", help_text="是否向社会公开")
    status = serializers.SerializerMethodField(help_text="待报送、即将到期、已逾期、已报送…")

    class Meta:
        model = ReportSnapshot
        fields = [
            "id",
            "schedule",
            "title",
            "period",
            "version",
            "due_on",
            "generated_at",
            "reason",
            "reminded_at",
            "filed_at",
            "published_at",
            "status",
            "basis",
            "public",
        ]

    def get_status(self, obj: ReportSnapshot) -> str:
        return reporting.status_of(obj, timezone.localdate())


class SnapshotDetailSerializer(SnapshotSerializer):
    report = serializers.SerializerMethodField()

    class Meta(SnapshotSerializer.Meta):
        fields = [*SnapshotSerializer.Meta.fields, "report"]

    @extend_schema_field(ReportSerializer)
    def get_report(self, obj: ReportSnapshot) -> dict[str, Any]:
        return dict(ReportSerializer(reporting.snapshot_report(obj)).data)


def _office(request: Request) -> None:
    if not user_roles(request.user) & ALL_DEPARTMENT_ROLES:
        raise exceptions.PermissionDenied("您的角色不能查看报告。")


def _supervisor(request: Request) -> None:
    if Role.SUPERVISOR not in user_roles(request.user):
        raise exceptions.PermissionDenied("只有督办员可以办理报告。")


class SnapshotListView(APIView):
    permission_classes = [StaffPermission]

    @extend_schema(responses={200: SnapshotSerializer(many=True)}, summary="报告日历：已生成的报告")
    def get(self, request: Request) -> Response:
        _office(request)
        snapshots = ReportSnapshot.objects.select_related("schedule").order_by(
            "-due_on", "schedule__code", "-version"
        )
        return Response(SnapshotSerializer(snapshots[:200], many=True).data)


class SnapshotDetailView(APIView):
    permission_classes = [StaffPermission]

    @extend_schema(responses={200: SnapshotDetailSerializer}, summary="报告快照（冻结的数字）")
    def get(self, request: Request, pk: int) -> Response:
        _office(request)
        snapshot = get_object_or_404(ReportSnapshot.objects.select_related("schedule"), pk=pk)
        return Response(SnapshotDetailSerializer(snapshot).data)


class SnapshotExportView(APIView):
    permission_classes = [StaffPermission]

    def perform_content_negotiation(self, request: Request, force: bool = False) -> Any:
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(
        responses={(200, XLSX_CONTENT_TYPE): OpenApiTypes.BINARY}, summary="导出报告快照（Excel）"
    )
    def get(self, request: Request, pk: int) -> HttpResponse:
        _office(request)
        snapshot = get_object_or_404(ReportSnapshot.objects.select_related("schedule"), pk=pk)
        response = HttpResponse(
            report_to_xlsx(reporting.snapshot_report(snapshot)), content_type=XLSX_CONTENT_TYPE
        )
        name = f"{snapshot.schedule.code}-{snapshot.period}-v{snapshot.version}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class ReissueInput(serializers.Serializer[Any]):
    reason = serializers.CharField(
        label="重新出具理由",
        max_length=2000,
        error_messages={
            "required": reporting.REASON_REQUIRED,
            "blank": reporting.REASON_REQUIRED,
        },
    )


class SnapshotReissueView(APIView):
    permission_classes = [StaffPermission]

    @extend_schema(
        request=ReissueInput, responses={201: SnapshotSerializer}, summary="重新出具报告（新版本）"
    )
    def post(self, request: Request, pk: int) -> Response:
        _supervisor(request)
        get_object_or_404(ReportSnapshot, pk=pk)
        data = validate_input(ReissueInput(data=request.data))
        snapshot = reporting.reissue(
            snapshot_id=pk, actor=staff_user(request.user), reason=data["reason"]
        )
        return Response(SnapshotSerializer(snapshot).data, status=201)


class SnapshotFileView(APIView):
    permission_classes = [StaffPermission]

    @extend_schema(request=None, responses={200: SnapshotSerializer}, summary="报送报告")
    def post(self, request: Request, pk: int) -> Response:
        _supervisor(request)
        get_object_or_404(ReportSnapshot, pk=pk)
        snapshot = reporting.file_report(snapshot_id=pk, actor=staff_user(request.user))
        return Response(SnapshotSerializer(snapshot).data)


class SnapshotPublishView(APIView):
    permission_classes = [StaffPermission]

    @extend_schema(request=None, responses={200: SnapshotSerializer}, summary="向社会公开报告")
    def post(self, request: Request, pk: int) -> Response:
        _supervisor(request)
        get_object_or_404(ReportSnapshot, pk=pk)
        snapshot = reporting.publish_report(snapshot_id=pk, actor=staff_user(request.user))
        return Response(SnapshotSerializer(snapshot).data)


class PublicReportSerializer(serializers.ModelSerializer[ReportSnapshot]):
    title = serializers.CharField(source="schedule.title")
    basis = serializers.CharField(source="schedule.source", help_text="依据")
    figures = serializers.SerializerMethodField(help_text="年度报表的各项数字")

    class Meta:
        model = ReportSnapshot
        fields = ["id", "title", "period", "version", "published_at", "basis", "figures"]

    def get_figures(self, obj: ReportSnapshot) -> list[dict[str, Any]]:
        public = obj.data.get("public")
        return list(public["fields"]) if isinstance(public, dict) else []


class PublicReportsView(PublicAPIView):
    throttle_scope = "statistics"  # one budget with the statistics and the report pages

    @extend_schema(
        responses={200: PublicReportSerializer(many=True)},
        summary="已向社会公开的年度监管报告",
    )
    def get(self, request: Request) -> Response:
        return Response(
            PublicReportSerializer(reporting.published_public_reports(), many=True).data
        )
