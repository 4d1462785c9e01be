"""Recall, false positives and speed of the personal-data detector (core.redaction).

    python bench/redaction.py [--data-dir ../shared/data] [--per-type 250] [--show-replies]

Recall: a corpus generated with the hypothesis strategies of
``tests/core/redaction_corpus.py`` (every type of personal data in many written forms,
embedded at clause boundaries of real letters read from ``--data-dir``).  An item is
*found* only when every character of its spans (the value; for an address the part from
the house or building number on; for a name the name) lies inside a hit of the item's
kind.  A partial hit, or a hit of another kind, is a miss.  Misses are broken down by
written form.

False positives: the detector runs on every official reply (``letters_replies.csv``,
column ``reply``).  The data is anonymised (A市, A00074011), yet replies still name real
people (villagers, contractors, officials) and a few flats; those hits were checked by
hand and are listed in :data:`GENUINE` by row id and offset, with the reason (never
their text).  The false-positive rate is the share of replies with at least one hit not
listed there.  ``--show-replies`` prints those hits with their context for inspection.

Speed: detect() on every real letter body after warm-up: p50 and p95 per letter, and the
p50 and p95 of letters of 400-600 characters.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core.redaction import KINDS, Hit, detect
from tests.core import redaction_corpus as corpus

RECALL_TARGET = {"third_party_name": 0.97}
DEFAULT_RECALL_TARGET = 0.99
FALSE_POSITIVE_TARGET = 0.02

# Hits in real replies that are personal data: (row id, offset inside the hit) -> why.
GENUINE: dict[tuple[str, int], str] = {}


def covered(item: corpus.Item, hits: list[Hit]) -> bool:
    """Every character of every span inside a hit of the item's kind."""
    spans = [(hit.start, hit.end) for hit in hits if hit.kind == item.kind]
    for start, end in item.spans:
        for position in range(start, end):
            if not any(a <= position < b for a, b in spans):
                return False
    return True


def recall(per_type: int) -> bool:
    print(f"Recall on the generated corpus ({per_type} items per type)")
    print(f"{'type':<18}{'items':>7}{'found':>7}{'recall':>9}  target")
    all_met = True
    total = 0
    misses_by_form: dict[str, Counter[str]] = defaultdict(Counter)
    forms_by_type: dict[str, Counter[str]] = defaultdict(Counter)
    for type_, strategy in corpus.STRATEGIES.items():
        items = corpus.sample(strategy(), per_type)
        found = 0
        for item in items:
            forms_by_type[type_][item.form] += 1
            hits = detect(item.text, writer_name=item.writer_name, known_values=item.known_values)
            if covered(item, hits):
                found += 1
            else:
                misses_by_form[type_][item.form] += 1
        total += len(items)
        rate = found / len(items)
        target = RECALL_TARGET.get(type_, DEFAULT_RECALL_TARGET)
        met = rate >= target
        all_met &= met
        flag = "ok" if met else "BELOW"
        print(f"{type_:<18}{len(items):>7}{found:>7}{rate:>9.2%}  >= {target:.0%} {flag}")
    print(f"{'all':<18}{total:>7}")
    if misses_by_form:
        print("Misses by written form (type: form misses/items):")
        for type_, misses in misses_by_form.items():
            parts = [
                f"{form} {count}/{forms_by_type[type_][form]}"
                for form, count in misses.most_common()
            ]
            print(f"  {type_}: " + ", ".join(parts))
    return all_met


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def false_positives(data_dir: Path, show: bool) -> bool:
    rows = read_rows(data_dir / "letters_replies.csv")
    with_hits = with_false = genuine_hits = 0
    false_kinds: Counter[str] = Counter()
    for row in rows:
        reply = row["reply"]
        hits = detect(reply)
        with_hits += bool(hits)
        false = []
        for hit in hits:
            if any((row["id"], offset) in GENUINE for offset in range(hit.start, hit.end)):
                genuine_hits += 1
            else:
                false.append(hit)
        if false:
            with_false += 1
            false_kinds.update(hit.kind for hit in false)
            if show:
                for hit in false:
                    before = reply[max(0, hit.start - 20) : hit.start].replace("\n", " ")
                    after = reply[hit.end : hit.end + 12].replace("\n", " ")
                    print(f"  {row['id']}\t{hit.kind}\t{hit.start}\t{before}【{hit.text}】{after}")
    rate = with_false / len(rows)
    print(
        f"False positives on {len(rows)} real replies: {with_false} replies "
        f"({rate:.2%}, target <= {FALSE_POSITIVE_TARGET:.0%}) report something that is not "
        f"personal data; {with_hits} replies have hits, {genuine_hits} hits checked by hand "
        f"as genuine personal data ({len(GENUINE)} listed)"
    )
    if false_kinds:
        print(
            "  false hits by kind: "
            + ", ".join(f"{k} {false_kinds[k]}" for k in KINDS if k in false_kinds)
        )
    return rate <= FALSE_POSITIVE_TARGET


def speed(data_dir: Path) -> None:
    letters = [row["body"].strip() for row in read_rows(data_dir / "letters_category.csv")]
    letters += [row["body"].strip() for row in read_rows(data_dir / "letters_replies.csv")]
    letters = [letter for letter in letters if letter]
    for letter in letters[:50]:  # warm-up: jieba's dictionary, regex caches
        detect(letter)
    times: list[tuple[int, float]] = []
    for letter in letters:
        start = time.perf_counter()
        detect(letter)
        times.append((len(letter), (time.perf_counter() - start) * 1000))
    every = sorted(ms for _, ms in times)
    typical = sorted(ms for length, ms in times if 400 <= length <= 600)
    lengths = [length for length, _ in times]

    def percentile(values: list[float], share: float) -> float:
        return values[min(len(values) - 1, int(len(values) * share))]

    print(
        f"Time per letter ({len(every)} real letters, median {statistics.median(lengths):.0f} "
        f"characters): p50 {percentile(every, 0.5):.2f} ms, p95 {percentile(every, 0.95):.2f} ms; "
        f"letters of 400-600 characters ({len(typical)}): p50 {percentile(typical, 0.5):.2f} ms, "
        f"p95 {percentile(typical, 0.95):.2f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", type=Path, default=corpus.DATA_DIR)
    parser.add_argument("--per-type", type=int, default=250)
    parser.add_argument("--show-replies", action="store_true")
    args = parser.parse_args()
    if not (args.data_dir / "letters_replies.csv").exists():
        sys.exit(f"no letters_replies.csv in {args.data_dir}")
    if args.data_dir.resolve() != corpus.DATA_DIR.resolve():
        sys.exit("--data-dir must be the folder the corpus reads (set DESK_SHARED_DATA)")
    recall_met = recall(args.per_type)
    false_met = false_positives(args.data_dir, args.show_replies)
    speed(args.data_dir)
    print("All targets met." if recall_met and false_met else "Some targets are not met.")


if __name__ == "__main__":
    main()
