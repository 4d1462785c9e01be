"""Is the audit log whole? Signed checkpoints outside the database, and the verification.

A **checkpoint** (``manage.py audit_checkpoint``, hourly from beat as the
``core.audit_checkpoint`` task) is one JSON line appended to a file outside the database
(``DESK_AUDIT_CHECKPOINT_PATH``, by default ``var/audit-checkpoints.jsonl``; each line is
also logged to ``core.audit.checkpoint`` for syslog)::

    {"v": 1, "seq": 7, "at": "…", "count": 120, "first_id": 1, "head_id": 120,
     "head_hash": "…", "keyed_from": 3, "prev": "<sig of line 6>", "key_id": "a2026",
     "sig": "<HMAC-SHA256 of the rest>"}

It says how many rows the table had, which row was newest and its hash, and from which
row on every record is keyed; it is signed with the current audit key and linked to the
line before it, so an edited, forged or removed line is seen.

:func:`verify` (``manage.py audit_verify``) recomputes every record's hash or MAC and
link, checks both ends of the chain (the oldest row links to the genesis hash or to the
last row the latest ``audit.purge`` record deleted; every checkpoint's newest row is still
there with its hash and the rows up to it are as many as then) and names what it found:
records edited, inserted or deleted, the table emptied, checkpoints modified. Rows newer
than the last checkpoint are protected by their MACs but a deletion at the very end is
only visible once a checkpoint has covered it: checkpoint often.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from django.conf import settings
from django.db.models import Count, Max, Min
from django.utils import timezone

from core.audit import GENESIS, PURGE_ACTION, audit_keys, current_key, keyed_hash, legacy_hash
from core.audit_keys import mac, macs_equal
from core.models import AuditRecord

checkpoint_log = logging.getLogger("core.audit.checkpoint")

CHECKPOINT_VERSION = 1
_CHECKPOINT_DOMAIN = "desk-audit-checkpoint-v1\n"
# Findings about single rows listed before the rest is summed up.
MAX_ROW_FINDINGS = 10

Kind = Literal["edited", "inserted", "removed", "truncated", "checkpoint", "key"]


def checkpoint_path() -> Path:
    return Path(settings.DESK_AUDIT_CHECKPOINT_PATH)


def _local(at: datetime) -> str:
    return timezone.localtime(at).strftime("%Y-%m-%d %H:%M")


# --- checkpoints ------------------------------------------------------------------------


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    at: datetime
    count: int
    first_id: int | None
    head_id: int | None
    head_hash: str
    keyed_from: int | None
    line: int = 0  # line number in the file (1-based), 0 before it is written

    @property
    def label(self) -> str:
        return f"检查点 {_local(self.at)}"


def _sign(body: dict[str, Any], key: bytes) -> str:
    payload = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return mac(key, (_CHECKPOINT_DOMAIN + payload).encode())


def table_state() -> dict[str, Any]:
    """Count, oldest and newest id of the table in one statement (one snapshot), the
    newest row's hash and the first keyed row."""
    state = AuditRecord.objects.aggregate(count=Count("id"), first_id=Min("id"), head_id=Max("id"))
    head_hash = ""
    if state["head_id"] is not None:
        head_hash = (
            AuditRecord.objects.filter(pk=state["head_id"]).values_list("hash", flat=True).get()
        )
    keyed_from = (
        AuditRecord.objects.exclude(key_id="").order_by("id").values_list("id", flat=True).first()
    )
    return {**state, "head_hash": head_hash, "keyed_from": keyed_from}


def _last_line(handle: Any) -> bytes:
    """The last non-empty line of a file opened for reading and appending."""
    handle.seek(0, os.SEEK_END)
    end = handle.tell()
    chunk = b""
    position = end
    while position > 0:
        step = min(4096, position)
        position -= step
        handle.seek(position)
        chunk = handle.read(step) + chunk
        lines = chunk.rstrip(b"\n").split(b"\n")
        if len(lines) > 1 or position == 0:
            last_line: bytes = lines[-1]
            return last_line
    return b""


def write_checkpoint(path: Path | None = None) -> Checkpoint:
    """Append a signed checkpoint of the table as it is now (file locked meanwhile)."""
    path = path or checkpoint_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    key_id, key = current_key()
    fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
    with os.fdopen(fd, "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        previous: dict[str, Any] = {}
        last = _last_line(handle)
        if last.strip():
            with contextlib.suppress(ValueError):
                previous = json.loads(last)
        state = table_state()
        at = timezone.now()
        body: dict[str, Any] = {
            "v": CHECKPOINT_VERSION,
            "seq": int(previous.get("seq", 0)) + 1,
            "at": at.isoformat(),
            "count": state["count"],
            "first_id": state["first_id"],
            "head_id": state["head_id"],
            "head_hash": state["head_hash"],
            "keyed_from": state["keyed_from"],
            "prev": str(previous.get("sig", "")),
            "key_id": key_id,
        }
        line = json.dumps(
            {**body, "sig": _sign(body, key)}, ensure_ascii=False, separators=(",", ":")
        )
        handle.seek(0, os.SEEK_END)
        handle.write(line.encode() + b"\n")
        handle.flush()
        os.fsync(handle.fileno())
    checkpoint_log.info("%s", line)
    return Checkpoint(
        seq=body["seq"],
        at=at,
        count=body["count"],
        first_id=body["first_id"],
        head_id=body["head_id"],
        head_hash=body["head_hash"],
        keyed_from=body["keyed_from"],
    )


@dataclass(frozen=True)
class Finding:
    kind: Kind
    message: str
    record_id: int | None = None  # the row concerned, for findings about one row
    reason: str = ""  # the row finding's reason without the row number
    checked_before: int = 0  # rows verified before it (chain findings)


def read_checkpoints(path: Path | None = None) -> tuple[list[Checkpoint], list[Finding]]:
    """The checkpoints whose signature and link verify, and what is wrong with the rest."""
    path = path or checkpoint_path()
    if not path.exists():
        return [], []
    keys = audit_keys()
    good: list[Checkpoint] = []
    findings: list[Finding] = []
    previous_sig = ""
    previous_seq = 0
    for number, raw in enumerate(path.read_bytes().split(b"\n"), start=1):
        if not raw.strip():
            continue
        where = f"检查点文件第{number}行"
        try:
            entry = json.loads(raw)
            body = {k: v for k, v in entry.items() if k != "sig"}
            sig = str(entry["sig"])
            key_id = str(entry["key_id"])
        except (ValueError, KeyError, TypeError, AttributeError):
            findings.append(Finding("checkpoint", f"{where}无法解析（检查点被修改）"))
            continue
        key = keys.get(key_id)
        if key is None:
            findings.append(Finding("key", f"{where}使用的密钥“{key_id}”未配置，无法校验该检查点"))
            previous_sig, previous_seq = sig, int(entry.get("seq", previous_seq + 1))
            continue
        if not macs_equal(_sign(body, key), sig):
            findings.append(Finding("checkpoint", f"{where}签名不符（检查点被修改或伪造）"))
            # The next line links to the signature this one claims.
            previous_sig = sig
            with contextlib.suppress(KeyError, TypeError, ValueError):
                previous_seq = int(body["seq"])
            continue
        if body.get("prev", "") != previous_sig:
            findings.append(
                Finding(
                    "checkpoint",
                    f"{where}与上一个检查点的链接断开（此前第{previous_seq + 1}至"
                    f"{int(body['seq']) - 1}个检查点被删除或改动）"
                    if int(body["seq"]) > previous_seq + 1
                    else f"{where}与上一个检查点的链接断开（检查点被删除、插入或改动）",
                )
            )
        previous_sig, previous_seq = sig, int(body["seq"])
        good.append(
            Checkpoint(
                seq=int(body["seq"]),
                at=datetime.fromisoformat(body["at"]),
                count=int(body["count"]),
                first_id=body["first_id"],
                head_id=body["head_id"],
                head_hash=str(body["head_hash"]),
                keyed_from=body["keyed_from"],
                line=number,
            )
        )
    return good, findings


# --- verification -----------------------------------------------------------------------


@dataclass
class AuditReport:
    checked: int = 0  # rows read
    findings: list[Finding] = field(default_factory=list)
    checkpoints: list[Checkpoint] = field(default_factory=list)
    checkpoint_file: Path | None = None

    @property
    def ok(self) -> bool:
        return not self.findings

    def messages(self) -> list[str]:
        return [f.message for f in self.findings]


@dataclass
class _Purge:
    record_id: int
    through_id: int
    through_hash: str


@dataclass
class _Walk:
    """What one pass over the rows learns."""

    count: int = 0
    first: tuple[int, str] | None = None  # id, prev_hash of the oldest row
    keyed_seen: bool = False
    purge: _Purge | None = None  # the latest verified audit.purge record
    hashes_at_heads: dict[int, str] = field(default_factory=dict)
    count_up_to: dict[int, int] = field(default_factory=dict)  # head id -> rows with id <= it
    row_findings: list[Finding] = field(default_factory=list)
    more_row_findings: int = 0


def _rows() -> Iterator[AuditRecord]:
    return AuditRecord.objects.order_by("id").iterator(chunk_size=2000)


def _row_finding(walk: _Walk, kind: Kind, record: AuditRecord, reason: str) -> None:
    if len(walk.row_findings) >= MAX_ROW_FINDINGS:
        walk.more_row_findings += 1
        return
    walk.row_findings.append(
        Finding(
            kind,
            f"第{record.pk}号记录{reason}",
            record_id=record.pk,
            reason=reason,
            checked_before=walk.count,
        )
    )


def _walk(keyed_from: int | None, heads: list[int]) -> _Walk:
    keys = audit_keys()
    walk = _Walk()
    next_head = 0
    previous_hash: str | None = None
    for record in _rows():
        while next_head < len(heads) and heads[next_head] < record.pk:
            walk.count_up_to[heads[next_head]] = walk.count
            next_head += 1
        if walk.first is None:
            walk.first = (record.pk, record.prev_hash)
        verified = False
        if record.key_id:
            key = keys.get(record.key_id)
            if key is None:
                _row_finding(
                    walk,
                    "key",
                    record,
                    f"使用的密钥“{record.key_id}”未配置，无法校验（请在 DESK_AUDIT_KEYS 中保留旧密钥）",
                )
            elif not macs_equal(keyed_hash(record, key), record.hash):
                _row_finding(walk, "edited", record, "内容与哈希不符（记录被修改或伪造）")
            else:
                verified = True
            walk.keyed_seen = True
        elif walk.keyed_seen or (keyed_from is not None and record.pk >= keyed_from):
            _row_finding(
                walk,
                "inserted",
                record,
                "没有密钥签名，却位于启用密钥链之后（记录被插入或改写）",
            )
        elif legacy_hash(record) != record.hash:
            _row_finding(walk, "edited", record, "内容与哈希不符（记录被修改或伪造）")
        if previous_hash is not None and record.prev_hash != previous_hash:
            _row_finding(walk, "removed", record, "与上一条记录的链接断开（记录被删除或插入）")
        if verified and record.action == PURGE_ACTION:
            with contextlib.suppress(KeyError, TypeError, ValueError):
                walk.purge = _Purge(
                    record.pk,
                    int(record.data["through_id"]),
                    str(record.data["through_hash"]),
                )
        if next_head < len(heads) and heads[next_head] == record.pk:
            walk.hashes_at_heads[record.pk] = record.hash
        previous_hash = record.hash
        walk.count += 1
    for head in heads[next_head:]:
        walk.count_up_to[head] = walk.count
    return walk


def _anchor_finding(walk: _Walk) -> Finding | None:
    """The oldest row must link to the genesis hash, or to the last purged row."""
    if walk.first is None:
        return None
    first_id, first_prev = walk.first
    if walk.purge is None:
        if first_prev == GENESIS:
            return None
        return Finding(
            "removed",
            f"最早的记录被删除：现存最早的第{first_id}号记录之前还有记录，"
            "而审计日志中没有清理记录（audit.purge）",
        )
    if first_prev == walk.purge.through_hash:
        return None
    return Finding(
        "removed",
        f"最早的记录被删除：最近一次清理（第{walk.purge.record_id}号记录）删除到第"
        f"{walk.purge.through_id}号，现存最早的却是第{first_id}号且与之不相连",
    )


def _checkpoint_findings(walk: _Walk, checkpoints: list[Checkpoint]) -> list[Finding]:
    if walk.count == 0:
        filled = [c for c in checkpoints if c.count > 0]
        if not filled:
            return []
        latest = filled[-1]
        return [
            Finding(
                "truncated",
                f"审计日志被清空：{latest.label} 记录 {latest.count} 条，现有 0 条",
            )
        ]
    assert walk.first is not None
    first_id = walk.first[0]
    found: dict[Kind, list[Finding]] = {}
    for checkpoint in checkpoints:
        head = checkpoint.head_id
        if head is None:
            continue
        purged_since = walk.purge is not None and walk.purge.record_id > head
        now = walk.count_up_to.get(head, 0)
        if head not in walk.hashes_at_heads:
            if head < first_id and walk.purge is not None and walk.purge.through_id >= head:
                continue  # purged with its trace; the anchor check covers the rest
            if now == 0:  # every row it covered is gone; the chain began again since
                found.setdefault("truncated", []).append(
                    Finding(
                        "truncated",
                        f"审计日志被清空：{checkpoint.label} 记录 {checkpoint.count} 条，"
                        f"现有其中 0 条（之后的记录从头重新起链）",
                    )
                )
                continue
            found.setdefault("removed", []).append(
                Finding(
                    "removed",
                    f"审计记录被删除：{checkpoint.label} 记录 {checkpoint.count} 条，"
                    f"现有其中 {now} 条，当时最新的第{head}号记录已不存在",
                )
            )
            continue
        if not macs_equal(walk.hashes_at_heads[head], checkpoint.head_hash):
            found.setdefault("edited", []).append(
                Finding(
                    "edited",
                    f"审计记录被改写：第{head}号记录的哈希与{checkpoint.label}记下的不同",
                )
            )
        if purged_since:
            continue  # rows up to the head may since have been purged (with a trace)
        if now < checkpoint.count:
            found.setdefault("removed", []).append(
                Finding(
                    "removed",
                    f"审计记录被删除：{checkpoint.label} 记录 {checkpoint.count} 条，"
                    f"现有其中 {now} 条",
                )
            )
        elif now > checkpoint.count:
            found.setdefault("inserted", []).append(
                Finding(
                    "inserted",
                    f"审计记录被插入：{checkpoint.label} 记录 {checkpoint.count} 条，"
                    f"现在第{head}号及以前有 {now} 条",
                )
            )
    findings = []
    for items in found.values():
        last: Finding = items[-1]  # the most recent checkpoint that disagrees says the most
        extra = f"（另有 {len(items) - 1} 个检查点也不符）" if len(items) > 1 else ""
        findings.append(Finding(last.kind, last.message + extra))
    return findings


def verify(*, checkpoints: bool = True, path: Path | None = None) -> AuditReport:
    """Check the whole log; ``checkpoints=False`` checks the chain and its anchors only."""
    report = AuditReport()
    marks: list[Checkpoint] = []
    if checkpoints:
        report.checkpoint_file = path or checkpoint_path()
        marks, checkpoint_problems = read_checkpoints(report.checkpoint_file)
        report.checkpoints = marks
        report.findings.extend(checkpoint_problems)
    keyed_from = min((c.keyed_from for c in marks if c.keyed_from is not None), default=None)
    heads = sorted({c.head_id for c in marks if c.head_id is not None})
    walk = _walk(keyed_from, heads)
    report.checked = walk.count
    report.findings.extend(walk.row_findings)
    if walk.more_row_findings:
        report.findings.append(
            Finding(
                walk.row_findings[-1].kind,
                f"……另有 {walk.more_row_findings} 处记录不符（未逐条列出）",
            )
        )
    anchor = _anchor_finding(walk)
    if anchor is not None:
        report.findings.append(anchor)
    report.findings.extend(_checkpoint_findings(walk, marks))
    return report
