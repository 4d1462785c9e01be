"""The workspace's interview console: each role sees its forms and acts through the
interview services; staff outside the interview get 404, refusals come back as a
message and change nothing."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from accounts.testing import VerifiedClient
from interviews.models import InterviewPost, InterviewQuestion
from tests.interviews.world import InterviewWorld

pytestmark = pytest.mark.django_db


def signed_in(user: User) -> VerifiedClient:
    client = VerifiedClient()
    client.force_login(user)
    return client


def test_moderator_host_and_typist_run_an_interview(world: InterviewWorld) -> None:
    question = world.ask()
    url = f"/workspace/interviews/{world.interview.pk}/"
    moderator, host, typist = (
        signed_in(world.moderator),
        signed_in(world.host),
        signed_in(world.typist),
    )

    listing = moderator.get("/workspace/interviews/").content.decode()
    page = moderator.get(url).content.decode()
    accepted = moderator.post(
        f"{url}accept/", {"question": question.pk, "public_text": "加装电梯补贴标准是多少？"}
    )
    started = host.post(f"{url}start/")
    posted = typist.post(
        f"{url}post/", {"speaker": "guest", "text": "每台补贴20万元。", "question": question.pk}
    )
    refused = typist.post(f"{url}post/", {"speaker": "host", "text": "冒充主持人"}, follow=True)

    assert "聚焦老旧小区改造" in listing
    assert "待审核的网友提问（1）" in page
    assert "我是赵先生/女士，电话139****1234。" in page
    assert "13900001234" not in page
    assert (accepted.status_code, started.status_code, posted.status_code) == (302, 302, 302)
    stored = InterviewQuestion.objects.get()
    assert (stored.status, stored.public_text, stored.answered_live) == (
        "answered",
        "加装电梯补贴标准是多少？",
        True,
    )
    assert list(InterviewPost.objects.values_list("speaker_name", "text")) == [
        ("市住房和城乡建设局局长 裴建新", "每台补贴20万元。")
    ]
    assert "只有本场访谈的主持人可以以主持人身份发言。" in refused.content.decode()


def test_outsiders_find_no_interview(world: InterviewWorld) -> None:
    question = world.ask()
    url = f"/workspace/interviews/{world.interview.pk}/"
    outsider = signed_in(world.outsider)

    assert outsider.get(url).status_code == 404
    assert outsider.post(f"{url}accept/", {"question": question.pk}).status_code == 404
    assert "聚焦老旧小区改造" not in outsider.get("/workspace/interviews/").content.decode()
    assert VerifiedClient().get(url)["Location"].startswith("/accounts/login/")
    assert InterviewQuestion.objects.get().status == "pending"
