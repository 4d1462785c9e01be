"""Assessment scores of a department for a period, from a rule that is data
(``supervision.models.ScoringRule``; the seed is the 荷塘 rule, a city loads its own).

The 荷塘区政府门户网站考核评分细则, 互动交流栏目 (20 points): “每超期答复一次扣10分”, “留言未
答复得0分”. Read as a rule on the department's letters of the scored kinds:

- a letter not yet due at the cutoff does not count (nothing is late yet);
- each reply made in the period after its deadline costs ``penalty_per_late_reply``;
- any letter past its deadline and still unanswered at the cutoff (clock running, not
  merged) sets the item to 0, whenever the letter was received;
- otherwise the score is ``full_points`` minus the penalties, never below 0.

``deduction_letters`` lists the letters behind each deduction (the "why" of a score).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, F, Q, QuerySet

from letters.choices import LetterStatus
from letters.models import Letter
from supervision.models import ScoringRule
from supervision.periods import Period


@dataclass(frozen=True)
class ScoringRuleData:
    label: str
    full_points: int
    penalty_per_late_reply: int
    zero_if_overdue_unanswered: bool
    kinds: frozenset[str]
    description: str
    source: str

    def points(self, *, late_replies: int, overdue_unanswered: int) -> int:
        if self.zero_if_overdue_unanswered and overdue_unanswered:
            return 0
        return max(0, self.full_points - self.penalty_per_late_reply * late_replies)


def active_rule() -> ScoringRuleData | None:
    rule = ScoringRule.objects.filter(active=True).first()
    if rule is None:
        return None
    return ScoringRuleData(
        label=rule.label,
        full_points=rule.full_points,
        penalty_per_late_reply=rule.penalty_per_late_reply,
        zero_if_overdue_unanswered=rule.zero_if_overdue_unanswered,
        kinds=frozenset(rule.kinds),
        description=rule.description,
        source=rule.source,
    )


def answered_by(cutoff: datetime) -> Q:
    """Accepted and replied to before the cutoff: 答复数 in the reports (a reply counts
    once the letter was accepted; dispatch accepts)."""
    return Q(accepted_at__lt=cutoff, replied_at__lt=cutoff)


def unanswered_past_deadline(cutoff: datetime) -> Q:
    """Not answered before the cutoff although its deadline passed before it (the clock
    running, not rejected or merged): 未答复超期 in the reports, 0 points in the score."""
    return (
        ~answered_by(cutoff)
        & Q(deadline_at__lt=cutoff, clock_paused_on__isnull=True)
        & ~Q(status__in=[LetterStatus.MERGED, LetterStatus.REJECTED])
    )


def _late_reply(period: Period, cutoff: datetime) -> Q:
    return Q(
        replied_at__gte=period.start,
        replied_at__lt=cutoff,
        deadline_at__isnull=False,
        replied_at__gt=F("deadline_at"),
    )


def deduction_counts(
    rule: ScoringRuleData, letters: QuerySet[Letter], period: Period, cutoff: datetime
) -> dict[int | None, dict[str, int]]:
    """Per department: late replies in the period, letters unanswered past the deadline."""
    late = _late_reply(period, cutoff)
    overdue = unanswered_past_deadline(cutoff)
    rows = (
        letters.filter(Q(kind__in=sorted(rule.kinds)) & (late | overdue))
        .order_by()
        .values("department_id")
        .annotate(
            score_late_replies=Count("pk", filter=late),
            score_overdue_unanswered=Count("pk", filter=overdue),
        )
    )
    return {
        row["department_id"]: {
            "score_late_replies": row["score_late_replies"],
            "score_overdue_unanswered": row["score_overdue_unanswered"],
        }
        for row in rows
    }


@dataclass(frozen=True)
class Deduction:
    letter_id: int
    tracking_number: str
    reason: str  # "超期答复" or "超期未答复"
    deadline_at: datetime | None
    replied_at: datetime | None
    points: int | None  # points deducted; None when the letter sets the item to 0


def deduction_letters(
    rule: ScoringRuleData, department_id: int, period: Period, cutoff: datetime
) -> list[Deduction]:
    """The letters behind a department's score: each late reply, each unanswered one."""
    letters = Letter.objects.filter(department_id=department_id, kind__in=sorted(rule.kinds))
    result: list[Deduction] = []
    for letter in letters.filter(_late_reply(period, cutoff)).order_by("replied_at", "pk"):
        result.append(
            Deduction(
                letter.pk,
                letter.tracking_number,
                "超期答复",
                letter.deadline_at,
                letter.replied_at,
                rule.penalty_per_late_reply,
            )
        )
    overdue = unanswered_past_deadline(cutoff)
    for letter in letters.filter(overdue).order_by("deadline_at", "pk"):
        result.append(
            Deduction(
                letter.pk,
                letter.tracking_number,
                "超期未答复",
                letter.deadline_at,
                None,
                None if rule.zero_if_overdue_unanswered else 0,
            )
        )
    return result
