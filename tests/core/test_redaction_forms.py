"""Exact cases for the written forms an attacker used, QQ and WeChat, third-party names,
known values, labels, and office numbers in replies (issue #14, part 3)."""

from __future__ import annotations

import pytest

from core.redaction import KIND_LABELS, KINDS, contains_personal_data, detect, redact


def public(text: str, **kwargs: object) -> str:
    return redact(text, **kwargs).text  # type: ignore[arg-type]


def kinds(text: str, **kwargs: object) -> list[tuple[str, str]]:
    return [(hit.kind, hit.text) for hit in detect(text, **kwargs)]  # type: ignore[arg-type]


# --- phones in groups and glued to letters ---------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("手机号码是1385 932 9705，", "手机号码是138****9705，"),
        ("137.1245.3893", "137****3893"),
        ("电话：1 3 8 1 2 3 4 5 6 7 8", "电话：138****5678"),
        ("tel13812345678", "tel138****5678"),
        ("TEL:13812345678", "TEL:138****5678"),
        ("vx13812345678", "vx138****5678"),
        ("+86-138-1234-5678", "138****5678"),
        ("微信同号13812345678", "微信同号138****5678"),
        ("０７３１．８８８８６６６６（家）", "0731-******66（家）"),
        ("家里电话0731-8888 6666-8001", "家里电话0731-******66-****"),
        ("电话13812345678 2019年搬来", "电话138****5678 2019年搬来"),
    ],
)
def test_mobiles_and_fixed_lines_in_any_grouping(text: str, expected: str) -> None:
    assert public(text) == expected
    assert {hit.kind for hit in detect(text)} == {"phone"}


@pytest.mark.parametrize(
    "text",
    [
        "型号SN13812345678",  # a letter run that is no contact prefix
        "合计1385.932元",
        "2019.05.13 2019.06.14",
        "第1385 932号",
    ],
)
def test_other_numbers_are_not_phones(text: str) -> None:
    assert [hit for hit in detect(text) if hit.kind == "phone"] == []


# --- QQ and WeChat -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected", "kind"),
    [
        ("我的QQ：12345678，", "我的QQ：1******8，", "qq"),
        ("QQ号是 1234 5678 9", "QQ号是 1*******9", "qq"),
        ("qq12345", "qq1***5", "qq"),
        ("扣扣３３２２１１", "扣扣3****1", "qq"),
        ("微信：zhang_san88", "微信：z*********8", "wechat"),
        ("加v：abc12345", "加v：a******5", "wechat"),
        ("vxzhangsan", "vxz******n", "wechat"),
        ("wxid_abcd1234ef", "w*************f", "wechat"),
        ("微信号：1234567", "微信号：1*****7", "wechat"),
    ],
)
def test_qq_and_wechat(text: str, expected: str, kind: str) -> None:
    assert public(text) == expected
    assert {hit.kind for hit in detect(text)} == {kind}


@pytest.mark.parametrize(
    "text",
    [
        "加入业主QQ群12345678讨论",  # a group, not a person
        "12345678@qq.com",  # an e-mail address
        "关注微信公众号（微信号：cssbwg）",  # an official account
        "我们用微信沟通",
    ],
)
def test_not_a_persons_qq_or_wechat(text: str) -> None:
    assert [hit for hit in detect(text) if hit.kind in {"qq", "wechat"}] == []


def test_a_mobile_given_as_wechat_is_a_phone() -> None:
    assert kinds("微信：13812345678") == [("phone", "13812345678")]


# --- plates ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("车牌京 E91701经常", "车牌京E****1经常"),
        ("京E 91701", "京E****1"),
        ("京E-91701", "京E****1"),
        ("湘Ａ·１２３４５", "湘A****5"),
    ],
)
def test_plates_with_spaces(text: str, expected: str) -> None:
    assert public(text) == expected
    assert {hit.kind for hit in detect(text)} == {"plate"}


# --- names -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ("邻居张三也反映过", "张三", "邻居张先生/女士也反映过"),
        ("物业经理王某某先生一直不处理", "王某某先生", "物业经理王先生/女士一直不处理"),
        ("业主陈晓雯反映", "陈晓雯", "业主陈先生/女士反映"),
        ("村支书黄德胜收了钱", "黄德胜", "村支书黄先生/女士收了钱"),
        ("联系人：冯谦，电话", "冯谦", "联系人：冯先生/女士，电话"),
        ("张建国经理说", "张建国", "张先生/女士经理说"),
        ("我和李建国一起去", "李建国", "我和李先生/女士一起去"),
        ("王志强说已经上报了", "王志强", "王先生/女士说已经上报了"),
        ("房东欧阳明月不退押金", "欧阳明月", "房东欧阳先生/女士不退押金"),
        ("经核实，吴某敏系该园职工", "吴某敏", "经核实，吴先生/女士系该园职工"),
        ("李红梅女士来电", "李红梅女士", "李先生/女士来电"),
    ],
)
def test_third_party_names(text: str, name: str, expected: str) -> None:
    assert kinds(text) == [("name", name)]
    assert public(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "书记高度重视",
        "项目经理已到场",
        "车间主任说",
        "让他帮忙给柳主任盖章",
        "王经理说",
        "李先生来电",
        "向某某反映",
        "城管楚龙中队",
        "万家丽北路",
        "老师和学生",
        "店主周某，对其进行了教育",  # masked already
        "公安、卫建、市场监管等部门",
        "请向街道办事处反映",
        "高新区管委会",
    ],
)
def test_words_that_are_no_names(text: str) -> None:
    assert [hit for hit in detect(text) if hit.kind == "name"] == []


def test_a_masked_text_has_nothing_left() -> None:
    text = "我叫周明，邻居周华也反映过，物业经理周建国先生不处理，由杨老师负责。"
    for gender in (None, "male", "female"):
        masked = public(text, writer_name="周明", writer_gender=gender)
        assert detect(masked, writer_name="周明") == []
        assert detect(masked, writer_name="周明", writer_gender=gender) == []


# --- known values ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stored", "text", "kind", "replacement"),
    [
        ("13812345678", "回电138 1234 5678", "phone", "138****5678"),
        ("+86 138-1234-5678", "打１３８１２３４５６７８", "phone", "138****5678"),
        ("0731-88886666", "打8888 6666找我", "phone", "0731-******66"),
        ("0731-88886666", "拨(0731)88886666", "phone", "0731-******66"),
        ("Zhang.San@Example.com", "ZHANG.SAN @ EXAMPLE.COM", "email", "Z***@example.com"),
        ("11010519491231002X", "110105 19491231 002x", "id_number", "1****************X"),
        (
            "湖南省A市B区人民路18号3栋501室",
            "寄到A市 人民路 18号 3栋 501室",
            "address",
            "A市人民路**号**栋**室",
        ),
    ],
)
def test_known_values_in_any_written_form(
    stored: str, text: str, kind: str, replacement: str
) -> None:
    hits = [hit for hit in detect(text, known_values=[stored]) if hit.kind == kind]
    assert len(hits) == 1
    (hit,) = hits
    assert text[hit.start : hit.end] == hit.text
    assert hit.replacement.replace(" ", "").lower() == replacement.lower()
    assert contains_personal_data(text, known_values=[stored])


def test_a_known_value_is_masked_wherever_it_occurs() -> None:
    text = "号码13812345678，重复一遍13812345678，网址http://example.com/13812345678"
    hits = detect(text, known_values=["13812345678"])
    assert len(hits) == 3  # inside the URL too: the value is known
    assert all(hit.replacement == "138****5678" for hit in hits)


def test_known_values_do_not_touch_other_numbers() -> None:
    text = "编号138123456789，金额8888元"
    assert detect(text, known_values=["13812345678", "0731-88886666"]) == []


def test_empty_and_odd_known_values_are_ignored() -> None:
    assert detect("你好", known_values=["", " ", "12", "@"]) == []


# --- labels ----------------------------------------------------------------------------


def test_every_kind_has_a_chinese_label() -> None:
    assert set(KIND_LABELS) == set(KINDS)
    assert KIND_LABELS["phone"] == "电话号码"
    assert KIND_LABELS["qq"] == "QQ号码"
    assert KIND_LABELS["wechat"] == "微信号"
    assert KINDS.index("qq") < KINDS.index("name")


# --- office numbers in replies ---------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "如有疑问，请致电县教育局0731-88886666。",
        "建议直接咨询教育局，电话：0734-7399892。",
        "感谢您对我们工作的理解和支持。联系电话：0746-5871032。",
        "请与鲤鱼塘镇政府办公室联系。联系电话0735-5776136。",
        "联系电话：0745-5253266（监察大队）",
        "M市人力资源和社会保障局517室，电话0738-8313299，欢迎来电咨询。",
        "L3县：0745-4222742；L4县：0745-5229843。",
        "本中心地址为：C市双拥中路168号，C市教育局。",
    ],
)
def test_office_numbers_and_addresses_in_replies_are_not_hits(text: str) -> None:
    assert detect(text) == []


def test_the_writers_number_after_an_office_is_still_masked() -> None:
    assert public("我找过县教育局，他们不管。我的电话0731-88886666") == (
        "我找过县教育局，他们不管。我的电话0731-******66"
    )
    assert public("请尽快联系我。电话：0731-88886666") == "请尽快联系我。电话：0731-******66"
