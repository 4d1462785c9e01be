"""Public reply listing, detail, statistics and Atom feed; the publisher's redaction view."""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import exceptions, generics, serializers
from rest_framework.pagination import CursorPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import (
    DeskThrottle,
    PublicAPIView,
    SearchThrottle,
    id_field,
    scope_wait,
    too_many_response,
    validate_input,
)
from core.masking import writer_hits
from core.redaction import highlight_html
from knowledge_base import gate
from knowledge_base.publication import (
    ListingFilter,
    cached_public_statistics,
    filter_published,
    public_status,
    published_letters,
)
from letters.api.staff_views import StaffPermission
from letters.choices import LetterKind
from letters.models import Letter
from letters.selectors import letters_for
from letters.services.abuse import text_to_html
from letters.services.workflow import publication_proposal
from org.roles import Role
from org.selectors import user_roles

logger = logging.getLogger(__name__)


class PublicLetterRow(serializers.ModelSerializer[Letter]):
    """信件编号, 标题, 类别, 来信时间, 受理日期, 答复日期, 答复单位, 答复内容, 状态, 满意度."""

    title = serializers.CharField(source="public_title")
    kind_display = serializers.CharField(source="get_kind_display")
    reply_department = serializers.CharField(
        source="reply_department.name", default=None, allow_null=True
    )
    reply = serializers.CharField(source="public_text")
    replied_at = serializers.DateTimeField(source="public_replied_at", allow_null=True)
    status_display = serializers.SerializerMethodField()
    rating_display = serializers.SerializerMethodField()

    class Meta:
        model = Letter
        fields = [
            "tracking_number",
            "title",
            "kind",
            "kind_display",
            "received_at",
            "accepted_at",
            "replied_at",
            "reply_department",
            "reply",
            "status_display",
            "rating_display",
        ]

    def get_status_display(self, letter: Letter) -> str:
        return public_status(letter)

    def get_rating_display(self, letter: Letter) -> str:
        return letter.get_rating_display() if letter.rating else "未评价"


class PublicLetterDetail(PublicLetterRow):
    body = serializers.CharField(source="public_body")

    class Meta(PublicLetterRow.Meta):
        fields = [*PublicLetterRow.Meta.fields, "body"]


class ListingQuery(serializers.Serializer[Any]):
    department = id_field("答复单位", required=False)
    kind = serializers.ChoiceField(label="类别", choices=LetterKind.choices, required=False)
    date_from = serializers.DateField(label="开始日期", required=False)
    date_to = serializers.DateField(label="结束日期", required=False)
    q = serializers.CharField(label="关键词", required=False, allow_blank=True, max_length=100)


class StablePagination(CursorPagination):
    """Cursor pagination over (published_at, id): pages do not shift as replies arrive."""

    ordering = ("-published_at", "-id")
    page_size = 20


class PublicLetterListView(PublicAPIView, generics.ListAPIView[Letter]):
    # One budget with the /replies/ pages; keyword searches also spend the search budget.
    throttle_scope = "public_letters"
    search_throttle_scope = "search"
    throttle_classes = [DeskThrottle, SearchThrottle]
    serializer_class = PublicLetterRow
    pagination_class = StablePagination

    @extend_schema(parameters=[ListingQuery], summary="已公开的来信与答复")
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Letter]:
        data = validate_input(ListingQuery(data=self.request.query_params))
        return filter_published(published_letters(), ListingFilter(**data))


class PublicLetterDetailView(PublicAPIView, generics.RetrieveAPIView[Letter]):
    throttle_scope = "public_letters"
    serializer_class = PublicLetterDetail
    lookup_field = "tracking_number"

    def get_queryset(self) -> QuerySet[Letter]:
        return published_letters()


class StatisticsQuery(serializers.Serializer[Any]):
    year = serializers.IntegerField(label="年份", min_value=2000, max_value=2100, required=False)


class PublicStatisticsView(PublicAPIView):
    throttle_scope = "statistics"  # one budget with /statistics/

    @extend_schema(
        parameters=[StatisticsQuery],
        responses={
            200: inline_serializer(
                name="PublicStatistics",
                fields={
                    "year": serializers.IntegerField(),
                    "total": serializers.DictField(),
                    "by_month": serializers.ListField(child=serializers.DictField()),
                    "by_department": serializers.ListField(child=serializers.DictField()),
                    "by_source": serializers.ListField(child=serializers.DictField()),
                    "engagement": serializers.ListField(
                        child=serializers.DictField(),
                        help_text="在线访谈与网上调查：key、label、value",
                    ),
                    "definitions": serializers.ListField(child=serializers.DictField()),
                },
            )
        },
        summary="留言数、受理数、答复数、答复率、按期办结率、满意率（按月、按单位、按来信渠道），在线访谈与网上调查，及指标说明",
    )
    def get(self, request: Request) -> Response:
        data = validate_input(StatisticsQuery(data=request.query_params))
        year = data.get("year") or timezone.localdate().year
        return Response(cached_public_statistics(year))


class RepliesFeed(Feed[Letter, None]):
    """Atom feed of the newest published replies."""

    feed_type = Atom1Feed
    title = "政民互动 最新答复"
    throttle_scope = "feed"

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        wait = scope_wait(request, self.throttle_scope)  # per client IP (DESK_RATE_FEED)
        if wait is not None:
            return too_many_response(wait)
        return super().__call__(request, *args, **kwargs)

    link = "/api/v1/public/letters/"
    subtitle = "已公开的来信答复（个人信息已隐去）"

    def items(self) -> QuerySet[Letter]:
        return published_letters()[:50]

    def item_title(self, item: Letter) -> str:
        return item.public_title

    def item_description(self, item: Letter) -> str:
        # Atom readers render the summary as HTML (type="html"): plain text made into
        # HTML with everything escaped, then reduced to an allow-list by nh3.
        return text_to_html(item.public_text)

    def item_link(self, item: Letter) -> str:
        return f"/api/v1/public/letters/{item.tracking_number}/"

    def item_pubdate(self, item: Letter) -> Any:
        return item.published_at


class PublicationProposalView(APIView):
    """What the publisher reviews: masked texts and the original with every hit marked."""

    permission_classes = [StaffPermission]

    @extend_schema(
        responses={
            200: inline_serializer(
                name="PublicationProposal",
                fields={
                    "consent_public": serializers.BooleanField(),
                    "proposal": serializers.DictField(child=serializers.CharField()),
                    "highlighted": serializers.DictField(child=serializers.CharField()),
                    "hits": serializers.ListField(child=serializers.DictField()),
                    "gate_pending": serializers.ListField(child=serializers.DictField()),
                },
            )
        },
        summary="公开前的个人信息隐去建议（命中处高亮；gate_pending：公开检查仍会拒绝的内容）",
    )
    def get(self, request: Request, pk: int) -> Response:
        letter = get_object_or_404(letters_for(request.user), pk=pk)
        if Role.PUBLISHER not in user_roles(request.user):
            raise exceptions.PermissionDenied("只有签发人可以审阅公开内容。")
        texts = {"title": letter.title, "body": letter.body, "reply": letter.reply_text}
        highlighted: dict[str, str] = {}
        hits: list[dict[str, Any]] = []
        for field, text in texts.items():
            found = writer_hits(letter, text)
            highlighted[field] = highlight_html(text, found)
            hits += [
                {"field": field, "kind": h.kind, "text": h.text, "replacement": h.replacement}
                for h in found
            ]
        proposal = publication_proposal(letter)
        pending = gate.pending(
            proposal, writer=gate.writer_of(letter), subject=gate.Subject("letter", letter.pk)
        )
        return Response(
            {
                "consent_public": letter.consent_public,
                "proposal": proposal,
                "highlighted": highlighted,
                "hits": hits,
                "gate_pending": [hit.as_dict() for hit in pending],
            }
        )
