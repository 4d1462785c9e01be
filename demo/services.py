"""Loads the demo city (临江市, fictional; data in ``demo/data``) through the real services:
intake, the case workflow, publication and the knowledge-base curator flow."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from accounts.demo import give_demo_devices
from demo.content import city
from demo.interviews import load_interviews
from demo.surveys import load_surveys
from demo.training import training_letters
from knowledge_base.models import KnowledgeEntry
from knowledge_base.services import draft_from_letter, entry_review, entry_submit, entry_update
from letters.choices import LetterStatus
from letters.models import DeadlinePolicy, Letter, PublicationPolicy, ReplyTemplate
from letters.services import workflow
from letters.services.intake import LetterSubmission, letter_submit
from org.models import Department, Leader, Solicitation, StaffProfile, Website
from org.roles import Role
from routing.models import CategoryMapping, HistoricalLetter
from supervision.models import ScoringRule
from supervision.reporting import run_calendar

# Channels whose demo letters the operator (录入员) typed in for the caller.
OPERATOR_SOURCES = frozenset({"hotline", "visit", "mail"})

DEMO_PASSWORD = "demo-linjiang-2026"  # noqa: S105 - public demo login, refused in production
TRAINING_SOURCE = "demo"  # HistoricalLetter.source of the demo training letters


@dataclass(frozen=True)
class DemoSummary:
    departments: int
    leaders: int
    websites: int
    solicitations: int
    letters: int
    entries: int


def demo_loaded() -> bool:
    return Department.objects.filter(code=city().departments[0]["code"]).exists()


def demo_handler(code: str) -> str:
    return f"{code.lower()}-handler"


def demo_reviewer(code: str) -> str:
    return f"{code.lower()}-reviewer"


def _user(username: str) -> Any:
    return get_user_model().objects.get(username=username)


@transaction.atomic
def load_policies() -> int:
    """The city's own rules: each deadline policy's limits, each kind's publication rule
    and the assessment score, with their sources from rules.yaml, written over what
    ``migrate`` seeded with real-world sources."""
    demo = city()
    for row in demo.policies:
        DeadlinePolicy.objects.update_or_create(
            kind=row["kind"],
            step=row["step"],
            defaults={
                "working_days": row["working_days"],
                "max_working_days": row["max_working_days"],
                "source": demo.policy_source(row),
                "active": True,
            },
        )
    for row in demo.publication:
        PublicationPolicy.objects.update_or_create(
            kind=row["kind"],
            defaults={"rule": row["rule"], "source": demo.policy_source(row)},
        )
    # The city's own assessment score replaces the seeded (荷塘区) rule as the active one.
    score = demo.scoring
    ScoringRule.objects.exclude(code=score["code"]).update(active=False)
    ScoringRule.objects.update_or_create(
        code=score["code"],
        defaults={
            "label": score["label"],
            "full_points": score["full_points"],
            "penalty_per_late_reply": score["penalty_per_late_reply"],
            "zero_if_overdue_unanswered": score["zero_if_overdue_unanswered"],
            "kinds": list(score["kinds"]),
            "description": score["description"],
            "source": demo.policy_source(score),
            "active": True,
        },
    )
    return len(demo.policies)


@transaction.atomic
def load_organisation() -> None:
    demo = city()
    for order, row in enumerate(demo.departments):
        Department.objects.create(
            code=row["code"],
            name=row["name"],
            short_name=row["short_name"],
            parent=Department.objects.get(code=row["parent"]) if row["parent"] else None,
            level=row["level"],
            kinds=row["kinds"],
            head_name=row["head"],
            phone=row["phone"],
            sort_order=order,
        )
    for order, row in enumerate(demo.leaders):
        Leader.objects.create(
            name=row["name"],
            title=row["title"],
            office=Department.objects.get(code=row["office"]),
            intro=row["intro"],
            sort_order=order,
        )
    for row in demo.websites:
        Website.objects.create(
            name=row["name"],
            domains=row["domains"],
            site_code=row["site_code"],
            owner=Department.objects.get(code=row["owner"]),
        )
    # Keep the demo alive whenever it is loaded: the open solicitation opened 20 days ago
    # and runs 40 more; the others closed before it, with their original length.
    today = timezone.localdate()
    for index, row in enumerate(demo.solicitations):
        opens, closes = date.fromisoformat(row["opens"]), date.fromisoformat(row["closes"])
        if row["open"]:
            opens, closes = today - timedelta(days=20), today + timedelta(days=40)
        else:
            length = closes - opens
            closes = today - timedelta(days=90 + index)
            opens = closes - length
        Solicitation.objects.create(
            title=row["title"],
            text=row["text"],
            owner=Department.objects.get(code=row["owner"]),
            opens_on=opens,
            closes_on=closes,
        )


def advance(letter: Letter, row: dict[str, Any]) -> None:
    """Take a showcase letter to its stage through the real workflow services."""
    stage = row["stage"]
    dispatcher = _user("fenban")
    letter.refresh_from_db()
    # Letters that name their target (领导信箱, 找错, 征集意见) were dispatched by the router
    # already; they stay where the router put them unless their stage goes further.
    auto_dispatched = letter.status == LetterStatus.DISPATCHED
    if stage == "submitted" or (auto_dispatched and stage in {"accepted", "rejected"}):
        return
    if stage == "accepted":
        workflow.letter_accept(letter_id=letter.pk, actor=dispatcher)
        return
    if stage == "rejected":
        workflow.letter_reject(letter_id=letter.pk, actor=dispatcher, reason=row["reject_reason"])
        return
    code = row["department"]
    department = Department.objects.get(code=code)
    if not auto_dispatched:
        workflow.letter_dispatch(letter_id=letter.pk, actor=dispatcher, department_id=department.pk)
    elif letter.department_id != department.pk:
        workflow.letter_transfer(
            letter_id=letter.pk,
            actor=dispatcher,
            department_id=department.pk,
            reason="由市政府办公室转交职能部门办理",
        )
    if stage == "dispatched":
        return
    handler = _user(demo_handler(code))
    workflow.letter_sign(letter_id=letter.pk, actor=handler)
    if stage == "in_progress":
        return
    if stage == "paused":
        workflow.letter_pause(
            letter_id=letter.pk, actor=handler, reason="请补充相关证明材料或现场照片"
        )
        return
    reply = row["reply"] or "经核实，我单位已安排专人办理，将尽快处理并反馈结果。"
    workflow.reply_draft(letter_id=letter.pk, actor=handler, text=reply)
    workflow.reply_submit(letter_id=letter.pk, actor=handler)
    if stage == "under_review":
        return
    for role in workflow.review_chain():
        reviewer = (
            _user(demo_reviewer(code))
            if role == Role.REVIEWER
            else _user("qianfa" if role == Role.PUBLISHER else "duban")
        )
        workflow.reply_review(letter_id=letter.pk, actor=reviewer, approve=True)
    letter.refresh_from_db()
    if letter.status == LetterStatus.OFFICE_REVIEW:  # 找错: the site office reviews first
        if stage in {"office_review", "replied"}:
            return
        # Passed, it is published with the masked proposal (no consent needed for 找错).
        workflow.office_review(letter_id=letter.pk, actor=_user("qianfa"), approve=True)
    elif stage == "published":  # the publisher confirms the masked proposal
        proposal = workflow.publication_proposal(Letter.objects.get(pk=letter.pk))
        workflow.letter_publish(
            letter_id=letter.pk, actor=_user("qianfa"), public_text=proposal["public_text"]
        )
    if stage == "closed":
        workflow.letter_rate(
            letter_id=letter.pk,
            rating=row["rating"] or "satisfied",
            comment=row["rating_comment"],
        )


def load_letters() -> list[Letter]:
    """Submit every showcase letter through the intake service, received days ago, and
    take each to its stage through the workflow."""
    demo = city()
    leaders = {leader.name: leader for leader in Leader.objects.all()}
    solicitations = {
        row["key"]: Solicitation.objects.get(title=row["title"]) for row in demo.solicitations
    }
    now = timezone.now()
    operator = get_user_model().objects.filter(groups__name=Role.OPERATOR).first()
    letters: list[Letter] = []
    for order, row in enumerate(demo.letters):
        leader = leaders[row["leader"]] if row["leader"] is not None else None
        solicitation = solicitations[row["solicitation"]] if row["solicitation"] else None
        submission = LetterSubmission(
            kind=row["kind"],
            title=row["title"],
            body=row["body"],
            name=row["name"],
            phone=row["phone"],
            email=row["email"],
            id_number=row["id_number"],
            address=row["address"],
            consent_public=row["consent_public"],
            leader_id=leader.pk if leader else None,
            url=row["url"],
            error_type=row["error_type"],
            solicitation_id=solicitation.pk if solicitation else None,
            source=row["source"],
        )
        # Hotline, visit and mail letters were typed in by the operator (录入员).
        entered_by = operator if row["source"] in OPERATOR_SOURCES else None
        # Spread within the day so the timeline reads naturally and numbers stay ordered.
        received_at = now - timedelta(days=row["days_ago"], minutes=len(demo.letters) - order)
        letter = letter_submit(
            submission=submission, received_at=received_at, entered_by=entered_by
        ).letter
        advance(letter, row)
        letters.append(letter)
    return letters


def _staff(
    username: str, role: str, department: Department, full_name: str, password_hash: str
) -> Any:
    user = get_user_model().objects.create(
        username=username, password=password_hash, first_name=full_name, is_staff=role == Role.ADMIN
    )
    user.groups.add(Group.objects.get(name=role))
    StaffProfile.objects.create(user=user, department=department)
    return user


@transaction.atomic
def load_staff() -> None:
    """One account per site-office role, and a handler and a reviewer per department."""
    demo = city()
    get_user_model().objects.create_superuser(username="admin", password=DEMO_PASSWORD, email="")
    hashed = make_password(DEMO_PASSWORD)  # one hash for all demo accounts: load in seconds
    office = Department.objects.get(code=demo.site_office)
    for row in demo.staff:
        _staff(row["username"], Role(row["role"]), office, row["name"], hashed)
    for department in Department.objects.exclude(level="city"):
        short = department.short_name or department.name
        _staff(demo_handler(department.code), Role.HANDLER, department, f"{short}承办人", hashed)
        _staff(demo_reviewer(department.code), Role.REVIEWER, department, f"{short}审核人", hashed)
    # Second factor: one fixed, published demo TOTP secret (`manage.py demo_otp USERNAME`).
    give_demo_devices(get_user_model().objects.all())
    for row in demo.reply_templates:
        ReplyTemplate.objects.create(
            name=row["name"],
            kind=row["kind"] or "",
            department=Department.objects.get(code=row["department"])
            if row["department"]
            else None,
            text=row["text"],
        )


def load_knowledge(letters: list[Letter]) -> list[KnowledgeEntry]:
    """Knowledge-base entries drafted by the demo curator from answered consultations
    (among the showcase ``letters``), given keywords, submitted and approved by the demo
    publisher (through the publication gate)."""
    knowledge = city().knowledge
    curator, approver = _user(knowledge["curator"]), _user(knowledge["approver"])
    by_title = {letter.title: letter for letter in letters}
    entries: list[KnowledgeEntry] = []
    for row in knowledge["entries"]:
        letter = by_title[row["letter"]]
        entry = draft_from_letter(letter, curator)
        entry = entry_update(entry, curator, keywords=row["keywords"])
        entry = entry_submit(entry, curator)
        entries.append(entry_review(entry, approver, approve=True))
    return entries


def load_demo() -> DemoSummary | None:
    """Load the demo city once; return None when it is already there."""
    if demo_loaded():
        return None
    load_organisation()
    load_policies()
    load_staff()
    letters = load_letters()
    entries = load_knowledge(letters)
    load_surveys()
    load_interviews()
    # The reports already due (last month's 月普查, …) are on the reports page from the start.
    run_calendar()
    return DemoSummary(
        departments=Department.objects.count(),
        leaders=Leader.objects.count(),
        websites=Website.objects.count(),
        solicitations=Solicitation.objects.count(),
        letters=len(letters),
        entries=len(entries),
    )


def load_training() -> int | None:
    """The demo router's training letters and category table; None when already loaded.

    Needs the demo units (``load_demo``) first: raises LookupError without them."""
    if HistoricalLetter.objects.filter(source=TRAINING_SOURCE).exists():
        return None
    categories = city().categories
    departments = {
        d.code: d for d in Department.objects.filter(code__in=[c["department"] for c in categories])
    }
    if len(departments) < len({c["department"] for c in categories}):
        raise LookupError("请先执行 load_demo 载入演示单位。")
    letters = training_letters()
    today = timezone.localdate()
    with transaction.atomic():
        for row in categories:
            CategoryMapping.objects.get_or_create(
                category=row["name"], defaults={"department": departments[row["department"]]}
            )
        HistoricalLetter.objects.bulk_create(
            HistoricalLetter(
                title=row["title"],
                body=row["body"],
                department=departments[row["department"]],
                kind=row["kind"],
                # Spread over the last two years: the most recent, held back by
                # train_router to compare versions, cover every category.
                received_on=today - timedelta(days=row["days_ago"]),
                source=TRAINING_SOURCE,
            )
            for row in letters
        )
    return len(letters)
