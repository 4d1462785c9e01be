"""Public API of surveys, hearings and reviews (网上调查/听证/评议); rules in
``surveys.services``.

- ``GET /api/v1/surveys/``, ``GET /api/v1/surveys/{id}/``: published surveys.
- ``POST /api/v1/surveys/{id}/responses/``: one response (201); a bad answer is a 400
  naming its question (``errors.question_<id>``), nothing stored; closed or already
  answered is a 409. Under the ``browser`` rule the response sets the browser's cookie
  (``desk_survey_browser``) which later responses carry.
- ``POST /api/v1/surveys/{id}/phone-code/``: a code by SMS (``phone`` rule only).
- ``GET /api/v1/surveys/{id}/results/``: the results, after closing only (409 before).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_field, inline_serializer
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, JSONParser
from rest_framework.request import Request
from rest_framework.response import Response

from core.api import DeskThrottle, PublicAPIView, validate_input
from core.middleware import client_ip
from core.openapi import error_response
from surveys import services
from surveys.models import Question, Survey

BROWSER_COOKIE = "desk_survey_browser"
BROWSER_COOKIE_SECONDS = 400 * 24 * 3600


def set_browser_cookie(response: Any, token: str, *, secure: bool) -> None:
    """The browser's random token (rule ``browser``): long-lived, not readable by scripts."""
    if token:
        response.set_cookie(
            BROWSER_COOKIE,
            token,
            max_age=BROWSER_COOKIE_SECONDS,
            samesite="Lax",
            secure=secure,
            httponly=True,
        )


def browser_token(request: Any) -> str:
    token = str(request.COOKIES.get(BROWSER_COOKIE, ""))
    return (
        token
        if 16 <= len(token) <= 64 and token.replace("-", "").replace("_", "").isalnum()
        else ""
    )


class OptionSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    text = serializers.CharField()


class QuestionSerializer(serializers.ModelSerializer[Question]):
    kind_label = serializers.CharField(source="get_kind_display")
    options = OptionSerializer(many=True)

    class Meta:
        model = Question
        fields = [
            "id",
            "position",
            "kind",
            "kind_label",
            "text",
            "required",
            "min_choices",
            "max_choices",
            "scale_min",
            "scale_max",
            "low_label",
            "high_label",
            "max_length",
            "options",
        ]


class SurveySerializer(serializers.ModelSerializer[Survey]):
    kind_label = serializers.CharField(source="get_kind_display")
    owner = serializers.CharField(source="owner.name")
    state = serializers.SerializerMethodField()
    state_label = serializers.SerializerMethodField()

    class Meta:
        model = Survey
        fields = [
            "id",
            "kind",
            "kind_label",
            "title",
            "owner",
            "opens_at",
            "closes_at",
            "state",
            "state_label",
        ]

    def get_state(self, obj: Survey) -> str:
        return services.survey_state(obj)

    def get_state_label(self, obj: Survey) -> str:
        return services.STATE_LABELS[services.survey_state(obj)]


class SurveyDetailSerializer(SurveySerializer):
    description = serializers.CharField()
    response_rule = serializers.SerializerMethodField()
    rule_statement = serializers.SerializerMethodField()
    has_opinion = serializers.SerializerMethodField()
    opinion_label = serializers.SerializerMethodField()
    questions = QuestionSerializer(many=True)
    feedback = serializers.SerializerMethodField()

    class Meta(SurveySerializer.Meta):
        fields = [
            *SurveySerializer.Meta.fields,
            "description",
            "response_rule",
            "rule_statement",
            "has_opinion",
            "opinion_required",
            "opinion_label",
            "questions",
            "feedback",
        ]

    def get_response_rule(self, obj: Survey) -> str:
        return services.response_rule(obj)

    def get_rule_statement(self, obj: Survey) -> str:
        return services.rule_statement(obj)

    def get_has_opinion(self, obj: Survey) -> bool:
        return services.has_opinion(obj)

    def get_opinion_label(self, obj: Survey) -> str:
        return services.wording(obj)["opinion_label"]

    @extend_schema_field(
        inline_serializer(
            name="SurveyFeedback",
            fields={"text": serializers.CharField(), "published_at": serializers.DateTimeField()},
            allow_null=True,
        )
    )
    def get_feedback(self, obj: Survey) -> dict[str, Any] | None:
        report = services.published_feedback(obj)
        if report is None:
            return None
        return {"text": report.text, "published_at": report.published_at}


class ResponseInput(serializers.Serializer[Any]):
    answers = serializers.DictField(
        label="答案",
        child=serializers.JSONField(),
        help_text=(
            "以题目编号为键：单选题为选项编号，多选题为选项编号列表，评分题为分数，文字题为文字。"
        ),
    )
    opinion = serializers.CharField(
        label="书面意见", required=False, allow_blank=True, default="", trim_whitespace=False
    )
    phone = serializers.CharField(label="手机号码", required=False, allow_blank=True, default="")
    phone_code = serializers.CharField(
        label="短信验证码", required=False, allow_blank=True, default=""
    )
    captcha_key = serializers.CharField(
        label="验证码标识", required=False, allow_blank=True, default=""
    )
    captcha = serializers.CharField(label="验证码", required=False, allow_blank=True, default="")


class PhoneCodeInput(serializers.Serializer[Any]):
    phone = serializers.CharField(label="手机号码", max_length=32)


class SurveyListView(PublicAPIView):
    throttle_scope = "surveys"

    @extend_schema(responses={200: SurveySerializer(many=True)}, summary="网上调查、听证、评议列表")
    def get(self, request: Request) -> Response:
        rows = services.public_surveys().order_by("-opens_at", "-id")[:200]
        return Response(SurveySerializer(rows, many=True).data)


class SurveyDetailView(PublicAPIView):
    throttle_scope = "surveys"

    @extend_schema(
        responses={200: SurveyDetailSerializer, 404: error_response("404")},
        summary="调查详情（题目、选项、限答规则）",
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(SurveyDetailSerializer(services.public_survey(pk)).data)


class SurveyResponseView(PublicAPIView):
    throttle_scope = "survey_response"
    throttle_classes = [DeskThrottle]
    parser_classes = [JSONParser, FormParser]

    @extend_schema(
        request=ResponseInput,
        responses={
            201: inline_serializer(
                name="SurveyResponseReceipt",
                fields={"id": serializers.IntegerField(), "message": serializers.CharField()},
            ),
            404: error_response("404"),
        },
        summary="提交答卷（每人一份；答案有误时返回400并指明题目，不保存任何内容）",
    )
    def post(self, request: Request, pk: int) -> Response:
        data = validate_input(ResponseInput(data=request.data))
        submitted = services.response_submit(
            survey_id=pk,
            answers=data["answers"],
            opinion=data["opinion"],
            respondent=services.Respondent(
                ip=client_ip(request),
                browser_token=browser_token(request),
                phone=data["phone"],
                phone_code=data["phone_code"],
                captcha_key=data["captcha_key"],
                captcha=data["captcha"],
            ),
        )
        response = Response(
            {"id": submitted.response.pk, "message": "提交成功，感谢参与。"},
            status=status.HTTP_201_CREATED,
        )
        set_browser_cookie(response, submitted.browser_token, secure=request.is_secure())
        return response


class SurveyPhoneCodeView(PublicAPIView):
    throttle_scope = "survey_code"

    @extend_schema(
        request=PhoneCodeInput,
        responses={
            202: inline_serializer(
                name="SurveyPhoneCode", fields={"message": serializers.CharField()}
            ),
            404: error_response("404"),
        },
        summary="获取短信验证码（限每个手机号一份的调查）",
    )
    def post(self, request: Request, pk: int) -> Response:
        data = validate_input(PhoneCodeInput(data=request.data))
        services.phone_code_send(survey_id=pk, phone=data["phone"])
        return Response(
            {"message": "验证码已发送，10分钟内有效。"}, status=status.HTTP_202_ACCEPTED
        )


class SurveyResultsView(PublicAPIView):
    throttle_scope = "surveys"

    @extend_schema(
        responses={
            200: inline_serializer(
                name="SurveyResults",
                fields={
                    "survey": serializers.IntegerField(),
                    "title": serializers.CharField(),
                    "responses": serializers.IntegerField(),
                    "questions": serializers.ListField(child=serializers.DictField()),
                    "opinions": serializers.ListField(child=serializers.CharField()),
                    "opinions_total": serializers.IntegerField(),
                },
            ),
            404: error_response("404"),
            409: error_response("409"),
        },
        summary="调查结果（截止后公布；文字回答经审核后公开）",
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(services.public_results(pk))
