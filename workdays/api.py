"""Calendar and deadline endpoints: public, read-only."""

from __future__ import annotations

from datetime import date
from typing import Any

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from core.api import PublicAPIView, validate_input
from workdays.calendar_core import MAX_WORKING_DAYS, MAX_YEAR, MIN_YEAR
from workdays.services import get_calendar, year_overview

FIRST_DAY = date(MIN_YEAR, 1, 1)
LAST_DAY = date(MAX_YEAR, 12, 31)
OUT_OF_RANGE = f"日期应在{FIRST_DAY.isoformat()}至{LAST_DAY.isoformat()}之间（日历支持的范围）。"
BEYOND_RANGE = f"由此算出的期限超出日历支持的范围（{MIN_YEAR}年至{MAX_YEAR}年），请换一个日期。"


def _in_calendar(day: date) -> None:
    if not FIRST_DAY <= day <= LAST_DAY:
        raise serializers.ValidationError(OUT_OF_RANGE, code="out_of_range")


class DeadlineQuerySerializer(serializers.Serializer[Any]):
    start = serializers.DateField(
        label="起算日期",
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": "日期格式应为 YYYY-MM-DD，例如 2026-09-30。"},
        validators=[_in_calendar],
    )
    days = serializers.IntegerField(
        label="工作日数",
        min_value=1,
        max_value=MAX_WORKING_DAYS,
        error_messages={
            "invalid": "请填写整数。",
            "min_value": "至少为1个工作日。",
            "max_value": f"不能超过{MAX_WORKING_DAYS}个工作日。",
        },
    )
    inclusive = serializers.BooleanField(label="收件当日计入", required=False, default=False)

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        # The query parameter is called ``from``, a Python keyword.
        fields = super().get_fields()
        fields["from"] = fields.pop("start")
        return fields


class YearQuerySerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField(
        label="年份",
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
        error_messages={
            "invalid": "请填写四位数年份。",
            "min_value": f"年份不能早于{MIN_YEAR}年。",
            "max_value": f"年份不能晚于{MAX_YEAR}年。",
        },
    )


class DeadlineView(PublicAPIView):
    throttle_scope = "calendar"  # one budget for the calendar API (DESK_RATE_CALENDAR)

    @extend_schema(
        parameters=[DeadlineQuerySerializer],
        responses={
            200: inline_serializer(
                name="DeadlineAnswer",
                fields={
                    "deadline": serializers.DateField(),
                    "due_at": serializers.DateTimeField(),
                    "provisional": serializers.BooleanField(),
                    "explanation": serializers.CharField(),
                    "steps": serializers.ListField(child=serializers.CharField()),
                    "calendar_version": serializers.IntegerField(),
                },
            )
        },
        summary="按工作日计算办理期限",
    )
    def get(self, request: Request) -> Response:
        data = validate_input(DeadlineQuerySerializer(data=request.query_params))
        calendar = get_calendar()
        try:
            result = calendar.add_working_days(
                data["from"], data["days"], inclusive=data["inclusive"]
            )
        except (ValueError, OverflowError):  # the deadline falls outside the calendar
            raise ValidationError({"from": [f"「起算日期」：{BEYOND_RANGE}"]}) from None
        return Response(
            {
                "deadline": result.deadline.isoformat(),
                "due_at": result.due_at.isoformat(),
                "provisional": result.provisional,
                "explanation": "".join(result.steps),
                "steps": list(result.steps),
                "calendar_version": calendar.version,
            }
        )


class CalendarYearView(PublicAPIView):
    throttle_scope = "calendar"

    @extend_schema(
        parameters=[YearQuerySerializer],
        responses={
            200: inline_serializer(
                name="CalendarYear",
                fields={
                    "year": serializers.IntegerField(),
                    "status": serializers.ChoiceField(choices=["official", "provisional"]),
                    "status_display": serializers.CharField(),
                    "version": serializers.IntegerField(),
                    "source": serializers.CharField(),
                    "days": serializers.ListField(child=serializers.DictField()),
                },
            )
        },
        summary="某年的节假日与调休安排",
    )
    def get(self, request: Request) -> Response:
        data = validate_input(YearQuerySerializer(data=request.query_params))
        return Response(year_overview(data["year"]))
