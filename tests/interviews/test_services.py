"""Interview services: the plan, questions and their moderation, posts, the transcript,
a question turned into a letter, and the supervision figures — exact values, and what a
refused action leaves unchanged."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from core.errors import ActionRefused
from core.models import SensitiveWord
from interviews import metrics, services
from interviews.models import Interview, InterviewPost, InterviewQuestion, InterviewStatus
from letters.choices import LetterSource, LetterStatus
from letters.models import Letter
from tests.interviews.world import QUESTION_TEXT, InterviewWorld, build_interview_world
from tests.world import Desk

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
MASKED = "我是赵先生/女士，电话139****1234。老旧小区加装电梯的补贴标准是多少，怎么申请？"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
    b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)


def test_publishing_the_plan_refuses_personal_data_and_changes_nothing(desk: Desk) -> None:
    world = build_interview_world(desk, published=False)
    Interview.objects.filter(pk=world.interview.pk).update(topic="欢迎拨打13812345678咨询。")

    with pytest.raises(ValidationError) as refused:
        services.interview_publish(interview_id=world.interview.pk, actor=world.host)

    assert refused.value.message_dict == {
        "topic": ["「访谈简介」：含有电话号码“13812345678”，请删去后再保存。"]
    }
    assert Interview.objects.get(pk=world.interview.pk).published is False


def test_a_question_is_stored_encrypted_and_flagged_for_sensitive_words(
    world: InterviewWorld,
) -> None:
    SensitiveWord.objects.create(word="敏感测试词", category="测试")

    question = world.ask("请问敏感测试词相关的电梯补贴如何申请办理？")

    stored = InterviewQuestion.objects.get(pk=question.pk)
    assert (stored.name, stored.phone, stored.status) == ("赵敏", "13900001234", "pending")
    assert stored.number == f"FT{question.pk:08d}"
    assert len(stored.query_code) == 8
    assert (stored.sensitive_flagged, [h["word"] for h in stored.sensitive_hits]) == (
        True,
        ["敏感测试词"],
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, phone FROM interviews_interviewquestion WHERE id = %s", [question.pk]
        )
        raw_name, raw_phone = cursor.fetchone()
    assert raw_name.startswith("pii1$")
    assert "赵敏" not in raw_name
    assert raw_phone.startswith("pii1$")
    assert "13900001234" not in raw_phone


def test_a_question_too_short_is_refused_naming_the_field(world: InterviewWorld) -> None:
    with pytest.raises(ValidationError) as refused:
        world.ask("太短了")

    assert refused.value.message_dict == {"text": ["「问题」：至少10个字，请把问题写清楚。"]}
    assert InterviewQuestion.objects.count() == 0


def test_accepting_publishes_the_masked_proposal(world: InterviewWorld) -> None:
    question = world.ask()

    assert services.question_proposal(question) == MASKED
    services.question_accept(
        interview_id=world.interview.pk, question_id=question.pk, actor=world.moderator
    )

    stored = InterviewQuestion.objects.get(pk=question.pk)
    assert (stored.status, stored.public_text, stored.moderated_by) == (
        "accepted",
        MASKED,
        world.moderator,
    )


def test_accepting_a_text_with_personal_data_is_refused_and_nothing_changes(
    world: InterviewWorld,
) -> None:
    question = world.ask()

    with pytest.raises(ActionRefused) as refused:
        services.question_accept(
            interview_id=world.interview.pk,
            question_id=question.pk,
            actor=world.moderator,
            public_text=QUESTION_TEXT,
        )

    assert sorted((h["field_label"], h["kind"], h["text"]) for h in refused.value.hits) == [
        ("公开的问题", "name", "赵敏"),
        ("公开的问题", "phone", "13900001234"),
    ]
    stored = InterviewQuestion.objects.get(pk=question.pk)
    assert (stored.status, stored.public_text) == ("pending", "")


def test_only_moderators_moderate(world: InterviewWorld) -> None:
    question = world.ask()

    for actor in (world.host, world.guest, world.typist, world.outsider):
        with pytest.raises(PermissionDenied):
            services.question_accept(
                interview_id=world.interview.pk, question_id=question.pk, actor=actor
            )
    assert InterviewQuestion.objects.get(pk=question.pk).status == "pending"


def test_merge_and_decline(world: InterviewWorld) -> None:
    first = world.accepted()
    duplicate = world.ask("老旧小区加装电梯有没有补贴？标准是多少？")
    off_topic = world.ask("我想咨询一下明天的天气情况怎么样呢？")

    services.question_merge(
        interview_id=world.interview.pk,
        question_id=duplicate.pk,
        actor=world.moderator,
        into_id=first.pk,
    )
    services.question_decline(
        interview_id=world.interview.pk,
        question_id=off_topic.pk,
        actor=world.moderator,
        reason="与本期访谈主题无关",
    )
    with pytest.raises(ValidationError) as refused:
        services.question_merge(
            interview_id=world.interview.pk,
            question_id=off_topic.pk,
            actor=world.moderator,
            into_id=off_topic.pk,
        )

    rows = {
        q.pk: (q.status, q.merged_into_id, q.decline_reason)
        for q in InterviewQuestion.objects.all()
    }
    assert rows == {
        first.pk: ("accepted", None, ""),
        duplicate.pk: ("merged", first.pk, ""),
        off_topic.pk: ("declined", None, "与本期访谈主题无关"),
    }
    assert refused.value.message_dict == {"into": ["「合并至」：请选择本场访谈中的另一个问题。"]}


def test_posts_live_then_answers_after_the_session(world: InterviewWorld) -> None:
    live_question, later_question = (
        world.accepted(),
        world.accepted("小区停车位不足的问题有什么解决办法？"),
    )
    with pytest.raises(ActionRefused):
        services.post_create(
            interview_id=world.interview.pk, actor=world.host, speaker="host", text="开场"
        )
    world.start()

    services.post_create(
        interview_id=world.interview.pk, actor=world.host, speaker="host", text="各位网友好！"
    )
    services.post_create(
        interview_id=world.interview.pk,
        actor=world.typist,
        speaker="guest",
        text="加装电梯每台补贴20万元，可向所在街道申请。",
        question_id=live_question.pk,
        image=SimpleUploadedFile("a.png", PNG),
        image_alt="加装电梯申请流程图",
    )
    with pytest.raises(PermissionDenied):
        services.post_create(
            interview_id=world.interview.pk, actor=world.typist, speaker="host", text="冒充主持人"
        )
    world.finish()
    with pytest.raises(ActionRefused) as refused:
        services.post_create(
            interview_id=world.interview.pk, actor=world.guest, speaker="guest", text="补充"
        )
    services.post_create(
        interview_id=world.interview.pk,
        actor=world.guest,
        speaker="guest",
        text="停车位问题正在规划新建停车场。",
        question_id=later_question.pk,
    )

    posts = [
        (p.speaker, p.speaker_name, p.text, p.question_id, p.live, p.author.username, p.image_type)
        for p in InterviewPost.objects.order_by("id")
    ]
    assert posts == [
        ("host", "主持人 林晓", "各位网友好！", None, True, "zhuchiren", ""),
        (
            "guest",
            "市住房和城乡建设局局长 裴建新",
            "加装电梯每台补贴20万元，可向所在街道申请。",
            live_question.pk,
            True,
            "luruyuan",
            "image/png",
        ),
        (
            "guest",
            "市住房和城乡建设局局长 裴建新",
            "停车位问题正在规划新建停车场。",
            later_question.pk,
            False,
            "jiabin",
            "",
        ),
    ]
    assert refused.value.message == "访谈已结束，只能补充答复网友的问题。"
    answered = {q.pk: (q.status, q.answered_live) for q in InterviewQuestion.objects.order_by("id")}
    assert answered == {
        live_question.pk: ("answered", True),
        later_question.pk: ("answered", False),
    }
    stored = InterviewPost.objects.get(question=live_question)
    assert stored.image.read() == PNG


def test_an_image_that_is_not_a_picture_is_refused(world: InterviewWorld) -> None:
    world.start()

    with pytest.raises(ValidationError) as refused:
        services.post_create(
            interview_id=world.interview.pk,
            actor=world.host,
            speaker="host",
            text="请看图",
            image=SimpleUploadedFile("a.png", b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
            image_alt="图",
        )

    assert list(refused.value.message_dict) == ["image"]
    assert InterviewPost.objects.count() == 0


def test_a_question_not_answered_becomes_a_letter_of_the_guests_department(
    world: InterviewWorld,
) -> None:
    question = world.accepted()
    world.start()
    with pytest.raises(ActionRefused):
        services.question_to_letter(
            interview_id=world.interview.pk, question_id=question.pk, actor=world.moderator
        )
    world.finish()

    letter = services.question_to_letter(
        interview_id=world.interview.pk, question_id=question.pk, actor=world.moderator
    )

    letter = Letter.objects.get(pk=letter.pk)
    assert (letter.kind, letter.source, letter.status, letter.department_id) == (
        "consultation",
        LetterSource.INTERVIEW,
        LetterStatus.DISPATCHED,
        world.desk.a.pk,
    )
    assert (letter.title, letter.body, letter.name, letter.phone) == (
        "在线访谈提问：聚焦老旧小区改造",
        QUESTION_TEXT,
        "赵敏",
        "13900001234",
    )
    # Received Friday 2026-11-20: three working days, end of Wednesday 2026-11-25.
    assert letter.deadline_at == datetime(2026, 11, 25, 23, 59, 59, tzinfo=SHANGHAI)
    stored = InterviewQuestion.objects.get(pk=question.pk)
    assert (stored.status, stored.letter_id) == ("forwarded", letter.pk)
    with pytest.raises(ActionRefused):
        services.question_to_letter(
            interview_id=world.interview.pk, question_id=question.pk, actor=world.moderator
        )
    assert Letter.objects.count() == 1


def test_period_figures_count_interviews_held_and_questions_answered(
    world: InterviewWorld,
) -> None:
    answered, waiting = world.accepted(), world.accepted("小区停车位不足的问题有什么解决办法？")
    world.ask("这个问题还没有审核，不应计入答复数。")
    world.start()
    services.post_create(
        interview_id=world.interview.pk,
        actor=world.guest,
        speaker="guest",
        text="可以申请补贴。",
        question_id=answered.pk,
    )
    assert metrics.period_figures(date(2026, 11, 1), date(2026, 12, 1)) == {
        "interviews_held": 0,
        "interview_questions_answered": 0,
    }
    world.finish()

    assert metrics.period_figures(date(2026, 11, 1), date(2026, 12, 1)) == {
        "interviews_held": 1,
        "interview_questions_answered": 1,
    }
    assert metrics.period_figures(date(2026, 11, 26), date(2026, 12, 1)) == {
        "interviews_held": 0,
        "interview_questions_answered": 0,
    }
    assert waiting.pk != answered.pk
    assert Interview.objects.get().status == InterviewStatus.FINISHED
