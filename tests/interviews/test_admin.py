"""The plan in the admin: an interview with personal data in its public texts is not
saved; the publish action goes through the service."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from interviews.models import Interview
from tests.interviews.world import InterviewWorld, build_interview_world
from tests.world import Desk

pytestmark = pytest.mark.django_db


def form(desk: Desk, **fields: str) -> dict[str, Any]:
    return {
        "title": "聚焦物业服务",
        "topic": "市住房和城乡建设局负责人解读物业服务新规。",
        "guest_department": str(desk.a.pk),
        "host_name": "林晓",
        "starts_at_0": "2026-12-01",
        "starts_at_1": "15:00",
        "ends_at_0": "2026-12-01",
        "ends_at_1": "16:00",
        "summary": "",
        "staff-TOTAL_FORMS": "0",
        "staff-INITIAL_FORMS": "0",
        **fields,
    }


def test_the_admin_refuses_personal_data_in_the_plan(admin_client: Client, desk: Desk) -> None:
    refused = admin_client.post(
        "/admin/interviews/interview/add/", form(desk, topic="咨询请拨打13812345678。")
    )
    saved = admin_client.post("/admin/interviews/interview/add/", form(desk))

    assert refused.status_code == 200
    assert "含有电话号码“13812345678”" in refused.content.decode()
    assert saved.status_code == 302
    assert list(Interview.objects.values_list("title", "status", "published")) == [
        ("聚焦物业服务", "planned", False)
    ]


def test_the_publish_action(admin_client: Client, desk: Desk) -> None:
    world: InterviewWorld = build_interview_world(desk, published=False)

    response = admin_client.post(
        "/admin/interviews/interview/",
        {"action": "publish", "_selected_action": [str(world.interview.pk)]},
        follow=True,
    )

    assert "已发布1场访谈的预告。" in response.content.decode()
    assert Interview.objects.get().published is True
