"""Load time and transferred bytes of every public page on a slow-4G network (`make bench`).

Starts the product as `make run` serves it — ``DEBUG`` off, ``collectstatic`` (hashed,
gzip/brotli-compressed static files served by WhiteNoise), the ASGI server of
``manage.py serve`` — on a fresh SQLite var dir with the demo city, then opens each public
page of ``frontend/public_urls.py`` in headless Chromium (``/usr/bin/chromium``) with an
empty cache under Lighthouse's mobile slow-4G profile applied through the DevTools
protocol (``Network.emulateNetworkConditions``, see ``SLOW_4G``) and prints, per page,
the time to the load event and the bytes transferred.

    .venv/bin/python bench/page_weight.py [--port 8141] [--url http://127.0.0.1:8000]

Targets (issue #18): every page loads in at most ``TARGET_SECONDS`` and transfers at
most ``TARGET_BYTES``; the exit status is 1 when a page misses one.
tests/browser/test_page_weight.py asserts the same targets with the same code.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
CHROMIUM = "/usr/bin/chromium"

# Lighthouse's mobile "slow 4G" throttling as DevTools applies it (lighthouse-core
# config/constants.js, throttling.mobileSlow4G: RTT 150 ms and 1.6 Mbit/s down, 750 kbit/s
# up, with its DevTools adjustment factors 3.75 for latency and 0.9 for throughput). It
# is also DevTools' own "Slow 4G" preset (formerly named "Fast 3G"). Kbit here are 1024
# bits, as Lighthouse counts them; the protocol takes bytes per second.
SLOW_4G_LATENCY_MS = 150 * 3.75  # 562.5 ms per request
SLOW_4G_DOWN_KBPS = 1.6 * 1024 * 0.9  # 1474.56 kbit/s ≈ 1.44 Mbit/s
SLOW_4G_UP_KBPS = 750 * 0.9  # 675 kbit/s
SLOW_4G = {
    "offline": False,
    "latency": SLOW_4G_LATENCY_MS,
    "downloadThroughput": SLOW_4G_DOWN_KBPS * 1024 / 8,
    "uploadThroughput": SLOW_4G_UP_KBPS * 1024 / 8,
}
PHONE = {"width": 390, "height": 844}

TARGET_SECONDS = 2.5
TARGET_BYTES = 400 * 1000  # 400 KB


@dataclass(frozen=True)
class Measurement:
    name: str
    path: str
    status: int
    seconds: float  # navigation start to the end of the load event
    body_bytes: int  # response bodies as encoded on the wire (compressed if they were)
    transfer_bytes: int  # the same with the response headers
    requests: int

    @property
    def within_targets(self) -> bool:
        return self.seconds <= TARGET_SECONDS and self.body_bytes <= TARGET_BYTES

    def line(self) -> str:
        mark = "ok" if self.within_targets else "OVER TARGET"
        return (
            f"{self.name:<22} {self.path:<34} {self.status:>3} {self.seconds:6.2f} s "
            f"{self.body_bytes / 1000:7.1f} KB ({self.transfer_bytes / 1000:6.1f} KB with "
            f"headers, {self.requests:>2} requests)  {mark}"
        )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _manage(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _wait_for(url: str, server: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server exited with {server.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"the server did not answer at {url}")


@contextlib.contextmanager
def demo_server(port: int | None = None) -> Iterator[str]:
    """The product as `make run` serves it, on a private var dir and static root: the
    embedded mode (SQLite, no Redis), ``DEBUG`` off, the demo city loaded, static files
    collected. Yields the base URL; stops the server and removes the folder after."""
    port = port or free_port()
    var_dir = Path(tempfile.mkdtemp(prefix="desk-page-weight-"))
    removed = {"DATABASE_URL", "REDIS_URL", "DESK_DEBUG", "DESK_ENV", "DJANGO_SETTINGS_MODULE"}
    env = {k: v for k, v in os.environ.items() if k not in removed}
    env.update(
        DESK_VAR_DIR=str(var_dir),
        DESK_STATIC_ROOT=str(var_dir / "static"),
        DESK_LOG_LEVEL="WARNING",
    )
    server: subprocess.Popen[bytes] | None = None
    try:
        _manage(env, "migrate", "--noinput")
        _manage(env, "load_demo")
        _manage(env, "collectstatic", "--noinput")
        server = subprocess.Popen(
            [PYTHON, "manage.py", "serve", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=(var_dir / "server.log").open("wb"),
        )
        base_url = f"http://127.0.0.1:{port}"
        _wait_for(base_url + "/healthz", server)
        yield base_url
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        shutil.rmtree(var_dir, ignore_errors=True)


def _first_link(base_url: str, path: str, pattern: str) -> str | None:
    with urllib.request.urlopen(base_url + path, timeout=30) as response:
        html = response.read().decode()
    found = re.search(pattern, html)
    return found.group(0) if found else None


def public_pages(base_url: str) -> list[tuple[str, str]]:
    """(name, path) of every page of frontend/public_urls.py a visitor opens with GET.

    Not listed: the receipt (only after a letter is sent), the fragments htmx fetches
    (write/suggest, write/captcha), the rating and leave actions (POST) and the 适老化
    switch (a redirect). The pages with an id take the first one their list links to."""
    pages = [
        ("home", "/"),
        ("write-leader", "/write/leader/"),
        ("write-interaction", "/write/interaction/"),
        ("write-site-error", "/write/site-error/"),
        ("write-opinion", "/write/opinion/"),
        ("lookup", "/lookup/"),
        ("replies", "/replies/"),
    ]
    reply = _first_link(base_url, "/replies/", r"/replies/[A-Z]{2}\d{8}-\d{6}/")
    if reply:
        pages.append(("reply-detail", reply))
    pages.append(("kb-search", "/kb/?q=%E5%85%AC%E7%A7%AF%E9%87%91"))  # 公积金
    entry = _first_link(base_url, "/kb/?q=%E5%85%AC%E7%A7%AF%E9%87%91", r"/kb/\d+/")
    if entry:
        pages.append(("kb-entry", entry))
    pages += [("statistics", "/statistics/"), ("annual-reports", "/reports/annual/")]
    report = _first_link(base_url, "/reports/annual/", r"/reports/annual/\d{4}/")
    pages.append(("annual-report", report or "/reports/annual/2026/"))
    pages.append(("not-found", "/nope/"))
    return pages


_FIGURES = """() => {
  const nav = performance.getEntriesByType("navigation")[0];
  const resources = performance.getEntriesByType("resource");
  const sum = (key) => resources.reduce((total, r) => total + r[key], 0);
  return {
    load: nav.loadEventEnd,
    body: nav.encodedBodySize + sum("encodedBodySize"),
    transfer: nav.transferSize + sum("transferSize"),
    requests: 1 + resources.length,
  };
}"""


def measure(browser: Any, base_url: str, name: str, path: str) -> Measurement:
    """Open one page in a new context (empty cache) on the slow-4G network."""
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", SLOW_4G)
        response = page.goto(base_url + path, wait_until="load", timeout=60_000)
        # Requests started by the page's scripts after load count towards the weight too.
        page.wait_for_load_state("networkidle", timeout=60_000)
        figures = page.evaluate(_FIGURES)
        return Measurement(
            name=name,
            path=path,
            status=response.status if response is not None else 0,
            seconds=figures["load"] / 1000,
            body_bytes=int(figures["body"]),
            transfer_bytes=int(figures["transfer"]),
            requests=int(figures["requests"]),
        )
    finally:
        context.close()


def measure_all(browser: Any, base_url: str) -> list[Measurement]:
    return [measure(browser, base_url, name, path) for name, path in public_pages(base_url)]


def report(measurements: list[Measurement]) -> str:
    header = (
        f"slow 4G (Lighthouse mobileSlow4G / DevTools 'Slow 4G': latency "
        f"{SLOW_4G_LATENCY_MS} ms, down {SLOW_4G_DOWN_KBPS:.2f} kbit/s, up "
        f"{SLOW_4G_UP_KBPS:.0f} kbit/s), empty cache, 390x844; targets <= {TARGET_SECONDS} s "
        f"to load, <= {TARGET_BYTES / 1000:.0f} KB transferred"
    )
    return "\n".join([header, *(m.line() for m in measurements)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0, help="port of the started server")
    parser.add_argument("--url", help="measure an already running server instead")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    with contextlib.ExitStack() as stack:
        base_url = args.url or stack.enter_context(demo_server(args.port or None))
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
            measurements = measure_all(browser, base_url.rstrip("/"))
            browser.close()
    print(report(measurements))
    if not all(m.within_targets for m in measurements):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
