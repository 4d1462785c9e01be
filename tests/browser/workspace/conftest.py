"""Browser tests of the staff workspace on the real ASGI stack (HTTP and websockets).

``asgi_url`` serves ``desk.asgi.application`` with uvicorn in a thread of the test process,
on a port of this suite's range (8142; ``DESK_TEST_ASGI_PORT`` to change), against the
test database (``transactional_db``: rows made with the ORM in the test are visible to the
server, and what the browser does is visible to the test). Static files are served from
the finders, as pytest-django's ``live_server`` does.

``sign_in(page, user)`` signs a staff user in through the real two-step form at
/accounts/login/: password, then the current TOTP code of the user's confirmed
django-otp device (created here if the user has none).
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import connections
from playwright.sync_api import Browser, BrowserContext, Page

from tests.browser.helpers import watch_errors

PASSWORD = "Kq7#desk-test-2026"  # test accounts only


def _free(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


@pytest.fixture
def asgi_url(transactional_db: Any) -> Iterator[str]:
    import uvicorn
    from channels.routing import ProtocolTypeRouter
    from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler

    from desk.asgi import application

    port = int(os.environ.get("DESK_TEST_ASGI_PORT", "8142"))
    if not _free(port):
        pytest.fail(f"port {port} is busy; set DESK_TEST_ASGI_PORT to a free port")
    app = ProtocolTypeRouter(
        {
            "http": ASGIStaticFilesHandler(application.application_mapping["http"]),
            "websocket": application.application_mapping["websocket"],
        }
    )
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=port,
        log_level="warning",
        lifespan="off",
        ws="websockets-sansio",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="asgi-test-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the ASGI test server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    connections.close_all()


SignIn = Callable[..., None]  # (page, user, landing="**/workspace/")


@pytest.fixture
def sign_in(asgi_url: str) -> SignIn:
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.services import DEVICE_NAME, confirmed_device

    def run(page: Page, user: Any, landing: str = "**/workspace/") -> None:
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
        device = confirmed_device(user) or TOTPDevice.objects.create(
            user=user, name=DEVICE_NAME, confirmed=True
        )
        page.goto(f"{asgi_url}/accounts/login/?next=/workspace/")
        page.get_by_label("用户名").fill(user.get_username())
        page.get_by_label("密码").fill(PASSWORD)
        page.get_by_role("button", name="下一步").click()
        page.wait_for_url("**/accounts/login/verify/")
        device.refresh_from_db()
        code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
        page.get_by_role("textbox", name="动态验证码").fill(f"{code:0{device.digits}d}")
        page.get_by_role("button", name="登录").click()
        page.wait_for_url(landing)

    return run


@pytest.fixture
def staff_page(browser: Browser) -> Iterator[Callable[[], Page]]:
    """New desktop-width pages, each in its own browser context (its own session)."""
    contexts: list[BrowserContext] = []

    def make() -> Page:
        context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        watch_errors(page)
        return page

    yield make
    for context in contexts:
        context.close()
