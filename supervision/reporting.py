"""The reporting calendar: reports the rules require on dates (``ReportSchedule``, data
with its source) are generated on schedule and frozen as snapshots (``ReportSnapshot``).

- A period's snapshot is generated once its period has ended, or on its due date if that
  comes first (山西 季通报 is due on the 6th of the quarter's last month). The beat task
  ``supervision.reporting_calendar`` runs every hour (the embedded runner too); each run is
  idempotent.
- A snapshot freezes the report of that instant (``supervision.metrics``): later edits to
  letters do not change a generated report. A re-issue is a new version with a reason;
  earlier versions stay readable.
- Supervisors see each report with its due date; ``remind_days_before`` the due date an
  unfiled report raises a reminder (a notice on the supervision channel and the reports
  page, audited). Filing (报送) records who and when.
- A public schedule's report (德阳 第33条: the yearly supervision report, public by 1月31日)
  is published on the site by a supervisor, with the fields of the yearly report.
"""

from __future__ import annotations

import calendar
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from core.audit import audit
from core.errors import ActionRefused
from core.realtime import SUPERVISION_GROUP, publish_event
from letters.choices import LetterKind
from letters.models import Letter
from org.models import Solicitation
from org.selectors import StaffUser
from supervision.engagement import EngagementRow
from supervision.metrics import (
    ChannelRow,
    Metric,
    Report,
    ReportRow,
    build_report,
    received_in,
)
from supervision.models import ReportSchedule, ReportSnapshot
from supervision.periods import Period, parse_period
from workdays.calendar_core import BEIJING

REASON_REQUIRED = "「重新出具理由」：请写明重新出具报告的原因。"


# --- the calendar -------------------------------------------------------------------------


def _shift_months(day: date, months: int, day_of_month: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day_of_month, last))


def due_date(schedule: ReportSchedule, period: Period) -> date:
    """The filing deadline of ``period``'s report, from the schedule's data."""
    anchor = (
        period.first_day
        if schedule.due_anchor == ReportSchedule.Anchor.PERIOD_START
        else (period.end.date())
    )
    return _shift_months(anchor, schedule.due_month_offset, schedule.due_day)


def generate_at(schedule: ReportSchedule, period: Period) -> datetime:
    """When the snapshot is made: the end of the period, or its due date if earlier."""
    due = datetime.combine(due_date(schedule, period), time.min, tzinfo=BEIJING)
    return min(period.end, due)


def _period_value(kind: str, day: date) -> str:
    if kind == ReportSchedule.PeriodKind.MONTH:
        return f"{day.year}-{day.month:02d}"
    if kind == ReportSchedule.PeriodKind.QUARTER:
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    return f"{day.year}"


def candidate_periods(kind: str, today: date) -> list[Period]:
    """This period and the previous one (the only ones that can fall due now)."""
    current = parse_period(_period_value(kind, today))
    previous = parse_period(
        _period_value(kind, date.fromordinal(current.first_day.toordinal() - 1))
    )
    return [previous, current]


@dataclass
class CalendarRun:
    generated: list[int] = field(default_factory=list)
    reminded: list[int] = field(default_factory=list)

    def as_dict(self) -> dict[str, list[int]]:
        return asdict(self)


def run_calendar(now: datetime | None = None) -> CalendarRun:
    """Generate every snapshot that has fallen due, and remind of unfiled ones."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    result = CalendarRun()
    for schedule in ReportSchedule.objects.filter(active=True):
        for period in candidate_periods(schedule.period_kind, today):
            if generate_at(schedule, period) > now:
                continue
            if ReportSnapshot.objects.filter(schedule=schedule, period=period.value).exists():
                continue
            snapshot = _generate(schedule, period, now, version=1, reason="", actor=None)
            result.generated.append(snapshot.pk)
    for snapshot in unfiled().filter(reminded_at__isnull=True).select_related("schedule"):
        if (snapshot.due_on - today).days <= snapshot.schedule.remind_days_before:
            _remind(snapshot, now)
            result.reminded.append(snapshot.pk)
    return result


def _generate(
    schedule: ReportSchedule,
    period: Period,
    now: datetime,
    *,
    version: int,
    reason: str,
    actor: StaffUser | None,
) -> ReportSnapshot:
    report = build_report(period.value, now=now, engagement=True)
    data = report_to_data(report)
    if schedule.public:
        data["public"] = annual_public_figures(period, report)
    with transaction.atomic():
        snapshot = ReportSnapshot.objects.create(
            schedule=schedule,
            period=period.value,
            version=version,
            due_on=due_date(schedule, period),
            generated_at=now,
            data=data,
            reason=reason,
            issued_by=actor,
        )
        audit(
            "report.generate" if version == 1 else "report.reissue",
            actor=actor or "system",
            obj=snapshot,
            data={"schedule": schedule.code, "period": period.value, "version": version},
        )
    return snapshot


def _remind(snapshot: ReportSnapshot, now: datetime) -> None:
    with transaction.atomic():
        ReportSnapshot.objects.filter(pk=snapshot.pk).update(reminded_at=now)
        audit("report.remind", actor="system", obj=snapshot, data={"due_on": str(snapshot.due_on)})
        event = {
            "type": "report_due",
            "snapshot_id": snapshot.pk,
            "title": snapshot.schedule.title,
            "period": snapshot.period,
            "due_on": snapshot.due_on.isoformat(),
        }
        transaction.on_commit(lambda: publish_event([SUPERVISION_GROUP], event))


# --- reading --------------------------------------------------------------------------------


def latest_versions() -> QuerySet[ReportSnapshot]:
    """The newest version of each (schedule, period)."""
    newer = ReportSnapshot.objects.filter(
        schedule_id=OuterRef("schedule_id"),
        period=OuterRef("period"),
        version__gt=OuterRef("version"),
    )
    return ReportSnapshot.objects.filter(~Exists(newer))


def unfiled() -> QuerySet[ReportSnapshot]:
    """Latest versions not yet filed (or, for a public schedule, not yet published)."""
    return latest_versions().filter(
        Q(schedule__public=False, filed_at__isnull=True)
        | Q(schedule__public=True, published_at__isnull=True)
    )


def status_of(snapshot: ReportSnapshot, today: date) -> str:
    done = snapshot.published_at if snapshot.schedule.public else snapshot.filed_at
    if done is not None:
        return "已公开" if snapshot.schedule.public else "已报送"
    if today > snapshot.due_on:
        return "已逾期"
    if (snapshot.due_on - today).days <= snapshot.schedule.remind_days_before:
        return "即将到期"
    return "待报送" if not snapshot.schedule.public else "待公开"


def snapshot_report(snapshot: ReportSnapshot) -> Report:
    return report_from_data(snapshot.data)


def upcoming(now: datetime) -> list[dict[str, Any]]:
    """Each active schedule's next due report (the period that falls due next)."""
    today = timezone.localdate(now)
    rows = []
    for schedule in ReportSchedule.objects.filter(active=True):
        periods = candidate_periods(schedule.period_kind, today)
        pending = [p for p in periods if due_date(schedule, p) >= today] or periods[-1:]
        period = pending[0]
        rows.append(
            {
                "schedule": schedule,
                "period": period,
                "due_on": due_date(schedule, period),
                "generate_at": generate_at(schedule, period),
            }
        )
    return sorted(rows, key=lambda row: row["due_on"])


def published_public_reports() -> QuerySet[ReportSnapshot]:
    return (
        latest_versions()
        .filter(schedule__public=True, published_at__isnull=False)
        .select_related("schedule")
        .order_by("-period")
    )


# --- actions (supervisors) -------------------------------------------------------------------


def _latest(snapshot_id: int) -> ReportSnapshot:
    snapshot = (
        ReportSnapshot.objects.select_for_update().select_related("schedule").get(pk=snapshot_id)
    )
    if ReportSnapshot.objects.filter(
        schedule=snapshot.schedule, period=snapshot.period, version__gt=snapshot.version
    ).exists():
        raise ActionRefused("该报告已有更新的版本，请对最新版本操作。")
    return snapshot


def reissue(
    *, snapshot_id: int, actor: StaffUser, reason: str, now: datetime | None = None
) -> ReportSnapshot:
    """A new version with today's figures; the reason is required and kept."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [REASON_REQUIRED]})
    now = now or timezone.now()
    with transaction.atomic():
        current = _latest(snapshot_id)
        if current.published_at is not None:
            raise ActionRefused("已向社会公开的报告不能重新出具；如需更正，请另行发布更正说明。")
        return _generate(
            current.schedule,
            parse_period(current.period),
            now,
            version=current.version + 1,
            reason=reason,
            actor=actor,
        )


def file_report(
    *, snapshot_id: int, actor: StaffUser, now: datetime | None = None
) -> ReportSnapshot:
    """报送: record that the report was filed (who and when)."""
    now = now or timezone.now()
    with transaction.atomic():
        snapshot = _latest(snapshot_id)
        if snapshot.filed_at is not None:
            raise ActionRefused("该报告已报送。")
        snapshot.filed_at, snapshot.filed_by = now, actor
        snapshot.save(update_fields=["filed_at", "filed_by"])
        audit("report.file", actor=actor, obj=snapshot, data={"version": snapshot.version})
    return snapshot


def publish_report(
    *, snapshot_id: int, actor: StaffUser, now: datetime | None = None
) -> ReportSnapshot:
    """Publish a public schedule's report on the site."""
    now = now or timezone.now()
    with transaction.atomic():
        snapshot = _latest(snapshot_id)
        if not snapshot.schedule.public:
            raise ActionRefused("该报告不向社会公开。")
        if snapshot.published_at is not None:
            raise ActionRefused("该报告已公开。")
        snapshot.published_at = now
        snapshot.save(update_fields=["published_at"])
        audit("report.publish", actor=actor, obj=snapshot, data={"version": snapshot.version})
    return snapshot


# --- frozen data ---------------------------------------------------------------------------


def report_to_data(report: Report) -> dict[str, Any]:
    """The report as JSON-ready data, frozen in a snapshot (``report_from_data``)."""
    return {
        "period": report.period.value,
        "generated_at": report.generated_at.isoformat(),
        "cutoff": report.cutoff.isoformat(),
        "rows": [asdict(row) for row in report.rows],
        "total": asdict(report.total) if report.total is not None else None,
        "site_error_reply_days": report.site_error_reply_days,
        "score_rule": report.score_rule,
        "metrics": [asdict(metric) for metric in report.metrics],
        "by_source": [asdict(row) for row in report.by_source],
        "engagement": [asdict(row) for row in report.engagement],
    }


def report_from_data(data: dict[str, Any]) -> Report:
    """A report as it was frozen: the figures and definitions of that day."""
    return Report(
        period=parse_period(data["period"]),
        generated_at=datetime.fromisoformat(data["generated_at"]),
        cutoff=datetime.fromisoformat(data["cutoff"]),
        rows=tuple(ReportRow(**row) for row in data["rows"]),
        total=ReportRow(**data["total"]) if data["total"] is not None else None,
        site_error_reply_days=data["site_error_reply_days"],
        score_rule=data["score_rule"],
        metrics=tuple(Metric(**metric) for metric in data["metrics"]),
        by_source=tuple(ChannelRow(**row) for row in data.get("by_source", ())),
        engagement=tuple(EngagementRow(**row) for row in data.get("engagement", ())),
    )


# The 互动交流 part of the yearly report a public schedule publishes (the fields of the
# 政府网站工作年度报表: 收到留言数量, 办结留言数量, 平均办理时间, 公开答复数量; 征集调查期数,
# 收到意见数量), each taken from the report's figures where it has one.
PUBLIC_FIELDS = (
    ("received", "收到留言数量（条）"),
    ("replied", "办结留言数量（条）"),
    ("avg_reply_working_days", "平均办理时间（工作日）"),
    ("published", "公开答复数量（条）"),
    ("on_time_rate", "按期办结率"),
    ("satisfaction_rate", "满意率"),
    ("solicitations", "征集调查期数（期）"),
    ("opinions", "收到意见数量（条）"),
    ("interviews_held", "在线访谈期数（期）"),
    ("interview_questions_answered", "答复网民提问数量（条）"),
)


def annual_public_figures(period: Period, report: Report) -> dict[str, Any]:
    """The public report's figures: the report's own (same definitions) plus what was
    published and solicited in the period."""
    assert report.total is not None
    total = report.total
    engaged = {row.key: row.value for row in report.engagement}
    counts = Letter.objects.filter(received_in(period)).aggregate(
        opinions=Count("pk", filter=Q(kind=LetterKind.OPINION)),
    )
    published = Letter.objects.filter(
        published_at__gte=period.start, published_at__lt=report.cutoff
    ).count()
    solicitations = Solicitation.objects.filter(
        opens_on__gte=period.first_day, opens_on__lte=period.last_day
    ).count()
    values = {
        "received": total.received,
        "replied": total.replied,
        "avg_reply_working_days": total.avg_reply_working_days,
        "published": published,
        "on_time_rate": total.on_time_rate,
        "satisfaction_rate": total.satisfaction_rate,
        "solicitations": solicitations,
        "opinions": counts["opinions"],
        # Registered by the interviews app (supervision.engagement); None without it.
        **{key: engaged.get(key) for key in ("interviews_held", "interview_questions_answered")},
    }
    return {
        "fields": [{"key": k, "label": label, "value": values[k]} for k, label in PUBLIC_FIELDS]
    }
