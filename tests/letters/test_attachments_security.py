"""Attachments: type by content, size and count limits, HTML/SVG/executables refused,
random storage names outside the static root, served only through the permission-checked
download view with Content-Disposition: attachment and nosniff."""

from __future__ import annotations

import re
import stat
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from desk import settings as configured
from letters.attachments import ALLOWED_TYPES
from letters.models import ATTACHMENT_SUFFIXES, Attachment, Letter
from letters.services import workflow
from tests.factories import DepartmentFactory, staff_user

pytestmark = pytest.mark.django_db

SUBMIT = "/api/v1/letters/"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02" + b"\x00" * 64
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def no_captcha(settings: Any) -> None:
    settings.DESK = replace(settings.DESK, captcha_after_submissions=1000)


def payload(*files: SimpleUploadedFile, kind: str = "complaint") -> dict[str, Any]:
    return {
        "kind": kind,
        "title": "反映占道经营问题",
        "body": "幸福路菜市场门口长期占道经营，附现场照片，请城管部门处理。",
        "name": "郑芳",
        "phone": "13200004444",
        "attachments": list(files),
    }


def media_files(settings: Any) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("page.html", b"<!DOCTYPE html><html><script>alert(1)</script></html>"),
        ("photo.png", b"<html><body onload=alert(1)>looks like a png by name</body></html>"),
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        (
            "logo.png",
            b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        ),
        ("setup.exe", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64),
        ("scan.pdf", b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 64),
        ("run.jpg", b"#!/bin/sh\nrm -rf /\n"),
        ("docs.zip", b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"\x00" * 64),
        ("note.txt", b"plain text"),
    ],
)
def test_html_svg_executables_and_unknown_types_are_refused_by_content(
    api: APIClient, settings: Any, name: str, content: bytes
) -> None:
    response = api.post(
        SUBMIT, payload(SimpleUploadedFile(name, content, "image/png")), format="multipart"
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "attachments": [
            f"「附件」：文件“{name}”的类型不允许上传，"
            "仅支持JPG 图片、PNG 图片、GIF 图片、WebP 图片、PDF 文档、Word 文档、Excel 表格。"
        ]
    }
    assert (Letter.objects.count(), Attachment.objects.count(), media_files(settings)) == (0, 0, [])


def test_type_comes_from_the_content_not_the_name_or_the_declared_type(
    api: APIClient, settings: Any
) -> None:
    upload = SimpleUploadedFile("现场照片-王科长家.jpeg", PNG, content_type="text/html")

    response = api.post(SUBMIT, payload(upload), format="multipart")

    assert response.status_code == 201
    attachment = Attachment.objects.get()
    assert (attachment.content_type, attachment.original_name) == (
        "image/png",
        "现场照片-王科长家.jpeg",
    )
    stored = attachment.file.name
    # Nothing of the writer's file name (not even its extension) reaches the disk.
    assert stored.endswith(".png")
    for fragment in ("现场", "照片", "王科长", "jpeg", "jpg"):
        assert fragment not in stored
    assert re.fullmatch(r"\d{4}/\d{2}/[0-9a-f]{32}\.png", stored)


def test_every_allowed_type_has_a_storage_suffix() -> None:
    assert set(ALLOWED_TYPES) <= set(ATTACHMENT_SUFFIXES)


def test_size_and_count_limits(api: APIClient, settings: Any) -> None:
    settings.DESK = replace(settings.DESK, attachment_max_bytes=100, attachment_max_count=2)

    too_big = api.post(
        SUBMIT, payload(SimpleUploadedFile("a.png", PNG + b"\x00" * 100)), format="multipart"
    )
    too_many = api.post(
        SUBMIT,
        payload(*(SimpleUploadedFile(f"{i}.png", PNG) for i in range(3))),
        format="multipart",
    )
    empty = api.post(SUBMIT, payload(SimpleUploadedFile("e.png", b"")), format="multipart")

    assert too_big.status_code == 413
    assert too_many.status_code == 400
    assert too_many.json()["errors"] == {"attachments": ["「附件」：最多上传2个文件。"]}
    assert empty.status_code == 400
    assert (Letter.objects.count(), Attachment.objects.count(), media_files(settings)) == (0, 0, [])


def test_storage_is_outside_the_static_root_and_not_served_as_media(
    api: APIClient, settings: Any
) -> None:
    api.post(SUBMIT, payload(SimpleUploadedFile("a.pdf", PDF)), format="multipart")
    attachment = Attachment.objects.get()
    path = Path(attachment.file.path).resolve()
    static_roots = [Path(configured.STATIC_ROOT).resolve()] + [
        Path(entry[1] if isinstance(entry, tuple) else entry).resolve()
        for entry in configured.STATICFILES_DIRS
    ]

    # The deployment default and the file actually written are both outside every static
    # folder; files are readable by the server's user only.
    for root in static_roots:
        assert not Path(configured.MEDIA_ROOT).resolve().is_relative_to(root)
        assert not path.is_relative_to(root)
    assert path.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    for url in (
        f"/media/{attachment.file.name}",
        f"/static/{attachment.file.name}",
        f"/{attachment.file.name}",
    ):
        assert api.get(url).status_code == 404, url


@pytest.fixture
def case(api: APIClient) -> dict[str, Any]:
    own, other, named = DepartmentFactory(), DepartmentFactory(), DepartmentFactory()
    users = {
        "dispatcher": staff_user("dsp", "dispatcher", DepartmentFactory()),
        "own": staff_user("h_own", "handler", own),
        "other": staff_user("h_other", "handler", other),
        "named": staff_user("h_named", "handler", named),
        "admin": staff_user("adm", "admin", own),
    }
    api.post(SUBMIT, payload(SimpleUploadedFile("现场.png", PNG)), format="multipart")
    letter = Letter.objects.get()
    workflow.letter_dispatch(letter_id=letter.pk, actor=users["dispatcher"], department_id=own.pk)
    Letter.objects.filter(pk=letter.pk).update(named_unit=named)
    return {"users": users, "letter": letter, "attachment": Attachment.objects.get()}


def download(case: dict[str, Any], who: str | None, letter_id: int | None = None) -> Any:
    client = APIClient()
    if who is not None:
        client.force_authenticate(case["users"][who])
    letter_id = letter_id or case["letter"].pk
    return client.get(f"/api/v1/staff/letters/{letter_id}/attachments/{case['attachment'].pk}/")


def test_download_is_an_attachment_with_nosniff_for_the_department(case: dict[str, Any]) -> None:
    response = download(case, "own")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''%E7%8E%B0%E5%9C%BA.png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PNG


@pytest.mark.parametrize(
    ("who", "expected"), [("other", {404}), ("named", {404}), (None, {401, 403})]
)
def test_download_is_refused_to_outsiders(
    case: dict[str, Any], who: str | None, expected: set[int]
) -> None:
    response = download(case, who)

    assert response.status_code in expected
    assert not response.streaming
    assert b"PNG" not in response.content


def test_roles_without_case_work_cannot_download(case: dict[str, Any]) -> None:
    assert download(case, "admin").status_code == 403


def test_attachment_cannot_be_reached_through_another_letter(
    case: dict[str, Any], api: APIClient
) -> None:
    api.post(SUBMIT, payload(kind="consultation"), format="json", REMOTE_ADDR="10.7.0.1")
    second = Letter.objects.exclude(pk=case["letter"].pk).get()
    workflow.letter_dispatch(
        letter_id=second.pk,
        actor=case["users"]["dispatcher"],
        department_id=case["users"]["other"].staff_profile.department_id,
    )

    # "other" may see its own letter, but not the first letter's attachment through it.
    assert download(case, "other", letter_id=second.pk).status_code == 404


def test_public_outputs_never_link_to_files(api: APIClient, case: dict[str, Any]) -> None:
    letter = Letter.objects.get(pk=case["letter"].pk)
    lookup = api.post(
        "/api/v1/letters/lookup/",
        {"tracking_number": letter.tracking_number, "query_code": letter.query_code},
        format="json",
    )

    assert lookup.status_code == 200
    assert case["attachment"].file.name not in lookup.content.decode()
    assert "attachments" not in lookup.json()
