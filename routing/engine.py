"""Machine-learning core of the letter router (plain Python, no Django).

Pipeline: NFKC text normalisation -> jieba segmentation (dictionary only, no HMM) with a user
dictionary of department, place and domain terms -> sublinear TF-IDF over word 1-2-grams and
character 1-3-grams (both seen in at least two letters once there are 2,000 of them) ->
an ensemble of two linear SVMs (one-vs-rest LinearSVC and an NB-weighted LinearSVC, folded
into one weight matrix) -> temperature-scaled softmax probabilities.

Replies: a letter's official reply (its opening `_REPLY_CHARS` characters), where one is
given, is an extra training example for the letter's label (the department that wrote it uses its own vocabulary: its name, its laws, its
services). Replies only ever train; they are never predicted, calibrated on or measured, and
a reply always sits in the same cross-validation fold as its letter.

Calibration (the temperature) and the auto-dispatch threshold are fixed from out-of-fold
predictions of an internal group-aware cross-validation on the training data only, so the
stored metrics are honest estimates. Folds group letters whose text is identical after
dropping case, width, whitespace and punctuation, so a duplicate never sits on both sides.

Artifacts are a small binary header, JSON metadata and a pickle of the fitted state. Loading
unpickles, so only load artifacts this application wrote itself.

Why one module of ~950 lines: the pickled state names its classes by this module's path
(``routing.engine._State``, ``_Vocabulary``), so trained artifacts on running servers load
only while those classes stay here; and it is the whole Django-free ML core, read and
reviewed as one piece (import-linter keeps Django out of it).
"""

from __future__ import annotations

import csv
import hashlib
import json
import logging
import math
import pickle
import re
import struct
import threading
import time
import unicodedata
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple

import jieba
import numpy as np
import scipy.sparse as sp
from joblib import Parallel, delayed
from scipy.optimize import minimize_scalar
from scipy.special import log_softmax, softmax
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import StratifiedGroupKFold
from sklearn.preprocessing import normalize
from sklearn.svm import LinearSVC

__all__ = [
    "ARTIFACT_FORMAT",
    "DEFAULT_USERDICT",
    "ENGINE_VERSION",
    "ArtifactError",
    "CsvLoad",
    "DataError",
    "RouterModel",
    "Segmenter",
    "choose_threshold",
    "dedup_key",
    "evaluate",
    "fingerprint",
    "get_segmenter",
    "load_csv",
    "load_csv_report",
    "normalize_text",
]

ENGINE_VERSION = "1.2.0"
ARTIFACT_FORMAT = 1
DEFAULT_USERDICT = Path(__file__).with_name("userdict.txt")

_MAGIC = b"ZMHD-ROUTER\n"
_HEADER = struct.Struct(">I")  # length of the JSON metadata block
_INNER_FOLDS = 3  # internal folds for calibration and threshold (time budget)
_SVC_C = 1.0
_SVC_TOL = 1e-2  # looser than the default 1e-4: no accuracy change seen on the evaluation data
_NB_ALPHA = 1.0
_SVC_SHARE = 0.3  # weight of the plain SVM in the ensemble; the NB-weighted SVM gets the rest
_CHAR_MIN_DF_ROWS = 2000  # from this many training letters on, char n-grams seen once are dropped
_WORD_MIN_DF_ROWS = 2000  # the same for word n-grams (smaller model, faster training)
# jieba's HMM guesses words missing from its dictionaries. Off: segmentation is about twice as
# fast, and on the evaluation data macro-F1 moved by +0.3 (letters), +0.1 (Q&A) and -0.2
# (kind) points; character n-grams already cover the unknown words.
_HMM = False
_ABSENT_SCORE = -10.0  # margin given to a class missing from an internal training fold
_TIMING_SAMPLE = 200
# Only the opening of a reply trains: it names the department and the matter, while the rest
# is mostly cited rules and procedure. On qa_department (3 fold splits) accuracy was 0.9026
# with the first 300 characters and 0.9028 with whole replies, and training on 10,000
# questions with their replies took 46 s instead of 53 s.
_REPLY_CHARS = 300

_WHITESPACE = re.compile(r"[\s\x00-\x1f\x7f]+")  # whitespace and control characters
_NON_WORD = re.compile(r"[\W_]+")

logger = logging.getLogger(__name__)


class DataError(ValueError):
    """Training or input data that cannot be used (missing columns, no rows, one class...)."""


class ArtifactError(ValueError):
    """A model file that is not a router artifact, is corrupt, or has an unknown format."""


# ---------------------------------------------------------------------------- text helpers


def normalize_text(text: str) -> str:
    """NFKC (full-width to half-width); whitespace and control runs to one space; trimmed."""
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip()


def dedup_key(text: str) -> str:
    """Key under which two letters count as duplicates: NFKC, casefolded, only word chars."""
    return _NON_WORD.sub("", unicodedata.normalize("NFKC", text).casefold())


def fingerprint(
    texts: Sequence[str], labels: Sequence[str], replies: Sequence[str] | None = None
) -> str:
    """SHA-256 over the (text, label) pairs in order; identifies a training set.

    Non-empty replies are hashed too (after their letter's label), so a training set without
    any reply keeps the fingerprint it had before replies were supported.
    """
    digest = hashlib.sha256()
    for i, (text, label) in enumerate(zip(texts, labels, strict=True)):
        digest.update(text.encode("utf-8"))
        digest.update(b"\x1f")
        digest.update(label.encode("utf-8"))
        if replies is not None and replies[i].strip():
            digest.update(b"\x1d")
            digest.update(replies[i].encode("utf-8"))
        digest.update(b"\x1e")
    return digest.hexdigest()


# ----------------------------------------------------------------------------- segmenter


class Segmenter:
    """A private jieba tokenizer with the project's user dictionary and runtime extra words.

    Each instance owns its dictionary, so adding words never changes jieba's global state.
    Building one loads jieba's main dictionary (about a second); use `get_segmenter()` to
    share one per process.
    """

    def __init__(self, userdict: str | Path | None = DEFAULT_USERDICT) -> None:
        jieba.setLogLevel(logging.WARNING)
        self._tokenizer = jieba.Tokenizer()
        self._lock = threading.Lock()
        self._extra_words: dict[str, None] = {}
        self.userdict_sha256: str | None = None
        if userdict is not None:
            raw = Path(userdict).read_bytes()
            self.userdict_sha256 = hashlib.sha256(raw).hexdigest()
            with self._lock:
                for line in raw.decode("utf-8-sig").splitlines():
                    self._add_dict_line(line)

    def _add_dict_line(self, line: str) -> None:
        """One user-dictionary line: `word [freq] [tag]`, blank lines and # comments skipped."""
        parts = line.split()
        if not parts or parts[0].startswith("#"):
            return
        freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        tag = parts[-1] if len(parts) > 1 and not parts[-1].isdigit() else None
        self._tokenizer.add_word(parts[0], freq, tag)

    def add_words(self, words: Iterable[str], freq: int | None = None) -> int:
        """Add department, place or other names at runtime; returns how many were new."""
        added = 0
        with self._lock:
            for raw in words:
                word = raw.strip()
                if not word or word in self._extra_words:
                    continue
                self._tokenizer.add_word(word, freq)
                self._extra_words[word] = None
                added += 1
        return added

    @property
    def extra_words(self) -> tuple[str, ...]:
        """Words added with `add_words`, in insertion order."""
        return tuple(self._extra_words)

    def cut(self, text: str) -> list[str]:
        """Accurate-mode segmentation (without jieba's HMM), whitespace tokens dropped."""
        return [tok for tok in self._tokenizer.cut(text, HMM=_HMM) if tok.strip()]

    def cut_for_search(self, text: str) -> list[str]:
        """Search-engine mode (long words also yield their sub-words), whitespace dropped."""
        return [tok for tok in self._tokenizer.cut_for_search(text) if tok.strip()]


_segmenter: Segmenter | None = None
_segmenter_lock = threading.Lock()


def get_segmenter() -> Segmenter:
    """The process-wide segmenter with the default user dictionary, built on first use."""
    global _segmenter
    if _segmenter is None:
        with _segmenter_lock:
            if _segmenter is None:
                _segmenter = Segmenter()
    return _segmenter


# ------------------------------------------------------------------------------ CSV input


class CsvLoad(NamedTuple):
    """Usable rows of a CSV file and the line numbers (1-based; the last line of a multi-line
    row) of the rows skipped for an empty text or label. `replies` holds each usable row's
    stripped reply ("" for none), or is None when no reply column was asked for."""

    texts: list[str]
    labels: list[str]
    skipped_lines: list[int]
    replies: list[str] | None = None


def load_csv_report(
    path: str | Path,
    text_columns: Sequence[str],
    label_column: str,
    reply_column: str | None = None,
) -> CsvLoad:
    """Read a UTF-8 CSV (BOM allowed) with a header row.

    The text is the non-empty `text_columns` joined by a newline; the label is stripped.
    Rows whose text or label is empty are skipped and their line numbers reported; an empty
    reply only means that letter has none. Raises DataError when columns are missing or no
    usable row is left.
    """
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        header = reader.fieldnames or []
        wanted = (*text_columns, label_column, *([reply_column] if reply_column else []))
        missing = [col for col in wanted if col not in header]
        if missing:
            raise DataError(f"缺少列: {', '.join(missing)} ({path})")
        texts: list[str] = []
        labels: list[str] = []
        replies: list[str] = []
        skipped: list[int] = []
        for row in reader:
            parts = [(row.get(col) or "").strip() for col in text_columns]
            text = "\n".join(part for part in parts if part)
            label = (row.get(label_column) or "").strip()
            if text and label:
                texts.append(text)
                labels.append(label)
                replies.append((row.get(reply_column) or "").strip() if reply_column else "")
            else:
                skipped.append(reader.line_num)
    if not texts:
        raise DataError(f"没有可用的行: 文本或标签全部为空 ({path})")
    if skipped:
        logger.warning("%s: skipped %d rows with empty text or label", path, len(skipped))
    return CsvLoad(texts, labels, skipped, replies if reply_column else None)


def load_csv(
    path: str | Path, text_columns: Sequence[str], label_column: str
) -> tuple[list[str], list[str]]:
    """`load_csv_report` without the skipped-row report (the count is logged as a warning)."""
    loaded = load_csv_report(path, text_columns, label_column)
    return loaded.texts, loaded.labels


# ------------------------------------------------------------------------------ features


_SEPARATOR = -1  # token id between letters and for unknown tokens: breaks n-grams
_CODE_BITS = 21  # Unicode code points fit in 21 bits, so a char trigram fits in an int64


def _char_ngram_keys(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Rows and int64 keys of all char 1-3-grams of the (lower-cased) texts.

    A key packs the code points: c, c1 << 21 | c2, c1 << 42 | c2 << 21 | c3, so the three
    lengths never collide (code point 0 is the separator and never starts an n-gram).
    """
    joined = "\x00".join(texts).lower() + "\x00"
    cps = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    rows = np.concatenate(([0], np.cumsum(cps[:-1] == 0)))
    real = cps != 0
    bigram = real[:-1] & real[1:]
    trigram = bigram[:-1] & real[2:]
    keys = np.concatenate(
        (
            cps[real],
            ((cps[:-1] << _CODE_BITS) | cps[1:])[bigram],
            ((cps[:-2] << 2 * _CODE_BITS) | (cps[1:-1] << _CODE_BITS) | cps[2:])[trigram],
        )
    )
    return np.concatenate((rows[real], rows[:-1][bigram], rows[:-2][trigram])), keys


def _word_ngram_keys(
    tokens: Sequence[list[str]], token_ids: dict[str, int], grow: bool
) -> tuple[np.ndarray, np.ndarray]:
    """Rows and int64 keys of word unigrams (id) and bigrams ((id1 + 1) << 32 | id2).

    With `grow`, unseen tokens get new ids; otherwise they break n-grams and are dropped.
    """
    lookup = token_ids.setdefault if grow else token_ids.get
    flat: list[int] = []
    for doc in tokens:
        flat.extend(
            [lookup(tok, len(token_ids)) if grow else lookup(tok, _SEPARATOR) for tok in doc]
        )
        flat.append(_SEPARATOR)
    ids = np.array(flat, dtype=np.int64)
    rows = np.repeat(np.arange(len(tokens)), [len(doc) + 1 for doc in tokens])
    known = ids != _SEPARATOR
    bigram = known[:-1] & known[1:]
    keys = np.concatenate((ids[known], (((ids[:-1] + 1) << 32) | ids[1:])[bigram]))
    return np.concatenate((rows[known], rows[:-1][bigram])), keys


def _count_matrix(
    rows: np.ndarray, columns: np.ndarray, n_rows: int, n_columns: int
) -> sp.csr_matrix:
    counts = sp.csr_matrix(
        (np.ones(rows.size, dtype=np.float32), (rows, columns)), shape=(n_rows, n_columns)
    )
    counts.sum_duplicates()
    return counts


def _fit_keys(
    rows: np.ndarray, keys: np.ndarray, n_rows: int, min_df: int
) -> tuple[np.ndarray, sp.csr_matrix]:
    """Vocabulary (sorted keys seen in >= min_df rows) and the count matrix over it."""
    vocabulary, columns = np.unique(keys, return_inverse=True)
    counts = _count_matrix(rows, columns, n_rows, vocabulary.size)
    if min_df > 1:
        keep = np.bincount(counts.indices, minlength=vocabulary.size) >= min_df
        vocabulary, counts = vocabulary[keep], counts[:, keep].tocsr()
    return vocabulary, counts


def _transform_keys(
    rows: np.ndarray, keys: np.ndarray, n_rows: int, vocabulary: np.ndarray
) -> sp.csr_matrix:
    """Count matrix over a fitted vocabulary; keys outside it are ignored."""
    columns = np.minimum(np.searchsorted(vocabulary, keys), vocabulary.size - 1)
    hit = vocabulary[columns] == keys
    return _count_matrix(rows[hit], columns[hit], n_rows, vocabulary.size)


@dataclass
class _Vocabulary:
    """Label-free n-gram vocabularies: word 1-2-grams of jieba tokens, char 1-3-grams."""

    token_ids: dict[str, int]
    word_keys: np.ndarray
    char_keys: np.ndarray

    @classmethod
    def fit(
        cls, texts: Sequence[str], tokens: Sequence[list[str]]
    ) -> tuple[_Vocabulary, sp.csr_matrix, sp.csr_matrix]:
        """Fit on the training letters; returns the vocabulary and word and char counts.

        N-grams seen in only one letter are dropped from `_WORD_MIN_DF_ROWS` (word) and
        `_CHAR_MIN_DF_ROWS` (char) letters on.
        """
        token_ids: dict[str, int] = {}
        word_min_df = 2 if len(texts) >= _WORD_MIN_DF_ROWS else 1
        word_keys, word_counts = _fit_keys(
            *_word_ngram_keys(tokens, token_ids, grow=True), len(texts), word_min_df
        )
        char_min_df = 2 if len(texts) >= _CHAR_MIN_DF_ROWS else 1
        char_keys, char_counts = _fit_keys(*_char_ngram_keys(texts), len(texts), char_min_df)
        return cls(token_ids, word_keys, char_keys), word_counts, char_counts

    def counts(
        self, texts: Sequence[str], tokens: Sequence[list[str]]
    ) -> tuple[sp.csr_matrix, sp.csr_matrix]:
        word = _word_ngram_keys(tokens, self.token_ids, grow=False)
        return (
            _transform_keys(*word, len(texts), self.word_keys),
            _transform_keys(*_char_ngram_keys(texts), len(texts), self.char_keys),
        )


def _idf(counts: sp.csr_matrix) -> np.ndarray:
    """Smoothed IDF as in scikit-learn, 0 for terms absent from `counts` (unseen in training)."""
    df = np.bincount(counts.indices, minlength=counts.shape[1])
    idf = np.log((1.0 + counts.shape[0]) / (1.0 + df)) + 1.0
    idf[df == 0] = 0.0
    result: np.ndarray = idf.astype(np.float32)
    return result


def _tfidf(counts: sp.csr_matrix, idf: np.ndarray) -> sp.csr_matrix:
    """Sublinear TF times IDF, rows L2-normalised."""
    weighted = counts.copy()
    weighted.data = (1.0 + np.log(weighted.data)) * idf[weighted.indices]
    return normalize(weighted, copy=False)


def _features(
    word_counts: sp.csr_matrix,
    char_counts: sp.csr_matrix,
    word_idf: np.ndarray,
    char_idf: np.ndarray,
) -> sp.csr_matrix:
    """The two TF-IDF blocks side by side, each L2-normalised."""
    return sp.hstack([_tfidf(word_counts, word_idf), _tfidf(char_counts, char_idf)]).tocsr()


# ---------------------------------------------------------------------------- classifier


def _fit_linear(
    x: sp.csr_matrix, y: np.ndarray, n_classes: int, random_state: int
) -> tuple[np.ndarray, np.ndarray]:
    """Fit the SVM ensemble on rows `x` with integer labels `y`.

    Returns one weight matrix (n_classes x n_features) and intercepts: a share of a
    one-vs-rest LinearSVC plus the rest of a one-vs-rest NB-SVM (Wang & Manning 2012), whose
    per-class log-count-ratio feature scaling is folded into its weights. Classes absent from
    `y` get zero weights and a very low intercept.
    """
    present = np.unique(y)
    coef = np.zeros((n_classes, x.shape[1]), dtype=np.float64)
    intercept = np.full(n_classes, _ABSENT_SCORE)
    svc = LinearSVC(C=_SVC_C, tol=_SVC_TOL, dual=True, random_state=random_state).fit(x, y)
    svc_coef, svc_intercept = svc.coef_, svc.intercept_
    if present.size == 2:  # binary LinearSVC keeps one hyperplane: score of present[1]
        svc_coef = np.vstack([-svc_coef, svc_coef])
        svc_intercept = np.concatenate([-svc_intercept, svc_intercept])
    binary = x.copy()
    binary.data[:] = 1.0
    indicator = sp.csr_matrix(
        (np.ones(y.size), (np.searchsorted(present, y), np.arange(y.size))),
        shape=(present.size, y.size),
    )
    doc_freq = (indicator @ binary).toarray()  # letters of each class containing each term
    total = doc_freq.sum(axis=0)
    for row, label in enumerate(present):
        positive = doc_freq[row] + _NB_ALPHA
        negative = total - doc_freq[row] + _NB_ALPHA
        ratio = np.log((positive / positive.sum()) / (negative / negative.sum()))
        nb = LinearSVC(C=_SVC_C, tol=_SVC_TOL, dual=True, random_state=random_state)
        scaled = x.copy()
        scaled.data *= ratio[scaled.indices]
        nb.fit(scaled, y == label)
        coef[label] = _SVC_SHARE * svc_coef[row] + (1 - _SVC_SHARE) * nb.coef_[0] * ratio
        intercept[label] = _SVC_SHARE * svc_intercept[row] + (1 - _SVC_SHARE) * nb.intercept_[0]
    return coef.astype(np.float32), intercept


def _fit_temperature(scores: np.ndarray, y: np.ndarray) -> float:
    """Scale `a` minimising the log loss of softmax(a * scores) (temperature scaling)."""
    rows = np.arange(y.size)

    def loss(log_scale: float) -> float:
        return float(-log_softmax(math.exp(log_scale) * scores, axis=1)[rows, y].mean())

    result = minimize_scalar(loss, bounds=(-4.0, 6.0), method="bounded")
    return math.exp(float(result.x))


def choose_threshold(
    confidence: np.ndarray, correct: np.ndarray, target_precision: float
) -> float | None:
    """Lowest confidence threshold whose auto-dispatched set keeps `target_precision`.

    Among all cut-offs t (at distinct confidence values, ties kept together), take the one
    covering the most letters (confidence >= t) whose precision is >= target_precision.
    None when no cut-off reaches the target: then nothing is dispatched automatically.
    """
    order = np.argsort(-confidence, kind="stable")
    sorted_conf = confidence[order]
    precision = np.cumsum(correct[order]) / np.arange(1, order.size + 1)
    last_of_tie = np.append(sorted_conf[1:] < sorted_conf[:-1], True)
    feasible = np.flatnonzero(last_of_tie & (precision >= target_precision))
    if feasible.size == 0:
        return None
    return float(sorted_conf[feasible[-1]])


def _group_folds(
    texts: Sequence[str], y: np.ndarray, n_splits: int, random_state: int
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Stratified folds that keep duplicate letters (see `dedup_key`) in the same fold."""
    keys: dict[str, int] = {}
    groups = np.array([keys.setdefault(dedup_key(t), len(keys)) for t in texts])
    # scikit-learn refuses more folds than the largest class has letters
    n_splits = min(n_splits, len(keys), int(np.bincount(y).max()))
    if n_splits < 2:
        raise DataError(
            "交叉验证至少需要一个类别有两条不同的信件 "
            "(cross-validation needs a label with at least two distinct letters)"
        )
    splitter = StratifiedGroupKFold(n_splits=n_splits, shuffle=True, random_state=random_state)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="The least populated class", category=UserWarning)
        return [(tr, te) for tr, te in splitter.split(np.zeros(y.size), y, groups)]


def _metrics(proba: np.ndarray, y: np.ndarray, auto: np.ndarray) -> dict[str, float]:
    """Quality figures of probability rows `proba` against integer labels `y`.

    `auto` marks the letters whose top-1 probability reached the auto-dispatch threshold;
    `precision_auto` is 0.0 when there are none.
    """
    predicted = proba.argmax(axis=1)
    top_k = np.argsort(-proba, axis=1)[:, :3]
    correct = predicted == y
    return {
        "macro_f1": float(f1_score(y, predicted, average="macro", zero_division=0)),
        "accuracy": float(accuracy_score(y, predicted)),
        "top3_accuracy": float((top_k == y[:, None]).any(axis=1).mean()),
        "coverage_at_precision": float(auto.mean()),
        "precision_auto": float(correct[auto].mean()) if auto.any() else 0.0,
    }


# ---------------------------------------------------------------------------------- model


@dataclass
class _Prepared:
    """Letters after normalisation and segmentation (done once, reused across folds)."""

    texts: list[str]
    tokens: list[list[str]]

    @classmethod
    def of(cls, texts: Sequence[str], segmenter: Segmenter) -> _Prepared:
        norm_texts = [normalize_text(t) for t in texts]
        return cls(norm_texts, [segmenter.cut(t) for t in norm_texts])

    def subset(self, rows: Iterable[int]) -> _Prepared:
        picked = list(rows)
        return _Prepared([self.texts[i] for i in picked], [self.tokens[i] for i in picked])


@dataclass
class _Replies:
    """The non-empty replies of a training set, prepared, with the row of their letter."""

    data: _Prepared
    letter_rows: np.ndarray

    @classmethod
    def of(cls, replies: Sequence[str] | None, segmenter: Segmenter) -> _Replies:
        rows = [i for i, reply in enumerate(replies or ()) if reply.strip()]
        picked = [replies[i][:_REPLY_CHARS] for i in rows] if replies is not None else []
        return cls(_Prepared.of(picked, segmenter), np.array(rows, dtype=np.intp))

    def subset(self, letter_rows: Sequence[int]) -> _Replies:
        """Replies of the given letters, their letter rows renumbered as in `letter_rows`."""
        position = {row: k for k, row in enumerate(letter_rows)}
        keep = [j for j, row in enumerate(self.letter_rows.tolist()) if row in position]
        return _Replies(
            self.data.subset(keep),
            np.array([position[int(self.letter_rows[j])] for j in keep], dtype=np.intp),
        )


@dataclass
class _State:
    """Fitted parts needed for prediction (pickled into the artifact)."""

    vocabulary: _Vocabulary
    word_idf: np.ndarray
    char_idf: np.ndarray
    coef_t: np.ndarray  # n_features x n_classes, C-contiguous float32
    intercept: np.ndarray
    scale: float  # temperature scaling factor applied to the margins


class RouterModel:
    """Calibrated text classifier that suggests categories or departments for letters.

    `metadata` is JSON-able: format and engine versions, labels, threshold, target
    precision, out-of-fold metrics, training-data fingerprint, creation time, the segmenter's
    extra words and the user dictionary's SHA-256.
    """

    def __init__(
        self, state: _State, metadata: dict[str, Any], segmenter: Segmenter | None = None
    ) -> None:
        self._state = state
        self.metadata = metadata
        self._segmenter = segmenter

    # -- training ----------------------------------------------------------------------

    @classmethod
    def train(
        cls,
        texts: Sequence[str],
        labels: Sequence[str],
        *,
        replies: Sequence[str] | None = None,
        target_precision: float = 0.95,
        min_auto_probability: float = 0.0,
        random_state: int = 0,
        segmenter: Segmenter | None = None,
        n_jobs: int = -1,
    ) -> RouterModel:
        """Fit on the letters and fix calibration and threshold from out-of-fold predictions.

        `replies`, parallel to `texts` ("" where a letter has none), are extra training
        examples for their letter's label, in that letter's fold (see the module docstring).

        An internal stratified, duplicate-grouped cross-validation (`_INNER_FOLDS` folds)
        yields margins for every training letter from a model that did not see it. They fit
        the temperature, choose the auto-dispatch threshold (`choose_threshold`) and give the
        stored metrics; `coverage_effective` and `precision_effective` are those at
        max(threshold, `min_auto_probability`), the floor the desk applies on top. The final model is then fitted on all letters. `n_jobs` threads fit
        the folds in parallel; liblinear's random generator is process-wide, so training is
        bit-for-bit reproducible only with n_jobs=1. Labels are stripped; empty texts or
        labels raise DataError.
        """
        if len(texts) != len(labels):
            raise DataError(f"texts and labels differ in length: {len(texts)} != {len(labels)}")
        if replies is not None and len(replies) != len(texts):
            raise DataError(f"texts and replies differ in length: {len(texts)} != {len(replies)}")
        seg = segmenter or get_segmenter()
        return cls._fit(
            _Prepared.of(texts, seg),
            [label.strip() for label in labels],
            fingerprint(texts, labels, replies),
            seg,
            replies=_Replies.of(replies, seg),
            target_precision=target_precision,
            min_auto_probability=min_auto_probability,
            random_state=random_state,
            n_jobs=n_jobs,
        )

    @classmethod
    def _fit(
        cls,
        data: _Prepared,
        labels: list[str],
        data_fingerprint: str,
        segmenter: Segmenter,
        *,
        replies: _Replies,
        target_precision: float,
        random_state: int,
        n_jobs: int,
        min_auto_probability: float = 0.0,
    ) -> RouterModel:
        if not 0.0 < target_precision <= 1.0:
            raise ValueError(f"target_precision must be in (0, 1], got {target_precision}")
        if not all(data.texts) or not all(labels):
            raise DataError("训练数据含空文本或空标签 (empty text or label in training data)")
        classes = sorted(set(labels))
        if len(classes) < 2:
            raise DataError("至少需要两个类别 (need at least two classes)")
        y = np.searchsorted(np.array(classes), np.array(labels))
        # Rows 0..n-1 of the count matrices are the letters, the rest their replies.
        n_letters = y.size
        y_rows = np.concatenate([y, y[replies.letter_rows]])
        vocabulary, word_counts, char_counts = _Vocabulary.fit(
            data.texts + replies.data.texts, data.tokens + replies.data.tokens
        )
        folds = _group_folds(data.texts, y, _INNER_FOLDS, random_state)

        def fit_fold(
            letter_rows: np.ndarray, test_rows: np.ndarray | None
        ) -> tuple[np.ndarray | None, tuple[np.ndarray, ...]]:
            reply_rows = n_letters + np.flatnonzero(np.isin(replies.letter_rows, letter_rows))
            train_rows = np.concatenate([letter_rows, reply_rows])
            word_train, char_train = word_counts[train_rows], char_counts[train_rows]
            word_idf, char_idf = _idf(word_train), _idf(char_train)
            x_train = _features(word_train, char_train, word_idf, char_idf).astype(np.float64)
            coef, intercept = _fit_linear(x_train, y_rows[train_rows], len(classes), random_state)
            if test_rows is None:
                return None, (coef, intercept, word_idf, char_idf)
            x_test = _features(word_counts[test_rows], char_counts[test_rows], word_idf, char_idf)
            return x_test @ coef.T + intercept, (coef, intercept, word_idf, char_idf)

        jobs = [*folds, (np.arange(y.size), None)]
        results = Parallel(n_jobs=n_jobs, prefer="threads")(
            delayed(fit_fold)(train_rows, test_rows) for train_rows, test_rows in jobs
        )
        oof = np.empty((y.size, len(classes)))
        for (_, test_rows), (scores, _) in zip(folds, results[:-1], strict=True):
            oof[test_rows] = scores
        scale = _fit_temperature(oof, y)
        oof_proba = softmax(scale * oof, axis=1)
        confidence = oof_proba.max(axis=1)
        threshold = choose_threshold(confidence, oof_proba.argmax(axis=1) == y, target_precision)
        auto = confidence >= (np.inf if threshold is None else threshold)
        metrics: dict[str, Any] = _metrics(oof_proba, y, auto)
        effective = auto & (confidence >= min_auto_probability)
        correct = oof_proba.argmax(axis=1) == y
        metrics["min_auto_probability"] = float(min_auto_probability)
        metrics["coverage_effective"] = float(effective.mean())
        metrics["precision_effective"] = (
            float(correct[effective].mean()) if effective.any() else 0.0
        )
        metrics["n_train"] = int(y.size)
        metrics["n_replies"] = int(replies.letter_rows.size)
        coef, intercept, word_idf, char_idf = results[-1][1]
        state = _State(
            vocabulary=vocabulary,
            word_idf=word_idf,
            char_idf=char_idf,
            coef_t=np.ascontiguousarray(coef.T),
            intercept=intercept,
            scale=scale,
        )
        metadata = {
            "format_version": ARTIFACT_FORMAT,
            "engine_version": ENGINE_VERSION,
            "labels": classes,
            "threshold": threshold,
            "target_precision": target_precision,
            "metrics": metrics,
            "fingerprint": data_fingerprint,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "random_state": random_state,
            "extra_words": list(segmenter.extra_words),
            "userdict_sha256": segmenter.userdict_sha256,
            "n_features": int(coef.shape[1]),
        }
        return cls(state, metadata, segmenter)

    # -- metadata accessors ------------------------------------------------------------

    @property
    def labels(self) -> list[str]:
        return list(self.metadata["labels"])

    @property
    def threshold(self) -> float | None:
        """Auto-dispatch threshold on the top-1 probability; None means never auto-dispatch."""
        threshold = self.metadata["threshold"]
        return None if threshold is None else float(threshold)

    @property
    def metrics(self) -> dict[str, float]:
        """Out-of-fold figures on the training data (see `_metrics`), plus n_train."""
        return dict(self.metadata["metrics"])

    @property
    def version(self) -> str:
        return str(self.metadata["engine_version"])

    @property
    def fingerprint(self) -> str:
        return str(self.metadata["fingerprint"])

    @property
    def created_at(self) -> str:
        return str(self.metadata["created_at"])

    # -- prediction --------------------------------------------------------------------

    @property
    def segmenter(self) -> Segmenter:
        """The model's segmenter; by default the shared one, given the model's extra words."""
        if self._segmenter is None:
            self._segmenter = get_segmenter()
            self._segmenter.add_words(self.metadata.get("extra_words", []))
        return self._segmenter

    def _proba(self, data: _Prepared) -> np.ndarray:
        state = self._state
        counts = state.vocabulary.counts(data.texts, data.tokens)
        x = _features(*counts, state.word_idf, state.char_idf)
        margins = np.asarray(x @ state.coef_t) + state.intercept
        proba: np.ndarray = softmax(state.scale * margins, axis=1)
        return proba

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """Probability rows (letters x labels, columns in `labels` order)."""
        return self._proba(_Prepared.of(texts, self.segmenter))

    def predict_top_batch(self, texts: Sequence[str], k: int = 3) -> list[list[tuple[str, float]]]:
        """Top-k (label, probability) pairs per letter, most probable first."""
        if not texts:
            return []
        proba = self.predict_proba(texts)
        order = np.argsort(-proba, axis=1, kind="stable")[:, : max(1, k)]
        labels = self.metadata["labels"]
        return [
            [(labels[j], float(row[j])) for j in idx] for row, idx in zip(proba, order, strict=True)
        ]

    def predict_top(self, text: str, k: int = 3) -> list[tuple[str, float]]:
        """Top-k (label, probability) pairs for one letter, most probable first."""
        return self.predict_top_batch([text], k)[0]

    def effective_threshold(self, floor: float = 0.0) -> float | None:
        """The top-1 probability needed to dispatch without a human: the stored threshold
        or `floor`, whichever is higher; None means never."""
        threshold = self.threshold
        return None if threshold is None else max(threshold, floor)

    def should_auto_dispatch(self, prob: float, floor: float = 0.0) -> bool:
        """True when a top-1 probability reaches the stored threshold and `floor`."""
        threshold = self.effective_threshold(floor)
        return threshold is not None and prob >= threshold

    # -- persistence -------------------------------------------------------------------

    def save(self, path: str | Path) -> None:
        """Write the artifact atomically: magic, JSON metadata (with payload SHA-256), pickle."""
        payload = pickle.dumps(self._state, protocol=pickle.HIGHEST_PROTOCOL)
        meta = dict(self.metadata, payload_sha256=hashlib.sha256(payload).hexdigest())
        meta_bytes = json.dumps(meta, ensure_ascii=False, sort_keys=True).encode("utf-8")
        target = Path(path)
        tmp = target.with_name(target.name + ".tmp")
        tmp.write_bytes(_MAGIC + _HEADER.pack(len(meta_bytes)) + meta_bytes + payload)
        tmp.replace(target)

    @staticmethod
    def read_metadata(path: str | Path) -> dict[str, Any]:
        """Metadata of an artifact (with `payload_sha256`), without unpickling the model."""
        return RouterModel._read(path)[0]

    @staticmethod
    def _read(path: str | Path) -> tuple[dict[str, Any], bytes]:
        data = Path(path).read_bytes()
        start = len(_MAGIC) + _HEADER.size
        if not data.startswith(_MAGIC) or len(data) < start:
            raise ArtifactError(f"不是路由模型文件 (not a router model artifact): {path}")
        (size,) = _HEADER.unpack_from(data, len(_MAGIC))
        try:
            meta = json.loads(data[start : start + size].decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ArtifactError(f"模型元数据损坏 (corrupt artifact metadata): {path}") from exc
        version = meta.get("format_version") if isinstance(meta, dict) else None
        if version != ARTIFACT_FORMAT:
            raise ArtifactError(
                f"不支持的模型格式版本 {version!r} (unsupported artifact format version "
                f"{version!r}; this engine reads version {ARTIFACT_FORMAT}): {path}"
            )
        return meta, data[start + size :]

    @classmethod
    def load(cls, path: str | Path, segmenter: Segmenter | None = None) -> RouterModel:
        """Read an artifact written by `save`; only load files this application wrote.

        The model's extra words are added to `segmenter` (by default the shared one, on
        first prediction) so that letters are segmented as in training.
        """
        meta, payload = cls._read(path)
        if hashlib.sha256(payload).hexdigest() != meta.get("payload_sha256"):
            raise ArtifactError(f"模型文件已损坏 (artifact payload checksum mismatch): {path}")
        state = pickle.loads(payload)  # noqa: S301 - own artifact, checksum verified
        if not isinstance(state, _State):
            raise ArtifactError(f"模型内容无效 (unexpected artifact payload): {path}")
        del meta["payload_sha256"]
        if segmenter is not None:
            segmenter.add_words(meta.get("extra_words", []))
        return cls(state, meta, segmenter)


# ------------------------------------------------------------------------------ evaluation


def evaluate(
    train_texts: Sequence[str],
    train_labels: Sequence[str],
    test_texts: Sequence[str] | None = None,
    test_labels: Sequence[str] | None = None,
    *,
    train_replies: Sequence[str] | None = None,
    target_precision: float = 0.95,
    folds: int = 5,
    random_state: int = 0,
) -> dict[str, float | int]:
    """Measure the router; returns the keys macro_f1, accuracy, top3_accuracy,
    coverage_at_precision, precision_auto, ms_per_letter, n_train and n_test.

    Without test data: stratified `folds`-fold cross-validation on the training letters with
    duplicates (see `dedup_key`) kept in one fold. Each fold trains a full `RouterModel`
    (threshold fixed from its training part only); predictions of all folds are pooled and
    n_train is the mean training-fold size. With test data: train on all training letters,
    measure on the test letters. `coverage_at_precision` is the share of test letters whose
    top-1 probability reaches the model's threshold, `precision_auto` the accuracy on those
    (0.0 if none). `ms_per_letter` times `predict_top` (normalisation, segmentation and all)
    one letter at a time on up to 200 test letters of the first model. `train_replies`
    (parallel to `train_texts`) only ever train: test letters are classified from their
    text alone, and in cross-validation a reply stays in its letter's fold.
    """
    if (test_texts is None) != (test_labels is None):
        raise ValueError("give both test_texts and test_labels, or neither")
    if train_replies is not None and len(train_replies) != len(train_texts):
        raise DataError(
            f"texts and replies differ in length: {len(train_texts)} != {len(train_replies)}"
        )
    segmenter = get_segmenter()
    labels = [label.strip() for label in train_labels]
    all_replies = _Replies.of(train_replies, segmenter)

    def train(rows: Sequence[int], data: _Prepared) -> RouterModel:
        return RouterModel._fit(
            data,
            [labels[i] for i in rows],
            fingerprint(
                [train_texts[i] for i in rows],
                [train_labels[i] for i in rows],
                None if train_replies is None else [train_replies[i] for i in rows],
            ),
            segmenter,
            replies=all_replies.subset(rows),
            target_precision=target_precision,
            random_state=random_state,
            n_jobs=-1,
        )

    prepared = _Prepared.of(train_texts, segmenter)
    runs: list[tuple[RouterModel, _Prepared, list[str], list[str]]] = []
    if test_texts is not None and test_labels is not None:
        if not test_texts:
            raise DataError("没有测试数据 (no test letters)")
        model = train(range(len(labels)), prepared)
        test_data = _Prepared.of(test_texts, segmenter)
        runs.append((model, test_data, list(test_texts), [t.strip() for t in test_labels]))
        n_train = len(labels)
    else:
        classes = np.unique(labels)
        splits = _group_folds(prepared.texts, np.searchsorted(classes, labels), folds, random_state)
        for train_rows, test_rows in splits:
            runs.append(
                (
                    train(train_rows.tolist(), prepared.subset(train_rows)),
                    prepared.subset(test_rows),
                    [train_texts[i] for i in test_rows],
                    [labels[i] for i in test_rows],
                )
            )
        n_train = round(sum(len(labels) - len(run[2]) for run in runs) / len(runs))
    all_labels = sorted({label for run in runs for label in run[3]} | set(runs[0][0].labels))
    probas, truths, thresholds = [], [], []
    for model, data, _, ys in runs:
        proba = np.zeros((len(ys), len(all_labels)))
        proba[:, np.searchsorted(all_labels, model.labels)] = model._proba(data)
        probas.append(proba)
        truths.append(np.searchsorted(all_labels, ys))
        threshold = model.threshold
        thresholds.append(np.full(len(ys), np.inf if threshold is None else threshold))
    proba_all, y_all = np.vstack(probas), np.concatenate(truths)
    auto = proba_all.max(axis=1) >= np.concatenate(thresholds)
    metrics: dict[str, float | int] = dict(_metrics(proba_all, y_all, auto))
    model, _, raw_texts, _ = runs[0]
    sample = raw_texts[:_TIMING_SAMPLE]
    model.predict_top(sample[0])  # warm-up: first-call overheads
    start = time.perf_counter()
    for text in sample:
        model.predict_top(text)
    metrics["ms_per_letter"] = (time.perf_counter() - start) * 1000.0 / len(sample)
    metrics["n_train"] = int(n_train)
    metrics["n_test"] = int(y_all.size)
    return metrics
