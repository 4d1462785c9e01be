"""The demo city's interviews: one planned (the mayor, questions waiting), one finished
with its transcript (an image among the posts), questions answered live and after the
session, one forwarded as a letter to the guest's department, one declined."""

from __future__ import annotations

import pytest
from django.test import Client

from demo.services import load_demo
from interviews import services
from interviews.models import Interview, InterviewPost
from letters.choices import LetterSource
from letters.models import Letter

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_planned_and_a_finished_interview() -> None:
    load_demo()

    finished = Interview.objects.get(status="finished")
    planned = Interview.objects.get(status="planned")
    questions = {q.status: 0 for q in finished.questions.all()}
    for q in finished.questions.all():
        questions[q.status] += 1
    assert (finished.title, planned.title) == (
        "老旧小区改造和加装电梯怎么办",
        "2027年民生实事项目向网友问计",
    )
    assert planned.guest_label == "市长 郑怀远"
    assert questions == {"answered": 3, "forwarded": 1, "declined": 1}
    live = finished.questions.filter(status="answered", answered_live=True).count()
    assert live == 2
    assert InterviewPost.objects.filter(interview=finished).exclude(image="").count() == 1
    letter = Letter.objects.get(source=LetterSource.INTERVIEW)
    assert letter.department is not None
    assert (letter.department.code, letter.status) == ("LJ-ZJJ", "dispatched")
    assert [q.status for q in planned.questions.order_by("id")] == ["accepted", "pending"]
    assert services.public_interviews().count() == 2

    client = Client()
    page = client.get(f"/interviews/{finished.pk}/").content.decode()
    listing = client.get("/interviews/").content.decode()
    assert "文字实录" in page
    assert "会后答复的网友提问（1）" in page
    assert "顾明轩" not in page
    assert "13600010001" not in page
    assert "2027年民生实事项目向网友问计" in listing
