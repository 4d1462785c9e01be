"""Print a deadline: ``deadline --from YYYY-MM-DD --days N [--inclusive]``.

The output is one line, ``YYYY-MM-DD`` followed by `` provisional`` when the date falls
in a year whose official schedule is not imported yet.
"""

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from workdays.calendar_core import MAX_WORKING_DAYS
from workdays.services import get_calendar


class Command(BaseCommand):
    help = "按工作日计算办理期限"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--from", dest="start", required=True, help="起算日期 YYYY-MM-DD")
        parser.add_argument("--days", required=True, help="工作日数")
        parser.add_argument("--inclusive", action="store_true", help="收件当日计入")

    def handle(self, *args: Any, start: str, days: str, inclusive: bool, **options: Any) -> None:
        try:
            start_day = date.fromisoformat(start)
            if len(start) != 10:
                raise ValueError(start)
        except ValueError:
            raise CommandError(f"--from：日期格式应为 YYYY-MM-DD，收到的是“{start}”。") from None
        try:
            n = int(days)
        except ValueError:
            raise CommandError(f"--days：应为整数，收到的是“{days}”。") from None
        if not 1 <= n <= MAX_WORKING_DAYS:
            raise CommandError(f"--days：应在1到{MAX_WORKING_DAYS}之间，收到的是{n}。")
        try:
            result = get_calendar().add_working_days(start_day, n, inclusive=inclusive)
        except ValueError as exc:
            raise CommandError(f"--from：{exc}") from None
        self.stdout.write(
            result.deadline.isoformat() + (" provisional" if result.provisional else "")
        )
