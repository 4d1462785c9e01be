from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.services import load_demo


class Command(BaseCommand):
    help = "载入演示数据（虚构的临江市）；已载入时不重复载入"

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("生产环境不能载入演示数据。")
        summary = load_demo()
        if summary is None:
            self.stdout.write("演示数据已存在，跳过。")
            return
        self.stdout.write(
            f"已载入演示数据：单位{summary.departments}个，领导{summary.leaders}位，"
            f"网站{summary.websites}个，征集{summary.solicitations}项，来信{summary.letters}封，"
            f"知识条目{summary.entries}条。"
        )
