"""Staff API: inbox, letter detail and one endpoint per case action.

Every path reads letters through ``letters.selectors.letters_for``: a letter outside the
user's scope is a 404, never a 403 or data. Within scope, an action needs its role
(403 otherwise); state rules answer 409 and bad input 400. Nothing is written on refusal.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import django_filters
from django.db.models import Prefetch, Q, QuerySet
from django.http import FileResponse, Http404, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import exceptions, generics, serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import validate_input
from letters import lifecycle
from letters.api import staff_serializers as io
from letters.choices import OPEN_STATUSES, PROTECTED_KINDS, LetterKind, LetterStatus
from letters.models import Attachment, ExtensionRequest, Letter, LetterEvent
from letters.selectors import (
    due_soon_q,
    inbox_counts,
    inbox_filters,
    letters_for,
    overdue_q,
    with_urgency,
)
from letters.services import export, workflow
from letters.staff_view import is_protected_copy
from org.roles import Role
from org.selectors import reader_context, staff_user, user_department_id, user_roles


class StaffPermission(IsAuthenticated):
    """Signed-in, active staff with at least one case role."""

    message = "需要工作人员账号登录。"

    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(
            super().has_permission(request, view)
            and request.user.is_active
            and user_roles(request.user)
            & {Role.DISPATCHER, Role.HANDLER, Role.REVIEWER, Role.PUBLISHER, Role.SUPERVISOR}
        )


# The workspace inbox's boxes (frontend.workspace_views.BOXES), as an API filter.
INBOX_BOXES = [
    ("open", "全部在办"),
    ("to_dispatch", "待分办"),
    ("to_sign", "待签收"),
    ("in_progress", "办理中"),
    ("due_soon", "即将超期"),
    ("overdue", "已超期"),
    ("to_review", "待审核"),
    ("to_office_review", "待审核公开"),
    ("all", "全部来信"),
]


class LetterFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=LetterStatus.choices)
    kind = django_filters.MultipleChoiceFilter(choices=LetterKind.choices)
    department = django_filters.NumberFilter(field_name="department_id")
    overdue = django_filters.BooleanFilter(method="by_urgency", label="已超期")
    due_soon = django_filters.BooleanFilter(method="by_urgency", label="即将超期")
    sensitive_flagged = django_filters.BooleanFilter(label="敏感词待复核")
    received_from = django_filters.DateFilter(field_name="received_at", lookup_expr="date__gte")
    received_to = django_filters.DateFilter(field_name="received_at", lookup_expr="date__lte")
    q = django_filters.CharFilter(method="search", label="关键词")
    box = django_filters.ChoiceFilter(choices=INBOX_BOXES, method="by_box", label="收件箱分类")

    class Meta:
        model = Letter
        fields = ["status", "kind", "department", "overdue", "due_soon", "sensitive_flagged"]

    def by_urgency(
        self, queryset: QuerySet[Letter], name: str, value: bool | None
    ) -> QuerySet[Letter]:
        """Overdue / due soon now (``letters.selectors``), never a stored flag."""
        if value is None:
            return queryset
        condition = (overdue_q if name == "overdue" else due_soon_q)(timezone.now())
        return queryset.filter(condition) if value else queryset.exclude(condition)

    def by_box(self, queryset: QuerySet[Letter], name: str, value: str) -> QuerySet[Letter]:
        """The workspace inbox's boxes (``letters.selectors.inbox_filters``): the page's
        export link carries the box it shows."""
        if not value or value == "all":
            return queryset
        if value == "open":
            return queryset.filter(status__in=sorted(OPEN_STATUSES))
        user = self.request.user if self.request is not None else None
        return queryset.filter(inbox_filters(user, timezone.now())[value])

    def search(self, queryset: QuerySet[Letter], name: str, value: str) -> QuerySet[Letter]:
        """By tracking number anywhere; by words of the title and body only where the
        reader sees the full text (lead department, site office): a unit that gets a
        masked copy must not find a letter by the writer's phone or name."""
        value = value.strip()
        if not value:
            return queryset
        text = Q(title__icontains=value) | Q(body__icontains=value)
        reader = reader_context(self.request.user) if self.request is not None else {}
        if not reader.get("office"):
            text &= Q(department_id=reader.get("department_id"))
            text &= ~Q(named_unit_id=reader.get("department_id"), kind__in=sorted(PROTECTED_KINDS))
        return queryset.filter(Q(tracking_number__iexact=value) | text)


def inbox_queryset(view: generics.GenericAPIView[Letter]) -> QuerySet[Letter]:
    """The inbox API's letters in its order (before its filters): the list and the export."""
    if getattr(view, "swagger_fake_view", False):  # schema generation: no data, no clock
        return Letter.objects.none()
    return with_urgency(
        letters_for(view.request.user).select_related("department"), timezone.now()
    ).order_by("deadline_at", "-received_at", "id")


class StaffLetterListView(generics.ListAPIView[Letter]):
    """Inbox and department-scoped search."""

    permission_classes = [StaffPermission]
    serializer_class = io.StaffLetterSerializer
    filterset_class = LetterFilter

    def get_queryset(self) -> QuerySet[Letter]:
        return inbox_queryset(self)

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), **reader_context(self.request.user)}


class ExportQuery(serializers.Serializer[Any]):
    """The export's own parameters (the filters are the inbox's)."""

    format = serializers.ChoiceField(
        label="导出格式", choices=[("xlsx", "Excel（.xlsx）"), ("csv", "CSV")], default="xlsx"
    )
    unmask = serializers.BooleanField(label="导出完整个人信息", default=False)
    reason = serializers.CharField(
        label="导出理由", required=False, allow_blank=True, max_length=500, default=""
    )


EXPORT_CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


class StaffLetterExportView(generics.GenericAPIView[Letter]):
    """``GET staff/letters/export/?format=xlsx|csv&…``: the inbox's letters for the same
    filters and user, in its order, one row each with its timeline summary
    (``letters.services.export``). ``format`` names the file, not a DRF renderer."""

    permission_classes = [StaffPermission]
    filterset_class = LetterFilter
    pagination_class = None

    def get_queryset(self) -> QuerySet[Letter]:
        return inbox_queryset(self)

    def perform_content_negotiation(self, request: Request, force: bool = False) -> Any:
        # ``?format=xlsx`` is the file format; errors are answered in JSON whatever it says.
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(
        parameters=[ExportQuery],
        filters=True,
        responses={
            (200, EXPORT_CONTENT_TYPES["xlsx"]): OpenApiTypes.BINARY,
            (200, "text/csv"): OpenApiTypes.STR,
        },
        summary="导出来信（Excel 或 CSV，与收件箱相同的范围和筛选；默认隐去个人信息）",
        operation_id="staff_letter_export",
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponseBase:
        params = validate_input(ExportQuery(data=request.query_params))
        ids = list(self.filter_queryset(self.get_queryset()).values_list("pk", flat=True))
        scope = export.ExportScope(
            user=staff_user(request.user), unmask=params["unmask"], reason=params["reason"]
        )
        filters = {
            key: request.query_params.getlist(key)
            for key in sorted(request.query_params)
            if key not in ("format", "unmask", "reason")
        }
        export.authorize(
            scope, count=len(ids), data={"format": params["format"], "filters": filters}
        )
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        rows = export.export_rows(ids, scope)
        response: HttpResponseBase
        if params["format"] == "csv":
            response = StreamingHttpResponse(
                export.csv_chunks(rows), content_type=EXPORT_CONTENT_TYPES["csv"]
            )
        else:
            response = FileResponse(
                export.write_xlsx(rows), content_type=EXPORT_CONTENT_TYPES["xlsx"]
            )
        response["Content-Disposition"] = (
            f'attachment; filename="letters-{stamp}.{params["format"]}"'
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "no-store"
        return response


class StaffLetterDetailView(generics.RetrieveAPIView[Letter]):
    permission_classes = [StaffPermission]
    serializer_class = io.StaffLetterDetailSerializer

    def get_queryset(self) -> QuerySet[Letter]:
        if getattr(self, "swagger_fake_view", False):
            return Letter.objects.none()
        return (
            with_urgency(letters_for(self.request.user), timezone.now())
            .select_related("department", "named_unit")
            .prefetch_related(
                "assisting_departments",
                "extensions",
                Prefetch(
                    "events",
                    queryset=LetterEvent.objects.select_related("actor").order_by("at", "id"),
                ),
            )
        )

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), **reader_context(self.request.user)}


class InboxCountsView(APIView):
    permission_classes = [StaffPermission]

    @extend_schema(
        responses={
            200: inline_serializer(
                name="InboxCounts",
                fields={
                    k: serializers.IntegerField()
                    for k in (
                        "to_dispatch",
                        "to_sign",
                        "in_progress",
                        "due_soon",
                        "overdue",
                        "to_review",
                        "to_office_review",
                    )
                },
            )
        },
        summary="待办数量（待分办、待签收、办理中、即将超期、已超期、待审核、待审核公开）",
    )
    def get(self, request: Request) -> Response:
        return Response(inbox_counts(request.user, timezone.now()))


# --- actions ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ActionEndpoint:
    """How the API takes one lifecycle action's input and which service runs it; who
    may run it, from which statuses and its label are the lifecycle table's."""

    serializer: type[serializers.Serializer[Any]]
    run: Callable[[Letter, Any, dict[str, Any]], Any]


def _into(letter: Letter, user: Any, data: dict[str, Any]) -> Any:
    target = letters_for(user).filter(tracking_number=data["into"].strip().upper()).first()
    if target is None:
        raise exceptions.ValidationError({"into": ["「合并至（信件编号）」：未找到该信件。"]})
    return workflow.letter_merge(letter_id=letter.pk, actor=user, into_id=target.pk)


R = Role
# One entry per lifecycle action that has its own letter route (keyed by the action's
# name; the route is its slug). 督办单 responses and extension decisions have routes of
# their own objects (OrderResponseView, ExtensionDecisionView).
ENDPOINTS: dict[str, ActionEndpoint] = {
    "accept": ActionEndpoint(
        io.EmptyInput,
        lambda letter, user, d: workflow.letter_accept(letter_id=letter.pk, actor=user),
    ),
    "reject": ActionEndpoint(
        io.RejectInput,
        lambda letter, user, d: workflow.letter_reject(
            letter_id=letter.pk, actor=user, reason=d["reason"], channel=d["channel"]
        ),
    ),
    "dispatch": ActionEndpoint(
        io.DispatchInput,
        lambda letter, user, d: workflow.letter_dispatch(
            letter_id=letter.pk,
            actor=user,
            department_id=d["department"],
            assisting_ids=d["assisting"],
            named_unit_id=d.get("named_unit"),
            designated=R.SUPERVISOR in user_roles(user) and R.DISPATCHER not in user_roles(user),
            note=d["note"],
        ),
    ),
    "transfer": ActionEndpoint(
        io.TransferInput,
        lambda letter, user, d: workflow.letter_transfer(
            letter_id=letter.pk, actor=user, department_id=d["department"], reason=d["reason"]
        ),
    ),
    "merge": ActionEndpoint(io.MergeInput, _into),
    "sign": ActionEndpoint(
        io.EmptyInput, lambda letter, user, d: workflow.letter_sign(letter_id=letter.pk, actor=user)
    ),
    "return": ActionEndpoint(
        io.ReasonInput,
        lambda letter, user, d: workflow.letter_return(
            letter_id=letter.pk, actor=user, reason=d["reason"]
        ),
    ),
    "pause": ActionEndpoint(
        io.ReasonInput,
        lambda letter, user, d: workflow.letter_pause(
            letter_id=letter.pk, actor=user, reason=d["reason"]
        ),
    ),
    "resume": ActionEndpoint(
        io.EmptyInput,
        lambda letter, user, d: workflow.letter_resume(letter_id=letter.pk, actor=user),
    ),
    "request_extension": ActionEndpoint(
        io.ExtensionInput,
        lambda letter, user, d: workflow.extension_request(
            letter_id=letter.pk, actor=user, working_days=d["working_days"], reason=d["reason"]
        ),
    ),
    "co_opinion": ActionEndpoint(
        io.OpinionInput,
        lambda letter, user, d: workflow.co_opinion(
            letter_id=letter.pk, actor=user, text=d["text"]
        ),
    ),
    "draft_reply": ActionEndpoint(
        io.DraftInput,
        lambda letter, user, d: workflow.reply_draft(
            letter_id=letter.pk, actor=user, text=d["text"], template_id=d.get("template")
        ),
    ),
    "submit_review": ActionEndpoint(
        io.EmptyInput,
        lambda letter, user, d: workflow.reply_submit(letter_id=letter.pk, actor=user),
    ),
    "review": ActionEndpoint(
        io.ReviewInput,
        lambda letter, user, d: workflow.reply_review(
            letter_id=letter.pk,
            actor=user,
            approve=d["approve"],
            reason=d["reason"],
            text=d["text"],
        ),
    ),
    "publish": ActionEndpoint(
        io.PublishInput,
        lambda letter, user, d: workflow.letter_publish(
            letter_id=letter.pk,
            actor=user,
            public_text=d["public_text"],
            public_title=d["public_title"] or None,
            public_body=d["public_body"] or None,
            confirmations=d["confirmations"],
        ),
    ),
    "office_review": ActionEndpoint(
        io.OfficeReviewInput,
        lambda letter, user, d: workflow.office_review(
            letter_id=letter.pk,
            actor=user,
            approve=d["approve"],
            reason=d["reason"],
            public_text=d["public_text"] or None,
            public_title=d["public_title"] or None,
            public_body=d["public_body"] or None,
            confirmations=d["confirmations"],
        ),
    ),
    "record_finding": ActionEndpoint(
        io.FindingInput,
        lambda letter, user, d: workflow.record_finding(
            letter_id=letter.pk, actor=user, finding=d["finding"], reason=d["reason"]
        ),
    ),
    "close": ActionEndpoint(
        io.EmptyInput,
        lambda letter, user, d: workflow.letter_close(letter_id=letter.pk, actor=user),
    ),
    "sensitive_review": ActionEndpoint(
        io.SensitiveReviewInput,
        lambda letter, user, d: workflow.sensitive_review(
            letter_id=letter.pk, actor=user, note=d["note"]
        ),
    ),
}
OWN_ROUTES = frozenset({"supervision_response", "extension_decide"})


def register_endpoint(name: str, endpoint: ActionEndpoint) -> None:
    """Apps above letters add the routes of their lifecycle actions here (supervision's
    催办 and 督办, in its ``AppConfig.ready``); letters never imports them."""
    if name not in lifecycle.STAFF_ACTIONS or name in OWN_ROUTES:
        raise ValueError(f"{name} is not a lifecycle action with a letter route")
    ENDPOINTS.setdefault(name, endpoint)


def action_result(letter: Letter) -> Response:
    """The answer to every case action: the letter's number and new status."""
    return Response(
        {
            "id": letter.pk,
            "tracking_number": letter.tracking_number,
            "status": letter.status,
            "status_display": letter.get_status_display(),
        }
    )


class LetterActionView(APIView):
    """``POST /api/v1/staff/letters/{id}/{slug}/`` for every action in ``ENDPOINTS``."""

    permission_classes = [StaffPermission]
    action_name = ""

    def post(self, request: Request, pk: int) -> Response:
        spec = lifecycle.ACTIONS[self.action_name]
        endpoint = ENDPOINTS[self.action_name]
        letter = get_object_or_404(letters_for(request.user), pk=pk)
        if not spec.roles & user_roles(request.user):  # before reading the input
            raise exceptions.PermissionDenied("您的角色不能执行此操作。")
        data = validate_input(endpoint.serializer(data=request.data))
        endpoint.run(letter, request.user, data)
        letter.refresh_from_db()
        return action_result(letter)


def action_view(name: str) -> Callable[..., Any]:
    """A view class per action, so each has its own OpenAPI operation."""
    spec = lifecycle.ACTIONS[name]

    @extend_schema(
        request=ENDPOINTS[name].serializer,
        responses={200: io.ActionResultSerializer},
        summary=spec.description,
        operation_id=f"staff_letter_{name}",
    )
    def post(self: LetterActionView, request: Request, pk: int) -> Response:
        return LetterActionView.post(self, request, pk)

    view: type[LetterActionView] = type(
        f"LetterAction_{name}",
        (LetterActionView,),
        {"action_name": name, "post": post},
    )
    return view.as_view()


class ExtensionDecisionView(APIView):
    permission_classes = [StaffPermission]

    @extend_schema(
        request=io.ExtensionDecisionInput,
        responses={200: io.ActionResultSerializer},
        summary="审批延期申请",
    )
    def post(self, request: Request, pk: int) -> Response:
        extension = get_object_or_404(
            ExtensionRequest.objects.filter(letter__in=letters_for(request.user)), pk=pk
        )
        if Role.SUPERVISOR not in user_roles(request.user):
            raise exceptions.PermissionDenied("只有督办员可以审批延期申请。")
        data = validate_input(io.ExtensionDecisionInput(data=request.data))
        letter = workflow.extension_decide(
            extension_id=extension.pk,
            actor=staff_user(request.user),
            approve=data["approve"],
            note=data["note"],
        )
        return action_result(letter)


class ReplyTemplatesView(APIView):
    permission_classes = [StaffPermission]

    @extend_schema(
        responses={
            200: inline_serializer(
                name="RenderedTemplate",
                many=True,
                fields={
                    "id": serializers.IntegerField(),
                    "name": serializers.CharField(),
                    "text": serializers.CharField(),
                },
            )
        },
        summary="适用于该来信的答复模板（已填入称呼、标题等）",
    )
    def get(self, request: Request, pk: int) -> Response:
        letter = get_object_or_404(letters_for(request.user).select_related("department"), pk=pk)
        return Response(
            [
                {"id": t.pk, "name": t.name, "text": workflow.render_template(t, letter)}
                for t in workflow.templates_for(letter)
            ]
        )


class AttachmentDownloadView(APIView):
    """Attachments only through this permission-checked view, always as a download."""

    permission_classes = [StaffPermission]

    @extend_schema(responses={(200, "application/octet-stream"): bytes}, summary="下载附件")
    def get(self, request: Request, pk: int, attachment_id: int) -> FileResponse:
        letter = get_object_or_404(letters_for(request.user), pk=pk)
        if is_protected_copy(letter, user_department_id(request.user)):
            raise Http404  # attachments may identify the writer
        attachment = get_object_or_404(Attachment, pk=attachment_id, letter=letter)
        response = FileResponse(
            attachment.file.open("rb"),
            as_attachment=True,
            filename=attachment.original_name,
            content_type="application/octet-stream",
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response
