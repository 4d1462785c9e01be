"""Import a year's official holiday schedule: ``calendar_import FILE --year YYYY``.

FILE is CSV with header ``date,kind,name``; kind is ``holiday`` (a weekday off) or
``workday`` (a make-up working day on a weekend). All rows are imported or none.
"""

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from workdays.services import import_schedule


class Command(BaseCommand):
    help = "导入某年国务院节假日安排（CSV：date,kind,name）"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="CSV 文件")
        parser.add_argument("--year", type=int, required=True, help="年份")
        parser.add_argument("--source", default="", help="来源（如通知文号），默认用文件名")

    def handle(self, *args: Any, file: str, year: int, source: str, **options: Any) -> None:
        path = Path(file)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"无法读取文件 {file}：{exc}") from None
        try:
            result = import_schedule(year=year, csv_text=text, source=source or path.name)
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from None
        self.stdout.write(
            f"已导入{result.year}年节假日安排：放假{result.holidays}天，调休上班{result.workdays}天，"
            f"日历版本{result.version}。相关来信的办理期限将在后台重新计算。"
        )
