"""Staff workspace pages: inbox, the letter page with every case action, and publication
review (the office's queue pages, triage and the dashboard, are in ``office_views``).

Views are thin: letters are read through ``letters.selectors.letters_for`` (another
department's letter is a 404, as in the API), and every action runs through the same
lifecycle table and endpoints as the API (``letters.lifecycle``,
``letters.api.staff_views.ENDPOINTS``): its input serializer validates, its workflow
service decides. A refused action re-renders the page with the Chinese
message and changes nothing.

Why one module of ~560 lines: the letter page, its action forms and the publication
page re-rendered when a publish is refused share the page context, the form factory and
``run_action``; split, each half would import the other.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import F, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from core.api import validate_input
from frontend import workspace_data as data
from frontend.refusals import SERVICE_REFUSALS, Refused, refusal_of
from frontend.workspace_forms import (
    ACTION_FORMS,
    ActionForm,
    DraftReplyForm,
    ExtensionDecisionForm,
    OrderResponseForm,
    PublishForm,
    UnmaskForm,
)
from letters import lifecycle
from letters.api import staff_serializers as io
from letters.api.staff_views import ENDPOINTS, LetterFilter
from letters.choices import OPEN_STATUSES, ExtensionStatus, LetterKind, LetterStatus
from letters.models import ExtensionRequest, Letter, LetterEvent
from letters.publication_policy import (
    finding_text,
    needs_consent,
    publication_refusal,
    publishable_q,
)
from letters.selectors import (
    inbox_counts,
    inbox_filters,
    letters_for,
    urgency_of,
    with_urgency,
)
from letters.services import pii, workflow
from letters.services.deadlines import review_policy
from org.roles import Role
from org.selectors import reader_context, staff_user, user_department_id, user_roles
from supervision import services as supervision
from supervision.api import OrderResponseInput
from supervision.models import SupervisionOrder

WORKSPACE_ROLES = frozenset(
    {Role.DISPATCHER, Role.HANDLER, Role.REVIEWER, Role.PUBLISHER, Role.SUPERVISOR}
)
View = Callable[..., HttpResponse]


def staff_page(*roles: str) -> Callable[[View], View]:
    """Signed-in staff with a case role (and one of ``roles`` when given); else 403."""
    needed = frozenset(roles) or WORKSPACE_ROLES

    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_active or not user_roles(request.user) & needed:
                raise PermissionDenied("您的角色不能访问此页面。")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def _next_url(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


# --- inbox -----------------------------------------------------------------------------

BOXES: dict[str, str] = {
    "open": "全部在办",
    "to_dispatch": "待分办",
    "to_sign": "待签收",
    "in_progress": "办理中",
    "due_soon": "即将超期",
    "overdue": "已超期",
    "to_review": "待审核",
    "to_office_review": "待审核公开",
    "all": "全部来信",
}
# Boxes each role is shown (the counters of other roles' work would be noise).
ROLE_BOXES: dict[str, tuple[str, ...]] = {
    Role.DISPATCHER: ("to_dispatch", "due_soon", "overdue"),
    Role.HANDLER: ("to_sign", "in_progress", "due_soon", "overdue"),
    Role.REVIEWER: ("to_review", "due_soon", "overdue"),
    Role.PUBLISHER: ("to_review", "to_office_review", "due_soon", "overdue"),
    Role.SUPERVISOR: ("to_review", "to_office_review", "due_soon", "overdue"),
}


def _inbox(request: HttpRequest) -> dict[str, Any]:
    now = timezone.now()
    user = request.user
    box = request.GET.get("box", "open")
    if box not in BOXES:
        box = "open"
    counts = inbox_counts(user, now)
    roles = user_roles(user)
    shown = [b for b in BOXES if any(b in ROLE_BOXES.get(r, ()) for r in roles)]
    letters = letters_for(user).select_related("department")
    if box == "open":
        letters = letters.filter(status__in=sorted(OPEN_STATUSES))
    elif box != "all":
        letters = letters.filter(inbox_filters(user, now)[box])
    query = request.GET.get("q", "").strip()[:100]
    if query:
        letters = LetterFilter({"q": query}, queryset=letters, request=request).qs
    # The office review queue by its own clock, every other box by the reply deadline.
    clock = "review_deadline_at" if box == "to_office_review" else "deadline_at"
    letters = with_urgency(letters, now).order_by(
        F(clock).asc(nulls_last=True), "-received_at", "id"
    )
    page = Paginator(letters, 30).get_page(request.GET.get("page"))
    rows = [(letter, data.urgency(letter.urgency)) for letter in page.object_list]
    return {
        "box": box,
        "box_label": BOXES[box],
        "boxes": [(b, BOXES[b], counts[b]) for b in shown],
        "counts": counts,
        "page": page,
        "rows": rows,
        "query": query,
        "list_url": reverse("workspace-inbox-list") + "?" + request.GET.urlencode(),
    }


@require_GET
@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    try:
        return _inbox_page(request)
    except PermissionDenied:
        if request.user.is_active and Role.OPERATOR in user_roles(request.user):
            # A 录入员 has no inbox: the workspace opens on the letter entry screen.
            return HttpResponseRedirect(reverse("workspace-operator-entry"))
        raise


@staff_page()
def _inbox_page(request: HttpRequest) -> HttpResponse:
    return render(request, "workspace/inbox.html", _inbox(request))


@require_GET
@staff_page()
def inbox_list(request: HttpRequest) -> HttpResponse:
    """The counters and the list, re-read by htmx when the websocket reports an event."""
    return render(request, "workspace/_inbox_list.html", _inbox(request))


# --- letter page -----------------------------------------------------------------------


def _letter_or_404(request: HttpRequest, pk: int) -> Letter:
    return get_object_or_404(
        letters_for(request.user)
        .select_related("department", "named_unit", "leader", "solicitation", "merged_into")
        .prefetch_related(
            "assisting_departments",
            Prefetch(
                "events",
                queryset=LetterEvent.objects.select_related("actor").order_by("at", "id"),
            ),
            Prefetch("extensions", queryset=ExtensionRequest.objects.order_by("-requested_at")),
            Prefetch("orders", queryset=SupervisionOrder.objects.order_by("-issued_at")),
            "attachments",
        ),
        pk=pk,
    )


def _offered_actions(letter: Letter, user: Any) -> list[str]:
    """The actions (URL slugs) the page offers: those the lifecycle allows this user now.
    Publication has its own review page."""
    return [
        slug
        for slug in ACTION_FORMS
        if slug != "publish" and workflow.may(lifecycle.BY_SLUG[slug].name, letter, user)
    ]


def _make_form(name: str, letter: Letter, post: Any = None) -> ActionForm:
    spec = ACTION_FORMS[name]
    if spec.form is DraftReplyForm:
        return DraftReplyForm(post, letter=letter, templates=workflow.templates_for(letter))
    return spec.form(post, letter=letter)


def _timeline(letter: Letter) -> list[dict[str, Any]]:
    actor_of = io.StaffEventSerializer().get_actor
    return [
        {
            "at": event.at,
            "action": event.action,
            "label": lifecycle.event_label(event.action),
            "from": LetterStatus(event.from_status).label if event.from_status else "",
            "to": LetterStatus(event.to_status).label if event.to_status else "",
            "actor": actor_of(event),
            "note": event.note,
            "public_note": event.public_note,
            "public": event.public,
        }
        for event in letter.events.all()
    ]


def _letter_context(
    request: HttpRequest,
    letter: Letter,
    *,
    bound: dict[str, ActionForm] | None = None,
    unmask_form: UnmaskForm | None = None,
    unmasked: dict[str, str] | None = None,
    error: str = "",
) -> dict[str, Any]:
    open_action = request.GET.get("open", "")
    roles = user_roles(request.user)
    department_id = user_department_id(request.user)
    reader = reader_context(request.user)
    detail = io.StaffLetterDetailSerializer(letter, context=reader)
    protected = detail.get_protected_copy(letter)
    offered = _offered_actions(letter, request.user)
    bound = bound or {}
    forms = [
        {
            "name": name,
            "summary": lifecycle.BY_SLUG[name].description,
            "spec": ACTION_FORMS[name],
            "form": bound.get(name) or _make_form(name, letter),
            "open": name in bound or name == open_action,
        }
        for name in offered
    ]
    now = timezone.now()
    extensions = list(letter.extensions.all())
    return {
        "letter": letter,
        "protected": protected,
        "writer": detail.get_writer(letter),
        # Personal data in the text is masked too, until an audited unmask.
        "body_html": (
            data.highlighted_html(letter, letter.body)
            if unmasked is not None
            else data.masked_html(letter, letter.body)
        ),
        "unmasked": unmasked,
        "unmask_form": unmask_form or UnmaskForm(),
        "can_unmask": pii.may_unmask(request.user, letter),
        "attachments": detail.get_attachments(letter),
        "timeline": _timeline(letter),
        "suggestions": letter.routing_suggestions or [],
        "urgency": data.urgency(urgency_of(letter.pk, now)),
        "derivation": letter.deadline_derivation or {},
        "deadline_display": detail.get_deadline_display(letter),
        "review_deadline_display": detail.get_review_deadline_display(letter),
        "forms": forms,
        "error": error,
        "extensions": extensions,
        "pending_extension_forms": [
            (ext, ExtensionDecisionForm(auto_id=f"id_ext{ext.pk}_%s"))
            for ext in extensions
            if ext.status == ExtensionStatus.PENDING and Role.SUPERVISOR in roles
        ],
        "orders": [
            (
                order,
                OrderResponseForm(auto_id=f"id_order{order.pk}_%s")
                if order.responded_at is None
                and Role.HANDLER in roles
                and letter.department_id == department_id
                else None,
            )
            for order in letter.orders.all()
        ],
        "can_publish": Role.PUBLISHER in roles and letter.status in PUBLISHABLE,
        "review_clock": _review_clock(letter),
        "finding": finding_text(letter),
        "kind_suggestion": (
            LetterKind(letter.kind_suggestion).label if letter.kind_suggestion else ""
        ),
    }


# Statuses from which the publisher's review page can publish: a replied letter, or a
# 找错 in the office review (publishing it passes the review).
PUBLISHABLE = frozenset({LetterStatus.REPLIED, LetterStatus.OFFICE_REVIEW})


def _review_clock(letter: Letter) -> dict[str, Any] | None:
    """The office review clock for "期限是怎么算的": its derivation once started, else the
    kind's review policy (the clock starts when the reply is approved); None for a kind
    without an office review."""
    if letter.review_derivation:
        return {"started": True, "derivation": letter.review_derivation}
    policy = review_policy(letter.kind)
    if policy is None:
        return None
    return {
        "started": False,
        "derivation": {
            "policy": {
                "working_days": policy.working_days,
                "max_working_days": policy.max_working_days,
                "source": policy.source,
            }
        },
    }


@require_GET
@staff_page()
def letter_detail(request: HttpRequest, pk: int) -> HttpResponse:
    letter = _letter_or_404(request, pk)
    return render(request, "workspace/letter.html", _letter_context(request, letter))


KEEP_PREFIX = "keep_"


def _publish_data(post: Any) -> dict[str, Any]:
    """The publish form as the API's input: the texts, and each gate hit the publisher
    ticked to keep (``keep`` = its index) with its reason; for the office review also
    its decision and reason."""
    confirmations = [
        {
            key: post.get(f"{KEEP_PREFIX}{index}_{key}", "")
            for key in ("field", "kind", "text", "reason")
        }
        for index in post.getlist("keep")
    ]
    texts = {key: post.get(key, "") for key in ("public_title", "public_body", "public_text")}
    review = {key: post[key] for key in ("approve", "reason") if key in post}
    return {**texts, **review, "confirmations": confirmations}


# Actions whose input carries the publication texts and the publisher's confirmations.
PUBLISHING_ACTIONS = frozenset({"publish", "office-review"})


def run_action(request: HttpRequest, letter: Letter, name: str) -> Any:
    """Validate with the action's serializer and run its service; raise ``Refused``."""
    spec = lifecycle.BY_SLUG[name]
    endpoint = ENDPOINTS[spec.name]
    if not spec.roles & user_roles(request.user):
        raise Refused(403, "您的角色不能执行此操作。")
    source = _publish_data(request.POST) if name in PUBLISHING_ACTIONS else request.POST
    try:
        payload = validate_input(endpoint.serializer(data=source))
        return endpoint.run(letter, request.user, payload)
    except SERVICE_REFUSALS as exc:
        raise refusal_of(exc) from None


@require_POST
@staff_page()
def letter_action(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    if name not in ACTION_FORMS:
        raise Http404
    letter = _letter_or_404(request, pk)
    default_next = reverse("workspace-letter", args=[letter.pk])
    last_event = _last_event_id(letter)
    try:
        run_action(request, letter, name)
    except Refused as refused:
        # A gate refusal goes to the review page, where each hit can be masked or kept.
        if name == "publish" or (name == "office-review" and refused.hits):
            return _publish_page(request, letter, refused=refused, status=refused.status)
        form = _make_form(name, letter, request.POST)
        form.show_errors(refused.errors)
        letter = _letter_or_404(request, pk)
        context = _letter_context(request, letter, bound={name: form}, error=refused.message)
        return render(request, "workspace/letter.html", context, status=refused.status)
    messages.success(request, _confirmation(letter, name, last_event))
    return HttpResponseRedirect(_next_url(request, default_next))


def _last_event_id(letter: Letter) -> int | None:
    return (
        LetterEvent.objects.filter(letter=letter)
        .order_by("-id")
        .values_list("id", flat=True)
        .first()
    )


def _confirmation(letter: Letter, name: str, last_event: int | None) -> str:
    """The action's own 已… text for the status it ended in (lifecycle table); an action
    the service did not repeat (催办 pressed again within its window) says so."""
    spec = lifecycle.BY_SLUG[name]
    status = Letter.objects.values_list("status", flat=True).get(pk=letter.pk)
    if _last_event_id(letter) == last_event:
        return f"该来信刚刚已{spec.label}，未重复{spec.label}：{letter.tracking_number}"
    return f"{lifecycle.confirmation(spec.name, status=status)}：{letter.tracking_number}"


@require_POST
@staff_page()
def letter_unmask(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the writer's full contact details (and the letter unmasked) once, for a stated
    reason. Permission, reason rules and the audit record are the service's."""
    letter = _letter_or_404(request, pk)
    form = UnmaskForm(request.POST)
    form.is_valid()
    try:
        values = pii.unmask_letter(
            letter=letter, actor=staff_user(request.user), reason=request.POST.get("reason", "")
        )
    except SERVICE_REFUSALS as exc:
        refused = refusal_of(exc)
        reasons = refused.errors.get("reason", [])
        if refused.status == 400:
            form.add_error("reason" if reasons else None, reasons or refused.summary)
        error = reasons[0] if reasons else refused.summary
        context = _letter_context(request, letter, unmask_form=form, error=error)
        return render(request, "workspace/letter.html", context, status=refused.status)
    unmasked = {"姓名": letter.name}
    # The text itself is shown unmasked in place (body_html); the list has the contacts.
    unmasked.update({label: values[key] for key, label in UNMASK_LABELS.items() if key in values})
    context = _letter_context(request, letter, unmasked=unmasked)
    response = render(request, "workspace/letter.html", context)
    response["Cache-Control"] = "no-store"
    return response


UNMASK_LABELS = {
    "name": "姓名",
    "phone": "联系电话",
    "email": "电子邮箱",
    "id_number": "身份证号码",
    "address": "联系地址",
}


@require_POST
@staff_page(Role.SUPERVISOR)
def extension_decide(request: HttpRequest, pk: int) -> HttpResponse:
    extension = get_object_or_404(
        ExtensionRequest.objects.filter(letter__in=letters_for(request.user)), pk=pk
    )
    letter_url = reverse("workspace-letter", args=[extension.letter_id])
    try:
        payload = validate_input(io.ExtensionDecisionInput(data=request.POST))
        workflow.extension_decide(
            extension_id=extension.pk,
            actor=staff_user(request.user),
            approve=payload["approve"],
            note=payload["note"],
        )
    except SERVICE_REFUSALS as exc:
        messages.error(request, refusal_of(exc).summary)
        return HttpResponseRedirect(letter_url)
    messages.success(
        request, "已批准延期申请，期限已顺延。" if payload["approve"] else "已不批准延期申请。"
    )
    return HttpResponseRedirect(letter_url)


@require_POST
@staff_page(Role.HANDLER)
def order_respond(request: HttpRequest, pk: int) -> HttpResponse:
    order = get_object_or_404(
        SupervisionOrder.objects.filter(letter__in=letters_for(request.user)), pk=pk
    )
    letter_url = reverse("workspace-letter", args=[order.letter_id])
    try:
        payload = validate_input(OrderResponseInput(data=request.POST))
        supervision.order_respond(
            order_id=order.pk, actor=staff_user(request.user), response=payload["response"]
        )
    except SERVICE_REFUSALS as exc:
        messages.error(request, refusal_of(exc).summary)
        return HttpResponseRedirect(letter_url)
    messages.success(request, "已反馈督办单。")
    return HttpResponseRedirect(letter_url)


# --- publication (publisher) -----------------------------------------------------------


@require_GET
@staff_page(Role.PUBLISHER)
def publish_queue(request: HttpRequest) -> HttpResponse:
    # 找错 waiting for the office review first (by its clock), then replied letters the
    # kind's publication rule lets go public.
    letters = (
        letters_for(request.user)
        .filter(
            Q(status=LetterStatus.OFFICE_REVIEW)
            | (Q(status=LetterStatus.REPLIED) & publishable_q())
        )
        .select_related("department", "reply_department")
        .order_by(F("review_deadline_at").asc(nulls_last=True), "replied_at", "id")
    )
    page = Paginator(letters, 30).get_page(request.GET.get("page"))
    return render(request, "workspace/publish_queue.html", {"page": page})


def _publish_page(
    request: HttpRequest, letter: Letter, *, refused: Refused | None = None, status: int = 200
) -> HttpResponse:
    proposal = workflow.publication_proposal(letter)
    refusal = publication_refusal(letter)
    form = PublishForm(request.POST if refused else None, letter=letter, initial=proposal)
    if refused is not None:
        form.show_errors(refused.errors)
    fields = [("title", "标题", letter.title), ("body", "来信内容", letter.body)]
    fields.append(("reply", "答复内容", letter.reply_text))
    highlighted = [
        {
            "key": key,
            "label": label,
            "html": data.highlighted_html(letter, text),
            "hits": [
                {
                    "kind": data.hit_label(hit.kind),
                    "text": hit.text,
                    "replacement": hit.replacement,
                }
                for hit in data.hits_of(letter, text)
            ],
        }
        for key, label, text in fields
    ]
    context = {
        "letter": letter,
        "form": form,
        "highlighted": highlighted,
        "hit_count": sum(len(item["hits"]) for item in highlighted),
        "error": refused.message if refused else "",
        "gate_hits": refused.hits if refused else [],
        "keep_prefix": KEEP_PREFIX,
        "can_publish": letter.status in PUBLISHABLE and refusal is None,
        "refusal": refusal,
        "needs_consent": needs_consent(letter),
        "office_review": letter.status == LetterStatus.OFFICE_REVIEW,
        "republish": letter.published_at is not None,
    }
    return render(request, "workspace/publish.html", context, status=status)


@require_GET
@staff_page(Role.PUBLISHER)
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _publish_page(request, _letter_or_404(request, pk))
