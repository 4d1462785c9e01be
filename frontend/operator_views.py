"""Letters taken by phone, at the counter or by post (录入员, ``Role.OPERATOR``).

The operator types the caller's letter into one screen: the channel (热线电话, 来访,
信件邮寄), the caller's contact data and the letter. It is stored by the same intake service
as the public forms (``letters.services.intake.letter_submit``: same checks, routing and
receipt notice through the outbox, so the receipt SMS goes out wherever SMS is
configured), with the channel as its source and the operator named on the first
timeline entry (``entered_by``). The read-back page then shows the tracking number and
the query code to read to the caller; like the public receipt, the query code is kept
only in the operator's session, never in a URL.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from frontend.public_forms import INTERACTION_KINDS, LetterForm
from frontend.refusals import SERVICE_REFUSALS, refusal_of
from frontend.workspace_views import staff_page
from letters.choices import LetterSource
from letters.models import Letter
from letters.services.deadlines import describe_deadline
from letters.services.intake import IdempotencyConflict, LetterSubmission, letter_submit
from letters.sms import mask_phone
from org.roles import Role
from org.selectors import staff_user

READBACK_KEY = "operator_readback"
FORM_TOKEN = re.compile(r"^[A-Za-z0-9_\-]{16,64}$")
# The channels an operator takes letters by (web, API and partner systems enter their own).
OPERATOR_SOURCES = (LetterSource.HOTLINE, LetterSource.VISIT, LetterSource.MAIL)


class OperatorLetterForm(LetterForm):
    """The public interaction form plus the channel; no captcha (a signed-in operator)."""

    field_order = ["source_choice", "kind"]

    source_choice = forms.ChoiceField(
        label="来信渠道",
        choices=[(s.value, s.label) for s in OPERATOR_SOURCES],
        widget=forms.RadioSelect,
        error_messages={
            "required": "请选择来信渠道。",
            "invalid_choice": "请从热线电话、来访、信件邮寄中选择一项。",
        },
    )
    kind = forms.ChoiceField(
        label="来信类别",
        choices=[(value, f"{label}：{hint}") for value, label, hint in INTERACTION_KINDS],
        widget=forms.RadioSelect,
        error_messages={
            "required": "请选择来信类别。",
            "invalid_choice": "请从咨询、投诉、建议、求助、举报中选择一项。",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].help_text = "来信人的姓名，不会公开。"
        self.fields[
            "phone"
        ].help_text = "来信人的手机号码（可收短信）或带区号的固定电话，不会公开。"
        self.fields["consent_public"].label = "来信人同意公开来信和答复"
        self.fields[
            "consent_public"
        ].help_text = "请询问来信人：同意后，办结的来信和答复去除个人信息后在网站公开。"
        for name in ("title", "body"):
            # The public form's similar-question suggestions belong to the portal.
            attrs = self.fields[name].widget.attrs
            for key in [k for k in attrs if k.startswith("hx-")]:
                del attrs[key]

    def letter_kind(self) -> str:
        return str(self.cleaned_data["kind"])

    def submission(self) -> LetterSubmission:
        return replace(super().submission(), source=str(self.cleaned_data["source_choice"]))


def _submit(request: HttpRequest, form: OperatorLetterForm) -> Letter | None:
    token = form.cleaned_data.get("form_token") or ""
    # A double-clicked submit stores one letter; namespaced apart from the portal's tokens.
    key = f"operator:{token}" if FORM_TOKEN.match(token) else None
    submission = form.submission()
    operator = staff_user(request.user)
    try:
        try:
            return letter_submit(
                submission=submission, idempotency_key=key, entered_by=operator
            ).letter
        except IdempotencyConflict:
            return letter_submit(submission=submission, entered_by=operator).letter
    except SERVICE_REFUSALS as exc:
        form.add_refusal(refusal_of(exc))
        return None


@staff_page(Role.OPERATOR)
def entry(request: HttpRequest) -> HttpResponse:
    """One screen: channel, the caller's contact data and the letter."""
    if request.method == "POST":
        form = OperatorLetterForm(request.POST, request.FILES)
        if form.is_valid():
            letter = _submit(request, form)
            if letter is not None:
                request.session[READBACK_KEY] = {
                    "tracking_number": letter.tracking_number,
                    "query_code": letter.query_code,
                }
                return redirect("workspace-operator-readback")
        return render(request, "workspace/operator_entry.html", {"form": form}, status=400)
    return render(request, "workspace/operator_entry.html", {"form": OperatorLetterForm()})


@staff_page(Role.OPERATOR)
@require_GET
def readback(request: HttpRequest) -> HttpResponse:
    """The tracking number and query code to read to the caller, once after entry."""
    data: dict[str, str] = request.session.get(READBACK_KEY) or {}
    letter = (
        Letter.objects.filter(tracking_number=data["tracking_number"]).first() if data else None
    )
    if letter is None:
        return render(request, "workspace/operator_readback.html", {"letter": None})
    mobile = letter.phone.startswith("1")
    return render(
        request,
        "workspace/operator_readback.html",
        {
            "letter": letter,
            "query_code": data["query_code"],
            "deadline": describe_deadline(letter),
            "sms_to": mask_phone(letter.phone) if mobile else "",
            "query_code_spelled": " ".join(data["query_code"]),
        },
    )
