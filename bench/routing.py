"""Benchmark the router's ML core (routing/engine.py) on the real evaluation files.

    python bench/routing.py [--data-dir ../shared/data] [--folds 5] [--train-size 10000]
                            [--seeds 1]

Per data set: rows used and skipped, duplicate letters (grouped into one fold by
`dedup_key`, so they never leak across folds), the metrics of `evaluate` (stratified,
duplicate-grouped cross-validation; every fold fixes its own threshold from its training
part only; with `--seeds N` the cross-validation is repeated with N different fold splits and
the metrics are averaged, which steadies figures that move by a few letters between splits),
the targets, and the time to train one model on `--train-size` letters (drawn
with replacement from the file when it is smaller; wall and CPU seconds, 2 threads). The
machine may be shared, so the load average is printed too. The last line is JSON.

qa_department.csv trains on its `answer` column as replies (see `routing.engine`: replies are
extra training examples for their letter's label; test questions are classified alone).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from routing.engine import RouterModel, dedup_key, evaluate, get_segmenter, load_csv_report

ROOT = Path(__file__).resolve().parents[1]
MS_PER_LETTER_MAX = 5.0
TRAIN_SECONDS_MAX = 60.0


@dataclass(frozen=True)
class Dataset:
    name: str
    file: str
    text_columns: tuple[str, ...]
    label_column: str
    targets: dict[str, float]  # metric -> minimum
    reply_column: str | None = None  # replies train only (see routing.engine)


DATASETS = (
    Dataset(
        "letters_category",
        "letters_category.csv",
        ("title", "body"),
        "category",
        {"macro_f1": 0.93, "coverage_at_precision": 0.93, "precision_auto": 0.95},
    ),
    Dataset(
        "qa_department",
        "qa_department.csv",
        ("question",),
        "department",
        {"accuracy": 0.90, "macro_f1": 0.65},
        reply_column="answer",
    ),
    Dataset(
        "letters_kind_domain", "letters_kind_domain.csv", ("text",), "kind", {"macro_f1": 0.85}
    ),
)


def time_training(
    texts: list[str], labels: list[str], replies: list[str] | None, size: int
) -> dict[str, float]:
    """Wall and CPU seconds of one `RouterModel.train` on `size` letters (and their replies)."""
    rng = random.Random(0)
    rows = list(range(len(texts)))[:size]
    rows += [rng.randrange(len(texts)) for _ in range(size - len(rows))]
    wall, cpu = time.perf_counter(), time.process_time()
    RouterModel.train(
        [texts[i] for i in rows],
        [labels[i] for i in rows],
        replies=None if replies is None else [replies[i] for i in rows],
    )
    return {
        "train_letters": size,
        "train_wall_s": round(time.perf_counter() - wall, 1),
        "train_cpu_s": round(time.process_time() - cpu, 1),
    }


def run(
    dataset: Dataset, data_dir: Path, folds: int, train_size: int, seeds: int
) -> dict[str, Any]:
    loaded = load_csv_report(
        data_dir / dataset.file, dataset.text_columns, dataset.label_column, dataset.reply_column
    )
    texts, labels, replies = loaded.texts, loaded.labels, loaded.replies
    n_unique = len({dedup_key(t) for t in texts})
    print(f"\n== {dataset.name}: {len(texts)} letters, {len(set(labels))} labels")
    if replies is not None:
        print(
            f"   replies (column {dataset.reply_column}, training only): "
            f"{sum(1 for r in replies if r)}"
        )
    print(f"   skipped rows (empty text or label): {len(loaded.skipped_lines)}")
    print(f"   duplicate letters (same dedup_key, kept in one fold): {len(texts) - n_unique}")
    start = time.perf_counter()
    runs = [
        evaluate(texts, labels, train_replies=replies, folds=folds, random_state=seed)
        for seed in range(seeds)
    ]
    metrics = {key: sum(run[key] for run in runs) / seeds for key in runs[0]}
    metrics["n_train"], metrics["n_test"] = round(metrics["n_train"]), round(metrics["n_test"])
    print(
        f"   {folds}-fold CV x {seeds} split(s) in {time.perf_counter() - start:.1f} s "
        f"(load {os.getloadavg()[0]:.1f})"
    )
    print("   metrics:", json.dumps({k: round(v, 4) for k, v in metrics.items()}))
    timing = time_training(texts, labels, replies, train_size)
    print(
        f"   training on {train_size} letters: {timing['train_wall_s']} s wall, "
        f"{timing['train_cpu_s']} s CPU (load {os.getloadavg()[0]:.1f})"
    )
    checks = {f"{k}>={v}": metrics[k] >= v for k, v in dataset.targets.items()}
    checks[f"ms_per_letter<={MS_PER_LETTER_MAX}"] = metrics["ms_per_letter"] <= MS_PER_LETTER_MAX
    checks[f"train_wall_s<={TRAIN_SECONDS_MAX}"] = timing["train_wall_s"] <= TRAIN_SECONDS_MAX
    for name, ok in checks.items():
        print(f"   target {name}: {'met' if ok else 'NOT met'}")
    return {
        **{k: round(v, 4) for k, v in metrics.items()},
        **timing,
        "duplicates": len(texts) - n_unique,
        "skipped_rows": len(loaded.skipped_lines),
        "targets_met": checks,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--train-size", type=int, default=10_000)
    parser.add_argument("--seeds", type=int, default=1, help="fold splits to average over")
    args = parser.parse_args()
    start = time.perf_counter()
    get_segmenter()  # one-off dictionary load, outside the per-letter timings
    results = {
        d.name: run(d, args.data_dir, args.folds, args.train_size, args.seeds) for d in DATASETS
    }
    summary = {"datasets": results, "total_s": round(time.perf_counter() - start, 1)}
    print(json.dumps(summary, ensure_ascii=False))


if __name__ == "__main__":
    main()
