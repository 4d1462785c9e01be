"""Forms of the public portal: one letter form per channel, lookup, rating and filters.

The letter forms check formats with the same rules as the public API (``letters.validators``,
``letters.attachments.inspect_uploads``) and carry the intake service's cross-field errors
(``letter_submit`` raises ``ValidationError`` keyed by field name) back to their fields.
Every message is Chinese; ``error_summary`` prefixes each with the field's label.

Why one module of ~530 lines: the channel forms are one family built on one base form
(captcha, length counting, attachments), read and reviewed together.
"""

from __future__ import annotations

import re
import secrets
from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import QueryDict
from django.urls import reverse

from core.conf import desk_settings
from frontend.refusals import Refused
from letters import validators as rules
from letters.attachments import ALLOWED_TYPES, UploadTooLarge, allowed_types_text, inspect_uploads
from letters.choices import LetterKind, LetterSource, PublicationRule, Rating, WebsiteErrorType
from letters.publication_policy import publication_rule
from letters.services.intake import LetterSubmission, StoredUpload
from org.models import Department, Leader, Solicitation

_LABEL_PREFIX = re.compile(r"^「[^」]*」：")
# Extensions matching ``ALLOWED_TYPES`` for the file picker (the server checks content).
ACCEPT = ",".join(
    [*ALLOWED_TYPES, ".jpg", ".jpeg", ".png", ".gif", ".webp", ".pdf", ".docx", ".xlsx"]
)
INTERACTION_KINDS: tuple[tuple[str, str, str], ...] = (
    (LetterKind.CONSULTATION, "咨询", "询问政策规定、办事流程等"),
    (LetterKind.COMPLAINT, "投诉", "反映单位或工作人员的问题"),
    (LetterKind.SUGGESTION, "建议", "对政府工作提出意见建议"),
    (LetterKind.HELP, "求助", "生活中遇到困难需要帮助"),
    (LetterKind.REPORT, "举报", "举报违法违规行为"),
)


def strip_label(message: str) -> str:
    """ "「写信对象」：请选择……" → "请选择……" (the field's own label is already beside it)."""
    return _LABEL_PREFIX.sub("", message, count=1)


def required(label: str, verb: str = "填写") -> dict[str, str]:
    return {"required": f"请{verb}{label}。"}


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file input accepting several files; cleans to a list (possibly empty)."""

    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        single = super().clean
        items = data if isinstance(data, list | tuple) else [data]
        return [single(item, initial) for item in items if item]


class TextField(forms.CharField):
    """Multi-line text with its line breaks as one character each (browsers send CRLF),
    so the length checked is the one the writer's counter showed and the API counts."""

    def to_python(self, value: Any) -> str:
        return str(super().to_python(value)).replace("\r\n", "\n")


class DeskForm(forms.Form):
    """Chinese error rendering shared by the portal's forms."""

    def error_summary(self) -> list[dict[str, str]]:
        """Every error as「label」：message, with the id of its field for the summary links."""
        items: list[dict[str, str]] = []
        for name, errors in self.errors.items():
            if name == NON_FIELD_ERRORS:
                items += [{"id": "", "text": str(e)} for e in errors]
                continue
            field = self[name]
            items += [
                # Radio groups have no single id: link to the first option.
                {
                    "id": field.id_for_label or f"{field.auto_id}_0",
                    "text": f"「{field.label}」：{e}",
                }
                for e in errors
            ]
        return items

    def add_refusal(self, refused: Refused) -> None:
        """Put a service's refusal next to the fields it names (the rest above the form)."""
        if not refused.errors:
            self.add_error(None, refused.message)
        for name, messages in refused.errors.items():
            target = name if name in self.fields else None
            for message in messages:
                self.add_error(target, strip_label(message))


CAPTCHA_IMAGE_HELP = (
    "请输入图片中的4个字符，不区分大小写。看不清可点“换一张”，或改用算术题（适合读屏软件）。"
)

PUBLIC_UNLESS_WITHHELD_NOTICE = (
    "按规定，本栏目的留言和答复经审核后在本网站公开，无需您另行同意；经核实不属实或涉密的"
    "不公开。公开前会去除姓名、电话、身份证号码、地址等个人信息，"
    "您的联系方式在任何情况下都不会公开。"
)


class LetterForm(DeskForm):
    """Fields every channel has; subclasses add their channel's target fields."""

    kind_value: str = ""
    # The channel the letter comes in by: the public form (the operator's form says hotline...).
    source: str = LetterSource.WEB

    title = forms.CharField(
        label="标题",
        min_length=rules.TITLE_MIN,
        max_length=rules.TITLE_MAX,
        error_messages={
            **required("标题"),
            "min_length": f"标题至少{rules.TITLE_MIN}个字。",
            "max_length": f"标题{rules.too_long(rules.TITLE_MAX)}",
        },
        help_text=f"用一句话概括您要反映的事情，{rules.TITLE_MIN}至{rules.TITLE_MAX}个字。",
    )
    body = TextField(
        label="内容",
        min_length=rules.BODY_MIN,
        max_length=rules.BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={
            **required("内容"),
            "min_length": f"内容至少{rules.BODY_MIN}个字，请把事情写清楚。",
            "max_length": f"内容{rules.too_long(rules.BODY_MAX)}",
        },
        help_text=f"请写清楚时间、地点、事情经过和您的诉求，{rules.BODY_MIN}至{rules.BODY_MAX}个字。",
    )
    name = forms.CharField(
        label="姓名",
        max_length=rules.NAME_MAX,
        error_messages={**required("姓名"), "max_length": f"姓名不能超过{rules.NAME_MAX}个字。"},
        help_text="不会公开。",
    )
    phone = forms.CharField(
        label="联系电话",
        max_length=rules.PHONE_MAX,
        error_messages={**required("联系电话"), "max_length": "联系电话过长。"},
        help_text="11位手机号码或带区号的固定电话，仅用于联系您和发送办理进度，不会公开。",
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(
        label="电子邮箱（选填）",
        required=False,
        max_length=254,
        error_messages={"invalid": "格式不正确，例如 name@example.com。"},
        help_text="填写后办理进度也会发到邮箱，不会公开。",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    id_number = forms.CharField(
        label="身份证号码（选填）",
        required=False,
        max_length=rules.ID_NUMBER_MAX,
        error_messages={"max_length": "号码过长，请核对18位居民身份证号码。"},
        help_text="办理需要核实身份时填写，不会公开。",
    )
    address = forms.CharField(
        label="联系地址（选填）",
        required=False,
        max_length=rules.ADDRESS_MAX,
        error_messages={"max_length": f"联系地址不能超过{rules.ADDRESS_MAX}个字。"},
        help_text="不会公开。",
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    attachments = MultipleFileField(
        label="附件（选填）",
        required=False,
        widget=MultipleFileInput(attrs={"accept": ACCEPT}),
    )
    consent_public = forms.BooleanField(
        label="同意公开我的来信和答复",
        required=False,
        help_text=(
            "勾选后，办结的来信和答复会在去除姓名、电话、身份证号码、地址等个人信息后"
            "在本网站公开，供其他群众参考；不勾选则只有您本人能凭查询码看到。"
            "您的联系方式在任何情况下都不会公开。"
        ),
    )
    # A random token minted with the blank form: a double-clicked or re-sent submission
    # is stored once (it becomes the intake Idempotency-Key).
    form_token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("form_token", secrets.token_urlsafe(24))
        max_count: int = desk_settings().attachment_max_count
        max_mb = desk_settings().attachment_max_bytes / (1024 * 1024)
        self.fields[
            "attachments"
        ].help_text = f"最多{max_count}个文件，每个不超过{max_mb:g}MB，支持{allowed_types_text()}。"
        self.stored_uploads: tuple[StoredUpload, ...] = ()
        # A kind that is public unless found untrue or confidential (找错) asks for no
        # consent: the writer is told instead (letters.publication_policy).
        self.publication_notice = ""
        if self.kind_value and publication_rule(self.kind_value) == PublicationRule.UNLESS_WITHHELD:
            del self.fields["consent_public"]
            self.publication_notice = PUBLIC_UNLESS_WITHHELD_NOTICE
        # Similar answered questions while typing (htmx; the page works without it).
        # Title and body have no maxlength attribute: a browser would silently cut what is
        # pasted beyond it. frontend/static/frontend/counter.js counts live against
        # data-max-chars; the server refuses an over-long text naming the limit.
        for name, limit in (("title", rules.TITLE_MAX), ("body", rules.BODY_MAX)):
            self.fields[name].widget.attrs.pop("maxlength", None)
            self.fields[name].widget.attrs.update(
                {
                    "data-max-chars": str(limit),
                    "hx-get": reverse("public-suggest"),
                    "hx-trigger": "input changed delay:700ms",
                    "hx-include": "#id_title, #id_body",
                    "hx-target": "#suggestions",
                    "hx-sync": "closest form:replace",
                }
            )

    def require_captcha(self) -> None:
        """Ask for a captcha (after repeated submissions from one address)."""
        self.fields["captcha_key"] = forms.CharField(
            widget=forms.HiddenInput, required=False, max_length=64
        )
        self.fields["captcha"] = forms.CharField(
            label="验证码",
            max_length=20,
            error_messages=required("图片中的字符"),
            help_text=CAPTCHA_IMAGE_HELP,
            widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "off"}),
        )

    def show_captcha(self, key: str, question: str | None = None) -> None:
        """Render the challenge ``key`` with an empty answer (every answered challenge,
        right or wrong, is used up); an arithmetic ``question`` is the field's help text,
        so a screen reader reads it with the field."""
        self.initial["captcha_key"] = key
        if question is not None and "captcha" in self.fields:
            self.fields["captcha"].help_text = f"{question}请填写数字答案，如 8。"
            self.fields["captcha"].error_messages["required"] = "请填写算术题的答案。"
            self.fields["captcha"].widget.attrs["inputmode"] = "numeric"
        if self.is_bound:
            data = QueryDict(mutable=True)
            data.update(self.data)
            data["captcha_key"] = key
            data["captcha"] = ""
            self.data = data

    def clean_title(self) -> str:
        return str(self.cleaned_data["title"]).strip()

    def clean_name(self) -> str:
        return rules.clean_name(str(self.cleaned_data["name"]))

    def clean_phone(self) -> str:
        return rules.clean_phone(str(self.cleaned_data["phone"]))

    def clean_id_number(self) -> str:
        return rules.clean_id_number(str(self.cleaned_data.get("id_number") or ""))

    def clean_address(self) -> str:
        return str(self.cleaned_data.get("address") or "").strip()

    def clean_attachments(self) -> list[UploadedFile]:
        files: list[UploadedFile] = self.cleaned_data.get("attachments") or []
        try:
            self.stored_uploads = inspect_uploads(files)
        except UploadTooLarge as exc:
            raise ValidationError(strip_label(exc.message)) from None
        except ValidationError as exc:
            raise ValidationError(
                [strip_label(m) for m in getattr(exc, "message_dict", {}).get("attachments", [])]
                or [strip_label(m) for m in exc.messages]
            ) from None
        return files

    def target_fields(self) -> dict[str, Any]:
        """The channel's own fields of ``LetterSubmission`` (leader, url, ...)."""
        return {}

    def letter_kind(self) -> str:
        return self.kind_value

    def submission(self) -> LetterSubmission:
        data = self.cleaned_data
        return LetterSubmission(
            kind=self.letter_kind(),
            title=data["title"],
            body=data["body"],
            name=data["name"],
            phone=data["phone"],
            email=data.get("email") or "",
            id_number=data.get("id_number") or "",
            address=data.get("address") or "",
            consent_public=bool(data.get("consent_public")),
            attachments=self.stored_uploads,
            source=self.source,
            **self.target_fields(),
        )


class LeaderChoiceField(forms.ModelChoiceField[Leader]):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.title} {obj.name}"


class LeaderMailForm(LetterForm):
    kind_value = LetterKind.LEADER_MAIL
    field_order = ["leader"]

    leader = LeaderChoiceField(
        label="写信对象",
        queryset=Leader.objects.filter(active=True).select_related("office"),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            **required("写信对象", "选择"),
            "invalid_choice": "所选领导不存在或已停用，请重新选择。",
        },
    )

    def target_fields(self) -> dict[str, Any]:
        return {"leader_id": self.cleaned_data["leader"].pk}


class InteractionForm(LetterForm):
    field_order = ["kind"]

    kind = forms.ChoiceField(
        label="来信类别",
        choices=[(value, f"{label}：{hint}") for value, label, hint in INTERACTION_KINDS],
        widget=forms.RadioSelect,
        error_messages={
            **required("来信类别", "选择"),
            "invalid_choice": "请从咨询、投诉、建议、求助、举报中选择一项。",
        },
    )

    def letter_kind(self) -> str:
        return str(self.cleaned_data["kind"])


class SiteErrorForm(LetterForm):
    kind_value = LetterKind.SITE_ERROR
    field_order = ["url", "error_type"]

    url = forms.URLField(
        label="问题网页地址",
        max_length=500,
        assume_scheme="https",
        error_messages={
            **required("出错网页的地址"),
            "invalid": "请填写完整的网页地址，例如 https://www.linjiang.gov.cn/xxgk/。",
            "max_length": "网页地址不能超过500个字符。",
        },
        help_text="在出错的网页上复制浏览器地址栏中的地址，粘贴到这里。",
        widget=forms.URLInput(attrs={"inputmode": "url", "placeholder": "https://"}),
    )
    error_type = forms.ChoiceField(
        label="错误类型",
        choices=[("", "请选择"), *WebsiteErrorType.choices],
        error_messages={
            **required("错误类型", "选择"),
            "invalid_choice": "请从列表中选择错误类型。",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attachments"].label = "网页截图（选填）"

    def clean_url(self) -> str:
        return rules.clean_url(str(self.cleaned_data["url"]))

    def target_fields(self) -> dict[str, Any]:
        return {"url": self.cleaned_data["url"], "error_type": self.cleaned_data["error_type"]}


class SolicitationChoiceField(forms.ModelChoiceField[Solicitation]):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.title}（{obj.owner.name}，截至{obj.closes_on.year}年{obj.closes_on.month}月{obj.closes_on.day}日）"


class OpinionForm(LetterForm):
    kind_value = LetterKind.OPINION
    field_order = ["solicitation"]

    solicitation = SolicitationChoiceField(
        label="征集事项",
        queryset=Solicitation.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            **required("征集事项", "选择"),
            "invalid_choice": "所选征集已结束或不存在，请重新选择。",
        },
    )

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["solicitation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = open_solicitations(today)

    def target_fields(self) -> dict[str, Any]:
        return {"solicitation_id": self.cleaned_data["solicitation"].pk}


def open_solicitations(today: date) -> Any:
    return Solicitation.objects.filter(opens_on__lte=today, closes_on__gte=today).select_related(
        "owner"
    )


class LookupForm(DeskForm):
    tracking_number = forms.CharField(
        label="信件编号",
        max_length=32,
        error_messages={**required("信件编号"), "max_length": "信件编号过长，请核对。"},
        help_text="提交成功后页面上显示的编号，例如 XJ20261121-000123。",
    )
    query_code = forms.CharField(
        label="查询码",
        max_length=16,
        error_messages={**required("查询码"), "max_length": "查询码过长，请核对。"},
        help_text="8位字母和数字，提交成功时与信件编号一起显示。",
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )

    def clean_tracking_number(self) -> str:
        return str(self.cleaned_data["tracking_number"]).strip().upper()

    def clean_query_code(self) -> str:
        return str(self.cleaned_data["query_code"]).strip().upper()


class RatingForm(DeskForm):
    rating = forms.ChoiceField(
        label="您对答复满意吗",
        choices=Rating.choices,
        widget=forms.RadioSelect,
        error_messages={
            **required("满意度", "选择"),
            "invalid_choice": "请选择满意、基本满意或不满意。",
        },
    )
    comment = forms.CharField(
        label="评价意见（选“不满意”时必填）",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "评价意见不能超过1000个字。"},
        help_text="选择“不满意”时，请写明原因，承办单位将重新办理一次。",
    )


class ListingFilterForm(DeskForm):
    q = forms.CharField(label="关键词", required=False, max_length=100)
    department = forms.ModelChoiceField(
        label="答复单位",
        required=False,
        queryset=Department.objects.filter(active=True),
        empty_label="全部单位",
        error_messages={"invalid_choice": "所选单位不存在。"},
    )
    kind = forms.ChoiceField(
        label="类别",
        required=False,
        choices=[("", "全部类别"), *LetterKind.choices],
        error_messages={"invalid_choice": "所选类别不存在。"},
    )
    date_from = forms.DateField(
        label="来信日期从",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "日期格式应为 2026-11-01。"},
    )
    date_to = forms.DateField(
        label="来信日期至",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "日期格式应为 2026-11-30。"},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "结束日期不能早于开始日期。")
        return data


class KbSearchForm(DeskForm):
    q = forms.CharField(
        label="搜索问题",
        required=False,
        max_length=100,
        error_messages={"max_length": "检索词不能超过100个字。"},
    )


class StatisticsForm(DeskForm):
    year = forms.IntegerField(
        label="年份",
        required=False,
        min_value=2000,
        max_value=2100,
        error_messages={
            "invalid": "请填写四位数的年份。",
            "min_value": "年份不能早于2000年。",
            "max_value": "年份不能晚于2100年。",
        },
    )
