"""Checks on uploaded files: type by content (never by name), size and count."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import filetype
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from core.conf import desk_settings
from letters.services.intake import StoredUpload

# Detected MIME type -> label shown to the public. Anything else (HTML, SVG, scripts,
# executables, archives, unknown bytes) is refused.
ALLOWED_TYPES: dict[str, str] = {
    "image/jpeg": "JPG 图片",
    "image/png": "PNG 图片",
    "image/gif": "GIF 图片",
    "image/webp": "WebP 图片",
    "application/pdf": "PDF 文档",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word 文档",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel 表格",
}


class UploadTooLarge(Exception):
    """A file is over the size limit; the API answers 413."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def allowed_types_text() -> str:
    return "、".join(dict.fromkeys(ALLOWED_TYPES.values()))


def inspect_uploads(files: Sequence[UploadedFile]) -> tuple[StoredUpload, ...]:
    max_count: int = desk_settings().attachment_max_count
    max_bytes: int = desk_settings().attachment_max_bytes
    if len(files) > max_count:
        raise ValidationError({"attachments": f"「附件」：最多上传{max_count}个文件。"})
    checked: list[StoredUpload] = []
    for upload in files:
        name = (upload.name or "附件")[-200:]
        size = upload.size or 0
        if size > max_bytes:
            raise UploadTooLarge(
                f"「附件」：文件“{name}”超过大小限制（每个文件不超过{max_bytes // (1024 * 1024)}MB）。"
            )
        if size == 0:
            raise ValidationError({"attachments": f"「附件」：文件“{name}”是空文件。"})
        digest = hashlib.sha256()
        head = b""
        for chunk in upload.chunks():
            if not head:
                head = chunk[:8192]
            digest.update(chunk)
        kind = filetype.guess(head)
        if kind is None or kind.mime not in ALLOWED_TYPES:
            raise ValidationError(
                {
                    "attachments": (
                        f"「附件」：文件“{name}”的类型不允许上传，仅支持{allowed_types_text()}。"
                    )
                }
            )
        upload.seek(0)
        checked.append(
            StoredUpload(
                upload=upload,
                original_name=name,
                content_type=kind.mime,
                size=size,
                sha256=digest.hexdigest(),
            )
        )
    return tuple(checked)
