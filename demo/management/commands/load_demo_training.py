"""Load the demo city's training letters (written by us) and its category table."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.services import load_training


class Command(BaseCommand):
    help = "载入演示用的分办训练数据与类别对照（已载入时跳过）"

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("生产环境不能载入演示数据。")
        try:
            count = load_training()
        except LookupError as exc:
            raise CommandError(str(exc)) from None
        if count is None:
            self.stdout.write("演示训练数据已存在，跳过。")
            return
        self.stdout.write(f"已载入演示训练数据{count}条。")
