"""Interview API: the public plan, pages and question intake; staff moderation and posting.

Public: ``GET /api/v1/interviews/`` (filters ``status``, ``year``, ``q``),
``GET /api/v1/interviews/{id}/``, ``POST /api/v1/interviews/{id}/questions/`` (201 with
the question's number and query code; the letters' abuse protection: the submit
throttles per address and per phone, a captcha after repeated submissions).

Staff (``/api/v1/staff/interviews/…``): only staff with a role in the interview find it
(404 otherwise); each action needs its role (403), state rules answer 409, bad input 400.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.utils import extend_schema, extend_schema_field, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import (
    DeskThrottle,
    FailureThrottle,
    PayloadTooLarge,
    PublicAPIView,
    SearchThrottle,
    id_field,
    record_failure,
    validate_input,
)
from core.masking import mask_name, mask_phone
from core.middleware import client_ip
from core.openapi import error_response
from interviews import services
from interviews.models import (
    Interview,
    InterviewPost,
    InterviewQuestion,
    InterviewStatus,
    QuestionStatus,
    Speaker,
)
from letters import validators as rules
from letters.api.views import PhoneThrottle
from letters.services import abuse
from letters.validators import REQUEST_TOO_LARGE, request_too_large
from org.selectors import staff_user

# --- shapes -----------------------------------------------------------------------------


def image_url(post: InterviewPost) -> str | None:
    return reverse("interview-image", args=[post.pk]) if post.image else None


class PostSerializer(serializers.ModelSerializer[InterviewPost]):
    speaker_display = serializers.CharField(source="get_speaker_display")
    image_url = serializers.SerializerMethodField()
    question = serializers.IntegerField(source="question_id", allow_null=True)

    class Meta:
        model = InterviewPost
        fields = [
            "id",
            "speaker",
            "speaker_display",
            "speaker_name",
            "text",
            "image_url",
            "image_alt",
            "question",
            "posted_at",
            "live",
        ]

    def get_image_url(self, post: InterviewPost) -> str | None:
        return image_url(post)


STATUS_HELP = "状态：" + "、".join(f"{c.value}（{c.label}）" for c in InterviewStatus)
QUESTION_STATUS_HELP = "状态：" + "、".join(f"{c.value}（{c.label}）" for c in QuestionStatus)


class PublicQuestionSerializer(serializers.ModelSerializer[InterviewQuestion]):
    """What the public sees of a question: its number and gated text, never the asker."""

    number = serializers.CharField()
    status = serializers.CharField(help_text=QUESTION_STATUS_HELP)
    text = serializers.CharField(source="public_text")
    status_display = serializers.CharField(source="get_status_display")

    class Meta:
        model = InterviewQuestion
        fields = [
            "id",
            "number",
            "text",
            "status",
            "status_display",
            "answered_at",
            "answered_live",
        ]


class InterviewRowSerializer(serializers.ModelSerializer[Interview]):
    status = serializers.CharField(help_text=STATUS_HELP)
    status_display = serializers.CharField(source="get_status_display")
    guest = serializers.CharField(source="guest_label")
    guest_department = serializers.CharField(source="guest_department.name")
    accepts_questions = serializers.BooleanField()

    class Meta:
        model = Interview
        fields = [
            "id",
            "title",
            "topic",
            "guest",
            "guest_department",
            "host_name",
            "starts_at",
            "ends_at",
            "status",
            "status_display",
            "accepts_questions",
        ]


class InterviewDetailSerializer(InterviewRowSerializer):
    posts = PostSerializer(many=True)
    questions_answered_live = serializers.SerializerMethodField()
    questions_answered_after = serializers.SerializerMethodField()
    questions_waiting = serializers.SerializerMethodField()

    class Meta(InterviewRowSerializer.Meta):
        fields = [
            *InterviewRowSerializer.Meta.fields,
            "summary",
            "posts",
            "questions_answered_live",
            "questions_answered_after",
            "questions_waiting",
        ]

    def _questions(self, interview: Interview) -> list[InterviewQuestion]:
        return list(services.public_questions(interview))

    @extend_schema_field(PublicQuestionSerializer(many=True))
    def get_questions_answered_live(self, interview: Interview) -> list[dict[str, Any]]:
        rows = [
            q
            for q in self._questions(interview)
            if q.status == QuestionStatus.ANSWERED and q.answered_live
        ]
        return list(PublicQuestionSerializer(rows, many=True).data)

    @extend_schema_field(PublicQuestionSerializer(many=True))
    def get_questions_answered_after(self, interview: Interview) -> list[dict[str, Any]]:
        rows = [
            q
            for q in self._questions(interview)
            if q.status == QuestionStatus.ANSWERED and not q.answered_live
        ]
        return list(PublicQuestionSerializer(rows, many=True).data)

    @extend_schema_field(PublicQuestionSerializer(many=True))
    def get_questions_waiting(self, interview: Interview) -> list[dict[str, Any]]:
        rows = [q for q in self._questions(interview) if q.status != QuestionStatus.ANSWERED]
        return list(PublicQuestionSerializer(rows, many=True).data)


class InterviewQuestionInput(serializers.Serializer[Any]):
    """Fields of ``POST /api/v1/interviews/{id}/questions/`` (a public contract)."""

    name = serializers.CharField(label="姓名", max_length=rules.NAME_MAX)
    phone = serializers.CharField(label="联系电话", max_length=rules.PHONE_MAX)
    text = serializers.CharField(
        label="问题",
        min_length=services.QUESTION_MIN,
        max_length=services.QUESTION_MAX,
        error_messages={"max_length": rules.too_long(services.QUESTION_MAX)},
    )
    captcha_key = serializers.CharField(
        label="验证码编号", required=False, allow_blank=True, default="", max_length=40
    )
    captcha = serializers.CharField(
        label="验证码", required=False, allow_blank=True, default="", max_length=32
    )

    def validate_name(self, value: str) -> str:
        return rules.clean_name(value)

    def validate_phone(self, value: str) -> str:
        return rules.clean_phone(value)

    def validate_text(self, value: str) -> str:
        return value.strip()


QuestionReceipt = inline_serializer(
    name="InterviewQuestionReceipt",
    fields={
        "number": serializers.CharField(help_text="提问编号"),
        "query_code": serializers.CharField(help_text="查询码（请妥善保存）"),
        "status": serializers.CharField(),
        "status_display": serializers.CharField(),
        "interview": serializers.IntegerField(),
    },
)


def receipt(question: InterviewQuestion) -> dict[str, Any]:
    return {
        "number": question.number,
        "query_code": question.query_code,
        "status": question.status,
        "status_display": question.get_status_display(),
        "interview": question.interview_id,
    }


# --- public views -----------------------------------------------------------------------


class InterviewListView(PublicAPIView, generics.ListAPIView[Interview]):
    """The published plan, live interviews and the archive (newest first)."""

    serializer_class = InterviewRowSerializer
    throttle_classes = [DeskThrottle, SearchThrottle]
    search_throttle_scope = "search"

    @extend_schema(
        summary="在线访谈列表（预告、直播、往期）",
        parameters=[
            inline_serializer(
                name="InterviewListQuery",
                fields={
                    "status": serializers.CharField(required=False, help_text=STATUS_HELP),
                    "year": serializers.IntegerField(required=False, help_text="访谈年份"),
                    "q": serializers.CharField(
                        required=False, help_text="按标题、简介、文字实录搜索"
                    ),
                },
            )
        ],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Interview]:
        query = validate_input(InterviewListQuery(data=self.request.query_params))
        rows = services.public_interviews()
        if query.get("status"):
            rows = rows.filter(status=query["status"])
        if query.get("year"):
            rows = rows.filter(starts_at__year=query["year"])
        return services.search_interviews(rows, query.get("q", "")).order_by("-starts_at", "-id")


class InterviewListQuery(serializers.Serializer[Any]):
    status = serializers.ChoiceField(label="状态", choices=InterviewStatus.choices, required=False)
    year = serializers.IntegerField(label="年份", min_value=2000, max_value=2200, required=False)
    q = serializers.CharField(label="关键词", max_length=100, required=False, allow_blank=True)


def public_detail_queryset() -> QuerySet[Interview]:
    return services.public_interviews().prefetch_related(
        Prefetch("posts", queryset=InterviewPost.objects.order_by("posted_at", "id"))
    )


class InterviewDetailView(PublicAPIView, generics.RetrieveAPIView[Interview]):
    serializer_class = InterviewDetailSerializer
    lookup_url_kwarg = "interview_id"

    @extend_schema(summary="在线访谈详情：简介、直播发言或文字实录、已答复和会后答复的问题")
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Interview]:
        return public_detail_queryset()


class QuestionSubmitView(PublicAPIView):
    """Same protection as letters: the submit budget per address and per phone number,
    a captcha after repeated submissions from one address (shared with letters)."""

    throttle_scope = "submit"
    phone_throttle_scope = "submit_phone"
    throttle_classes = [DeskThrottle, PhoneThrottle]
    parser_classes = [JSONParser, FormParser]

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        if request_too_large(request.META, settings.DESK_REQUEST_MAX_BYTES):
            raise PayloadTooLarge(REQUEST_TOO_LARGE)
        super().initial(request, *args, **kwargs)

    @extend_schema(
        request=InterviewQuestionInput,
        responses={201: QuestionReceipt},
        summary="向在线访谈提问（审核后公开，个人信息不公开）",
    )
    def post(self, request: Request, interview_id: int) -> Response:
        interview = get_object_or_404(services.public_interviews(), pk=interview_id)
        data = validate_input(InterviewQuestionInput(data=request.data))
        ip = client_ip(request)
        if abuse.captcha_required(ip):
            abuse.captcha_validate(data["captcha_key"], data["captcha"])
        question = services.question_submit(
            interview_id=interview.pk,
            submission=services.QuestionSubmission(
                name=data["name"], phone=data["phone"], text=data["text"]
            ),
        )
        abuse.submission_recorded(ip)
        return Response(receipt(question), status=status.HTTP_201_CREATED)


class InterviewLookupInput(serializers.Serializer[Any]):
    number = serializers.CharField(label="提问编号", max_length=20)
    query_code = serializers.CharField(label="查询码", max_length=16)


QuestionStatusSerializer = inline_serializer(
    name="InterviewQuestionStatus",
    fields={
        "number": serializers.CharField(),
        "interview": serializers.IntegerField(),
        "interview_title": serializers.CharField(),
        "status": serializers.CharField(help_text=QUESTION_STATUS_HELP),
        "status_display": serializers.CharField(),
        "public_text": serializers.CharField(),
        "decline_reason": serializers.CharField(),
        "answers": serializers.ListField(child=serializers.CharField()),
        "answered_live": serializers.BooleanField(),
        "letter_tracking_number": serializers.CharField(allow_null=True),
        "letter_query_code": serializers.CharField(allow_null=True),
    },
)


def question_status(question: InterviewQuestion) -> dict[str, Any]:
    """What the asker sees with the number and query code: never their contact data."""
    target = question.merged_into if question.merged_into_id else question
    letter = question.letter
    return {
        "number": question.number,
        "interview": question.interview_id,
        "interview_title": question.interview.title,
        "status": question.status,
        "status_display": question.get_status_display(),
        "public_text": question.public_text,
        "decline_reason": question.decline_reason,
        "answers": [post.text for post in target.answers.order_by("posted_at", "id")]
        if target is not None
        else [],
        "answered_live": question.answered_live,
        "letter_tracking_number": letter.tracking_number if letter else None,
        "letter_query_code": letter.query_code if letter else None,
    }


NOT_FOUND = "提问编号或查询码不正确，请核对后重试。"


class QuestionLookupView(PublicAPIView):
    """The asker's question by number and query code; wrong codes spend the lookup
    failure budget per address (the letters')."""

    throttle_scope = "lookup"
    failure_throttle_scope = "lookup_failures"
    throttle_classes = [DeskThrottle, FailureThrottle]

    @extend_schema(
        request=InterviewLookupInput,
        responses={200: QuestionStatusSerializer, 404: error_response("404")},
        summary="凭提问编号和查询码查看问题的审核和答复情况",
    )
    def post(self, request: Request) -> Response:
        data = validate_input(InterviewLookupInput(data=request.data))
        question = services.question_by_code(data["number"], data["query_code"])
        if question is None:
            record_failure(request, self)
            raise NotFound(NOT_FOUND)
        return Response(question_status(question))


# --- staff ------------------------------------------------------------------------------


class InterviewStaffPermission(IsAuthenticated):
    message = "需要工作人员账号登录。"

    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(super().has_permission(request, view) and request.user.is_active)


class StaffQuestionSerializer(serializers.ModelSerializer[InterviewQuestion]):
    """A question as interview staff see it: contact data masked, the text only as the
    masked proposal to publish (staff screens never show personal data by default)."""

    number = serializers.CharField()
    status = serializers.CharField(help_text=QUESTION_STATUS_HELP)
    name = serializers.SerializerMethodField()
    phone = serializers.SerializerMethodField()
    proposal = serializers.SerializerMethodField()
    status_display = serializers.CharField(source="get_status_display")
    letter = serializers.CharField(source="letter.tracking_number", default=None, allow_null=True)

    class Meta:
        model = InterviewQuestion
        fields = [
            "id",
            "number",
            "name",
            "phone",
            "proposal",
            "public_text",
            "status",
            "status_display",
            "sensitive_flagged",
            "sensitive_hits",
            "merged_into",
            "decline_reason",
            "received_at",
            "answered_at",
            "answered_live",
            "letter",
        ]

    def get_name(self, question: InterviewQuestion) -> str:
        return mask_name(question.name)

    def get_phone(self, question: InterviewQuestion) -> str:
        return mask_phone(question.phone)

    def get_proposal(self, question: InterviewQuestion) -> str:
        return services.question_proposal(question)


class StaffInterviewSerializer(InterviewRowSerializer):
    roles = serializers.SerializerMethodField()
    published = serializers.BooleanField()
    questions = StaffQuestionSerializer(many=True)
    posts = PostSerializer(many=True)

    class Meta(InterviewRowSerializer.Meta):
        fields = [
            *InterviewRowSerializer.Meta.fields,
            "published",
            "summary",
            "roles",
            "questions",
            "posts",
        ]

    def get_roles(self, interview: Interview) -> list[str]:
        return sorted(services.roles_in(interview, self.context["request"].user))


def staff_queryset(request: Request) -> QuerySet[Interview]:
    return (
        services.interviews_for(request.user)
        .select_related("guest_leader", "guest_department")
        .prefetch_related(
            Prefetch(
                "questions",
                queryset=InterviewQuestion.objects.select_related("letter").order_by(
                    "received_at", "id"
                ),
            ),
            Prefetch("posts", queryset=InterviewPost.objects.order_by("posted_at", "id")),
        )
    )


class StaffInterviewListView(generics.ListAPIView[Interview]):
    """The interviews the signed-in staff member has a role in."""

    permission_classes = [InterviewStaffPermission]
    serializer_class = InterviewRowSerializer

    def get_queryset(self) -> QuerySet[Interview]:
        if getattr(self, "swagger_fake_view", False):
            return Interview.objects.none()
        return (
            services.interviews_for(self.request.user)
            .select_related("guest_leader", "guest_department")
            .order_by("-starts_at", "-id")
        )


class StaffInterviewDetailView(generics.RetrieveAPIView[Interview]):
    """One interview with every question (masked contact data) and every post."""

    permission_classes = [InterviewStaffPermission]
    serializer_class = StaffInterviewSerializer
    lookup_url_kwarg = "interview_id"

    def get_queryset(self) -> QuerySet[Interview]:
        if getattr(self, "swagger_fake_view", False):
            return Interview.objects.none()
        return staff_queryset(self.request)


class _StaffAction(APIView):
    permission_classes = [InterviewStaffPermission]

    def interview(self, request: Request, interview_id: int) -> Interview:
        return get_object_or_404(services.interviews_for(request.user), pk=interview_id)

    def detail(self, request: Request, interview_id: int) -> Response:
        interview = get_object_or_404(staff_queryset(request), pk=interview_id)
        return Response(StaffInterviewSerializer(interview, context={"request": request}).data)


class InterviewFinishInput(serializers.Serializer[Any]):
    summary = serializers.CharField(
        label="访谈摘要", required=False, allow_blank=True, default="", max_length=2000
    )


class StartView(_StaffAction):
    @extend_schema(
        request=None,
        responses={200: StaffInterviewSerializer},
        summary="开始直播（主持人、审核员）",
    )
    def post(self, request: Request, interview_id: int) -> Response:
        self.interview(request, interview_id)
        services.interview_start(interview_id=interview_id, actor=staff_user(request.user))
        return self.detail(request, interview_id)


class FinishView(_StaffAction):
    @extend_schema(
        request=InterviewFinishInput,
        responses={200: StaffInterviewSerializer},
        summary="结束直播（主持人、审核员）",
    )
    def post(self, request: Request, interview_id: int) -> Response:
        self.interview(request, interview_id)
        data = validate_input(InterviewFinishInput(data=request.data))
        services.interview_finish(
            interview_id=interview_id, actor=staff_user(request.user), summary=data["summary"]
        )
        return self.detail(request, interview_id)


class InterviewConfirmationInput(serializers.Serializer[Any]):
    field = serializers.CharField(label="字段")
    kind = serializers.CharField(label="类型")
    text = serializers.CharField(label="内容")
    reason = serializers.CharField(label="保留理由", allow_blank=True, default="")


class InterviewPostInput(serializers.Serializer[Any]):
    speaker = serializers.ChoiceField(label="发言人身份", choices=Speaker.choices)
    text = serializers.CharField(label="内容", max_length=services.POST_MAX)
    question = id_field("答复的问题", required=False, allow_null=True, default=None)
    image = serializers.FileField(label="图片", required=False, allow_null=True, default=None)
    image_alt = serializers.CharField(
        label="图片说明", required=False, allow_blank=True, default="", max_length=200
    )
    confirmations = InterviewConfirmationInput(
        label="确认保留", many=True, required=False, default=list
    )


class PostView(_StaffAction):
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(
        request=InterviewPostInput,
        responses={201: PostSerializer},
        summary="发言：主持人；嘉宾或录入员代嘉宾（可答复问题、附图片）",
    )
    def post(self, request: Request, interview_id: int) -> Response:
        self.interview(request, interview_id)
        data = validate_input(InterviewPostInput(data=request.data))
        post = services.post_create(
            interview_id=interview_id,
            actor=staff_user(request.user),
            speaker=data["speaker"],
            text=data["text"],
            question_id=data["question"],
            image=data["image"],
            image_alt=data["image_alt"],
            confirmations=[dict(c) for c in data["confirmations"]],
        )
        return Response(PostSerializer(post).data, status=status.HTTP_201_CREATED)


class InterviewAcceptInput(serializers.Serializer[Any]):
    public_text = serializers.CharField(
        label="公开的问题",
        required=False,
        allow_null=True,
        default=None,
        max_length=services.QUESTION_MAX,
    )
    confirmations = InterviewConfirmationInput(
        label="确认保留", many=True, required=False, default=list
    )


class InterviewMergeInput(serializers.Serializer[Any]):
    into = id_field("合并至")


class InterviewDeclineInput(serializers.Serializer[Any]):
    reason = serializers.CharField(label="未采纳理由", max_length=services.REASON_MAX)


class _QuestionAction(_StaffAction):
    def question(self, request: Request, interview_id: int, question_id: int) -> InterviewQuestion:
        interview = self.interview(request, interview_id)
        return get_object_or_404(InterviewQuestion, pk=question_id, interview=interview)

    def answer(self, request: Request, question: InterviewQuestion) -> Response:
        question = InterviewQuestion.objects.select_related("letter").get(pk=question.pk)
        return Response(StaffQuestionSerializer(question).data)


class AcceptView(_QuestionAction):
    @extend_schema(
        request=InterviewAcceptInput,
        responses={200: StaffQuestionSerializer},
        summary="采纳问题（公开内容经发布检查）",
    )
    def post(self, request: Request, interview_id: int, question_id: int) -> Response:
        question = self.question(request, interview_id, question_id)
        data = validate_input(InterviewAcceptInput(data=request.data))
        services.question_accept(
            interview_id=interview_id,
            question_id=question.pk,
            actor=staff_user(request.user),
            public_text=data["public_text"],
            confirmations=[dict(c) for c in data["confirmations"]],
        )
        return self.answer(request, question)


class MergeView(_QuestionAction):
    @extend_schema(
        request=InterviewMergeInput,
        responses={200: StaffQuestionSerializer},
        summary="合并到已采纳的相同问题",
    )
    def post(self, request: Request, interview_id: int, question_id: int) -> Response:
        question = self.question(request, interview_id, question_id)
        data = validate_input(InterviewMergeInput(data=request.data))
        services.question_merge(
            interview_id=interview_id,
            question_id=question.pk,
            actor=staff_user(request.user),
            into_id=data["into"],
        )
        return self.answer(request, question)


class DeclineView(_QuestionAction):
    @extend_schema(
        request=InterviewDeclineInput,
        responses={200: StaffQuestionSerializer},
        summary="不予采纳（说明理由）",
    )
    def post(self, request: Request, interview_id: int, question_id: int) -> Response:
        question = self.question(request, interview_id, question_id)
        data = validate_input(InterviewDeclineInput(data=request.data))
        services.question_decline(
            interview_id=interview_id,
            question_id=question.pk,
            actor=staff_user(request.user),
            reason=data["reason"],
        )
        return self.answer(request, question)


class ToLetterView(_QuestionAction):
    @extend_schema(
        request=None,
        responses={200: StaffQuestionSerializer},
        summary="未答复的问题转为来信，由嘉宾所在单位办理",
    )
    def post(self, request: Request, interview_id: int, question_id: int) -> Response:
        question = self.question(request, interview_id, question_id)
        services.question_to_letter(
            interview_id=interview_id, question_id=question.pk, actor=staff_user(request.user)
        )
        return self.answer(request, question)
