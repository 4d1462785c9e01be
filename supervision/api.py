"""Supervision API: reports (``GET reports/?period=…`` as JSON, ``GET reports/export/?period=…``
as .xlsx), the inputs of 催办 and 督办 (routes registered with the letters API, see
``supervision.endpoints``) and the department's answer to a 督办单.

The site office (dispatchers, publishers) and supervisors see every department, 未分办
and the total; handlers and reviewers see only their own department's row and no total;
other roles get 403. The figures come from ``supervision.metrics.build_report``.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import validate_input
from letters.api.staff_serializers import ActionResultSerializer
from letters.api.staff_views import StaffPermission, action_result
from letters.choices import LetterSource
from letters.models import Letter
from letters.selectors import letters_for
from org.roles import Role
from org.selectors import staff_user, user_department_id, user_roles
from supervision import services
from supervision.metrics import Report, build_report, explain_score, parse_period
from supervision.models import SupervisionOrder
from supervision.report_xlsx import report_to_xlsx

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ALL_DEPARTMENT_ROLES = frozenset({Role.SUPERVISOR, Role.DISPATCHER, Role.PUBLISHER})
OWN_DEPARTMENT_ROLES = frozenset({Role.HANDLER, Role.REVIEWER})


class ReportQuery(serializers.Serializer[Any]):
    period = serializers.CharField(
        label="统计期间",
        help_text="年月（2026-11）、季度（2026-Q4）或年份（2026）",
        error_messages={
            "required": "请填写统计期间，如2026-11、2026-Q4或2026。",
            "blank": "请填写统计期间，如2026-11、2026-Q4或2026。",
        },
    )

    def validate_period(self, value: str) -> str:
        try:
            return parse_period(value).value
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict["period"]) from None


class RoundedFloatField(serializers.FloatField):
    def __init__(self, *, digits: int, **kwargs: Any) -> None:
        self.digits = digits
        super().__init__(allow_null=True, **kwargs)

    def to_representation(self, value: Any) -> Any:
        return round(float(value), self.digits)


class ReportRowSerializer(serializers.Serializer[Any]):
    """One row of figures; each is defined once in ``supervision.metrics`` (see ``metrics``
    in the report for the label, period rule and meaning of every field)."""

    department_id = serializers.IntegerField(allow_null=True, help_text="未分办与合计行为空")
    department_name = serializers.CharField()
    received = serializers.IntegerField(help_text="留言数")
    accepted = serializers.IntegerField(help_text="受理数")
    replied = serializers.IntegerField(help_text="答复数")
    reply_rate = RoundedFloatField(digits=4, help_text="答复率（0–1）= 答复数 ÷ 受理数")
    replied_on_time = serializers.IntegerField(help_text="按期答复数")
    replied_late = serializers.IntegerField(help_text="超期答复数")
    overdue_open = serializers.IntegerField(help_text="未答复超期数")
    overdue = serializers.IntegerField(help_text="超期数")
    due = serializers.IntegerField(help_text="应办结数")
    on_time_rate = RoundedFloatField(digits=4, help_text="按期办结率（0–1）= 按期答复数 ÷ 应办结数")
    avg_reply_working_days = RoundedFloatField(digits=2, help_text="平均办理时长（工作日）")
    rated = serializers.IntegerField(help_text="参评数")
    satisfied = serializers.IntegerField(help_text="满意数（满意+基本满意）")
    satisfaction_rate = RoundedFloatField(digits=4, help_text="满意率（0–1）")
    returns = serializers.IntegerField(help_text="退回次数")
    extensions = serializers.IntegerField(help_text="延期次数")
    site_error_received = serializers.IntegerField(help_text="找错留言数")
    site_error_replied = serializers.IntegerField(help_text="找错答复数")
    site_error_replied_on_time = serializers.IntegerField(help_text="找错按期答复数")
    score = serializers.IntegerField(
        allow_null=True, help_text="考核得分（启用的评分规则；未分办与合计行为空）"
    )
    score_late_replies = serializers.IntegerField(help_text="计分：期内超期答复次数")
    score_overdue_unanswered = serializers.IntegerField(help_text="计分：期末超期未答复数")


class ReportPeriodSerializer(serializers.Serializer[Any]):
    value = serializers.CharField()
    kind = serializers.ChoiceField(choices=["month", "quarter", "year"])
    display = serializers.CharField(source="label", help_text="如“2026年第4季度”")
    first_day = serializers.DateField()
    last_day = serializers.DateField()


class ReportMetricSerializer(serializers.Serializer[Any]):
    field = serializers.CharField(help_text="报表行中的字段名")
    title = serializers.CharField(source="label", help_text="中文指标名")
    kind = serializers.ChoiceField(choices=["count", "rate", "days", "score"])
    period_rule = serializers.CharField(help_text="统计口径：按来信时间或按发生时间")
    description = serializers.CharField()


class ChannelRowSerializer(serializers.Serializer[Any]):
    """One channel's figures (来信渠道; same definitions as the department rows)."""

    channel = serializers.ChoiceField(
        source="source", choices=LetterSource.choices, help_text="来信渠道"
    )
    channel_display = serializers.CharField(source="label", help_text="渠道名称，如“热线电话”")
    received = serializers.IntegerField(help_text="留言数")
    accepted = serializers.IntegerField(help_text="受理数")
    replied = serializers.IntegerField(help_text="答复数")
    reply_rate = RoundedFloatField(digits=4, help_text="答复率（0–1）")
    replied_on_time = serializers.IntegerField(help_text="按期答复数")
    on_time_rate = RoundedFloatField(digits=4, help_text="按期办结率（0–1）")
    rated = serializers.IntegerField(help_text="参评数")
    satisfied = serializers.IntegerField(help_text="满意数（满意+基本满意）")
    satisfaction_rate = RoundedFloatField(digits=4, help_text="满意率（0–1）")


class EngagementRowSerializer(serializers.Serializer[Any]):
    key = serializers.CharField(help_text="指标键，如 interviews_held")
    title = serializers.CharField(source="label", help_text="指标名称，如“举办在线访谈场次”")
    value = serializers.IntegerField()


class ReportSerializer(serializers.Serializer[Any]):
    period = ReportPeriodSerializer()
    generated_at = serializers.DateTimeField()
    cutoff = serializers.DateTimeField(help_text="统计截止时间：期末与生成时间中较早者")
    rows = ReportRowSerializer(many=True)
    total = ReportRowSerializer(allow_null=True, help_text="合计行；单位用户查看时为空")
    site_error_reply_days = serializers.IntegerField(allow_null=True)
    score_rule = serializers.CharField()
    metrics = ReportMetricSerializer(many=True)
    by_source = ChannelRowSerializer(many=True, help_text="按来信渠道统计（每个渠道一行）")
    engagement = EngagementRowSerializer(
        many=True, help_text="在线访谈与网上调查（全局报表；单位用户查看时为空）"
    )


def scoped_report(request: Request, period: str) -> Report:
    """The report the user may see: all departments, or their own row without a total."""
    roles = user_roles(request.user)
    if roles & ALL_DEPARTMENT_ROLES:
        return build_report(period, engagement=True)
    department_id = user_department_id(request.user)
    if roles & OWN_DEPARTMENT_ROLES and department_id is not None:
        return build_report(period, department_ids=[department_id])
    raise exceptions.PermissionDenied("您的角色不能查看统计报表。")


def _period(request: Request) -> str:
    data = validate_input(ReportQuery(data=request.query_params))
    period: str = data["period"]
    return period


class ReportView(APIView):
    permission_classes = [StaffPermission]

    @extend_schema(
        parameters=[ReportQuery],
        responses={200: ReportSerializer},
        summary="督办统计报表（月度、季度、年度）",
        operation_id="report",
    )
    def get(self, request: Request) -> Response:
        report = scoped_report(request, _period(request))
        return Response(ReportSerializer(report).data)


class ReportExportView(APIView):
    permission_classes = [StaffPermission]

    def perform_content_negotiation(self, request: Request, force: bool = False) -> Any:
        # The file is sent as is; errors fall back to JSON whatever the Accept header says.
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(
        parameters=[ReportQuery],
        responses={(200, XLSX_CONTENT_TYPE): OpenApiTypes.BINARY},
        summary="导出督办统计报表（Excel）",
        operation_id="report_export",
    )
    def get(self, request: Request) -> HttpResponse:
        period = _period(request)
        report = scoped_report(request, period)
        response = HttpResponse(report_to_xlsx(report), content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="report-{period}.xlsx"'
        response["X-Content-Type-Options"] = "nosniff"
        return response


class ScoreQuery(ReportQuery):
    department = serializers.IntegerField(
        label="单位", error_messages={"invalid": "「单位」：请填写单位编号。"}
    )


class DeductionSerializer(serializers.Serializer[Any]):
    letter_id = serializers.IntegerField()
    tracking_number = serializers.CharField()
    reason = serializers.CharField(help_text="超期答复 或 超期未答复")
    deadline_at = serializers.DateTimeField(allow_null=True)
    replied_at = serializers.DateTimeField(allow_null=True)
    points = serializers.IntegerField(allow_null=True, help_text="扣分；为空表示该项得0分")


class ScoreSerializer(serializers.Serializer[Any]):
    period = serializers.CharField()
    department_id = serializers.IntegerField()
    department_name = serializers.CharField()
    title = serializers.CharField(source="label", help_text="指标名称，如“互动交流得分”")
    score = serializers.IntegerField(allow_null=True)
    full_points = serializers.IntegerField()
    rule = serializers.CharField(help_text="评分规则")
    basis = serializers.CharField(source="source", help_text="依据")
    deductions = DeductionSerializer(many=True)


class ScoreView(APIView):
    """Why a department scored what it did: the letters behind each deduction."""

    permission_classes = [StaffPermission]

    @extend_schema(
        parameters=[ScoreQuery],
        responses={200: ScoreSerializer},
        summary="考核得分及扣分依据（逐件列出）",
        operation_id="report_score",
    )
    def get(self, request: Request) -> Response:
        data = validate_input(ScoreQuery(data=request.query_params))
        department_id = data["department"]
        roles = user_roles(request.user)
        own = user_department_id(request.user)
        if not roles & ALL_DEPARTMENT_ROLES and not (
            roles & OWN_DEPARTMENT_ROLES and own == department_id
        ):
            raise exceptions.PermissionDenied("您的角色不能查看该单位的考核得分。")
        explained = explain_score(data["period"], department_id)
        if explained is None:
            raise exceptions.NotFound("没有该单位，或未启用评分规则。")
        return Response(ScoreSerializer(explained).data)


# --- 催办, 督办 and answering a 督办单 -------------------------------------------------


class UrgeInput(serializers.Serializer[Any]):
    note = serializers.CharField(
        label="催办意见", max_length=2000, required=False, allow_blank=True, default=""
    )


class SuperviseInput(serializers.Serializer[Any]):
    instruction = serializers.CharField(label="督办意见", max_length=2000)
    respond_by = serializers.DateField(label="要求反馈日期", input_formats=["%Y-%m-%d"])


class OrderResponseInput(serializers.Serializer[Any]):
    response = serializers.CharField(label="反馈情况", max_length=5000)


class OrderResponseView(APIView):
    """The handling department answers a 督办单."""

    permission_classes = [StaffPermission]

    @extend_schema(
        request=OrderResponseInput,
        responses={200: ActionResultSerializer},
        summary="反馈督办单",
    )
    def post(self, request: Request, pk: int) -> Response:
        order = get_object_or_404(
            SupervisionOrder.objects.filter(letter__in=letters_for(request.user)), pk=pk
        )
        if Role.HANDLER not in user_roles(request.user):
            raise exceptions.PermissionDenied("只有承办人可以反馈督办单。")
        data = validate_input(OrderResponseInput(data=request.data))
        services.order_respond(
            order_id=order.pk, actor=staff_user(request.user), response=data["response"]
        )
        letter = Letter.objects.get(pk=order.letter_id)
        return action_result(letter)
