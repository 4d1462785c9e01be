"""Train a router model on imported history and dispatched letters; activate if not worse."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from routing.models import RouterVersion
from routing.services import train_router


class Command(BaseCommand):
    help = "训练分办模型（承办单位或来信类型），在留出集上不差于在用模型时启用"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--task", choices=[t.value for t in RouterVersion.Task], default="department"
        )
        parser.add_argument(
            "--if-missing", action="store_true", help="已有在用模型时跳过（make run 使用）"
        )

    def handle(self, *args: Any, task: str, if_missing: bool, **options: Any) -> None:
        if if_missing and RouterVersion.objects.filter(task=task, active=True).exists():
            self.stdout.write("已有在用模型，跳过训练。")
            return
        try:
            result = train_router(task=task)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        version = result.version
        state = "已启用" if result.activated else "未启用（不优于在用模型）"
        self.stdout.write(
            f"模型版本{version.pk}：训练样本{version.n_train}条，"
            f"自动分办阈值{version.threshold:.3f}，{state}。"
        )
