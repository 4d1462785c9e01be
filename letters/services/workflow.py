"""Case handling: every change of a letter's state goes through ``transition``.

``transition`` locks the row, checks the action against the lifecycle table
(``letters.lifecycle``: roles, department, from-statuses, targets), runs the action's
guard and changes on the locked row, writes one append-only event and one audit record
in the same transaction, and queues side effects (outbox tasks, websocket pushes) to run
only after commit. The action services below are thin: they say what else to check and
what to change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, time
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from core import outbox
from core.audit import audit
from core.conf import desk_settings
from core.masking import mask_writer_data
from core.realtime import DISPATCH_GROUP, SUPERVISION_GROUP, department_group, publish_event
from core.sensitive import sensitive_hits, sensitive_note
from letters import hooks, lifecycle
from letters.choices import PROTECTED_KINDS, ExtensionStatus, LetterStatus, Rating
from letters.errors import TransitionNotAllowed
from letters.models import ExtensionRequest, Letter, ReplyTemplate
from letters.services import deadlines
from letters.services.events import record_event
from org.models import Department
from org.roles import Role
from org.selectors import StaffUser, user_department_id, user_roles
from workdays.calendar_core import BEIJING
from workdays.services import get_calendar

__all__ = ["TransitionNotAllowed", "transition"]  # plus the action services below

S = LetterStatus
PUBLIC_TITLE_MAX = 100
SENSITIVE_PENDING = "该来信或答复命中敏感词（{words}），请先完成敏感词复核。"
INTAKE_STATUSES = frozenset(lifecycle.INTAKE)


@dataclass
class Effects:
    """Work to do once the transaction has committed."""

    tasks: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    pushes: list[tuple[list[str], dict[str, Any]]] = field(default_factory=list)

    def notify(self, event: str) -> None:
        self.tasks.append(("letters.notify_citizen", {"event": event}))

    def push(self, groups: Iterable[str], kind: str) -> None:
        self.pushes.append((list(groups), {"type": kind}))


Guard = Callable[[Letter], None]
Apply = Callable[[Letter, Effects], None]


def review_chain() -> tuple[str, ...]:
    """The role that approves at each review level (拟稿 → 审核 → 签发), in order."""
    return desk_settings().review_chain


def refusal(action: str, letter: Letter, actor: StaffUser | None) -> tuple[str, str] | None:
    """Why ``actor`` may not run ``action`` on ``letter`` now (lifecycle table), or None.

    The one answer for the services (which enforce it on the locked row) and for the
    pages (which offer only the actions it allows).
    """
    spec = lifecycle.ACTIONS[action]
    if actor is None:
        if spec.by_system or spec.scope in (lifecycle.Scope.WRITER, lifecycle.Scope.SYSTEM):
            return (
                None if letter.status in spec.from_statuses else ("status", "该来信当前不能评价。")
            )
        return ("role", "需要工作人员账号登录。")
    chain = review_chain()
    level = letter.review_level
    refused = lifecycle.refusal(
        spec,
        status=letter.status,
        reader=lifecycle.Reader(frozenset(user_roles(actor)), user_department_id(actor)),
        lead_department_id=letter.department_id,
        assisting_ids=(
            letter.assisting_departments.values_list("pk", flat=True)
            if spec.scope == lifecycle.Scope.ASSISTING
            else ()
        ),
        review_role=chain[level] if action == "review" and level < len(chain) else None,
        review_level=level,
    )
    extra = _EXTRA_RULES.get(action)
    return refused if refused is not None or extra is None else extra(letter, actor)


def _sensitive_review_refusal(letter: Letter, actor: StaffUser) -> tuple[str, str] | None:
    """A flag on the letter itself (before dispatch) is for the site office; a flag on a
    reply is for its review chain (the lead department's reviewer, the publisher)."""
    if not letter.sensitive_flagged:
        return ("status", "该来信没有待复核的敏感词标记。")
    roles = user_roles(actor)
    if letter.status in INTAKE_STATUSES:
        if not roles & {Role.DISPATCHER, Role.SUPERVISOR}:
            return ("role", "来信中的敏感词由分办员或督办员复核。")
    elif not roles & {Role.PUBLISHER, Role.SUPERVISOR} and (
        Role.REVIEWER not in roles or user_department_id(actor) != letter.department_id
    ):
        return ("role", "答复中的敏感词由承办单位的审核人、签发人或督办员复核。")
    return None


# Rules of one action beyond the table's roles, scope and statuses.
_EXTRA_RULES: dict[str, Callable[[Letter, Any], tuple[str, str] | None]] = {
    "sensitive_review": _sensitive_review_refusal,
}


def may(action: str, letter: Letter, actor: StaffUser | None) -> bool:
    return refusal(action, letter, actor) is None


def _enforce(action: str, letter: Letter, actor: StaffUser | None) -> None:
    refused = refusal(action, letter, actor)
    if refused is None:
        return
    kind, message = refused
    if kind == "status":
        raise TransitionNotAllowed(message)
    raise PermissionDenied(message)


def transition(
    *,
    letter_id: int,
    action: str,
    actor: StaffUser | None,
    to: str | None = None,
    guard: Guard | None = None,
    apply: Apply | None = None,
    note: str = "",
    public_note: str = "",
    data: dict[str, Any] | None = None,
) -> Letter:
    """Run one case action on a locked letter.

    ``to`` picks one of the action's declared targets (for actions that may end in more
    than one status); an action with one target moves there, one without keeps the
    status. Who may act and from which statuses is the lifecycle table's.
    """
    spec = lifecycle.ACTIONS[action]
    if to is None and len(spec.targets) == 1:
        (to,) = spec.targets
    if to is not None and to not in spec.targets:
        raise ValueError(f"{action} cannot lead to {to}")
    with transaction.atomic():
        letter = Letter.objects.select_for_update().filter(pk=letter_id).first()
        if letter is None:
            raise Letter.DoesNotExist(letter_id)
        from_status = letter.status
        target = from_status if to is None else to
        _enforce(action, letter, actor)
        if guard is not None:
            guard(letter)
        effects = Effects()
        if apply is not None:
            apply(letter, effects)
        letter.status = target
        letter.save()
        event = record_event(
            letter=letter,
            action=action,
            actor=actor,
            from_status=from_status,
            to_status=target if target != from_status else "",
            note=note,
            public_note=public_note,
            public=lifecycle.event_is_public(spec, target),
            data=data,
        )
        audit(
            f"letter.{action}",
            actor=actor,
            obj=letter,
            data={**(data or {}), "from": from_status, "to": target, "event": event.pk},
        )
        for task_name, payload in effects.tasks:
            outbox.enqueue(task_name, letter_id=letter.pk, **payload, event_id=event.pk)
        message = {
            "letter_id": letter.pk,
            "tracking_number": letter.tracking_number,
            "status": target,
            "action": action,
        }
        for groups, extra in effects.pushes:
            payload = {**message, **extra}
            transaction.on_commit(partial(publish_event, groups, payload))
    return letter


# --- helpers ---------------------------------------------------------------------------


def _require_text(field_name: str, label: str, value: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field_name: [f"「{label}」：请填写{label}。"]})
    return value


def _active_department(department_id: int, field_name: str, label: str) -> Department:
    department = Department.objects.filter(pk=department_id, active=True).first()
    if department is None:
        raise ValidationError({field_name: [f"「{label}」：所选单位不存在或已停用。"]})
    return department


# --- intake decisions (dispatcher) -----------------------------------------------------


def letter_accept(*, letter_id: int, actor: StaffUser) -> Letter:
    def apply(letter: Letter, effects: Effects) -> None:
        letter.accepted_at = timezone.now()
        effects.notify("accepted")

    return transition(
        letter_id=letter_id,
        action="accept",
        actor=actor,
        to=S.ACCEPTED,
        apply=apply,
        public_note="来信已受理。",
    )


def letter_reject(*, letter_id: int, actor: StaffUser, reason: str, channel: str = "") -> Letter:
    reason = _require_text("reason", "不予受理理由", reason)

    def apply(letter: Letter, effects: Effects) -> None:
        letter.reject_reason = reason
        letter.reject_channel = channel.strip()
        letter.closed_at = timezone.now()
        effects.notify("rejected")

    public_note = f"不予受理：{reason}"
    if channel.strip():
        public_note += f"。建议通过{channel.strip()}反映"
    return transition(
        letter_id=letter_id,
        action="reject",
        actor=actor,
        to=S.REJECTED,
        apply=apply,
        public_note=public_note + "。",
    )


def letter_dispatch(
    *,
    letter_id: int,
    actor: StaffUser | None,  # None: the router's auto-dispatch
    department_id: int,
    assisting_ids: Sequence[int] = (),
    named_unit_id: int | None = None,
    designated: bool = False,
    note: str = "",
) -> Letter:
    """分办: send the letter to a lead department, optionally with assisting departments."""
    lead = _active_department(department_id, "department", "承办单位")
    assisting = [
        _active_department(i, "assisting", "会办单位") for i in dict.fromkeys(assisting_ids)
    ]
    if lead in assisting:
        raise ValidationError({"assisting": ["「会办单位」：承办单位不能同时作为会办单位。"]})
    named = (
        _active_department(named_unit_id, "named_unit", "被反映单位")
        if named_unit_id is not None
        else None
    )

    def apply(letter: Letter, effects: Effects) -> None:
        if letter.sensitive_flagged:
            raise TransitionNotAllowed(SENSITIVE_PENDING.format(words=_flagged_words(letter)))
        if named is not None and letter.kind not in PROTECTED_KINDS:
            raise ValidationError(
                {"named_unit": ["「被反映单位」：只有投诉、举报类来信需要填写被反映单位。"]}
            )
        if letter.accepted_at is None:
            letter.accepted_at = timezone.now()
        letter.department = lead
        letter.named_unit = named
        letter.designated = designated
        letter.review_level = 0
        letter.assisting_departments.set(assisting)
        hooks.dispatched(letter, lead.pk, actor)  # e.g. the router records corrections
        effects.push([department_group(lead.pk)], "assigned")
        for department in assisting:
            effects.push([department_group(department.pk)], "assisting")
        if named is not None and named != lead:
            effects.push([department_group(named.pk)], "copy")

    return transition(
        letter_id=letter_id,
        action="dispatch",
        actor=actor,
        to=S.DISPATCHED,
        apply=apply,
        note=note,
        public_note=f"已转{lead.name}办理。",
        data={
            "department": lead.pk,
            "assisting": [d.pk for d in assisting],
            "designated": designated,
        },
    )


def letter_transfer(*, letter_id: int, actor: StaffUser, department_id: int, reason: str) -> Letter:
    """转办: move a dispatched or in-progress letter to another lead department."""
    reason = _require_text("reason", "转办理由", reason)
    target = _active_department(department_id, "department", "承办单位")

    def apply(letter: Letter, effects: Effects) -> None:
        if letter.department_id == target.pk:
            raise ValidationError({"department": ["「承办单位」：已由该单位承办。"]})
        previous = letter.department_id
        letter.department = target
        letter.designated = False
        letter.review_level = 0
        effects.push([department_group(target.pk)], "assigned")
        if previous is not None:  # its lists and open letter pages learn the letter left
            effects.push([department_group(previous)], "transferred_away")

    return transition(
        letter_id=letter_id,
        action="transfer",
        actor=actor,
        to=S.DISPATCHED,
        apply=apply,
        note=reason,
        public_note=f"已转{target.name}办理。",
    )


def letter_merge(*, letter_id: int, actor: StaffUser, into_id: int) -> Letter:
    """Merge a duplicate into another letter: this one ends, the other carries on."""
    target = Letter.objects.filter(pk=into_id).first()
    if target is None or target.pk == letter_id:
        raise ValidationError({"into": ["「合并至」：请选择另一封有效的来信。"]})
    if target.status in {S.REJECTED, S.MERGED}:
        raise ValidationError({"into": ["「合并至」：目标来信已不予受理或已被合并。"]})

    def apply(letter: Letter, effects: Effects) -> None:
        letter.merged_into = target
        letter.closed_at = timezone.now()

    return transition(
        letter_id=letter_id,
        action="merge",
        actor=actor,
        to=S.MERGED,
        apply=apply,
        public_note=f"与信件{target.tracking_number}反映的问题相同，已合并办理，"
        f"请凭该信件编号关注办理结果。",
    )


# --- department work (handler) ---------------------------------------------------------


def letter_sign(*, letter_id: int, actor: StaffUser) -> Letter:
    """签收: the lead department takes the letter; the clock starts if the policy says so."""

    def apply(letter: Letter, effects: Effects) -> None:
        policy = deadlines.reply_policy(letter.kind)
        if policy is not None and policy.starts_at == policy.StartsAt.SIGNED:
            deadlines.clock_start(letter=letter, actor=actor)

    return transition(
        letter_id=letter_id,
        action="sign",
        actor=actor,
        to=S.IN_PROGRESS,
        apply=apply,
        public_note="承办单位已签收，正在办理。",
    )


def letter_return(*, letter_id: int, actor: StaffUser, reason: str) -> Letter:
    """退回: a mis-routed letter goes back to the dispatcher, with a reason."""
    reason = _require_text("reason", "退回理由", reason)

    def guard(letter: Letter) -> None:
        if letter.designated:
            raise TransitionNotAllowed("该来信由督办指定承办，不能再次退回。")

    def apply(letter: Letter, effects: Effects) -> None:
        effects.push([DISPATCH_GROUP, SUPERVISION_GROUP], "returned")

    return transition(
        letter_id=letter_id,
        action="return",
        actor=actor,
        to=S.RETURNED,
        guard=guard,
        apply=apply,
        note=reason,
        public_note="正在重新确定承办单位。",
    )


def letter_pause(*, letter_id: int, actor: StaffUser, reason: str) -> Letter:
    """补正: ask the writer for missing information; the clock stops."""
    reason = _require_text("reason", "补正原因", reason)

    def apply(letter: Letter, effects: Effects) -> None:
        deadlines.clock_pause(letter=letter, actor=actor, reason=reason)
        effects.notify("paused")

    return transition(
        letter_id=letter_id,
        action="pause",
        actor=actor,
        to=S.PAUSED,
        apply=apply,
        note=reason,
    )


def letter_resume(*, letter_id: int, actor: StaffUser) -> Letter:
    def apply(letter: Letter, effects: Effects) -> None:
        deadlines.clock_resume(letter=letter, actor=actor)

    return transition(
        letter_id=letter_id,
        action="resume",
        actor=actor,
        to=S.IN_PROGRESS,
        apply=apply,
    )


def co_opinion(*, letter_id: int, actor: StaffUser, text: str) -> Letter:
    """会办意见: an assisting department gives its opinion to the lead department."""
    text = _require_text("text", "会办意见", text)

    def apply(letter: Letter, effects: Effects) -> None:
        if letter.department_id is not None:
            effects.push([department_group(letter.department_id)], "co_opinion")

    return transition(
        letter_id=letter_id,
        action="co_opinion",
        actor=actor,
        apply=apply,
        note=text,
    )


def extension_request(
    *, letter_id: int, actor: StaffUser, working_days: int, reason: str
) -> ExtensionRequest:
    reason = _require_text("reason", "延期理由", reason)
    created: list[ExtensionRequest] = []

    def guard(letter: Letter) -> None:
        if letter.extensions.filter(status=ExtensionStatus.PENDING).exists():
            raise TransitionNotAllowed("已有待审批的延期申请。")
        if working_days < 1:
            raise ValidationError({"working_days": ["「延期天数」：至少延期1个工作日。"]})

    def apply(letter: Letter, effects: Effects) -> None:
        created.append(
            ExtensionRequest.objects.create(
                letter=letter, working_days=working_days, reason=reason, requested_by=actor
            )
        )
        effects.push([SUPERVISION_GROUP], "extension_requested")

    transition(
        letter_id=letter_id,
        action="request_extension",
        actor=actor,
        guard=guard,
        apply=apply,
        note=reason,
        data={"working_days": working_days},
    )
    return created[0]


def extension_decide(
    *, extension_id: int, actor: StaffUser, approve: bool, note: str = ""
) -> Letter:
    """A supervisor approves (the deadline moves, the writer is told) or denies."""
    extension = ExtensionRequest.objects.filter(pk=extension_id).first()
    if extension is None:
        raise ValidationError({"extension": ["「延期申请」：申请不存在。"]})
    if not approve:
        note = _require_text("note", "不予延期的理由", note)

    def guard(letter: Letter) -> None:
        current = ExtensionRequest.objects.select_for_update().get(pk=extension_id)
        if current.status != ExtensionStatus.PENDING:
            raise TransitionNotAllowed("该延期申请已审批。")

    def apply(letter: Letter, effects: Effects) -> None:
        if approve:
            deadlines.clock_extend(
                letter=letter,
                actor=actor,
                working_days=extension.working_days,
                reason=extension.reason,
            )
            effects.notify("extended")
        ExtensionRequest.objects.filter(pk=extension_id).update(
            status=ExtensionStatus.APPROVED if approve else ExtensionStatus.DENIED,
            decided_by=actor,
            decided_at=timezone.now(),
            decision_note=note,
        )
        if letter.department_id is not None:
            effects.push([department_group(letter.department_id)], "extension_decided")

    return transition(
        letter_id=extension.letter_id,
        action="extension_decide",
        actor=actor,
        guard=guard,
        apply=apply,
        note=note,
        data={"approved": approve},
    )


# --- replies and review ----------------------------------------------------------------


def render_template(template: ReplyTemplate, letter: Letter) -> str:
    received = timezone.localtime(letter.received_at)
    surname = letter.name[:1] if letter.name else ""
    values = {
        "name": f"{surname}先生/女士" if surname else "来信人",
        "title": letter.title,
        "received_date": f"{received.year}年{received.month}月{received.day}日",
        "department": letter.department.name if letter.department else "",
        "tracking_number": letter.tracking_number,
    }
    text = template.text
    for key, value in values.items():
        text = text.replace("{" + key + "}", value)
    return text


def templates_for(letter: Letter) -> list[ReplyTemplate]:
    """Active templates that fit the letter: its kind and department, or general ones."""
    candidates = ReplyTemplate.objects.filter(active=True)
    return [
        t
        for t in candidates
        if t.kind in ("", letter.kind) and t.department_id in (None, letter.department_id)
    ]


def reply_draft(
    *, letter_id: int, actor: StaffUser, text: str | None = None, template_id: int | None = None
) -> Letter:
    """拟稿: write or replace the draft reply, from a template or free text."""

    def apply(letter: Letter, effects: Effects) -> None:
        body = text
        if template_id is not None:
            template = next((t for t in templates_for(letter) if t.pk == template_id), None)
            if template is None:
                raise ValidationError({"template": ["「答复模板」：模板不存在或不适用于该来信。"]})
            body = render_template(template, letter) if not (text or "").strip() else text
        letter.reply_text = _require_text("text", "答复内容", body or "")

    return transition(
        letter_id=letter_id,
        action="draft_reply",
        actor=actor,
        to=S.IN_PROGRESS,
        apply=apply,
    )


def reply_submit(*, letter_id: int, actor: StaffUser) -> Letter:
    def guard(letter: Letter) -> None:
        if not letter.reply_text.strip():
            raise ValidationError({"text": ["「答复内容」：请先拟写答复。"]})

    def apply(letter: Letter, effects: Effects) -> None:
        letter.review_level = 0
        hits = sensitive_hits([letter.reply_text])
        if hits:  # flagged for the reviewer, never dropped
            letter.sensitive_flagged = True
            letter.sensitive_hits = [
                *(h for h in letter.sensitive_hits if h.get("field") != "reply"),
                *({**h, "field": "reply"} for h in hits),
            ]
            record_event(
                letter=letter,
                action="sensitive_flag",
                actor=actor,
                public=False,
                note=sensitive_note(hits, "审核人"),
                data={"words": [h["word"] for h in hits], "field": "reply"},
            )
        effects.push(_review_groups(letter, 0), "review_requested")

    return transition(
        letter_id=letter_id,
        action="submit_review",
        actor=actor,
        to=S.UNDER_REVIEW,
        guard=guard,
        apply=apply,
    )


def _review_groups(letter: Letter, level: int) -> list[str]:
    role = review_chain()[level]
    if role == Role.REVIEWER and letter.department_id is not None:
        return [department_group(letter.department_id)]
    return [SUPERVISION_GROUP if role == Role.SUPERVISOR else DISPATCH_GROUP]


def reply_review(
    *, letter_id: int, actor: StaffUser, approve: bool, reason: str = "", text: str | None = None
) -> Letter:
    """One review level (审核 / 签发): approve (optionally editing) or send back with reason.

    The last level's approval marks the letter replied and tells the writer.
    """
    if not approve:
        reason = _require_text("reason", "退回修改理由", reason)
    chain = review_chain()

    def guard(letter: Letter) -> None:
        if approve and letter.sensitive_flagged:
            raise TransitionNotAllowed(SENSITIVE_PENDING.format(words=_flagged_words(letter)))

    def apply(letter: Letter, effects: Effects) -> None:
        if text is not None and text.strip():
            letter.reply_text = text.strip()
        if not approve:
            letter.review_level = 0
            effects.push([department_group(letter.department_id or 0)], "sent_back")
            return
        if letter.review_level + 1 < len(chain):
            letter.review_level += 1
            effects.push(_review_groups(letter, letter.review_level), "review_requested")
            return
        # Nothing public changes here: a reply goes public only through the publish
        # action and its gate (a reopened letter keeps its earlier published reply).
        letter.replied_at = timezone.now()
        letter.reply_department = letter.department
        effects.notify("replied")
        effects.push([department_group(letter.department_id or 0), SUPERVISION_GROUP], "reviewed")

    with transaction.atomic():
        current = Letter.objects.select_for_update().get(pk=letter_id)
        _enforce("review", current, actor)  # the level and target below need a review
        level = current.review_level
        if approve and level + 1 >= len(chain):
            target = S.REPLIED
        elif approve:
            target = S.UNDER_REVIEW
        else:
            target = S.IN_PROGRESS
        letter = transition(
            letter_id=letter_id,
            action="review",
            actor=actor,
            to=target,
            guard=guard,
            apply=apply,
            note=reason,
            public_note="已答复，请查看答复内容。" if target == S.REPLIED else "",
            data={"level": level + 1, "approved": approve},
        )
    return letter


def publication_proposal(letter: Letter) -> dict[str, str]:
    """The texts proposed for publication, personal data masked (the publisher confirms)."""
    return {
        "public_title": mask_writer_data(letter, letter.title),
        "public_body": mask_writer_data(letter, letter.body),
        "public_text": mask_writer_data(letter, letter.reply_text),
    }


def letter_publish(
    *,
    letter_id: int,
    actor: StaffUser,
    public_text: str,
    public_title: str | None = None,
    public_body: str | None = None,
    confirmations: Sequence[dict[str, Any]] = (),
) -> Letter:
    """公开: with the writer's consent only, through the publication gate.

    A title or body not given is published as the masked proposal, never the original.
    The final texts pass ``hooks.check_publication`` (the knowledge base's gate): while
    personal data or a sensitive word remains that the publisher has not confirmed, the
    letter is not published and nothing changes. A reopened letter (重办) is published
    again this way; until then the public keeps its earlier published reply.
    """
    public_text = _require_text("public_text", "公开答复内容", public_text)

    def guard(letter: Letter) -> None:
        if not letter.consent_public:
            raise TransitionNotAllowed("来信人未同意公开，不能公开此来信。")

    def apply(letter: Letter, effects: Effects) -> None:
        proposal = publication_proposal(letter)
        texts = {
            "public_title": (public_title or proposal["public_title"]).strip(),
            "public_body": (public_body or proposal["public_body"]).strip(),
            "public_text": public_text,
        }
        if len(texts["public_title"]) > PUBLIC_TITLE_MAX:
            raise ValidationError(
                {"public_title": [f"「公开标题」：不能超过{PUBLIC_TITLE_MAX}个字。"]}
            )
        hooks.check_publication(letter, texts, actor=actor, confirmations=confirmations)
        letter.public_title = texts["public_title"]
        letter.public_body = texts["public_body"]
        letter.public_text = texts["public_text"]
        letter.public_replied_at = letter.replied_at
        letter.published_at = timezone.now()
        hooks.published(letter)  # e.g. the knowledge base indexes the public texts

    return transition(
        letter_id=letter_id,
        action="publish",
        actor=actor,
        to=S.PUBLISHED,
        guard=guard,
        apply=apply,
        public_note="答复已在网站公开（个人信息已隐去）。",
    )


def _flagged_words(letter: Letter) -> str:
    return "、".join(dict.fromkeys(hit["word"] for hit in letter.sensitive_hits)) or "—"


def sensitive_review(*, letter_id: int, actor: StaffUser, note: str) -> Letter:
    """敏感词复核: a dispatcher (intake) or a reviewer (reply) has read every flagged word;
    the flag is cleared (the hits are kept), the note goes on the internal timeline and,
    with each word, into the audit log. The words stay flagged for publication: the gate
    refuses them in a public text until each is cleared there with a reason."""
    note = _require_text("note", "复核意见", note)
    words: list[str] = []

    def apply(letter: Letter, effects: Effects) -> None:
        words.extend(dict.fromkeys(hit["word"] for hit in letter.sensitive_hits))
        letter.sensitive_flagged = False

    return transition(
        letter_id=letter_id,
        action="sensitive_review",
        actor=actor,
        apply=apply,
        note=f"敏感词已复核：{note}",
        data={"words": words},
    )


def letter_close(*, letter_id: int, actor: StaffUser) -> Letter:
    def apply(letter: Letter, effects: Effects) -> None:
        letter.closed_at = timezone.now()

    return transition(
        letter_id=letter_id,
        action="close",
        actor=actor,
        to=S.CLOSED,
        apply=apply,
        public_note="已办结。",
    )


# --- rating by the writer --------------------------------------------------------------


def rating_deadline(letter: Letter) -> datetime | None:
    if letter.replied_at is None:
        return None
    days: int = desk_settings().rating_window_working_days
    result = get_calendar().add_working_days(timezone.localdate(letter.replied_at), days)
    return datetime.combine(result.deadline, time(23, 59, 59), tzinfo=BEIJING)


def rating_refusal(letter: Letter, now: datetime | None = None) -> str | None:
    """Why the writer may not rate the letter now, or None: the one answer for the
    rating service, the API and the lookup page (which shows the form only then)."""
    if letter.status not in {S.REPLIED, S.PUBLISHED}:
        return "该来信当前不能评价。"
    if letter.rating and letter.reopen_count == 0:
        return "该来信已评价。"
    deadline = rating_deadline(letter)
    if deadline is not None and (now or timezone.now()) > deadline:
        return "评价期已过。"
    return None


UNSATISFIED_NEEDS_REASON = "「评价意见」：选择“不满意”时，请写明不满意的原因，以便重新办理。"


def letter_rate(*, letter_id: int, rating: str, comment: str = "") -> Letter:
    """The writer rates the reply. 不满意 (with its reason) reopens it once (重办) with a
    fresh clock."""
    if rating not in Rating.values:
        raise ValidationError({"rating": ["「满意度」：请选择满意、基本满意或不满意。"]})
    comment = comment.strip()
    with transaction.atomic():
        current = Letter.objects.select_for_update().get(pk=letter_id)
        refused = rating_refusal(current)
        if refused is not None:
            raise TransitionNotAllowed(refused)
        if rating == Rating.UNSATISFIED and not comment:
            raise ValidationError({"comment": [UNSATISFIED_NEEDS_REASON]})
        reopen = rating == Rating.UNSATISFIED and current.reopen_count == 0

        def apply(letter: Letter, effects: Effects) -> None:
            letter.rating = rating
            letter.rating_comment = comment
            letter.rated_at = timezone.now()
            if reopen:
                letter.reopen_count += 1
                letter.review_level = 0
                letter.replied_at = None
                deadlines.clock_start(letter=letter, start=timezone.localdate())
                effects.push([department_group(letter.department_id or 0)], "reopened")
            else:
                letter.closed_at = timezone.now()

        label = Rating(rating).label
        return transition(
            letter_id=letter_id,
            action="rate",
            actor=None,
            to=S.IN_PROGRESS if reopen else S.CLOSED,
            apply=apply,
            note=comment,
            public_note=(
                f"您的评价：{label}。已交承办单位重新办理。"
                if reopen
                else f"您的评价：{label}。已办结。"
            ),
            data={"rating": rating},
        )


def close_unrated(now: datetime | None = None) -> int:
    """Letters whose rating window closed without a rating count as 满意 and are closed."""
    now = now or timezone.now()
    closed = 0
    candidates = Letter.objects.filter(
        status__in=[S.REPLIED, S.PUBLISHED], rating="", replied_at__isnull=False
    ).values_list("id", flat=True)
    for letter_id in list(candidates):
        letter = Letter.objects.get(pk=letter_id)
        deadline = rating_deadline(letter)
        if deadline is None or now <= deadline:
            continue

        def apply(letter: Letter, effects: Effects) -> None:
            letter.rating = Rating.SATISFIED
            letter.rating_implicit = True
            letter.closed_at = now

        try:
            transition(
                letter_id=letter_id,
                action="rate_timeout",
                actor=None,
                to=S.CLOSED,
                apply=apply,
                public_note="评价期内未评价，视为满意，已办结。",
            )
        except TransitionNotAllowed:
            continue
        closed += 1
    return closed
