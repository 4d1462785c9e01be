"""How the demo router behaves: figures of the model trained on the demo city's training
letters (``demo/training.py``, written by us), never on ``../shared/data``.

    python bench/demo_router.py [--folds 5] [--floor 0.6]

Prints, as JSON lines:
- ``cv``: stratified, duplicate-grouped cross-validation of ``routing.engine.evaluate`` on
  the training letters (each fold fixes its own threshold from its training part);
- ``model``: the model trained on all of them, as ``train_router`` stores it (threshold for
  the target precision, the internal cross-validation metrics);
- ``showcase``: that model on the showcase letters of ``demo/data/letters.yaml`` (written
  separately, never trained on here) whose unit answers a routing category: accuracy,
  top-3 accuracy, median top probability, and the share auto-dispatched (with its
  precision) at the stored threshold and at max(stored threshold, ``--floor``).

No Django: the demo content and the engine are plain Python.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from demo.content import city
from demo.training import training_letters
from routing.engine import RouterModel, evaluate

MODEL_KINDS = {"consultation", "complaint", "suggestion", "help", "report"}


def _round(values: dict[str, float | int]) -> dict[str, float | int]:
    return {k: round(v, 4) if isinstance(v, float) else v for k, v in values.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--floor", type=float, default=0.6)
    args = parser.parse_args()

    letters = training_letters()
    texts = [f"{x['title']}\n{x['body']}".strip() for x in letters]
    labels = [x["department"] for x in letters]
    print(json.dumps({"training_letters": len(letters), "labels": len(set(labels))}))
    print(json.dumps({"cv": _round(evaluate(texts, labels, folds=args.folds))}))

    model = RouterModel.train(texts, labels)
    threshold = model.threshold
    print(json.dumps({"model": {"threshold": threshold, **_round(model.metrics)}}))

    departments = set(labels)
    rows = [
        x for x in city().letters if x["kind"] in MODEL_KINDS and x["department"] in departments
    ]
    tops = model.predict_top_batch([f"{x['title']}\n{x['body']}" for x in rows], k=3)
    correct = [top[0][0] == x["department"] for x, top in zip(rows, tops, strict=True)]
    top3 = [
        any(label == x["department"] for label, _ in top) for x, top in zip(rows, tops, strict=True)
    ]
    confidence = [top[0][1] for top in tops]

    def auto(cut: float | None) -> dict[str, float]:
        chosen = [
            ok for ok, p in zip(correct, confidence, strict=True) if cut is not None and p >= cut
        ]
        return {
            "threshold": round(cut, 4) if cut is not None else 1.0,
            "coverage": round(len(chosen) / len(rows), 4),
            "precision": round(sum(chosen) / len(chosen), 4) if chosen else 0.0,
        }

    effective = None if threshold is None else max(threshold, args.floor)
    print(
        json.dumps(
            {
                "showcase": {
                    "letters": len(rows),
                    "accuracy": round(sum(correct) / len(rows), 4),
                    "top3_accuracy": round(sum(top3) / len(rows), 4),
                    "median_top_probability": round(statistics.median(confidence), 4),
                    "auto_at_stored": auto(threshold),
                    "auto_at_effective": auto(effective),
                }
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
