"""The lifecycle table: every case action, declared once.

Each :class:`CaseAction` says who may do it (roles and, for department work, which
department), from which statuses, to which statuses, whether the writer sees the event,
and the labels staff and writers read. Everything else derives from this table:

- ``letters.services.workflow.transition`` enforces roles, department and statuses;
- the staff API has one route per action (``/api/v1/staff/letters/{id}/{slug}/``);
- the workspace offers exactly the actions :func:`available` allows, with their labels;
- timelines label events with :func:`event_label`;
- the confirmation a page shows after the action is :func:`confirmation` (each action its
  own 已… text, by the status it ended in where it may end in more than one);
- :data:`ALLOWED_TRANSITIONS` (status → statuses) is the union of the declared moves.

Action names have one spelling (``draft_reply``); the URL slug is that name with
hyphens (``draft-reply``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from letters.choices import OPEN_STATUSES, LetterStatus
from org.roles import Role

S = LetterStatus
R = Role


class Scope(StrEnum):
    """Which staff of the roles may act on a given letter."""

    ANY = "any"  # anyone with the role who can see the letter
    LEAD = "lead"  # the lead (承办) department's staff
    ASSISTING = "assisting"  # a co-handling (会办) department's staff
    REVIEW_LEVEL = "review_level"  # the role of the letter's current review level
    WRITER = "writer"  # the writer (with the query code), no staff account
    SYSTEM = "system"  # the desk itself (scheduled jobs)


@dataclass(frozen=True)
class CaseAction:
    name: str
    label: str
    roles: frozenset[str]
    from_statuses: frozenset[str]
    # The statuses it may lead to; empty: the status does not change.
    targets: frozenset[str]
    public: bool  # the event is on the writer's timeline
    event_label: str
    scope: Scope = Scope.ANY
    summary: str = ""  # a longer label where the short one needs explaining (API docs)
    by_system: bool = False  # the desk itself may run it too (the router's auto-dispatch)
    # What was done, as the confirmation after it says it ("已签收"); by the status the
    # action ended in for actions with more than one outcome.
    done: str = ""
    done_by_target: tuple[tuple[str, str], ...] = ()

    @property
    def slug(self) -> str:
        return self.name.replace("_", "-")

    @property
    def description(self) -> str:
        return self.summary or self.label


def _action(
    name: str,
    label: str,
    roles: Iterable[str],
    from_statuses: Iterable[str],
    targets: Iterable[str] = (),
    *,
    public: bool,
    event_label: str = "",
    scope: Scope = Scope.ANY,
    summary: str = "",
    by_system: bool = False,
    done: str = "",
    done_by_target: dict[str, str] | None = None,
) -> CaseAction:
    return CaseAction(
        name=name,
        label=label,
        roles=frozenset(roles),
        from_statuses=frozenset(from_statuses),
        targets=frozenset(targets),
        public=public,
        event_label=event_label or label,
        scope=scope,
        summary=summary,
        by_system=by_system,
        done=done or f"已{label}",
        done_by_target=tuple((done_by_target or {}).items()),
    )


INTAKE = (S.SUBMITTED, S.ACCEPTED, S.RETURNED)
HANDLING = (S.IN_PROGRESS, S.PAUSED, S.UNDER_REVIEW)
ANSWERED = (S.REPLIED, S.PUBLISHED)
OFFICE = (R.DISPATCHER, R.SUPERVISOR)

ACTIONS: dict[str, CaseAction] = {
    a.name: a
    for a in (
        # --- intake decisions (site office) ----------------------------------------------
        _action("accept", "受理", [R.DISPATCHER], [S.SUBMITTED], [S.ACCEPTED], public=True),
        _action(
            "reject",
            "不予受理",
            [R.DISPATCHER],
            INTAKE,
            [S.REJECTED],
            public=True,
            done="已决定不予受理，来信人将收到理由",
        ),
        _action(
            "dispatch",
            "分办",
            OFFICE,
            INTAKE,
            [S.DISPATCHED],
            public=True,
            summary="分办（督办员分办即为指定承办）",
            by_system=True,
        ),
        _action(
            "transfer", "转办", OFFICE, [S.DISPATCHED, S.IN_PROGRESS], [S.DISPATCHED], public=True
        ),
        _action(
            "merge",
            "合并",
            [R.DISPATCHER],
            INTAKE,
            [S.MERGED],
            public=True,
            summary="合并重复来信",
            done="已合并至所选来信",
        ),
        # --- department work (lead department) -------------------------------------------
        _action(
            "sign",
            "签收",
            [R.HANDLER],
            [S.DISPATCHED],
            [S.IN_PROGRESS],
            public=True,
            scope=Scope.LEAD,
        ),
        _action(
            "return",
            "退回",
            [R.HANDLER],
            [S.DISPATCHED, S.IN_PROGRESS],
            [S.RETURNED],
            public=True,
            scope=Scope.LEAD,
            done="已退回分办员重新分办",
        ),
        _action(
            "pause",
            "补正",
            [R.HANDLER],
            [S.IN_PROGRESS],
            [S.PAUSED],
            public=False,
            scope=Scope.LEAD,
            summary="补正（暂停计时）",
            done="已暂停计时，等待补正",
        ),
        _action(
            "resume",
            "恢复办理",
            [R.HANDLER],
            [S.PAUSED],
            [S.IN_PROGRESS],
            public=False,
            scope=Scope.LEAD,
        ),
        _action(
            "request_extension",
            "申请延期",
            [R.HANDLER],
            HANDLING,
            public=False,
            scope=Scope.LEAD,
            done="已提交延期申请，等待督办员审批",
        ),
        _action(
            "co_opinion",
            "会办意见",
            [R.HANDLER],
            [S.DISPATCHED, S.IN_PROGRESS, S.PAUSED],
            public=False,
            scope=Scope.ASSISTING,
            summary="提交会办意见",
            done="已提交会办意见",
        ),
        _action(
            "draft_reply",
            "拟写答复",
            [R.HANDLER],
            [S.IN_PROGRESS],
            [S.IN_PROGRESS],
            public=False,
            scope=Scope.LEAD,
            done="已保存答复稿",
        ),
        _action(
            "submit_review",
            "提交审核",
            [R.HANDLER],
            [S.IN_PROGRESS],
            [S.UNDER_REVIEW],
            public=False,
            scope=Scope.LEAD,
            done="已提交审核",
        ),
        _action(
            "review",
            "审核",
            [R.REVIEWER, R.PUBLISHER, R.SUPERVISOR],
            [S.UNDER_REVIEW],
            # The final approval replies (→ replied), or, for a kind the site office
            # reviews before publication (找错), waits for that review (→ office_review).
            [S.UNDER_REVIEW, S.REPLIED, S.OFFICE_REVIEW, S.IN_PROGRESS],
            public=False,  # the final approval is public, see event_is_public
            scope=Scope.REVIEW_LEVEL,
            summary="审核/签发（通过或退回修改）",
            done_by_target={
                S.UNDER_REVIEW: "已审核通过，转下一级审核",
                S.REPLIED: "已签发，答复已发送给来信人",
                S.OFFICE_REVIEW: "已签发，答复已发送给来信人，等待网站主管单位审核公开",
                S.IN_PROGRESS: "已退回承办人修改答复",
            },
        ),
        # --- the site office: review before publication, publication -------------------
        _action(
            "office_review",
            "审核公开",
            [R.PUBLISHER],
            [S.OFFICE_REVIEW],
            # Passed: published through the gate, or kept private (a 不属实/涉密 finding:
            # → replied); sent back: to the lead department's drafting.
            [S.PUBLISHED, S.REPLIED, S.IN_PROGRESS],
            public=False,  # publication and a send-back are public, see event_is_public
            summary="网站主管单位审核（通过即公开，或退回承办单位修改）",
            done_by_target={
                S.PUBLISHED: "已审核通过并公开",
                S.REPLIED: "已审核，认定不予公开",
                S.IN_PROGRESS: "已退回承办单位修改答复",
            },
        ),
        _action(
            "record_finding",
            "认定不属实/涉密",
            [R.REVIEWER, R.PUBLISHER],
            [S.UNDER_REVIEW, S.OFFICE_REVIEW, S.REPLIED],
            public=False,
            summary="认定不属实或涉密（不予公开，须说明理由）",
            done="已认定不属实/涉密，不予公开",
        ),
        _action(
            "publish",
            "公开",
            [R.PUBLISHER],
            [S.REPLIED],
            [S.PUBLISHED],
            public=True,
            summary="公开答复",
            done="已公开答复",
        ),
        _action("close", "办结", OFFICE, ANSWERED, [S.CLOSED], public=True),
        # --- supervision ---------------------------------------------------------------
        _action("urge", "催办", [R.SUPERVISOR], OPEN_STATUSES, public=False),
        _action(
            "supervise",
            "督办",
            [R.SUPERVISOR],
            OPEN_STATUSES,
            public=False,
            summary="督办（下发督办单）",
            done="已下发督办单",
        ),
        _action(
            "supervision_response",
            "反馈督办单",
            [R.HANDLER],
            OPEN_STATUSES | set(ANSWERED),
            public=False,
            scope=Scope.LEAD,
        ),
        _action(
            "extension_decide",
            "审批延期",
            [R.SUPERVISOR],
            HANDLING,
            public=False,
        ),
        _action(
            "sensitive_review",
            "敏感词复核",
            [R.DISPATCHER, R.SUPERVISOR, R.REVIEWER, R.PUBLISHER],
            set(LetterStatus.values) - {S.MERGED, S.REJECTED},
            public=False,
            summary="敏感词复核（清除待复核标记）",
            done="已完成敏感词复核",
        ),
        # --- the writer and the desk ---------------------------------------------------
        _action(
            "rate",
            "评价",
            [],
            ANSWERED,
            [S.IN_PROGRESS, S.CLOSED],
            public=True,
            scope=Scope.WRITER,
            done_by_target={
                S.IN_PROGRESS: "已评价，承办单位将重新办理",
                S.CLOSED: "已评价，已办结",
            },
        ),
        _action(
            "rate_timeout",
            "逾期未评价",
            [],
            ANSWERED,
            [S.CLOSED],
            public=True,
            scope=Scope.SYSTEM,
            done="逾期未评价，视为满意，已办结",
        ),
    )
}

# Events the desk records that are not actions of their own.
SYSTEM_EVENTS: dict[str, str] = {
    "submit": "来信",
    "clock_start": "开始计时",
    "clock_pause": "暂停计时",
    "clock_resume": "恢复计时",
    "clock_extend": "延长期限",
    "clock_recompute": "重新计算期限",
    "review_clock_start": "审核公开开始计时",
    "sensitive_flag": "敏感词提示",
    # A case imported from the office's previous system (import_cases): its reply there.
    "imported_reply": "答复（原系统办理）",
}

BY_SLUG: dict[str, CaseAction] = {a.slug: a for a in ACTIONS.values()}
STAFF_ACTIONS: dict[str, CaseAction] = {
    name: a for name, a in ACTIONS.items() if a.scope not in (Scope.WRITER, Scope.SYSTEM)
}


def _allowed_transitions() -> dict[str, frozenset[str]]:
    moves: dict[str, set[str]] = {status: set() for status in LetterStatus.values}
    for action in ACTIONS.values():
        for source in action.from_statuses:
            moves[source] |= action.targets
    return {status: frozenset(targets) for status, targets in moves.items()}


ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = _allowed_transitions()


def event_label(action: str) -> str:
    """How a timeline shows an event."""
    if action in ACTIONS:
        return ACTIONS[action].event_label
    return SYSTEM_EVENTS.get(action, action)


def confirmation(action: str, *, status: str) -> str:
    """What a page says after ``action`` was done and the letter is in ``status``: the
    action's own 已… text (a review that sends the reply back says so, never 已审核)."""
    spec = ACTIONS[action]
    return dict(spec.done_by_target).get(status, spec.done)


def event_is_public(action: CaseAction, target: str) -> bool:
    """Whether the writer sees the event: as declared; a review's final approval (the
    reply); the office review's publication and its send-back (the reply is withdrawn
    for rework)."""
    if action.name == "review":
        return target in (S.REPLIED, S.OFFICE_REVIEW)
    if action.name == "office_review":
        return target in (S.PUBLISHED, S.IN_PROGRESS)
    return action.public


# --- who may act ----------------------------------------------------------------------


@dataclass(frozen=True)
class Reader:
    """A staff user as the lifecycle sees them."""

    roles: frozenset[str]
    department_id: int | None


def refusal(
    action: CaseAction,
    *,
    status: str,
    reader: Reader,
    lead_department_id: int | None,
    assisting_ids: Iterable[int] = (),
    review_role: str | None = None,
    review_level: int = 0,
) -> tuple[str, str] | None:
    """Why ``reader`` may not run ``action`` on a letter now, or None if they may.

    Returns ``("role", message)`` for a role or department refusal (HTTP 403) and
    ``("status", message)`` for a state refusal (HTTP 409). ``review_role`` is the role
    of the letter's current review level (for ``review``).
    """
    if action.scope in (Scope.WRITER, Scope.SYSTEM):
        return ("role", "工作人员不能执行此操作。")
    if not action.roles & reader.roles:
        return ("role", "您的角色不能执行此操作。")
    if action.scope == Scope.LEAD and (
        lead_department_id is None or reader.department_id != lead_department_id
    ):
        return ("role", "只有承办单位可以办理此来信。")
    if action.scope == Scope.ASSISTING and reader.department_id not in set(assisting_ids):
        return ("role", f"只有会办单位可以提交{action.label}。")
    if action.scope == Scope.REVIEW_LEVEL and review_role is not None:
        if review_role not in reader.roles:
            return (
                "role",
                f"当前为第{review_level + 1}级审核，需由{Role(review_role).label}办理。",
            )
        if review_role == R.REVIEWER and reader.department_id != lead_department_id:
            return ("role", "只有承办单位的审核人可以审核。")
    if status not in action.from_statuses:
        return ("status", f"当前状态为“{S(status).label}”，不能执行此操作。")
    return None
