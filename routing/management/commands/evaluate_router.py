"""Evaluate the router on CSV files; the last line is JSON with the metrics.

    manage.py evaluate_router --train TRAIN.csv [--test TEST.csv] \\
        --text-columns title,body --label-column category [--reply-column reply]
Without --test: 5-fold cross-validation on TRAIN. With --reply-column, the replies of the
training letters are extra training examples for their letter's label; test letters are
always classified from their text columns alone.
"""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from core.conf import desk_settings
from routing.engine import DataError, evaluate, load_csv, load_csv_report

KEYS = [
    "macro_f1",
    "accuracy",
    "top3_accuracy",
    "coverage_at_precision",
    "precision_auto",
    "ms_per_letter",
    "n_train",
    "n_test",
]


class Command(BaseCommand):
    help = "在CSV数据上评估分办模型（无测试集时五折交叉验证），最后一行输出JSON"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--train", required=True)
        parser.add_argument("--test")
        parser.add_argument("--text-columns", required=True, help="逗号分隔，如 title,body")
        parser.add_argument("--label-column", required=True)
        parser.add_argument(
            "--reply-column", help="答复内容列（可选）：只用于训练，测试时只看来信文本"
        )
        parser.add_argument("--target-precision", type=float, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        columns = [c.strip() for c in options["text_columns"].split(",") if c.strip()]
        if not columns:
            raise CommandError("--text-columns：至少给出一列。")
        target = options["target_precision"] or desk_settings().router_target_precision
        try:
            train = load_csv_report(
                options["train"], columns, options["label_column"], options["reply_column"]
            )
            test_texts = test_labels = None
            if options["test"]:
                test_texts, test_labels = load_csv(
                    options["test"], columns, options["label_column"]
                )
            metrics = evaluate(
                train.texts,
                train.labels,
                test_texts,
                test_labels,
                train_replies=train.replies,
                target_precision=target,
            )
        except (DataError, OSError) as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(json.dumps({key: metrics[key] for key in KEYS}, ensure_ascii=False))
