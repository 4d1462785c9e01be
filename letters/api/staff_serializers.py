"""Shapes of the staff API. Personal data is masked unless the view unmasks it; what a
reader sees of a letter is decided by ``letters.staff_view``."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from core import masking
from letters import hooks
from letters.choices import PublicationFinding
from letters.models import ExtensionRequest, Letter, LetterEvent
from letters.publication_policy import publication_rule
from letters.services.deadlines import describe_deadline, describe_review_deadline
from letters.staff_view import is_lead_or_office, is_protected_copy, masked_title, writer_fields


class StaffLetterSerializer(serializers.ModelSerializer[Letter]):
    """A row of the inbox. ``context`` carries the reader (``letters.selectors.reader_context``):
    ``department_id`` and ``office`` (site office roles)."""

    title = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField()
    due_soon = serializers.SerializerMethodField()
    urgency = serializers.SerializerMethodField()
    kind_display = serializers.CharField(source="get_kind_display")
    status_display = serializers.CharField(source="get_status_display")
    department = serializers.CharField(source="department.name", default=None, allow_null=True)
    deadline_display = serializers.SerializerMethodField()
    writer = serializers.SerializerMethodField()
    protected_copy = serializers.SerializerMethodField()
    # Sensitive words found at intake: the letter waits for the dispatcher's review.
    sensitive_hits = serializers.ListField(
        child=serializers.DictField(child=serializers.CharField()), read_only=True
    )
    routing = serializers.SerializerMethodField()

    class Meta:
        model = Letter
        fields = [
            "id",
            "tracking_number",
            "kind",
            "kind_display",
            "title",
            "status",
            "status_display",
            "received_at",
            "department",
            "deadline_at",
            "deadline_provisional",
            "deadline_display",
            "due_soon",
            "overdue",
            "urgency",
            "review_level",
            "writer",
            "protected_copy",
            "sensitive_flagged",
            "sensitive_hits",
            "routing",
        ]

    def _protected(self, letter: Letter) -> bool:
        return is_protected_copy(letter, self.context.get("department_id"))

    def get_title(self, letter: Letter) -> str:
        return masked_title(letter)

    def get_urgency(self, letter: Letter) -> str:
        """``overdue``/``due_soon``/``normal``/``paused``/``none`` by the reply clock, or
        ``review_overdue``/``review_due_soon``/``review`` by the office review clock (找错)
        (letters.selectors); the views annotate it (``with_urgency``)."""
        return str(getattr(letter, "urgency", "none"))

    def get_overdue(self, letter: Letter) -> bool:
        return self.get_urgency(letter) == "overdue"

    def get_due_soon(self, letter: Letter) -> bool:
        return self.get_urgency(letter) == "due_soon"

    def get_protected_copy(self, letter: Letter) -> bool:
        return self._protected(letter)

    def get_deadline_display(self, letter: Letter) -> str:
        return describe_deadline(letter)

    def get_routing(self, letter: Letter) -> dict[str, Any] | None:
        """The router's top 3 (``suggestions``: department_id, department, confidence,
        reason), ``note`` (why there is none, or why the letter was not dispatched
        automatically; "" when nothing to add) and ``threshold`` (the active model's
        effective auto-dispatch threshold, null: none). Null without a router."""
        return hooks.routing_advice(letter, self.context)

    def get_writer(self, letter: Letter) -> dict[str, str]:
        lead = is_lead_or_office(
            letter, self.context.get("department_id"), office=bool(self.context.get("office"))
        )
        return writer_fields(letter, protected=self._protected(letter), full_name=lead)


class StaffEventSerializer(serializers.ModelSerializer[LetterEvent]):
    actor = serializers.SerializerMethodField()

    class Meta:
        model = LetterEvent
        fields = [
            "at",
            "action",
            "from_status",
            "to_status",
            "actor",
            "note",
            "public_note",
            "public",
        ]

    def get_actor(self, event: LetterEvent) -> str:
        if event.actor is None:
            return "系统" if event.action != "rate" else "来信人"
        return event.actor.get_full_name() or event.actor.get_username()


class ExtensionSerializer(serializers.ModelSerializer[ExtensionRequest]):
    status_display = serializers.CharField(source="get_status_display")

    class Meta:
        model = ExtensionRequest
        fields = [
            "id",
            "working_days",
            "reason",
            "status",
            "status_display",
            "requested_at",
            "decided_at",
            "decision_note",
        ]


class StaffLetterDetailSerializer(StaffLetterSerializer):
    body = serializers.SerializerMethodField()
    timeline = serializers.SerializerMethodField()
    assisting_departments: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="name"
    )
    named_unit = serializers.CharField(source="named_unit.name", default=None, allow_null=True)
    extensions = ExtensionSerializer(many=True, read_only=True)
    attachments = serializers.SerializerMethodField()
    review_deadline_display = serializers.SerializerMethodField()
    publication_rule = serializers.SerializerMethodField()

    class Meta(StaffLetterSerializer.Meta):
        fields = [
            *StaffLetterSerializer.Meta.fields,
            "body",
            "leader",
            "url",
            "error_type",
            "solicitation",
            "assisting_departments",
            "named_unit",
            "designated",
            "consent_public",
            "routing_suggestions",
            "reply_text",
            "public_text",
            "replied_at",
            "rating",
            "rating_comment",
            "reopen_count",
            "reject_reason",
            "reject_channel",
            "merged_into",
            "deadline_derivation",
            "review_deadline_at",
            "review_deadline_display",
            "review_derivation",
            "publication_rule",
            "publication_finding",
            "publication_finding_reason",
            "extensions",
            "attachments",
            "timeline",
        ]

    def get_body(self, letter: Letter) -> str:
        return masking.mask_writer_data(letter, letter.body)

    def get_review_deadline_display(self, letter: Letter) -> str:
        """The office review deadline (找错), or 未设定 before the letter reaches it."""
        return describe_review_deadline(letter)

    def get_publication_rule(self, letter: Letter) -> str:
        """``consent`` or ``unless_withheld`` (the kind's ``PublicationPolicy``)."""
        return publication_rule(letter.kind)

    def get_attachments(self, letter: Letter) -> list[dict[str, Any]]:
        if self._protected(letter):
            return []
        return [
            {
                "id": a.pk,
                "name": a.original_name,
                "content_type": a.content_type,
                "size": a.size,
                "url": f"/api/v1/staff/letters/{letter.pk}/attachments/{a.pk}/",
            }
            for a in letter.attachments.all()
        ]

    def get_timeline(self, letter: Letter) -> list[dict[str, Any]]:
        return list(StaffEventSerializer(letter.events.all(), many=True).data)


class ActionResultSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    tracking_number = serializers.CharField()
    status = serializers.CharField()
    status_display = serializers.CharField()


# --- inputs of the actions -------------------------------------------------------------


class EmptyInput(serializers.Serializer[Any]):
    pass


class ReasonInput(serializers.Serializer[Any]):
    reason = serializers.CharField(label="理由", max_length=2000)


class SensitiveReviewInput(serializers.Serializer[Any]):
    note = serializers.CharField(label="复核意见", max_length=500)


class RejectInput(ReasonInput):
    reason = serializers.CharField(label="不予受理理由", max_length=2000)
    channel = serializers.CharField(
        label="建议反映渠道", max_length=200, required=False, allow_blank=True, default=""
    )


class DispatchInput(serializers.Serializer[Any]):
    department = serializers.IntegerField(label="承办单位")
    assisting = serializers.ListField(
        label="会办单位",
        child=serializers.IntegerField(),
        required=False,
        default=list,
        max_length=10,
    )
    named_unit = serializers.IntegerField(label="被反映单位", required=False, allow_null=True)
    note = serializers.CharField(
        label="分办意见", max_length=2000, required=False, default="", allow_blank=True
    )


class TransferInput(serializers.Serializer[Any]):
    department = serializers.IntegerField(label="承办单位")
    reason = serializers.CharField(label="转办理由", max_length=2000)


class ExtensionInput(serializers.Serializer[Any]):
    working_days = serializers.IntegerField(label="延期天数", min_value=1, max_value=30)
    reason = serializers.CharField(label="延期理由", max_length=2000)


class ExtensionDecisionInput(serializers.Serializer[Any]):
    approve = serializers.BooleanField(label="是否批准")
    note = serializers.CharField(
        label="审批意见", max_length=2000, required=False, default="", allow_blank=True
    )


class DraftInput(serializers.Serializer[Any]):
    text = serializers.CharField(
        label="答复内容", max_length=10000, required=False, allow_blank=True, default=""
    )
    template = serializers.IntegerField(label="答复模板", required=False, allow_null=True)


class ReviewInput(serializers.Serializer[Any]):
    approve = serializers.BooleanField(label="是否通过")
    reason = serializers.CharField(
        label="退回修改理由", max_length=2000, required=False, allow_blank=True, default=""
    )
    text = serializers.CharField(
        label="答复内容",
        max_length=10000,
        required=False,
        allow_blank=True,
        allow_null=True,
        default=None,
    )


class ConfirmationInput(serializers.Serializer[Any]):
    """Keep one item the publication gate found (e.g. an office hotline), with a reason."""

    field = serializers.ChoiceField(
        label="字段",
        choices=[
            ("public_title", "公开标题"),
            ("public_body", "公开来信内容"),
            ("public_text", "公开答复内容"),
        ],
    )
    kind = serializers.CharField(label="类型", max_length=32)
    text = serializers.CharField(label="保留内容", max_length=200)
    reason = serializers.CharField(label="保留理由", min_length=4, max_length=500)


class PublishInput(serializers.Serializer[Any]):
    public_text = serializers.CharField(label="公开答复内容", max_length=10000)
    public_title = serializers.CharField(
        label="公开标题", max_length=100, required=False, allow_blank=True, default=""
    )
    public_body = serializers.CharField(
        label="公开来信内容", max_length=10000, required=False, allow_blank=True, default=""
    )
    confirmations = ConfirmationInput(label="确认保留", many=True, required=False, default=list)


class OfficeReviewInput(serializers.Serializer[Any]):
    """审核公开: pass (published through the gate; texts not given are the masked proposal)
    or send back with a reason."""

    approve = serializers.BooleanField(label="是否通过")
    reason = serializers.CharField(
        label="退回修改理由", max_length=2000, required=False, allow_blank=True, default=""
    )
    public_text = serializers.CharField(
        label="公开答复内容", max_length=10000, required=False, allow_blank=True, default=""
    )
    public_title = serializers.CharField(
        label="公开标题", max_length=100, required=False, allow_blank=True, default=""
    )
    public_body = serializers.CharField(
        label="公开来信内容", max_length=10000, required=False, allow_blank=True, default=""
    )
    confirmations = ConfirmationInput(label="确认保留", many=True, required=False, default=list)


class FindingInput(serializers.Serializer[Any]):
    finding = serializers.ChoiceField(label="认定结果", choices=PublicationFinding.choices)
    reason = serializers.CharField(label="认定理由", max_length=2000)


class MergeInput(serializers.Serializer[Any]):
    into = serializers.CharField(label="合并至（信件编号）", max_length=32)


class OpinionInput(serializers.Serializer[Any]):
    text = serializers.CharField(label="会办意见", max_length=5000)


class RateInput(serializers.Serializer[Any]):
    tracking_number = serializers.CharField(label="信件编号", max_length=32)
    query_code = serializers.CharField(label="查询码", max_length=16)
    rating = serializers.ChoiceField(
        label="满意度",
        choices=[
            ("satisfied", "满意"),
            ("basically_satisfied", "基本满意"),
            ("unsatisfied", "不满意"),
        ],
    )
    comment = serializers.CharField(
        label="评价意见", max_length=1000, required=False, allow_blank=True, default=""
    )
