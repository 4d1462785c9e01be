"""Loads the demo city (临江市, fictional; content in ``letters.demo_content``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from desk.accounts.demo import give_demo_devices
from letters import demo_content as demo
from letters.choices import LetterStatus
from letters.models import (
    Department,
    Leader,
    Letter,
    ReplyTemplate,
    Solicitation,
    StaffProfile,
    Website,
)
from letters.roles import Role
from letters.services import workflow
from letters.services.intake import LetterSubmission, letter_submit


@dataclass(frozen=True)
class DemoSummary:
    departments: int
    leaders: int
    websites: int
    solicitations: int
    letters: int


def demo_loaded() -> bool:
    return Department.objects.filter(code=demo.DEPARTMENTS[0]["code"]).exists()


@transaction.atomic
def load_organisation() -> None:
    for order, row in enumerate(demo.DEPARTMENTS):
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
    for order, row in enumerate(demo.LEADERS):
        Leader.objects.create(
            name=row["name"],
            title=row["title"],
            office=Department.objects.get(code=row["office"]),
            intro=row["intro"],
            sort_order=order,
        )
    for row in demo.WEBSITES:
        Website.objects.create(
            name=row["name"],
            domains=row["domains"],
            site_code=row["site_code"],
            owner=Department.objects.get(code=row["owner"]),
        )
    # Keep the demo alive whenever it is loaded: the open solicitation opened 20 days ago
    # and runs 40 more; the others closed before it, with their original length.
    today = timezone.localdate()
    for index, row in enumerate(demo.SOLICITATIONS):
        opens, closes = date.fromisoformat(row["opens"]), date.fromisoformat(row["closes"])
        if index == demo.OPEN_SOLICITATION:
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
    user = get_user_model().objects.get
    stage = row["stage"]
    dispatcher = user(username="fenban")
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
    handler = user(username=demo_handler(code))
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
            user(username=demo_reviewer(code))
            if role == Role.REVIEWER
            else user(username="qianfa" if role == Role.PUBLISHER else "duban")
        )
        workflow.reply_review(letter_id=letter.pk, actor=reviewer, approve=True)
    if stage == "published":  # the publisher confirms the masked proposal
        proposal = workflow.publication_proposal(Letter.objects.get(pk=letter.pk))
        workflow.letter_publish(
            letter_id=letter.pk, actor=user(username="qianfa"), public_text=proposal["public_text"]
        )
    elif stage == "closed":
        workflow.letter_rate(letter_id=letter.pk, rating=row["rating"] or "satisfied")


def load_letters() -> list[Letter]:
    """Submit every showcase letter through the intake service, received days ago, and
    take each to its stage through the workflow."""
    leaders = list(Leader.objects.order_by("sort_order", "id"))
    solicitations = [Solicitation.objects.get(title=row["title"]) for row in demo.SOLICITATIONS]
    now = timezone.now()
    letters: list[Letter] = []
    for order, row in enumerate(demo.LETTERS):
        leader = leaders[row["leader"]] if row["leader"] is not None else None
        solicitation = (
            solicitations[row["solicitation"]] if row["solicitation"] is not None else None
        )
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
        )
        # Spread within the day so the timeline reads naturally and numbers stay ordered.
        received_at = now - timedelta(days=row["days_ago"], minutes=len(demo.LETTERS) - order)
        letter = letter_submit(submission=submission, received_at=received_at).letter
        advance(letter, row)
        letters.append(letter)
    return letters


DEMO_PASSWORD = "demo-linjiang-2026"  # noqa: S105 - public demo login, refused in production
SITE_OFFICE = "LJ-ZFB"  # 市政府办公室: dispatchers, publishers, supervisors
# (username, role, department, full name) — the accounts README lists.
DEMO_STAFF = [
    ("fenban", Role.DISPATCHER, SITE_OFFICE, "分办员 刘晓"),
    ("qianfa", Role.PUBLISHER, SITE_OFFICE, "签发人 陈静"),
    ("duban", Role.SUPERVISOR, SITE_OFFICE, "督办员 黄志强"),
    ("xitong", Role.ADMIN, SITE_OFFICE, "系统管理员 吴迪"),
    ("shenji", Role.AUDITOR, SITE_OFFICE, "审计员 林悦"),
]


def demo_handler(code: str) -> str:
    return f"{code.lower()}-handler"


def demo_reviewer(code: str) -> str:
    return f"{code.lower()}-reviewer"


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
    get_user_model().objects.create_superuser(username="admin", password=DEMO_PASSWORD, email="")
    hashed = make_password(DEMO_PASSWORD)  # one hash for all demo accounts: load in seconds
    for username, role, code, full_name in DEMO_STAFF:
        _staff(username, role, Department.objects.get(code=code), full_name, hashed)
    for department in Department.objects.exclude(level="city"):
        short = department.short_name or department.name
        _staff(demo_handler(department.code), Role.HANDLER, department, f"{short}承办人", hashed)
        _staff(demo_reviewer(department.code), Role.REVIEWER, department, f"{short}审核人", hashed)
    # Second factor: one fixed, published demo TOTP secret (`manage.py demo_otp USERNAME`).
    give_demo_devices(get_user_model().objects.all())
    for row in demo.REPLY_TEMPLATES:
        ReplyTemplate.objects.create(
            name=row["name"],
            kind=row["kind"] or "",
            department=Department.objects.get(code=row["department"])
            if row["department"]
            else None,
            text=row["text"],
        )


def load_demo() -> DemoSummary | None:
    """Load the demo city once; return None when it is already there."""
    if demo_loaded():
        return None
    load_organisation()
    load_staff()
    letters = load_letters()
    return DemoSummary(
        departments=Department.objects.count(),
        leaders=Leader.objects.count(),
        websites=Website.objects.count(),
        solicitations=Solicitation.objects.count(),
        letters=len(letters),
    )
