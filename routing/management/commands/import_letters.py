"""Import historical letters: ``import_letters FILE.csv|.xlsx --map title=…,body=…,department=…``."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from routing.importing import import_letters, parse_mapping


class Command(BaseCommand):
    help = "从旧系统导入历史来信作为分办训练数据（有错误时一条也不导入）"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file")
        parser.add_argument(
            "--map",
            required=True,
            help=(
                "字段=列名，逗号分隔；字段：title, body, department, category, kind, "
                "received, reply（答复内容，可选，分办模型也从中学习）"
            ),
        )
        parser.add_argument("--dry-run", action="store_true", help="只检查，不导入")

    def handle(self, *args: Any, file: str, map: str, dry_run: bool, **options: Any) -> None:
        path = Path(file)
        if not path.exists():
            raise CommandError(f"文件不存在：{file}")
        try:
            report = import_letters(path, parse_mapping(map), dry_run=dry_run)
        except (ValueError, OSError, UnicodeDecodeError) as exc:
            raise CommandError(str(exc)) from None
        for error in report.errors[:200]:
            self.stderr.write(error)
        if report.errors:
            raise CommandError(f"共{report.rows}行，{len(report.errors)}处错误，未导入任何数据。")
        verb = "检查通过（试运行，未导入）" if dry_run else f"已导入{report.imported}条"
        self.stdout.write(f"共{report.rows}行，{verb}。")
