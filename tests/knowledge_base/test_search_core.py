"""Knowledge-base search core on both backends, with a small corpus written for the tests.

PostgreSQL tests use KB_TEST_POSTGRES_DSN, else DATABASE_URL when it names PostgreSQL,
else the local server; they are skipped only when no server answers.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from knowledge_base.search_backends import (
    PostgresBackend,
    SearchBackend,
    SQLiteFTS5Backend,
    validate_table_name,
)
from knowledge_base.search_core import (
    BIGRAM,
    CHAR,
    Document,
    build_query,
    build_synonym_map,
    char_lengths,
    normalize,
    segment,
    text_counts,
    tokenize,
)

TABLE = "kbtest_core"

CORPUS = [
    Document(
        1,
        "住房公积金怎么提取？",
        "公积金 提取",
        "职工购买自住住房、退休或者租房，可以申请提取住房公积金账户余额，需要携带身份证和相关证明材料到管理中心柜台办理，也可以在网上办理。",
    ),
    Document(
        2,
        "公积金贷款额度是多少",
        "公积金 贷款 额度",
        "公积金贷款最高额度与缴存年限和账户余额有关，首套住房最高可贷一百二十万元。",
    ),
    Document(
        3,
        "离职后公积金账户如何转移",
        "",
        "与原单位解除劳动关系后，新单位开户缴存时可以办理账户转移，异地转入需要通过全国转移接续平台申请。",
    ),
    Document(
        4,
        "门诊费用怎样报销",
        "报销 门诊",
        "参加城镇职工医疗保险的人员，在定点医院门诊就医后，超过起付线的部分按比例报销，持社保卡直接结算。",
    ),
    Document(
        5,
        "异地就医需要备案吗",
        "异地就医 备案",
        "参保人员跨省异地就医前应当办理备案手续，可以通过国家医保服务平台或者当地经办机构申请。",
    ),
    Document(
        6,
        "新生儿如何参加医疗保险",
        "新生儿 参保",
        "新生儿在出生后三个月内办理参保登记的，自出生之日起享受城乡居民医疗保险待遇。",
    ),
    Document(
        7,
        "户口迁入需要哪些材料",
        "户籍 迁入 落户",
        "申请户口迁入应当提交居民户口簿、居民身份证、房屋产权证明或者工作单位证明，到派出所户籍窗口办理。",
    ),
    Document(
        8,
        "集体户口怎么开具户籍证明",
        "户籍证明 集体户",
        "集体户口人员可以由单位经办人持单位介绍信到派出所开具户籍证明。",
    ),
    Document(
        9,
        "身份证丢失怎么补办",
        "身份证 补办",
        "居民身份证丢失后，本人携带户口簿到户籍所在地派出所申请补领，一般二十个工作日内可以领取新证。",
    ),
    Document(
        10,
        "学区是怎么划分的",
        "学区 划片 入学",
        "义务教育学校实行划片招生，学区范围由区教育局根据学校分布和适龄儿童数量每年公布。",
    ),
    Document(
        11,
        "随迁子女入学需要什么条件",
        "随迁子女 入学",
        "非本市户籍适龄儿童入学，监护人应当提供居住证、就业证明和实际居住证明，向居住地学校提出申请。",
    ),
    Document(
        12,
        "小学入学报名时间",
        "入学 报名",
        "每年五月中旬开始网上报名，家长登录入学服务平台填报信息，六月公布录取结果。",
    ),
    Document(
        13,
        "物业费收费标准是什么",
        "物业费 收费标准",
        "普通住宅物业服务收费实行政府指导价，具体标准按照服务等级确定，业主可以向区发展改革委咨询。",
    ),
    Document(
        14,
        "物业公司不作为怎么投诉",
        "物业 投诉",
        "业主对物业服务不满意的，可以先与物业服务企业协商，协商不成可以向街道办事处或者住房和城乡建设部门投诉。",
    ),
    Document(
        15,
        "小区电梯维修资金怎么使用",
        "维修资金 电梯",
        "住宅专项维修资金用于共用部位和共用设施设备的维修，使用前需要经业主大会表决通过。",
    ),
    Document(
        16,
        "营业执照怎么办理",
        "营业执照 注册",
        "申请人可以登录企业开办一网通办平台提交设立登记申请，材料齐全的当天发放营业执照。",
    ),
    Document(
        17,
        "养老保险缴费年限",
        "养老保险 缴费",
        "参加基本养老保险的个人，达到法定退休年龄时累计缴费满十五年的，按月领取基本养老金。",
    ),
    Document(
        18,
        "失业金如何申领",
        "失业保险 失业金",
        "失业人员到公共就业服务机构办理失业登记后，可以申领失业保险金，领取期限与缴费时间有关。",
    ),
    Document(
        19,
        "噪音扰民向哪里反映",
        "噪音 扰民",
        "夜间施工噪音扰民可以拨打市民服务热线，也可以向生态环境部门举报。",
    ),
    Document(
        20,
        "公交线路调整在哪里查询",
        "公交 线路",
        "公交线路调整信息会提前在公交集团官方网站和站台公告栏发布。",
    ),
    Document(
        21, "就医结算问题", "", "使用医保电子凭证可以在定点医药机构扫码结算，不需要携带实体社保卡。"
    ),
]

SYNONYMS = build_synonym_map([["医保", "医疗保险"], ["公积金", "住房公积金"], ["户口", "户籍"]])

QUERIES = [
    "公积金提取",
    "住房公积金贷款能贷多少",
    "医保报销",
    "异地就医备案",
    "户口迁移材料",
    "孩子上学学区划分",
    "物业费标准",
    "电梯坏了维修资金",
    "身份证掉了",
    "失业保险金",
]


def _postgres_dsn() -> str:
    explicit = os.environ.get("KB_TEST_POSTGRES_DSN")
    if explicit:
        return explicit
    database_url = os.environ.get("DATABASE_URL", "")
    if database_url.startswith(("postgres://", "postgresql://")):
        return database_url
    return "postgresql://root@127.0.0.1:5432/test"


@pytest.fixture(scope="module")
def pg_connection() -> Iterator[Any]:
    psycopg = pytest.importorskip("psycopg")
    try:
        connection = psycopg.connect(_postgres_dsn(), connect_timeout=3)
    except psycopg.OperationalError as error:
        pytest.skip(f"PostgreSQL is unreachable: {error}")
    yield connection
    connection.close()


def _sqlite_backend() -> SQLiteFTS5Backend:
    return SQLiteFTS5Backend(sqlite3.connect(":memory:"))


@pytest.fixture
def sqlite_index() -> SQLiteFTS5Backend:
    backend = _sqlite_backend()
    backend.create_index(TABLE)
    backend.add_documents(TABLE, CORPUS)
    return backend


@pytest.fixture
def pg_index(pg_connection: Any) -> Iterator[PostgresBackend]:
    backend = PostgresBackend(pg_connection)
    backend.create_index(TABLE, temporary=True)
    backend.add_documents(TABLE, CORPUS)
    yield backend
    pg_connection.rollback()  # the temporary tables were created in this transaction


@pytest.fixture(params=["sqlite", "pg"])
def index(request: pytest.FixtureRequest) -> SearchBackend:
    backend: SearchBackend = request.getfixturevalue(f"{request.param}_index")
    return backend


def _ids(backend: SearchBackend, query: str, **kwargs: Any) -> list[str]:
    return [hit.doc_id for hit in backend.search(TABLE, query, **kwargs)]


# ----------------------------------------------------------------------------- analysis


def test_normalize_folds_full_width_and_case() -> None:
    assert normalize("ＡＢＣ１２３　公积金") == "abc123 公积金"


def test_tokenize_uses_search_mode_and_drops_punctuation_and_stopwords() -> None:
    tokens = tokenize("请问住房公积金怎么提取？")
    assert {"住房", "公积金", "提取"} <= set(tokens)
    assert "公积" in tokens  # search mode adds the shorter words inside 公积金
    assert not {"请问", "怎么", "？", "?"} & set(tokens)
    assert segment("（医保）报销!") == "医保 报销"


def test_rerank_lengths_match_the_indexed_statistics() -> None:
    for text in ("住房公积金（提取）", "a3区 3.25% c++", "", "。。。", "哈哈哈，医保"):
        normalized = normalize(text)
        counts = text_counts(segment(normalized), normalized)
        assert char_lengths(normalized) == (counts[CHAR].total(), counts[BIGRAM].total())


def test_synonym_map_is_symmetric() -> None:
    mapping = build_synonym_map([["医保", "医疗保险"], ["公积金", "住房公积金", "公积金"]])
    assert mapping["医保"] == ("医疗保险",)
    assert mapping["医疗保险"] == ("医保",)
    assert mapping["住房公积金"] == ("公积金",)


def test_stopword_only_and_empty_queries_have_no_words() -> None:
    for query in ("", "   ", "的了吗", "？！。", "请问"):
        assert build_query(query).words() == []


@pytest.mark.parametrize("name", ["", "1kb", "kb-x", "KB", "kb;drop", "a" * 41, "kb x"])
def test_table_names_are_validated(name: str) -> None:
    with pytest.raises(ValueError, match="invalid index table name"):
        validate_table_name(name)
    with pytest.raises(ValueError, match="invalid index table name"):
        _sqlite_backend().search(name, "公积金")


# ------------------------------------------------------------------------------ search


def test_finds_the_obvious_entry(index: SearchBackend) -> None:
    assert _ids(index, "公积金提取")[0] == "1"
    assert _ids(index, "营业执照办理", limit=1) == ["16"]
    assert _ids(index, "噪音扰民")[0] == "19"


def test_both_backends_return_the_same_results(
    sqlite_index: SQLiteFTS5Backend, pg_index: PostgresBackend
) -> None:
    for query in QUERIES:
        for synonyms in (None, SYNONYMS):
            sqlite_hits = sqlite_index.search(TABLE, query, limit=5, synonyms=synonyms)
            pg_hits = pg_index.search(TABLE, query, limit=5, synonyms=synonyms)
            assert sqlite_hits, query
            assert [h.doc_id for h in sqlite_hits] == [h.doc_id for h in pg_hits], query
            assert [h.score for h in sqlite_hits] == pytest.approx([h.score for h in pg_hits])


def test_synonyms_expand_the_query(index: SearchBackend) -> None:
    # Entries 4 and 6 only say 医疗保险; entry 21 says 医保.
    assert not {"4", "6"} & set(_ids(index, "医保"))
    expanded = _ids(index, "医保", synonyms=SYNONYMS)
    assert {"4", "6", "21"} <= set(expanded)
    assert "4" in _ids(index, "医保门诊报销", synonyms=SYNONYMS)[:1]
    # Entry 8 says 户籍证明 and 集体户口; a query with 户口 finds it through 户籍 too.
    assert _ids(index, "户口证明", synonyms=SYNONYMS)[0] == "8"
    # A multi-word key: 住房公积金 is matched as a whole.
    assert build_query("住房公积金贷款", SYNONYMS).groups[0][1].words() == [
        "公积",
        "公积金",
        "积金",
    ]


def test_question_field_outranks_answer_field(index: SearchBackend) -> None:
    index.add_documents(
        TABLE,
        [
            Document("in-answer", "办事指南", "", "办理居住证需要提供租房合同和身份证。"),
            Document("in-question", "居住证办理", "", "需要提供租房合同和身份证，办事指南见网站。"),
            Document("in-keywords", "办事指南", "居住证", "需要提供租房合同和身份证。"),
        ],
    )
    ranked = _ids(index, "居住证")
    assert ranked.index("in-question") < ranked.index("in-keywords") < ranked.index("in-answer")


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '""公积金"',
        "*",
        "公积金*",
        ":",
        "question:公积金",
        "-",
        "-公积金",
        "(",
        "(公积金) OR (医保",
        "AND",
        "OR",
        "NOT",
        "公积金 AND NOT 提取",
        "NEAR(公积金 提取)",
        "^公积金",
        "'",
        "公积金' | '医保",
        "\\",
        "!@#$%^&*()_+{}|:<>?~`",
        "'; DROP TABLE kbtest_core; --",
        "\x00公积金",
        "😀 公积金",
    ],
)
def test_special_characters_never_raise(index: SearchBackend, query: str) -> None:
    hits = index.search(TABLE, query, synonyms=SYNONYMS)
    assert isinstance(hits, list)
    if "公积金" in query:
        assert hits
        assert hits[0].doc_id in {"1", "2", "3"}
    assert _ids(index, "公积金")  # the index is intact


@pytest.mark.parametrize("query", ["", "   ", "的", "的了吗", "？？？", "请问"])
def test_empty_and_stopword_queries_return_nothing(index: SearchBackend, query: str) -> None:
    assert index.search(TABLE, query) == []


def test_limit(index: SearchBackend) -> None:
    assert index.search(TABLE, "公积金", limit=0) == []
    assert len(index.search(TABLE, "公积金 医疗保险 户籍 物业", limit=3)) == 3


def test_delete_document(index: SearchBackend) -> None:
    assert _ids(index, "营业执照")[0] == "16"
    assert index.delete_document(TABLE, 16) is True
    assert "16" not in _ids(index, "营业执照")
    assert index.delete_document(TABLE, 16) is False


def test_readding_a_document_replaces_it(index: SearchBackend) -> None:
    index.add_documents(TABLE, [Document(16, "营业执照遗失补办", "", "登报声明后申请补领。")])
    hits = _ids(index, "营业执照")
    assert hits.count("16") == 1
    assert _ids(index, "登报声明")[0] == "16"


def _snapshot(backend: SearchBackend) -> tuple[dict[str, int], dict[str, float]]:
    with backend._cursor() as cursor:
        cursor.execute(f"SELECT term, df FROM {TABLE}_terms")
        terms = dict(cursor.fetchall())
        cursor.execute(f"SELECT name, value FROM {TABLE}_stats")
        stats = {name: value for name, value in cursor.fetchall() if value}
    return terms, stats


def test_statistics_stay_exact_after_updates_and_deletes() -> None:
    incremental = _sqlite_backend()
    incremental.create_index(TABLE)
    incremental.add_documents(TABLE, CORPUS[:5])
    incremental.add_documents(TABLE, [Document(1, "旧问题", "", "旧答案"), *CORPUS[5:10]])
    incremental.add_documents(TABLE, [CORPUS[0]])
    for doc in CORPUS[8:10]:
        incremental.delete_document(TABLE, doc.doc_id)
    fresh = _sqlite_backend()
    fresh.create_index(TABLE)
    fresh.add_documents(TABLE, CORPUS[:8])
    assert _snapshot(incremental) == _snapshot(fresh)


@pytest.fixture(params=["sqlite", "pg"])
def empty_backend(request: pytest.FixtureRequest) -> Iterator[SearchBackend]:
    if request.param == "sqlite":
        yield _sqlite_backend()
        return
    connection = request.getfixturevalue("pg_connection")
    yield PostgresBackend(connection)
    connection.rollback()


def test_temporary_index_and_drop(empty_backend: SearchBackend) -> None:
    empty_backend.create_index("kbtest_tmp", temporary=True)
    empty_backend.create_index("kbtest_tmp", temporary=True)  # idempotent
    empty_backend.add_documents("kbtest_tmp", CORPUS[:3])
    assert empty_backend.search("kbtest_tmp", "公积金贷款")[0].doc_id == "2"
    empty_backend.drop_index("kbtest_tmp")
    empty_backend.drop_index("kbtest_tmp")


@hypothesis_settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(query=st.text(max_size=30))
def test_arbitrary_queries_never_raise(index: SearchBackend, query: str) -> None:
    assert isinstance(index.search(TABLE, query, synonyms=SYNONYMS), list)
