"""Run the reporting calendar once; the last line is JSON with generated and reminded ids."""

import json
from typing import Any

from django.core.management.base import BaseCommand

from supervision.reporting import run_calendar


class Command(BaseCommand):
    help = "执行一次报告日历（生成到期的报告快照，提醒即将到期未报送的报告）"

    def handle(self, *args: Any, **options: Any) -> None:
        result = run_calendar()
        self.stdout.write(f"生成报告{len(result.generated)}份，提醒{len(result.reminded)}份。")
        self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False))
