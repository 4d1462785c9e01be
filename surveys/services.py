"""The rules of surveys, hearings and reviews (网上调查/听证/评议), in one place; the API
(``surveys.api``) and the pages (``frontend.survey_views``) only call them.

- Which surveys the public sees and whether one is open (:func:`survey_state`).
- One response per person without accounts (:func:`response_rule`, stated on the page
  by :func:`rule_statement`): with an SMS gateway configured, one per phone verified by
  a code (:func:`phone_code_send`); otherwise one per browser (a random token in a
  cookie). Either way, at most ``survey_responses_per_address`` responses to one survey
  from one network address, a captcha from the ``survey_captcha_after``-th on, and the
  per-address rate limits of the views.
- A response is checked whole and stored in one transaction (:func:`response_submit`):
  a bad answer is a 400 naming its question and nothing is stored.
- Results (:func:`survey_results`): live for the owner and the site office, public after
  closing; free text reaches the public only after review through the publication gate
  (:func:`text_publish`, :func:`opinion_publish`).
- Feedback reports (采纳情况) on surveys and solicitations, due within the 征集意见 time
  limit counted in working days from the closing date (:func:`feedback_deadline`,
  :func:`feedback_overview`, :func:`feedback_publish`).
"""

from __future__ import annotations

import ipaddress
import secrets
import time
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from core import pii
from core.audit import audit
from core.conf import desk_settings
from core.errors import ActionRefused
from core.formats import normalize_phone
from knowledge_base import gate
from letters.services import abuse
from letters.services.deadlines import reply_policy
from letters.sms import get_sms_backend
from org.models import Solicitation
from org.roles import Role
from org.selectors import AnyUser, StaffUser, user_department_id, user_roles
from surveys.models import (
    Answer,
    FeedbackReport,
    Option,
    Question,
    QuestionKind,
    Response,
    ResponseRule,
    ReviewStatus,
    Survey,
    SurveyKind,
)
from workdays.calendar_core import WorkCalendar
from workdays.services import get_calendar

LOGGING_SMS_BACKEND = "letters.sms.LoggingSmsBackend"
OPINION_MAX_LENGTH = 5000
PHONE_CODE_SECONDS = 600
PHONE_CODE_ATTEMPTS = 5
PHONE_CODE_RESEND_SECONDS = 60  # one code a minute per phone and survey, from anywhere
FEEDBACK_MAX_LENGTH = 20000
# The feedback deadline follows this letter kind's reply policy (征集意见: 德阳 第二十五条).
FEEDBACK_POLICY_KIND = "opinion"

OPINION_LABELS = {
    SurveyKind.SURVEY: "意见建议",
    SurveyKind.HEARING: "听证意见",
    SurveyKind.REVIEW: "评议意见",
}
KIND_WORDING = {
    SurveyKind.SURVEY: {
        "noun": "调查",
        "intro": "请根据实际情况作答，调查结果将在截止后公开。",
        "submit": "提交问卷",
        "opinion_help": "",
    },
    SurveyKind.HEARING: {
        "noun": "听证",
        "intro": "本次网上听证就拟决策事项公开听取意见，请阅读说明后发表意见。",
        "submit": "提交听证意见",
        "opinion_help": "请写明您对拟决策事项的意见、理由和建议，发起单位将在截止后公开采纳情况。",
    },
    SurveyKind.REVIEW: {
        "noun": "评议",
        "intro": "本次网上评议请您对被评议单位的工作作出评价。",
        "submit": "提交评议",
        "opinion_help": "请写明评议意见和改进建议，发起单位将在截止后公开采纳情况。",
    },
}


# --- which surveys, open or not -----------------------------------------------------------


def public_surveys() -> QuerySet[Survey]:
    return Survey.objects.filter(published=True).select_related("owner")


def public_survey(survey_id: int) -> Survey:
    """A published survey with its questions and options, or 404."""
    survey = public_surveys().prefetch_related("questions__options").filter(pk=survey_id).first()
    if survey is None:
        raise Http404("没有找到这项调查，它可能尚未发布。")
    return survey


def survey_state(survey: Survey, now: datetime | None = None) -> str:
    """``upcoming``, ``open`` or ``closed``."""
    now = now or timezone.now()
    if now < survey.opens_at:
        return "upcoming"
    if now >= survey.closes_at:
        return "closed"
    return "open"


STATE_LABELS = {"upcoming": "未开始", "open": "进行中", "closed": "已结束"}


def closed_on(survey: Survey) -> date:
    """The closing day (Beijing time): feedback is counted from it."""
    return timezone.localdate(survey.closes_at)


def wording(survey: Survey) -> dict[str, str]:
    words = dict(KIND_WORDING[SurveyKind(survey.kind)])
    words["opinion_label"] = OPINION_LABELS[SurveyKind(survey.kind)]
    return words


def has_opinion(survey: Survey) -> bool:
    """Hearings and reviews have a written-opinion part."""
    return survey.kind in (SurveyKind.HEARING, SurveyKind.REVIEW)


# --- one response per person ------------------------------------------------------------


def sms_configured() -> bool:
    """True when SMS really goes out (a gateway, not the logging backend)."""
    return str(settings.DESK_SMS_BACKEND) != LOGGING_SMS_BACKEND


def response_rule(survey: Survey) -> str:
    """The rule in force for this survey: its own, else the site's setting."""
    return survey.response_rule or desk_settings().survey_response_rule


def rule_statement(survey: Survey) -> str:
    """The one-response rule as the page states it."""
    conf = desk_settings()
    per_address = conf.survey_responses_per_address
    if response_rule(survey) == ResponseRule.PHONE:
        if not sms_configured():
            return (
                "本项要求以手机短信验证码确认参与者，但本站尚未开通短信服务，暂不能提交；"
                "请通过其他渠道反映意见。"
            )
        main = "每个手机号限提交一份（提交前需填写短信验证码，手机号只以不可还原的形式保存）"
    else:
        main = (
            "每个浏览器限提交一份（以浏览器中保存的随机标识识别，不收集个人信息；"
            "本站未开通短信验证）"
        )
    captcha = (
        "每次提交都需填写验证码"
        if conf.survey_captcha_after == 0
        else f"同一网络地址提交{conf.survey_captcha_after}份后需填写验证码"
    )
    return f"{main}；同一网络地址最多提交{per_address}份，{captcha}。"


def address_ident(ip: str) -> str:
    """The network address counted: the IP, or its /64 for IPv6 (one subscriber)."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ip
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return ip


def address_hash(ip: str) -> str:
    return pii.keyed_hash("ip", address_ident(ip))


def browser_hash(token: str) -> str:
    return pii.keyed_hash("survey_browser", token)


def new_browser_token() -> str:
    return secrets.token_urlsafe(24)


def responses_from(survey: Survey, ip: str) -> int:
    return Response.objects.filter(survey=survey, address_hash=address_hash(ip)).count()


def captcha_required(survey: Survey, ip: str) -> bool:
    """True once this address has sent ``survey_captcha_after`` responses to the survey."""
    return responses_from(survey, ip) >= desk_settings().survey_captcha_after


def _code_key(survey_id: int, phone: str) -> str:
    return f"surveys:code:{survey_id}:{pii.keyed_hash('phone', phone)[:32]}"


def _phone(raw: str) -> str:
    phone = normalize_phone(raw or "")
    if phone is None or not phone.startswith("1") or len(phone) != 11:
        raise ValidationError({"phone": ["「手机号码」：请填写11位手机号码。"]})
    return phone


def phone_code_send(*, survey_id: int, phone: str, now: datetime | None = None) -> None:
    """Send a 6-digit code to ``phone`` for this survey (valid 10 minutes). Refused when
    the survey does not verify phones or no SMS gateway is configured."""
    survey = public_survey(survey_id)
    if response_rule(survey) != ResponseRule.PHONE:
        raise ActionRefused("本项不需要短信验证，请直接提交。")
    if not sms_configured():
        raise ActionRefused("本站尚未开通短信服务，暂不能发送验证码。")
    if survey_state(survey, now) != "open":
        raise ActionRefused(_not_open_message(survey, now))
    number = _phone(phone)
    if Response.objects.filter(survey=survey, phone_hash=pii.keyed_hash("phone", number)).exists():
        raise ActionRefused("该手机号已参与过本项，每个手机号限提交一份。")
    key = _code_key(survey.pk, number)
    previous = cache.get(key)
    if previous and time.time() - previous.get("sent_at", 0) < PHONE_CODE_RESEND_SECONDS:
        raise ActionRefused("验证码已发送，请1分钟后再重新获取。")
    code = f"{secrets.randbelow(10**6):06d}"
    cache.set(key, {"code": code, "tries": 0, "sent_at": time.time()}, PHONE_CODE_SECONDS)
    get_sms_backend().send(number, f"您参与“{survey.title[:30]}”的验证码为{code}，10分钟内有效。")


def _check_phone_code(survey: Survey, phone: str, code: str) -> None:
    key = _code_key(survey.pk, phone)
    stored = cache.get(key)
    if not code.strip():
        raise ValidationError({"phone_code": ["「短信验证码」：请填写收到的短信验证码。"]})
    if not stored or stored["tries"] >= PHONE_CODE_ATTEMPTS:
        cache.delete(key)
        raise ValidationError({"phone_code": ["「短信验证码」：验证码已过期，请重新获取。"]})
    if not secrets.compare_digest(str(stored["code"]), code.strip()):
        cache.set(key, {**stored, "tries": stored["tries"] + 1}, PHONE_CODE_SECONDS)
        raise ValidationError({"phone_code": ["「短信验证码」：验证码不正确。"]})
    cache.delete(key)


# --- responses ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Respondent:
    """Who sends a response, as far as the rule needs: never stored in clear."""

    ip: str
    browser_token: str = ""
    phone: str = ""
    phone_code: str = ""
    captcha_key: str = ""
    captcha: str = ""


@dataclass
class Submitted:
    response: Response
    browser_token: str = ""


def question_field(question: Question) -> str:
    """The name of a question's input (form field, error key): ``question_<id>``."""
    return f"question_{question.pk}"


def question_label(question: Question) -> str:
    return f"「第{question.position}题 {question.text[:40]}」"


def _not_open_message(survey: Survey, now: datetime | None) -> str:
    state = survey_state(survey, now)
    if state == "upcoming":
        start = timezone.localtime(survey.opens_at)
        return f"本项将于{start:%Y年%m月%d日 %H:%M}开始，请届时参与。"
    end = timezone.localtime(survey.closes_at)
    return f"本项已于{end:%Y年%m月%d日 %H:%M}截止，不再接受提交。"


def _as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) <= 18:
        return int(value.strip())
    return None


def _clean_text(value: Any, label: str, limit: int) -> tuple[str, str | None]:
    if value is None:
        return "", None
    if not isinstance(value, str):
        return "", f"{label}：应为文字。"
    text = value.strip()
    if "\x00" in text:
        return "", f"{label}：不能包含空字符（NUL）。"
    if len(text) > limit:
        return "", f"{label}：不能超过{limit}个字（现有{len(text)}个字）。"
    return text, None


def _validate_answer(
    question: Question, value: Any, option_ids: set[int]
) -> tuple[list[Answer], str | None]:
    """The answers one question's value makes (unsaved), or the error naming it."""
    label = question_label(question)
    empty = value is None or value == "" or value == []
    if question.kind == QuestionKind.TEXT:
        text, error = _clean_text(value, label, question.max_length)
        if error:
            return [], error
        if not text:
            return [], (f"{label}：请填写。" if question.required else None)
        return [Answer(question=question, text=text, review_status=ReviewStatus.PENDING)], None
    if empty:
        return [], (f"{label}：请作答。" if question.required else None)
    if question.kind == QuestionKind.SINGLE:
        choice = _as_int(value)
        if choice is None or choice not in option_ids:
            return [], f"{label}：请从给出的选项中选择一项。"
        return [Answer(question=question, option_id=choice)], None
    if question.kind == QuestionKind.MULTIPLE:
        values = value if isinstance(value, list) else [value]
        choices = [_as_int(v) for v in values]
        if any(c is None or c not in option_ids for c in choices):
            return [], f"{label}：请从给出的选项中选择。"
        picked = sorted({c for c in choices if c is not None})
        if len(picked) != len(choices):
            return [], f"{label}：同一选项只能选择一次。"
        if len(picked) < question.min_choices:
            return [], f"{label}：至少选择{question.min_choices}项。"
        if question.max_choices is not None and len(picked) > question.max_choices:
            return [], f"{label}：最多选择{question.max_choices}项。"
        return [Answer(question=question, option_id=c) for c in picked], None
    rating = _as_int(value)
    if rating is None or not question.scale_min <= rating <= question.scale_max:
        return [], f"{label}：请在{question.scale_min}至{question.scale_max}分之间评分。"
    return [Answer(question=question, rating=rating)], None


def _check_identity(survey: Survey, respondent: Respondent) -> dict[str, Any]:
    """The identity fields of the new response under the survey's rule, or a refusal."""
    rule = response_rule(survey)
    conf = desk_settings()
    if rule == ResponseRule.PHONE and not sms_configured():
        raise ActionRefused(
            "本项要求以手机短信验证码确认参与者，但本站尚未开通短信服务，暂不能提交。"
        )
    if responses_from(survey, respondent.ip) >= conf.survey_responses_per_address:
        raise ActionRefused(
            f"同一网络地址提交本项已达{conf.survey_responses_per_address}份上限，不能再提交。"
        )
    fields: dict[str, Any] = {"rule": rule, "address_hash": address_hash(respondent.ip)}
    phone = ""
    if rule == ResponseRule.PHONE:
        phone = _phone(respondent.phone)
        fields["phone_hash"] = pii.keyed_hash("phone", phone)
        if Response.objects.filter(survey=survey, phone_hash=fields["phone_hash"]).exists():
            raise ActionRefused("该手机号已参与过本项，每个手机号限提交一份。")
    else:
        token = respondent.browser_token or new_browser_token()
        fields["browser_hash"] = browser_hash(token)
        fields["browser_token"] = token
        if Response.objects.filter(survey=survey, browser_hash=fields["browser_hash"]).exists():
            raise ActionRefused("您已参与过本项（每个浏览器限提交一份），感谢参与。")
    # Asked only of someone who may still respond; each captcha can be tried once.
    if captcha_required(survey, respondent.ip):
        abuse.captcha_validate(respondent.captcha_key, respondent.captcha)
    if phone:
        _check_phone_code(survey, phone, respondent.phone_code)
    return fields


def response_submit(
    *,
    survey_id: int,
    answers: Any,
    opinion: Any = "",
    respondent: Respondent,
    now: datetime | None = None,
) -> Submitted:
    """Check the whole response, then store it in one transaction.

    ``answers`` maps question ids (``12`` or ``"12"``) to: an option id (单选), a list of
    option ids (多选), a score (评分) or a text (文字). Bad input is a ``ValidationError``
    naming each question (``question_<id>``); a closed survey or a second response is an
    ``ActionRefused``. Nothing is stored unless everything passes.
    """
    survey = public_survey(survey_id)
    if survey_state(survey, now) != "open":
        raise ActionRefused(_not_open_message(survey, now))
    errors: dict[str, list[str]] = {}
    if not isinstance(answers, Mapping):
        raise ValidationError({"answers": ["「答案」：应为以题目编号为键的对象。"]})
    questions = list(survey.questions.all())
    by_id = {q.pk: q for q in questions}
    unknown = [k for k in answers if _as_int(k) not in by_id]
    if unknown:
        errors["answers"] = [
            f"「答案」：题目编号 {str(k)[:20]} 不是本项的题目。" for k in unknown[:5]
        ]
    rows: list[Answer] = []
    given = {_as_int(k): v for k, v in answers.items() if _as_int(k) in by_id}
    for question in questions:
        option_ids = {o.pk for o in question.options.all()}
        made, error = _validate_answer(question, given.get(question.pk), option_ids)
        if error:
            errors[question_field(question)] = [error]
        rows.extend(made)
    opinion_label = f"「{OPINION_LABELS[SurveyKind(survey.kind)]}」"
    opinion_text, opinion_error = _clean_text(opinion, opinion_label, OPINION_MAX_LENGTH)
    if opinion_error:
        errors["opinion"] = [opinion_error]
    elif opinion_text and not has_opinion(survey):
        errors["opinion"] = [f"{opinion_label}：本调查没有书面意见部分。"]
    elif not opinion_text and has_opinion(survey) and survey.opinion_required:
        errors["opinion"] = [f"{opinion_label}：请填写书面意见。"]
    if errors:
        raise ValidationError(errors)
    identity = _check_identity(survey, respondent)
    token = identity.pop("browser_token", "")
    try:
        with transaction.atomic():
            response = Response.objects.create(
                survey=survey,
                submitted_at=now or timezone.now(),
                opinion=opinion_text,
                opinion_status=ReviewStatus.PENDING if opinion_text else "",
                **identity,
            )
            for row in rows:
                row.response = response
            Answer.objects.bulk_create(rows)
    except IntegrityError:
        raise ActionRefused("您已参与过本项，每人限提交一份，感谢参与。") from None
    return Submitted(response=response, browser_token=token)


# --- results ------------------------------------------------------------------------------


def _share(count: int, total: int) -> float | None:
    return count / total if total else None


def survey_results(survey: Survey) -> dict[str, Any]:
    """Every figure of a survey, computed now from the stored answers (exact counts).

    Choice shares are of the respondents who answered the question (a multiple choice
    can add up to more than 100 %); ratings give the average to two decimals and the
    count per score. Free text and written opinions appear only as published by review.
    """
    questions = list(survey.questions.prefetch_related("options"))
    responses = Response.objects.filter(survey=survey).count()
    answered = dict(
        Answer.objects.filter(question__survey=survey)
        .values_list("question_id")
        .annotate(n=Count("response", distinct=True))
        .values_list("question_id", "n")
    )
    option_counts: dict[int | None, int] = dict(
        Answer.objects.filter(question__survey=survey, option__isnull=False)
        .values_list("option_id")
        .annotate(n=Count("id"))
        .values_list("option_id", "n")
    )
    ratings: dict[int, dict[int, int]] = defaultdict(dict)
    for question_id, score, n in (
        Answer.objects.filter(question__survey=survey, rating__isnull=False)
        .values_list("question_id", "rating")
        .annotate(n=Count("id"))
        .values_list("question_id", "rating", "n")
    ):
        if score is not None:
            ratings[question_id][score] = n
    texts: dict[int, list[str]] = defaultdict(list)
    for question_id, text in (
        Answer.objects.filter(question__survey=survey, review_status=ReviewStatus.PUBLISHED)
        .order_by("response__submitted_at", "id")
        .values_list("question_id", "public_text")
    ):
        texts[question_id].append(text)
    rows: list[dict[str, Any]] = []
    for question in questions:
        total = answered.get(question.pk, 0)
        row: dict[str, Any] = {
            "id": question.pk,
            "position": question.position,
            "text": question.text,
            "kind": question.kind,
            "kind_label": QuestionKind(question.kind).label,
            "answered": total,
        }
        if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            row["options"] = [
                {
                    "id": option.pk,
                    "text": option.text,
                    "count": option_counts.get(option.pk, 0),
                    "share": _share(option_counts.get(option.pk, 0), total),
                }
                for option in question.options.all()
            ]
        elif question.kind == QuestionKind.RATING:
            scores = ratings.get(question.pk, {})
            points = sum(score * n for score, n in scores.items())
            row["rating"] = {
                "min": question.scale_min,
                "max": question.scale_max,
                "low_label": question.low_label,
                "high_label": question.high_label,
                "average": round(points / total, 2) if total else None,
                "distribution": [
                    {
                        "score": s,
                        "count": scores.get(s, 0),
                        "share": _share(scores.get(s, 0), total),
                    }
                    for s in range(question.scale_min, question.scale_max + 1)
                ],
            }
        else:
            row["texts"] = texts.get(question.pk, [])
        rows.append(row)
    opinions = list(
        Response.objects.filter(survey=survey, opinion_status=ReviewStatus.PUBLISHED)
        .order_by("submitted_at", "id")
        .values_list("opinion_public", flat=True)
    )
    return {
        "survey": survey.pk,
        "title": survey.title,
        "responses": responses,
        "questions": rows,
        "opinions": opinions,
        "opinions_total": Response.objects.filter(survey=survey).exclude(opinion="").count(),
    }


def public_results(survey_id: int, now: datetime | None = None) -> dict[str, Any]:
    """Results as the public sees them: only after closing (409 before)."""
    survey = public_survey(survey_id)
    if survey_state(survey, now) != "closed":
        end = timezone.localtime(survey.closes_at)
        raise ActionRefused(f"本项尚未结束，结果将在{end:%Y年%m月%d日 %H:%M}截止后公布。")
    return survey_results(survey)


# --- staff: who may see live results and review ------------------------------------------


def may_view_live(user: AnyUser, survey: Survey) -> bool:
    """The owner department's staff and the site office (supervision, publication)."""
    roles = user_roles(user)
    if roles & {Role.SUPERVISOR, Role.PUBLISHER, Role.DISPATCHER}:
        return True
    return bool(roles & {Role.HANDLER, Role.REVIEWER}) and (
        user_department_id(user) == survey.owner_id
    )


def may_manage(user: AnyUser, survey: Survey) -> bool:
    """Review free text and publish the feedback report: the owner department's handlers
    and reviewers, and the site office's publishers."""
    roles = user_roles(user)
    if Role.PUBLISHER in roles:
        return True
    return bool(roles & {Role.HANDLER, Role.REVIEWER}) and (
        user_department_id(user) == survey.owner_id
    )


def _managed_survey(survey_id: int, actor: StaffUser) -> Survey:
    survey = Survey.objects.filter(pk=survey_id).first()
    if survey is None or not may_view_live(actor, survey):
        raise Http404("没有找到这项调查。")
    if not may_manage(actor, survey):
        raise PermissionDenied("只有发起单位的工作人员或签发人可以审核和公开。")
    return survey


def pending_texts(survey: Survey) -> list[dict[str, Any]]:
    """Free-text answers and written opinions waiting for review (staff only)."""
    items: list[dict[str, Any]] = [
        {"type": "answer", "id": a.pk, "label": question_label(a.question), "text": a.text}
        for a in Answer.objects.filter(
            question__survey=survey, review_status=ReviewStatus.PENDING
        ).select_related("question")
    ]
    items += [
        {
            "type": "opinion",
            "id": r.pk,
            "label": f"「{OPINION_LABELS[SurveyKind(survey.kind)]}」",
            "text": r.opinion,
        }
        for r in Response.objects.filter(survey=survey, opinion_status=ReviewStatus.PENDING)
    ]
    return items


def text_review(
    *,
    item_type: str,
    item_id: int,
    actor: StaffUser,
    publish: bool,
    public_text: str = "",
    confirmations: Sequence[gate.Confirmation] = (),
) -> None:
    """Publish a free-text answer or written opinion (as ``public_text``, through the
    publication gate) or withhold it. Refusals: 404 unknown, 403 not the owner, 400 empty
    text, 409 the gate's hits."""
    model: type[Answer] | type[Response] = Answer if item_type == "answer" else Response
    with transaction.atomic():
        row: Any = model.objects.select_for_update().filter(pk=item_id).first()
        if row is None or (item_type == "answer" and row.question.kind != QuestionKind.TEXT):
            raise Http404("没有找到这条回答。")
        survey_id = row.question.survey_id if item_type == "answer" else row.survey_id
        _managed_survey(survey_id, actor)
        status_field = "review_status" if item_type == "answer" else "opinion_status"
        public_field = "public_text" if item_type == "answer" else "opinion_public"
        if not publish:
            setattr(row, status_field, ReviewStatus.WITHHELD)
            setattr(row, public_field, "")
        else:
            text = public_text.strip()
            if not text:
                raise ValidationError({"public_text": ["「公开内容」：请填写要公开的文字。"]})
            gate.check(
                {"survey_text": text},
                subject=gate.Subject(f"survey_{item_type}", row.pk),
                actor=actor,
                confirmations=confirmations,
            )
            setattr(row, status_field, ReviewStatus.PUBLISHED)
            setattr(row, public_field, text)
        row.save(update_fields=[status_field, public_field])
        audit(
            f"survey.text_{'publish' if publish else 'withhold'}",
            actor=actor,
            obj=row,
            data={"survey": survey_id, "type": item_type},
        )


# --- feedback reports (采纳情况) -----------------------------------------------------------


def feedback_deadline(
    closed: date, *, complex_matter: bool = False, calendar: WorkCalendar | None = None
) -> dict[str, Any] | None:
    """When the feedback report is due: the 征集意见 policy's working days (its cap for a
    complex matter) after the closing day, which is not counted; None without a policy."""
    policy = reply_policy(FEEDBACK_POLICY_KIND)
    if policy is None:
        return None
    days = policy.max_working_days if complex_matter else policy.working_days
    result = (calendar or get_calendar()).add_working_days(
        closed, days, inclusive=policy.counting == "inclusive"
    )
    return {
        "policy": {"id": policy.pk, "working_days": days, "source": policy.source},
        "complex": complex_matter,
        "start": closed.isoformat(),
        "deadline": result.deadline.isoformat(),
        "due_at": result.due_at.isoformat(),
        "provisional": result.provisional,
        "explanation": list(result.steps),
    }


@dataclass
class FeedbackItem:
    """One closed survey or solicitation and its feedback report's clock."""

    subject_type: str  # "survey" | "solicitation"
    subject: Survey | Solicitation
    owner_id: int
    owner_name: str
    closed_on: date
    report: FeedbackReport | None
    derivation: dict[str, Any] | None
    state: str = ""
    state_label: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def deadline(self) -> date | None:
        return date.fromisoformat(self.derivation["deadline"]) if self.derivation else None


FEEDBACK_STATES = {
    "pending": "未到期",
    "due_soon": "即将到期",
    "overdue": "已超期",
    "on_time": "按期公开",
    "late": "逾期公开",
    "no_policy": "未设定时限",
}


def _judge(item: FeedbackItem, now: datetime, calendar: WorkCalendar) -> None:
    report = item.report
    if report is not None and report.published_at is not None:
        item.state = "on_time" if report.on_time else "late"
    elif item.derivation is None:
        item.state = "no_policy"
    else:
        due_at = datetime.fromisoformat(item.derivation["due_at"])
        today = timezone.localdate(now)
        deadline = date.fromisoformat(item.derivation["deadline"])
        soon = desk_settings().due_soon_working_days
        if now > due_at:
            item.state = "overdue"
        elif calendar.working_days_between(today, deadline) <= soon:
            item.state = "due_soon"
        else:
            item.state = "pending"
    item.state_label = FEEDBACK_STATES[item.state]


def _derivation_of(
    report: FeedbackReport | None, closed: date, calendar: WorkCalendar
) -> dict[str, Any] | None:
    if report is not None and report.published_at is not None and report.derivation:
        frozen: dict[str, Any] = report.derivation  # frozen when published
        return frozen
    return feedback_deadline(
        closed, complex_matter=bool(report and report.complex_matter), calendar=calendar
    )


def feedback_item(
    subject: Survey | Solicitation, now: datetime | None = None
) -> FeedbackItem | None:
    """The feedback clock of one survey or solicitation; None while it is still open."""
    now = now or timezone.now()
    calendar = get_calendar()
    if isinstance(subject, Survey):
        if survey_state(subject, now) != "closed":
            return None
        closed = closed_on(subject)
        report = FeedbackReport.objects.filter(survey=subject).first()
        kind = "survey"
    else:
        if subject.closes_on >= timezone.localdate(now):
            return None
        closed = subject.closes_on
        report = FeedbackReport.objects.filter(solicitation=subject).first()
        kind = "solicitation"
    item = FeedbackItem(
        subject_type=kind,
        subject=subject,
        owner_id=subject.owner_id,
        owner_name=subject.owner.name,
        closed_on=closed,
        report=report,
        derivation=_derivation_of(report, closed, calendar),
    )
    _judge(item, now, calendar)
    return item


def feedback_overview(
    *, now: datetime | None = None, department_id: int | None = None
) -> list[FeedbackItem]:
    """Every closed published survey and closed solicitation with its feedback clock,
    most urgent first (supervisors: all; a department: its own)."""
    now = now or timezone.now()
    calendar = get_calendar()
    surveys = public_surveys().filter(closes_at__lte=now)
    solicitations = Solicitation.objects.select_related("owner").filter(
        closes_on__lt=timezone.localdate(now)
    )
    if department_id is not None:
        surveys = surveys.filter(owner_id=department_id)
        solicitations = solicitations.filter(owner_id=department_id)
    reports = {
        (("survey", r.survey_id) if r.survey_id else ("solicitation", r.solicitation_id)): r
        for r in FeedbackReport.objects.filter(
            Q(survey__in=surveys) | Q(solicitation__in=solicitations)
        )
    }
    items: list[FeedbackItem] = []
    subjects: list[tuple[str, Survey | Solicitation, date]] = [
        ("survey", s, closed_on(s)) for s in surveys
    ] + [("solicitation", s, s.closes_on) for s in solicitations]
    for kind, subject, closed in subjects:
        report = reports.get((kind, subject.pk))
        item = FeedbackItem(
            subject_type=kind,
            subject=subject,
            owner_id=subject.owner_id,
            owner_name=subject.owner.name,
            closed_on=closed,
            report=report,
            derivation=_derivation_of(report, closed, calendar),
        )
        _judge(item, now, calendar)
        items.append(item)
    order = {"overdue": 0, "due_soon": 1, "pending": 2, "no_policy": 3, "late": 4, "on_time": 5}
    items.sort(key=lambda i: (order[i.state], i.deadline or date.max))
    return items


def _subject(subject_type: str, subject_id: int) -> Survey | Solicitation:
    model: type[Survey] | type[Solicitation] = Survey if subject_type == "survey" else Solicitation
    found = model.objects.select_related("owner").filter(pk=subject_id).first()
    if found is None:
        raise Http404("没有找到该调查或征集。")
    return found


def _subject_lookup(subject: Survey | Solicitation) -> dict[str, Any]:
    return {"survey": subject} if isinstance(subject, Survey) else {"solicitation": subject}


def _may_publish_feedback(actor: AnyUser, owner_id: int) -> bool:
    roles = user_roles(actor)
    if Role.PUBLISHER in roles:
        return True
    return bool(roles & {Role.HANDLER, Role.REVIEWER}) and user_department_id(actor) == owner_id


def feedback_mark_complex(
    *,
    subject_type: str,
    subject_id: int,
    actor: StaffUser,
    reason: str,
    now: datetime | None = None,
) -> FeedbackReport:
    """A complex matter: the report is due at the policy's cap (15 working days) instead.
    Only before the report is published and before the normal deadline has passed."""
    now = now or timezone.now()
    subject = _subject(subject_type, subject_id)
    if not _may_publish_feedback(actor, subject.owner_id):
        raise PermissionDenied("只有发起单位的工作人员可以申报复杂事项。")
    if not reason.strip():
        raise ValidationError({"reason": ["「复杂事项说明」：请说明为何需要更长时间。"]})
    item = feedback_item(subject, now)
    if item is None:
        raise ActionRefused("征集尚未结束，结束后才计算反馈期限。")
    if item.report is not None and item.report.published_at is not None:
        raise ActionRefused("采纳情况已公开，不能再申报复杂事项。")
    if item.state == "overdue":
        raise ActionRefused("反馈期限已过，不能再申报复杂事项。")
    with transaction.atomic():
        report, _ = FeedbackReport.objects.get_or_create(**_subject_lookup(subject))
        report.complex_matter = True
        report.complex_reason = reason.strip()[:300]
        report.save(update_fields=["complex_matter", "complex_reason"])
        audit(
            "feedback.complex",
            actor=actor,
            obj=report,
            data={"subject": f"{subject_type}:{subject_id}", "reason": report.complex_reason},
        )
    return report


def feedback_publish(
    *,
    subject_type: str,
    subject_id: int,
    actor: StaffUser,
    text: str,
    confirmations: Sequence[gate.Confirmation] = (),
    now: datetime | None = None,
) -> FeedbackReport:
    """Publish the feedback report (采纳情况) of a closed survey or solicitation through
    the publication gate; its deadline and whether it was met are recorded with it."""
    now = now or timezone.now()
    subject = _subject(subject_type, subject_id)
    if not _may_publish_feedback(actor, subject.owner_id):
        raise PermissionDenied("只有发起单位的工作人员或签发人可以公开采纳情况。")
    body = text.strip()
    if not body:
        raise ValidationError({"text": ["「采纳情况」：请填写采纳情况。"]})
    if len(body) > FEEDBACK_MAX_LENGTH:
        raise ValidationError(
            {"text": [f"「采纳情况」：不能超过{FEEDBACK_MAX_LENGTH}个字（现有{len(body)}个字）。"]}
        )
    item = feedback_item(subject, now)
    if item is None:
        raise ActionRefused("征集尚未结束，结束后才能公开采纳情况。")
    if item.report is not None and item.report.published_at is not None:
        raise ActionRefused("采纳情况已经公开。")
    with transaction.atomic():
        report, _ = FeedbackReport.objects.select_for_update().get_or_create(
            **_subject_lookup(subject)
        )
        gate.check(
            {"feedback_report": body},
            subject=gate.Subject(f"feedback_{subject_type}", subject.pk),
            actor=actor,
            confirmations=confirmations,
        )
        report.text = body
        report.published_at = now
        report.published_by = actor
        report.derivation = item.derivation or {}
        report.deadline = item.deadline
        report.on_time = (
            None
            if item.derivation is None
            else now <= datetime.fromisoformat(item.derivation["due_at"])
        )
        report.save()
        audit(
            "feedback.publish",
            actor=actor,
            obj=report,
            data={"subject": f"{subject_type}:{subject_id}", "on_time": report.on_time},
        )
    return report


def published_feedback(subject: Survey | Solicitation) -> FeedbackReport | None:
    lookup = {"survey": subject} if isinstance(subject, Survey) else {"solicitation": subject}
    return FeedbackReport.objects.filter(published_at__isnull=False, **lookup).first()


def solicitations_with_feedback(solicitation_ids: list[int]) -> set[int]:
    """Which of these solicitations have a published feedback report (one query)."""
    return set(
        FeedbackReport.objects.filter(
            solicitation_id__in=solicitation_ids, published_at__isnull=False
        ).values_list("solicitation_id", flat=True)
    )


def describe_day(day: date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else "未设定"


def option_lookup(survey: Survey) -> dict[int, Option]:
    return {o.pk: o for q in survey.questions.all() for o in q.options.all()}
