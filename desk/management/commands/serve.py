"""Serve the whole product on one ASGI server (HTTP and websockets).

In the embedded mode the periodic jobs run in a thread of this process; in production
they come from Celery beat and this command only serves.
"""

from typing import Any

import uvicorn
from django.conf import settings
from django.core.management.base import BaseCommand

from desk.embedded import PeriodicRunner


class Command(BaseCommand):
    help = "启动办理台（ASGI：网页、接口与 WebSocket）"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=1, help="ASGI worker processes")

    def handle(self, *args: Any, host: str, port: int, workers: int, **options: Any) -> None:
        if settings.EMBEDDED:
            PeriodicRunner().start()
            self.stdout.write("嵌入模式：周期任务在本进程内运行。")
        else:
            self.stdout.write("生产模式：周期任务由 Celery beat 调度。")
        self.stdout.write(f"办理台地址：http://{host}:{port}/")
        uvicorn.run(
            "desk.asgi:application", host=host, port=port, workers=workers, log_level="info"
        )
