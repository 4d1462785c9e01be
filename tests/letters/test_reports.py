"""Supervision reports: period parsing, hand-computed figures per department on a small
November 2026, the 荷塘 interaction score, role scoping of the API, the Excel export and
a query count that does not grow with the number of letters.

November 2026 has no public holidays: working days are Monday to Friday (11-02 is a
Monday). Interaction letters have 3 working days, 找错 2 and 征集意见 7 (seeded policies),
counted from the day after receipt.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime
from io import BytesIO
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import include, path
from openpyxl import load_workbook
from rest_framework.test import APIClient

from desk.urls import urlpatterns as project_urlpatterns
from letters.models import ExtensionRequest, Letter, LetterEvent
from letters.services import workflow
from letters.services.intake import LetterSubmission, letter_submit
from supervision.metrics import (
    ReportRow,
    build_report,
    explain_score,
    parse_period,
)
from supervision.report_xlsx import sheet_title
from supervision.scoring import active_rule
from tests.factories import (
    DepartmentFactory,
    SolicitationFactory,
    staff_user,
    two_department_staff,
)

# The lead wires ``path("reports/", include("supervision.urls"))`` into
# letters/api/urls.py; until then (and harmlessly after) this module's URL conf adds it.
urlpatterns = [
    *project_urlpatterns,
    path("api/v1/reports/", include("supervision.urls")),
]
pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

BEIJING = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=BEIJING)
REPORTS = "/api/v1/reports/"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def at(day: str, hm: str = "09:00") -> datetime:
    return datetime.fromisoformat(f"{day}T{hm}").replace(tzinfo=BEIJING)


@dataclass
class World:
    office: Any
    a: Any
    b: Any
    users: dict[str, Any]
    letters: dict[str, Letter]

    def client(self, name: str) -> APIClient:
        client = APIClient()
        client.force_authenticate(self.users[name])
        return client


def submit(received: datetime, kind: str = "consultation", **extra: Any) -> Letter:
    submission = LetterSubmission(
        kind=kind,
        title="关于小区停车位配建的咨询",
        body="小区规划中的地下停车位迟迟没有交付，请问何时可以使用？",
        name="周明",
        phone="13900002222",
        **extra,
    )
    return letter_submit(submission=submission, received_at=received).letter


def dispatch(w: World, letter: Letter, department: Any) -> None:
    workflow.letter_dispatch(
        letter_id=letter.pk, actor=w.users["dispatcher"], department_id=department.pk
    )


def reply(w: World, letter: Letter, dept: str, replied: datetime, rating: str = "") -> None:
    handler, reviewer = w.users[f"handler_{dept}"], w.users[f"reviewer_{dept}"]
    workflow.letter_sign(letter_id=letter.pk, actor=handler)
    workflow.reply_draft(letter_id=letter.pk, actor=handler, text="经核实，已安排处理。")
    workflow.reply_submit(letter_id=letter.pk, actor=handler)
    workflow.reply_review(letter_id=letter.pk, actor=reviewer, approve=True)
    workflow.reply_review(letter_id=letter.pk, actor=w.users["publisher"], approve=True)
    # The workflow stamps replied_at with the real clock and cannot back-date it; the
    # scenario's reply time is set directly. Ratings too: letter_rate checks the rating
    # window against the real clock, and 不满意 would reopen the letter.
    Letter.objects.filter(pk=letter.pk).update(replied_at=replied, rating=rating)


@pytest.fixture
def world() -> World:
    office = DepartmentFactory(name="测试市人民政府办公室")
    a = DepartmentFactory(name="测试市住房和城乡建设局")
    b = DepartmentFactory(name="测试市生态环境局")
    users = two_department_staff(office, a, b)
    w = World(office, a, b, users, {})
    L = w.letters

    # --- department A (住建局) ---
    # L1 consultation, Mon 11-02, due Thu 11-05; replied Wed 11-04 07:30 (still 11-03 in
    # UTC: days are Beijing days), 2 working days, 满意.
    L["L1"] = submit(at("2026-11-02", "10:00"))
    dispatch(w, L["L1"], a)
    reply(w, L["L1"], "a", at("2026-11-04", "07:30"), "satisfied")
    # L2 complaint, Mon 11-02, due 11-05; replied Mon 11-09: late, 5 working days, 基本满意.
    L["L2"] = submit(at("2026-11-02"), kind="complaint")
    dispatch(w, L["L2"], a)
    reply(w, L["L2"], "a", at("2026-11-09", "10:00"), "basically_satisfied")
    # L3 help, Tue 11-10, due Fri 11-13; one extension denied, one of 2 days approved
    # (due Tue 11-17); still in progress on 11-20: overdue.
    L["L3"] = submit(at("2026-11-10"), kind="help")
    dispatch(w, L["L3"], a)
    workflow.letter_sign(letter_id=L["L3"].pk, actor=users["handler_a"])
    denied = workflow.extension_request(
        letter_id=L["L3"].pk, actor=users["handler_a"], working_days=5, reason="需现场核查"
    )
    workflow.extension_decide(
        extension_id=denied.pk, actor=users["supervisor"], approve=False, note="理由不充分"
    )
    approved = workflow.extension_request(
        letter_id=L["L3"].pk, actor=users["handler_a"], working_days=2, reason="需会商"
    )
    workflow.extension_decide(extension_id=approved.pk, actor=users["supervisor"], approve=True)
    # decided_at is stamped with the real clock; the scenario decides on 11-12.
    ExtensionRequest.objects.filter(pk=approved.pk).update(decided_at=at("2026-11-12", "10:00"))
    # L4 找错, Mon 11-16, due Wed 11-18; replied Tue 11-17 (1 working day), 不满意.
    L["L4"] = submit(
        at("2026-11-16"),
        kind="site_error",
        url="https://www.ceshi.gov.cn/zwgk/index.html",
        error_type="broken_link",
    )
    dispatch(w, L["L4"], a)
    reply(w, L["L4"], "a", at("2026-11-17", "16:00"), "unsatisfied")
    # L5 consultation received Fri 10-30 (before the period), due Wed 11-04; replied Tue
    # 11-03: counts as replied in November (2 working days), not as received.
    L["L5"] = submit(at("2026-10-30", "10:00"))
    dispatch(w, L["L5"], a)
    reply(w, L["L5"], "a", at("2026-11-03", "11:00"))
    # L12 consultation received Tue 10-20, still dispatched: overdue, but not a November
    # letter.
    L["L12"] = submit(at("2026-10-20"))
    dispatch(w, L["L12"], a)
    # L14 征集意见 on A's solicitation, Tue 11-03, due Thu 11-12 (7 working days); replied
    # Fri 11-13: late (8 working days) but not an interaction letter for the score.
    solicitation = SolicitationFactory(
        owner=a, opens_on=date(2026, 11, 1), closes_on=date(2026, 11, 30)
    )
    L["L14"] = submit(at("2026-11-03"), kind="opinion", solicitation_id=solicitation.pk)
    dispatch(w, L["L14"], a)
    reply(w, L["L14"], "a", at("2026-11-13", "10:00"))

    # --- department B (生态环境局) ---
    # L6 suggestion, Thu 11-05, due Tue 11-10; A returns it (11-06), then it goes to B and
    # waits there unsigned: overdue for B; the return counts for A.
    L["L6"] = submit(at("2026-11-05"), kind="suggestion")
    dispatch(w, L["L6"], a)
    workflow.letter_return(letter_id=L["L6"].pk, actor=users["handler_a"], reason="不属本单位职责")
    # Events are stamped with the real clock; the scenario returns it on 11-06.
    LetterEvent.objects.filter(letter=L["L6"], action="return").update(at=at("2026-11-06"))
    dispatch(w, L["L6"], b)
    # L7 consultation, Tue 11-03, due Fri 11-06; paused for 补正: the clock stopped, so not
    # overdue.
    L["L7"] = submit(at("2026-11-03"))
    dispatch(w, L["L7"], b)
    workflow.letter_sign(letter_id=L["L7"].pk, actor=users["handler_b"])
    workflow.letter_pause(letter_id=L["L7"].pk, actor=users["handler_b"], reason="请补充小区名称")

    # --- never dispatched (未分办) ---
    # L8 Fri 11-20 08:00, submitted, due Wed 11-25: not overdue at NOW.
    L["L8"] = submit(at("2026-11-20", "08:00"))
    # L9 complaint, Wed 11-11, rejected: received, not accepted, never overdue.
    L["L9"] = submit(at("2026-11-11"), kind="complaint")
    workflow.letter_reject(letter_id=L["L9"].pk, actor=users["dispatcher"], reason="属诉讼事项")
    # L10 Thu 11-12, accepted, due Tue 11-17, never dispatched: overdue.
    L["L10"] = submit(at("2026-11-12"))
    workflow.letter_accept(letter_id=L["L10"].pk, actor=users["dispatcher"])
    # Period edges are Beijing midnights: L15 (Sun 11-01 00:30, 10-31 in UTC) is a November
    # letter, L16 (Sat 10-31 23:30) an October one. Both rejected.
    for key, received in (("L15", at("2026-11-01", "00:30")), ("L16", at("2026-10-31", "23:30"))):
        L[key] = submit(received)
        workflow.letter_reject(letter_id=L[key].pk, actor=users["dispatcher"], reason="重复来信")
    return w


def by_name(rows: tuple[ReportRow, ...]) -> dict[str, ReportRow]:
    return {row.department_name: row for row in rows}


def figures(row: ReportRow) -> dict[str, Any]:
    data = asdict(row)
    for key in ("department_id", "department_name", "department_short_name"):
        data.pop(key)
    return data


# --- periods ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "normalised", "label", "first", "last"),
    [
        ("2026-11", "2026-11", "2026年11月", date(2026, 11, 1), date(2026, 11, 30)),
        ("2026-12", "2026-12", "2026年12月", date(2026, 12, 1), date(2026, 12, 31)),
        ("2024-02", "2024-02", "2024年2月", date(2024, 2, 1), date(2024, 2, 29)),
        ("2026-Q4", "2026-Q4", "2026年第4季度", date(2026, 10, 1), date(2026, 12, 31)),
        (" 2026-q1 ", "2026-Q1", "2026年第1季度", date(2026, 1, 1), date(2026, 3, 31)),
        ("2026", "2026", "2026年", date(2026, 1, 1), date(2026, 12, 31)),
    ],
)
def test_periods_are_parsed_with_beijing_boundaries(
    value: str, normalised: str, label: str, first: date, last: date
) -> None:
    period = parse_period(value)
    assert (period.value, period.label, period.first_day, period.last_day) == (
        normalised,
        label,
        first,
        last,
    )
    assert period.start == datetime(first.year, first.month, 1, tzinfo=BEIJING)
    assert period.start.utcoffset() == period.end.utcoffset()  # both midnight in Beijing


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2026-13", "「统计期间」：月份应在01到12之间，如2026-11。"),
        ("2026-00", "「统计期间」：月份应在01到12之间，如2026-11。"),
        ("2026-Q5", "「统计期间」：季度应为Q1到Q4，如2026-Q4。"),
        ("2026-Q0", "「统计期间」：季度应为Q1到Q4，如2026-Q4。"),
        ("1999", "「统计期间」：年份应在2000到2100之间。"),
        *[
            (
                bad,
                "「统计期间」：格式不正确，请填写年月（如2026-11）、季度（如2026-Q4）或年份（如2026）。",
            )
            for bad in ("abc", "", "2026-1", "26-11", "2026-11-01", "2026Q4", "2026-H1")
        ],
    ],
)
def test_bad_periods_are_refused_with_a_chinese_message(value: str, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        build_report(value)
    assert caught.value.message_dict == {"period": [message]}


# --- figures ------------------------------------------------------------------------------


def test_monthly_report_per_department(world: World) -> None:
    report = build_report("2026-11", now=NOW)

    assert [row.department_name for row in report.rows] == [
        "测试市人民政府办公室",
        "测试市住房和城乡建设局",
        "测试市生态环境局",
        "未分办",
    ]
    rows = by_name(report.rows)
    assert figures(rows["测试市住房和城乡建设局"]) == {
        "received": 5,  # L1 L2 L3 L4 L14 (L5 and L12 came in October; L6 is now B's)
        "accepted": 5,
        "replied": 4,  # L1 L2 L4 L14 (L5 is October's)
        "reply_rate": 4 / 5,
        "replied_on_time": 2,  # L1 L4
        "replied_late": 2,  # L2 L14
        "overdue_open": 1,  # L3, due 11-17 after its extension
        "overdue": 3,
        "due": 5,
        "on_time_rate": 2 / 5,
        "avg_reply_working_days": (2 + 5 + 1 + 8) / 4,
        "rated": 3,
        "satisfied": 2,
        "satisfaction_rate": 2 / 3,
        "returns": 1,  # L6, returned by A
        "extensions": 1,  # the denied request does not count
        "site_error_received": 1,
        "site_error_replied": 1,
        "site_error_replied_on_time": 1,
        # 荷塘: L2 was replied late in November (−10), and L3 and October's L12 are past
        # their deadlines unanswered at the cutoff: the item scores 0.
        "score": 0,
        "score_late_replies": 1,
        "score_overdue_unanswered": 2,
    }
    assert figures(rows["测试市生态环境局"]) == {
        "received": 2,  # L6 L7
        "accepted": 2,
        "replied": 0,
        "reply_rate": 0.0,
        "replied_on_time": 0,
        "replied_late": 0,
        "overdue_open": 1,  # L6; L7 is paused
        "overdue": 1,
        "due": 1,
        "on_time_rate": 0.0,
        "avg_reply_working_days": None,
        "rated": 0,
        "satisfied": 0,
        "satisfaction_rate": None,
        "returns": 0,
        "extensions": 0,
        "site_error_received": 0,
        "site_error_replied": 0,
        "site_error_replied_on_time": 0,
        "score": 0,  # L6 is past its deadline unanswered
        "score_late_replies": 0,
        "score_overdue_unanswered": 1,
    }
    unassigned = rows["未分办"]
    assert (unassigned.department_id, unassigned.score) == (None, None)
    # L8 L9 L10 L15; only L10 was accepted; L10 is overdue (L8 is due 11-25).
    assert (unassigned.received, unassigned.accepted, unassigned.overdue_open) == (4, 1, 1)
    office = rows["测试市人民政府办公室"]
    assert (office.received, office.reply_rate, office.score) == (0, None, 20)

    total = report.total
    assert total is not None
    assert (total.received, total.accepted, total.replied, total.due) == (11, 8, 4, 7)
    assert (total.reply_rate, total.on_time_rate, total.satisfaction_rate) == (0.5, 2 / 7, 2 / 3)
    assert (total.overdue_open, total.overdue, total.avg_reply_working_days) == (3, 5, 4.0)
    assert (total.returns, total.extensions, total.score) == (1, 1, None)
    assert report.site_error_reply_days == 2
    assert report.cutoff == NOW


def test_overdue_of_a_past_period_is_judged_at_its_end(world: World) -> None:
    later = datetime(2026, 12, 15, 9, 0, tzinfo=BEIJING)
    report = build_report("2026-11", now=later)
    # L8 (due 11-25) is now overdue too; the cutoff is the end of November, not "now".
    assert report.cutoff == datetime(2026, 12, 1, tzinfo=BEIJING)
    assert by_name(report.rows)["未分办"].overdue_open == 2
    assert report.total is not None
    assert report.total.overdue == 6


def test_quarter_and_year_cover_october_too(world: World) -> None:
    october = build_report("2026-10", now=NOW)
    a = by_name(october.rows)["测试市住房和城乡建设局"]
    # L5 was replied on 11-03, after October's cutoff; L12 is overdue at it.
    assert (a.received, a.replied, a.overdue_open, a.due) == (2, 0, 1, 1)
    for period in ("2026-Q4", "2026"):
        report = build_report(period, now=NOW)
        assert report.total is not None
        assert (report.total.received, report.total.replied, report.total.overdue_open) == (
            14,
            5,
            4,  # L3 L6 L10 and October's L12
        )
    assert build_report("2026-Q3", now=NOW).total == build_report("2025", now=NOW).total


def test_department_scoped_report_has_only_that_row(world: World) -> None:
    report = build_report("2026-11", department_ids=[world.a.pk], now=NOW)
    assert [row.department_id for row in report.rows] == [world.a.pk]
    assert report.total is None
    full = by_name(build_report("2026-11", now=NOW).rows)["测试市住房和城乡建设局"]
    assert report.rows[0] == full


@pytest.mark.parametrize(
    ("late", "overdue_unanswered", "score"),
    [
        (0, 0, 20),  # nothing late, nothing unanswered past its deadline: full marks
        (0, 1, 0),  # 留言未答复得0分
        (1, 0, 10),  # 每超期答复一次扣10分
        (2, 0, 0),
        (4, 0, 0),  # floored at 0
        (1, 3, 0),
    ],
)
def test_the_seeded_hetang_rule_scores_as_its_text_says(
    late: int, overdue_unanswered: int, score: int
) -> None:
    rule = active_rule()
    assert rule is not None
    assert (rule.label, rule.full_points, rule.penalty_per_late_reply) == ("互动交流得分", 20, 10)
    assert rule.source.startswith("荷塘区政府门户网站考核评分细则")
    assert rule.points(late_replies=late, overdue_unanswered=overdue_unanswered) == score


def test_a_department_with_an_overdue_unanswered_letter_scores_0_and_shows_why(
    world: World,
) -> None:
    explained = explain_score("2026-11", world.a.pk, now=NOW)
    assert explained is not None
    assert (explained.score, explained.full_points) == (0, 20)
    assert [(d.tracking_number, d.reason, d.points) for d in explained.deductions] == [
        (world.letters["L2"].tracking_number, "超期答复", 10),
        (world.letters["L12"].tracking_number, "超期未答复", None),
        (world.letters["L3"].tracking_number, "超期未答复", None),
    ]


def test_letters_received_today_and_not_yet_due_cost_no_points(world: World) -> None:
    fresh = DepartmentFactory(name="测试市民政局")
    for _ in range(5):
        dispatch(world, submit(at("2026-11-20", "08:30")), fresh)
    row = by_name(build_report("2026-11", now=NOW).rows)["测试市民政局"]
    assert (row.received, row.replied, row.overdue_open, row.score) == (5, 0, 0, 20)
    explained = explain_score("2026-11", fresh.pk, now=NOW)
    assert explained is not None
    assert (explained.score, explained.deductions) == (20, [])


def test_build_report_runs_a_constant_number_of_queries(world: World) -> None:
    build_report("2026-11", now=NOW)  # warm the calendar cache
    with CaptureQueriesContext(connection) as first:
        build_report("2026-11", now=NOW)
    extra = [DepartmentFactory() for _ in range(3)]
    for i, department in enumerate(extra):
        handler = staff_user(f"handler_x{i}", "handler", department)
        reviewer = staff_user(f"reviewer_x{i}", "reviewer", department)
        world.users |= {f"handler_x{i}": handler, f"reviewer_x{i}": reviewer}
        for day in ("2026-11-02", "2026-11-09", "2026-11-16"):
            letter = submit(at(day), kind="help")
            dispatch(world, letter, department)
            reply(world, letter, f"x{i}", at(day, "17:00"), "satisfied")
        returned = submit(at("2026-11-18"))
        dispatch(world, returned, department)
        workflow.letter_return(letter_id=returned.pk, actor=handler, reason="不属本单位职责")
    with CaptureQueriesContext(connection) as second:
        report = build_report("2026-11", now=NOW)
    assert report.total is not None
    assert (report.total.replied, report.total.returns) == (4 + 9, 1 + 3)
    assert len(second) == len(first) == 8


# --- API ------------------------------------------------------------------------------------


def test_supervisor_sees_every_department_and_the_total(world: World) -> None:
    response = world.client("supervisor").get(REPORTS, {"period": "2026-11"})
    assert response.status_code == 200
    body = response.json()
    assert body["period"] == {
        "value": "2026-11",
        "kind": "month",
        "display": "2026年11月",
        "first_day": "2026-11-01",
        "last_day": "2026-11-30",
    }
    assert [row["department_name"] for row in body["rows"]] == [
        "测试市人民政府办公室",
        "测试市住房和城乡建设局",
        "测试市生态环境局",
        "未分办",
    ]
    a = body["rows"][1]
    assert (a["received"], a["reply_rate"], a["on_time_rate"]) == (5, 0.8, 0.4)
    assert (a["satisfaction_rate"], a["avg_reply_working_days"]) == (0.6667, 4.0)
    assert (a["score"], a["score_late_replies"], a["score_overdue_unanswered"]) == (0, 1, 2)
    assert body["total"]["received"] == 11
    assert body["total"]["department_id"] is None
    assert body["metrics"][0] == {
        "field": "received",
        "title": "留言数",
        "kind": "count",
        "period_rule": "按来信时间",
        "description": "统计期间内收到的留言。",
    }
    assert [m["period_rule"] for m in body["metrics"] if m["field"] == "returns"] == ["按发生时间"]
    assert "每超期答复一次扣10分" in body["score_rule"]


def test_the_score_api_lists_the_letters_behind_each_deduction(world: World) -> None:
    response = world.client("supervisor").get(
        f"{REPORTS}score/", {"period": "2026-11", "department": world.a.pk}
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["score"], body["full_points"], body["title"]) == (0, 20, "互动交流得分")
    assert [(d["tracking_number"], d["reason"], d["points"]) for d in body["deductions"]] == [
        (world.letters["L2"].tracking_number, "超期答复", 10),
        (world.letters["L12"].tracking_number, "超期未答复", None),
        (world.letters["L3"].tracking_number, "超期未答复", None),
    ]
    # A department's own staff may see their own score, not another's.
    own = world.client("handler_a").get(
        f"{REPORTS}score/", {"period": "2026-11", "department": world.a.pk}
    )
    other = world.client("handler_a").get(
        f"{REPORTS}score/", {"period": "2026-11", "department": world.b.pk}
    )
    assert (own.status_code, other.status_code) == (200, 403)
    bad = world.client("supervisor").get(f"{REPORTS}score/", {"period": "2026-11"})
    assert bad.status_code == 400
    assert list(bad.json()["errors"]) == ["department"]


@pytest.mark.parametrize("role", ["dispatcher", "publisher"])
def test_site_office_sees_every_department(world: World, role: str) -> None:
    body = world.client(role).get(REPORTS, {"period": "2026-Q4"}).json()
    assert len(body["rows"]) == 4
    assert body["total"]["received"] == 14


@pytest.mark.parametrize(("user", "department"), [("handler_a", "a"), ("reviewer_b", "b")])
def test_department_staff_see_only_their_own_row(world: World, user: str, department: str) -> None:
    response = world.client(user).get(REPORTS, {"period": "2026-11"})
    assert response.status_code == 200
    body = response.json()
    own = getattr(world, department)
    assert [row["department_id"] for row in body["rows"]] == [own.pk]
    assert body["total"] is None


@pytest.mark.parametrize("user", ["admin", "auditor"])
def test_roles_without_case_work_are_refused(world: World, user: str) -> None:
    for url in (REPORTS, f"{REPORTS}export/"):
        response = world.client(user).get(url, {"period": "2026-11"})
        assert response.status_code == 403
        assert response.json()["detail"]


def test_anonymous_is_refused(world: World, api: APIClient) -> None:
    for url in (REPORTS, f"{REPORTS}export/"):
        assert api.get(url, {"period": "2026-11"}).status_code in (401, 403)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"period": "2026-13"}, "「统计期间」：月份应在01到12之间，如2026-11。"),
        ({"period": "2026-Q5"}, "「统计期间」：季度应为Q1到Q4，如2026-Q4。"),
        (
            {"period": "abc"},
            "「统计期间」：格式不正确，请填写年月（如2026-11）、季度（如2026-Q4）或年份（如2026）。",
        ),
        ({}, "「统计期间」：请填写统计期间，如2026-11、2026-Q4或2026。"),
    ],
)
def test_bad_period_is_a_400_naming_the_field(
    world: World, query: dict[str, str], message: str
) -> None:
    for url in (REPORTS, f"{REPORTS}export/"):
        response = world.client("supervisor").get(url, query)
        assert response.status_code == 400
        assert response.json() == {
            "detail": "提交的内容有误，请按提示修改后重试。",
            "errors": {"period": [message]},
        }


# --- Excel ----------------------------------------------------------------------------------


def test_export_is_a_workbook_with_a_summary_and_a_sheet_per_department(world: World) -> None:
    response = world.client("supervisor").get(f"{REPORTS}export/", {"period": "2026-q4"})
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == 'attachment; filename="report-2026-Q4.xlsx"'
    workbook = load_workbook(BytesIO(response.content))
    assert workbook.sheetnames == [
        "汇总",
        "测试市人民政府办公室",
        "测试市住房和城乡建设局",
        "测试市生态环境局",
        "未分办",
        "来信渠道",
        "互动交流",
        "指标说明",
    ]
    summary = workbook["汇总"]
    assert summary["A1"].value == "2026年第4季度政民互动办理情况汇总"
    header = [cell.value for cell in summary[3]]
    assert header[:5] == ["单位", "留言数", "受理数", "答复数", "答复率"]
    names = [summary.cell(row=r, column=1).value for r in range(4, 9)]
    assert names == [*workbook.sheetnames[1:5], "合计"]
    # A in Q4: L1 L2 L3 L4 L14 + October's L5 L12 received; L1 L2 L4 L5 L14 replied.
    rate = summary.cell(row=5, column=header.index("答复率") + 1)
    assert (rate.value, rate.number_format) == (5 / 7, "0.0%")
    assert summary.cell(row=8, column=2).value == 14  # 合计 来信数
    score = summary.cell(row=6, column=header.index("互动交流得分") + 1)
    assert score.value == 0  # B
    b_sheet = workbook["测试市生态环境局"]
    assert (b_sheet["A4"].value, b_sheet["B4"].value) == ("留言数", 2)
    assert (b_sheet["A7"].value, b_sheet["B7"].value) == ("答复率", 0)
    assert (b_sheet["A13"].value, b_sheet["B13"].value) == ("按期办结率", 0)  # L6 overdue
    notes = workbook["指标说明"]
    assert [cell.value for cell in notes[3]] == ["指标", "统计口径", "说明"]
    assert (notes["A4"].value, notes["B4"].value) == ("留言数", "按来信时间")


def test_department_export_has_no_total_row(world: World) -> None:
    response = world.client("handler_a").get(f"{REPORTS}export/", {"period": "2026-11"})
    workbook = load_workbook(BytesIO(response.content))
    assert workbook.sheetnames == ["汇总", "测试市住房和城乡建设局", "来信渠道", "指标说明"]
    summary = workbook["汇总"]
    assert summary["A4"].value == "测试市住房和城乡建设局"
    assert summary["A5"].value is None


def test_sheet_titles_are_valid_and_unique() -> None:
    used = {"汇总"}
    long_name = "测试市发展和改革委员会（测试市粮食和物资储备局、测试市价格监督检查局）"
    titles = [
        sheet_title("数据/统计[科]:*?\\办", used),
        sheet_title(long_name, used),
        sheet_title(long_name, used),
        sheet_title("'汇总'", used),
        sheet_title("", used),
    ]
    assert titles[0] == "数据_统计_科_____办"
    assert titles[1] == long_name[:31]
    assert titles[2] == long_name[:28] + "(2)"
    assert titles[3] == "汇总(2)"
    assert titles[4] == "单位"
    assert all(len(t) <= 31 and not set(t) & set("[]:*?/\\") for t in titles)
