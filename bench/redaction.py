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

Speed: detect() on every real letter body after warm-up (the fastest of three runs of
each letter, since other processes share the machine): p50 and p95 per letter, and the
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
RUNS_PER_LETTER = 3  # the fastest of three runs: other processes share the machine

# Hits in real replies checked by hand and found to be personal data.  The rules used:
# a person's name is personal data whoever the person is (a villager, a petitioner's
# relative, a contractor, or an official named as responsible or as a contact: the
# reviewer may keep the last); so is a partly masked name that still shows a given-name
# character (X某Y), a flat or a household's registered address, and a car's plate.  Not
# personal data: a bare placeholder (X某, X某某), an office's address or phone, a
# nickname, a kindergarten, a firm or a place named like a person.
REASONS = {
    "P": "people named in the case (residents, villagers, petitioners and their families)",
    "O": "officials or staff named as responsible or as the contact person",
    "B": "business owners, legal representatives, contractors or drivers named",
    "M": "partly masked names that still show a given-name character (X某Y)",
    "F": "a flat or a household's (registered) address",
    "V": "a car's plate in the investigation",
}
# Row id -> (reasons, the start offsets of its hits that were checked).
GENUINE: dict[str, tuple[str, tuple[int, ...]]] = {
    "4877": ("B", (165,)),
    "5400": ("O", (202,)),
    "5979": ("F", (496,)),
    "6383": (
        "PO",
        (
            185,
            221,
            318,
            324,
            372,
            463,
            491,
            762,
        ),
    ),
    "6427": ("F", (198,)),
    "9511": ("F", (102,)),
    "10335": ("B", (333,)),
    "10792": ("P", (201,)),
    "16667": (
        "MF",
        (
            23,
            431,
            438,
            469,
            487,
            502,
        ),
    ),
    "16681": (
        "P",
        (
            101,
            105,
            155,
            162,
            182,
            185,
            354,
            412,
            554,
            557,
            577,
        ),
    ),
    "17002": ("P", (55,)),
    "17186": ("O", (167,)),
    "17609": (
        "P",
        (
            280,
            326,
            428,
            460,
            498,
            625,
        ),
    ),
    "17718": ("F", (316,)),
    "17719": (
        "P",
        (
            137,
            443,
        ),
    ),
    "17869": (
        "PO",
        (
            390,
            399,
            424,
            479,
        ),
    ),
    "18413": (
        "P",
        (
            43,
            301,
            347,
            449,
            481,
            519,
            646,
        ),
    ),
    "18862": ("O", (446,)),
    "19133": ("P", (821,)),
    "19354": (
        "PO",
        (
            167,
            197,
            249,
        ),
    ),
    "19996": ("O", (314,)),
    "20244": ("O", (170,)),
    "22854": (
        "O",
        (
            423,
            559,
        ),
    ),
    "22865": ("O", (260,)),
    "22870": (
        "BO",
        (
            97,
            1057,
        ),
    ),
    "22874": (
        "BO",
        (
            96,
            1056,
        ),
    ),
    "22897": (
        "O",
        (
            84,
            615,
        ),
    ),
    "22901": ("O", (330,)),
    "22906": ("O", (678,)),
    "22925": ("O", (445,)),
    "22960": (
        "O",
        (
            264,
            353,
        ),
    ),
    "22962": (
        "OP",
        (
            64,
            180,
            393,
        ),
    ),
    "22974": (
        "OB",
        (
            137,
            150,
            327,
        ),
    ),
    "22977": (
        "O",
        (
            64,
            514,
            752,
            782,
        ),
    ),
    "22991": ("O", (509,)),
    "23004": ("O", (670,)),
    "23130": (
        "O",
        (
            145,
            156,
            167,
            370,
        ),
    ),
    "23544": (
        "O",
        (
            195,
            227,
        ),
    ),
    "23647": (
        "M",
        (
            517,
            562,
        ),
    ),
    "25108": (
        "P",
        (
            240,
            244,
        ),
    ),
    "25291": (
        "P",
        (
            187,
            215,
            232,
            351,
        ),
    ),
    "25553": ("O", (89,)),
    "27103": ("O", (21,)),
    "27381": ("F", (481,)),
    "29383": (
        "M",
        (
            59,
            189,
        ),
    ),
    "32722": ("O", (755,)),
    "33234": ("F", (73,)),
    "33978": ("F", (189,)),
    "34239": ("B", (129,)),
    "35585": (
        "B",
        (
            60,
            67,
            105,
        ),
    ),
    "35595": ("P", (49,)),
    "35675": ("O", (34,)),
    "35699": (
        "PF",
        (
            25,
            98,
            138,
            214,
            393,
            412,
        ),
    ),
    "35717": ("O", (360,)),
    "36158": (
        "OP",
        (
            116,
            151,
            413,
        ),
    ),
    "37340": ("M", (36,)),
    "37521": (
        "M",
        (
            98,
            106,
            110,
            114,
            118,
        ),
    ),
    "37608": ("M", (44,)),
    "38589": ("M", (563,)),
    "39099": ("P", (365,)),
    "39226": ("P", (61,)),
    "39444": ("O", (173,)),
    "42545": ("O", (33,)),
    "43204": ("P", (701,)),
    "43468": ("B", (323,)),
    "45530": ("M", (93,)),
    "45550": ("F", (27,)),
    "46026": (
        "B",
        (
            172,
            537,
        ),
    ),
    "46027": ("B", (124,)),
    "49150": ("P", (586,)),
    "56111": (
        "P",
        (
            59,
            64,
        ),
    ),
    "58449": ("O", (82,)),
    "59716": ("O", (522,)),
    "68420": ("P", (98,)),
    "68433": ("P", (581,)),
    "72375": (
        "PV",
        (
            274,
            297,
        ),
    ),
    "74329": ("O", (200,)),
    "76371": (
        "P",
        (
            43,
            103,
            204,
        ),
    ),
    "76633": (
        "P",
        (
            143,
            205,
            211,
            216,
            222,
            241,
            260,
            267,
            292,
            328,
            335,
            341,
            347,
            353,
            358,
            377,
            741,
            819,
            863,
            888,
            911,
            933,
            1302,
            1910,
            1972,
            1978,
            1983,
            1989,
            2008,
            2027,
            2034,
            2059,
            2095,
            2102,
            2108,
            2114,
            2120,
            2125,
            2144,
            2508,
            2586,
            2630,
            2655,
            2678,
            2700,
            3069,
        ),
    ),
    "78113": ("O", (79,)),
    "78144": ("O", (70,)),
    "78902": ("O", (128,)),
    "80518": (
        "PO",
        (
            120,
            162,
            306,
            323,
            406,
            476,
            793,
            817,
            879,
            936,
        ),
    ),
    "82255": ("F", (41,)),
    "83039": ("B", (54,)),
    "84925": ("O", (673,)),
    "85093": ("O", (384,)),
    "87406": ("P", (164,)),
    "87841": (
        "MO",
        (
            90,
            293,
            311,
            357,
            376,
            419,
            453,
        ),
    ),
    "90208": (
        "P",
        (
            46,
            49,
            53,
        ),
    ),
    "90445": ("M", (64,)),
    "91050": (
        "P",
        (
            80,
            134,
            214,
            364,
        ),
    ),
    "91084": (
        "P",
        (
            170,
            323,
        ),
    ),
    "91314": ("O", (32,)),
    "91980": ("B", (83,)),
    "91982": ("O", (85,)),
    "92010": ("O", (122,)),
    "92046": ("P", (346,)),
    "92055": ("P", (211,)),
    "92205": (
        "P",
        (
            44,
            274,
        ),
    ),
    "93151": (
        "P",
        (
            16,
            36,
        ),
    ),
    "95419": ("M", (75,)),
    "95913": (
        "O",
        (
            27,
            587,
        ),
    ),
    "95937": (
        "O",
        (
            30,
            1416,
        ),
    ),
    "95982": (
        "MO",
        (
            555,
            605,
            648,
            1575,
        ),
    ),
    "96038": ("O", (23,)),
    "96203": (
        "OP",
        (
            12,
            715,
            749,
            1550,
            1572,
            1576,
            1587,
        ),
    ),
    "96213": (
        "OBP",
        (
            22,
            323,
            359,
            508,
            682,
            686,
            927,
            986,
            1026,
            1121,
            1223,
            1234,
            2211,
        ),
    ),
    "96283": ("P", (300,)),
    "96814": (
        "F",
        (
            45,
            263,
        ),
    ),
    "97307": ("B", (59,)),
    "99213": (
        "OPB",
        (
            409,
            746,
            3223,
            3230,
            3803,
        ),
    ),
    "99900": ("P", (180,)),
    "104224": (
        "PO",
        (
            752,
            804,
            1079,
            1344,
            1393,
            1601,
            1615,
            1623,
            1941,
            1981,
            1985,
            1989,
            2207,
            2214,
            2261,
            2310,
            2316,
            2422,
            2468,
            2528,
            2622,
            2628,
            2698,
            2890,
            3172,
            3369,
        ),
    ),
    "104345": (
        "B",
        (
            104,
            361,
        ),
    ),
    "106406": ("O", (44,)),
    "106478": ("P", (128,)),
    "107303": ("B", (119,)),
    "107457": (
        "P",
        (
            109,
            286,
        ),
    ),
    "107933": (
        "O",
        (
            1162,
            1245,
            1284,
            1300,
        ),
    ),
    "108592": ("B", (59,)),
    "110460": (
        "P",
        (
            171,
            179,
        ),
    ),
    "112186": (
        "M",
        (
            71,
            137,
            196,
            250,
            273,
            295,
            314,
            369,
            429,
            447,
            480,
        ),
    ),
    "112436": ("O", (321,)),
    "114045": ("P", (558,)),
    "117249": (
        "P",
        (
            128,
            132,
            258,
        ),
    ),
    "117369": (
        "OP",
        (
            58,
            84,
            100,
            208,
            913,
        ),
    ),
    "117609": ("B", (100,)),
    "118583": (
        "M",
        (
            71,
            137,
            196,
            250,
            273,
            295,
            314,
            369,
            429,
            447,
            480,
        ),
    ),
    "124027": (
        "P",
        (
            245,
            267,
            309,
        ),
    ),
    "126686": ("O", (42,)),
    "126855": ("P", (94,)),
    "126865": (
        "PO",
        (
            343,
            898,
            962,
            1038,
        ),
    ),
    "127268": (
        "OP",
        (
            88,
            101,
            121,
        ),
    ),
    "128080": (
        "P",
        (
            46,
            146,
        ),
    ),
    "131988": ("P", (165,)),
    "132437": (
        "P",
        (
            157,
            197,
        ),
    ),
    "133430": (
        "P",
        (
            121,
            127,
            134,
        ),
    ),
    "133812": ("P", (112,)),
    "136970": (
        "F",
        (
            145,
            526,
        ),
    ),
    "137110": ("P", (275,)),
    "138410": (
        "O",
        (
            201,
            234,
            356,
            378,
            625,
            743,
            749,
            1578,
            1625,
            1641,
            2174,
            2178,
            2467,
            2589,
            2888,
            2932,
            3480,
        ),
    ),
    "139544": (
        "O",
        (
            50,
            74,
        ),
    ),
    "139579": ("O", (22,)),
    "140800": ("P", (586,)),
    "145252": ("O", (132,)),
    "146550": ("O", (33,)),
    "175790": (
        "B",
        (
            118,
            306,
        ),
    ),
    "175800": ("B", (100,)),
    "175865": (
        "OP",
        (
            90,
            101,
            112,
            138,
            490,
            570,
            679,
            950,
        ),
    ),
    "176410": (
        "P",
        (
            135,
            376,
        ),
    ),
    "177915": ("O", (77,)),
}
# The hits judged not to be personal data when GENUINE was written (row id, offset): a
# kindergarten named like a person, 党小(组长), an office's address, a nickname
# (郭大老师), a forest park named like a person, a county office's phone in a list.
KNOWN_FALSE = (
    ("4090", 603),
    ("16681", 141),
    ("16781", 424),
    ("76423", 29),
    ("94611", 183),
    ("122040", 606),
)


def is_genuine(row_id: str, hit: Hit) -> bool:
    """Whether a hit in a real reply covers one checked by hand as personal data."""
    _, offsets = GENUINE.get(row_id, ("", ()))
    return any(hit.start <= offset < hit.end for offset in offsets)


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
            if is_genuine(row["id"], hit):
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
        f"as genuine personal data (in {len(GENUINE)} replies listed in GENUINE; "
        f"{len(KNOWN_FALSE)} false hits were known when the list was written)"
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
        best = float("inf")
        for _ in range(RUNS_PER_LETTER):
            start = time.perf_counter()
            detect(letter)
            best = min(best, time.perf_counter() - start)
        times.append((len(letter), best * 1000))
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
    corpus.DATA_DIR = args.data_dir  # the corpus's real sentences come from there too
    corpus.context_sentences.cache_clear()
    recall_met = recall(args.per_type)
    false_met = false_positives(args.data_dir, args.show_replies)
    speed(args.data_dir)
    print("All targets met." if recall_met and false_met else "Some targets are not met.")


if __name__ == "__main__":
    main()
