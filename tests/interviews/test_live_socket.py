"""The live page's websocket: anyone may watch a published interview and receives each
post after it is committed; an unpublished or unknown interview is refused (4404)."""

from __future__ import annotations

from typing import Any

import pytest
from asgiref.sync import async_to_sync
from channels.testing import WebsocketCommunicator
from django.db import transaction

from interviews import services
from tests.interviews.world import InterviewWorld, build_interview_world
from tests.world import build_desk

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _headers() -> list[tuple[bytes, bytes]]:
    return [(b"origin", b"http://testserver"), (b"host", b"testserver")]


def test_a_viewer_receives_each_post(flushable_audit_log: None) -> None:
    from desk.asgi import application

    world: InterviewWorld = build_interview_world(build_desk())
    world.start()
    received: list[Any] = []

    async def scenario() -> None:
        viewer = WebsocketCommunicator(
            application, f"/ws/interviews/{world.interview.pk}/", headers=_headers()
        )
        connected, _ = await viewer.connect()
        assert connected
        received.append(await viewer.receive_json_from(timeout=5))

        def post() -> None:
            with transaction.atomic():
                services.post_create(
                    interview_id=world.interview.pk,
                    actor=world.host,
                    speaker="host",
                    text="各位网友好！",
                )

        from channels.db import database_sync_to_async

        await database_sync_to_async(post)()
        received.append(await viewer.receive_json_from(timeout=5))
        await viewer.disconnect()

    async_to_sync(scenario)()

    post = world.interview.posts.get()
    assert received == [
        {"type": "hello"},
        {"type": "post", "interview_id": world.interview.pk, "post_id": post.pk},
    ]


def test_an_unpublished_interview_is_refused(flushable_audit_log: None) -> None:
    from desk.asgi import application

    hidden = build_interview_world(build_desk(), published=False)

    async def scenario() -> tuple[bool, Any]:
        viewer = WebsocketCommunicator(
            application, f"/ws/interviews/{hidden.interview.pk}/", headers=_headers()
        )
        connected, code = await viewer.connect()
        await viewer.disconnect()
        return bool(connected), code

    assert async_to_sync(scenario)() == (False, 4404)
