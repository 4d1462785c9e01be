"""Delete audit records past the retention period (DESK_AUDIT_RETENTION_DAYS, never fewer
than 180 days), leaving an ``audit.purge`` record that names the last row deleted.

Run it under the database owner role: the application's role may not delete audit rows
(``manage.py db_roles``), so the nightly housekeeping task skips this step there."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from core.audit import may_purge, purge_older_than
from core.conf import desk_settings


class Command(BaseCommand):
    help = "删除超过保留期的审计记录（至少保留 180 天），并留下清理记录；须以数据库所有者角色运行"

    def handle(self, *args: Any, **options: Any) -> None:
        if not may_purge():
            raise CommandError(
                "当前数据库角色无权删除审计记录：请以数据库所有者角色（迁移所用的角色）运行本命令。"
            )
        days = desk_settings().audit_retention_days
        deleted = purge_older_than(days)
        self.stdout.write(f"已删除 {deleted} 条超过保留期（{max(days, 180)} 天）的审计记录。")
