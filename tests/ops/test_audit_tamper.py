"""Tamper tests of the audit log against whoever owns the database (issue #17 item 3).

Records are written, a signed checkpoint is taken outside the database, then the table is
attacked the way its owner can: TRUNCATE (refused by the statement trigger on PostgreSQL;
forced with the triggers disabled), deleting the newest or the oldest rows, editing a
row and recomputing the chain (the old unkeyed SHA-256, or a MAC under a key of one's
own), inserting forged rows. ``manage.py audit_verify`` must then exit non-zero naming
what happened; an untouched log, a key rotation and a legitimate purge still verify.
On PostgreSQL the least-privilege application role (``manage.py db_roles --apply``) may
only INSERT and SELECT, and ``check --deploy`` tells the two roles apart.

Every test runs on a frozen clock (``TEST_NOW``), so checkpoint labels are exact.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import importlib
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from io import StringIO
from pathlib import Path, PurePosixPath
from typing import Any

import pytest
import time_machine
import yaml
from django.conf import settings as django_settings
from django.core import checks
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from core.audit import audit, legacy_hash
from core.audit_keys import mac
from core.management.commands.db_roles import DEFAULT_APP_ROLE
from core.models import AuditRecord
from desk.checks import check_application_database_role
from tests.conftest import TEST_NOW
from tests.ops.conftest import BASE_DIR, database_url
from tests.world import Desk

pytestmark = pytest.mark.django_db

TABLE = AuditRecord._meta.db_table
KEY_1 = "t1:" + base64.b64encode(bytes([1]) * 32).decode()
KEY_2 = "t2:" + base64.b64encode(bytes([2]) * 32).decode()
# How checkpoints taken at TEST_NOW are named in findings.
CHECKPOINT = "检查点 2026-11-20 10:00"


def on_postgresql() -> bool:
    return connection.vendor == "postgresql"


def skip_unless_postgresql() -> None:
    if not on_postgresql():
        pytest.skip("PostgreSQL only (TRUNCATE, roles and privileges)")


@pytest.fixture(autouse=True)
def audit_settings(settings: Any, tmp_path: Path) -> None:
    """A known key and a private checkpoint file for each test."""
    settings.DESK_AUDIT_KEYS = KEY_1
    settings.DESK_AUDIT_CHECKPOINT_PATH = tmp_path / "audit-checkpoints.jsonl"


@pytest.fixture(autouse=True)
def frozen_clock() -> Iterator[None]:
    with time_machine.travel(TEST_NOW, tick=False):
        yield


# --- helpers ------------------------------------------------------------------------------


def write(count: int, tag: str = "event") -> list[AuditRecord]:
    return [audit("test.event", actor="tester", data={"tag": tag, "n": n}) for n in range(count)]


def checkpoint() -> str:
    out = StringIO()
    call_command("audit_checkpoint", stdout=out)
    return out.getvalue()


def verify() -> tuple[int, list[str], str]:
    """``manage.py audit_verify`` in this process: exit status, the findings, the text."""
    out = StringIO()
    try:
        call_command("audit_verify", stdout=out)
    except CommandError as exc:
        text = str(exc)
        findings = [line[2:] for line in text.splitlines() if line.startswith("- ")]
        return exc.returncode, findings, text
    return 0, [], out.getvalue()


def ids() -> list[int]:
    return list(AuditRecord.objects.order_by("id").values_list("id", flat=True))


@contextmanager
def as_owner_without_triggers() -> Iterator[Any]:
    """What the table's owner can do: set the triggers aside, run raw SQL, restore them
    (the attack the keyed chain and the checkpoints must reveal)."""
    sqlite = importlib.import_module("letters.migrations.0011_audit_append_only")
    with connection.cursor() as cursor:
        if on_postgresql():
            cursor.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER USER")
        else:
            for sql in sqlite.SQLITE_REVERSE:
                cursor.execute(sql)
        yield cursor
        if on_postgresql():
            cursor.execute(f"ALTER TABLE {TABLE} ENABLE TRIGGER USER")
        else:
            for sql in sqlite.SQLITE:
                cursor.execute(sql)


def delete_rows(row_ids: list[int]) -> None:
    with as_owner_without_triggers() as cursor:
        for pk in row_ids:
            cursor.execute(f"DELETE FROM {TABLE} WHERE id = %s", [pk])


def _content(row: AuditRecord) -> str:
    return json.dumps(row.data, ensure_ascii=False, sort_keys=True)


def rewrite(rows: list[AuditRecord]) -> None:
    """Store the given rows' fields as they are now in memory (raw UPDATE)."""
    with as_owner_without_triggers() as cursor:
        for row in rows:
            cursor.execute(
                f"UPDATE {TABLE} SET data = %s, prev_hash = %s, hash = %s, key_id = %s "
                "WHERE id = %s",
                [_content(row), row.prev_hash, row.hash, row.key_id, row.pk],
            )


def recompute_chain(rows: list[AuditRecord], sign: Any, *, start: str) -> None:
    """Relink ``rows`` from ``start`` and give each the hash ``sign(row)``."""
    previous = start
    for row in rows:
        row.prev_hash = previous
        row.hash = sign(row)
        previous = row.hash


def insert_raw(row: AuditRecord, *, pk: int | None = None) -> None:
    with as_owner_without_triggers() as cursor:
        columns = ["at", "actor_name", "ip", "request_id", "action", "object_type"]
        columns += ["object_id", "outcome", "data", "prev_hash", "hash", "key_id"]
        values: list[Any] = [
            row.at,
            row.actor_name,
            row.ip,
            row.request_id,
            row.action,
            row.object_type,
            row.object_id,
            row.outcome,
            _content(row),
            row.prev_hash,
            row.hash,
            row.key_id,
        ]
        if pk is not None:
            columns.insert(0, "id")
            values.insert(0, pk)
        cursor.execute(
            f"INSERT INTO {TABLE} ({', '.join(columns)}) "
            f"VALUES ({', '.join(['%s'] * len(columns))})",
            values,
        )


def forged(prev_hash: str, *, key_id: str, data: dict[str, Any]) -> AuditRecord:
    return AuditRecord(
        at=timezone.now(),
        actor_name="tester",
        action="test.event",
        outcome="success",
        data=data,
        prev_hash=prev_hash,
        key_id=key_id,
    )


def _checkpoint_path() -> Path:
    return Path(django_settings.DESK_AUDIT_CHECKPOINT_PATH)


def head() -> AuditRecord:
    return AuditRecord.objects.order_by("-id").first() or pytest.fail("empty audit log")


# --- (f) an untouched log -------------------------------------------------------------------


def test_an_untouched_log_verifies_with_exit_status_0() -> None:
    write(5)

    assert checkpoint() == (
        f"已写入第1个检查点：{CHECKPOINT}，共 5 条记录，最新为第{head().pk}号"
        f"（{_checkpoint_path()}）。\n"
    )
    write(2)  # newer than the checkpoint: protected by their MACs
    status, findings, text = verify()

    assert (status, findings) == (0, [])
    assert text == (
        "审计日志校验通过：共7条记录，哈希链完整。\n"
        f"与 1 个检查点一致（最近：{CHECKPOINT}，当时 5 条）。\n"
    )


# --- (a) TRUNCATE ---------------------------------------------------------------------------


def test_truncate_is_refused_by_the_statement_trigger_even_for_the_owner() -> None:
    skip_unless_postgresql()
    write(5)

    with (
        pytest.raises(DatabaseError, match="audit log cannot be truncated"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(f"TRUNCATE {TABLE}")

    assert AuditRecord.objects.count() == 5


def test_young_rows_cannot_be_deleted_in_bulk_either() -> None:
    write(5)

    with (
        pytest.raises(DatabaseError, match="kept at least 180 days"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(f"DELETE FROM {TABLE}")

    assert AuditRecord.objects.count() == 5


def _empty_the_table(cursor: Any, *, restart_at: int | None = None) -> None:
    """TRUNCATE (SQLite: an unconditional DELETE, its "truncate optimization"); with
    ``restart_at`` the ids start again there, so a refilled table reuses them."""
    if on_postgresql():
        cursor.execute(f"TRUNCATE {TABLE}")
        if restart_at is not None:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s, false)", [TABLE, restart_at]
            )
    else:
        cursor.execute(f"DELETE FROM {TABLE}")
        if restart_at is not None:
            cursor.execute(
                "UPDATE sqlite_sequence SET seq = %s WHERE name = %s", [restart_at - 1, TABLE]
            )


def test_a_forced_truncate_fails_verification_naming_the_emptied_log() -> None:
    write(5)
    checkpoint()

    with as_owner_without_triggers() as cursor:
        _empty_the_table(cursor)
    status, findings, text = verify()

    assert status == 1
    assert findings == [f"审计日志被清空：{CHECKPOINT} 记录 5 条，现有 0 条"]
    assert text.startswith("审计日志校验失败（共读取0条记录）：")


def test_a_truncate_followed_by_new_records_is_still_seen() -> None:
    write(5)
    checkpoint()
    with as_owner_without_triggers() as cursor:
        _empty_the_table(cursor)

    write(3, tag="after")  # the application goes on writing: a new chain from genesis
    status, findings, _ = verify()

    assert status == 1
    assert findings == [
        f"审计日志被清空：{CHECKPOINT} 记录 5 条，现有其中 0 条（之后的记录从头重新起链）"
    ]


def test_a_truncate_restarting_the_ids_and_refilled_to_the_same_count_is_still_seen() -> None:
    originals = write(5)
    checkpoint()
    with as_owner_without_triggers() as cursor:
        _empty_the_table(cursor, restart_at=originals[0].pk)

    refilled = write(5, tag="refill")  # same ids, same count: only the hashes differ
    status, findings, _ = verify()

    assert [r.pk for r in refilled] == [r.pk for r in originals]
    assert status == 1
    assert findings == [f"审计记录被改写：第{originals[-1].pk}号记录的哈希与{CHECKPOINT}记下的不同"]


# --- (b) tail delete ------------------------------------------------------------------------


def test_deleting_the_newest_rows_fails_verification_naming_the_removed_rows() -> None:
    rows = write(6)
    checkpoint()

    delete_rows([rows[-1].pk, rows[-2].pk])
    status, findings, _ = verify()

    assert status == 1
    assert findings == [
        f"审计记录被删除：{CHECKPOINT} 记录 6 条，现有其中 4 条，"
        f"当时最新的第{rows[-1].pk}号记录已不存在"
    ]


def test_a_tail_delete_stays_visible_after_the_application_writes_on() -> None:
    rows = write(6)
    checkpoint()
    delete_rows([rows[-1].pk])

    write(4, tag="after")  # links to the surviving row 5: the chain itself looks whole
    status, findings, _ = verify()

    assert status == 1
    assert findings == [
        f"审计记录被删除：{CHECKPOINT} 记录 6 条，现有其中 5 条，"
        f"当时最新的第{rows[-1].pk}号记录已不存在"
    ]


# --- (c) deleting the oldest rows -----------------------------------------------------------


def test_deleting_the_oldest_rows_fails_verification() -> None:
    rows = write(6)
    checkpoint()

    delete_rows([rows[0].pk, rows[1].pk])
    status, findings, _ = verify()

    assert status == 1
    assert findings == [
        f"最早的记录被删除：现存最早的第{rows[2].pk}号记录之前还有记录，"
        "而审计日志中没有清理记录（audit.purge）",
        f"审计记录被删除：{CHECKPOINT} 记录 6 条，现有其中 4 条",
    ]


def test_deleting_the_oldest_rows_is_seen_without_any_checkpoint() -> None:
    rows = write(4)

    delete_rows([rows[0].pk])
    status, findings, _ = verify()

    assert status == 1
    assert findings == [
        f"最早的记录被删除：现存最早的第{rows[1].pk}号记录之前还有记录，"
        "而审计日志中没有清理记录（audit.purge）"
    ]


def test_reanchoring_the_new_oldest_row_to_genesis_is_an_edit() -> None:
    rows = write(4)
    checkpoint()
    delete_rows([rows[0].pk])

    survivor = AuditRecord.objects.get(pk=rows[1].pk)
    survivor.prev_hash = "0" * 64
    rewrite([survivor])
    status, findings, _ = verify()

    assert status == 1
    assert findings == [
        f"第{rows[1].pk}号记录内容与哈希不符（记录被修改或伪造）",
        f"审计记录被删除：{CHECKPOINT} 记录 4 条，现有其中 3 条",
    ]


# --- (d) edit and recompute -----------------------------------------------------------------


def test_an_edit_with_the_unkeyed_sha256_chain_recomputed_fails_naming_the_edit() -> None:
    """The attack that passed before the keyed chain: edit a row and recompute the old
    unkeyed SHA-256 hashes of it and every later row (key ids left as they were)."""
    write(5)
    checkpoint()
    rows = list(AuditRecord.objects.order_by("id"))
    rows[2].data = {"tag": "event", "n": 99}

    recompute_chain(rows[2:], legacy_hash, start=rows[1].hash)
    rewrite(rows[2:])
    status, findings, _ = verify()

    assert status == 1
    assert findings == [
        *[f"第{row.pk}号记录内容与哈希不符（记录被修改或伪造）" for row in rows[2:]],
        f"审计记录被改写：第{rows[-1].pk}号记录的哈希与{CHECKPOINT}记下的不同",
    ]


def test_rewriting_the_whole_log_in_the_old_unkeyed_format_is_seen_by_the_checkpoint() -> None:
    """Without the key the owner could pass the rows off as records from before the keyed
    chain (empty key id, unkeyed SHA-256): the checkpoint knows from which row on every
    record is keyed and what the newest row's hash was."""
    write(5)
    checkpoint()
    rows = list(AuditRecord.objects.order_by("id"))
    rows[2].data = {"tag": "event", "n": 99}
    for row in rows:
        row.key_id = ""

    recompute_chain(rows, legacy_hash, start="0" * 64)
    rewrite(rows)
    status, findings, _ = verify()

    assert status == 1
    assert findings == [
        *[
            f"第{row.pk}号记录没有密钥签名，却位于启用密钥链之后（记录被插入或改写）"
            for row in rows
        ],
        f"审计记录被改写：第{rows[-1].pk}号记录的哈希与{CHECKPOINT}记下的不同",
    ]


def test_an_edit_recomputed_with_a_key_of_ones_own_fails_naming_the_edit() -> None:
    write(4)
    checkpoint()
    rows = list(AuditRecord.objects.order_by("id"))
    rows[1].data = {"tag": "event", "n": 99}
    guessed = hashlib.sha256(b"not the key").digest()

    def own_mac(row: AuditRecord) -> str:
        from core.audit import keyed_hash

        return keyed_hash(row, guessed)

    recompute_chain(rows[1:], own_mac, start=rows[0].hash)
    rewrite(rows[1:])
    status, findings, _ = verify()

    assert status == 1
    assert findings == [
        *[f"第{row.pk}号记录内容与哈希不符（记录被修改或伪造）" for row in rows[1:]],
        f"审计记录被改写：第{rows[-1].pk}号记录的哈希与{CHECKPOINT}记下的不同",
    ]


def test_an_edit_under_an_unknown_key_id_cannot_pass_as_a_retired_key() -> None:
    write(3)
    checkpoint()
    rows = list(AuditRecord.objects.order_by("id"))
    rows[2].data = {"tag": "event", "n": 99}
    rows[2].key_id = "old"
    rows[2].hash = mac(b"x" * 32, b"anything")
    rewrite(rows[2:])

    status, findings, _ = verify()

    assert status == 1
    assert findings == [
        f"第{rows[2].pk}号记录使用的密钥“old”未配置，无法校验（请在 DESK_AUDIT_KEYS 中保留旧密钥）",
        f"审计记录被改写：第{rows[2].pk}号记录的哈希与{CHECKPOINT}记下的不同",
    ]


def test_editing_the_old_unkeyed_prefix_is_seen_at_the_first_keyed_record() -> None:
    """A database from before the keyed chain keeps its old rows with their unkeyed hash;
    the first keyed record's MAC covers the last old hash, which seals the prefix."""
    previous = "0" * 64
    old_rows = []
    for n in range(3):
        row = forged(previous, key_id="", data={"tag": "old", "n": n})
        row.hash = legacy_hash(row)
        insert_raw(row)
        previous = row.hash
        old_rows.append(row)
    keyed = write(2, tag="keyed")
    assert verify()[0] == 0
    rows = list(AuditRecord.objects.order_by("id"))[:3]
    rows[1].data = {"tag": "old", "n": 99}

    recompute_chain(rows[1:], legacy_hash, start=rows[0].hash)
    rewrite(rows[1:])
    status, findings, _ = verify()

    assert status == 1
    assert findings == [f"第{keyed[0].pk}号记录与上一条记录的链接断开（记录被删除或插入）"]


# --- (e) forged rows ------------------------------------------------------------------------


def test_a_forged_row_appended_without_the_key_fails_verification() -> None:
    write(4)
    checkpoint()

    fake = forged(head().hash, key_id="t1", data={"tag": "forged"})
    fake.hash = hashlib.sha256(b"cannot compute the MAC").hexdigest()
    insert_raw(fake)
    status, findings, _ = verify()

    assert status == 1
    assert findings == [f"第{head().pk}号记录内容与哈希不符（记录被修改或伪造）"]


def test_a_forged_row_in_the_old_unkeyed_format_is_an_insertion() -> None:
    write(4)
    checkpoint()

    fake = forged(head().hash, key_id="", data={"tag": "forged"})
    fake.hash = legacy_hash(fake)
    insert_raw(fake)
    status, findings, _ = verify()

    assert status == 1
    assert findings == [
        f"第{head().pk}号记录没有密钥签名，却位于启用密钥链之后（记录被插入或改写）"
    ]


def test_a_row_forged_into_a_gap_before_the_checkpoint_is_an_insertion() -> None:
    first = write(2)
    # A gap in the ids, as a rolled-back append leaves on PostgreSQL.
    with connection.cursor() as cursor:
        if on_postgresql():
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id'))", [TABLE])
        else:
            cursor.execute("UPDATE sqlite_sequence SET seq = seq + 1 WHERE name = %s", [TABLE])
    after = write(2, tag="after")
    checkpoint()
    gap = first[-1].pk + 1
    assert after[0].pk == gap + 1

    fake = forged(first[-1].hash, key_id="", data={"tag": "forged"})
    fake.hash = legacy_hash(fake)
    insert_raw(fake, pk=gap)
    status, findings, _ = verify()

    assert status == 1
    assert findings == [
        f"第{gap}号记录没有密钥签名，却位于启用密钥链之后（记录被插入或改写）",
        f"第{after[0].pk}号记录与上一条记录的链接断开（记录被删除或插入）",
        f"审计记录被插入：{CHECKPOINT} 记录 4 条，现在第{after[-1].pk}号及以前有 5 条",
    ]


# --- checkpoints ----------------------------------------------------------------------------


def test_an_edited_or_removed_checkpoint_line_is_named() -> None:
    write(2)
    checkpoint()
    write(1)
    checkpoint()
    write(1)
    checkpoint()
    path = _checkpoint_path()
    lines = path.read_text().splitlines()
    edited = json.loads(lines[0])
    edited["count"] = 1
    path.write_text("\n".join([json.dumps(edited), lines[2]]) + "\n")

    status, findings, _ = verify()

    assert status == 1
    assert findings == [
        "检查点文件第1行签名不符（检查点被修改或伪造）",
        "检查点文件第2行与上一个检查点的链接断开（此前第2至2个检查点被删除或改动）",
    ]


# --- (g) key rotation -----------------------------------------------------------------------


def test_after_a_key_rotation_old_records_and_checkpoints_still_verify(settings: Any) -> None:
    old = write(3)
    checkpoint()

    settings.DESK_AUDIT_KEYS = f"{KEY_2},{KEY_1}"  # the new key first, the old one kept
    new = write(3, tag="rotated")
    checkpoint()
    status, findings, text = verify()

    assert {r.key_id for r in old} == {"t1"}
    assert {r.key_id for r in new} == {"t2"}
    keys = [json.loads(line)["key_id"] for line in _checkpoint_path().read_text().splitlines()]
    assert keys == ["t1", "t2"]
    assert (status, findings) == (0, [])
    assert text == (
        "审计日志校验通过：共6条记录，哈希链完整。\n"
        f"与 2 个检查点一致（最近：{CHECKPOINT}，当时 6 条）。\n"
    )


def test_dropping_the_old_key_too_early_is_named(settings: Any) -> None:
    old = write(2)
    checkpoint()
    settings.DESK_AUDIT_KEYS = f"{KEY_2},{KEY_1}"
    write(1, tag="rotated")

    settings.DESK_AUDIT_KEYS = KEY_2
    status, findings, _ = verify()

    assert status == 1
    assert findings == [
        "检查点文件第1行使用的密钥“t1”未配置，无法校验该检查点",
        *[
            f"第{row.pk}号记录使用的密钥“t1”未配置，无法校验（请在 DESK_AUDIT_KEYS 中保留旧密钥）"
            for row in old
        ],
    ]


# --- (h) a legitimate purge -----------------------------------------------------------------


def test_a_purge_past_retention_still_verifies_and_later_deletions_do_not() -> None:
    # Three years back: older than any retention, also for the database's own clock,
    # which its delete trigger reads.
    with time_machine.travel(TEST_NOW - timedelta(days=3 * 365), tick=False):
        old = write(4, tag="old")
        checkpoint()
    young = write(3, tag="young")
    checkpoint()

    out = StringIO()
    call_command("audit_purge", stdout=out)
    status, findings, text = verify()

    assert out.getvalue() == "已删除 4 条超过保留期（365 天）的审计记录。\n"
    purge = AuditRecord.objects.get(action="audit.purge")
    assert purge.data["through_id"] == old[-1].pk
    assert ids() == [*(r.pk for r in young), purge.pk]
    assert (status, findings) == (0, [])
    assert text.startswith("审计日志校验通过：共4条记录，哈希链完整。\n与 2 个检查点一致")

    checkpoint()
    delete_rows([young[0].pk])  # an attacker hides the oldest remaining row
    status, findings, _ = verify()

    assert status == 1
    assert findings == [
        f"最早的记录被删除：最近一次清理（第{purge.pk}号记录）删除到第{old[-1].pk}号，"
        f"现存最早的却是第{young[1].pk}号且与之不相连",
        f"审计记录被删除：{CHECKPOINT} 记录 4 条，现有其中 3 条",
    ]


# --- audit_verify as a process ----------------------------------------------------------------


# Serialized like every transactional test here: a flush that re-creates the content
# types would break the next serialized-rollback test.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("flushable_audit_log")
def test_manage_py_audit_verify_exits_non_zero_after_a_truncate(tmp_path: Path) -> None:
    """The real command in its own process, on the committed rows of the test database."""
    write(3)
    checkpoint()
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "DESK_AUDIT_KEYS": KEY_1,
        "DESK_AUDIT_CHECKPOINT_PATH": str(_checkpoint_path()),
        "DESK_VAR_DIR": str(tmp_path / "var"),
    }

    def run() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "manage.py", "audit_verify"],
            cwd=BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    untouched = run()
    with as_owner_without_triggers() as cursor:
        _empty_the_table(cursor)
    emptied = run()

    assert (untouched.returncode, untouched.stderr) == (0, "")
    assert untouched.stdout.startswith("审计日志校验通过：共3条记录，哈希链完整。")
    assert emptied.returncode == 1
    assert f"审计日志被清空：{CHECKPOINT} 记录 3 条，现有 0 条" in emptied.stderr


# --- the application role (PostgreSQL) --------------------------------------------------------


@pytest.fixture
def app_role() -> Iterator[str]:
    """A least-privilege role made by ``db_roles --apply`` (created in the test's
    transaction, so it disappears with it); the test switches to it with SET ROLE."""
    skip_unless_postgresql()
    name = f"desk_app_test_{os.getpid()}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE ROLE "{name}" NOLOGIN')
    out = StringIO()
    call_command("db_roles", "--apply", "--app-role", name, stdout=out)
    assert out.getvalue().startswith(f"已为角色“{name}”授权")
    yield name
    # SET ROLE is undone with the test's transaction anyway (also after a failed one).
    with contextlib.suppress(DatabaseError), connection.cursor() as cursor:
        cursor.execute("RESET ROLE")


def test_the_application_role_may_only_insert_and_read_the_audit_log(app_role: str) -> None:
    write(2)
    with connection.cursor() as cursor:
        cursor.execute(f'SET ROLE "{app_role}"')

    appended = audit("test.event", actor="app", data={"tag": "as app"})
    attempts = {
        "update": f"UPDATE {TABLE} SET action = 'x'",
        "delete": f"DELETE FROM {TABLE}",
        "truncate": f"TRUNCATE {TABLE}",
        "disable trigger": f"ALTER TABLE {TABLE} DISABLE TRIGGER USER",
        "replica mode": "SET session_replication_role = replica",
    }
    refused = {}
    for what, sql in attempts.items():
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(sql)
        except DatabaseError as exc:
            refused[what] = type(exc.__cause__).__name__
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")

    assert refused == {
        "update": "InsufficientPrivilege",
        "delete": "InsufficientPrivilege",
        "truncate": "InsufficientPrivilege",
        "disable trigger": "InsufficientPrivilege",
        "replica mode": "InsufficientPrivilege",
    }
    assert AuditRecord.objects.count() == 3
    assert appended.key_id == "t1"
    assert verify()[0] == 0


def test_check_deploy_warns_about_the_owner_role_but_not_the_application_role(
    app_role: str,
) -> None:
    as_owner = check_application_database_role(databases=["default"])
    with connection.cursor() as cursor:
        cursor.execute(f'SET ROLE "{app_role}"')
    as_app = check_application_database_role(databases=["default"])
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")

    assert [m.id for m in as_owner] == ["desk.W002"]
    assert "是超级用户" in as_owner[0].msg or "是审计表 letters_auditrecord 的所有者" in (
        as_owner[0].msg
    )
    assert as_app == []


def test_the_desk_works_under_the_application_role(app_role: str, desk: Desk, api: Any) -> None:
    """Letters, replies, publication and the knowledge base (its search index included)
    need nothing the application role lacks; what they audit still verifies."""
    with connection.cursor() as cursor:
        cursor.execute(f'SET ROLE "{app_role}"')
        cursor.execute("SELECT current_user")
        assert cursor.fetchone() == (app_role,)

    letter = desk.publish(desk.replied())
    entry = desk.published_entry("二次供水水压不足找谁？", "二次供水由住建局负责，可拨打热线反映。")
    found = api.get("/api/v1/kb/search/", {"q": "二次供水"})
    status, findings, _ = verify()

    assert letter.status == "published"
    assert [row["id"] for row in found.json()["results"]] == [entry.pk]
    assert AuditRecord.objects.filter(action="kb_entry.approve").count() == 1
    assert (status, findings) == (0, [])


def test_db_roles_creates_the_application_role_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    skip_unless_postgresql()
    name = f"desk_app_new_{os.getpid()}"
    monkeypatch.delenv("DESK_DB_APP_PASSWORD", raising=False)
    with pytest.raises(CommandError) as missing:
        call_command("db_roles", "--apply", "--create-role", "--app-role", name)
    monkeypatch.setenv("DESK_DB_APP_PASSWORD", "s3cret'%s\"pw")  # quoted by the server

    first, again = StringIO(), StringIO()
    call_command("db_roles", "--apply", "--create-role", "--app-role", name, stdout=first)
    call_command("db_roles", "--apply", "--create-role", "--app-role", name, stdout=again)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rolcanlogin, rolsuper, rolcreaterole, rolcreatedb, rolbypassrls, "
            "left(rolpassword, 14) FROM pg_authid WHERE rolname = %s",
            [name],
        )
        role = cursor.fetchone()

    assert (
        str(missing.value)
        == "环境变量 DESK_DB_APP_PASSWORD 未设置：--create-role 需要应用角色的口令。"
    )
    assert first.getvalue().splitlines()[0] == f"已创建角色“{name}”。"
    assert again.getvalue().splitlines()[0] == f"已更新角色“{name}”的口令。"
    assert again.getvalue().splitlines()[1].startswith(f"已为角色“{name}”授权")
    assert role == (True, False, False, False, False, "SCRAM-SHA-256$")


def test_db_roles_apply_is_for_postgresql_only() -> None:
    if on_postgresql():
        pytest.skip("SQLite only")
    with pytest.raises(CommandError, match="数据库角色只适用于 PostgreSQL。"):
        call_command("db_roles", "--apply")


def test_the_beat_schedule_takes_an_hourly_checkpoint() -> None:
    from core.tasks import audit_checkpoint

    write(2)
    entry = django_settings.CELERY_BEAT_SCHEDULE["audit-checkpoint"]

    assert entry["task"] == "core.audit_checkpoint"
    assert audit_checkpoint() == 2
    assert json.loads(_checkpoint_path().read_text())["count"] == 2


# --- docker-compose.yml ---------------------------------------------------------------------


def _compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((BASE_DIR / "docker-compose.yml").read_text())
    return loaded


def _db_user(service: dict[str, Any]) -> str:
    url: str = service["environment"]["DATABASE_URL"]
    return url.split("://", 1)[1].split(":", 1)[0]


def test_compose_migrates_as_the_owner_and_runs_the_app_as_the_application_role() -> None:
    services = _compose()["services"]
    owner = services["postgres"]["environment"]["POSTGRES_USER"]
    migrate = " ".join(services["migrate"]["command"])

    assert _db_user(services["migrate"]) == owner == "desk"
    assert {name: _db_user(services[name]) for name in ("web", "worker", "beat")} == {
        "web": DEFAULT_APP_ROLE,
        "worker": DEFAULT_APP_ROLE,
        "beat": DEFAULT_APP_ROLE,
    }
    assert migrate.index("manage.py migrate --noinput") < migrate.index(
        f"manage.py db_roles --apply --create-role --app-role {DEFAULT_APP_ROLE}"
    )
    assert services["migrate"]["environment"]["DESK_DB_APP_PASSWORD"].startswith(
        "${DESK_DB_APP_PASSWORD:?"
    )
    for name in ("web", "worker", "beat"):
        assert services[name]["depends_on"]["migrate"] == {
            "condition": "service_completed_successfully"
        }
        assert "DESK_DB_APP_PASSWORD" not in services[name]["environment"]


def test_compose_requires_the_audit_keys_and_keeps_checkpoints_on_their_own_volume() -> None:
    compose = _compose()
    services = compose["services"]
    path = PurePosixPath(services["worker"]["environment"]["DESK_AUDIT_CHECKPOINT_PATH"])
    mount = f"audit-checkpoints:{path.parent}"

    for name in ("migrate", "web", "worker", "beat"):
        env = services[name]["environment"]
        assert env["DESK_AUDIT_KEYS"] == "${DESK_AUDIT_KEYS:?set DESK_AUDIT_KEYS}"
        assert env["DESK_PII_KEYS"] == "${DESK_PII_KEYS:?set DESK_PII_KEYS}"
    assert "audit-checkpoints" in compose["volumes"]
    assert mount in services["worker"]["volumes"]  # the worker runs core.audit_checkpoint
    assert mount not in services["web"]["volumes"]
    assert services["checkpoint-store"]["command"] == ["chown", "desk", str(path.parent)]
    assert services["worker"]["depends_on"]["checkpoint-store"] == {
        "condition": "service_completed_successfully"
    }


def test_production_without_audit_keys_derives_one_from_the_secret_key_and_warns(
    settings: Any,
) -> None:
    from core.audit_keys import derived_audit_key, parse_audit_keys
    from desk.checks import check_audit_keys

    derived = derived_audit_key("s" * 64)
    assert list(parse_audit_keys(derived)) == ["sk1"]
    assert derived == derived_audit_key("s" * 64) != derived_audit_key("t" * 64)

    settings.PRODUCTION = True
    settings.DESK_AUDIT_KEYS_DERIVED = True
    warned = check_audit_keys()
    settings.DESK_AUDIT_KEYS_DERIVED = False

    assert [(m.id, m.level, m.msg) for m in warned] == [
        (
            "desk.W003",
            checks.WARNING,
            "生产环境未设置 DESK_AUDIT_KEYS：审计链密钥暂由 DESK_SECRET_KEY 派生（仍在数据库之外），"
            "但更换 DESK_SECRET_KEY 后旧记录将无法验证。",
        )
    ]
    assert check_audit_keys() == []
