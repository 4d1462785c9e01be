"""Case handling: every change of a letter's state goes through ``transition``.

``transition`` (in ``base``) locks the row, checks the action against the lifecycle table
(``letters.lifecycle``: roles, department, from-statuses, targets), runs the action's
guard and changes on the locked row, writes one append-only event and one audit record
in the same transaction, and queues side effects (outbox tasks, websocket pushes) to run
only after commit. The action services are thin: they say what else to check and what
to change. They live by who acts: ``dispatch`` (the office's intake decisions),
``handling`` (the department's work and extensions), ``replies`` (draft, review, the office
review before publication, findings, publish, close) and ``rating`` (the writer's rating); callers import them from here.
"""

from letters.errors import TransitionNotAllowed
from letters.services.workflow.base import (
    Effects,
    may,
    refusal,
    review_chain,
    transition,
)
from letters.services.workflow.dispatch import (
    letter_accept,
    letter_dispatch,
    letter_merge,
    letter_reject,
    letter_transfer,
)
from letters.services.workflow.handling import (
    co_opinion,
    extension_decide,
    extension_request,
    letter_pause,
    letter_resume,
    letter_return,
    letter_sign,
)
from letters.services.workflow.rating import (
    UNSATISFIED_NEEDS_REASON,
    close_unrated,
    letter_rate,
    rating_deadline,
    rating_refusal,
)
from letters.services.workflow.replies import (
    letter_close,
    letter_publish,
    office_review,
    publication_proposal,
    record_finding,
    render_template,
    reply_draft,
    reply_review,
    reply_submit,
    sensitive_review,
    templates_for,
)

__all__ = [
    "UNSATISFIED_NEEDS_REASON",
    "Effects",
    "TransitionNotAllowed",
    "close_unrated",
    "co_opinion",
    "extension_decide",
    "extension_request",
    "letter_accept",
    "letter_close",
    "letter_dispatch",
    "letter_merge",
    "letter_pause",
    "letter_publish",
    "letter_rate",
    "letter_reject",
    "letter_resume",
    "letter_return",
    "letter_sign",
    "letter_transfer",
    "may",
    "office_review",
    "publication_proposal",
    "rating_deadline",
    "rating_refusal",
    "record_finding",
    "refusal",
    "render_template",
    "reply_draft",
    "reply_review",
    "reply_submit",
    "review_chain",
    "sensitive_review",
    "templates_for",
    "transition",
]
