"""Supervision reports: monthly, quarterly and annual figures per department.

``build_report("2026-11" | "2026-Q4" | "2026")`` returns one row per department (the lead
department ``Letter.department``; letters never dispatched form the 未分办 row) and a
total row. Every figure comes from a small, constant number of grouped aggregate queries
(conditional ``Count(..., filter=Q(...))``), never from a loop over letters, so the cost
of a report does not depend on Python work per letter. The one figure that needs the
working-day calendar — the average working days to reply — is computed from counts per
(department, received day, replied day) (see ``_reply_working_days``).

Definitions (period P = [start, end) in Asia/Shanghai; ``cutoff`` = min(end, now)):

- 来信数 ``received``: letters with ``received_at`` in P.
- 受理数 ``accepted``: of those, letters with ``accepted_at`` set (dispatch also sets it;
  rejected and merged-before-acceptance letters are not accepted).
- 答复数 ``replied``: letters with ``replied_at`` in P, whenever they were received. A
  reopened letter (重办) has no ``replied_at`` until it is answered again.
- 期内来信已答复数 ``received_replied``: letters received in P that have ``replied_at`` set
  at the time of the report (a cohort figure: it can still grow after P has ended).
- 答复率 ``reply_rate`` = received_replied / received (None when nothing was received).
- 超期答复数 ``replied_late``: letters replied in P with ``replied_at`` > ``deadline_at``;
  按期答复数 ``replied_on_time`` = replied − replied_late (a letter without a deadline
  cannot be late).
- 按期办结率 ``on_time_rate`` = replied_on_time / replied (None when nothing was replied).
- 未答复超期数 ``overdue_open``: letters received in P, still open (not replied, closed,
  rejected or merged), whose clock runs (not paused for 补正) and whose ``deadline_at`` <
  cutoff. 超期数 ``overdue`` = overdue_open + replied_late.
- 平均答复用时 ``avg_reply_working_days``: over letters replied in P, the mean of
  ``working_days_between(received date, replied date)`` (the working days d with received
  < d <= replied, dates in Asia/Shanghai; same-day replies count 0). None without replies.
- 满意率 ``satisfaction_rate`` = (满意 + 基本满意) / rated, over letters replied in P that
  carry a rating (including the implicit 满意 of an expired rating window).
- 退回次数 ``returns``: 退回 events (``LetterEvent.action == "return"``) in P, counted for
  the department of the staff member who returned the letter (after a return the letter
  belongs to another department, so its lead department would be the wrong one).
- 延期次数 ``extensions``: extension requests approved with ``decided_at`` in P, counted
  for the department of the requester.
- 网站找错 (``site_error`` only): received in P, replied in P, and replied in P on time
  (``replied_at`` <= ``deadline_at``, the deadline derived from the 找错 reply policy).
- 互动交流得分 ``interaction_score``: see ``interaction_score``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

from django.core.exceptions import ValidationError
from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from letters.choices import OPEN_STATUSES, ExtensionStatus, LetterKind, Rating
from letters.models import DeadlinePolicy, ExtensionRequest, Letter, LetterEvent
from org.models import Department
from workdays.calendar_core import BEIJING
from workdays.services import get_calendar

PeriodKind = Literal["month", "quarter", "year"]
UNASSIGNED_LABEL = "未分办"
MIN_YEAR, MAX_YEAR = 2000, 2100

# Kinds scored as 互动交流 (interaction) letters: everything but 找错 and 征集意见.
INTERACTION_KINDS = sorted(
    {str(k) for k in LetterKind.values} - {LetterKind.SITE_ERROR, LetterKind.OPINION}
)
SCORE_FULL = 20
SCORE_PENALTY_PER_LATE_REPLY = 10
SCORE_RULE = (
    "互动交流得分：满分20分。统计期间内收到互动类留言（网站找错、征集意见以外的来信）"
    "而无一答复的，得0分；否则每超期答复一次扣10分，扣完为止；期内未收到互动类留言的"
    "得满分。依据：荷塘区政府门户网站考核评分细则（互动交流栏目）“未答复得0分，"
    "每超期答复一次扣10分”。"
)

PERIOD_FORMAT_MESSAGE = (
    "「统计期间」：格式不正确，请填写年月（如2026-11）、季度（如2026-Q4）或年份（如2026）。"
)
_PERIOD_RE = re.compile(r"^(?P<year>\d{4})(?:-(?:(?P<quarter>[Qq]\d)|(?P<month>\d{2})))?$")


@dataclass(frozen=True)
class Period:
    """A report period: [start, end) in Asia/Shanghai."""

    value: str  # normalised: "2026-11", "2026-Q4" or "2026"
    kind: PeriodKind
    label: str  # "2026年11月", "2026年第4季度", "2026年"
    start: datetime
    end: datetime

    @property
    def first_day(self) -> date:
        return self.start.date()

    @property
    def last_day(self) -> date:
        return date.fromordinal(self.end.date().toordinal() - 1)


def _period_error(message: str) -> ValidationError:
    return ValidationError({"period": [message]})


def parse_period(value: str) -> Period:
    """Parse ``YYYY-MM``, ``YYYY-Qn`` or ``YYYY``; a ValidationError names the field."""
    text = (value or "").strip()
    match = _PERIOD_RE.match(text)
    if match is None:
        raise _period_error(PERIOD_FORMAT_MESSAGE)
    year = int(match["year"])
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise _period_error(f"「统计期间」：年份应在{MIN_YEAR}到{MAX_YEAR}之间。")
    if match["quarter"] is not None:
        quarter = int(match["quarter"][1:])
        if not 1 <= quarter <= 4:
            raise _period_error("「统计期间」：季度应为Q1到Q4，如2026-Q4。")
        first_month, months = 3 * quarter - 2, 3
        kind: PeriodKind = "quarter"
        normalised, label = f"{year}-Q{quarter}", f"{year}年第{quarter}季度"
    elif match["month"] is not None:
        month = int(match["month"])
        if not 1 <= month <= 12:
            raise _period_error("「统计期间」：月份应在01到12之间，如2026-11。")
        first_month, months, kind = month, 1, "month"
        normalised, label = f"{year}-{month:02d}", f"{year}年{month}月"
    else:
        first_month, months, kind = 1, 12, "year"
        normalised, label = f"{year}", f"{year}年"
    end_index = year * 12 + first_month - 1 + months  # months since year 0, exclusive end
    start = datetime(year, first_month, 1, tzinfo=BEIJING)
    end = datetime(end_index // 12, end_index % 12 + 1, 1, tzinfo=BEIJING)
    return Period(value=normalised, kind=kind, label=label, start=start, end=end)


@dataclass(frozen=True)
class ReportRow:
    """The figures of one department (or of 未分办, or the total) for one period."""

    department_id: int | None
    department_name: str
    department_short_name: str
    received: int
    accepted: int
    replied: int
    received_replied: int
    reply_rate: float | None
    replied_on_time: int
    replied_late: int
    on_time_rate: float | None
    overdue_open: int
    overdue: int
    avg_reply_working_days: float | None
    rated: int
    satisfied: int
    satisfaction_rate: float | None
    returns: int
    extensions: int
    site_error_received: int
    site_error_replied: int
    site_error_replied_on_time: int
    interaction_received: int
    interaction_received_replied: int
    interaction_replied_late: int
    interaction_score: int | None


@dataclass(frozen=True)
class Metric:
    """A column of the report: its field on ``ReportRow``, Chinese label and meaning."""

    field: str
    label: str
    kind: Literal["count", "rate", "days", "score"]
    description: str


METRICS: tuple[Metric, ...] = (
    Metric("received", "来信数", "count", "统计期间内收到的来信。"),
    Metric("accepted", "受理数", "count", "期内来信中已受理（含直接分办）的来信。"),
    Metric("replied", "答复数", "count", "答复时间在统计期间内的来信（不论何时来信）。"),
    Metric("received_replied", "期内来信已答复数", "count", "期内来信中截至统计时已答复的来信。"),
    Metric("reply_rate", "答复率", "rate", "期内来信已答复数 ÷ 来信数。"),
    Metric("replied_on_time", "按期答复数", "count", "期内答复且未超过办理期限的来信。"),
    Metric("replied_late", "超期答复数", "count", "期内答复但答复时已超过办理期限的来信。"),
    Metric("on_time_rate", "按期办结率", "rate", "按期答复数 ÷ 答复数。"),
    Metric(
        "overdue_open",
        "未答复超期数",
        "count",
        "期内来信中尚未答复、未办结，且办理期限早于统计截止时间（期末或当前时间，取较早者）"
        "的来信；补正暂停计时的不计。",
    ),
    Metric("overdue", "超期数", "count", "未答复超期数 + 超期答复数。"),
    Metric(
        "avg_reply_working_days",
        "平均答复用时（工作日）",
        "days",
        "期内答复的来信，自来信次日起至答复当日的工作日数的平均值。",
    ),
    Metric("rated", "参评数", "count", "期内答复且已评价（含逾期未评视为满意）的来信。"),
    Metric("satisfied", "满意数", "count", "评价为满意或基本满意的来信。"),
    Metric("satisfaction_rate", "满意率", "rate", "满意数 ÷ 参评数。"),
    Metric("returns", "退回次数", "count", "期内承办单位退回来信的次数（计入退回单位）。"),
    Metric("extensions", "延期次数", "count", "期内批准的延期申请（计入申请单位）。"),
    Metric("site_error_received", "找错来信数", "count", "期内收到的网站找错留言。"),
    Metric("site_error_replied", "找错答复数", "count", "期内答复的网站找错留言。"),
    Metric(
        "site_error_replied_on_time",
        "找错按期答复数",
        "count",
        "期内答复且在找错答复时限内答复的网站找错留言。",
    ),
    Metric("interaction_score", "互动交流得分", "score", SCORE_RULE),
)


@dataclass(frozen=True)
class Report:
    period: Period
    generated_at: datetime
    cutoff: datetime  # min(period end, now): the instant "overdue" is judged at
    rows: tuple[ReportRow, ...]
    total: ReportRow | None  # None for a department-scoped report
    site_error_reply_days: int | None  # the active 找错 reply policy, for headings
    score_rule: str = SCORE_RULE
    metrics: tuple[Metric, ...] = field(default=METRICS)


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


def _conditions(period: Period, cutoff: datetime) -> dict[str, Q]:
    """The conditional counts of the main aggregate, by name."""
    received = Q(received_at__gte=period.start, received_at__lt=period.end)
    replied = Q(replied_at__gte=period.start, replied_at__lt=period.end)
    late = Q(deadline_at__isnull=False, replied_at__gt=F("deadline_at"))
    site_error = Q(kind=LetterKind.SITE_ERROR)
    interaction = Q(kind__in=INTERACTION_KINDS)
    has_reply = Q(replied_at__isnull=False)
    return {
        "received": received,
        "accepted": received & Q(accepted_at__isnull=False),
        "replied": replied,
        "received_replied": received & has_reply,
        "replied_late": replied & late,
        "overdue_open": received
        & Q(
            replied_at__isnull=True,
            status__in=sorted(OPEN_STATUSES),
            clock_paused_on__isnull=True,
            deadline_at__lt=cutoff,
        ),
        "rated": replied & ~Q(rating=""),
        "satisfied": replied & Q(rating__in=[Rating.SATISFIED, Rating.BASICALLY_SATISFIED]),
        "site_error_received": received & site_error,
        "site_error_replied": replied & site_error,
        "site_error_replied_late": replied & site_error & late,
        "interaction_received": received & interaction,
        "interaction_received_replied": received & interaction & has_reply,
        "interaction_replied_late": replied & interaction & late,
    }


def _reply_working_days(
    letters: QuerySet[Letter], period: Period, tallies: dict[int | None, _Tally]
) -> None:
    """Working days to reply, summed per department from one grouped query.

    The query returns one row per (department, received day, replied day) with its count
    of letters replied in the period — distinct date pairs, not letters. The calendar
    then weighs each pair: ``working_days_between(a, b)`` is C(b) − C(a) for the
    cumulative working-day count C, so C is computed once per distinct day.
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
        letters.filter(replied_at__gte=period.start, replied_at__lt=period.end)
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


def interaction_score(*, received: int, received_replied: int, replied_late: int) -> int:
    """荷塘区政府门户网站考核评分细则（互动交流栏目）: 未答复得0分，每超期答复一次扣10分.

    Full marks are 20. A department that received interaction letters (kinds other than
    ``site_error`` and ``opinion``) in the period and replied to none of them scores 0;
    otherwise each interaction letter replied late in the period costs 10 points, down
    to 0. A department without interaction letters keeps full marks.
    """
    if received > 0 and received_replied == 0:
        return 0
    return max(0, SCORE_FULL - SCORE_PENALTY_PER_LATE_REPLY * replied_late)


def _row(
    department_id: int | None, name: str, short_name: str, tally: _Tally, *, scored: bool
) -> ReportRow:
    n = tally.counts
    replied, late = n["replied"], n["replied_late"]
    return ReportRow(
        department_id=department_id,
        department_name=name,
        department_short_name=short_name,
        received=n["received"],
        accepted=n["accepted"],
        replied=replied,
        received_replied=n["received_replied"],
        reply_rate=_rate(n["received_replied"], n["received"]),
        replied_on_time=replied - late,
        replied_late=late,
        on_time_rate=_rate(replied - late, replied),
        overdue_open=n["overdue_open"],
        overdue=n["overdue_open"] + late,
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
        interaction_received=n["interaction_received"],
        interaction_received_replied=n["interaction_received_replied"],
        interaction_replied_late=n["interaction_replied_late"],
        interaction_score=(
            interaction_score(
                received=n["interaction_received"],
                received_replied=n["interaction_received_replied"],
                replied_late=n["interaction_replied_late"],
            )
            if scored
            else None
        ),
    )


def build_report(
    period: str, *, department_ids: list[int] | None = None, now: datetime | None = None
) -> Report:
    """The report of ``period`` (``YYYY-MM``, ``YYYY-Qn`` or ``YYYY``); see the module doc.

    ``department_ids=None`` reports every department, the 未分办 row and the total row;
    a list reports only those departments and no total (what a department's own staff
    may see). ``now`` (default: the current time) bounds the overdue figures of a period
    that has not ended yet. Runs 6 queries, plus up to 3 to refresh the calendar.
    """
    span = parse_period(period)
    now = now or timezone.now()
    cutoff = min(span.end, now)
    letters = Letter.objects.all()
    events = LetterEvent.objects.filter(action="return", at__gte=span.start, at__lt=span.end)
    extensions = ExtensionRequest.objects.filter(
        status=ExtensionStatus.APPROVED, decided_at__gte=span.start, decided_at__lt=span.end
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
    conditions = _conditions(span, cutoff)
    grouped = (
        letters.filter(conditions["received"] | conditions["replied"])
        .order_by()
        .values("department_id")
        .annotate(**{name: Count("pk", filter=q) for name, q in conditions.items()})
    )
    for values in grouped:
        counts = tallies[values.pop("department_id")].counts
        for name, value in values.items():
            counts[name] += value
    _reply_working_days(letters, span, tallies)
    for key, source, owner in (
        ("returns", events, "actor__staff_profile__department_id"),
        ("extensions", extensions, "requested_by__staff_profile__department_id"),
    ):
        grouped_by = source.order_by().values(owner).annotate(n=Count("pk"))
        for department_id, n in grouped_by.values_list(owner, "n"):
            tallies[department_id].counts[key] += n

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
                scored=True,
            )
        )
    total: ReportRow | None = None
    if department_ids is None:
        rows.append(
            _row(
                None, UNASSIGNED_LABEL, UNASSIGNED_LABEL, tallies.get(None, _Tally()), scored=False
            )
        )
        overall = _Tally()
        for tally in tallies.values():
            overall.add(tally)
        total = _row(None, "合计", "合计", overall, scored=False)
    policy = (
        DeadlinePolicy.objects.filter(
            kind=LetterKind.SITE_ERROR, step=DeadlinePolicy.Step.REPLY, active=True
        )
        .values_list("working_days", flat=True)
        .first()
    )
    return Report(
        period=span,
        generated_at=now,
        cutoff=cutoff,
        rows=tuple(rows),
        total=total,
        site_error_reply_days=policy,
    )
