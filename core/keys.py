"""Key lists in settings (``DESK_PII_KEYS``, ``DESK_AUDIT_KEYS``): plain Python, so the
settings module can validate them before Django starts.

``"id1:base64,id2:base64"``: 32-byte keys, each with an id of 1 to 16 letters, digits,
``_`` or ``-``; the first is current, every listed key still reads what it wrote. Errors
name the setting and the key id.
"""

from __future__ import annotations

import base64
import binascii
import re

from django.core.exceptions import ImproperlyConfigured

KEY_BYTES = 32
_KEY_ID = re.compile(r"^[A-Za-z0-9_-]{1,16}$")


def decode_key(name: str, text: str) -> bytes:
    """One base64 key of ``KEY_BYTES`` bytes; ``name`` is what an error names."""
    try:
        key = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise ImproperlyConfigured(f"{name}：密钥不是有效的 base64 编码") from None
    if len(key) != KEY_BYTES:
        raise ImproperlyConfigured(
            f"{name}：密钥必须是 {KEY_BYTES} 字节（base64 编码前），实际为 {len(key)} 字节"
        )
    return key


def parse_key_list(raw: str, setting: str) -> dict[str, bytes]:
    """``"id1:base64,id2:base64"`` → ``{id1: key, id2: key}`` in order, current first."""
    keys: dict[str, bytes] = {}
    for entry in (item.strip() for item in raw.split(",")):
        if not entry:
            continue
        key_id, sep, text = entry.partition(":")
        key_id = key_id.strip()
        if not sep or not _KEY_ID.match(key_id):
            raise ImproperlyConfigured(
                f"{setting} 格式应为 “编号:base64密钥,编号:base64密钥”，"
                "编号由 1 至 16 位字母、数字、下划线或连字符组成"
            )
        if key_id in keys:
            raise ImproperlyConfigured(f"{setting}：密钥编号 {key_id} 重复")
        keys[key_id] = decode_key(f"{setting}[{key_id}]", text)
    if not keys:
        raise ImproperlyConfigured(f"{setting} 至少需要一个密钥")
    return keys
