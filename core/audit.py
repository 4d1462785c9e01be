"""The audit log: who did what, when, from where, to which object, with what outcome.

``audit`` appends one ``AuditRecord`` in the caller's transaction, so a case action and
its audit record commit together. The request's IP address and id come from
``core.middleware.RequestContextMiddleware`` through context variables.

Tamper evidence beyond the database owner (DESIGN.md §9):

* **Keyed chain.** Each record's ``hash`` is an HMAC-SHA256 over its content and the
  previous record's hash, under a key held outside the database (``DESK_AUDIT_KEYS``,
  ``core.audit_keys``); the record stores the id of the key it was chained with, so keys
  rotate: put a new key first and keep the old ones for as long as their records must
  verify. Whoever owns the table can delete or edit rows but cannot recompute a MAC.
* **Records from before the keyed chain keep their unkeyed SHA-256 hash.** They are not
  re-chained: re-signing them now would vouch, with the new key, for whatever the table
  held at migration time, which nobody can check any more. They are verified the old way,
  and only as the prefix before the first keyed record (an unkeyed record after it is an
  insertion); the first keyed record's MAC covers the last old hash, which seals the old
  prefix from then on. A table rewritten entirely in the old format is caught by any
  checkpoint taken after the switch (it names the first keyed record).
* **Appends are serialized** by a transaction-scoped advisory lock on PostgreSQL (the
  application role has no UPDATE privilege on the table, so no ``SELECT … FOR UPDATE``);
  SQLite serializes writers anyway. Rolled-back appends leave gaps in the ids, so the
  chain (not the ids) says whether a row is missing.
* **Purges leave a trace.** :func:`purge_older_than` deletes only a prefix of rows past
  the retention period and appends an ``audit.purge`` record naming the last row it
  deleted and that row's hash: the oldest remaining row must link to that hash (or to
  the genesis hash when nothing was ever purged), so deleting the oldest rows is seen.
* The database refuses UPDATE, young DELETE and TRUNCATE (triggers in
  ``letters/migrations/0011_audit_append_only.py`` and
  ``core/migrations/0003_audit_keyed_chain.py``); the running application uses a role
  that may only INSERT and SELECT here (``manage.py db_roles``).
* Signed checkpoints outside the database and the verification that reads them:
  ``core.audit_integrity`` (``manage.py audit_checkpoint``, ``manage.py audit_verify``).
"""

from __future__ import annotations

import hashlib
import json
import logging
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.utils import timezone

from core.audit_keys import mac, parse_audit_keys
from core.models import AuditRecord

logger = logging.getLogger(__name__)

request_ip: ContextVar[str] = ContextVar("request_ip", default="")
request_id: ContextVar[str] = ContextVar("request_id", default="")

GENESIS = "0" * 64
RETENTION_DAYS = 180
PURGE_ACTION = "audit.purge"
# pg_advisory_xact_lock key of the chain head ("deskaudi" as a big-endian int64).
CHAIN_LOCK = int.from_bytes(b"deskaudi", "big")
_KEYED_DOMAIN = "desk-audit-record-v2"


# --- keys ------------------------------------------------------------------------------


@lru_cache(maxsize=8)
def _parsed_keys(raw: str) -> dict[str, bytes]:
    return parse_audit_keys(raw)


def audit_keys() -> dict[str, bytes]:
    """The configured keys, current first (``settings.DESK_AUDIT_KEYS``)."""
    raw = getattr(settings, "DESK_AUDIT_KEYS", "")
    if not raw:
        raise ImproperlyConfigured("DESK_AUDIT_KEYS 未设置：审计日志无法签名（生产环境必须设置）")
    return _parsed_keys(raw)


def current_key() -> tuple[str, bytes]:
    key_id, key = next(iter(audit_keys().items()))
    return key_id, key


# --- hashes ----------------------------------------------------------------------------


def _fields(record: AuditRecord) -> list[Any]:
    return [
        record.prev_hash,
        record.at.isoformat(),
        record.actor_name,
        record.ip,
        record.request_id,
        record.action,
        record.object_type,
        record.object_id,
        record.outcome,
        record.data,
    ]


def _dump(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str).encode()


def legacy_hash(record: AuditRecord) -> str:
    """The unkeyed SHA-256 of records written before the keyed chain (anyone can
    recompute it, so it proves nothing against whoever can write the table)."""
    return hashlib.sha256(_dump(_fields(record))).hexdigest()


def keyed_hash(record: AuditRecord, key: bytes) -> str:
    """HMAC-SHA256 over the record's content, its key id and the previous hash."""
    return mac(key, _dump([_KEYED_DOMAIN, record.key_id, *_fields(record)]))


def record_hash(record: AuditRecord) -> str:
    """What ``record.hash`` must be: keyed with the record's key id, or the old unkeyed
    hash for a record without one. ``KeyError`` when its key is not configured."""
    if not record.key_id:
        return legacy_hash(record)
    return keyed_hash(record, audit_keys()[record.key_id])


# --- appending ---------------------------------------------------------------------------


def lock_chain() -> None:
    """Hold the chain head until the end of the transaction (PostgreSQL: an advisory lock,
    which needs no privilege on the table; SQLite already serializes writers)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK])


def audit(
    action: str,
    *,
    actor: Any = None,
    obj: Any = None,
    outcome: str = "success",
    data: dict[str, Any] | None = None,
) -> AuditRecord:
    """Append one record chained with the current key; concurrent appends stay ordered."""
    actor_name = ""
    if actor is not None and getattr(actor, "is_authenticated", False):
        actor_name = actor.get_username()
    elif isinstance(actor, str):
        actor_name = actor
    key_id, key = current_key()
    with transaction.atomic():
        lock_chain()
        head = AuditRecord.objects.order_by("-id").values_list("hash", flat=True).first()
        record = AuditRecord(
            at=timezone.now(),
            actor_name=actor_name,
            ip=request_ip.get(),
            request_id=request_id.get(),
            action=action,
            object_type=type(obj).__name__ if obj is not None else "",
            object_id=str(getattr(obj, "pk", "")) if obj is not None else "",
            outcome=outcome,
            data=data or {},
            prev_hash=head if head is not None else GENESIS,
            key_id=key_id,
        )
        record.hash = keyed_hash(record, key)
        record.save()
    return record


# --- verification (compatibility view of core.audit_integrity.verify) --------------------


@dataclass(frozen=True)
class VerifyResult:
    checked: int
    broken_at: int | None  # id of the first row whose hash or link does not match
    reason: str

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def verify_chain() -> VerifyResult:
    """The chain alone (hashes, MACs, links), first break only. ``manage.py audit_verify``
    also checks the anchors and the checkpoints (``core.audit_integrity.verify``)."""
    from core.audit_integrity import verify  # the integrity module builds on this one

    report = verify(checkpoints=False)
    broken = next((f for f in report.findings if f.record_id is not None), None)
    if broken is None:
        return VerifyResult(report.checked, None, "")
    return VerifyResult(broken.checked_before, broken.record_id, broken.reason)


# --- retention ---------------------------------------------------------------------------


def may_purge() -> bool:
    """Whether this connection's role may delete audit rows (the application role may
    not: purging runs under the owner role, ``manage.py audit_purge``)."""
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT has_table_privilege(current_user, %s, 'DELETE')",
            [AuditRecord._meta.db_table],
        )
        row = cursor.fetchone()
    return bool(row and row[0])


def purge_older_than(days: int = RETENTION_DAYS) -> int:
    """Delete the oldest rows older than ``days`` (never fewer than the 180-day retention)
    and append an ``audit.purge`` record naming the last row deleted and its hash.

    Only a prefix of the chain goes: the rows before the first row still inside the
    retention period. Returns the number of rows deleted (0 without the privilege).
    """
    if not may_purge():
        logger.info("audit purge skipped: this database role may not delete audit rows")
        return 0
    retention = max(days, RETENTION_DAYS)
    cutoff = timezone.now() - timedelta(days=retention)
    with transaction.atomic():
        lock_chain()
        rows = AuditRecord.objects.filter(at__lt=cutoff)
        first_kept = (
            AuditRecord.objects.filter(at__gte=cutoff)
            .order_by("id")
            .values_list("id", flat=True)
            .first()
        )
        if first_kept is not None:
            rows = rows.filter(id__lt=first_kept)
        through = rows.order_by("-id").values_list("id", "hash").first()
        if through is None:
            return 0
        through_id, through_hash = through
        deleted, _ = AuditRecord.objects.filter(id__lte=through_id).delete()
        audit(
            PURGE_ACTION,
            actor="system",
            data={
                "deleted": deleted,
                "through_id": through_id,
                "through_hash": through_hash,
                "cutoff": cutoff.isoformat(),
                "retention_days": retention,
            },
        )
    return deleted


# --- sign-in signals ----------------------------------------------------------------------


def on_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit("auth.login", actor=user)


def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    # Only the username is kept; the password never reaches the log.
    audit("auth.login_failed", actor=str(credentials.get("username", ""))[:150], outcome="denied")


def on_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit("auth.logout", actor=user)
