"""The interview pages work without JavaScript: the plan, live and archive list, the
interview page with its question form (receipt after a redirect; bad input answered on
the page with status 400 and nothing stored), the stream fragment and the images."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from interviews import services
from interviews.models import InterviewQuestion
from tests.interviews.test_services import PNG
from tests.interviews.world import QUESTION_TEXT, InterviewWorld

pytestmark = pytest.mark.django_db


def test_the_list_shows_plan_live_and_archive(world: InterviewWorld) -> None:
    planned = Client().get("/interviews/")
    world.start()
    live = Client().get("/interviews/")
    world.finish()
    archive = Client().get("/interviews/", {"q": "老旧小区"})
    nothing = Client().get("/interviews/", {"q": "医保"})

    assert planned.status_code == 200
    assert "访谈预告（2026年访谈计划）" in planned.content.decode()
    assert "聚焦老旧小区改造" in planned.content.decode()
    assert "目前没有正在直播的访谈。" in planned.content.decode()
    assert "目前没有正在直播的访谈。" not in live.content.decode()
    assert "共 1 场" in archive.content.decode()
    assert "没有符合条件的往期访谈。" in nothing.content.decode()


def test_asking_on_the_page_shows_the_receipt(world: InterviewWorld) -> None:
    client = Client()
    page = client.get(f"/interviews/{world.interview.pk}/")

    response = client.post(
        f"/interviews/{world.interview.pk}/",
        {"text": QUESTION_TEXT, "name": "赵敏", "phone": "139 0000 1234"},
    )
    receipt = client.get(response["Location"])
    again = client.get(response["Location"])

    question = InterviewQuestion.objects.get()
    assert page.status_code == 200
    assert "我要提问" in page.content.decode()
    assert response.status_code == 302
    assert response["Location"] == f"/interviews/{world.interview.pk}/receipt/"
    assert question.number in receipt.content.decode()
    assert question.query_code in receipt.content.decode()
    assert question.phone == "13900001234"
    assert "没有可显示的回执" in again.content.decode()


def test_bad_input_on_the_page_is_400_naming_the_field(world: InterviewWorld) -> None:
    response = Client().post(
        f"/interviews/{world.interview.pk}/", {"text": "太短", "name": "赵敏", "phone": "1"}
    )

    body = response.content.decode()
    assert response.status_code == 400
    assert "「您的问题」：问题至少10个字，请把问题写清楚。" in body
    assert "「联系电话」：格式不正确" in body
    assert InterviewQuestion.objects.count() == 0


def test_the_live_page_offers_a_reload_link_and_the_stream(world: InterviewWorld) -> None:
    question = world.accepted()
    world.start()
    services.post_create(
        interview_id=world.interview.pk,
        actor=world.typist,
        speaker="guest",
        text="每台补贴20万元。",
        question_id=question.pk,
        image=SimpleUploadedFile("a.png", PNG),
        image_alt="申请流程图",
    )

    page = Client().get(f"/interviews/{world.interview.pk}/").content.decode()
    stream = Client().get(f"/interviews/{world.interview.pk}/stream/")
    post = question.answers.get()
    image = Client().get(f"/interviews/images/{post.pk}/")

    assert "刷新查看最新发言" in page
    assert 'data-live-interview="' in page
    assert "interview-live.js" in page
    assert stream.status_code == 200
    assert "每台补贴20万元。" in stream.content.decode()
    assert "现场答复的网友提问（1）" in stream.content.decode()
    assert image.status_code == 200
    assert (image["Content-Type"], image["X-Content-Type-Options"]) == ("image/png", "nosniff")
    assert b"".join(image.streaming_content) == PNG  # type: ignore[attr-defined]


def test_the_transcript_lists_questions_answered_live_and_after(world: InterviewWorld) -> None:
    live, later = world.accepted(), world.accepted("小区停车位不足的问题有什么解决办法？")
    world.start()
    services.post_create(
        interview_id=world.interview.pk,
        actor=world.guest,
        speaker="guest",
        text="现场答复。",
        question_id=live.pk,
    )
    world.finish()
    services.post_create(
        interview_id=world.interview.pk,
        actor=world.guest,
        speaker="guest",
        text="会后答复。",
        question_id=later.pk,
    )

    page = Client().get(f"/interviews/{world.interview.pk}/").content.decode()

    assert "文字实录" in page
    assert "现场答复的网友提问（1）" in page
    assert "会后答复的网友提问（1）" in page
    assert "我要提问" not in page
    assert "interview-live.js" not in page


def test_unknown_or_unpublished_interviews_are_404(world: InterviewWorld, desk: Any) -> None:
    assert Client().get("/interviews/999999/").status_code == 404
    assert Client().get("/interviews/999999/stream/").status_code == 404
    assert Client().get("/interviews/images/999999/").status_code == 404
