"""``manage.py import_cases FILE.csv|.xlsx [--map field=column ...] [--mapping file.yaml]
[--dry-run] [--user NAME]``: historical cases as closed letters (``casefiles.importing``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from casefiles.importing import FIELDS, ImportRefused, build_mapping, import_cases

MAX_LISTED = 1000


class Command(BaseCommand):
    help = (
        "从旧系统导入历史案件（已办结来信，保留原编号和真实日期）。"
        "有任何一行错误时整份文件都不导入；按原系统编号去重，重复运行不会重复导入。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help=".csv 或 .xlsx 文件（第一行为列名）")
        parser.add_argument(
            "--map",
            action="extend",
            nargs="+",
            default=[],
            metavar="字段=列名",
            help=f"列名对照，可多次给出或用逗号分隔；字段：{', '.join(FIELDS)}（默认列名即字段名）",
        )
        parser.add_argument("--mapping", help="列名对照 YAML 文件（字段: 列名）")
        parser.add_argument("--dry-run", action="store_true", help="只检查并列出全部错误，不导入")
        parser.add_argument("--user", help="负责此次导入的工作人员账号（记入审计日志）")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"文件不存在：{path}")
        actor: Any = None
        if options["user"]:
            actor = get_user_model().objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(f"账号不存在：{options['user']}")
        try:
            mapping = build_mapping(
                options["map"], Path(options["mapping"]) if options["mapping"] else None
            )
            report = import_cases(path, mapping, dry_run=options["dry_run"], actor=actor)
        except (ImportRefused, OSError) as exc:
            raise CommandError(str(exc)) from None
        for error in report.errors[:MAX_LISTED]:
            self.stderr.write(str(error))
        if len(report.errors) > MAX_LISTED:
            self.stderr.write(f"……另有{len(report.errors) - MAX_LISTED}处错误未列出。")
        if report.errors:
            raise CommandError(report.summary())
        for kept in report.kept_private:
            self.stdout.write(str(kept))
        self.stdout.write(report.summary())
