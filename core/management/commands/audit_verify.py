"""Check the audit log's hash chain; exits non-zero when a row was edited or removed."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from core.audit import verify_chain


class Command(BaseCommand):
    help = "校验审计日志哈希链，发现记录被修改或删除时返回非零"

    def handle(self, *args: Any, **options: Any) -> None:
        result = verify_chain()
        if not result.ok:
            raise CommandError(
                f"审计日志校验失败：第{result.broken_at}号记录{result.reason}"
                f"（此前{result.checked}条记录正常）。"
            )
        self.stdout.write(f"审计日志校验通过：共{result.checked}条记录，哈希链完整。")
