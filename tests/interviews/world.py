"""An interview world on top of the desk world (tests/world.py): department ``a`` (住建局)
sends its head as the guest of one published interview at 2026-11-25 15:00 (the test
clock is 2026-11-20 10:00); each interview role has its own staff member."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django.contrib.auth.models import User
from rest_framework.test import APIClient

from interviews import services
from interviews.models import Interview, InterviewQuestion, InterviewStaff, StaffRole
from tests.factories import staff_user
from tests.world import Desk

SHANGHAI = ZoneInfo("Asia/Shanghai")
STARTS = datetime(2026, 11, 25, 15, 0, tzinfo=SHANGHAI)
ENDS = datetime(2026, 11, 25, 16, 30, tzinfo=SHANGHAI)
# The asker's question: her name and phone are in the text too.
ASKER = {"name": "赵敏", "phone": "13900001234"}
QUESTION_TEXT = "我是赵敏，电话13900001234。老旧小区加装电梯的补贴标准是多少，怎么申请？"


@dataclass
class InterviewWorld:
    desk: Desk
    interview: Interview
    host: User
    guest: User
    moderator: User
    typist: User
    outsider: User

    def api(self, user: User) -> APIClient:
        client = APIClient()
        client.force_authenticate(user)
        return client

    @property
    def staff_url(self) -> str:
        return f"/api/v1/staff/interviews/{self.interview.pk}/"

    def ask(self, text: str = QUESTION_TEXT, **fields: str) -> InterviewQuestion:
        data = {**ASKER, **fields}
        return services.question_submit(
            interview_id=self.interview.pk,
            submission=services.QuestionSubmission(
                name=data["name"], phone=data["phone"], text=text
            ),
        )

    def accepted(self, text: str = QUESTION_TEXT) -> InterviewQuestion:
        question = self.ask(text)
        return services.question_accept(
            interview_id=self.interview.pk, question_id=question.pk, actor=self.moderator
        )

    def start(self) -> Interview:
        return services.interview_start(interview_id=self.interview.pk, actor=self.host)

    def finish(self) -> Interview:
        return services.interview_finish(interview_id=self.interview.pk, actor=self.host)


def build_interview_world(desk: Desk, *, published: bool = True) -> InterviewWorld:
    interview = Interview.objects.create(
        title="聚焦老旧小区改造",
        topic="市住房和城乡建设局负责人解读老旧小区改造和加装电梯政策，回答网友关心的问题。",
        guest_department=desk.a,
        guest_name="市住房和城乡建设局局长 裴建新",
        host_name="林晓",
        starts_at=STARTS,
        ends_at=ENDS,
    )
    users = {
        "host": staff_user("zhuchiren", "handler", desk.office),
        "guest": staff_user("jiabin", "handler", desk.a),
        "moderator": staff_user("shenheyuan", "handler", desk.office),
        "typist": staff_user("luruyuan", "handler", desk.office),
        "outsider": staff_user("pangguan", "handler", desk.a),
    }
    for role in (StaffRole.HOST, StaffRole.GUEST, StaffRole.MODERATOR, StaffRole.TYPIST):
        InterviewStaff.objects.create(interview=interview, user=users[role.value], role=role)
    if published:
        services.interview_publish(interview_id=interview.pk, actor=users["host"])
        interview.refresh_from_db()
    return InterviewWorld(desk=desk, interview=interview, **users)
