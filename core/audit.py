"""The audit log: who did what, when, from where, to which object, with what outcome.

``audit`` appends one hash-chained ``AuditRecord`` in the caller's transaction, so a case
action and its audit record commit together. The request's IP address and id come from
``core.middleware.RequestContextMiddleware`` through context variables.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from core.models import AuditRecord

request_ip: ContextVar[str] = ContextVar("request_ip", default="")
request_id: ContextVar[str] = ContextVar("request_id", default="")

GENESIS = "0" * 64
RETENTION_DAYS = 180


def record_hash(record: AuditRecord) -> str:
    content = json.dumps(
        [
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
        ],
        ensure_ascii=False,
        sort_keys=True,
        default=str,
    )
    return hashlib.sha256(content.encode()).hexdigest()


def audit(
    action: str,
    *,
    actor: Any = None,
    obj: Any = None,
    outcome: str = "success",
    data: dict[str, Any] | None = None,
) -> AuditRecord:
    """Append one record; the chain head is locked so concurrent appends stay ordered."""
    actor_name = ""
    if actor is not None and getattr(actor, "is_authenticated", False):
        actor_name = actor.get_username()
    elif isinstance(actor, str):
        actor_name = actor
    with transaction.atomic():
        head = AuditRecord.objects.select_for_update().order_by("-id").first()
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
            prev_hash=head.hash if head is not None else GENESIS,
        )
        record.hash = record_hash(record)
        record.save()
    return record


@dataclass(frozen=True)
class VerifyResult:
    checked: int
    broken_at: int | None  # id of the first row whose hash or link does not match
    reason: str

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def _rows() -> Iterator[AuditRecord]:
    return AuditRecord.objects.order_by("id").iterator(chunk_size=2000)


def verify_chain() -> VerifyResult:
    """Recompute every hash and link. The oldest remaining row anchors the chain (rows
    older than the retention period may have been purged)."""
    previous: AuditRecord | None = None
    checked = 0
    for record in _rows():
        if record_hash(record) != record.hash:
            return VerifyResult(checked, record.pk, "内容与哈希不符（记录被修改）")
        if previous is not None and record.prev_hash != previous.hash:
            return VerifyResult(checked, record.pk, "与上一条记录的链接断开（记录被删除或插入）")
        previous = record
        checked += 1
    return VerifyResult(checked, None, "")


def purge_older_than(days: int = RETENTION_DAYS) -> int:
    """Delete rows older than ``days`` (never fewer than the 180-day retention)."""
    cutoff = timezone.now() - timedelta(days=max(days, RETENTION_DAYS))
    deleted, _ = AuditRecord.objects.filter(at__lt=cutoff).delete()
    return deleted


def on_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit("auth.login", actor=user)


def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    # Only the username is kept; the password never reaches the log.
    audit("auth.login_failed", actor=str(credentials.get("username", ""))[:150], outcome="denied")


def on_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit("auth.logout", actor=user)
