"""Pages of the public portal (server-rendered; every page works without JavaScript).

Views only parse input and call services: intake (``letter_submit``), lookup and rating
(``selectors.letter_by_code``, ``workflow.letter_rate``), publication reads and knowledge-base search.
The query code never appears in a URL: the receipt and the looked-up letter are kept in
the visitor's session and shown after a redirect (POST-redirect-GET).

Why one module of ~530 lines: every public page shares the rate-limit, captcha and
session helpers at its top; the pages themselves are short.
"""

from __future__ import annotations

import logging
import re
from datetime import timedelta
from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.api import record_failure, retry_after, throttle_wait, too_many_response
from core.conf import desk_settings
from core.middleware import client_ip
from frontend.public_captcha import captcha_context, captcha_mode
from frontend.public_channels import CHANNELS, Channel, time_limits
from frontend.public_forms import (
    KbSearchForm,
    LetterForm,
    ListingFilterForm,
    LookupForm,
    OpinionForm,
    RatingForm,
    StatisticsForm,
)
from frontend.refusals import SERVICE_REFUSALS, refusal_of
from knowledge_base import search
from knowledge_base.api import (
    SUGGEST_MIN_CHARS,
    KbEntryDetailView,
    KbSearchView,
    KbSuggestView,
)
from knowledge_base.publication import (
    ListingFilter,
    cached_public_statistics,
    filter_published,
    published_letters,
)
from knowledge_base.publication_api import (
    PublicLetterDetailView,
    PublicLetterListView,
    PublicStatisticsView,
)
from letters.api.views import (
    CaptchaView,
    LetterLookupView,
    LetterRateView,
    LetterSubmitView,
)
from letters.models import Letter
from letters.selectors import LOOKUP_NOT_FOUND, letter_by_code
from letters.services import abuse, workflow
from letters.services.deadlines import describe_deadline
from letters.services.intake import IdempotencyConflict, letter_submit
from letters.validators import request_too_large

logger = logging.getLogger(__name__)

A11Y_COOKIE = "desk_a11y"
RECEIPT_KEY = "public_receipt"
LOOKUP_KEY = "public_lookup"
COLUMN_TYPE = "互动交流"
LISTING_PAGE_SIZE = 20
# Numbered pages of /replies/ reach this many rows at most: counting and OFFSET stay cheap
# with a million published letters (bench/kb.py: full counts made the first page take about
# 110 ms and a keyword 650 ms; capped, 10 ms and 31 ms); past it the page asks the reader to
# narrow the filters. The API (/api/v1/public/letters/) pages with a cursor, without a limit.
LISTING_COUNT_CAP = 2000


class CappedPaginator(Paginator[Any]):
    """A paginator that counts at most ``cap`` rows (plus one, to know there are more)."""

    cap = LISTING_COUNT_CAP

    @cached_property
    def _rows_up_to_cap(self) -> int:
        # Unordered: any cap + 1 matching rows will do, so the scan stops early.
        rows = cast("QuerySet[Any]", self.object_list)
        return int(rows.order_by()[: self.cap + 1].count())

    @cached_property
    def count(self) -> int:
        return min(self._rows_up_to_cap, self.cap)

    @property
    def capped(self) -> bool:
        """True when more rows match than the pages reach."""
        return self._rows_up_to_cap > self.cap


SUGGEST_MAX_TEXT = 2000
FORM_TOKEN = re.compile(r"^[A-Za-z0-9_\-]{16,64}$")


def _page(
    request: HttpRequest, template: str, column: str, status: int = 200, **context: Any
) -> HttpResponse:
    """Render a portal page with the column metadata of the government page standard."""
    context.setdefault("column_name", column)
    context.setdefault("column_type", COLUMN_TYPE)
    return render(request, f"frontend/{template}", context, status=status)


def not_found_page(request: HttpRequest, message: str) -> HttpResponse:
    return _page(request, "not_found.html", "页面未找到", status=404, message=message)


def _too_many(request: HttpRequest, view_class: Any) -> HttpResponse | None:
    """The API view's rate limits applied to this page or form (one budget for page and
    API): a 429 page with Retry-After, or None when the request may go on."""
    wait = throttle_wait(request, view_class)
    if wait is None:
        return None
    seconds = int(retry_after(wait))
    minutes = max((seconds + 59) // 60, 1)
    response = _page(
        request,
        "too_many.html",
        "操作过于频繁",
        status=429,
        minutes=minutes,
        seconds=seconds,
        reading=request.method == "GET",
    )
    response["Retry-After"] = str(seconds)
    return response


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    # It lists the latest public replies: the listing's budget.
    if (limited := _too_many(request, PublicLetterListView)) is not None:
        return limited
    limits = time_limits()
    channels = [{"channel": c, "limit": limits[c.slug]} for c in CHANNELS.values()]
    return _page(
        request,
        "home.html",
        "政民互动",
        channels=channels,
        latest=list(published_letters()[:6]),
        search_form=KbSearchForm(),
    )


def _letter_form(channel: Channel, request: HttpRequest, bound: bool) -> LetterForm:
    kwargs: dict[str, Any] = {}
    if channel.form_class is OpinionForm:
        kwargs["today"] = timezone.localdate()
    if bound:
        return channel.form_class(request.POST, request.FILES, **kwargs)
    initial: dict[str, Any] = {}
    if channel.form_class is OpinionForm and request.GET.get("solicitation", "").isdigit():
        initial["solicitation"] = int(request.GET["solicitation"])
    return channel.form_class(initial=initial, **kwargs)


def _with_captcha(form: LetterForm, needed: bool, mode: str = abuse.IMAGE) -> dict[str, Any]:
    """Show a fresh captcha challenge when one is needed; context for the page."""
    if not needed:
        return {}
    return captcha_context(form, mode)


@require_http_methods(["GET", "POST"])
def write(request: HttpRequest, channel: str) -> HttpResponse:
    found = CHANNELS.get(channel)
    if found is None:
        return not_found_page(request, "没有这个写信栏目，请从首页选择。")
    context: dict[str, Any] = {
        "channel": found,
        "limit": time_limits()[found.slug],
        "max_count": desk_settings().attachment_max_count,
        "max_mb": f"{desk_settings().attachment_max_bytes / (1024 * 1024):g}",
    }
    ip = client_ip(request)
    if request.method == "GET":
        form = _letter_form(found, request, bound=False)
        context |= _with_captcha(form, abuse.captcha_required(ip), captcha_mode(request.GET))
        return _page(request, "write.html", found.name, form=form, **context)
    if "captcha_change" in request.POST:
        # 换一张 / 改用算术题 without JavaScript: the form again as typed, nothing sent.
        limited = _too_many(request, CaptchaView)
        if limited is not None:
            return limited
        form = _letter_form(found, request, bound=False)
        form.initial.update(
            (name, value) for name, value in request.POST.items() if name in form.fields
        )
        mode = captcha_mode({"captcha_mode": request.POST["captcha_change"]})
        context |= _with_captcha(form, abuse.captcha_required(ip), mode)
        return _page(request, "write.html", found.name, form=form, **context)

    if request_too_large(request.META, settings.DESK_REQUEST_MAX_BYTES):
        return _page(request, "write_too_large.html", found.name, status=413, **context)
    limited = _too_many(request, LetterSubmitView)
    if limited is not None:
        return limited
    form = _letter_form(found, request, bound=True)
    captcha_needed = abuse.captcha_required(ip)
    if captcha_needed:
        form.require_captcha()
    if form.is_valid():
        passed = not captcha_needed or abuse.captcha_passed(
            form.cleaned_data.get("captcha_key") or "", form.cleaned_data.get("captcha") or ""
        )
        if not passed:
            form.add_error(
                "captcha",
                "答案不正确或已过期，请回答新的算术题。"
                if captcha_mode(request.POST) == abuse.QUESTION
                else "验证码不正确或已过期，请按新的图片重新填写。",
            )
        else:
            submitted = _submit(form)
            if submitted is not None:
                abuse.submission_recorded(ip)
                request.session[RECEIPT_KEY] = {
                    "tracking_number": submitted.tracking_number,
                    "query_code": submitted.query_code,
                }
                return redirect("public-receipt")
    context |= _with_captcha(
        form, captcha_needed or abuse.captcha_required(ip), captcha_mode(request.POST)
    )
    return _page(request, "write.html", found.name, status=400, form=form, **context)


def _submit(form: LetterForm) -> Letter | None:
    """Store the letter; None (errors on the form) when the intake service refuses it."""
    token = form.cleaned_data.get("form_token") or ""
    # Namespaced, so a page's token never meets an API client's Idempotency-Key.
    key = f"portal:{token}" if FORM_TOKEN.match(token) else None
    submission = form.submission()
    try:
        try:
            return letter_submit(submission=submission, idempotency_key=key).letter
        except IdempotencyConflict:
            # The same blank form sent again with other content (the writer went back and
            # changed it after sending): a new letter.
            return letter_submit(submission=submission).letter
    except SERVICE_REFUSALS as exc:
        form.add_refusal(refusal_of(exc))
        return None


@require_GET
def suggest(request: HttpRequest) -> HttpResponse:
    """Similar answered questions while the writer types (htmx partial)."""
    wait = throttle_wait(request, KbSuggestView)
    if wait is not None:
        return too_many_response(wait)
    text = " ".join(request.GET.get(name, "") for name in ("title", "body"))[:SUGGEST_MAX_TEXT]
    text = text.strip()
    long_enough = len("".join(text.split())) >= SUGGEST_MIN_CHARS
    entries = search.similar(text) if long_enough else []
    letters = search.similar_letters(text) if long_enough else []
    return render(
        request,
        "frontend/_suggestions.html",
        {"entries": entries, "letters": letters, "asked": long_enough},
    )


@require_GET
def receipt(request: HttpRequest) -> HttpResponse:
    data: dict[str, str] = request.session.get(RECEIPT_KEY) or {}
    letter = None
    if data:
        letter = (
            Letter.objects.filter(tracking_number=data["tracking_number"])
            .only("tracking_number", "kind", "title", "received_at", "deadline_derivation")
            .first()
        )
    if letter is None:
        return _page(request, "receipt.html", "提交成功", letter=None)
    return _page(
        request,
        "receipt.html",
        "提交成功",
        letter=letter,
        query_code=data["query_code"],
        deadline=describe_deadline(letter),
    )


def _looked_up(request: HttpRequest) -> Letter | None:
    data = request.session.get(LOOKUP_KEY)
    if not data:
        return None
    letter = letter_by_code(data["tracking_number"], data["query_code"])
    if letter is None:
        request.session.pop(LOOKUP_KEY, None)
    return letter


def _lookup_page(
    request: HttpRequest,
    letter: Letter | None,
    form: LookupForm | None = None,
    rating_form: RatingForm | None = None,
    status: int = 200,
) -> HttpResponse:
    if letter is None:
        return _page(
            request, "lookup.html", "办理进度查询", status=status, form=form or LookupForm()
        )
    timeline = [event for event in letter.events.all() if event.public]
    return _page(
        request,
        "lookup.html",
        "办理进度查询",
        status=status,
        letter=letter,
        timeline=timeline,
        deadline=describe_deadline(letter),
        can_rate=workflow.rating_refusal(letter) is None,
        rating_form=rating_form or RatingForm(),
    )


@require_http_methods(["GET", "POST"])
def lookup(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _lookup_page(request, _looked_up(request))
    limited = _too_many(request, LetterLookupView)
    if limited is not None:
        return limited
    form = LookupForm(request.POST)
    if not form.is_valid():
        return _lookup_page(request, None, form=form, status=400)
    letter = letter_by_code(form.cleaned_data["tracking_number"], form.cleaned_data["query_code"])
    if letter is None:
        record_failure(request, LetterLookupView)  # the API's budget of wrong codes
        form.add_error(None, LOOKUP_NOT_FOUND)
        return _lookup_page(request, None, form=form, status=404)
    request.session[LOOKUP_KEY] = {
        "tracking_number": letter.tracking_number,
        "query_code": form.cleaned_data["query_code"],
    }
    return redirect("public-lookup")


@require_POST
def lookup_leave(request: HttpRequest) -> HttpResponse:
    request.session.pop(LOOKUP_KEY, None)
    return redirect("public-lookup")


@require_POST
def rate(request: HttpRequest) -> HttpResponse:
    letter = _looked_up(request)
    if letter is None:
        messages.error(request, "查询已失效，请重新输入信件编号和查询码。")
        return redirect("public-lookup")
    limited = _too_many(request, LetterRateView)
    if limited is not None:
        return limited
    form = RatingForm(request.POST)
    if not form.is_valid():
        return _lookup_page(request, letter, rating_form=form, status=400)
    try:
        workflow.letter_rate(
            letter_id=letter.pk,
            rating=form.cleaned_data["rating"],
            comment=form.cleaned_data["comment"],
        )
    except SERVICE_REFUSALS as exc:
        refused = refusal_of(exc)
        form.add_refusal(refused)
        return _lookup_page(request, letter, rating_form=form, status=refused.status)
    messages.success(request, "感谢您的评价，已提交。")
    return redirect("public-lookup")


@require_GET
def replies(request: HttpRequest) -> HttpResponse:
    if (limited := _too_many(request, PublicLetterListView)) is not None:
        return limited
    form = ListingFilterForm(request.GET or None)
    queryset = published_letters()
    status = 200
    if form.is_bound and not form.is_valid():
        status = 400
        queryset = queryset.none()
    elif form.is_bound:
        data = form.cleaned_data
        queryset = filter_published(
            queryset,
            ListingFilter(
                department=data["department"].pk if data.get("department") else None,
                kind=data.get("kind") or None,
                date_from=data.get("date_from"),
                date_to=data.get("date_to"),
                q=data.get("q") or "",
            ),
        )
    page = CappedPaginator(queryset, LISTING_PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return _page(
        request,
        "replies.html",
        "答复公开",
        status=status,
        form=form,
        page=page,
        query=params.urlencode(),
    )


@require_GET
def reply_detail(request: HttpRequest, tracking_number: str) -> HttpResponse:
    if (limited := _too_many(request, PublicLetterDetailView)) is not None:
        return limited
    letter = published_letters().filter(tracking_number=tracking_number).first()
    if letter is None:
        return not_found_page(request, "没有找到这条公开答复，它可能尚未公开。")
    return _page(request, "reply_detail.html", "答复公开", letter=letter)


@require_GET
def kb(request: HttpRequest) -> HttpResponse:
    if (limited := _too_many(request, KbSearchView)) is not None:
        return limited
    form = KbSearchForm(request.GET or None)
    q = ""
    status = 200
    if form.is_bound:
        if form.is_valid():
            q = form.cleaned_data["q"].strip()
        else:
            status = 400
    if q:
        entries = search.search_entries(q, limit=20)
        letters = list(filter_published(published_letters(), ListingFilter(q=q))[:5])
    else:
        entries = list(
            search.visible_entries()
            .select_related("department")
            .order_by("-updated_at", "-id")[:20]
        )
        letters = []
    return _page(
        request,
        "kb.html",
        "知识库",
        status=status,
        form=form,
        q=q,
        entries=entries,
        letters=letters,
    )


@require_GET
def kb_entry(request: HttpRequest, pk: int) -> HttpResponse:
    if (limited := _too_many(request, KbEntryDetailView)) is not None:
        return limited
    entry = search.visible_entries().select_related("department").filter(pk=pk).first()
    if entry is None:
        return not_found_page(request, "没有找到这个知识条目，它可能已下线或过期。")
    keywords = [k.strip() for k in entry.keywords.replace("，", ",").split(",") if k.strip()]
    return _page(request, "kb_entry.html", "知识库", entry=entry, keywords=keywords)


@require_GET
def statistics(request: HttpRequest) -> HttpResponse:
    if (limited := _too_many(request, PublicStatisticsView)) is not None:
        return limited
    this_year = timezone.localdate().year
    form = StatisticsForm(request.GET or None)
    year = this_year
    status = 200
    if form.is_bound:
        if form.is_valid():
            year = form.cleaned_data["year"] or this_year
        else:
            status = 400
    return _page(
        request,
        "statistics.html",
        "数据统计",
        status=status,
        form=form,
        year=year,
        years=list(range(this_year, this_year - 5, -1)),
        stats=cached_public_statistics(year),
    )


@require_GET
def a11y_toggle(request: HttpRequest) -> HttpResponse:
    """Switch the large-text, high-contrast mode (适老化) on or off; a plain link, no JS."""
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("public-home")
    response = HttpResponseRedirect(target)
    if request.COOKIES.get(A11Y_COOKIE) == "1":
        response.delete_cookie(A11Y_COOKIE, samesite="Lax")
    else:
        response.set_cookie(
            A11Y_COOKIE,
            "1",
            max_age=int(timedelta(days=365).total_seconds()),
            samesite="Lax",
            secure=request.is_secure(),
            httponly=True,
        )
    return response
