"""Public pages of online interviews (在线访谈): the plan, live and archive list at
/interviews/, one page per interview with the question form, the live stream (websocket
with polling; without JavaScript a reload link) and afterwards the transcript.

Views only parse input and call ``interviews.services``; the question form draws on the
same budgets and captcha as the API (``interviews.api.QuestionSubmitView``), which are
the letters' (README "Abuse protection").
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    QueryDict,
)
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from core.api import record_failure
from core.middleware import client_ip
from frontend.public_captcha import captcha_mode
from frontend.public_forms import CAPTCHA_IMAGE_HELP, DeskForm, TextField, required
from frontend.public_views import _page, _too_many, not_found_page
from frontend.refusals import SERVICE_REFUSALS, refusal_of
from interviews import services
from interviews.api import NOT_FOUND as LOOKUP_NOT_FOUND
from interviews.api import (
    InterviewDetailView,
    InterviewListView,
    QuestionLookupView,
    QuestionSubmitView,
    question_status,
)
from interviews.models import Interview, InterviewPost, InterviewStatus, QuestionStatus
from letters import validators as rules
from letters.services import abuse

COLUMN = "在线访谈"
RECEIPT_KEY = "interview_receipt"
ARCHIVE_PAGE_SIZE = 10


class QuestionForm(DeskForm):
    text = TextField(
        label="您的问题",
        min_length=services.QUESTION_MIN,
        max_length=services.QUESTION_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            **required("问题"),
            "min_length": f"问题至少{services.QUESTION_MIN}个字，请把问题写清楚。",
            "max_length": f"问题{rules.too_long(services.QUESTION_MAX)}",
        },
        help_text=(
            f"{services.QUESTION_MIN}至{services.QUESTION_MAX}个字。问题经审核后公开，"
            "公开前会去除姓名、电话、地址等个人信息。"
        ),
    )
    name = forms.CharField(
        label="姓名",
        max_length=rules.NAME_MAX,
        error_messages={**required("姓名"), "max_length": f"姓名不能超过{rules.NAME_MAX}个字。"},
        help_text="不会公开。",
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    phone = forms.CharField(
        label="联系电话",
        max_length=rules.PHONE_MAX,
        error_messages={**required("联系电话"), "max_length": "联系电话过长。"},
        help_text="11位手机号码或带区号的固定电话。访谈中未能答复的问题会转为来信办理并与您联系，不会公开。",
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )

    def clean_name(self) -> str:
        return rules.clean_name(str(self.cleaned_data["name"]))

    def clean_phone(self) -> str:
        return rules.clean_phone(str(self.cleaned_data["phone"]))

    def clean_text(self) -> str:
        return str(self.cleaned_data["text"]).strip()

    def require_captcha(self) -> None:
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

    def show_captcha(self, mode: str) -> dict[str, Any]:
        """A fresh challenge (every tried one is used up); the page's context for it."""
        self.require_captcha()
        key = abuse.captcha_new(mode)
        question = abuse.captcha_question(key) if mode == abuse.QUESTION else None
        self.initial["captcha_key"] = key
        if question is not None:
            self.fields["captcha"].help_text = f"{question}请填写数字答案，如 8。"
            self.fields["captcha"].error_messages["required"] = "请填写算术题的答案。"
        if self.is_bound:
            data = QueryDict(mutable=True)
            data.update(self.data)
            data["captcha_key"] = key
            data["captcha"] = ""
            self.data = data
        return {
            "captcha_mode": mode,
            "captcha_image": "" if question else abuse.captcha_image_url(key),
            "captcha_question": question or "",
        }


class QuestionLookupForm(DeskForm):
    number = forms.CharField(
        label="提问编号",
        max_length=20,
        error_messages=required("提问编号"),
        help_text="提问成功后页面上显示的编号，如 FT00000012。",
    )
    query_code = forms.CharField(
        label="查询码",
        max_length=16,
        error_messages=required("查询码"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class ArchiveSearchForm(forms.Form):
    q = forms.CharField(
        label="搜索往期访谈",
        required=False,
        max_length=100,
        help_text="按访谈主题、简介和文字实录查找。",
        widget=forms.TextInput(attrs={"type": "search"}),
    )


@require_GET
def interview_list(request: HttpRequest) -> HttpResponse:
    view = InterviewListView
    if (limited := _too_many(request, view)) is not None:
        return limited
    form = ArchiveSearchForm(request.GET)
    q = form.cleaned_data["q"] if form.is_valid() else ""
    rows = services.public_interviews()
    year = timezone.localdate().year
    planned = rows.filter(status=InterviewStatus.PLANNED).order_by("starts_at", "id")
    live = rows.filter(status=InterviewStatus.LIVE).order_by("starts_at", "id")
    archive = services.search_interviews(rows.filter(status=InterviewStatus.FINISHED), q)
    page = Paginator(archive.order_by("-starts_at", "-id"), ARCHIVE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return _page(
        request,
        "interviews.html",
        COLUMN,
        year=year,
        planned=list(planned),
        live=list(live),
        page=page,
        form=form,
        q=q,
    )


def _interview(interview_id: int) -> Interview | None:
    return services.public_interviews().filter(pk=interview_id).first()


def _stream_context(interview: Interview) -> dict[str, Any]:
    posts = list(
        InterviewPost.objects.filter(interview=interview)
        .select_related("question")
        .order_by("posted_at", "id")
    )
    questions = list(services.public_questions(interview))
    # Each answered question links to its answer in the stream (read here, not per row).
    first_answer: dict[int, int] = {}
    for post in posts:
        if post.question_id is not None:
            first_answer.setdefault(post.question_id, post.pk)
    for question in questions:
        setattr(question, "answer_post_id", first_answer.get(question.pk))  # noqa: B010
    answered = [q for q in questions if q.status == QuestionStatus.ANSWERED]
    return {
        "interview": interview,
        "posts": posts,
        "answered_live": [q for q in answered if q.answered_live],
        "answered_after": [q for q in answered if not q.answered_live],
        "waiting": [q for q in questions if q.status == QuestionStatus.ACCEPTED],
        "forwarded": [q for q in questions if q.status == QuestionStatus.FORWARDED],
    }


def _detail(
    request: HttpRequest, interview: Interview, form: QuestionForm, status: int = 200, **extra: Any
) -> HttpResponse:
    return _page(
        request,
        "interview.html",
        COLUMN,
        status=status,
        form=form,
        **_stream_context(interview),
        **extra,
    )


@require_http_methods(["GET", "POST"])
def interview_detail(request: HttpRequest, interview_id: int) -> HttpResponse:
    interview = _interview(interview_id)
    if interview is None:
        return not_found_page(request, "没有这场访谈，或访谈预告尚未发布。")
    ip = client_ip(request)
    if request.method == "GET":
        if (limited := _too_many(request, InterviewDetailView)) is not None:
            return limited
        form = QuestionForm()
        shown = form.show_captcha(captcha_mode(request.GET)) if abuse.captcha_required(ip) else {}
        return _detail(request, interview, form, **shown)
    if "captcha_change" in request.POST:  # 换一张 without JavaScript: nothing is sent
        form = QuestionForm(
            initial={k: v for k, v in request.POST.items() if k in ("text", "name", "phone")}
        )
        mode = captcha_mode({"captcha_mode": request.POST["captcha_change"]})
        return _detail(request, interview, form, **form.show_captcha(mode))
    if (limited := _too_many(request, QuestionSubmitView)) is not None:
        return limited
    form = QuestionForm(request.POST)
    captcha_needed = abuse.captcha_required(ip)
    if captcha_needed:
        form.require_captcha()
    if form.is_valid():
        passed = not captcha_needed or abuse.captcha_passed(
            form.cleaned_data.get("captcha_key") or "", form.cleaned_data.get("captcha") or ""
        )
        if not passed:
            form.add_error("captcha", "验证码不正确或已过期，请按新的验证码重新填写。")
        else:
            try:
                question = services.question_submit(
                    interview_id=interview.pk,
                    submission=services.QuestionSubmission(
                        name=form.cleaned_data["name"],
                        phone=form.cleaned_data["phone"],
                        text=form.cleaned_data["text"],
                    ),
                )
            except SERVICE_REFUSALS as exc:
                refused = refusal_of(exc)
                form.add_refusal(refused)
                return _detail(request, interview, form, status=refused.status)
            abuse.submission_recorded(ip)
            request.session[RECEIPT_KEY] = {
                "number": question.number,
                "query_code": question.query_code,
                "interview": interview.pk,
            }
            return redirect("public-interview-receipt", interview_id=interview.pk)
    context: dict[str, Any] = {}
    if captcha_needed or abuse.captcha_required(ip):
        context = form.show_captcha(captcha_mode(request.POST))
    return _detail(request, interview, form, status=400, **context)


@require_http_methods(["GET", "POST"])
def question_lookup(request: HttpRequest) -> HttpResponse:
    """凭提问编号和查询码查看问题: the same answer and failure budget as the API."""
    if request.method == "GET":
        return _page(request, "interview_lookup.html", COLUMN, form=QuestionLookupForm())
    if (limited := _too_many(request, QuestionLookupView)) is not None:
        return limited
    form = QuestionLookupForm(request.POST)
    if not form.is_valid():
        return _page(request, "interview_lookup.html", COLUMN, status=400, form=form)
    question = services.question_by_code(
        form.cleaned_data["number"], form.cleaned_data["query_code"]
    )
    if question is None:
        record_failure(request, QuestionLookupView)
        form.add_error(None, LOOKUP_NOT_FOUND)
        return _page(request, "interview_lookup.html", COLUMN, status=404, form=form)
    response = _page(
        request,
        "interview_lookup.html",
        COLUMN,
        form=QuestionLookupForm(),
        found=question_status(question),
    )
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def interview_stream(request: HttpRequest, interview_id: int) -> HttpResponse:
    """The live stream and question lists alone (the live page re-reads it on each event)."""
    interview = _interview(interview_id)
    if interview is None:
        raise Http404
    if (limited := _too_many(request, InterviewDetailView)) is not None:
        return limited
    response = _page(request, "_interview_stream.html", COLUMN, **_stream_context(interview))
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def interview_receipt(request: HttpRequest, interview_id: int) -> HttpResponse:
    interview = _interview(interview_id)
    if interview is None:
        return not_found_page(request, "没有这场访谈。")
    receipt = request.session.pop(RECEIPT_KEY, None)
    if not isinstance(receipt, dict) or receipt.get("interview") != interview.pk:
        receipt = None
    response = _page(
        request, "interview_receipt.html", COLUMN, interview=interview, receipt=receipt
    )
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def interview_image(request: HttpRequest, post_id: int) -> HttpResponseBase:
    """An image of a published interview's post (checked by content when uploaded)."""
    post = (
        InterviewPost.objects.filter(pk=post_id, interview__published=True)
        .exclude(image="")
        .first()
    )
    if post is None:
        raise Http404
    if (limited := _too_many(request, InterviewDetailView)) is not None:
        return limited
    try:
        handle = post.image.open("rb")
    except (OSError, ValidationError):
        raise Http404 from None
    response = FileResponse(handle, content_type=post.image_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    response["Cache-Control"] = "public, max-age=3600"
    return response
