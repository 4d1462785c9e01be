"""Tests of the router's ML core on small synthetic letters written for these tests."""

from __future__ import annotations

import hashlib
import json
import random
import struct
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from routing.engine import (
    ARTIFACT_FORMAT,
    DEFAULT_USERDICT,
    ENGINE_VERSION,
    ArtifactError,
    DataError,
    RouterModel,
    Segmenter,
    choose_threshold,
    dedup_key,
    evaluate,
    fingerprint,
    get_segmenter,
    load_csv,
    load_csv_report,
    normalize_text,
)

PLACES = ["东湖街道", "青松社区", "南门小区", "桥西镇", "河滨新村", "北苑街道", "石桥社区"]
TOPICS = {
    "住房": [
        "公积金贷款迟迟办不下来",
        "物业公司乱收物业费",
        "拆迁补偿款一直没有发放",
        "小区电梯坏了半年没人修",
        "开发商逾期交房",
    ],
    "教育": [
        "孩子入学学位不够",
        "学区划片不合理",
        "幼儿园收费太高",
        "培训机构退费难",
        "学校食堂卫生差",
    ],
    "交通": [
        "公交线路太少出行不便",
        "路口红绿灯时间太短",
        "停车位被长期占用",
        "地铁站出口施工拥堵",
        "渣土车超速行驶",
    ],
}
OPENINGS = ["尊敬的领导：", "您好！", "领导好，", ""]
CLOSINGS = ["请尽快处理。", "希望相关部门重视。", "谢谢！", ""]


def make_letters(n_per_label: int, seed: int) -> tuple[list[str], list[str]]:
    """Synthetic letters: opening, place, one or two topic phrases, closing."""
    rng = random.Random(seed)
    texts, labels = [], []
    for label, phrases in TOPICS.items():
        for _ in range(n_per_label):
            body = "，".join(rng.sample(phrases, rng.choice([1, 2])))
            texts.append(
                f"{rng.choice(OPENINGS)}我住在{rng.choice(PLACES)}，{body}。{rng.choice(CLOSINGS)}"
            )
            labels.append(label)
    order = list(range(len(texts)))
    rng.shuffle(order)
    return [texts[i] for i in order], [labels[i] for i in order]


TRAIN_TEXTS, TRAIN_LABELS = make_letters(40, seed=1)
TEST_TEXTS, TEST_LABELS = make_letters(8, seed=2)


@pytest.fixture(scope="module")
def model() -> RouterModel:
    return RouterModel.train(TRAIN_TEXTS, TRAIN_LABELS, target_precision=0.95, random_state=0)


# ------------------------------------------------------------------------------ text helpers


def test_normalize_text_folds_width_whitespace_and_controls() -> None:
    assert normalize_text("  ＡＢＣ１２３\t\n小区\u3000物业\x00费 ") == "ABC123 小区 物业 费"


def test_dedup_key_ignores_case_width_spacing_and_punctuation() -> None:
    assert dedup_key("Ａ小区，物业！ 乱收费") == dedup_key("a小区物业乱收费") == "a小区物业乱收费"


def test_fingerprint_covers_replies_and_is_unchanged_without_any() -> None:
    plain = fingerprint(["甲", "乙"], ["住房", "教育"])
    assert fingerprint(["甲", "乙"], ["住房", "教育"], ["", ""]) == plain
    with_reply = fingerprint(["甲", "乙"], ["住房", "教育"], ["", "已答复"])
    expected = hashlib.sha256("甲\x1f住房\x1e乙\x1f教育\x1d已答复\x1e".encode()).hexdigest()
    assert with_reply == expected != plain


def test_fingerprint_is_sha256_of_pairs_and_sensitive_to_labels() -> None:
    expected = hashlib.sha256("甲\x1f住房\x1e乙\x1f教育\x1e".encode()).hexdigest()
    assert fingerprint(["甲", "乙"], ["住房", "教育"]) == expected
    assert fingerprint(["甲", "乙"], ["住房", "交通"]) != expected


# ------------------------------------------------------------------------------- segmenter


@pytest.fixture(scope="module")
def plain_segmenter() -> Segmenter:
    return Segmenter(userdict=None)


def test_user_dictionary_lines_are_word_freq_tag() -> None:
    lines = [line for line in DEFAULT_USERDICT.read_text("utf-8").splitlines() if line.strip()]
    assert len(lines) > 200
    for line in lines:
        word, freq, tag = line.split(" ")
        assert word
        assert freq.isdigit()
        assert tag.isalpha()


def test_segmenter_uses_user_dictionary(plain_segmenter: Segmenter) -> None:
    text = "我想咨询住房公积金管理中心和卫健委的办理时间"
    assert "住房公积金管理中心" not in plain_segmenter.cut(text)
    tokens = get_segmenter().cut(text)
    assert "住房公积金管理中心" in tokens
    assert "卫健委" in tokens
    assert (
        get_segmenter().userdict_sha256 == hashlib.sha256(DEFAULT_USERDICT.read_bytes()).hexdigest()
    )


def test_segmenter_drops_whitespace_and_search_mode_adds_subwords() -> None:
    seg = get_segmenter()
    assert seg.cut("小区  物业") == ["小区", "物业"]
    search = seg.cut_for_search("住房公积金管理中心")
    assert "住房公积金管理中心" in search
    assert "公积金" in search


def test_add_words_at_runtime(plain_segmenter: Segmenter) -> None:
    text = "翠微湾街道办事处门口积水"
    assert "翠微湾街道办事处" not in plain_segmenter.cut(text)
    assert plain_segmenter.add_words(["翠微湾街道办事处", " ", "翠微湾街道办事处"]) == 1
    assert plain_segmenter.add_words(["翠微湾街道办事处"]) == 0
    assert "翠微湾街道办事处" in plain_segmenter.cut(text)
    assert plain_segmenter.extra_words == ("翠微湾街道办事处",)


def test_segmenter_does_not_guess_unknown_words(plain_segmenter: Segmenter) -> None:
    # jieba's HMM would glue the unknown 杭研 into one word; the router keeps single characters
    # (character n-grams cover unknown words, and segmentation is twice as fast).
    assert plain_segmenter.cut("他来到了网易杭研大厦") == [
        "他",
        "来到",
        "了",
        "网易",
        "杭",
        "研",
        "大厦",
    ]


def test_get_segmenter_is_a_singleton() -> None:
    assert get_segmenter() is get_segmenter()


# ------------------------------------------------------------------------------------- CSV


def write_csv(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8-sig")
    return path


def test_load_csv_joins_columns_strips_labels_and_reports_skipped(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "a.csv",
        "title,body,category\n"
        "小区停水,三天没有水,住房\n"
        ",只有正文,\t教育 \n"
        ",,交通\n"
        '标题,"多行\n正文",\t\n',
    )
    loaded = load_csv_report(path, ["title", "body"], "category")
    assert loaded.texts == ["小区停水\n三天没有水", "只有正文"]
    assert loaded.labels == ["住房", "教育"]
    assert loaded.skipped_lines == [4, 6]
    assert load_csv(path, ["title", "body"], "category") == (loaded.texts, loaded.labels)


def test_load_csv_reads_the_replies_of_usable_rows_only(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "r.csv",
        "body,category,reply\n"
        "小区停水,住房, 已联系供水公司抢修 \n"
        "没有类别,,不会读到\n"
        "学位不够,教育,\n",
    )
    loaded = load_csv_report(path, ["body"], "category", "reply")
    assert loaded.texts == ["小区停水", "学位不够"]
    assert loaded.replies == ["已联系供水公司抢修", ""]
    assert loaded.skipped_lines == [3]
    assert load_csv_report(path, ["body"], "category").replies is None
    with pytest.raises(DataError, match="缺少列: answer"):
        load_csv_report(path, ["body"], "category", "answer")


def test_load_csv_missing_column(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "b.csv", "body,category\n正文,住房\n")
    with pytest.raises(DataError, match="缺少列: title"):
        load_csv(path, ["title", "body"], "category")


def test_load_csv_without_usable_rows(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "c.csv", "body,category\n,住房\n正文,\n")
    with pytest.raises(DataError, match="没有可用的行"):
        load_csv(path, ["body"], "category")


# ------------------------------------------------------------------------------- threshold


def test_choose_threshold_exact_values() -> None:
    conf = np.array([0.9, 0.8, 0.7, 0.6, 0.5])
    correct = np.array([True, True, False, True, False])
    assert choose_threshold(conf, correct, 0.75) == 0.6  # 3 of the top 4 right
    assert choose_threshold(conf, correct, 0.8) == 0.8  # 2 of 2; 3 of 4 is too few
    assert choose_threshold(conf, correct, 0.6) == 0.5  # 3 of 5
    assert choose_threshold(conf[::-1], correct[::-1], 0.75) == 0.6  # order does not matter


def test_choose_threshold_keeps_ties_together_and_can_refuse() -> None:
    conf = np.array([0.9, 0.9, 0.5])
    assert choose_threshold(conf, np.array([True, False, True]), 1.0) is None
    assert choose_threshold(conf, np.array([True, False, True]), 0.5) == 0.5
    assert choose_threshold(np.array([0.7]), np.array([False]), 0.95) is None


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from([0.2, 0.4, 0.5, 0.6, 0.8, 0.9, 1.0]), st.booleans()),
        min_size=1,
        max_size=40,
    ),
    st.sampled_from([0.5, 0.8, 0.95, 1.0]),
)
def test_choose_threshold_is_feasible_and_maximal(
    pairs: list[tuple[float, bool]], target: float
) -> None:
    conf = np.array([c for c, _ in pairs])
    correct = np.array([ok for _, ok in pairs])

    def precision(t: float) -> float:
        return float(correct[conf >= t].mean())

    threshold = choose_threshold(conf, correct, target)
    feasible = [t for t in np.unique(conf) if precision(t) >= target]
    if threshold is None:
        assert feasible == []
    else:
        assert precision(threshold) >= target
        assert threshold == min(feasible)


# ----------------------------------------------------------------------------------- model


def test_training_metadata(model: RouterModel) -> None:
    meta = model.metadata
    assert model.labels == ["交通", "住房", "教育"]
    assert meta["format_version"] == ARTIFACT_FORMAT
    assert model.version == ENGINE_VERSION
    assert model.fingerprint == fingerprint(TRAIN_TEXTS, TRAIN_LABELS)
    assert meta["target_precision"] == 0.95
    assert model.created_at.endswith("+00:00")
    assert set(model.metrics) == {
        "macro_f1",
        "accuracy",
        "top3_accuracy",
        "coverage_at_precision",
        "precision_auto",
        "min_auto_probability",
        "coverage_effective",
        "precision_effective",
        "n_train",
        "n_replies",
    }
    # Without a floor the effective figures are those at the stored threshold.
    assert model.metrics["min_auto_probability"] == 0.0
    assert model.metrics["coverage_effective"] == model.metrics["coverage_at_precision"]
    assert model.metrics["precision_effective"] == model.metrics["precision_auto"]
    assert model.metrics["n_train"] == len(TRAIN_TEXTS)
    assert model.metrics["n_replies"] == 0
    json.dumps(meta)  # JSON-able


def test_threshold_keeps_target_precision_on_out_of_fold_predictions(model: RouterModel) -> None:
    metrics = model.metrics
    assert model.threshold is not None
    assert metrics["coverage_at_precision"] > 0.5
    assert metrics["precision_auto"] >= 0.95
    assert metrics["accuracy"] >= 0.9
    assert metrics["top3_accuracy"] == 1.0  # three labels


def test_predictions_are_ranked_probabilities(model: RouterModel) -> None:
    top = model.predict_top("您好，我住在南门小区，物业公司乱收物业费，请尽快处理。", k=3)
    assert top[0][0] == "住房"
    probs = [p for _, p in top]
    assert probs == sorted(probs, reverse=True)
    assert sum(probs) == pytest.approx(1.0)
    assert len(model.predict_top("孩子入学学位不够", k=1)) == 1
    assert model.predict_top("孩子入学学位不够", k=1)[0][0] == "教育"
    assert model.predict_top_batch([]) == []
    batch = model.predict_top_batch(TEST_TEXTS[:5], k=2)
    assert batch == [model.predict_top(t, k=2) for t in TEST_TEXTS[:5]]


def test_held_out_synthetic_letters_are_routed(model: RouterModel) -> None:
    predicted = [top[0][0] for top in model.predict_top_batch(TEST_TEXTS, k=1)]
    accuracy = np.mean([p == t for p, t in zip(predicted, TEST_LABELS, strict=True)])
    assert accuracy >= 0.9


def test_should_auto_dispatch_uses_threshold(model: RouterModel) -> None:
    threshold = model.threshold
    assert threshold is not None
    assert model.should_auto_dispatch(threshold)
    assert model.should_auto_dispatch(1.0)
    assert not model.should_auto_dispatch(np.nextafter(threshold, 0.0))
    never = RouterModel(model._state, {**model.metadata, "threshold": None})
    assert not never.should_auto_dispatch(1.0)


def test_save_load_round_trip(model: RouterModel, tmp_path: Path) -> None:
    path = tmp_path / "router.bin"
    model.save(path)
    loaded = RouterModel.load(path)
    assert loaded.metadata == model.metadata
    assert np.array_equal(loaded.predict_proba(TEST_TEXTS), model.predict_proba(TEST_TEXTS))
    assert loaded.predict_top_batch(TEST_TEXTS) == model.predict_top_batch(TEST_TEXTS)
    meta = RouterModel.read_metadata(path)
    assert meta["fingerprint"] == model.fingerprint
    assert len(meta["payload_sha256"]) == 64


def artifact_with_metadata(path: Path, meta: dict[str, object], payload: bytes = b"") -> Path:
    raw = json.dumps(meta).encode()
    path.write_bytes(b"ZMHD-ROUTER\n" + struct.pack(">I", len(raw)) + raw + payload)
    return path


def test_load_rejects_unknown_format_version(tmp_path: Path) -> None:
    path = artifact_with_metadata(tmp_path / "future.bin", {"format_version": 99})
    with pytest.raises(ArtifactError, match="format version 99"):
        RouterModel.load(path)


def test_load_rejects_other_files_and_corruption(model: RouterModel, tmp_path: Path) -> None:
    other = tmp_path / "other.bin"
    other.write_bytes(b"PK\x03\x04 not a model")
    with pytest.raises(ArtifactError, match="not a router model artifact"):
        RouterModel.load(other)
    path = tmp_path / "router.bin"
    model.save(path)
    data = bytearray(path.read_bytes())
    data[-10] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(ArtifactError, match="checksum"):
        RouterModel.load(path)


def test_training_is_deterministic_in_one_thread() -> None:
    texts, labels = TRAIN_TEXTS[:45], TRAIN_LABELS[:45]
    first = RouterModel.train(texts, labels, random_state=3, n_jobs=1)
    second = RouterModel.train(texts, labels, random_state=3, n_jobs=1)
    assert np.array_equal(first.predict_proba(TEST_TEXTS), second.predict_proba(TEST_TEXTS))
    assert first.threshold == second.threshold


@pytest.mark.parametrize(
    ("texts", "labels", "message"),
    [
        (["甲", "乙"], ["住房"], "differ in length"),
        (["小区停水", "学位不够"], ["住房", "住房"], "two classes"),
        (["小区停水", "  "], ["住房", "教育"], "empty text"),
        (["小区停水", "学位不够"], ["住房", " "], "empty text or label"),
    ],
)
def test_train_rejects_unusable_data(texts: list[str], labels: list[str], message: str) -> None:
    with pytest.raises(DataError, match=message):
        RouterModel.train(texts, labels)


# ------------------------------------------------------------------------------ evaluation

EVALUATE_KEYS = {
    "macro_f1",
    "accuracy",
    "top3_accuracy",
    "coverage_at_precision",
    "precision_auto",
    "ms_per_letter",
    "n_train",
    "n_test",
}


def test_evaluate_cross_validation() -> None:
    texts, labels = make_letters(20, seed=5)
    texts += texts[:6]  # exact duplicates must stay in one fold
    labels += labels[:6]
    metrics = evaluate(texts, labels, folds=3)
    assert set(metrics) == EVALUATE_KEYS
    assert metrics["n_test"] == len(texts)
    assert metrics["n_train"] == round(len(texts) * 2 / 3)
    assert metrics["macro_f1"] >= 0.8
    assert 0.0 <= metrics["coverage_at_precision"] <= 1.0
    assert metrics["ms_per_letter"] > 0.0


def test_evaluate_with_test_data() -> None:
    metrics = evaluate(TRAIN_TEXTS, TRAIN_LABELS, TEST_TEXTS, TEST_LABELS)
    assert set(metrics) == EVALUATE_KEYS
    assert (metrics["n_train"], metrics["n_test"]) == (len(TRAIN_TEXTS), len(TEST_TEXTS))
    assert metrics["accuracy"] >= 0.9
    assert metrics["top3_accuracy"] == 1.0
    assert isinstance(metrics["n_train"], int)
    with pytest.raises(ValueError, match="both"):
        evaluate(TRAIN_TEXTS, TRAIN_LABELS, TEST_TEXTS)


# Replies of the 住房 letters talk about 维修资金, a word no letter uses.
HOUSING_REPLY = "经查，该小区可申请使用住宅专项维修资金，请业委会向住建局维修资金窗口提交申请。"
QUESTION = "住宅专项维修资金怎么申请使用"


def replies_for(labels: list[str]) -> list[str]:
    return [HOUSING_REPLY if label == "住房" else "" for label in labels]


def test_replies_teach_the_model_words_only_replies_use() -> None:
    replies = replies_for(TRAIN_LABELS)
    plain = RouterModel.train(TRAIN_TEXTS, TRAIN_LABELS, random_state=0, n_jobs=1)
    taught = RouterModel.train(TRAIN_TEXTS, TRAIN_LABELS, replies=replies, random_state=0, n_jobs=1)

    assert not any("维修资金" in text for text in TRAIN_TEXTS)
    assert taught.predict_top(QUESTION)[0][0] == "住房"
    housing = taught.labels.index("住房")
    assert (
        taught.predict_proba([QUESTION])[0, housing] > plain.predict_proba([QUESTION])[0, housing]
    )
    # Replies train only: the letters are still what is counted and measured.
    assert taught.metrics["n_train"] == plain.metrics["n_train"] == len(TRAIN_TEXTS)
    assert taught.metrics["n_replies"] == TRAIN_LABELS.count("住房") == 40
    assert taught.fingerprint == fingerprint(TRAIN_TEXTS, TRAIN_LABELS, replies)
    assert taught.fingerprint != plain.fingerprint


def test_empty_replies_train_the_same_model_as_none() -> None:
    texts, labels = make_letters(10, seed=7)
    plain = RouterModel.train(texts, labels, random_state=0, n_jobs=1)
    empty = RouterModel.train(texts, labels, replies=[""] * len(texts), random_state=0, n_jobs=1)
    assert empty.metadata["fingerprint"] == plain.metadata["fingerprint"]
    assert np.array_equal(empty.predict_proba(TEST_TEXTS), plain.predict_proba(TEST_TEXTS))
    assert empty.metrics == plain.metrics


def test_replies_must_match_the_letters() -> None:
    with pytest.raises(DataError, match="texts and replies differ in length: 120 != 1"):
        RouterModel.train(TRAIN_TEXTS, TRAIN_LABELS, replies=["答复"])
    with pytest.raises(DataError, match="texts and replies differ in length: 120 != 1"):
        evaluate(TRAIN_TEXTS, TRAIN_LABELS, train_replies=["答复"])


def test_evaluate_with_replies_measures_letters_only() -> None:
    texts, labels = make_letters(20, seed=5)
    plain = evaluate(texts, labels, folds=3)
    metrics = evaluate(texts, labels, train_replies=replies_for(labels), folds=3)
    assert set(metrics) == EVALUATE_KEYS
    assert (
        (metrics["n_train"], metrics["n_test"]) == (plain["n_train"], plain["n_test"]) == (40, 60)
    )
    held_out = evaluate(
        TRAIN_TEXTS, TRAIN_LABELS, [QUESTION], ["住房"], train_replies=replies_for(TRAIN_LABELS)
    )
    assert (held_out["n_test"], held_out["accuracy"]) == (1, 1.0)


def test_evaluate_on_tiny_data_uses_fewer_folds_or_refuses() -> None:
    texts = ["小区物业乱收费", "学校学位不够", "物业费太高", "幼儿园收费高", "电梯坏了", "学区划片"]
    labels = ["住房", "教育"] * 3
    metrics = evaluate(texts, labels, folds=5)  # three letters per label: three folds
    assert metrics["n_test"] == 6
    assert metrics["n_train"] == 4
    with pytest.raises(DataError, match="at least two distinct letters"):
        evaluate(["甲", "乙"], ["住房", "教育"])
