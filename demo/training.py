"""Training letters for the demo router, composed from ``demo/data/training.yaml``.

``training_letters()`` is deterministic: the same seed always gives the same letters (the
router's demo behaviour depends on it). No Django imports.

The letters are meant to train a model that behaves like one trained on a city's real
history, not to be easy: most do not name the answering department, half have no title,
some are one line, some ramble or raise a second matter, some are written without
punctuation, a few say almost nothing about the matter, and matters on a boundary between
two categories were sometimes answered by the neighbour (the label is who answered). Each
letter has a ``days_ago`` within the last two years, so the most recent ones (held back by
``train_router``) cover every category.
"""

from __future__ import annotations

import functools
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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
    generic_agencies: list[str]
    backgrounds: list[str]
    short_forms: list[str]
    connectors: list[str]
    vague: list[str]
    fillers: list[str]
    neighbours: dict[str, list[str]]


# Shares of the training letters with each trait of a real history (see training.yaml).
NAMED_AGENCY = 0.3  # names the answering department (else "有关部门", "政府" …)
CATEGORY_ASK = 0.35  # ends with the category's own kind of ask
NO_TITLE = 0.5  # body only, as in most old systems' exports
SHORT = 0.15  # one line about the matter
BACKGROUND = 0.3  # a sentence about the writer that says nothing of the matter
SECOND_MATTER = 0.08  # a second matter from another category
RUN_ON = 0.1  # written in one breath: no full stops, or no punctuation at all
PHONE = 0.1  # a (masked) phone number in the text
FILLER = 0.15  # a colloquial filler
VAGUE = 0.02  # says almost nothing about the matter
NEIGHBOUR = 0.04  # a neighbouring category's matter, answered by this category's unit
MAX_DAYS_AGO = 730


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
            generic_agencies=data["generic_agencies"],
            backgrounds=data["backgrounds"],
            short_forms=data["short_forms"],
            connectors=data["connectors"],
            vague=data["vague"],
            fillers=data["fillers"],
            neighbours=data["neighbours"],
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
    named = rng.random() < NAMED_AGENCY
    values = {
        "district": district,
        "street": street,
        "road": road,
        "estate": estate,
        "town": town,
        "village": village,
        "duration": rng.choice(words.durations),
        "contact": rng.choice(words.contacts),
        "agency": rng.choice(words.agencies[name] if named else words.generic_agencies),
        "subject": subject,
        "where": f"青山县{town}" if rural else district,
    }
    identities = words.identities_rural if rural else words.identities_urban
    if rng.random() < VAGUE:
        parts = [rng.choice(words.openings[kind]), rng.choice(words.vague)]
    elif rng.random() < SHORT:
        parts = [rng.choice(words.short_forms)]
    else:
        parts = [
            rng.choice(words.openings[kind]),
            rng.choice(words.backgrounds) if rng.random() < BACKGROUND else "",
            rng.choice(identities),
            rng.choice(words.fillers) if rng.random() < FILLER else "",
            detail,
            rng.choice(words.impacts[kind]),
        ]
        if rng.random() < SECOND_MATTER:
            other = rng.choice([c for c in words.problems if c != name])
            parts += [rng.choice(words.connectors), rng.choice(words.problems[other])[1]]
        parts += [
            rng.choice(words.requests[kind]),
            rng.choice(words.asks[name]) if named and rng.random() < CATEGORY_ASK else "",
            rng.choice(words.closings),
        ]
    if rng.random() < PHONE:
        parts.append(f"联系电话1{rng.randint(30, 99)}****{rng.randint(1000, 9999)}。")
    body = "".join(parts).format_map(values)
    if rng.random() < RUN_ON:
        body = _run_on(rng, body)
    title = "" if rng.random() < NO_TITLE else rng.choice(words.titles[kind]).format_map(values)
    return {
        "title": title,
        "body": body,
        "category": name,
        "department": category["department"],
        "kind": kind,
    }


def _run_on(rng: random.Random, body: str) -> str:
    """The letter written in one breath: commas for full stops, or no punctuation."""
    if rng.random() < 0.5:
        return body[:-1].replace("。", "，") + body[-1:]
    return "".join(" " if ch in "，。！？、：；“”" else ch for ch in body).strip()


def training_letters(per_category: int = 120, seed: int = 7) -> list[dict[str, Any]]:
    """Generate ``per_category`` distinct letters for every category, deterministically.

    Each letter is ``{"title", "body", "category", "department", "kind", "days_ago"}``
    (``title`` may be empty; ``days_ago`` from 1 to ``MAX_DAYS_AGO``). The same ``seed``
    always gives the same list; no two letters share a body. Letters are grouped by
    category, in the order of the demo city's categories.
    """
    if per_category < 0:
        raise ValueError("per_category must not be negative")
    words = vocabulary()
    rng = random.Random(seed)
    seen_bodies: set[str] = set()
    letters: list[dict[str, Any]] = []
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
            neighbours = words.neighbours.get(category["name"], [])
            if neighbours and rng.random() < NEIGHBOUR:
                subject, detail = rng.choice(words.problems[rng.choice(neighbours)])
            letter: dict[str, Any] = _compose(rng, words, category, subject, detail)
            if letter["body"] in seen_bodies:
                continue
            seen_bodies.add(letter["body"])
            letter["days_ago"] = rng.randint(1, MAX_DAYS_AGO)
            letters.append(letter)
            made += 1
    return letters
