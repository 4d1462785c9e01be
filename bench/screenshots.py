"""Screenshots of the main pages at a phone and a desktop width (`make screenshots`).

Starts the real server (`manage.py serve`) on a fresh SQLite var dir with the demo city
(`migrate` + `load_demo`, plus a few published knowledge-base entries written here),
visits every page in PUBLIC_PAGES and STAFF_PAGES with headless Chromium and saves PNGs
under bench/screenshots/ (gitignored): ``<name>-phone.png`` and ``<name>-desktop.png``.
Look at them after every change to the pages.

Extending it: append to PUBLIC_PAGES, or to STAFF_PAGES for workspace pages. A page is
``Page(name, path, prepare=None)``; ``prepare(page, ctx)`` runs after the page has loaded
(fill a form, click a button…) and before the screenshot. Staff pages are visited after
``staff_login(page, ctx, username)`` has signed in as ``Page.user`` (a demo account, see
README; every demo password is ``demo-linjiang-2026``). ``staff_login`` fills the form at
``STAFF_LOGIN_PATH``; adapt it to the login page when that changes (e.g. a TOTP step).

    .venv/bin/python bench/screenshots.py [--port 8139] [--only home,lookup] [--keep]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "screenshots"
PYTHON = sys.executable
CHROMIUM = "/usr/bin/chromium"
WIDTHS = {"phone": (390, 844), "desktop": (1366, 900)}
DEMO_PASSWORD = "demo-linjiang-2026"
STAFF_LOGIN_PATH = "/accounts/login/"
# The demo city's published TOTP key (accounts/demo.py), development only.
DEMO_OTP_KEY = b"linjiang-demo-2026!!"


@dataclass
class Context:
    """What the pages need from the seeded database."""

    base_url: str
    reply_tracking_number: str = ""
    reply_query_code: str = ""
    published_tracking_number: str = ""
    kb_entry_id: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


Prepare = Callable[[Any, Context], None]


@dataclass
class Page:
    name: str
    path: str | Callable[[Context], str]
    prepare: Prepare | None = None
    user: str = ""  # staff pages: the demo account to sign in as
    a11y: bool = False  # public pages: in the large-text, high-contrast mode (适老化)

    def url(self, ctx: Context) -> str:
        path = self.path(ctx) if callable(self.path) else self.path
        return ctx.base_url + path


# --- public pages ---------------------------------------------------------------------


def _fill_letter(page: Any, ctx: Context) -> None:
    page.get_by_label("咨询：询问政策规定、办事流程等").check()
    page.get_by_label("标题").fill("咨询住房公积金提取手续")
    page.get_by_label("内容").fill(
        "我想提取住房公积金用于支付房租，请问需要准备哪些材料，在哪里办理？"
    )
    page.get_by_label("姓名").fill("李平安")
    page.get_by_label("联系电话").fill("13800138000")
    page.get_by_label("同意公开我的来信和答复").check()
    page.get_by_role("button", name="提交").click()
    page.wait_for_url("**/receipt/")


def _bad_letter(page: Any, ctx: Context) -> None:
    page.get_by_label("标题").fill("问")
    page.get_by_label("联系电话").fill("12345")
    page.get_by_role("button", name="提交").click()
    page.wait_for_selector(".error-summary")


def _suggest(page: Any, ctx: Context) -> None:
    page.get_by_label("标题").fill("养犬管理办法征求意见")
    page.wait_for_selector(".suggestion-list", timeout=30_000)


def _lookup(page: Any, ctx: Context) -> None:
    page.get_by_label("信件编号").fill(ctx.reply_tracking_number)
    page.get_by_label("查询码").fill(ctx.reply_query_code)
    page.get_by_role("button", name="查询", exact=True).click()
    page.wait_for_selector(".timeline")


def _wait_charts(page: Any, ctx: Context) -> None:
    page.wait_for_selector("#chart-month canvas", timeout=30_000)


PUBLIC_PAGES: list[Page] = [
    Page("home", "/"),
    Page("home-a11y", "/", a11y=True),
    Page("write-leader", "/write/leader/"),
    Page("write-interaction-suggest", "/write/interaction/", _suggest),
    Page("write-interaction-errors", "/write/interaction/", _bad_letter),
    Page("write-site-error", "/write/site-error/"),
    Page("write-opinion", "/write/opinion/"),
    Page("receipt", "/write/interaction/", _fill_letter),
    Page("lookup-form", "/lookup/"),
    Page("lookup-result", "/lookup/", _lookup),
    Page("lookup-result-a11y", "/lookup/", _lookup, a11y=True),
    Page("replies", "/replies/"),
    Page("reply-detail", lambda ctx: f"/replies/{ctx.published_tracking_number}/"),
    Page("kb-search", "/kb/?q=%E5%85%AC%E7%A7%AF%E9%87%91"),
    Page("kb-entry", lambda ctx: f"/kb/{ctx.kb_entry_id}/"),
    Page("statistics", "/statistics/", _wait_charts),
    Page("statistics-a11y", "/statistics/", _wait_charts, a11y=True),
]

# --- staff pages (workspace engineers: add yours here) ----------------------------------


def _open_first(selector: str) -> Prepare:
    def prepare(page: Any, ctx: Context) -> None:
        page.locator(selector).first.click()
        page.wait_for_load_state("networkidle")

    return prepare


def _dashboard_charts(page: Any, ctx: Context) -> None:
    page.wait_for_selector('[data-chart="volume"] canvas', timeout=5000)


STAFF_PAGES: list[Page] = [
    Page("workspace-inbox", "/workspace/", user="lj-zjj-handler"),
    Page(
        "workspace-letter",
        "/workspace/?box=in_progress",
        _open_first(".ws-inbox tbody a"),
        user="lj-zjj-handler",
    ),
    Page("workspace-triage", "/workspace/triage/", user="fenban"),
    Page("workspace-publish-queue", "/workspace/publish/", user="qianfa"),
    Page(
        "workspace-publish-review",
        "/workspace/publish/",
        _open_first("text=审阅并公开"),
        user="qianfa",
    ),
    Page("workspace-dashboard", "/workspace/dashboard/", _dashboard_charts, user="duban"),
]


def staff_login(page: Any, ctx: Context, username: str) -> None:
    """Sign in as a demo staff account through the login form: password, then the TOTP
    code of the demo city's published secret (accounts/demo.py). A code is accepted
    once per account, so the session is kept for the next screen width."""
    from django_otp.oath import totp

    page.context.clear_cookies()
    sessions: dict[str, Any] = ctx.extra.setdefault("staff_sessions", {})
    if username in sessions:
        page.context.add_cookies(sessions[username])
        return
    page.goto(ctx.base_url + STAFF_LOGIN_PATH)
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.locator("form [type=submit]").first.click()
    page.wait_for_url("**/verify/")
    page.fill("input[name=code]", f"{totp(DEMO_OTP_KEY):06d}")
    page.locator("form [type=submit]").first.click()
    page.wait_for_url("**/workspace/")
    sessions[username] = page.context.cookies()


# --- the server -----------------------------------------------------------------------

SEED = """
import json
from knowledge_base.models import EntryStatus, KnowledgeEntry
from letters.models import Letter

# The demo city's knowledge base is drafted and approved through the curator flow by
# load_demo (demo/data/knowledge.yaml); the screenshots show one of its entries.
entry = KnowledgeEntry.objects.filter(status=EntryStatus.PUBLISHED, question__contains="公积金").order_by("id").first()
replied = Letter.objects.filter(replied_at__isnull=False, rating="").exclude(status="closed").order_by("id").first()
published = Letter.objects.filter(published_at__isnull=False).order_by("-published_at").first()
print(json.dumps({
    "reply_tracking_number": replied.tracking_number,
    "reply_query_code": replied.query_code,
    "published_tracking_number": published.tracking_number,
    "kb_entry_id": entry.pk,
}))
"""


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"server did not answer at {url}")


def shoot(pages: list[Page], ctx: Context) -> list[Path]:
    from playwright.sync_api import sync_playwright

    saved: list[Path] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--lang=zh-CN"])
        for label, (width, height) in WIDTHS.items():
            context = browser.new_context(
                viewport={"width": width, "height": height}, locale="zh-CN"
            )
            page = context.new_page()
            user = ""
            for item in pages:
                if item.user and item.user != user:
                    staff_login(page, ctx, item.user)
                    user = item.user
                if not item.user:
                    context.clear_cookies()
                    user = ""
                    if item.a11y:
                        page.goto(ctx.base_url + "/a11y/?next=/")
                page.goto(item.url(ctx))
                if item.prepare is not None:
                    item.prepare(page, ctx)
                page.wait_for_load_state("networkidle")
                path = OUT / f"{item.name}-{label}.png"
                page.screenshot(path=str(path), full_page=True)
                saved.append(path)
                print(f"saved {path.relative_to(ROOT)}")
            context.close()
        browser.close()
    return saved


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8139)
    parser.add_argument("--only", default="", help="comma-separated page names")
    parser.add_argument("--keep", action="store_true", help="keep the temporary var dir")
    args = parser.parse_args()

    if shutil.which("fc-list"):
        fonts = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True, check=False)
        if not fonts.stdout.strip():
            print(
                "warning: no CJK font installed, Chinese text will show as boxes "
                "(apt-get install fonts-wqy-microhei)"
            )
    var_dir = Path(tempfile.mkdtemp(prefix="desk-screenshots-"))
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    # As `make run` serves it: DEBUG off, static files collected (hashed, compressed).
    env.pop("DESK_DEBUG", None)
    env.update(
        {
            "DESK_VAR_DIR": str(var_dir),
            "DESK_ENV": "development",
            "DESK_STATIC_ROOT": str(var_dir / "static"),
        }
    )
    OUT.mkdir(parents=True, exist_ok=True)
    print(f"var dir {var_dir}: migrate, load_demo, collectstatic")
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo")
    manage(env, "collectstatic", "--noinput")
    seeded = json.loads(manage(env, "shell", "-c", SEED).strip().splitlines()[-1])
    ctx = Context(base_url=f"http://127.0.0.1:{args.port}", **seeded)

    server = subprocess.Popen(
        [PYTHON, "manage.py", "serve", "--port", str(args.port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(ctx.base_url + "/healthz")
        pages = PUBLIC_PAGES + STAFF_PAGES
        if args.only:
            wanted = set(args.only.split(","))
            pages = [p for p in pages if p.name in wanted]
        started = time.monotonic()
        saved = shoot(pages, ctx)
        print(f"{len(saved)} screenshots in {time.monotonic() - started:.1f} s under {OUT}")
    finally:
        server.terminate()
        server.wait(timeout=10)
        if not args.keep:
            shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
