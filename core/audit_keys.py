"""Keys of the audit log's keyed chain and of its checkpoints (plain Python: the settings
module validates ``DESK_AUDIT_KEYS`` with :func:`parse_audit_keys` before Django starts).

``DESK_AUDIT_KEYS="a2027:<base64 32 bytes>,a2026:<base64 32 bytes>"``: the first key
chains new records and signs new checkpoints; every listed key verifies what was written
with it. The keys live outside the database (environment, a secrets store), so whoever
owns the database can neither recompute a record's MAC nor sign a checkpoint.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re

from django.core.exceptions import ImproperlyConfigured

KEY_BYTES = 32
SETTING = "DESK_AUDIT_KEYS"
_KEY_ID = re.compile(r"^[A-Za-z0-9_-]{1,16}$")


def parse_audit_keys(raw: str) -> dict[str, bytes]:
    """``"id1:base64,id2:base64"`` → ``{id1: key, id2: key}`` in order, current first."""
    keys: dict[str, bytes] = {}
    for entry in (item.strip() for item in raw.split(",")):
        if not entry:
            continue
        key_id, sep, text = entry.partition(":")
        key_id = key_id.strip()
        if not sep or not _KEY_ID.match(key_id):
            raise ImproperlyConfigured(
                f"{SETTING} 格式应为 “编号:base64密钥,编号:base64密钥”，"
                "编号由 1 至 16 位字母、数字、下划线或连字符组成"
            )
        if key_id in keys:
            raise ImproperlyConfigured(f"{SETTING}：密钥编号 {key_id} 重复")
        try:
            key = base64.b64decode(text.strip(), validate=True)
        except (binascii.Error, ValueError):
            raise ImproperlyConfigured(f"{SETTING}[{key_id}]：密钥不是有效的 base64 编码") from None
        if len(key) != KEY_BYTES:
            raise ImproperlyConfigured(
                f"{SETTING}[{key_id}]：密钥必须是 {KEY_BYTES} 字节（base64 编码前），"
                f"实际为 {len(key)} 字节"
            )
        keys[key_id] = key
    if not keys:
        raise ImproperlyConfigured(f"{SETTING} 至少需要一个密钥")
    return keys


DERIVED_KEY_ID = "sk1"


def derived_audit_key(secret_key: str) -> str:
    """The production fallback when ``DESK_AUDIT_KEYS`` is not set: a key derived from the
    secret key (HMAC with a fixed label), in ``DESK_AUDIT_KEYS`` form."""
    key = hmac.new(secret_key.encode(), b"desk audit chain key v1", hashlib.sha256).digest()
    return f"{DERIVED_KEY_ID}:{base64.b64encode(key).decode()}"


def mac(key: bytes, message: bytes) -> str:
    """HMAC-SHA256 as 64 hex digits (the width of the old unkeyed SHA-256 hash)."""
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def macs_equal(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())
