"""HTTP requests through Django's WSGI handler in a thread pool, handed over once each way.

a2wsgi runs a WSGI application under an ASGI server: the request runs in a thread of its
pool, and every read of the body and every write of the response crosses back to the
event loop and waits for it (four hand-overs for a small request, each a wake-up of the
loop and of the thread). Most of the desk's requests are small: a form or a JSON body
and a response Django holds in memory. For those, ``BufferedWSGIMiddleware`` reads the
body in the event loop first, runs the request in the pool, and sends the finished
response from the loop: one hand-over there and one back.

Bodies without a length or larger than ``buffer_limit`` (uploads) go through a2wsgi
unchanged. A streamed response (an export, a download) is produced in the thread that
ran the view and sent chunk by chunk, as a2wsgi sends every response.
"""

from __future__ import annotations

import asyncio
import contextvars
import io
from collections.abc import Callable, Iterable
from typing import Any

from a2wsgi import WSGIMiddleware
from a2wsgi.wsgi import build_environ

# A body up to this size is read into memory before the request runs.
BUFFER_LIMIT = 1024 * 1024


class _Finished:
    """What a request produced in the pool: the status, the headers and the whole body."""

    __slots__ = ("body", "headers", "status")

    def __init__(self) -> None:
        self.status = 500
        self.headers: list[tuple[bytes, bytes]] = []
        self.body = b""


class BufferedWSGIMiddleware(WSGIMiddleware):
    def __init__(self, app: Any, workers: int, buffer_limit: int = BUFFER_LIMIT) -> None:
        super().__init__(app, workers=workers)
        self.buffer_limit = buffer_limit

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or not self._small(scope):
            await super().__call__(scope, receive, send)
            return
        chunks: list[bytes] = []
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunks.append(message.get("body", b""))
            more = message.get("more_body", False)
        body: Any = io.BytesIO(b"".join(chunks))  # what a2wsgi's Body offers: read, readline
        environ: Any = build_environ(scope, body)
        loop = asyncio.get_running_loop()
        context = contextvars.copy_context()
        run: Callable[[], _Finished | None] = lambda: context.run(  # noqa: E731
            self._run, environ, loop, send
        )
        done = await loop.run_in_executor(self.executor, run)
        if done is not None:
            await send(
                {"type": "http.response.start", "status": done.status, "headers": done.headers}
            )
            await send({"type": "http.response.body", "body": done.body})

    def _small(self, scope: Any) -> bool:
        """A request whose whole body is known to fit the buffer (no chunked upload)."""
        length = b"0"  # no body
        for name, value in scope.get("headers", ()):
            if name == b"transfer-encoding":
                return False
            if name == b"content-length":
                length = value
        return length.isdigit() and int(length) <= self.buffer_limit

    def _run(self, environ: Any, loop: asyncio.AbstractEventLoop, send: Any) -> _Finished | None:
        """The request, in a thread of the pool: its finished response, or None when it
        was streamed (sent from here chunk by chunk, as a2wsgi does)."""
        done = _Finished()

        def start_response(
            status: str, headers: list[tuple[str, str]], exc_info: Any = None
        ) -> Any:
            done.status = int(status.split(" ", 1)[0])
            done.headers = [
                (name.strip().encode("latin1").lower(), value.strip().encode("latin1"))
                for name, value in headers
            ]
            return _no_write

        app: Any = self.app
        result: Iterable[bytes] = app(environ, start_response)
        try:
            if not getattr(result, "streaming", False):
                done.body = b"".join(result)
                return done
            # A streamed response (an export, a download) is produced here, in the thread
            # that ran the view: its queries and files belong to this thread.

            def post(message: dict[str, Any]) -> None:
                asyncio.run_coroutine_threadsafe(send(message), loop).result()

            post({"type": "http.response.start", "status": done.status, "headers": done.headers})
            for chunk in result:
                post({"type": "http.response.body", "body": chunk, "more_body": True})
            post({"type": "http.response.body", "body": b""})
            return None
        finally:
            # Django's request_finished: the request's database connection goes back.
            getattr(result, "close", lambda: None)()


def _no_write(data: bytes) -> None:
    raise RuntimeError("the WSGI write() callable is not supported; return an iterable")
