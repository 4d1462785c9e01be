"""Keys of the audit log's keyed chain and of its checkpoints (plain Python: the settings
module validates ``DESK_AUDIT_KEYS`` with :func:`parse_audit_keys` before Django starts).

``DESK_AUDIT_KEYS="a2027:<base64 32 bytes>,a2026:<base64 32 bytes>"``: the first key
chains new records and signs new checkpoints; every listed key verifies what was written
with it. The keys live outside the database (environment, a secrets store), so whoever
owns the database can neither recompute a record's MAC nor sign a checkpoint.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from core.keys import parse_key_list

SETTING = "DESK_AUDIT_KEYS"


def parse_audit_keys(raw: str) -> dict[str, bytes]:
    """``"id1:base64,id2:base64"`` → ``{id1: key, id2: key}`` in order, current first."""
    return parse_key_list(raw, SETTING)


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
