"""Forms of the staff workspace.

The forms only render the fields and read the browser's input: who may do a case action
and when is the lifecycle table's (``letters.lifecycle``); its input rules are the API's
serializer (``letters.api.staff_views.ENDPOINTS``) and the workflow services behind it. Their messages (already labelled 「字段」：…) are attached
to these forms with :meth:`ActionForm.show_errors`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import QuerySet

from letters.models import Letter, ReplyTemplate
from org.models import Department


def active_departments() -> QuerySet[Department]:
    return Department.objects.filter(active=True).order_by("sort_order", "id")


class ActionForm(forms.Form):
    """Base of every action form: optional fields (the serializer decides), unique ids."""

    action = ""

    def __init__(self, *args: Any, letter: Letter, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"id_{self.action.replace('-', '_')}_%s")
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.letter = letter
        for field in self.fields.values():
            field.required = False

    def show_errors(self, errors: dict[str, list[str]]) -> None:
        """Attach the serializer's or the service's messages to the fields they name."""
        if not hasattr(self, "cleaned_data"):
            self.is_valid()
        for name, messages in errors.items():
            self.add_error(name if name in self.fields else None, list(messages))


def _department_field(label: str, **kwargs: Any) -> forms.ModelChoiceField[Department]:
    return forms.ModelChoiceField(
        label=label, queryset=active_departments(), empty_label="（请选择）", **kwargs
    )


def _text(label: str, rows: int = 3, **kwargs: Any) -> forms.CharField:
    return forms.CharField(label=label, widget=forms.Textarea(attrs={"rows": rows}), **kwargs)


class EmptyForm(ActionForm):
    pass


class AcceptForm(EmptyForm):
    action = "accept"


class SignForm(EmptyForm):
    action = "sign"


class ResumeForm(EmptyForm):
    action = "resume"


class SubmitReviewForm(EmptyForm):
    action = "submit-review"


class CloseForm(EmptyForm):
    action = "close"


class RejectForm(ActionForm):
    action = "reject"
    reason = _text("不予受理理由")
    channel = forms.CharField(label="建议反映渠道", max_length=200)


class DispatchForm(ActionForm):
    action = "dispatch"
    department = _department_field("承办单位")
    assisting = forms.ModelMultipleChoiceField(
        label="会办单位",
        queryset=active_departments(),
        help_text="可多选；按住 Ctrl（Mac 上为 ⌘）点选。",
    )
    named_unit = _department_field("被反映单位", help_text="仅投诉、举报类来信填写。")
    note = _text("分办意见", rows=2)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        suggested = self.letter.routing_suggestions or []
        if suggested and "department" not in self.initial:
            self.initial["department"] = suggested[0].get("department_id")


class TransferForm(ActionForm):
    action = "transfer"
    department = _department_field("承办单位")
    reason = _text("转办理由")


class MergeForm(ActionForm):
    action = "merge"
    into = forms.CharField(label="合并至（信件编号）", max_length=32)


class ReturnForm(ActionForm):
    action = "return"
    reason = _text("退回理由", help_text="说明应由哪个单位办理及原因。")


class PauseForm(ActionForm):
    action = "pause"
    reason = _text("补正原因", help_text="写明需要来信人补充的材料；补正期间暂停计时。")


class ExtensionForm(ActionForm):
    action = "request-extension"
    working_days = forms.IntegerField(label="延期天数（工作日）", min_value=1, max_value=30)
    reason = _text("延期理由")


class OpinionForm(ActionForm):
    action = "co-opinion"
    text = _text("会办意见", rows=4)


class DraftReplyForm(ActionForm):
    action = "draft-reply"
    template = forms.TypedChoiceField(
        label="答复模板",
        coerce=int,
        empty_value=None,
        help_text="选择模板且“答复内容”留空时，按模板生成答复，生成后可再修改。",
    )
    text = _text("答复内容", rows=8)

    def __init__(self, *args: Any, templates: Iterable[ReplyTemplate] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["template"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", "（不使用模板）"), *((t.pk, t.name) for t in templates)]
        self.initial.setdefault("text", self.letter.reply_text)


class ReviewForm(ActionForm):
    action = "review"
    approve = forms.TypedChoiceField(
        label="审核意见",
        choices=[("true", "通过"), ("false", "退回修改")],
        widget=forms.RadioSelect,
        initial="true",
    )
    reason = _text("退回修改理由", help_text="退回修改时必填。")
    text = _text("答复内容", rows=8, help_text="可直接修改答复内容后通过。")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("text", self.letter.reply_text)


class OfficeReviewForm(ActionForm):
    action = "office-review"
    approve = forms.TypedChoiceField(
        label="审核意见",
        choices=[("true", "通过并公开"), ("false", "退回承办单位修改")],
        widget=forms.RadioSelect,
        initial="true",
        help_text=(
            "通过即按隐去个人信息的建议文本公开；需修改公开文本或保留个别信息的，"
            "请用“审阅公开内容”。已认定不属实或涉密的，通过后不公开。"
        ),
    )
    reason = _text("退回修改理由", help_text="退回修改时必填，承办单位和办理过程中可见。")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.letter.publication_finding:
            field = self.fields["approve"]
            assert isinstance(field, forms.TypedChoiceField)
            field.choices = [("true", "通过（不予公开）"), ("false", "退回承办单位修改")]


class FindingForm(ActionForm):
    action = "record-finding"
    finding = forms.ChoiceField(
        label="认定结果",
        choices=[("untrue", "不属实"), ("confidential", "涉密")],
        widget=forms.RadioSelect,
        help_text="认定后该来信不在网站公开（已公开的撤下）。",
    )
    reason = _text("认定理由")


class UrgeForm(ActionForm):
    action = "urge"
    note = _text("催办意见", rows=2, help_text="留空时使用“请抓紧办理，按期答复。”")


class SuperviseForm(ActionForm):
    action = "supervise"
    instruction = _text("督办意见")
    respond_by = forms.DateField(
        label="要求反馈日期", widget=forms.DateInput(attrs={"type": "date"})
    )


class PublishForm(ActionForm):
    action = "publish"
    public_title = forms.CharField(label="公开标题", max_length=100)
    public_body = _text("公开来信内容", rows=8)
    public_text = _text("公开答复内容", rows=8)


class SensitiveReviewForm(ActionForm):
    action = "sensitive-review"
    note = _text("复核意见", rows=2, help_text="说明已逐项核对命中的敏感词及处理意见。")


@dataclass(frozen=True)
class ActionSpec:
    """How the letter page shows one lifecycle action (by its URL slug). Whether it is
    offered is the lifecycle's answer (``letters.services.workflow.may``)."""

    form: type[ActionForm]
    button: str
    danger: bool = False


ACTION_FORMS: dict[str, ActionSpec] = {
    "accept": ActionSpec(AcceptForm, "受理"),
    "dispatch": ActionSpec(DispatchForm, "分办"),
    "reject": ActionSpec(RejectForm, "不予受理", danger=True),
    "merge": ActionSpec(MergeForm, "合并"),
    "sensitive-review": ActionSpec(SensitiveReviewForm, "确认复核"),
    "sign": ActionSpec(SignForm, "签收"),
    "return": ActionSpec(ReturnForm, "退回", danger=True),
    "transfer": ActionSpec(TransferForm, "转办"),
    "draft-reply": ActionSpec(DraftReplyForm, "保存答复稿"),
    "submit-review": ActionSpec(SubmitReviewForm, "提交审核"),
    "pause": ActionSpec(PauseForm, "补正（暂停计时）"),
    "resume": ActionSpec(ResumeForm, "恢复办理"),
    "request-extension": ActionSpec(ExtensionForm, "申请延期"),
    "co-opinion": ActionSpec(OpinionForm, "提交会办意见"),
    "review": ActionSpec(ReviewForm, "提交审核意见"),
    "office-review": ActionSpec(OfficeReviewForm, "提交审核意见"),
    "record-finding": ActionSpec(FindingForm, "确认认定", danger=True),
    "urge": ActionSpec(UrgeForm, "催办"),
    "supervise": ActionSpec(SuperviseForm, "下发督办单"),
    "close": ActionSpec(CloseForm, "办结"),
    "publish": ActionSpec(PublishForm, "确认公开"),
}


class UnmaskForm(forms.Form):
    """The reason is checked by ``letters.services.pii`` (after the permission, so that a
    refusal is audited either way)."""

    reason = forms.CharField(
        label="查看理由",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="至少4个字。查看完整个人信息将记入审计日志。",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_unmask_%s")
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class PlainForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class ExtensionDecisionForm(PlainForm):
    approve = forms.TypedChoiceField(
        label="审批结果",
        choices=[("true", "批准"), ("false", "不予延期")],
        widget=forms.RadioSelect,
        initial="true",
        required=False,
    )
    note = forms.CharField(
        label="审批意见", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class OrderResponseForm(PlainForm):
    response = forms.CharField(
        label="反馈情况", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReportForm(PlainForm):
    period = forms.CharField(
        label="统计期间",
        max_length=10,
        help_text="年月（如2026-11）、季度（如2026-Q4）或年份（如2026）。",
    )
