"""Check the audit log: every record's MAC (or old hash) and link, both ends of the chain,
and the signed checkpoints kept outside the database. Exits non-zero naming what it found:
records edited, inserted or deleted, the table emptied, checkpoints modified."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.audit_integrity import verify


class Command(BaseCommand):
    help = "校验审计日志（密钥哈希链、首尾与检查点），发现记录被修改、插入、删除或清空时返回非零"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--checkpoints",
            type=Path,
            default=None,
            help="检查点文件（默认 DESK_AUDIT_CHECKPOINT_PATH）",
        )

    def handle(self, *args: Any, checkpoints: Path | None, **options: Any) -> None:
        report = verify(path=checkpoints)
        if not report.ok:
            lines = "\n".join(f"- {message}" for message in report.messages())
            raise CommandError(f"审计日志校验失败（共读取{report.checked}条记录）：\n{lines}")
        self.stdout.write(f"审计日志校验通过：共{report.checked}条记录，哈希链完整。")
        if report.checkpoints:
            latest = report.checkpoints[-1]
            self.stdout.write(
                f"与 {len(report.checkpoints)} 个检查点一致（最近：{latest.label}，"
                f"当时 {latest.count} 条）。"
            )
        else:
            self.stdout.write(
                f"没有检查点（{report.checkpoint_file}）：无法发现末尾记录被删除或整表被清空，"
                "请定时运行 manage.py audit_checkpoint。"
            )
