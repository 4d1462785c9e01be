"""Backend-independent core of the knowledge-base search (no Django imports).

Pipeline, identical for every database backend:

1. Indexing: each field (question, keywords, answer) is normalised (NFKC, lower case,
   collapsed whitespace) and segmented with jieba search-mode tokens; the full-text
   engine indexes the space-joined tokens, and the normalised text is stored beside them
   for the reranker. Per index, a term table keeps document frequencies of every
   ranking feature (words, characters, character bigrams) and a statistics table keeps
   the document count and the total feature lengths per field.
2. Searching: the query is analysed the same way and admin-managed synonyms are turned
   into OR groups. The engine retrieves candidates with an OR query over the rarer query
   words; the candidates are then reranked here, in Python, from their stored texts and
   the shared statistics only, so that both engines return the same order for the same
   corpus. The rerank fuses four scores, each scaled by its best value among the
   candidates: BM25F over words, BM25F over characters, BM25F over character bigrams
   (which also match across word boundaries, where jieba segments a query and a
   document differently) and a cosine-like score over words and bigrams with sub-linear
   term frequency and squared IDF query weights.

Feature keys are prefixed by their kind ("w:", "c:", "b:") so that one term table holds
all of them.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import jieba
import numpy as np
import numpy.typing as npt

jieba.setLogLevel(60)

FIELDS: tuple[str, ...] = ("question", "keywords", "answer")
FIELD_WEIGHTS: Mapping[str, float] = {"question": 3.0, "keywords": 2.0, "answer": 1.0}
FIELD_SEPARATOR = "\n"

WORD, CHAR, BIGRAM = "w", "c", "b"
KINDS: tuple[str, ...] = (WORD, CHAR, BIGRAM)
# Fusion weights of the per-kind scores and of the cosine-like score.
KIND_WEIGHTS: Mapping[str, float] = {WORD: 1.0, CHAR: 1.0, BIGRAM: 0.5}
COSINE_WEIGHT = 1.0
COSINE_KINDS: tuple[str, ...] = (WORD, BIGRAM)

# Less term-frequency saturation headroom and fuller length normalisation than the
# textbook 1.2 / 0.75: answers range from a few characters to pages, and a long answer
# repeating a topic word should not outrank a short one that answers the question
# (kb_evaluate recall@5 on qa_department 0.843 -> 0.848 on SQLite, 0.841 -> 0.845 on
# PostgreSQL; letters_replies unchanged at 0.73).
BM25_K1 = 0.9
BM25_B = 0.9

# Candidate retrieval: an OR query over the rarest query words, adding words while
# the documents containing them (summed document frequencies) stay within the budget,
# so that the engine ranks a bounded number of rows whatever the index size.
MAX_CANDIDATE_TERMS = 16
CANDIDATE_POSTINGS_BUDGET = 1000

DOCS_STAT = "docs"

# Function words, pronouns and question words; whole tokens only.
_STOPWORD_TEXT = """
的 地 得 了 着 过 和 与 及 或 而 且 并 也 就 都 还 又 再 很 太 更 最 才 只 被 把 让 给 向 从 到 在 于 以 为 对 之 其 此
该 这 那 这个 那个 这些 那些 这样 那样 一个 一些 有些 个 是 有 没 没有 不 能 会 要 可 可以 能否 是否 需要 应 应该 应当 吗 呢 吧
啊 呀 哦 么 嘛 我 我们 你 你们 您 他 她 它 他们 她们 它们 自己 请 请问 如何 怎么 怎样 怎么样 什么 哪些 哪个 哪里 为什么 为何
多少 几 谁 等 等等 关于 有关 问题 你好 您好 谢谢
"""
STOPWORDS: frozenset[str] = frozenset(_STOPWORD_TEXT.split())

_SPLIT = re.compile(r"[\W_]+")
_WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Document:
    """A knowledge-base entry as indexed; any field may be empty."""

    doc_id: str | int
    question: str = ""
    keywords: str = ""
    answer: str = ""


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One search result; doc ids come back as strings on every backend."""

    doc_id: str
    score: float


def normalize(text: str) -> str:
    """NFKC (full-width to half-width), lower case, whitespace collapsed to one space."""
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip().lower()


def tokenize(text: str) -> list[str]:
    """jieba search-mode tokens of ``text`` without punctuation and stopwords.

    Tokens are further split on anything that is not a letter or digit, so each one is
    a single token for both SQLite's unicode61 tokenizer and PostgreSQL's parser.
    """
    tokens: list[str] = []
    for raw in jieba.cut_for_search(normalize(text), HMM=False):
        tokens.extend(piece for piece in _SPLIT.split(raw) if piece and piece not in STOPWORDS)
    return tokens


def segment(text: str) -> str:
    """The pre-segmented form stored in the full-text columns."""
    return " ".join(tokenize(text))


def length_stat(kind: str, field_name: str) -> str:
    """Name of the statistic holding the total feature length of a field."""
    return f"len:{kind}:{field_name}"


def build_synonym_map(groups: Iterable[Iterable[str]]) -> dict[str, tuple[str, ...]]:
    """Symmetric mapping from admin-managed synonym groups (pairs are groups of two).

    ``[["医保", "医疗保险"]]`` gives ``{"医保": ("医疗保险",), "医疗保险": ("医保",)}``.
    """
    mapping: dict[str, list[str]] = {}
    for group in groups:
        members = list(dict.fromkeys(n for n in (normalize(term) for term in group) if n))
        for member in members:
            alternatives = mapping.setdefault(member, [])
            alternatives.extend(
                other for other in members if other != member and other not in alternatives
            )
    return {term: tuple(alternatives) for term, alternatives in mapping.items() if alternatives}


# --------------------------------------------------------------------------- documents

KindCounts = Mapping[str, Counter[str]]
"""Feature counts of one text by kind (WORD, CHAR, BIGRAM); terms are unprefixed."""


def text_counts(segmented: str, normalized: str) -> KindCounts:
    """Word counts of segmented text; character and bigram counts of its normalised form.

    Characters and bigrams are taken within runs of letters and digits, so bigrams cross
    word boundaries but not punctuation.
    """
    runs = [run for run in _SPLIT.split(normalized) if run]
    return {
        WORD: Counter(segmented.split()),
        CHAR: Counter("".join(runs)),
        BIGRAM: Counter(run[i : i + 2] for run in runs for i in range(len(run) - 1)),
    }


def char_lengths(normalized: str) -> tuple[int, int]:
    """Character and bigram lengths of normalised text, as totalled by :func:`text_counts`."""
    runs = [run for run in _SPLIT.split(normalized) if run]
    chars = sum(map(len, runs))
    return chars, chars - len(runs)


@dataclass(frozen=True, slots=True)
class FieldFeatures:
    """Feature counts of a document per field."""

    counts: Mapping[str, KindCounts]

    @classmethod
    def from_stored(cls, segmented: Sequence[str], normalized: str) -> FieldFeatures:
        """Features of a document from its stored columns."""
        texts = normalized.split(FIELD_SEPARATOR)
        return cls(
            {
                name: text_counts(words, text)
                for name, words, text in zip(FIELDS, segmented, texts, strict=True)
            }
        )

    def terms(self) -> set[str]:
        """Distinct prefixed features of the whole document (for document frequencies)."""
        return {
            f"{kind}:{term}"
            for counts in self.counts.values()
            for kind, counter in counts.items()
            for term in counter
        }

    def lengths(self) -> Counter[str]:
        """Feature lengths per kind and field, keyed by statistic name."""
        return Counter(
            {
                length_stat(kind, name): counter.total()
                for name, counts in self.counts.items()
                for kind, counter in counts.items()
            }
        )


@dataclass(frozen=True, slots=True)
class PreparedDocument:
    """A document ready to be written: stored columns plus its ranking features."""

    doc_id: str
    segmented: tuple[str, str, str]
    normalized: str
    features: FieldFeatures

    def row(self) -> tuple[str, str, str, str, str]:
        """Column values in the order doc_id, question, keywords, answer, normalized."""
        return (self.doc_id, *self.segmented, self.normalized)


def prepare_document(document: Document) -> PreparedDocument:
    """Segment and normalise a document's fields and compute its features."""
    question, keywords, answer = (
        normalize(text) for text in (document.question, document.keywords, document.answer)
    )
    segmented = (segment(question), segment(keywords), segment(answer))
    joined = FIELD_SEPARATOR.join((question, keywords, answer))
    return PreparedDocument(
        doc_id=str(document.doc_id),
        segmented=segmented,
        normalized=joined,
        features=FieldFeatures.from_stored(segmented, joined),
    )


@dataclass(slots=True)
class StatsDelta:
    """Changes to an index's term and statistics tables from added/removed documents."""

    df: Counter[str] = field(default_factory=Counter)
    stats: Counter[str] = field(default_factory=Counter)

    def add(self, features: FieldFeatures, sign: int = 1) -> None:
        self.df.update(dict.fromkeys(features.terms(), sign))
        self.stats[DOCS_STAT] += sign
        for name, length in features.lengths().items():
            self.stats[name] += sign * length

    def changed_terms(self) -> list[tuple[str, int]]:
        return sorted((term, delta) for term, delta in self.df.items() if delta)

    def changed_stats(self) -> list[tuple[str, float]]:
        return sorted((name, float(delta)) for name, delta in self.stats.items() if delta)


# ------------------------------------------------------------------------------ queries


@dataclass(frozen=True, slots=True)
class FeatureBag:
    """Distinct features of one query part as sorted (kind, term) pairs."""

    features: tuple[tuple[str, str], ...]

    @classmethod
    def from_text(cls, text: str) -> FeatureBag:
        """Features of a query text; none when no word survives tokenisation."""
        normalized = normalize(text)
        segmented = segment(normalized)
        if not segmented:
            return cls(())
        counts = text_counts(segmented, normalized)
        return cls(tuple(sorted((kind, term) for kind in KINDS for term in counts[kind])))

    def words(self) -> list[str]:
        return [term for kind, term in self.features if kind == WORD]


@dataclass(frozen=True, slots=True)
class QueryPlan:
    """An analysed query: a base part plus OR groups of synonym alternatives."""

    base: FeatureBag
    groups: tuple[tuple[FeatureBag, ...], ...]

    def _bags(self) -> list[FeatureBag]:
        return [self.base, *(bag for group in self.groups for bag in group)]

    def terms(self) -> list[str]:
        """Every prefixed feature the rerank needs statistics for."""
        return [f"{kind}:{term}" for kind, term in self.features()]

    def words(self) -> list[str]:
        return sorted({word for bag in self._bags() for word in bag.words()})

    def features(self) -> list[tuple[str, str]]:
        """Distinct (kind, term) features of all parts, sorted."""
        return sorted({feature for bag in self._bags() for feature in bag.features})


def build_query(query: str, synonyms: Mapping[str, Sequence[str]] | None = None) -> QueryPlan:
    """Analyse a query; each synonym key found in it becomes an OR group.

    Keys match as substrings of the normalised query (so multi-word keys such as
    住房公积金 work); the longest key wins where keys overlap. An empty plan (no words
    left after removing punctuation and stopwords) matches nothing.
    """
    text = normalize(query)
    groups: list[tuple[FeatureBag, ...]] = []
    for key, alternatives in sorted(
        ((normalize(k), v) for k, v in (synonyms or {}).items()),
        key=lambda item: (-len(item[0]), item[0]),
    ):
        if not key or key not in text:
            continue
        text = text.replace(key, " ")
        bags = [FeatureBag.from_text(key)]
        bags.extend(FeatureBag.from_text(alternative) for alternative in alternatives)
        group = tuple(bag for bag in bags if bag.features)
        if group:
            groups.append(group)
    return QueryPlan(FeatureBag.from_text(text), tuple(groups))


@dataclass(frozen=True, slots=True)
class IndexStats:
    """Shared statistics of one index: document frequencies (of the query's features
    at least, keyed by prefixed feature) and the document count and lengths."""

    df: Mapping[str, int]
    stats: Mapping[str, float]

    @property
    def n_docs(self) -> int:
        return int(self.stats.get(DOCS_STAT, 0))

    def idf(self, kind: str, term: str) -> float:
        df = self.df.get(f"{kind}:{term}", 0)
        return math.log(1.0 + (self.n_docs - df + 0.5) / (df + 0.5))

    def average_length(self, kind: str, field_name: str) -> float:
        n_docs = self.n_docs
        return self.stats.get(length_stat(kind, field_name), 0.0) / n_docs if n_docs else 0.0


def candidate_words(plan: QueryPlan, index: IndexStats) -> list[str]:
    """Query words for the engine's OR query: the rarest ones, most selective first.

    Words no document contains are skipped. The rarest word is always taken; further
    words are added while their summed document frequencies stay within
    CANDIDATE_POSTINGS_BUDGET (common words still count in the rerank).
    """
    present = sorted(
        (df, word) for word in plan.words() if (df := index.df.get(f"{WORD}:{word}", 0)) > 0
    )
    words: list[str] = []
    postings = 0
    for df, word in present[:MAX_CANDIDATE_TERMS]:
        if words and postings + df > CANDIDATE_POSTINGS_BUDGET:
            break
        words.append(word)
        postings += df
    return words


# ------------------------------------------------------------------------------- rerank


@dataclass(frozen=True, slots=True)
class Candidate:
    """A candidate row as read back from an index."""

    doc_id: str
    segmented: tuple[str, str, str]
    normalized: str

    def features(self) -> FieldFeatures:
        return FieldFeatures.from_stored(self.segmented, self.normalized)


def _term_frequencies(
    candidates: Sequence[Candidate], field_index: int, terms: Mapping[str, Sequence[str]]
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Frequencies of the query terms (KINDS order, then the given order) in one field
    of each candidate, and the field's feature lengths by kind (KINDS order).

    Word frequencies come from the stored tokens; character and bigram frequencies are
    counted in the normalised text (non-overlapping occurrences).
    """
    width = sum(len(terms[kind]) for kind in KINDS)
    frequencies = np.zeros((len(candidates), width))
    lengths = np.zeros((len(candidates), len(KINDS)))
    for row, candidate in enumerate(candidates):
        text = candidate.normalized.split(FIELD_SEPARATOR)[field_index]
        if not text:
            continue
        tokens = candidate.segmented[field_index].split()
        frequencies[row] = [
            *map(tokens.count, terms[WORD]),
            *map(text.count, terms[CHAR]),
            *map(text.count, terms[BIGRAM]),
        ]
        lengths[row] = (len(tokens), *char_lengths(text))
    return frequencies, lengths


def _feature_scores(
    plan: QueryPlan, candidates: Sequence[Candidate], index: IndexStats
) -> tuple[list[tuple[str, str]], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Per candidate and query feature: the BM25F score and the cosine-like score.

    BM25F sums the field-weighted, length-normalised frequencies before saturation. The
    cosine-like score of a feature is idf^2 * (1 + ln tf) / sqrt(length) summed over the
    fields with their weights, where length counts the field's words and bigrams; it is
    zero for characters.
    """
    terms = {kind: [term for k, term in plan.features() if k == kind] for kind in KINDS}
    features = [(kind, term) for kind in KINDS for term in terms[kind]]
    kind_columns = np.array([KINDS.index(kind) for kind, _ in features], dtype=np.intp)
    idf = np.array([index.idf(kind, term) for kind, term in features])
    cosine_kinds = [KINDS.index(kind) for kind in COSINE_KINDS]
    saturating = np.zeros((len(candidates), len(features)))
    cosine = np.zeros_like(saturating)
    for field_index, name in enumerate(FIELDS):
        frequencies, lengths = _term_frequencies(candidates, field_index, terms)
        averages = np.array([index.average_length(kind, name) or 1.0 for kind in KINDS])
        norms = 1.0 - BM25_B + BM25_B * lengths / averages
        weight = FIELD_WEIGHTS[name]
        saturating += weight * frequencies / norms[:, kind_columns]
        cosine_norms = np.sqrt(lengths[:, cosine_kinds].sum(axis=1, keepdims=True))
        sublinear = np.log(frequencies, where=frequencies > 0, out=np.full_like(frequencies, -1))
        cosine += weight * (1.0 + sublinear) / np.maximum(cosine_norms, 1.0)
    bm25 = idf * saturating * (BM25_K1 + 1.0) / (saturating + BM25_K1)
    in_cosine = np.isin(kind_columns, cosine_kinds)
    return features, bm25, np.where(in_cosine, idf * idf, 0.0) * cosine


def rerank(
    plan: QueryPlan, candidates: Iterable[Candidate], index: IndexStats, limit: int
) -> list[SearchHit]:
    """Order candidates by the fused score; ties are broken by doc id.

    Each score (BM25F per kind, cosine-like) of a query part is summed over its
    features; a synonym group adds, per score, the best of its alternatives. The four
    scores are scaled by their best value among the candidates and fused with
    KIND_WEIGHTS and COSINE_WEIGHT.
    """
    ordered = sorted(candidates, key=lambda candidate: candidate.doc_id)
    if not ordered:
        return []
    features, bm25, cosine = _feature_scores(plan, ordered, index)
    column = {feature: position for position, feature in enumerate(features)}

    def part_scores(bag: FeatureBag) -> npt.NDArray[np.float64]:
        """Scores (n_candidates x [*KINDS, cosine]) of one query part."""
        columns = [column[feature] for feature in bag.features]
        by_kind = [
            bm25[:, [column[(k, term)] for k, term in bag.features if k == kind]].sum(axis=1)
            for kind in KINDS
        ]
        return np.column_stack([*by_kind, cosine[:, columns].sum(axis=1)])

    total = part_scores(plan.base)
    for group in plan.groups:
        total += np.maximum.reduce([part_scores(bag) for bag in group])
    weights = np.array([*(KIND_WEIGHTS[kind] for kind in KINDS), COSINE_WEIGHT])
    best = total.max(axis=0)
    fused = (weights * np.divide(total, best, where=best > 0, out=np.zeros_like(total))).sum(axis=1)
    hits = [
        SearchHit(candidate.doc_id, float(score))
        for candidate, score in zip(ordered, fused, strict=True)
        if score > 0
    ]
    hits.sort(key=lambda hit: (-hit.score, hit.doc_id))
    return hits[:limit]
