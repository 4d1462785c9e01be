"""The knowledge-base entry lifecycle, declared once (the same pattern as
``letters.lifecycle`` for letters)::

    draft --submit--> in_review --approve--> published --retire--> retired
                      in_review --reject---> draft
    draft/published --update--> draft      (an edited published entry is reviewed again)

``knowledge_base.services.entry_transition`` enforces roles and statuses from this table,
writes the audit record of every action (create, update, submit, approve = publish,
reject, retire = unpublish) and refuses an approval by the entry's creator or anyone who
saved a version of it (nobody approves their own entry). The curator API checks roles
from the same table.
"""

from __future__ import annotations

from dataclasses import dataclass

from knowledge_base.models import EntryStatus
from org.roles import Role

E = EntryStatus
CURATOR_ROLES = frozenset({Role.PUBLISHER, Role.SUPERVISOR, Role.DISPATCHER})
APPROVER_ROLES = frozenset({Role.PUBLISHER, Role.SUPERVISOR})


@dataclass(frozen=True)
class EntryAction:
    name: str
    label: str
    roles: frozenset[str]
    from_statuses: frozenset[str]
    target: str | None  # None: the status does not change


ACTIONS: dict[str, EntryAction] = {
    a.name: a
    for a in (
        EntryAction("create", "新建草稿", CURATOR_ROLES, frozenset(), E.DRAFT),
        EntryAction("update", "修改", CURATOR_ROLES, frozenset({E.DRAFT, E.PUBLISHED}), E.DRAFT),
        EntryAction("submit", "提交审核", CURATOR_ROLES, frozenset({E.DRAFT}), E.IN_REVIEW),
        EntryAction(
            "approve", "审核通过并发布", APPROVER_ROLES, frozenset({E.IN_REVIEW}), E.PUBLISHED
        ),
        EntryAction("reject", "退回修改", APPROVER_ROLES, frozenset({E.IN_REVIEW}), E.DRAFT),
        EntryAction(
            "retire",
            "下线",
            APPROVER_ROLES,
            frozenset({E.DRAFT, E.IN_REVIEW, E.PUBLISHED}),
            E.RETIRED,
        ),
    )
}

ROLE_MESSAGES = {
    "approve": "只有签发人或督办员可以审核、下线知识库条目。",
    "reject": "只有签发人或督办员可以审核、下线知识库条目。",
    "retire": "只有签发人或督办员可以审核、下线知识库条目。",
}
STATUS_MESSAGES = {
    "update": "条目当前状态为「{status}」，不能修改。",
    "submit": "只有草稿状态的条目可以提交审核。",
    "approve": "只有待审核的条目可以审核。",
    "reject": "只有待审核的条目可以审核。",
    "retire": "条目已下线。",
}


def role_refusal(action: str, roles: frozenset[str] | set[str]) -> str | None:
    spec = ACTIONS[action]
    if spec.roles & roles:
        return None
    return ROLE_MESSAGES.get(action, "需要知识库管理权限（签发人、督办员或分办员）。")


def status_refusal(action: str, status: str) -> str | None:
    if status in ACTIONS[action].from_statuses:
        return None
    return STATUS_MESSAGES[action].format(status=EntryStatus(status).label)
