"""HTML typed by the public or staff is never executed: every text field is plain text,
stored as typed and escaped on output; HTML made from user text (the Atom feed) is
escaped and reduced by nh3; nothing marks user text safe."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path
from typing import Any, cast

import pytest
from django.conf import settings as django_settings
from rest_framework.test import APIClient

from letters.models import Letter
from letters.services import abuse, workflow
from tests.factories import DepartmentFactory, staff_user

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
SOURCE_DIRS = ["desk", "letters", "routing", "knowledge_base", "frontend"]

# Ways to switch off escaping in Django templates and Python.
UNSAFE = re.compile(
    r"\|\s*safe(seq)?\b"
    r"|{%\s*autoescape\s+off"
    r"|\bmark_safe\s*\("
    r"|\bSafeString\s*\("
    r"|\bSafeText\s*\("
    r"|is_safe\s*=\s*True"
    r"|['\"]autoescape['\"]\s*:\s*False"
    r"|\.__html__\s*="
)
# Each reviewed use: (file, the code on the line) -> why no user text becomes markup.
REVIEWED = {
    (
        "accounts/views.py",
        '"qr_svg": mark_safe(services.qr_svg(device)),  # noqa: S308',
    ): "QR code SVG drawn by segno from the server's own TOTP secret; no user text.",
    (
        "frontend/templatetags/workspace_tags.py",
        "return mark_safe(Truncator(masked_html(letter.body, letter.name)).chars(length, html=True))"
        "  # noqa: S308 - escaped by masked_html",
    ): "masked_html builds the markup with format_html, which escapes the letter text.",
}


def source_files() -> list[Path]:
    files: list[Path] = []
    for folder in SOURCE_DIRS:
        for path in (ROOT / folder).rglob("*"):
            if "node_modules" in path.parts or "migrations" in path.parts:
                continue
            if path.suffix in {".py", ".html", ".txt", ".xml", ".jinja", ".j2"}:
                files.append(path)
    return files


def test_no_template_or_code_turns_off_escaping() -> None:
    found = {
        (str(path.relative_to(ROOT)), line.strip())
        for path in source_files()
        for line in path.read_text(encoding="utf-8").splitlines()
        if UNSAFE.search(line)
    }

    assert len(source_files()) > 50
    assert found - set(REVIEWED) == set()


def test_scan_catches_each_way_to_mark_text_safe() -> None:
    samples = [
        "{{ letter.body|safe }}",
        "{{ items | safeseq }}",
        "{% autoescape off %}{{ letter.title }}{% endautoescape %}",
        "return mark_safe(letter.reply_text)",
        "SafeString(entry.answer)",
        "@register.filter(is_safe=True)",
        '"OPTIONS": {"autoescape": False}',
    ]
    assert all(UNSAFE.search(sample) for sample in samples)
    assert not UNSAFE.search("{{ letter.body|linebreaksbr }} format_html('{}', text)")


def test_every_template_engine_escapes() -> None:
    engines = cast(list[dict[str, Any]], django_settings.TEMPLATES)
    for engine in engines:
        assert engine.get("OPTIONS", {}).get("autoescape", True) is True


TITLE = '<script>alert("t")</script>咨询'
BODY = "正文<img src=x onerror=alert(1)>，想咨询低保申请需要的材料和流程。"
REPLY = (
    '您好！<svg onload=alert(2)></svg>低保申请可到街道办理。<a href="javascript:alert(3)">详情</a>'
)


@pytest.fixture
def published(api: APIClient, settings: Any) -> Letter:
    settings.DESK = replace(settings.DESK, captcha_after_submissions=1000)
    office, dept = DepartmentFactory(), DepartmentFactory()
    dispatcher = staff_user("dsp", "dispatcher", office)
    publisher = staff_user("pub", "publisher", office)
    handler = staff_user("hdl", "handler", dept)
    reviewer = staff_user("rev", "reviewer", dept)
    receipt = api.post(
        "/api/v1/letters/",
        {
            "kind": "consultation",
            "title": TITLE,
            "body": BODY,
            "name": "吴敏",
            "phone": "13100006666",
            "consent_public": True,
        },
        format="json",
    ).json()
    letter = Letter.objects.get(tracking_number=receipt["tracking_number"])
    workflow.letter_dispatch(letter_id=letter.pk, actor=dispatcher, department_id=dept.pk)
    workflow.letter_sign(letter_id=letter.pk, actor=handler)
    workflow.reply_draft(letter_id=letter.pk, actor=handler, text=REPLY)
    workflow.reply_submit(letter_id=letter.pk, actor=handler)
    workflow.reply_review(letter_id=letter.pk, actor=reviewer, approve=True)
    workflow.reply_review(letter_id=letter.pk, actor=publisher, approve=True)
    letter.refresh_from_db()
    proposal = workflow.publication_proposal(letter)
    workflow.letter_publish(
        letter_id=letter.pk, actor=publisher, public_text=proposal["public_text"]
    )
    return Letter.objects.get(pk=letter.pk)


def test_user_text_is_stored_as_typed(published: Letter) -> None:
    assert (published.title, published.body, published.reply_text) == (TITLE, BODY, REPLY)
    assert published.public_text == REPLY


def test_api_returns_the_text_as_json_data_never_as_a_page(
    api: APIClient, published: Letter
) -> None:
    listing = api.get("/api/v1/public/letters/")
    detail = api.get(f"/api/v1/public/letters/{published.tracking_number}/")

    for response in (listing, detail):
        assert response["Content-Type"] == "application/json"
        assert response["X-Content-Type-Options"] == "nosniff"
    assert listing.json()["results"][0]["reply"] == REPLY
    assert detail.json()["title"] == TITLE


def test_feed_summary_is_escaped_html(api: APIClient, published: Letter) -> None:
    response = api.get("/feeds/replies.atom")
    ns = {"atom": "http://www.w3.org/2005/Atom"}
    entry = ET.fromstring(response.content).find("atom:entry", ns)
    assert entry is not None
    summary = entry.find("atom:summary", ns)
    title = entry.find("atom:title", ns)
    assert summary is not None
    assert title is not None

    # What a feed reader renders as HTML: tags from the text arrive as text only.
    assert summary.get("type") == "html"
    assert summary.text == (
        "<p>您好！&lt;svg onload=alert(2)&gt;&lt;/svg&gt;低保申请可到街道办理。"
        '&lt;a href="javascript:alert(3)"&gt;详情&lt;/a&gt;</p>'
    )
    assert title.get("type") in (None, "text")


def test_public_pages_escape_user_text(api: APIClient, published: Letter) -> None:
    pages = [
        api.get("/replies/"),
        api.get(f"/replies/{published.tracking_number}/"),
    ]

    for page in pages:
        html = page.content.decode()
        assert page.status_code == 200
        for raw in ("<script>alert", "<img src=x", "<svg onload", 'href="javascript:'):
            assert raw not in html
    assert "&lt;svg onload=alert(2)&gt;" in pages[1].content.decode()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("第一行\n第二行\n\n第二段", "<p>第一行<br>第二行</p><p>第二段</p>"),
        ("<b>粗体</b> & 5 > 3", "<p>&lt;b&gt;粗体&lt;/b&gt; &amp; 5 &gt; 3</p>"),
        ("", ""),
    ],
)
def test_text_to_html(text: str, expected: str) -> None:
    assert abuse.text_to_html(text) == expected


def test_clean_html_keeps_only_the_allow_list() -> None:
    dirty = (
        '<p onclick="x()">段落<br><script>alert(1)</script><a href="javascript:1">链接</a>'
        "<img src=x onerror=alert(1)><style>p{}</style></p>"
    )

    assert abuse.clean_html(dirty) == "<p>段落<br>链接</p>"
