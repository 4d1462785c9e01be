"""The demo city's online interviews (``demo/data/interviews.yaml``), loaded through the
interview services: the plan, questions moderated through the publication gate, the live
posts of a finished interview (backdated to when it was held), an answer after the
session and a question forwarded as a letter to the guest's department."""

from __future__ import annotations

import io
from datetime import datetime, time, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from accounts.demo import give_demo_devices
from demo.content import city, read
from interviews import services
from interviews.models import Interview, InterviewPost, InterviewQuestion, InterviewStaff
from org.models import Department, Leader, StaffProfile

DATA_FILE = "interviews.yaml"


def flow_chart() -> bytes:
    """A plain five-step flow chart (PNG) drawn here, no text: the post's alt text says it."""
    image = Image.new("RGB", (640, 160), "white")
    draw = ImageDraw.Draw(image)
    colours = ["#1d4ed8", "#0f766e", "#b45309", "#7c3aed", "#15803d"]
    for index, colour in enumerate(colours):
        left = 16 + index * 126
        draw.rounded_rectangle((left, 50, left + 96, 110), radius=12, fill=colour)
        if index < len(colours) - 1:
            draw.polygon([(left + 100, 72), (left + 120, 80), (left + 100, 88)], fill="#334155")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _staff(rows: list[dict[str, str]]) -> None:
    """Accounts that work on interviews only: the site office's, no case role; the demo
    password and TOTP secret like every demo account."""
    from demo.services import DEMO_PASSWORD  # the loader imports this module

    office = Department.objects.get(code=city().site_office)
    hashed = make_password(DEMO_PASSWORD)
    users = []
    for row in rows:
        user = get_user_model().objects.create(
            username=row["username"], password=hashed, first_name=row["name"]
        )
        StaffProfile.objects.create(user=user, department=office)
        users.append(user)
    give_demo_devices(users)


def _at(days: int, hour: int) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


@transaction.atomic
def load_interviews() -> list[Interview]:
    data = read(DATA_FILE)
    _staff(data["staff"])
    return [_interview(row) for row in data["interviews"]]


def _user(username: str) -> Any:
    return get_user_model().objects.get(username=username)


def _interview(row: dict[str, Any]) -> Interview:
    starts = _at(row["days_from_today"], row["hour"])
    leader = Leader.objects.get(name=row["guest_leader"]) if row.get("guest_leader") else None
    interview = Interview.objects.create(
        title=row["title"],
        topic=row["topic"],
        guest_leader=leader,
        guest_department=Department.objects.get(code=row["guest_department"]),
        guest_name=row.get("guest_name", ""),
        host_name=row["host"],
        starts_at=starts,
        ends_at=starts + timedelta(minutes=row["minutes"]),
    )
    for role, username in row["roles"].items():
        InterviewStaff.objects.create(interview=interview, user=_user(username), role=role)
    host, moderator = _user(row["roles"]["host"]), _user(row["roles"]["moderator"])
    typist = _user(row["roles"]["typist"])
    services.interview_publish(interview_id=interview.pk, actor=host)
    questions = _questions(interview, row["questions"], moderator, starts)
    if row["status"] == "planned":
        return interview
    services.interview_start(interview_id=interview.pk, actor=host)
    for index, post in enumerate(row["posts"]):
        image = post.get("image")
        created = services.post_create(
            interview_id=interview.pk,
            actor=host if post["speaker"] == "host" else typist,
            speaker=post["speaker"],
            text=post["text"],
            question_id=questions[post["question"]].pk if "question" in post else None,
            image=SimpleUploadedFile("flow.png", flow_chart()) if image == "flow" else None,
            image_alt=post.get("image_alt", ""),
        )
        _backdate_post(created, starts + timedelta(minutes=5 + 6 * index))
    services.interview_finish(interview_id=interview.pk, actor=host, summary=row.get("summary", ""))
    ended = starts + timedelta(minutes=row["minutes"])
    Interview.objects.filter(pk=interview.pk).update(started_at=starts, finished_at=ended)
    guest = _user(row["roles"]["guest"]) if "guest" in row["roles"] else typist
    for answer in row.get("answers_after", []):
        created = services.post_create(
            interview_id=interview.pk,
            actor=guest,
            speaker="guest",
            text=answer["text"],
            question_id=questions[answer["question"]].pk,
        )
        _backdate_post(created, ended + timedelta(days=2))
    for spec, question in zip(row["questions"], questions, strict=True):
        if spec["outcome"] == "letter":
            services.question_to_letter(
                interview_id=interview.pk, question_id=question.pk, actor=moderator
            )
    interview.refresh_from_db()
    return interview


def _questions(
    interview: Interview, rows: list[dict[str, Any]], moderator: Any, starts: datetime
) -> list[InterviewQuestion]:
    questions = []
    for index, row in enumerate(rows):
        question = services.question_submit(
            interview_id=interview.pk,
            submission=services.QuestionSubmission(
                name=row["name"], phone=row["phone"], text=row["text"]
            ),
            received_at=starts - timedelta(days=3, hours=index),
        )
        if row["outcome"] == "declined":
            services.question_decline(
                interview_id=interview.pk,
                question_id=question.pk,
                actor=moderator,
                reason=row["reason"],
            )
        elif row["outcome"] != "pending":
            services.question_accept(
                interview_id=interview.pk, question_id=question.pk, actor=moderator
            )
        questions.append(question)
    return questions


def _backdate_post(post: InterviewPost, at: datetime) -> None:
    """The demo interview was held in the past: its posts carry the times they were made."""
    InterviewPost.objects.filter(pk=post.pk).update(posted_at=at)
    if post.question_id is not None:
        InterviewQuestion.objects.filter(pk=post.question_id).update(answered_at=at)
