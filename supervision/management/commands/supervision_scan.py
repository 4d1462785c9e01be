"""Run one supervision scan; the last line is JSON with due_soon, overdue, supervised, veto."""

import json
from typing import Any

from django.core.management.base import BaseCommand

from supervision.services import supervision_scan


class Command(BaseCommand):
    help = "执行一次督办扫描（即将超期、已超期、督办、三个月未答复）"

    def handle(self, *args: Any, **options: Any) -> None:
        result = supervision_scan()
        self.stdout.write(
            f"即将超期{result.due_soon}件，已超期{result.overdue}件，"
            f"超期督办{result.supervised}件，三个月未答复{result.veto}件。"
        )
        self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False))
