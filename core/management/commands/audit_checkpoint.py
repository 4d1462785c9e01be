"""Append a signed checkpoint of the audit table (count, oldest and newest row, the
newest row's hash, time) to the append-only store outside the database. Beat runs the
same as the hourly ``core.audit_checkpoint`` task."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from core.audit_integrity import checkpoint_path, write_checkpoint


class Command(BaseCommand):
    help = "为审计日志追加一个签名检查点（记录数、最新记录及其哈希、时间），写在数据库之外"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--path", type=Path, default=None, help="检查点文件（默认 DESK_AUDIT_CHECKPOINT_PATH）"
        )

    def handle(self, *args: Any, path: Path | None, **options: Any) -> None:
        target = path or checkpoint_path()
        checkpoint = write_checkpoint(target)
        head = f"最新为第{checkpoint.head_id}号" if checkpoint.head_id is not None else "表为空"
        self.stdout.write(
            f"已写入第{checkpoint.seq}个检查点：{checkpoint.label}，"
            f"共 {checkpoint.count} 条记录，{head}（{target}）。"
        )
