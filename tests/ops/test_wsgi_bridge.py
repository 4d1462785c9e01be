"""desk.wsgi_bridge: HTTP requests handed to the WSGI application once, answered once.

A small request's body is read in the event loop and its finished response sent from it;
a streamed response is produced in the thread that ran the application; large and
chunked bodies go through a2wsgi. Tested at the ASGI boundary with a plain WSGI app.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from typing import Any

from desk.wsgi_bridge import BufferedWSGIMiddleware


class Echo:
    """A WSGI app answering with what it read; records its calls and the threads."""

    def __init__(self, streaming: bool = False) -> None:
        self.streaming = streaming
        self.threads: list[int] = []
        self.closed = 0
        self.environ: dict[str, Any] = {}

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        self.environ = environ
        self.threads.append(threading.get_ident())
        body = environ["wsgi.input"].read()
        start_response("201 Created", [("Content-Type", "text/plain"), ("X-Seen", str(len(body)))])
        app = self

        class Response:
            streaming = app.streaming

            def __iter__(self) -> Iterator[bytes]:
                app.threads.append(threading.get_ident())
                yield b"got "
                yield body

            def close(self) -> None:
                app.closed += 1

        return Response()


def call(app: Any, body_messages: list[dict[str, Any]], headers: list[tuple[bytes, bytes]]) -> Any:
    scope = {
        "type": "http",
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/api/v1/letters/",
        "raw_path": b"/api/v1/letters/",
        "query_string": b"",
        "root_path": "",
        "headers": headers,
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
    }
    incoming = list(body_messages)
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        if incoming:
            return incoming.pop(0)
        await asyncio.sleep(3600)  # nothing more: a real server would wait too
        raise AssertionError("unreachable")

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(asyncio.wait_for(app(scope, receive, send), timeout=10))
    return sent


def test_a_small_request_is_read_whole_and_answered_in_one_piece() -> None:
    echo = Echo()
    bridge = BufferedWSGIMiddleware(echo, workers=2)
    sent = call(
        bridge,
        [
            {"type": "http.request", "body": b'{"kind": ', "more_body": True},
            {"type": "http.request", "body": b'"consultation"}', "more_body": False},
        ],
        [(b"content-type", b"application/json"), (b"content-length", b"24")],
    )

    assert sent == [
        {
            "type": "http.response.start",
            "status": 201,
            "headers": [(b"content-type", b"text/plain"), (b"x-seen", b"24")],
        },
        {"type": "http.response.body", "body": b'got {"kind": "consultation"}'},
    ]
    assert echo.environ["CONTENT_LENGTH"] == "24"
    assert echo.environ["REMOTE_ADDR"] == "127.0.0.1"
    assert echo.closed == 1  # Django's request_finished runs


def test_a_streamed_response_is_produced_in_the_thread_that_ran_the_app() -> None:
    echo = Echo(streaming=True)
    bridge = BufferedWSGIMiddleware(echo, workers=4)
    sent = call(
        bridge,
        [{"type": "http.request", "body": b"abc", "more_body": False}],
        [(b"content-length", b"3")],
    )

    assert sent == [
        {
            "type": "http.response.start",
            "status": 201,
            "headers": [(b"content-type", b"text/plain"), (b"x-seen", b"3")],
        },
        {"type": "http.response.body", "body": b"got ", "more_body": True},
        {"type": "http.response.body", "body": b"abc", "more_body": True},
        {"type": "http.response.body", "body": b""},
    ]
    assert len(set(echo.threads)) == 1  # the view's queries and its generator: one thread
    assert echo.threads[0] != threading.get_ident()  # and not the event loop's
    assert echo.closed == 1


def test_large_and_chunked_bodies_go_through_a2wsgi_with_the_same_result() -> None:
    for headers in ([(b"content-length", b"6")], [(b"transfer-encoding", b"chunked")]):
        echo = Echo()
        bridge = BufferedWSGIMiddleware(echo, workers=2, buffer_limit=5)
        sent = call(
            bridge,
            [
                {"type": "http.request", "body": b"abc", "more_body": True},
                {"type": "http.request", "body": b"def", "more_body": False},
            ],
            headers,
        )

        assert sent[0]["type"] == "http.response.start"
        assert sent[0]["status"] == 201
        assert b"".join(m.get("body", b"") for m in sent[1:]) == b"got abcdef"
        assert echo.closed == 1


def test_a_client_gone_before_its_body_arrived_runs_nothing() -> None:
    echo = Echo()
    bridge = BufferedWSGIMiddleware(echo, workers=2)
    sent = call(
        bridge,
        [
            {"type": "http.request", "body": b"abc", "more_body": True},
            {"type": "http.disconnect"},
        ],
        [(b"content-length", b"10")],
    )

    assert sent == []
    assert echo.threads == []
