"""Input and output shapes of the public letters API."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from core.api import PrebuiltFields, id_field
from letters import validators as rules
from letters.choices import LetterKind, WebsiteErrorType
from letters.models import Letter, LetterEvent
from letters.services.intake import LetterSubmission
from org.models import Department, Leader, Solicitation


class LetterSubmitSerializer(PrebuiltFields, serializers.Serializer[Any]):
    """Fields of ``POST /api/v1/letters/`` (names are a public contract)."""

    kind = serializers.ChoiceField(label="来信类别", choices=LetterKind.choices)
    title = serializers.CharField(
        label="标题",
        min_length=rules.TITLE_MIN,
        max_length=rules.TITLE_MAX,
        error_messages={"max_length": rules.too_long(rules.TITLE_MAX)},
    )
    body = serializers.CharField(
        label="内容",
        min_length=rules.BODY_MIN,
        max_length=rules.BODY_MAX,
        error_messages={"max_length": rules.too_long(rules.BODY_MAX)},
    )
    name = serializers.CharField(label="姓名", max_length=rules.NAME_MAX)
    phone = serializers.CharField(label="联系电话", max_length=rules.PHONE_MAX)
    email = serializers.EmailField(label="电子邮箱", required=False, allow_blank=True, default="")
    id_number = serializers.CharField(
        label="身份证号码",
        required=False,
        allow_blank=True,
        default="",
        max_length=rules.ID_NUMBER_MAX,
    )
    address = serializers.CharField(
        label="联系地址", required=False, allow_blank=True, default="", max_length=rules.ADDRESS_MAX
    )
    consent_public = serializers.BooleanField(label="同意公开", required=False, default=False)
    leader = id_field("写信对象", required=False, allow_null=True)
    url = serializers.URLField(
        label="问题网页地址",
        required=False,
        allow_blank=True,
        default="",
        max_length=rules.URL_MAX,
    )
    error_type = serializers.ChoiceField(
        label="错误类型",
        choices=WebsiteErrorType.choices,
        required=False,
        allow_blank=True,
        default="",
    )
    solicitation = id_field("征集事项", required=False, allow_null=True)
    attachments = serializers.ListField(
        label="附件", child=serializers.FileField(), required=False, default=list
    )
    # Needed only after repeated submissions from one address (GET /api/v1/captcha/).
    captcha_key = serializers.CharField(
        label="验证码编号", required=False, allow_blank=True, default="", max_length=40
    )
    captcha = serializers.CharField(
        label="验证码", required=False, allow_blank=True, default="", max_length=32
    )

    def validate_title(self, value: str) -> str:
        return value.strip()

    def validate_name(self, value: str) -> str:
        return rules.clean_name(value)

    def validate_phone(self, value: str) -> str:
        return rules.clean_phone(value)

    def validate_id_number(self, value: str) -> str:
        return rules.clean_id_number(value)

    def validate_url(self, value: str) -> str:
        return rules.clean_url(value)


def submission_from(data: dict[str, Any], *, source: str, uploads: Any = ()) -> LetterSubmission:
    """The intake service's submission from ``LetterSubmitSerializer``'s validated data
    (public API and partner systems alike)."""
    return LetterSubmission(
        kind=data["kind"],
        title=data["title"],
        body=data["body"],
        name=data["name"],
        phone=data["phone"],
        email=data["email"],
        id_number=data["id_number"],
        address=data["address"].strip(),
        consent_public=data["consent_public"],
        leader_id=data.get("leader"),
        url=data["url"],
        error_type=data["error_type"],
        solicitation_id=data.get("solicitation"),
        attachments=tuple(uploads),
        source=source,
    )


class LetterReceiptSerializer(PrebuiltFields, serializers.ModelSerializer[Letter]):
    """The 201 body: what the writer needs to follow the letter."""

    class Meta:
        model = Letter
        fields = ["tracking_number", "query_code", "status", "received_at"]


class LookupSerializer(serializers.Serializer[Any]):
    tracking_number = serializers.CharField(label="信件编号", max_length=32)
    query_code = serializers.CharField(label="查询码", max_length=16)


class PublicEventSerializer(serializers.ModelSerializer[LetterEvent]):
    status = serializers.CharField(source="to_status")
    status_display = serializers.SerializerMethodField()
    note = serializers.CharField(source="public_note")

    class Meta:
        model = LetterEvent
        fields = ["at", "status", "status_display", "note"]

    def get_status_display(self, event: LetterEvent) -> str:
        from letters.choices import LetterStatus

        return str(LetterStatus(event.to_status).label) if event.to_status else ""


class PublicLetterSerializer(serializers.ModelSerializer[Letter]):
    """What the writer sees with tracking number + query code: no staff names or notes."""

    kind_display = serializers.CharField(source="get_kind_display")
    status_display = serializers.CharField(source="get_status_display")
    department = serializers.CharField(source="department.name", default=None, allow_null=True)
    deadline = serializers.DateTimeField(source="deadline_at")
    reply = serializers.SerializerMethodField()
    timeline = serializers.SerializerMethodField()

    class Meta:
        model = Letter
        fields = [
            "tracking_number",
            "kind",
            "kind_display",
            "title",
            "status",
            "status_display",
            "received_at",
            "department",
            "deadline",
            "deadline_provisional",
            "reply",
            "rating",
            "timeline",
        ]

    def get_reply(self, letter: Letter) -> dict[str, Any] | None:
        """The approved reply, once there is one (the writer's own letter: not masked)."""
        if letter.replied_at is None:
            return None
        return {
            "text": letter.reply_text,
            "department": letter.reply_department.name if letter.reply_department else None,
            "replied_at": letter.replied_at.isoformat(),
        }

    def get_timeline(self, letter: Letter) -> list[dict[str, Any]]:
        events = [e for e in letter.events.all() if e.public]
        return list(PublicEventSerializer(events, many=True).data)


class DepartmentSerializer(serializers.ModelSerializer[Department]):
    parent_code = serializers.CharField(source="parent.code", default=None, allow_null=True)

    class Meta:
        model = Department
        fields = ["id", "code", "name", "short_name", "parent_code", "level", "kinds"]


class LeaderSerializer(serializers.ModelSerializer[Leader]):
    office = serializers.CharField(source="office.name")

    class Meta:
        model = Leader
        fields = ["id", "name", "title", "office", "intro"]


class SolicitationSerializer(serializers.ModelSerializer[Solicitation]):
    owner = serializers.CharField(source="owner.name")

    class Meta:
        model = Solicitation
        fields = ["id", "title", "text", "owner", "opens_on", "closes_on"]
