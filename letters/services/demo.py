"""Loads the demo city (临江市, fictional; content in ``letters.demo_content``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from letters import demo_content as demo
from letters.models import Department, Leader, Letter, Solicitation, Website
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


def load_letters() -> list[Letter]:
    """Submit every showcase letter through the intake service, received days ago."""
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
        letters.append(letter_submit(submission=submission, received_at=received_at).letter)
    return letters


DEMO_ADMIN = ("admin", "demo-linjiang-2026")  # documented in README; development only


def ensure_demo_admin() -> None:
    username, password = DEMO_ADMIN
    user_model = get_user_model()
    if not user_model.objects.filter(username=username).exists():
        user_model.objects.create_superuser(username=username, password=password, email="")


def load_demo() -> DemoSummary | None:
    """Load the demo city once; return None when it is already there."""
    if demo_loaded():
        return None
    ensure_demo_admin()
    load_organisation()
    letters = load_letters()
    return DemoSummary(
        departments=Department.objects.count(),
        leaders=Leader.objects.count(),
        websites=Website.objects.count(),
        solicitations=Solicitation.objects.count(),
        letters=len(letters),
    )
