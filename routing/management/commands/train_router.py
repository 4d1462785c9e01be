"""Train a router model on imported history and dispatched letters; activate if not worse."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from routing.models import RouterVersion
from routing.services import effective_threshold, min_auto_probability, train_router


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
        effective = effective_threshold(version.threshold if version.threshold < 1.0 else None)
        rule = (
            "不自动分办"
            if effective is None
            else f"生效阈值{effective:.3f}（下限{min_auto_probability():.3f}）"
        )
        self.stdout.write(
            f"模型版本{version.pk}：训练样本{version.n_train}条，"
            f"自动分办阈值{version.threshold:.3f}，{rule}，{state}。"
        )
        metrics = version.metrics
        if "accuracy" in metrics:
            self.stdout.write(
                f"交叉验证：准确率{metrics['accuracy']:.3f}，前三命中率"
                f"{metrics['top3_accuracy']:.3f}，宏F1 {metrics['macro_f1']:.3f}；"
                f"按训练阈值自动分办覆盖{metrics['coverage_at_precision']:.3f}"
                f"（准确率{metrics['precision_auto']:.3f}），按生效阈值覆盖"
                f"{metrics.get('coverage_effective', 0.0):.3f}"
                f"（准确率{metrics.get('precision_effective', 0.0):.3f}）。"
            )
