"""The interview console of the staff workspace (/workspace/interviews/): the interviews a
staff member has a role in; for one, start and finish, moderate questions (accept with
the masked proposal or an edit, merge, decline, forward as a letter) and post as host or
for the guest. Plain forms (POST, then redirect with a message); every action is an
``interviews.services`` call, refusals shown as the API would say them."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from frontend.refusals import SERVICE_REFUSALS, refusal_of
from interviews import services
from interviews.models import Interview, InterviewQuestion, QuestionStatus, StaffRole
from org.selectors import staff_user

ACTIONS = ("start", "finish", "post", "accept", "merge", "decline", "to_letter")
DONE = {
    "start": "已开始直播。",
    "finish": "已结束直播，发言已成为文字实录。",
    "post": "已发布。",
    "accept": "已采纳，问题已在访谈页面公开。",
    "merge": "已合并。",
    "decline": "已不予采纳。",
    "to_letter": "已转为来信，由嘉宾所在单位办理。",
}


def _interview(request: HttpRequest, interview_id: int) -> Interview:
    if not request.user.is_active:
        raise PermissionDenied("账号已停用。")
    interview = (
        services.interviews_for(request.user)
        .select_related("guest_leader", "guest_department")
        .filter(pk=interview_id)
        .first()
    )
    if interview is None:
        raise Http404("没有这场访谈，或您不是本场访谈的工作人员。")
    return interview


@require_GET
@login_required
def console_list(request: HttpRequest) -> HttpResponse:
    rows = (
        services.interviews_for(request.user)
        .select_related("guest_leader", "guest_department")
        .order_by("-starts_at", "-id")
    )
    return render(request, "workspace/interviews.html", {"interviews": list(rows)})


@require_GET
@login_required
def console(request: HttpRequest, interview_id: int) -> HttpResponse:
    interview = _interview(request, interview_id)
    roles = services.roles_in(interview, request.user)
    questions = list(interview.questions.select_related("letter").order_by("received_at", "id"))
    for question in questions:
        setattr(question, "proposal", services.question_proposal(question))  # noqa: B010
    return render(
        request,
        "workspace/interview.html",
        {
            "interview": interview,
            "roles": roles,
            "role_labels": [StaffRole(r).label for r in sorted(roles)],
            "moderator": StaffRole.MODERATOR in roles,
            "runs": bool(roles & {StaffRole.HOST, StaffRole.MODERATOR}),
            "speakers": [
                *([("host", "主持人")] if StaffRole.HOST in roles else []),
                *(
                    [("guest", f"嘉宾（{interview.guest_label}）")]
                    if roles & {StaffRole.GUEST, StaffRole.TYPIST}
                    else []
                ),
            ],
            "pending": [q for q in questions if q.status == QuestionStatus.PENDING],
            "accepted": [q for q in questions if q.status == QuestionStatus.ACCEPTED],
            "done": [
                q
                for q in questions
                if q.status not in (QuestionStatus.PENDING, QuestionStatus.ACCEPTED)
            ],
            "posts": list(interview.posts.order_by("posted_at", "id")),
        },
    )


def _int(value: Any) -> int | None:
    text = str(value or "").strip()
    return int(text) if text.isdigit() and len(text) < 19 else None


def _question(interview: Interview, value: Any) -> InterviewQuestion:
    question_id = _int(value)
    question = (
        interview.questions.filter(pk=question_id).first() if question_id is not None else None
    )
    if question is None:
        raise Http404("没有这个问题。")
    return question


@require_POST
@login_required
def console_action(request: HttpRequest, interview_id: int, action: str) -> HttpResponse:
    interview = _interview(request, interview_id)
    if action not in ACTIONS:
        raise Http404("没有这个操作。")
    actor = staff_user(request.user)
    data = request.POST
    base: dict[str, Any] = {"interview_id": interview.pk, "actor": actor}
    try:
        if action == "start":
            services.interview_start(**base)
        elif action == "finish":
            services.interview_finish(**base, summary=data.get("summary", ""))
        elif action == "post":
            services.post_create(
                **base,
                speaker=data.get("speaker", ""),
                text=data.get("text", ""),
                question_id=_int(data.get("question")),
                image=request.FILES.get("image"),
                image_alt=data.get("image_alt", ""),
            )
        else:
            question = _question(interview, data.get("question"))
            base["question_id"] = question.pk
            if action == "accept":
                services.question_accept(**base, public_text=data.get("public_text"))
            elif action == "merge":
                services.question_merge(**base, into_id=_int(data.get("into")) or 0)
            elif action == "decline":
                services.question_decline(**base, reason=data.get("reason", ""))
            else:
                services.question_to_letter(**base)
    except SERVICE_REFUSALS as exc:
        messages.error(request, refusal_of(exc).summary)
    else:
        messages.success(request, DONE[action])
    return redirect("workspace-interview", interview_id=interview.pk)
