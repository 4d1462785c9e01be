"""Load the demo city's training letters (written by us) and its category table."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from letters import demo_content as demo
from letters.models import Department
from routing.models import CategoryMapping, HistoricalLetter

SOURCE = "demo"


class Command(BaseCommand):
    help = "载入演示用的分办训练数据与类别对照（已载入时跳过）"

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("生产环境不能载入演示数据。")
        if HistoricalLetter.objects.filter(source=SOURCE).exists():
            self.stdout.write("演示训练数据已存在，跳过。")
            return
        departments = {d.code: d for d in Department.objects.all()}
        if not departments:
            raise CommandError("请先执行 load_demo 载入演示单位。")
        with transaction.atomic():
            for row in demo.CATEGORIES:
                CategoryMapping.objects.get_or_create(
                    category=row["name"], defaults={"department": departments[row["department"]]}
                )
            letters = demo.training_letters()
            HistoricalLetter.objects.bulk_create(
                HistoricalLetter(
                    title=row["title"],
                    body=row["body"],
                    department=departments[row["department"]],
                    kind=row["kind"],
                    source=SOURCE,
                )
                for row in letters
            )
        self.stdout.write(f"已载入演示训练数据{len(letters)}条。")
