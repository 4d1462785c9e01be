"""Pages of surveys, hearings and reviews (网上调查/听证/评议) and of feedback reports
(采纳情况) on solicitations. Rules are ``surveys.services``'; the pages parse input, call
them and show refusals through ``frontend.refusals``.

- ``/surveys/``: open, upcoming and closed items; closed solicitations and their feedback.
- ``/surveys/{id}/``: the questionnaire (works without JavaScript, phone width), the
  one-response rule stated, the captcha when due; POST stores one response or shows each
  question's error (400, nothing stored).
- ``/surveys/{id}/results/``: charts (ECharts, as /statistics/) and data tables after
  closing; live for the owner department and the site office, who also review free text
  and publish the feedback report here.
- ``/surveys/feedback/``: feedback reports due and overdue (supervisors: all; a
  department: its own).
- ``/solicitations/{id}/``: a solicitation with its published feedback report.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from core.api import retry_after, throttle_wait
from core.middleware import client_ip
from frontend.refusals import SERVICE_REFUSALS, refusal_of
from knowledge_base import gate
from letters.services import abuse
from org.models import Solicitation
from org.roles import Role
from org.selectors import staff_user, user_department_id, user_roles
from surveys import services
from surveys.api import (
    SurveyDetailView,
    SurveyListView,
    SurveyPhoneCodeView,
    SurveyResponseView,
    SurveyResultsView,
    browser_token,
    set_browser_cookie,
)
from surveys.models import QuestionKind, Survey

COLUMN_TYPE = "互动交流"


def _page(
    request: HttpRequest, template: str, column: str, status: int = 200, **context: Any
) -> HttpResponse:
    context.setdefault("column_name", column)
    context.setdefault("column_type", COLUMN_TYPE)
    return render(request, f"frontend/{template}", context, status=status)


def _too_many(request: HttpRequest, view_class: Any) -> HttpResponse | None:
    wait = throttle_wait(request, view_class)
    if wait is None:
        return None
    seconds = int(retry_after(wait))
    response = _page(
        request,
        "too_many.html",
        "操作过于频繁",
        status=429,
        minutes=max((seconds + 59) // 60, 1),
        seconds=seconds,
        reading=request.method == "GET",
    )
    response["Retry-After"] = str(seconds)
    return response


def _not_found(request: HttpRequest, message: str) -> HttpResponse:
    return _page(request, "not_found.html", "页面未找到", status=404, message=message)


def _survey_or_none(pk: int) -> Survey | None:
    try:
        return services.public_survey(pk)
    except Http404:
        return None


@require_GET
def survey_list(request: HttpRequest) -> HttpResponse:
    if (limited := _too_many(request, SurveyListView)) is not None:
        return limited
    now = timezone.now()
    groups: dict[str, list[Survey]] = {"open": [], "upcoming": [], "closed": []}
    for survey in services.public_surveys().order_by("-opens_at", "-id")[:200]:
        groups[services.survey_state(survey, now)].append(survey)
    solicitations = list(
        Solicitation.objects.select_related("owner").filter(closes_on__lt=timezone.localdate(now))[
            :50
        ]
    )
    reported = services.solicitations_with_feedback([s.pk for s in solicitations])
    return _page(
        request,
        "surveys.html",
        "网上调查",
        groups=groups,
        solicitations=[(s, s.pk in reported) for s in solicitations],
    )


def _posted_answers(request: HttpRequest, survey: Survey) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for question in survey.questions.all():
        name = services.question_field(question)
        if question.kind == QuestionKind.MULTIPLE:
            answers[str(question.pk)] = request.POST.getlist(name)
        else:
            answers[str(question.pk)] = request.POST.get(name, "")
    return answers


def _form_questions(
    survey: Survey, values: dict[str, Any], errors: dict[str, list[str]]
) -> list[dict[str, Any]]:
    rows = []
    for question in survey.questions.all():
        name = services.question_field(question)
        value = values.get(str(question.pk), [] if question.kind == QuestionKind.MULTIPLE else "")
        chosen = {str(v) for v in value} if isinstance(value, list) else {str(value)}
        rows.append(
            {
                "q": question,
                "name": name,
                "value": value if isinstance(value, str) else "",
                "chosen": chosen,
                "errors": errors.get(name, []),
                "scale": list(range(question.scale_min, question.scale_max + 1))
                if question.kind == QuestionKind.RATING
                else [],
                "limits": _limits(question),
            }
        )
    return rows


def _limits(question: Any) -> str:
    if question.kind != QuestionKind.MULTIPLE:
        return ""
    if question.max_choices is None:
        return f"至少选{question.min_choices}项"
    if question.max_choices == question.min_choices:
        return f"请选{question.min_choices}项"
    return f"选{question.min_choices}至{question.max_choices}项"


def _detail(
    request: HttpRequest,
    survey: Survey,
    *,
    status: int = 200,
    values: dict[str, Any] | None = None,
    errors: dict[str, list[str]] | None = None,
    message: str = "",
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    errors = errors or {}
    values = values or {}
    ip = client_ip(request)
    state = services.survey_state(survey)
    context: dict[str, Any] = {
        "survey": survey,
        "state": state,
        "state_label": services.STATE_LABELS[state],
        "words": services.wording(survey),
        "has_opinion": services.has_opinion(survey),
        "rule": services.response_rule(survey),
        "rule_statement": services.rule_statement(survey),
        # A phone rule without an SMS gateway: say so instead of a form that cannot work.
        "blocked": services.response_rule(survey) == "phone" and not services.sms_configured(),
        "questions": _form_questions(survey, values, errors),
        "errors": errors,
        "summary": [
            {"id": f"id_{name}", "text": text} for name, texts in errors.items() for text in texts
        ],
        "message": message,
        "opinion": values.get("opinion", ""),
        "phone": values.get("phone", ""),
        "feedback": services.published_feedback(survey),
    }
    if state == "open" and services.captcha_required(survey, ip):
        key = abuse.captcha_new(abuse.QUESTION)
        context["captcha_key"] = key
        context["captcha_question"] = abuse.captcha_question(key)
    context.update(extra or {})
    return _page(request, "survey_detail.html", "网上调查", status=status, **context)


@require_http_methods(["GET", "POST"])
def survey_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if request.method == "GET":
        if (limited := _too_many(request, SurveyDetailView)) is not None:
            return limited
        survey = _survey_or_none(pk)
        if survey is None:
            return _not_found(request, "没有找到这项调查，它可能尚未发布。")
        return _detail(request, survey)
    survey = _survey_or_none(pk)
    if survey is None:
        return _not_found(request, "没有找到这项调查，它可能尚未发布。")
    values: dict[str, Any] = _posted_answers(request, survey)
    values["opinion"] = request.POST.get("opinion", "")
    values["phone"] = request.POST.get("phone", "")
    if "send_code" in request.POST:
        if (limited := _too_many(request, SurveyPhoneCodeView)) is not None:
            return limited
        try:
            services.phone_code_send(survey_id=survey.pk, phone=values["phone"])
        except SERVICE_REFUSALS as exc:
            refused = refusal_of(exc)
            return _detail(
                request,
                survey,
                status=refused.status,
                values=values,
                errors=refused.errors or {"non_field_errors": [refused.message]},
            )
        return _detail(request, survey, values=values, message="验证码已发送，10分钟内有效。")
    if (limited := _too_many(request, SurveyResponseView)) is not None:
        return limited
    answers = {k: v for k, v in values.items() if k.isdigit()}
    try:
        submitted = services.response_submit(
            survey_id=survey.pk,
            answers=answers,
            opinion=values["opinion"],
            respondent=services.Respondent(
                ip=client_ip(request),
                browser_token=browser_token(request),
                phone=values["phone"],
                phone_code=request.POST.get("phone_code", ""),
                captcha_key=request.POST.get("captcha_key", ""),
                captcha=request.POST.get("captcha", ""),
            ),
        )
    except SERVICE_REFUSALS as exc:
        refused = refusal_of(exc)
        errors = refused.errors or {"non_field_errors": [refused.message]}
        if "captcha" in errors:  # the API's wording names the captcha endpoint
            errors["captcha"] = [
                "「验证码」：请回答算术题。"
                if not request.POST.get("captcha", "").strip()
                else "「验证码」：答案不正确或已过期，请回答新的算术题。"
            ]
        return _detail(request, survey, status=refused.status, values=values, errors=errors)
    messages.success(request, "提交成功，感谢参与！结果将在截止后公布。")
    response = redirect("public-survey-detail", pk=survey.pk)
    set_browser_cookie(response, submitted.browser_token, secure=request.is_secure())
    return response


def _staff_context(request: HttpRequest, survey: Survey) -> dict[str, Any]:
    user = request.user
    live = user.is_authenticated and services.may_view_live(user, survey)
    manage = user.is_authenticated and services.may_manage(user, survey)
    return {
        "live": live,
        "manage": manage,
        "pending": services.pending_texts(survey) if manage else [],
        "feedback_item": services.feedback_item(survey) if live else None,
    }


@require_http_methods(["GET", "POST"])
def survey_results(request: HttpRequest, pk: int) -> HttpResponse:
    if (limited := _too_many(request, SurveyResultsView)) is not None:
        return limited
    survey = _survey_or_none(pk)
    if survey is None:
        return _not_found(request, "没有找到这项调查，它可能尚未发布。")
    staff = _staff_context(request, survey)
    status = 200
    if request.method == "POST":
        if not staff["manage"]:
            raise PermissionDenied("只有发起单位的工作人员或签发人可以审核和公开。")
        try:
            note = _staff_action(request, survey)
        except SERVICE_REFUSALS as exc:
            refused = refusal_of(exc)
            messages.error(request, refused.summary)
            status = refused.status
        else:
            messages.success(request, note)
            return redirect("public-survey-results", pk=survey.pk)
        staff = _staff_context(request, survey)
    state = services.survey_state(survey)
    results = services.survey_results(survey) if state == "closed" or staff["live"] else None
    return _page(
        request,
        "survey_results.html",
        "网上调查",
        status=status,
        survey=survey,
        state=state,
        state_label=services.STATE_LABELS[state],
        words=services.wording(survey),
        results=results,
        feedback=services.published_feedback(survey),
        **staff,
    )


def _confirmations(request: HttpRequest) -> list[gate.Confirmation]:
    raw = [
        {
            "field": request.POST.get(f"confirm_field_{i}", ""),
            "kind": request.POST.get(f"confirm_kind_{i}", ""),
            "text": request.POST.get(f"confirm_text_{i}", ""),
            "reason": request.POST.get(f"confirm_reason_{i}", ""),
        }
        for i in range(1, 6)
        if request.POST.get(f"confirm_text_{i}")
    ]
    return gate.parse_confirmations(raw)


def _staff_action(request: HttpRequest, survey: Survey) -> str:
    actor = staff_user(request.user)
    action = request.POST.get("action", "")
    if action in ("publish_text", "withhold_text"):
        item_id = request.POST.get("item_id", "")
        if not item_id.isdigit() or len(item_id) > 18:
            raise Http404("没有找到这条回答。")
        services.text_review(
            item_type="opinion" if request.POST.get("item_type") == "opinion" else "answer",
            item_id=int(item_id),
            actor=actor,
            publish=action == "publish_text",
            public_text=request.POST.get("public_text", ""),
            confirmations=_confirmations(request),
        )
        return "已公开。" if action == "publish_text" else "已设为不公开。"
    if action == "publish_feedback":
        services.feedback_publish(
            subject_type="survey",
            subject_id=survey.pk,
            actor=actor,
            text=request.POST.get("text", ""),
            confirmations=_confirmations(request),
        )
        return "采纳情况已公开。"
    if action == "mark_complex":
        services.feedback_mark_complex(
            subject_type="survey",
            subject_id=survey.pk,
            actor=actor,
            reason=request.POST.get("reason", ""),
        )
        return "已申报为复杂事项，反馈期限延长至上限。"
    raise Http404("未知操作。")


@require_GET
@login_required
def feedback_overview(request: HttpRequest) -> HttpResponse:
    roles = user_roles(request.user)
    if not roles & {Role.SUPERVISOR, Role.PUBLISHER, Role.DISPATCHER, Role.HANDLER, Role.REVIEWER}:
        raise PermissionDenied("您的角色不能访问此页面。")
    office = bool(roles & {Role.SUPERVISOR, Role.PUBLISHER, Role.DISPATCHER})
    items = services.feedback_overview(
        department_id=None if office else (user_department_id(request.user) or 0)
    )
    return render(request, "workspace/survey_feedback.html", {"items": items, "office": office})


@require_http_methods(["GET", "POST"])
def solicitation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if (limited := _too_many(request, SurveyDetailView)) is not None:
        return limited
    solicitation = Solicitation.objects.select_related("owner").filter(pk=pk).first()
    if solicitation is None:
        return _not_found(request, "没有找到这项意见征集。")
    user = request.user
    manage = user.is_authenticated and (
        Role.PUBLISHER in user_roles(user)
        or (
            bool(user_roles(user) & {Role.HANDLER, Role.REVIEWER})
            and user_department_id(user) == solicitation.owner_id
        )
    )
    status = 200
    if request.method == "POST":
        if not manage:
            raise PermissionDenied("只有征集单位的工作人员或签发人可以公开采纳情况。")
        try:
            actor = staff_user(user)
            if request.POST.get("action") == "mark_complex":
                services.feedback_mark_complex(
                    subject_type="solicitation",
                    subject_id=solicitation.pk,
                    actor=actor,
                    reason=request.POST.get("reason", ""),
                )
                note = "已申报为复杂事项，反馈期限延长至上限。"
            else:
                services.feedback_publish(
                    subject_type="solicitation",
                    subject_id=solicitation.pk,
                    actor=actor,
                    text=request.POST.get("text", ""),
                    confirmations=_confirmations(request),
                )
                note = "采纳情况已公开。"
        except SERVICE_REFUSALS as exc:
            refused = refusal_of(exc)
            messages.error(request, refused.summary)
            status = refused.status
        else:
            messages.success(request, note)
            return redirect("public-solicitation-detail", pk=solicitation.pk)
    today = timezone.localdate()
    return _page(
        request,
        "solicitation_detail.html",
        "征集意见",
        status=status,
        solicitation=solicitation,
        is_open=solicitation.is_open(today),
        closed=solicitation.closes_on < today,
        feedback=services.published_feedback(solicitation),
        item=services.feedback_item(solicitation),
        manage=manage,
    )
