"""Training letters for the demo router, composed from ``demo/data/training.yaml``.

``training_letters()`` is deterministic: the same seed always gives the same letters (the
router's demo behaviour depends on it). No Django imports.
"""

from __future__ import annotations

import functools
import random
from dataclasses import dataclass
from pathlib import Path

from demo.content import DATA_DIR, DemoDataError, city, read


@dataclass(frozen=True)
class Vocabulary:
    """The building blocks of a training letter (see training.yaml)."""

    urban_places: list[tuple[str, str, str, str]]
    rural_places: list[tuple[str, str]]
    kinds: tuple[str, ...]
    question_markers: tuple[str, ...]
    kind_weights_question: tuple[int, ...]
    kind_weights_statement: tuple[int, ...]
    openings: dict[str, list[str]]
    identities_urban: list[str]
    identities_rural: list[str]
    impacts: dict[str, list[str]]
    durations: list[str]
    contacts: list[str]
    requests: dict[str, list[str]]
    closings: list[str]
    titles: dict[str, list[str]]
    agencies: dict[str, list[str]]
    asks: dict[str, list[str]]
    # Per routing category: (short subject for the title, detail sentence).
    problems: dict[str, list[tuple[str, str]]]


def load_vocabulary(data_dir: Path = DATA_DIR) -> Vocabulary:
    data = read("training.yaml", data_dir)
    try:
        return Vocabulary(
            urban_places=[(d, s, r, e) for d, s, r, e in data["urban_places"]],
            rural_places=[(town, village) for town, village in data["rural_places"]],
            kinds=tuple(data["kinds"]),
            question_markers=tuple(data["question_markers"]),
            kind_weights_question=tuple(data["kind_weights_question"]),
            kind_weights_statement=tuple(data["kind_weights_statement"]),
            openings=data["openings"],
            identities_urban=data["identities_urban"],
            identities_rural=data["identities_rural"],
            impacts=data["impacts"],
            durations=data["durations"],
            contacts=data["contacts"],
            requests=data["requests"],
            closings=data["closings"],
            titles=data["titles"],
            agencies=data["agencies"],
            asks=data["asks"],
            problems={
                name: [(row["subject"], row["detail"]) for row in rows]
                for name, rows in data["problems"].items()
            },
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise DemoDataError(f"演示数据文件 training.yaml 格式有误：{exc!r}") from None


@functools.cache
def vocabulary() -> Vocabulary:
    return load_vocabulary()


def _compose(
    rng: random.Random, words: Vocabulary, category: dict[str, str], subject: str, detail: str
) -> dict[str, str]:
    """Compose one letter of ``category`` about one problem, varying everything else."""
    name = category["name"]
    # A detail that asks something reads as a consultation (or a plea for help); one that
    # describes a problem reads as a complaint, a suggestion or a plea for help.
    question = any(marker in detail for marker in words.question_markers)
    weights = words.kind_weights_question if question else words.kind_weights_statement
    kind = rng.choices(words.kinds, weights=weights)[0]
    district, street, road, estate = rng.choice(words.urban_places)
    town, village = rng.choice(words.rural_places)
    rural = "{town}" in detail or "{village}" in detail
    values = {
        "district": district,
        "street": street,
        "road": road,
        "estate": estate,
        "town": town,
        "village": village,
        "duration": rng.choice(words.durations),
        "contact": rng.choice(words.contacts),
        "agency": rng.choice(words.agencies[name]),
        "subject": subject,
        "where": f"青山县{town}" if rural else district,
    }
    identities = words.identities_rural if rural else words.identities_urban
    parts = [
        rng.choice(words.openings[kind]),
        rng.choice(identities),
        detail,
        rng.choice(words.impacts[kind]),
        rng.choice(words.requests[kind]),
        rng.choice(words.asks[name]) if rng.random() < 0.6 else "",
        rng.choice(words.closings),
    ]
    body = "".join(parts).format_map(values)
    title = rng.choice(words.titles[kind]).format_map(values)
    return {
        "title": title,
        "body": body,
        "category": name,
        "department": category["department"],
        "kind": kind,
    }


def training_letters(per_category: int = 40, seed: int = 7) -> list[dict[str, str]]:
    """Generate ``per_category`` distinct letters for every category, deterministically.

    Each letter is ``{"title", "body", "category", "department", "kind"}``. The same
    ``seed`` always gives the same list; no two letters share a body. Letters are grouped
    by category, in the order of the demo city's categories.
    """
    if per_category < 0:
        raise ValueError("per_category must not be negative")
    words = vocabulary()
    rng = random.Random(seed)
    seen_bodies: set[str] = set()
    letters: list[dict[str, str]] = []
    for category in city().categories:
        problems = words.problems[category["name"]]
        queue: list[int] = []
        made = 0
        attempts = 0
        while made < per_category:
            attempts += 1
            if attempts > 50 * per_category + 100:
                raise ValueError(
                    f"cannot compose {per_category} distinct letters for {category['name']}"
                )
            if not queue:
                # Use every problem once before repeating any, in a random order.
                queue = list(range(len(problems)))
                rng.shuffle(queue)
            subject, detail = problems[queue.pop()]
            letter = _compose(rng, words, category, subject, detail)
            if letter["body"] in seen_bodies:
                continue
            seen_bodies.add(letter["body"])
            letters.append(letter)
            made += 1
    return letters
