"""Every figure the desk shows, defined once: 留言数, 受理数, 答复数, 按期答复数, 答复率,
按期办结率, 满意率, 超期数, 退回次数, 平均办理时长 and the 荷塘 score.

The public statistics page and API, the supervisor dashboard, the report API, the .xlsx
export and the filed report snapshots all call ``build_report`` and read ``METRICS``
(label, period rule and the text of the 指标说明 sheet); nothing else counts letters.

Period rule. A period P is [start, end) in Asia/Shanghai; ``cutoff`` = min(end, now) is
the instant the period is judged at. Letter figures follow the letters *received* in P
(按来信时间) and their state at the cutoff, so within one row 答复数 ≤ 受理数 ≤ 留言数 and a
period that has ended keeps its figures (later replies belong to no earlier period's
cohort). 退回次数 and 延期次数 count events that happened in P (按发生时间). The score
judges replies made in P and what is unanswered at the cutoff (see ``supervision.scoring``).

Definitions (over the letters received in P, per lead department ``Letter.department``;
letters never dispatched form the 未分办 row):

- 留言数 ``received``: every letter received in P.
- 受理数 ``accepted``: accepted (dispatch also accepts) before the cutoff; rejected and
  merged-before-acceptance letters are not accepted.
- 答复数 ``replied``: accepted letters with a reply before the cutoff (a reopened letter,
  重办, counts again only once answered again).
- 按期答复数 ``replied_on_time``: replied no later than the deadline (a letter without a
  deadline cannot be late); 超期答复数 ``replied_late`` = 答复数 − 按期答复数.
- 未答复超期数 ``overdue_open``: not replied before the cutoff, not rejected or merged,
  clock running (not paused for 补正), deadline before the cutoff — waiting for dispatch
  counts too: the clock runs from receipt.
- 超期数 ``overdue`` = 超期答复数 + 未答复超期数.
- 应办结数 ``due`` = 答复数 + 未答复超期数 (what had to be answered by the cutoff).
- 答复率 ``reply_rate`` = 答复数 ÷ 受理数; 按期办结率 ``on_time_rate`` = 按期答复数 ÷ 应办结数;
  满意率 ``satisfaction_rate`` = 满意数 ÷ 参评数 (满意 + 基本满意 over replied letters that
  carry a rating, the implicit 满意 of an expired rating window included). A rate with
  a zero denominator is None (shown as —).
- 平均办理时长 ``avg_reply_working_days``: over replied letters, the mean of the working
  days d with received date < d <= replied date (same-day replies count 0).
- 退回次数 ``returns``: 退回 events in P, counted for the department that returned the
  letter; 延期次数 ``extensions``: extensions approved in P, for the requesting department.
- 网站找错 ``site_error_*``: 留言数, 答复数 and 按期答复数 of the 找错 letters alone.
- 来信渠道 ``Report.by_source``: 留言数, 受理数, 答复数, 答复率, 按期答复数, 按期办结率 and 满意率 of
  the same cohort per channel (``Letter.source``: 网站表单, 接口, 热线电话, 微信, 信件邮寄,
  来访, 在线访谈提问, 历史导入), every channel listed; the channels' 留言数 add up to the total's.
- 互动交流 ``Report.engagement``: the figures the other channels define and register
  (``supervision.engagement``): 举办在线访谈场次, 答复网友提问数 (``interviews.metrics``),
  网上调查结束数, 应公开采纳情况数, 按期公开采纳情况数 (``surveys.metrics``).

Every figure comes from a constant number of grouped aggregate queries (conditional
``Count(..., filter=Q(...))``), never a loop over letters.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from letters.choices import ExtensionStatus, LetterKind, LetterSource, Rating
from letters.models import DeadlinePolicy, ExtensionRequest, Letter, LetterEvent
from org.models import Department
from supervision import scoring
from supervision.engagement import EngagementRow, engagement_rows
from supervision.periods import Period, parse_period
from workdays.calendar_core import BEIJING
from workdays.services import get_calendar

UNASSIGNED_LABEL = "未分办"
BY_RECEIVED = "按来信时间"
BY_EVENT = "按发生时间"
BY_SCORE_RULE = "按答复时间与期末状态"


@dataclass(frozen=True)
class ReportRow:
    """The figures of one department (or of 未分办, or the total) for one period."""

    department_id: int | None
    department_name: str
    department_short_name: str
    received: int
    accepted: int
    replied: int
    reply_rate: float | None
    replied_on_time: int
    replied_late: int
    overdue_open: int
    overdue: int
    due: int
    on_time_rate: float | None
    avg_reply_working_days: float | None
    rated: int
    satisfied: int
    satisfaction_rate: float | None
    returns: int
    extensions: int
    site_error_received: int
    site_error_replied: int
    site_error_replied_on_time: int
    score: int | None  # the active scoring rule's points; None for 未分办/合计/no rule
    score_late_replies: int  # replies in P after their deadline (each a deduction)
    score_overdue_unanswered: int  # past the deadline, unanswered at the cutoff


@dataclass(frozen=True)
class ChannelRow:
    """The letter figures of one channel (来信渠道) for one period: the same cohort and
    definitions as ``ReportRow``; events (退回, 延期) and scores are per department only."""

    source: str
    label: str
    received: int
    accepted: int
    replied: int
    reply_rate: float | None
    replied_on_time: int
    on_time_rate: float | None
    rated: int
    satisfied: int
    satisfaction_rate: float | None


# The columns of the per-channel table, with their labels (page, API, .xlsx).
CHANNEL_FIGURES: tuple[tuple[str, str], ...] = (
    ("received", "留言数"),
    ("accepted", "受理数"),
    ("replied", "答复数"),
    ("reply_rate", "答复率"),
    ("replied_on_time", "按期答复数"),
    ("on_time_rate", "按期办结率"),
    ("satisfaction_rate", "满意率"),
)


@dataclass(frozen=True)
class Metric:
    """A figure: its field on ``ReportRow``, Chinese label, period rule and meaning."""

    field: str
    label: str
    kind: Literal["count", "rate", "days", "score"]
    period_rule: str
    description: str


def _metrics(score_label: str, score_text: str) -> tuple[Metric, ...]:
    return (
        Metric("received", "留言数", "count", BY_RECEIVED, "统计期间内收到的留言。"),
        Metric(
            "accepted",
            "受理数",
            "count",
            BY_RECEIVED,
            "期内留言中截至统计截止时已受理（含直接分办）的留言；不予受理的不计。",
        ),
        Metric(
            "replied",
            "答复数",
            "count",
            BY_RECEIVED,
            "期内受理的留言中截至统计截止时已答复的留言（重办的待再次答复后计入）。",
        ),
        Metric("reply_rate", "答复率", "rate", BY_RECEIVED, "答复数 ÷ 受理数。"),
        Metric(
            "replied_on_time",
            "按期答复数",
            "count",
            BY_RECEIVED,
            "答复时间不晚于办理期限的答复数（无办理期限的不算超期）。",
        ),
        Metric("replied_late", "超期答复数", "count", BY_RECEIVED, "答复数 − 按期答复数。"),
        Metric(
            "overdue_open",
            "未答复超期数",
            "count",
            BY_RECEIVED,
            "期内留言中截至统计截止时尚未答复、未被不予受理或合并，且办理期限早于统计截止"
            "时间的留言（含尚未分办的）；补正暂停计时的不计。",
        ),
        Metric("overdue", "超期数", "count", BY_RECEIVED, "超期答复数 + 未答复超期数。"),
        Metric(
            "due",
            "应办结数",
            "count",
            BY_RECEIVED,
            "答复数 + 未答复超期数，即截至统计截止时应当答复的留言。",
        ),
        Metric("on_time_rate", "按期办结率", "rate", BY_RECEIVED, "按期答复数 ÷ 应办结数。"),
        Metric(
            "avg_reply_working_days",
            "平均办理时长（工作日）",
            "days",
            BY_RECEIVED,
            "已答复留言自来信次日起至答复当日的工作日数的平均值（当日答复计0）。",
        ),
        Metric(
            "rated",
            "参评数",
            "count",
            BY_RECEIVED,
            "已答复且已评价（含评价期满未评视为满意）的留言。",
        ),
        Metric("satisfied", "满意数", "count", BY_RECEIVED, "评价为满意或基本满意的留言。"),
        Metric("satisfaction_rate", "满意率", "rate", BY_RECEIVED, "满意数 ÷ 参评数。"),
        Metric(
            "returns",
            "退回次数",
            "count",
            BY_EVENT,
            "统计期间内承办单位退回留言的次数（计入退回的单位）。",
        ),
        Metric(
            "extensions",
            "延期次数",
            "count",
            BY_EVENT,
            "统计期间内批准的延期申请（计入申请的单位）。",
        ),
        Metric(
            "site_error_received", "找错留言数", "count", BY_RECEIVED, "期内收到的网站找错留言。"
        ),
        Metric(
            "site_error_replied",
            "找错答复数",
            "count",
            BY_RECEIVED,
            "期内网站找错留言中截至统计截止时已答复的。",
        ),
        Metric(
            "site_error_replied_on_time",
            "找错按期答复数",
            "count",
            BY_RECEIVED,
            "找错答复数中在找错答复时限内答复的。",
        ),
        Metric("score", score_label, "score", BY_SCORE_RULE, score_text),
    )


@dataclass(frozen=True)
class Report:
    period: Period
    generated_at: datetime
    cutoff: datetime  # min(period end, now): the instant the period is judged at
    rows: tuple[ReportRow, ...]
    total: ReportRow | None  # None for a department-scoped report
    site_error_reply_days: int | None  # the active 找错 reply policy, for headings
    score_rule: str
    metrics: tuple[Metric, ...]
    # Per channel (来信渠道), every channel in LetterSource order; empty in snapshots
    # frozen before channels were counted.
    by_source: tuple[ChannelRow, ...] = ()
    # 在线访谈 and 网上调查 (supervision.engagement), in whole-office reports asked with
    # ``engagement=True``; empty otherwise.
    engagement: tuple[EngagementRow, ...] = ()

    def row_for(self, department_id: int | None) -> ReportRow | None:
        return next((r for r in self.rows if r.department_id == department_id), None)


# --- counting ---------------------------------------------------------------------------


@dataclass
class _Tally:
    """Raw counts of one row; rates and the score are derived in ``_row``."""

    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    reply_days_sum: int = 0
    reply_days_n: int = 0

    def add(self, other: _Tally) -> None:
        for key, value in other.counts.items():
            self.counts[key] += value
        self.reply_days_sum += other.reply_days_sum
        self.reply_days_n += other.reply_days_n


def received_in(period: Period) -> Q:
    return Q(received_at__gte=period.start, received_at__lt=period.end)


def _conditions(period: Period, cutoff: datetime) -> dict[str, Q]:
    """The conditional counts of the main aggregate (all within the received cohort)."""
    accepted = Q(accepted_at__lt=cutoff)
    replied = scoring.answered_by(cutoff)
    late = Q(deadline_at__isnull=False, replied_at__gt=F("deadline_at"))
    site_error = Q(kind=LetterKind.SITE_ERROR)
    return {
        "received": Q(pk__isnull=False),
        "accepted": accepted,
        "replied": replied,
        "replied_late": replied & late,
        "overdue_open": scoring.unanswered_past_deadline(cutoff),
        "rated": replied & ~Q(rating=""),
        "satisfied": replied & Q(rating__in=[Rating.SATISFIED, Rating.BASICALLY_SATISFIED]),
        "site_error_received": site_error,
        "site_error_replied": site_error & replied,
        "site_error_replied_late": site_error & replied & late,
    }


def _reply_working_days(
    cohort: QuerySet[Letter], period: Period, cutoff: datetime, tallies: dict[int | None, _Tally]
) -> None:
    """Working days to reply, summed per department from one grouped query.

    The query returns one row per (department, received day, replied day) with its count
    of replied letters — distinct date pairs, not letters. The calendar then weighs each
    pair: ``working_days_between(a, b)`` is C(b) − C(a) for the cumulative working-day
    count C, so C is computed once per distinct day.
    """
    calendar = get_calendar()
    anchor = period.first_day
    cumulative: dict[date, int] = {}

    def c(day: date) -> int:
        value = cumulative.get(day)
        if value is None:
            value = cumulative[day] = calendar.working_days_between(anchor, day)
        return value

    pairs = (
        cohort.filter(scoring.answered_by(cutoff))
        .order_by()
        .annotate(
            received_day=TruncDate("received_at", tzinfo=BEIJING),
            replied_day=TruncDate("replied_at", tzinfo=BEIJING),
        )
        .values("department_id", "received_day", "replied_day")
        .annotate(n=Count("pk"))
        .values_list("department_id", "received_day", "replied_day", "n")
    )
    for department_id, received_day, replied_day, n in pairs:
        tally = tallies[department_id]
        tally.reply_days_sum += n * (c(replied_day) - c(received_day))
        tally.reply_days_n += n


def _rate(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def _row(
    department_id: int | None,
    name: str,
    short_name: str,
    tally: _Tally,
    *,
    rule: scoring.ScoringRuleData | None,
) -> ReportRow:
    n = tally.counts
    replied, late, overdue_open = n["replied"], n["replied_late"], n["overdue_open"]
    on_time = replied - late
    return ReportRow(
        department_id=department_id,
        department_name=name,
        department_short_name=short_name,
        received=n["received"],
        accepted=n["accepted"],
        replied=replied,
        reply_rate=_rate(replied, n["accepted"]),
        replied_on_time=on_time,
        replied_late=late,
        overdue_open=overdue_open,
        overdue=late + overdue_open,
        due=replied + overdue_open,
        on_time_rate=_rate(on_time, replied + overdue_open),
        avg_reply_working_days=(
            tally.reply_days_sum / tally.reply_days_n if tally.reply_days_n else None
        ),
        rated=n["rated"],
        satisfied=n["satisfied"],
        satisfaction_rate=_rate(n["satisfied"], n["rated"]),
        returns=n["returns"],
        extensions=n["extensions"],
        site_error_received=n["site_error_received"],
        site_error_replied=n["site_error_replied"],
        site_error_replied_on_time=n["site_error_replied"] - n["site_error_replied_late"],
        score=(
            rule.points(
                late_replies=n["score_late_replies"],
                overdue_unanswered=n["score_overdue_unanswered"],
            )
            if rule is not None
            else None
        ),
        score_late_replies=n["score_late_replies"],
        score_overdue_unanswered=n["score_overdue_unanswered"],
    )


def _channel_row(source: LetterSource, tally: _Tally) -> ChannelRow:
    n = tally.counts
    replied, late, overdue_open = n["replied"], n["replied_late"], n["overdue_open"]
    on_time = replied - late
    return ChannelRow(
        source=source.value,
        label=source.label,
        received=n["received"],
        accepted=n["accepted"],
        replied=replied,
        reply_rate=_rate(replied, n["accepted"]),
        replied_on_time=on_time,
        on_time_rate=_rate(on_time, replied + overdue_open),
        rated=n["rated"],
        satisfied=n["satisfied"],
        satisfaction_rate=_rate(n["satisfied"], n["rated"]),
    )


def build_report(
    period: str,
    *,
    department_ids: list[int] | None = None,
    now: datetime | None = None,
    engagement: bool = False,
) -> Report:
    """The figures of ``period`` (``YYYY-MM``, ``YYYY-Qn`` or ``YYYY``); see the module doc.

    ``department_ids=None`` reports every department, the 未分办 row and the total row;
    a list reports only those departments and no total (what a department's own staff
    may see). ``now`` (default: the current time) is the cutoff of a period that has not
    ended yet. Runs 8 queries, plus up to 3 to refresh the calendar. ``engagement`` adds
    the figures of 在线访谈 and 网上调查 (``supervision.engagement``; a few queries more) to a
    whole-office report.
    """
    span = parse_period(period)
    now = now or timezone.now()
    cutoff = min(span.end, now)
    letters = Letter.objects.all()
    events = LetterEvent.objects.filter(action="return", at__gte=span.start, at__lt=cutoff)
    extensions = ExtensionRequest.objects.filter(
        status=ExtensionStatus.APPROVED, decided_at__gte=span.start, decided_at__lt=cutoff
    )
    departments = Department.objects.all()
    if department_ids is not None:
        letters = letters.filter(department_id__in=department_ids)
        events = events.filter(actor__staff_profile__department_id__in=department_ids)
        extensions = extensions.filter(
            requested_by__staff_profile__department_id__in=department_ids
        )
        departments = departments.filter(pk__in=department_ids)

    tallies: dict[int | None, _Tally] = defaultdict(_Tally)
    by_source: dict[str, _Tally] = defaultdict(_Tally)
    cohort = letters.filter(received_in(span))
    # One aggregate per (department, channel): each group adds to its department's row
    # and to its channel's row.
    grouped = (
        cohort.order_by()
        .values("department_id", "source")
        .annotate(**{name: Count("pk", filter=q) for name, q in _conditions(span, cutoff).items()})
    )
    for values in grouped:
        counts = tallies[values.pop("department_id")].counts
        channel = by_source[values.pop("source")].counts
        for name, value in values.items():
            counts[name] += value
            channel[name] += value
    _reply_working_days(cohort, span, cutoff, tallies)
    for key, source, owner in (
        ("returns", events, "actor__staff_profile__department_id"),
        ("extensions", extensions, "requested_by__staff_profile__department_id"),
    ):
        grouped_by = source.order_by().values(owner).annotate(n=Count("pk"))
        for department_id, n in grouped_by.values_list(owner, "n"):
            tallies[department_id].counts[key] += n
    rule = scoring.active_rule()
    if rule is not None:
        for department_id, counts in scoring.deduction_counts(rule, letters, span, cutoff).items():
            for key, value in counts.items():
                tallies[department_id].counts[key] += value

    rows: list[ReportRow] = []
    for department in departments.order_by("sort_order", "code"):
        tally = tallies.get(department.pk)
        if department_ids is None and not department.active and tally is None:
            continue
        rows.append(
            _row(
                department.pk,
                department.name,
                department.short_name,
                tally or _Tally(),
                rule=rule,
            )
        )
    total: ReportRow | None = None
    if department_ids is None:
        rows.append(
            _row(None, UNASSIGNED_LABEL, UNASSIGNED_LABEL, tallies.get(None, _Tally()), rule=None)
        )
        overall = _Tally()
        for tally in tallies.values():
            overall.add(tally)
        total = _row(None, "合计", "合计", overall, rule=None)
    policy = (
        DeadlinePolicy.objects.filter(
            kind=LetterKind.SITE_ERROR, step=DeadlinePolicy.Step.REPLY, active=True
        )
        .values_list("working_days", flat=True)
        .first()
    )
    score_label = rule.label if rule is not None else "得分"
    score_text = rule.description if rule is not None else "未启用评分规则。"
    return Report(
        period=span,
        generated_at=now,
        cutoff=cutoff,
        rows=tuple(rows),
        total=total,
        site_error_reply_days=policy,
        score_rule=score_text,
        metrics=_metrics(score_label, score_text),
        by_source=tuple(
            _channel_row(source, by_source.get(source.value, _Tally())) for source in LetterSource
        ),
        engagement=(engagement_rows(span) if engagement and department_ids is None else ()),
    )


@dataclass(frozen=True)
class ScoreExplained:
    period: str
    department_id: int
    department_name: str
    label: str
    score: int | None
    full_points: int
    rule: str
    source: str
    deductions: list[scoring.Deduction]


def explain_score(
    period: str, department_id: int, *, now: datetime | None = None
) -> ScoreExplained | None:
    """A department's score in ``period`` (as its report row shows it) and the letters
    behind each deduction; None without such a department or an active rule."""
    rule = scoring.active_rule()
    department = Department.objects.filter(pk=department_id).first()
    if rule is None or department is None:
        return None
    now = now or timezone.now()
    report = build_report(period, department_ids=[department_id], now=now)
    row = report.row_for(department_id)
    return ScoreExplained(
        period=report.period.value,
        department_id=department_id,
        department_name=department.name,
        label=rule.label,
        score=row.score if row is not None else None,
        full_points=rule.full_points,
        rule=rule.description,
        source=rule.source,
        deductions=scoring.deduction_letters(rule, department_id, report.period, report.cutoff),
    )


def metrics_for_notes() -> tuple[Metric, ...]:
    """The figure definitions with the active scoring rule's text (指标说明)."""
    rule = scoring.active_rule()
    if rule is None:
        return _metrics("得分", "未启用评分规则。")
    return _metrics(rule.label, rule.description)


__all__ = [
    "CHANNEL_FIGURES",
    "UNASSIGNED_LABEL",
    "ChannelRow",
    "Metric",
    "Period",
    "Report",
    "ReportRow",
    "ScoreExplained",
    "build_report",
    "explain_score",
    "metrics_for_notes",
    "parse_period",
]
