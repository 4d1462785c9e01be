"""The rules of online interviews (在线访谈), one function per action; the API, the pages,
the admin and the demo loader all call these.

- The plan: an interview is published ahead (预告) once its public texts pass the
  publication gate; its host or a moderator starts and finishes it.
- Questions from the public (:func:`question_submit`) get the letters' intake
  protections around them in the views (throttles, captcha after repeated submissions);
  here the name and phone are stored encrypted, the text verbatim, and a sensitive word
  flags the question for the moderator. Nothing of a question is public until a
  moderator accepts it: the public text is the masked proposal (or the moderator's
  edit) and passes ``knowledge_base.gate``. Moderators accept, merge or decline.
- Posts: the host posts as host; a guest, or a typist (录入员) for the guest, posts as
  guest, answering a question or not. Every post passes the gate; images are checked by
  content like letter attachments. Each post is pushed to the live page after commit.
- A question not answered live becomes a letter (:func:`question_to_letter`): intake
  with ``source=interview``, then the normal dispatch to the guest's department, whose
  reply clock is the normal one.

Who may act is per interview (``InterviewStaff`` roles); staff without a role on an
interview do not see it (:func:`interviews_for`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from core import sensitive
from core.audit import audit
from core.errors import ActionRefused
from core.masking import mask_writer_data
from core.realtime import publish_event
from interviews.models import (
    Interview,
    InterviewPost,
    InterviewQuestion,
    InterviewStatus,
    QuestionStatus,
    Speaker,
    StaffRole,
)
from knowledge_base import gate
from letters.attachments import UploadTooLarge, inspect_uploads
from letters.choices import LetterKind, LetterSource
from letters.errors import TransitionNotAllowed
from letters.models import Letter
from letters.services import workflow
from letters.services.intake import LetterSubmission, letter_submit, new_query_code
from org.selectors import StaffUser

QUESTION_MIN, QUESTION_MAX = 10, 1000
POST_MAX = 5000
REASON_MAX = 200
IMAGE_TYPES = frozenset({"image/jpeg", "image/png", "image/gif", "image/webp"})
LETTER_TITLE_MAX = 100

PLAN_FIELDS = {"title": "访谈主题", "topic": "访谈简介", "summary": "访谈摘要"}
Q_STATUS = QuestionStatus


def live_group(interview_id: int) -> str:
    """The Channels group of an interview's live page."""
    return f"interview.{interview_id}"


# --- who may do what ---------------------------------------------------------------------


def interviews_for(user: Any) -> QuerySet[Interview]:
    """The interviews a staff member has a role in (others are not found: 404)."""
    if not getattr(user, "is_authenticated", False):
        return Interview.objects.none()
    return Interview.objects.filter(staff__user=user).distinct()


def roles_in(interview: Interview, user: Any) -> set[str]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    return set(interview.staff.filter(user=user).values_list("role", flat=True))


def _require(interview: Interview, actor: StaffUser, roles: Iterable[str], what: str) -> set[str]:
    held = roles_in(interview, actor)
    if not held & set(roles):
        names = "、".join(StaffRole(r).label for r in roles)
        raise PermissionDenied(f"只有本场访谈的{names}可以{what}。")
    return held


def _locked(interview_id: int) -> Interview:
    interview = (
        Interview.objects.select_for_update(of=("self",))
        .select_related("guest_leader", "guest_department")
        .filter(pk=interview_id)
        .first()
    )
    if interview is None:
        raise Interview.DoesNotExist(interview_id)
    return interview


def _push(interview_id: int, kind: str, **data: Any) -> None:
    event = {"type": kind, "interview_id": interview_id, **data}
    transaction.on_commit(partial(publish_event, [live_group(interview_id)], event))


# --- the plan --------------------------------------------------------------------------


def plan_texts(interview: Interview) -> dict[str, str]:
    return {name: getattr(interview, name) for name in PLAN_FIELDS}


def plan_hits(texts: Mapping[str, str]) -> dict[str, list[str]]:
    """Personal data or sensitive words in an interview's public texts, by field (the
    admin form shows them; :func:`interview_publish` refuses them)."""
    errors: dict[str, list[str]] = {}
    for hit in gate.findings(texts):
        label = PLAN_FIELDS.get(hit.field, hit.field)
        errors.setdefault(hit.field, []).append(
            f"「{label}」：含有{gate.kind_label(hit.kind)}“{hit.text}”，请删去后再保存。"
        )
    return errors


def interview_publish(*, interview_id: int, actor: StaffUser) -> Interview:
    """发布预告: the interview's page and plan entry become public."""
    with transaction.atomic():
        interview = _locked(interview_id)
        if not actor.is_staff and not roles_in(interview, actor) & {
            StaffRole.HOST,
            StaffRole.MODERATOR,
        }:
            raise PermissionDenied("只有系统管理员、本场访谈的主持人或审核员可以发布预告。")
        if interview.published:
            raise ActionRefused("该访谈预告已发布。")
        errors = plan_hits(plan_texts(interview))
        if errors:
            raise ValidationError(errors)
        interview.published = True
        interview.save(update_fields=["published"])
        audit("interview.publish", actor=actor, obj=interview)
    return interview


def interview_start(*, interview_id: int, actor: StaffUser) -> Interview:
    """开始直播."""
    with transaction.atomic():
        interview = _locked(interview_id)
        _require(interview, actor, (StaffRole.HOST, StaffRole.MODERATOR), "开始直播")
        if not interview.published:
            raise ActionRefused("访谈预告尚未发布，不能开始直播。")
        if interview.status != InterviewStatus.PLANNED:
            raise ActionRefused("该访谈已开始或已结束。")
        interview.status = InterviewStatus.LIVE
        interview.started_at = timezone.now()
        interview.save(update_fields=["status", "started_at"])
        audit("interview.start", actor=actor, obj=interview)
        _push(interview.pk, "status", status=interview.status)
    return interview


def interview_finish(*, interview_id: int, actor: StaffUser, summary: str = "") -> Interview:
    """结束直播: the live stream becomes the transcript (文字实录)."""
    summary = summary.strip()
    if len(summary) > 2000:
        raise ValidationError({"summary": ["「访谈摘要」：不能超过2000个字。"]})
    with transaction.atomic():
        interview = _locked(interview_id)
        _require(interview, actor, (StaffRole.HOST, StaffRole.MODERATOR), "结束直播")
        if interview.status != InterviewStatus.LIVE:
            raise ActionRefused("该访谈不在直播中。")
        if summary:
            errors = plan_hits({"summary": summary})
            if errors:
                raise ValidationError(errors)
            interview.summary = summary
        interview.status = InterviewStatus.FINISHED
        interview.finished_at = timezone.now()
        interview.save(update_fields=["status", "finished_at", "summary"])
        audit("interview.finish", actor=actor, obj=interview)
        _push(interview.pk, "status", status=interview.status)
    return interview


# --- questions from the public ----------------------------------------------------------


@dataclass(frozen=True)
class QuestionSubmission:
    """What the public submitted, already format-checked (serializer or form)."""

    name: str
    phone: str
    text: str


def question_submit(
    *, interview_id: int, submission: QuestionSubmission, received_at: Any = None
) -> InterviewQuestion:
    """Store a question (pending the moderator); it is public only once accepted."""
    text = submission.text.strip()
    if len(text) < QUESTION_MIN:
        raise ValidationError({"text": [f"「问题」：至少{QUESTION_MIN}个字，请把问题写清楚。"]})
    if len(text) > QUESTION_MAX:
        raise ValidationError({"text": [f"「问题」：不能超过{QUESTION_MAX}个字。"]})
    hits = sensitive.sensitive_hits([text])
    with transaction.atomic():
        # No lock: questions to a popular interview must not queue behind each other; one
        # arriving as the session ends is simply answered after it or forwarded.
        interview = Interview.objects.filter(pk=interview_id).first()
        if interview is None or not interview.published:
            raise Interview.DoesNotExist(interview_id)
        if not interview.accepts_questions:
            raise ActionRefused("该访谈已结束，不再征集问题。")
        question = InterviewQuestion.objects.create(
            interview=interview,
            query_code=new_query_code(),
            name=submission.name,
            phone=submission.phone,
            text=text,
            sensitive_hits=hits,
            sensitive_flagged=bool(hits),
            received_at=received_at or timezone.now(),
        )
        audit(
            "interview.question_submit",
            obj=question,
            data={"interview": interview.pk, "sensitive": [h["word"] for h in hits]},
        )
    return question


def question_by_code(number: str, query_code: str) -> InterviewQuestion | None:
    """The question an asker names with its number and query code (else None)."""
    number = number.strip().upper()
    if not number.startswith("FT") or not number[2:].isdigit() or len(number) > 20:
        return None
    question = (
        InterviewQuestion.objects.select_related("interview", "letter", "merged_into")
        .filter(pk=int(number[2:]), interview__published=True)
        .first()
    )
    if question is None or question.query_code != query_code.strip().upper():
        return None
    return question


def question_proposal(question: InterviewQuestion) -> str:
    """The public text proposed to the moderator: personal data masked."""
    return mask_writer_data(question, question.text)


# The labels of the texts an interview publishes, in the gate's refusals.
GATE_LABELS = {"public_text": "公开的问题", "post": "发言内容", "image_alt": "图片说明"}


def _gate(
    texts: Mapping[str, str],
    *,
    subject: gate.Subject,
    actor: StaffUser,
    writer: gate.Writer | None,
    confirmations: Sequence[Mapping[str, Any] | gate.Confirmation],
) -> None:
    """``knowledge_base.gate.check`` with this app's field labels in its refusal (409)."""
    try:
        gate.check(
            texts,
            subject=subject,
            actor=actor,
            writer=writer,
            confirmations=gate.as_confirmations(confirmations),
        )
    except gate.PublicationRefused as exc:
        hits = [
            {**hit.as_dict(), "field_label": GATE_LABELS.get(hit.field, hit.field)}
            for hit in exc.gate_hits
        ]
        listed = "；".join(
            f"「{h['field_label']}」中的{h['kind_label']}“{h['text']}”" for h in hits
        )
        raise ActionRefused(
            f"公开内容中还有{len(hits)}处个人信息或敏感词未处理：{listed}。"
            "请隐去后再公开；确需保留的（如单位办公电话），请逐项确认并说明理由。",
            hits=hits,
        ) from None


def _writer(question: InterviewQuestion) -> gate.Writer:
    return gate.Writer(name=question.name, known_values=(question.phone,))


def _locked_question(interview_id: int, question_id: int) -> InterviewQuestion:
    question = (
        InterviewQuestion.objects.select_for_update()
        .filter(pk=question_id, interview_id=interview_id)
        .first()
    )
    if question is None:
        raise InterviewQuestion.DoesNotExist(question_id)
    return question


def question_accept(
    *,
    interview_id: int,
    question_id: int,
    actor: StaffUser,
    public_text: str | None = None,
    confirmations: Sequence[Mapping[str, Any] | gate.Confirmation] = (),
) -> InterviewQuestion:
    """采纳: the question goes on the public page with ``public_text`` (default: the masked
    proposal), once that passes the publication gate (personal data, sensitive words)."""
    with transaction.atomic():
        interview = _locked(interview_id)
        _require(interview, actor, (StaffRole.MODERATOR,), "审核网友提问")
        question = _locked_question(interview_id, question_id)
        if question.status != Q_STATUS.PENDING:
            raise ActionRefused(f"该问题已处理（{question.get_status_display()}）。")
        text = (public_text if public_text is not None else question_proposal(question)).strip()
        if not text:
            raise ValidationError({"public_text": ["「公开的问题」：请填写公开的问题内容。"]})
        if len(text) > QUESTION_MAX:
            raise ValidationError(
                {"public_text": [f"「公开的问题」：不能超过{QUESTION_MAX}个字。"]}
            )
        _gate(
            {"public_text": text},
            subject=gate.Subject("interview_question", question.pk),
            actor=actor,
            writer=_writer(question),
            confirmations=confirmations,
        )
        question.public_text = text
        question.status = Q_STATUS.ACCEPTED
        question.sensitive_flagged = False
        question.moderated_at = timezone.now()
        question.moderated_by = actor
        question.save()
        audit("interview.question_accept", actor=actor, obj=question)
        _push(interview_id, "question", question_id=question.pk)
    return question


def question_merge(
    *, interview_id: int, question_id: int, actor: StaffUser, into_id: int
) -> InterviewQuestion:
    """合并: a question asking what an accepted one asks is answered with it."""
    with transaction.atomic():
        interview = _locked(interview_id)
        _require(interview, actor, (StaffRole.MODERATOR,), "审核网友提问")
        question = _locked_question(interview_id, question_id)
        target = InterviewQuestion.objects.filter(pk=into_id, interview_id=interview_id).first()
        if target is None or target.pk == question.pk:
            raise ValidationError({"into": ["「合并至」：请选择本场访谈中的另一个问题。"]})
        if target.status not in (Q_STATUS.ACCEPTED, Q_STATUS.ANSWERED):
            raise ValidationError({"into": ["「合并至」：只能合并到已采纳或已答复的问题。"]})
        if question.status != Q_STATUS.PENDING:
            raise ActionRefused(f"该问题已处理（{question.get_status_display()}）。")
        question.status = Q_STATUS.MERGED
        question.merged_into = target
        question.moderated_at = timezone.now()
        question.moderated_by = actor
        question.save()
        audit("interview.question_merge", actor=actor, obj=question, data={"into": target.pk})
    return question


def question_decline(
    *, interview_id: int, question_id: int, actor: StaffUser, reason: str
) -> InterviewQuestion:
    """不予采纳, with a reason the asker sees when looking the question up."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": ["「未采纳理由」：请填写未采纳理由。"]})
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": [f"「未采纳理由」：不能超过{REASON_MAX}个字。"]})
    with transaction.atomic():
        interview = _locked(interview_id)
        _require(interview, actor, (StaffRole.MODERATOR,), "审核网友提问")
        question = _locked_question(interview_id, question_id)
        if question.status != Q_STATUS.PENDING:
            raise ActionRefused(f"该问题已处理（{question.get_status_display()}）。")
        question.status = Q_STATUS.DECLINED
        question.decline_reason = reason
        question.moderated_at = timezone.now()
        question.moderated_by = actor
        question.save()
        audit("interview.question_decline", actor=actor, obj=question, data={"reason": reason})
    return question


# --- posts: the live stream and the transcript ------------------------------------------


def post_create(
    *,
    interview_id: int,
    actor: StaffUser,
    speaker: str,
    text: str,
    question_id: int | None = None,
    image: UploadedFile | None = None,
    image_alt: str = "",
    confirmations: Sequence[Mapping[str, Any] | gate.Confirmation] = (),
) -> InterviewPost:
    """A post by the host (as host) or for the guest (a guest, or a typist for the guest).

    During the interview anything may be posted; afterwards only answers to accepted
    questions (answered after the session). The text passes the publication gate; an
    image must be a picture by its content. A post answering a question marks it answered
    (live or after the session)."""
    text = (text or "").strip()
    if speaker not in Speaker.values:
        raise ValidationError({"speaker": ["「发言人身份」：应为主持人（host）或嘉宾（guest）。"]})
    if not text:
        raise ValidationError({"text": ["「内容」：请填写发言内容。"]})
    if len(text) > POST_MAX:
        raise ValidationError({"text": [f"「内容」：不能超过{POST_MAX}个字。"]})
    image_alt = (image_alt or "").strip()
    if len(image_alt) > 200:
        raise ValidationError({"image_alt": ["「图片说明」：不能超过200个字。"]})
    checked = None
    if image is not None:
        try:
            (checked,) = inspect_uploads([image])
        except ValidationError as exc:
            messages = [m.replace("「附件」", "「图片」") for m in exc.messages]
            raise ValidationError({"image": messages}) from None
        except UploadTooLarge as exc:
            raise ValidationError(
                {"image": [exc.message.replace("「附件」", "「图片」")]}
            ) from None
        if checked.content_type not in IMAGE_TYPES:
            raise ValidationError({"image": ["「图片」：仅支持 JPG、PNG、GIF、WebP 图片。"]})
        if not image_alt:
            raise ValidationError(
                {"image_alt": ["「图片说明」：请用一句话说明图片内容（供读屏软件朗读）。"]}
            )
    stored_name = ""
    try:
        with transaction.atomic():
            interview = _locked(interview_id)
            if speaker == Speaker.HOST:
                _require(interview, actor, (StaffRole.HOST,), "以主持人身份发言")
                speaker_name = f"主持人 {interview.host_name}"
            else:
                _require(interview, actor, (StaffRole.GUEST, StaffRole.TYPIST), "以嘉宾身份发言")
                speaker_name = interview.guest_label
            question = None
            if question_id is not None:
                question = _locked_question(interview_id, question_id)
                if question.status not in (Q_STATUS.ACCEPTED, Q_STATUS.ANSWERED):
                    raise ValidationError({"question": ["「答复的问题」：只能答复已采纳的问题。"]})
            if interview.status == InterviewStatus.PLANNED:
                raise ActionRefused("访谈尚未开始直播，不能发言。")
            live = interview.status == InterviewStatus.LIVE
            if not live and question is None:
                raise ActionRefused("访谈已结束，只能补充答复网友的问题。")
            post = InterviewPost.objects.create(
                interview=interview,
                speaker=speaker,
                speaker_name=speaker_name,
                text=text,
                question=question,
                author=actor,
                live=live,
                image_type=checked.content_type if checked else "",
                image_alt=image_alt if checked else "",
            )
            texts = {"post": text, **({"image_alt": image_alt} if checked else {})}
            _gate(
                texts,
                subject=gate.Subject("interview_post", post.pk),
                actor=actor,
                writer=_writer(question) if question is not None else None,
                confirmations=confirmations,
            )
            if checked is not None:
                checked.upload.seek(0)
                post.image.save("upload", checked.upload, save=False)
                stored_name = post.image.name
                post.save(update_fields=["image"])
            if question is not None and question.status == Q_STATUS.ACCEPTED:
                question.status = Q_STATUS.ANSWERED
                question.answered_at = post.posted_at
                question.answered_live = live
                question.save(update_fields=["status", "answered_at", "answered_live"])
            audit(
                "interview.post",
                actor=actor,
                obj=post,
                data={"interview": interview.pk, "speaker": speaker, "question": question_id},
            )
            _push(interview.pk, "post", post_id=post.pk)
    except BaseException:
        if stored_name:
            InterviewPost.image.field.storage.delete(stored_name)
        raise
    return post


# --- after the session: a question becomes a letter ------------------------------------


def question_to_letter(*, interview_id: int, question_id: int, actor: StaffUser) -> Letter:
    """转为来信: an accepted question not answered becomes a letter of the guest's
    department — intake (``source=interview``, the asker's name and phone) and then the
    normal dispatch, so the department's reply clock is the one every letter has. A
    letter flagged by the sensitive-word list waits in triage for the dispatcher."""
    with transaction.atomic():
        interview = _locked(interview_id)
        _require(interview, actor, (StaffRole.MODERATOR,), "将问题转为来信")
        question = _locked_question(interview_id, question_id)
        if interview.status != InterviewStatus.FINISHED:
            raise ActionRefused("访谈结束后才能将未答复的问题转为来信。")
        if question.status != Q_STATUS.ACCEPTED:
            raise ActionRefused(
                f"只有已采纳且未答复的问题可以转为来信（该问题：{question.get_status_display()}）。"
            )
        title = f"在线访谈提问：{interview.title}"
        if len(title) > LETTER_TITLE_MAX:
            title = title[: LETTER_TITLE_MAX - 1] + "…"
        letter = letter_submit(
            submission=LetterSubmission(
                kind=LetterKind.CONSULTATION,
                title=title,
                body=question.text,
                name=question.name,
                phone=question.phone,
                source=LetterSource.INTERVIEW,
            ),
            received_at=timezone.now(),
            entered_by=actor,
        ).letter
        try:
            with transaction.atomic():
                letter = workflow.letter_dispatch(
                    letter_id=letter.pk,
                    actor=None,
                    department_id=interview.guest_department_id,
                    note=f"在线访谈《{interview.title}》未现场答复的问题，转嘉宾所在单位办理。",
                )
        except TransitionNotAllowed:
            pass  # flagged by the sensitive-word list: the dispatcher reviews it first
        question.status = Q_STATUS.FORWARDED
        question.letter = letter
        question.save(update_fields=["status", "letter"])
        audit(
            "interview.question_to_letter",
            actor=actor,
            obj=question,
            data={"letter": letter.pk, "department": interview.guest_department_id},
        )
    return letter


# --- public reads -----------------------------------------------------------------------


def public_interviews() -> QuerySet[Interview]:
    return Interview.objects.filter(published=True).select_related(
        "guest_leader", "guest_department"
    )


def search_interviews(queryset: QuerySet[Interview], q: str) -> QuerySet[Interview]:
    """Published interviews whose title, introduction, summary or transcript has ``q``."""
    q = q.strip()
    if not q:
        return queryset
    matching_posts = InterviewPost.objects.filter(text__icontains=q).values("interview_id")
    return queryset.filter(
        Q(title__icontains=q)
        | Q(topic__icontains=q)
        | Q(summary__icontains=q)
        | Q(pk__in=matching_posts)
    )


def public_questions(interview: Interview) -> QuerySet[InterviewQuestion]:
    """Questions the public sees: accepted (waiting), answered, or forwarded as letters."""
    return interview.questions.filter(
        status__in=(Q_STATUS.ACCEPTED, Q_STATUS.ANSWERED, Q_STATUS.FORWARDED)
    ).order_by("received_at", "id")
