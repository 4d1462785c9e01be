"""The interview lists and pages make a fixed number of queries, the same for a few rows
as for three times as many (see tests/ops/test_query_counts.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from pytest_django import DjangoAssertNumQueries as CountQueries
from rest_framework.test import APIClient

from interviews import services
from interviews.models import Interview, InterviewStaff
from tests.interviews.world import InterviewWorld
from tests.ops.test_query_counts import counted

pytestmark = pytest.mark.django_db
ROWS = pytest.mark.parametrize("rows", [3, 9], ids=["few", "three-times-more"])


def fill(world: InterviewWorld, rows: int) -> None:
    """``rows`` more published interviews, and ``rows`` questions answered live in the
    world's interview, which is then finished."""
    for index in range(rows):
        other = Interview.objects.create(
            title=f"第{index}期访谈",
            topic="访谈简介",
            guest_department=world.desk.b,
            host_name="林晓",
            starts_at=world.interview.starts_at + timedelta(days=index + 1),
            ends_at=world.interview.ends_at + timedelta(days=index + 1),
        )
        InterviewStaff.objects.create(interview=other, user=world.host, role="host")
        services.interview_publish(interview_id=other.pk, actor=world.host)
    questions = [
        world.accepted(f"第{index}个问题：加装电梯补贴怎么申请？") for index in range(rows)
    ]
    world.start()
    for question in questions:
        services.post_create(
            interview_id=world.interview.pk,
            actor=world.guest,
            speaker="guest",
            text="答复。",
            question_id=question.pk,
        )
    world.finish()


@ROWS
def test_the_interview_list_api(
    world: InterviewWorld, rows: int, django_assert_num_queries: CountQueries
) -> None:
    fill(world, rows)
    counted(APIClient(), "/api/v1/interviews/", 2, django_assert_num_queries)


@ROWS
def test_the_interview_detail_api(
    world: InterviewWorld, rows: int, django_assert_num_queries: CountQueries
) -> None:
    fill(world, rows)
    counted(APIClient(), f"/api/v1/interviews/{world.interview.pk}/", 5, django_assert_num_queries)


@ROWS
def test_the_interview_pages(
    world: InterviewWorld, rows: int, django_assert_num_queries: CountQueries
) -> None:
    fill(world, rows)
    counted(Client(), "/interviews/", 4, django_assert_num_queries)
    page = counted(Client(), f"/interviews/{world.interview.pk}/", 3, django_assert_num_queries)
    assert f"现场答复的网友提问（{rows}）" in page
