"""The demo city's data files and their loader (``demo.content``, ``demo.training``): every
file loads, every reference resolves, a broken file is refused with a message naming it,
and the training letters stay exactly the ones the router's demo was built on."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from demo import content
from demo.content import DATA_DIR, DemoDataError, load_city
from demo.training import load_vocabulary, training_letters

DATA_FILES = {
    "city.yaml",
    "departments.yaml",
    "history.csv",  # the old system's cases make run imports (import_cases)
    "history_mapping.yaml",
    "interviews.yaml",
    "knowledge.yaml",
    "letters.yaml",
    "rules.yaml",
    "solicitations.yaml",
    "surveys.yaml",
    "templates.yaml",
    "training.yaml",
}
DEPARTMENT_CODE = re.compile(r"^LJ(-[A-Z]+)?$")


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _digest(letters: list[dict[str, Any]]) -> str:
    text = json.dumps(letters, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def test_the_demo_city_is_data_files_and_small_python_modules() -> None:
    assert {p.name for p in DATA_DIR.iterdir()} == DATA_FILES
    for module in DATA_DIR.parent.rglob("*.py"):
        lines = len(module.read_text(encoding="utf-8").splitlines())
        assert lines <= 400, (module.name, lines)


def test_every_file_loads_into_the_city() -> None:
    city = load_city()

    assert city.city["name"] == "临江市"
    assert (len(city.departments), len(city.categories), len(city.leaders)) == (22, 15, 5)
    assert (len(city.websites), len(city.solicitations), len(city.reply_templates)) == (6, 2, 7)
    assert (len(city.letters), len(city.policies), len(city.knowledge["entries"])) == (65, 9, 6)
    assert [row["username"] for row in city.staff] == [
        "fenban",
        "qianfa",
        "duban",
        "xitong",
        "shenji",
        "rexian",
    ]
    assert content.city() is content.city()  # read once per process


def test_every_department_code_in_any_file_exists() -> None:
    codes = content.city().department_codes
    referenced = {
        text
        for name in DATA_FILES
        for text in _strings(content.read(name))
        if DEPARTMENT_CODE.match(text)
    }
    assert len(referenced) == 22
    assert referenced == codes


def test_letters_get_their_optional_fields_filled() -> None:
    raw = content.read("letters.yaml")["letters"][1]
    assert "email" not in raw
    assert "reply" not in raw

    letter = content.city().letters[1]

    assert letter["title"] == raw["title"] == "望湖路高架施工期间交通拥堵严重"
    assert (letter["email"], letter["reply"], letter["rating"]) == ("", "", None)
    assert letter["leader"] == "易江宁"
    assert set(letter) == content.LETTER_FIELDS


@pytest.mark.parametrize(
    ("name", "old", "new", "message"),
    [
        (
            "letters.yaml",
            "department: LJ-GJJ",
            "department: LJ-XXX",
            "演示数据文件 letters.yaml：公积金贷款额度怎么计算的「department」'LJ-XXX' 不存在。",
        ),
        (
            "letters.yaml",
            "leader: 郑怀远",
            "leader: 无名氏",
            "「leader」'无名氏' 不存在",
        ),
        (
            "departments.yaml",
            "  department: LJ-RSJ",
            "  department: LJ-NONE",
            "departments.yaml：劳动和社会保障的「department」'LJ-NONE' 不存在。",
        ),
        (
            "departments.yaml",
            "owner: LJ-GJJ",
            "owner: LJ-GONE",
            "「owner」'LJ-GONE' 不存在",
        ),
        (
            "rules.yaml",
            "article: 第十三条}",
            "article: 第九十九条}",
            "rules.yaml：opinion·reply的「article」'第九十九条' 不存在。",
        ),
        (
            "knowledge.yaml",
            "letter: 高新区人才公寓的申请条件",
            "letter: 公积金贷款额度怎么计算",
            "knowledge.yaml：公积金贷款额度怎么计算的「letter」",
        ),
        (
            "solicitations.yaml",
            "  open: true",
            "  open: false",
            "solicitations.yaml：须有且只有一项 open: true。",
        ),
        (
            "letters.yaml",
            "    stage: submitted\n",
            "    stage: submitted\n    mood: 急\n",
            "第1封来信：缺少 []，未知字段 ['mood']。",
        ),
        ("city.yaml", "staff:", "people:", "演示数据文件 city.yaml 缺少「staff」。"),
    ],
)
def test_a_broken_file_is_refused_naming_what_is_wrong(
    tmp_path: Path, name: str, old: str, new: str, message: str
) -> None:
    data = _copy(tmp_path)
    _edit(data / name, old, new)

    with pytest.raises(DemoDataError) as refused:
        load_city(data)
    assert message in str(refused.value)


def test_a_missing_or_malformed_file_is_refused(tmp_path: Path) -> None:
    data = _copy(tmp_path)
    (data / "rules.yaml").unlink()
    with pytest.raises(DemoDataError, match=r"演示数据文件 rules\.yaml 无法读取"):
        load_city(data)
    (data / "templates.yaml").write_text("reply_templates: [\n", encoding="utf-8")
    shutil.copy(DATA_DIR / "rules.yaml", data / "rules.yaml")
    with pytest.raises(DemoDataError, match=r"演示数据文件 templates\.yaml 格式有误"):
        load_city(data)


def test_training_letters_are_the_ones_the_router_demo_was_built_on() -> None:
    # Digests of the generator's output since it writes a realistic history (#18.3: no
    # department named in most letters, no title in half, short, rambling, run-on, vague
    # and boundary letters, dates over two years): any change of a letter shows here.
    assert _digest(training_letters()) == (
        "97d863a1e0194531a9c52d48ca8f003d84c071160263304940c2628cee46b5dd"
    )
    assert _digest(training_letters(per_category=16, seed=3)) == (
        "f3598bc934336b3a46d64a79f7075e4b2f9bbf488a01603e700d4e609eb01af2"
    )
    assert _digest(training_letters(per_category=12, seed=5)) == (
        "bf4a957c31a223e753b628d20b7a8a5965dbe461bd075f00c2e1bf5d464bebba"
    )
    first = training_letters()[0]
    assert (first["category"], first["department"]) == ("城乡建设", "LJ-ZJJ")


def test_the_vocabulary_has_every_category_and_kind() -> None:
    words = load_vocabulary()
    categories = [row["name"] for row in content.city().categories]

    assert list(words.problems) == categories
    assert list(words.agencies) == categories
    assert list(words.asks) == categories
    for table in (words.openings, words.impacts, words.requests, words.titles):
        assert set(table) == set(words.kinds)
    assert len(words.kind_weights_question) == len(words.kinds)
    assert len(words.kind_weights_statement) == len(words.kinds)


def test_a_broken_vocabulary_is_refused(tmp_path: Path) -> None:
    data = _copy(tmp_path)
    _edit(data / "training.yaml", "closings:", "endings:")

    with pytest.raises(DemoDataError, match=r"training\.yaml 格式有误：KeyError\('closings'\)"):
        load_vocabulary(data)


def test_policy_sources_cite_the_demo_city_s_rules() -> None:
    city = content.city()
    assert city.rules["title"] == "临江市政府网站互动交流办理规定"

    sources = {(row["kind"], row["step"]): city.policy_source(row) for row in city.policies}

    assert set(sources) == {
        *((kind, "reply") for kind in content.KINDS),
        ("site_error", "review"),
    }
    assert sources["site_error", "reply"] == (
        "《临江市政府网站互动交流办理规定》第十一条：网民通过“我为政府网站找错”反映的问题，"
        "网站主办单位应当自收到之日起2个工作日内答复处理；情况复杂的，累计不超过15个工作日。"
    )
    for row in city.policies:
        source = sources[row["kind"], row["step"]]
        assert f"{row['working_days']}个工作日" in source
        assert f"不超过{row['max_working_days']}个工作日" in source
        assert not any(place in source for place in ("荷塘区", "山西省", "德阳市"))


def test_knowledge_entries_come_from_answered_consultations() -> None:
    city = content.city()
    letters = {row["title"]: row for row in city.letters}

    for entry in city.knowledge["entries"]:
        letter = letters[entry["letter"]]
        assert letter["kind"] == "consultation"
        assert letter["stage"] in content.ANSWERED_STAGES
        assert letter["consent_public"]
        assert letter["reply"]
    about_withdrawal = [
        entry for entry in city.knowledge["entries"] if "公积金提取" in entry["keywords"]
    ]
    assert len(about_withdrawal) == 4
