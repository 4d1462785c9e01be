"""Knowledge-base API: public search, suggestions and entries; the curator's workbench.

Public endpoints are anonymous and rate-limited and show only published entries in
effect today. Curator endpoints need a staff account with the publisher, supervisor or
dispatcher role; approving and retiring need publisher or supervisor. State rules answer
409 (``TransitionNotAllowed``), bad input 400 naming the field.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import exceptions, generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import DeskThrottle, PublicAPIView, SearchThrottle, validate_input
from knowledge_base import lifecycle, search, services
from knowledge_base.models import EntryStatus, KnowledgeEntry
from letters.api.staff_views import StaffPermission
from letters.models import Letter
from letters.selectors import letters_for
from org.models import Department
from org.selectors import staff_user, user_roles

CURATOR_ROLES = lifecycle.CURATOR_ROLES
SNIPPET_LENGTH = 120
SUGGEST_MIN_CHARS = 4


def snippet(text: str, length: int = SNIPPET_LENGTH) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[:length] + "…"


# --- public ----------------------------------------------------------------------------


class KbSearchInput(serializers.Serializer[Any]):
    q = serializers.CharField(label="检索词", max_length=100)
    limit = serializers.IntegerField(label="条数", min_value=1, max_value=50, default=10)


class KbSuggestInput(serializers.Serializer[Any]):
    text = serializers.CharField(
        label="来信内容", max_length=2000, required=False, allow_blank=True, default=""
    )


class KbSearchResultSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    question = serializers.CharField()
    answer = serializers.SerializerMethodField()
    department = serializers.SerializerMethodField()
    category = serializers.CharField()
    score = serializers.FloatField(source="search_score")

    def get_answer(self, entry: KnowledgeEntry) -> str:
        return snippet(entry.answer)

    def get_department(self, entry: KnowledgeEntry) -> str:
        return entry.department.name if entry.department else ""


class KbPublicEntrySerializer(serializers.ModelSerializer[KnowledgeEntry]):
    department = serializers.SerializerMethodField()
    keywords = serializers.SerializerMethodField()

    class Meta:
        model = KnowledgeEntry
        fields = [
            "id",
            "question",
            "answer",
            "department",
            "category",
            "keywords",
            "effective_from",
            "expires_on",
            "version",
            "updated_at",
        ]

    def get_department(self, entry: KnowledgeEntry) -> str:
        return entry.department.name if entry.department else ""

    def get_keywords(self, entry: KnowledgeEntry) -> list[str]:
        return [k.strip() for k in entry.keywords.replace("，", ",").split(",") if k.strip()]


class KbSearchView(PublicAPIView):
    # One budget with the /kb/ pages; every search here has a keyword (the search budget).
    throttle_scope = "kb"
    search_throttle_scope = "search"
    throttle_classes = [DeskThrottle, SearchThrottle]

    @extend_schema(
        parameters=[KbSearchInput],
        responses={
            200: inline_serializer(
                name="KbSearchResults", fields={"results": KbSearchResultSerializer(many=True)}
            )
        },
        summary="知识库检索（已发布且在有效期内的条目）",
    )
    def get(self, request: Request) -> Response:
        data = validate_input(KbSearchInput(data=request.query_params))
        entries = search.search_entries(data["q"], limit=data["limit"])
        return Response({"results": KbSearchResultSerializer(entries, many=True).data})


class KbSuggestView(PublicAPIView):
    throttle_scope = "suggest"

    @extend_schema(
        parameters=[KbSuggestInput],
        responses={
            200: inline_serializer(
                name="KbSuggestions",
                fields={
                    "entries": KbSearchResultSerializer(many=True),
                    "letters": serializers.ListField(child=serializers.DictField()),
                },
            )
        },
        summary="写信时推荐相似的已答复问题",
    )
    def get(self, request: Request) -> Response:
        data = validate_input(KbSuggestInput(data=request.query_params))
        text = data["text"].strip()
        long_enough = len("".join(text.split())) >= SUGGEST_MIN_CHARS
        entries = search.similar(text) if long_enough else []
        letters = search.similar_letters(text) if long_enough else []
        return Response(
            {
                "entries": KbSearchResultSerializer(entries, many=True).data,
                "letters": [
                    {
                        "tracking_number": letter.tracking_number,
                        "title": letter.public_title,
                        "reply": letter.public_text[:200],
                        "replied_at": letter.public_replied_at,
                    }
                    for letter in letters
                ],
            }
        )


class KbEntryDetailView(PublicAPIView):
    throttle_scope = "kb"

    @extend_schema(responses={200: KbPublicEntrySerializer}, summary="知识库条目详情")
    def get(self, request: Request, pk: int) -> Response:
        entry = get_object_or_404(search.visible_entries().select_related("department"), pk=pk)
        return Response(KbPublicEntrySerializer(entry).data)


# --- curator ---------------------------------------------------------------------------


class CuratorPermission(StaffPermission):
    message = "需要知识库管理权限（签发人、督办员或分办员）。"

    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(
            super().has_permission(request, view) and user_roles(request.user) & CURATOR_ROLES
        )


def require(action: str, user: Any) -> None:
    """The lifecycle's role rule, checked before the input is read."""
    refused = lifecycle.role_refusal(action, frozenset(user_roles(user)))
    if refused is not None:
        raise exceptions.PermissionDenied(refused)


class KbQueueLetterSerializer(serializers.ModelSerializer[Letter]):
    reply_department = serializers.SerializerMethodField()
    status_display = serializers.CharField(source="get_status_display")
    reply_excerpt = serializers.SerializerMethodField()

    class Meta:
        model = Letter
        fields = [
            "id",
            "tracking_number",
            "title",
            "status",
            "status_display",
            "reply_department",
            "replied_at",
            "reply_excerpt",
        ]

    def get_reply_department(self, letter: Letter) -> str:
        return letter.reply_department.name if letter.reply_department else ""

    def get_reply_excerpt(self, letter: Letter) -> str:
        return snippet(letter.public_text or letter.reply_text, 60)


class KbStaffEntrySerializer(serializers.ModelSerializer[KnowledgeEntry]):
    status_display = serializers.CharField(source="get_status_display")
    department_name = serializers.SerializerMethodField()
    source_letters = serializers.SerializerMethodField()

    class Meta:
        model = KnowledgeEntry
        fields = [
            "id",
            "question",
            "answer",
            "department",
            "department_name",
            "category",
            "keywords",
            "source_letters",
            "effective_from",
            "expires_on",
            "status",
            "status_display",
            "version",
            "reviewed_at",
            "reviewed_by",
            "review_note",
            "created_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_department_name(self, entry: KnowledgeEntry) -> str:
        return entry.department.name if entry.department else ""

    def get_source_letters(self, entry: KnowledgeEntry) -> list[int]:
        return [letter.pk for letter in entry.source_letters.all()]


class KbEntryInput(serializers.Serializer[Any]):
    question = serializers.CharField(label="问题", max_length=300)
    answer = serializers.CharField(label="答复")
    department = serializers.PrimaryKeyRelatedField(
        label="答复单位", queryset=Department.objects.all(), required=False, allow_null=True
    )
    category = serializers.CharField(label="分类", max_length=50, required=False, allow_blank=True)
    keywords = serializers.CharField(
        label="关键词", max_length=300, required=False, allow_blank=True
    )
    source_letters = serializers.PrimaryKeyRelatedField(
        label="来源信件", queryset=Letter.objects.all(), many=True, required=False
    )
    effective_from = serializers.DateField(label="生效日期", required=False, allow_null=True)
    expires_on = serializers.DateField(label="失效日期", required=False, allow_null=True)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        start = attrs.get("effective_from", self.context.get("effective_from"))
        end = attrs.get("expires_on", self.context.get("expires_on"))
        if start and end and end < start:
            raise serializers.ValidationError({"expires_on": "「失效日期」：不能早于生效日期。"})
        return attrs


class KbConfirmationInput(serializers.Serializer[Any]):
    """Keep one item the publication gate found in the entry, with a reason."""

    field = serializers.ChoiceField(
        label="字段", choices=[("question", "问题"), ("answer", "答复")]
    )
    kind = serializers.CharField(label="类型", max_length=32)
    text = serializers.CharField(label="保留内容", max_length=200)
    reason = serializers.CharField(label="保留理由", min_length=4, max_length=500)


class KbReviewInput(serializers.Serializer[Any]):
    approve = serializers.BooleanField(label="审核结论")
    note = serializers.CharField(
        label="审核意见", max_length=1000, required=False, allow_blank=True, default=""
    )
    confirmations = KbConfirmationInput(label="确认保留", many=True, required=False, default=list)


class CuratorQueueView(generics.ListAPIView[Letter]):
    permission_classes = [CuratorPermission]
    serializer_class = KbQueueLetterSerializer
    filter_backends: list[Any] = []

    def get_queryset(self) -> QuerySet[Letter]:
        return services.curator_queue().filter(pk__in=letters_for(self.request.user).values("pk"))


class CuratorDraftView(APIView):
    permission_classes = [CuratorPermission]

    @extend_schema(
        request=None, responses={201: KbStaffEntrySerializer}, summary="从信件生成知识库草稿"
    )
    def post(self, request: Request, letter_id: int) -> Response:
        letter = get_object_or_404(letters_for(request.user), pk=letter_id)
        entry = services.draft_from_letter(letter, staff_user(request.user))
        return Response(KbStaffEntrySerializer(entry).data, status=status.HTTP_201_CREATED)


class CuratorEntryListView(generics.ListCreateAPIView[KnowledgeEntry]):
    permission_classes = [CuratorPermission]
    serializer_class = KbStaffEntrySerializer
    filter_backends: list[Any] = []

    def get_queryset(self) -> QuerySet[KnowledgeEntry]:
        queryset = KnowledgeEntry.objects.select_related("department").prefetch_related(
            "source_letters"
        )
        wanted = self.request.query_params.get("status", "")
        if wanted:
            if wanted not in EntryStatus.values:
                raise exceptions.ValidationError({"status": ["「状态」：不是有效的选项。"]})
            queryset = queryset.filter(status=wanted)
        return queryset

    @extend_schema(request=KbEntryInput, responses={201: KbStaffEntrySerializer})
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = validate_input(KbEntryInput(data=request.data))
        department = data.get("department")
        entry = services.entry_create(
            actor=staff_user(request.user),
            question=data["question"],
            answer=data["answer"],
            department_id=department.pk if department else None,
            category=data.get("category", ""),
            keywords=data.get("keywords", ""),
            source_letter_ids=[letter.pk for letter in data.get("source_letters", [])],
            effective_from=data.get("effective_from"),
            expires_on=data.get("expires_on"),
        )
        return Response(KbStaffEntrySerializer(entry).data, status=status.HTTP_201_CREATED)


class CuratorEntryDetailView(APIView):
    permission_classes = [CuratorPermission]

    @extend_schema(responses={200: KbStaffEntrySerializer})
    def get(self, request: Request, pk: int) -> Response:
        entry = get_object_or_404(KnowledgeEntry, pk=pk)
        return Response(KbStaffEntrySerializer(entry).data)

    @extend_schema(request=KbEntryInput, responses={200: KbStaffEntrySerializer})
    def patch(self, request: Request, pk: int) -> Response:
        entry = get_object_or_404(KnowledgeEntry, pk=pk)
        serializer = KbEntryInput(
            data=request.data,
            partial=True,
            context={"effective_from": entry.effective_from, "expires_on": entry.expires_on},
        )
        data = validate_input(serializer)
        data.pop("source_letters", None)
        if "department" in data:
            department = data.pop("department")
            data["department_id"] = department.pk if department else None
        entry = services.entry_update(entry, staff_user(request.user), **data)
        return Response(KbStaffEntrySerializer(entry).data)


class CuratorEntrySubmitView(APIView):
    permission_classes = [CuratorPermission]

    @extend_schema(request=None, responses={200: KbStaffEntrySerializer}, summary="提交审核")
    def post(self, request: Request, pk: int) -> Response:
        entry = get_object_or_404(KnowledgeEntry, pk=pk)
        entry = services.entry_submit(entry, staff_user(request.user))
        return Response(KbStaffEntrySerializer(entry).data)


class CuratorEntryReviewView(APIView):
    permission_classes = [CuratorPermission]

    @extend_schema(
        request=KbReviewInput,
        responses={200: KbStaffEntrySerializer},
        summary="审核（通过即经公开检查后发布并进入检索，不通过退回草稿）",
    )
    def post(self, request: Request, pk: int) -> Response:
        entry = get_object_or_404(KnowledgeEntry, pk=pk)
        require("approve", request.user)
        data = validate_input(KbReviewInput(data=request.data))
        entry = services.entry_review(
            entry,
            staff_user(request.user),
            data["approve"],
            data["note"],
            confirmations=data["confirmations"],
        )
        return Response(KbStaffEntrySerializer(entry).data)


class CuratorEntryRetireView(APIView):
    permission_classes = [CuratorPermission]

    @extend_schema(request=None, responses={200: KbStaffEntrySerializer}, summary="下线条目")
    def post(self, request: Request, pk: int) -> Response:
        entry = get_object_or_404(KnowledgeEntry, pk=pk)
        require("retire", request.user)
        entry = services.entry_retire(entry, staff_user(request.user))
        return Response(KbStaffEntrySerializer(entry).data)


class KbStaleInput(serializers.Serializer[Any]):
    months = serializers.IntegerField(label="未复核月数", min_value=1, max_value=120, default=12)


class CuratorStaleView(generics.ListAPIView[KnowledgeEntry]):
    permission_classes = [CuratorPermission]
    serializer_class = KbStaffEntrySerializer
    filter_backends: list[Any] = []

    def get_queryset(self) -> QuerySet[KnowledgeEntry]:
        data = validate_input(KbStaleInput(data=self.request.query_params))
        return services.stale_entries(months=data["months"]).prefetch_related("source_letters")
