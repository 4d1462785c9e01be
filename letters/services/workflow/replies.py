"""Replies and their review: templates, draft, submit, review chain, the site office's
review before publication (找错), findings that keep a letter private, publish,
sensitive-word review and closing."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.masking import mask_writer_data
from core.realtime import DISPATCH_GROUP, SUPERVISION_GROUP, department_group
from core.sensitive import sensitive_hits, sensitive_note
from letters import hooks
from letters.choices import PublicationFinding
from letters.errors import TransitionNotAllowed
from letters.models import Letter, ReplyTemplate
from letters.publication_policy import finding_text, publication_refusal
from letters.services import deadlines
from letters.services.events import record_event
from letters.services.workflow.base import (
    PUBLIC_TITLE_MAX,
    SENSITIVE_PENDING,
    Effects,
    S,
    enforce,
    flagged_words,
    require_text,
    review_chain,
    transition,
)
from org.roles import Role
from org.selectors import StaffUser

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
        letter.reply_text = require_text("text", "答复内容", body or "")

    return transition(
        letter_id=letter_id,
        action="draft_reply",
        actor=actor,
        to=S.IN_PROGRESS,
        apply=apply,
    )


# What a template or a draft leaves for the handler to fill in: an ellipsis (……, ...,
# 。。。), a run of X or × standing for a name or number (XX路, ××号; not the x of a web
# address such as /xxgk/), circles or boxes (○○, □□), blanks (___, ＿＿) and template
# fields left unfilled ({name}).
PLACEHOLDER = re.compile(
    r"…{2,}|\.{3,}|。{3,}|(?<![A-Za-z])[XxＸｘ×]{2,}(?![A-Za-z])|[○□〇]{2,}|_{3,}|＿{2,}"
    r"|\{[a-z_]+\}"
)


def reply_placeholders(text: str) -> list[str]:
    """The placeholders left in a reply, each once, in order of appearance."""
    return list(dict.fromkeys(match.group(0) for match in PLACEHOLDER.finditer(text)))


def refuse_placeholders(text: str, step: str) -> None:
    """The one rule, for submitting a reply for review and for approving it: a reply
    still holding a placeholder cannot go on (``ValidationError`` on ``text``)."""
    found = reply_placeholders(text)
    if found:
        quoted = "、".join(f"“{p}”" for p in found)
        raise ValidationError(
            {"text": [f"「答复内容」：答复中还有未填写的占位内容{quoted}，请补全后再{step}。"]}
        )


def reply_submit(*, letter_id: int, actor: StaffUser) -> Letter:
    def guard(letter: Letter) -> None:
        if not letter.reply_text.strip():
            raise ValidationError({"text": ["「答复内容」：请先拟写答复。"]})
        refuse_placeholders(letter.reply_text, "提交审核")

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

    The last level's approval marks the letter replied and tells the writer. For a kind
    with an office review policy (找错) the letter then waits for the site office's
    review (``office_review``) on its own clock before it is published.
    """
    if not approve:
        reason = require_text("reason", "退回修改理由", reason)
    chain = review_chain()

    def guard(letter: Letter) -> None:
        if approve:
            edited = text.strip() if text is not None and text.strip() else ""
            refuse_placeholders(edited or letter.reply_text, "审核通过")
        if approve and letter.sensitive_flagged:
            raise TransitionNotAllowed(SENSITIVE_PENDING.format(words=flagged_words(letter)))

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
        groups = [department_group(letter.department_id or 0), SUPERVISION_GROUP]
        if target == S.OFFICE_REVIEW:
            groups.append(DISPATCH_GROUP)  # the office's publishers
        effects.push(groups, "reviewed")

    with transaction.atomic():
        current = Letter.objects.select_for_update().get(pk=letter_id)
        enforce("review", current, actor)  # the level and target below need a review
        level = current.review_level
        if approve and level + 1 >= len(chain):
            office = deadlines.review_policy(current.kind) is not None
            target = S.OFFICE_REVIEW if office else S.REPLIED
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
            public_note="已答复，请查看答复内容。" if target in REPLY_TARGETS else "",
            data={"level": level + 1, "approved": approve},
        )
        if target == S.OFFICE_REVIEW:
            deadlines.review_clock_start(letter=letter, actor=actor)
    return letter


REPLY_TARGETS = frozenset({S.REPLIED, S.OFFICE_REVIEW})


def office_review(
    *,
    letter_id: int,
    actor: StaffUser,
    approve: bool,
    reason: str = "",
    public_text: str | None = None,
    public_title: str | None = None,
    public_body: str | None = None,
    confirmations: Sequence[dict[str, Any]] = (),
) -> Letter:
    """审核公开: the site office reviews a replied 找错 before publication (山西 第二十五条).

    Passed, it is published at once through the publication gate — the texts given, or
    the masked proposal — without the writer's consent where the kind's publication rule
    says so (``letters.publication_policy``); a letter with a 不属实/涉密 finding is kept
    private instead (→ replied). Sent back (reason required), it returns to the lead
    department's drafting at review level 0, its reply withdrawn for rework; nothing
    else changes (the reply text stays as the draft, the reply deadline stands).
    """
    if not approve:
        reason = require_text("reason", "退回修改理由", reason)
    with transaction.atomic():
        current = Letter.objects.select_for_update().get(pk=letter_id)
        enforce("office_review", current, actor)
        withheld = bool(current.publication_finding)
        # Sent back → drafting; passed → published, or kept private with a finding.
        target = S.IN_PROGRESS if not approve else (S.REPLIED if withheld else S.PUBLISHED)

        def guard(letter: Letter) -> None:
            if target != S.PUBLISHED:
                return
            refused = publication_refusal(letter)
            if refused is not None:
                raise TransitionNotAllowed(refused)

        def apply(letter: Letter, effects: Effects) -> None:
            if not approve:
                letter.review_level = 0
                letter.replied_at = None
                effects.push([department_group(letter.department_id or 0)], "sent_back")
                return
            if target == S.PUBLISHED:
                _publish_texts(
                    letter,
                    actor,
                    public_text=public_text,
                    public_title=public_title,
                    public_body=public_body,
                    confirmations=confirmations,
                )
            effects.push(
                [department_group(letter.department_id or 0), SUPERVISION_GROUP], "reviewed"
            )

        public_notes = {
            S.PUBLISHED: "答复已经审核并在网站公开（个人信息已隐去）。",
            S.IN_PROGRESS: "答复正按审核意见修改完善，完成后将重新答复您。",
            S.REPLIED: "",
        }
        if not approve:
            note = reason
        elif withheld:
            note = f"审核通过，不予公开（{finding_text(current)}）。{reason}".strip()
        else:
            note = reason
        return transition(
            letter_id=letter_id,
            action="office_review",
            actor=actor,
            to=target,
            guard=guard,
            apply=apply,
            note=note,
            public_note=public_notes[target],
            data={"approved": approve, "published": target == S.PUBLISHED},
        )


def record_finding(*, letter_id: int, actor: StaffUser, finding: str, reason: str) -> Letter:
    """认定不属实/涉密: a reviewer of the lead department or the site office records why
    the letter must not go public. The status does not change; from now on the letter is
    never published and every public output leaves it out (even an earlier publication
    of a reopened letter). A later finding replaces an earlier one; the timeline keeps
    both."""
    if finding not in PublicationFinding.values:
        raise ValidationError({"finding": ["「认定结果」：请选择不属实或涉密。"]})
    reason = require_text("reason", "认定理由", reason)
    label = PublicationFinding(finding).label

    def apply(letter: Letter, effects: Effects) -> None:
        letter.publication_finding = finding
        letter.publication_finding_reason = reason

    return transition(
        letter_id=letter_id,
        action="record_finding",
        actor=actor,
        apply=apply,
        note=f"认定{label}：{reason}",
        data={"finding": finding},
    )


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
    """公开: as the kind's publication rule allows (with the writer's consent, or for 找错
    unless found untrue or confidential: ``letters.publication_policy``), through the
    publication gate.

    A title or body not given is published as the masked proposal, never the original.
    The final texts pass ``hooks.check_publication`` (the knowledge base's gate): while
    personal data or a sensitive word remains that the publisher has not confirmed, the
    letter is not published and nothing changes. A reopened letter (重办) is published
    again this way; until then the public keeps its earlier published reply.
    """
    public_text = require_text("public_text", "公开答复内容", public_text)

    def guard(letter: Letter) -> None:
        refused = publication_refusal(letter)
        if refused is not None:
            raise TransitionNotAllowed(refused)

    def apply(letter: Letter, effects: Effects) -> None:
        _publish_texts(
            letter,
            actor,
            public_text=public_text,
            public_title=public_title,
            public_body=public_body,
            confirmations=confirmations,
        )

    return transition(
        letter_id=letter_id,
        action="publish",
        actor=actor,
        to=S.PUBLISHED,
        guard=guard,
        apply=apply,
        public_note="答复已在网站公开（个人信息已隐去）。",
    )


def _publish_texts(
    letter: Letter,
    actor: StaffUser,
    *,
    public_text: str | None,
    public_title: str | None,
    public_body: str | None,
    confirmations: Sequence[dict[str, Any]],
) -> None:
    """Store the public texts (a text not given: the masked proposal) once they pass the
    publication gate, and publish (inside the caller's transition)."""
    proposal = publication_proposal(letter)
    texts = {
        "public_title": (public_title or proposal["public_title"]).strip(),
        "public_body": (public_body or proposal["public_body"]).strip(),
        "public_text": (public_text or proposal["public_text"]).strip(),
    }
    if len(texts["public_title"]) > PUBLIC_TITLE_MAX:
        raise ValidationError({"public_title": [f"「公开标题」：不能超过{PUBLIC_TITLE_MAX}个字。"]})
    hooks.check_publication(letter, texts, actor=actor, confirmations=confirmations)
    letter.public_title = texts["public_title"]
    letter.public_body = texts["public_body"]
    letter.public_text = texts["public_text"]
    letter.public_replied_at = letter.replied_at
    letter.published_at = timezone.now()
    hooks.published(letter)  # e.g. the knowledge base indexes the public texts


def sensitive_review(*, letter_id: int, actor: StaffUser, note: str) -> Letter:
    """敏感词复核: a dispatcher (intake) or a reviewer (reply) has read every flagged word;
    the flag is cleared (the hits are kept), the note goes on the internal timeline and,
    with each word, into the audit log. The words stay flagged for publication: the gate
    refuses them in a public text until each is cleared there with a reason."""
    note = require_text("note", "复核意见", note)
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
