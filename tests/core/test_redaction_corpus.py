"""Property tests: every generated type and written form of personal data is masked.

The items come from ``tests/core/redaction_corpus.py`` (generated values, real letter
sentences around them when the shared data folder is there).  Hypothesis runs
derandomised so that the suite gives the same answer on every run; ``bench/redaction.py``
measures recall on a larger sample.
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.redaction import KINDS, Hit, detect, redact
from tests.core import redaction_corpus as corpus

SETTINGS = settings(
    max_examples=80,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
DIGIT_RUN = re.compile(r"[0-9]{5,}")


def assert_masked(item: corpus.Item) -> list[Hit]:
    hits = detect(item.text, writer_name=item.writer_name, known_values=item.known_values)
    for hit in hits:
        assert hit.kind in KINDS
        assert item.text[hit.start : hit.end] == hit.text
        assert not DIGIT_RUN.search(hit.replacement), hit  # at most four digits in a row
    covering = [(hit.start, hit.end) for hit in hits if hit.kind == item.kind]
    for start, end in item.spans:
        for position in range(start, end):
            assert any(a <= position < b for a, b in covering), (item, hits)
    # The masked text passes the detector again (the publication gate runs it).
    public = redact(item.text, writer_name=item.writer_name, known_values=item.known_values)
    assert detect(public.text, writer_name=item.writer_name, known_values=item.known_values) == []
    return hits


@SETTINGS
@given(corpus.mobiles())
def test_mobiles_in_every_form(item: corpus.Item) -> None:
    assert_masked(item)


@SETTINGS
@given(corpus.landlines())
def test_landlines_in_every_form(item: corpus.Item) -> None:
    assert_masked(item)


@SETTINGS
@given(corpus.id_numbers())
def test_id_numbers_in_every_form(item: corpus.Item) -> None:
    assert_masked(item)


@SETTINGS
@given(corpus.bank_cards())
def test_bank_cards_in_every_form(item: corpus.Item) -> None:
    assert_masked(item)


@SETTINGS
@given(corpus.emails())
def test_emails_in_every_form(item: corpus.Item) -> None:
    assert_masked(item)


@SETTINGS
@given(corpus.qq_numbers())
def test_qq_numbers_in_every_form(item: corpus.Item) -> None:
    assert_masked(item)


@SETTINGS
@given(corpus.wechat_ids())
def test_wechat_ids_in_every_form(item: corpus.Item) -> None:
    assert_masked(item)


@SETTINGS
@given(corpus.plates())
def test_plates_in_every_form(item: corpus.Item) -> None:
    assert_masked(item)


@SETTINGS
@given(corpus.addresses())
def test_addresses_in_every_form(item: corpus.Item) -> None:
    assert_masked(item)


@SETTINGS
@given(corpus.writer_names())
def test_the_writers_name_anywhere(item: corpus.Item) -> None:
    assert_masked(item)


@SETTINGS
@given(corpus.known_values())
def test_known_values_in_other_written_forms(item: corpus.Item) -> None:
    assert_masked(item)


# Third parties: the bench measures recall on the full strategy (names from Faker's
# lists, some with rare surnames and odd characters, and bare names next to a verb);
# here every name after a role or before a title, made of common surnames and given
# names, must be masked.
SURNAMES = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "欧阳", "司马"]
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉林建国志"


@st.composite
def cued_third_parties(draw: st.DrawFn) -> corpus.Item:
    name = draw(st.sampled_from(SURNAMES)) + draw(st.text(alphabet=GIVEN, min_size=1, max_size=2))
    if draw(st.booleans()):
        prefix = draw(st.sampled_from(corpus.ROLES_BEFORE))
        suffix = draw(st.sampled_from(("也反映过", "，", "不管", "说")))
    else:
        prefix, suffix = "", draw(st.sampled_from(corpus.TITLES_AFTER))
    return draw(corpus._embedded((prefix, name, suffix), "third_party_name", "cued", "name"))


@SETTINGS
@given(cued_third_parties())
def test_third_party_names_next_to_a_role_or_title(item: corpus.Item) -> None:
    assert_masked(item)


def test_the_corpus_reads_real_letters_when_they_are_there() -> None:
    sentences = corpus.context_sentences()
    assert sentences
    if corpus.uses_real_data():
        assert len(sentences) > 10_000
