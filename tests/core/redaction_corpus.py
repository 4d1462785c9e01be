"""Generated personal data in real letters: hypothesis strategies for the detector.

Each strategy draws one :class:`Item`: a piece of personal data of one type in one
written form (generated here, with cue words and templates written by us), embedded at a
clause boundary of a real sentence read at run time from the letters in the shared data
folder (never copied into the project).  Without that folder a few sentences written by
us stand in, so the tests still run.

``Item.spans`` are the characters that must be masked: the whole value for numbers,
e-mails, ids and plates; for an address the part from the house (or building) number on,
since the road or community name stays readable by design; for a name the name itself
(not the role or title around it).  A placeholder name (王某, 王某某, 王XX) is masked
already and is no personal data by itself; it is generated with an honorific after it
(物业经理王某某先生), where it still reads as a person to mask, or showing part of the
given name (吴某敏).  Used by ``tests/core/test_redaction_corpus.py`` and
``bench/redaction.py``.
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from core.redaction import id_check_char, luhn_valid

DATA_DIR = Path(
    os.environ.get("DESK_SHARED_DATA", Path(__file__).resolve().parents[2].parent / "shared/data")
)
LETTER_FILES = ("letters_category.csv", "letters_replies.csv")

FULL_WIDTH = str.maketrans(
    {chr(code): chr(code + 0xFEE0) for code in range(0x21, 0x7F)} | {" ": "\u3000"}
)

# Our own stand-in sentences (used only when the shared data folder is missing).
FALLBACK_SENTENCES = (
    "小区门口的垃圾堆了很久，一直没有人来清理。",
    "我们多次向物业反映，物业一直推脱，问题至今没有解决。",
    "希望有关部门尽快核实处理，还居民一个安静的环境。",
    "每天晚上十点以后还在施工，噪音很大，孩子无法休息。",
    "该路段路灯损坏已有两个月，夜间出行很不安全。",
    "请问孩子入学需要准备哪些材料，到哪里办理？",
    "去年交的社保费用至今没有到账，影响了医保报销。",
    "恳请领导重视这个问题，谢谢！",
)


@dataclass(frozen=True)
class Item:
    """One generated piece of personal data inside real text."""

    type: str  # what the bench reports on: mobile, landline, id_number, ...
    form: str  # how it is written: spaced, full_width, tel_prefix, ...
    kind: str  # the Hit kind that must cover it
    text: str
    spans: tuple[tuple[int, int], ...]
    writer_name: str | None = None
    known_values: tuple[str, ...] = field(default=())


# --- real context ----------------------------------------------------------------------

_SENTENCE_END = re.compile(r"(?<=[。！？!?；;])|\n")
_HAN = re.compile(r"[\u4e00-\u9fff]")


@lru_cache(maxsize=1)
def context_sentences() -> tuple[str, ...]:
    """Sentences of 10-80 characters from the real letters (the ``body`` column)."""
    sentences: list[str] = []
    for name in LETTER_FILES:
        path = DATA_DIR / name
        if not path.exists():
            continue
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                for sentence in _SENTENCE_END.split(row.get("body") or ""):
                    sentence = sentence.strip()
                    if 10 <= len(sentence) <= 80 and _HAN.search(sentence):
                        sentences.append(sentence)
    return tuple(sentences) or FALLBACK_SENTENCES


def uses_real_data() -> bool:
    return context_sentences() is not FALLBACK_SENTENCES


@st.composite
def _embedded(
    draw: st.DrawFn,
    parts: tuple[str, str, str],
    type_: str,
    form: str,
    kind: str,
    cover: tuple[tuple[int, int], ...] | None = None,
    writer_name: str | None = None,
    known_values: tuple[str, ...] = (),
) -> Item:
    """``prefix + value + suffix`` at a clause boundary of a real sentence.

    ``cover`` (offsets into ``value``) narrows what must be masked; the whole value by
    default."""
    prefix, value, suffix = parts
    sentences = context_sentences()
    sentence = sentences[draw(st.integers(0, len(sentences) - 1))]
    cuts = [0] + [m.end() for m in re.finditer(r"[，,。；;！!？?]", sentence)]
    cut = draw(st.sampled_from(cuts))
    left, right = sentence[:cut], sentence[cut:]
    if right and not re.match(r"[，,。；;！!？?]", suffix[-1:] or " "):
        suffix += "，"
    start = len(left) + len(prefix)
    spans = tuple((start + a, start + b) for a, b in (cover or ((0, len(value)),)))
    text = left + prefix + value + suffix + right
    return Item(type_, form, kind, text, spans, writer_name, known_values)


def digits(count: int) -> st.SearchStrategy[str]:
    return st.text(alphabet="0123456789", min_size=count, max_size=count)


def _maybe_full_width(draw: st.DrawFn, written: str, form: str) -> tuple[str, str]:
    if draw(st.integers(0, 4)) == 0:
        return written.translate(FULL_WIDTH), form + "+full_width"
    return written, form


# --- phones ----------------------------------------------------------------------------

MOBILE_CUES = (
    "我的手机号码是",
    "手机：",
    "电话",
    "联系电话：",
    "手机号码是 ",
    "我的联系方式：",
    "请打我电话",
    "本人手机",
    "有事可以打",
    "",
)
MOBILE_GLUED_PREFIXES = ("tel", "Tel:", "TEL", "vx", "VX", "wx", "phone:", "微信同号")


@st.composite
def mobiles(draw: st.DrawFn) -> Item:
    value = "1" + draw(st.sampled_from("3456789")) + draw(digits(9))
    forms = {
        "plain": value,
        "3-4-4_spaces": f"{value[:3]} {value[3:7]} {value[7:]}",
        "3-4-4_dashes": f"{value[:3]}-{value[3:7]}-{value[7:]}",
        "3-4-4_dots": f"{value[:3]}.{value[3:7]}.{value[7:]}",
        "4-3-4_spaces": f"{value[:4]} {value[4:7]} {value[7:]}",
        "4-4-3_spaces": f"{value[:4]} {value[4:8]} {value[8:]}",
        "digit_spaces": " ".join(value),
        "+86": f"+86{value}",
        "+86_space": f"+86 {value}",
        "+86_dashes": f"+86-{value[:3]}-{value[3:7]}-{value[7:]}",
        "(+86)": f"(+86){value}",
        "0086": f"0086{value}",
    }
    form = draw(st.sampled_from(sorted(forms)))
    written, form = _maybe_full_width(draw, forms[form], form)
    if draw(st.integers(0, 3)) == 0:
        prefix = draw(st.sampled_from(MOBILE_GLUED_PREFIXES))
        form += "+glued_prefix"
    else:
        prefix = draw(st.sampled_from(MOBILE_CUES))
    return draw(_embedded((prefix, written, ""), "mobile", form, "phone"))


AREA_CODES = ("010", "020", "021", "022", "023", "025", "027", "028", "029")
AREA_CODES_4 = ("0731", "0755", "0571", "0532", "0746", "0745", "0738", "0991", "0871")
LANDLINE_CUES = ("家里电话", "座机：", "我家固话是", "家庭电话：", "我的座机", "住宅电话 ")


@st.composite
def landlines(draw: st.DrawFn) -> Item:
    area = draw(st.sampled_from(AREA_CODES + AREA_CODES_4))
    local = draw(st.sampled_from("2345678")) + draw(digits(draw(st.sampled_from((6, 7)))))
    half = len(local) // 2
    forms = {
        "dash": f"{area}-{local}",
        "plain": f"{area}{local}",
        "space": f"{area} {local}",
        "parens": f"({area}){local}",
        "grouped": f"{area}-{local[:half]}-{local[half:]}",
        "grouped_spaces": f"{area} {local[:half]} {local[half:]}",
        "dots": f"{area}.{local}",
        "ext": f"{area}-{local}转{draw(digits(3))}",
    }
    form = draw(st.sampled_from(sorted(forms)))
    written, form = _maybe_full_width(draw, forms[form], form)
    prefix = draw(st.sampled_from(LANDLINE_CUES))
    return draw(_embedded((prefix, written, ""), "landline", form, "phone"))


# --- ID numbers and bank cards ---------------------------------------------------------

PROVINCE_CODES = (11, 12, 13, 14, 21, 22, 23, 31, 32, 33, 35, 36, 37, 41, 42, 43, 44, 45, 50, 51)
ID_CUES = ("身份证号：", "身份证号码", "证件号码：", "身份证 ", "我的身份证是", "公民身份号码")


@st.composite
def id_numbers(draw: st.DrawFn) -> Item:
    area = f"{draw(st.sampled_from(PROVINCE_CODES))}{draw(digits(4))}"
    sequence = draw(digits(3))
    if draw(st.integers(0, 5)):
        born = draw(st.dates(min_value=date(1920, 1, 1), max_value=date(2025, 12, 31)))
        value = area + born.strftime("%Y%m%d") + sequence
        value += id_check_char(value)
        forms = {
            "plain": value,
            "6-8-4_spaces": f"{value[:6]} {value[6:14]} {value[14:]}",
            "6-8-4_dashes": f"{value[:6]}-{value[6:14]}-{value[14:]}",
            "6-4-4-4_spaces": f"{value[:6]} {value[6:10]} {value[10:14]} {value[14:]}",
            "lower_x": value.lower(),
        }
    else:
        born = draw(st.dates(min_value=date(1920, 1, 1), max_value=date(1999, 12, 31)))
        value = area + born.strftime("%y%m%d") + sequence
        forms = {"15_digits": value, "15_digits_spaces": f"{value[:6]} {value[6:12]} {value[12:]}"}
    form = draw(st.sampled_from(sorted(forms)))
    written, form = _maybe_full_width(draw, forms[form], form)
    prefix = draw(st.sampled_from((*ID_CUES, "")))
    return draw(_embedded((prefix, written, ""), "id_number", form, "id_number"))


CARD_CUES = ("银行卡号：", "卡号", "工资卡", "退款请打到我的银行卡", "账号：", "")


@st.composite
def bank_cards(draw: st.DrawFn) -> Item:
    length = draw(st.integers(min_value=16, max_value=19))
    prefix_digits = draw(st.sampled_from(["62", "4", "5", "60", "9"]))
    body = prefix_digits + draw(digits(length - len(prefix_digits) - 1))
    value = next(body + check for check in "0123456789" if luhn_valid(body + check))
    groups = [value[index : index + 4] for index in range(0, length, 4)]
    forms = {"plain": value, "4_spaces": " ".join(groups), "4_dashes": "-".join(groups)}
    form = draw(st.sampled_from(sorted(forms)))
    written, form = _maybe_full_width(draw, forms[form], form)
    prefix = draw(st.sampled_from(CARD_CUES))
    return draw(_embedded((prefix, written, ""), "bank_card", form, "bank_card"))


# --- e-mail, QQ, WeChat ----------------------------------------------------------------

LOWER = "abcdefghijklmnopqrstuvwxyz"
EMAIL_DOMAINS = ("qq.com", "163.com", "126.com", "sina.com", "gmail.com", "example.org.cn")
EMAIL_CUES = ("邮箱：", "我的邮箱是", "电子邮件 ", "E-mail:", "请发到", "")


@st.composite
def emails(draw: st.DrawFn) -> Item:
    local = draw(st.sampled_from(LOWER)) + draw(
        st.text(alphabet=LOWER + "0123456789._", min_size=2, max_size=12)
    )
    local = local.rstrip("._") or "a"
    domain = draw(st.sampled_from(EMAIL_DOMAINS))
    forms = {
        "plain": f"{local}@{domain}",
        "upper": f"{local}@{domain}".upper(),
        "spaces_around_at": f"{local} @ {domain}",
        "digits_local": f"{draw(st.integers(10000, 9999999999))}@{domain}",
    }
    form = draw(st.sampled_from(sorted(forms)))
    written, form = _maybe_full_width(draw, forms[form], form)
    prefix = draw(st.sampled_from(EMAIL_CUES))
    return draw(_embedded((prefix, written, ""), "email", form, "email"))


QQ_CUES = ("QQ：", "QQ号", "我的QQ是", "qq ", "QQ号码：", "扣扣", "Q Q:")


@st.composite
def qq_numbers(draw: st.DrawFn) -> Item:
    value = draw(st.sampled_from("123456789")) + draw(digits(draw(st.integers(4, 10))))
    forms = {"plain": value, "grouped": " ".join(re.findall(r".{1,4}", value))}
    form = draw(st.sampled_from(sorted(forms)))
    written, form = _maybe_full_width(draw, forms[form], form)
    if draw(st.integers(0, 4)) == 0:
        prefix, form = draw(st.sampled_from(("QQ", "qq", "Qq"))), form + "+glued_prefix"
    else:
        prefix = draw(st.sampled_from(QQ_CUES))
    return draw(_embedded((prefix, written, ""), "qq", form, "qq"))


WECHAT_CUES = ("微信：", "微信号", "我的微信是", "vx:", "VX ", "wx：", "加v：", "V信", "微信号码 ")


@st.composite
def wechat_ids(draw: st.DrawFn) -> Item:
    first = draw(st.sampled_from(LOWER + LOWER.upper()))
    rest = draw(st.text(alphabet=LOWER + "0123456789_-", min_size=5, max_size=15))
    forms = {"letters_digits": first + rest, "wxid": "wxid_" + draw(digits(8)) + first.lower()}
    form = draw(st.sampled_from(sorted(forms)))
    written = forms[form]
    if draw(st.integers(0, 4)) == 0:
        prefix, form = draw(st.sampled_from(("vx", "wx", "VX"))), form + "+glued_prefix"
    else:
        prefix = draw(st.sampled_from(WECHAT_CUES))
    return draw(_embedded((prefix, written, ""), "wechat", form, "wechat"))


# --- plates ----------------------------------------------------------------------------

PLATE_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
PLATE_CUES = ("车牌", "车牌号：", "我的车", "一辆", "车牌号码为", "")


@st.composite
def plates(draw: st.DrawFn) -> Item:
    province = draw(st.sampled_from(PLATE_PROVINCES))
    office = draw(st.sampled_from(PLATE_LETTERS))
    if draw(st.integers(0, 3)) == 0:  # new energy: D/F and five digits
        serial = draw(st.sampled_from("DF")) + draw(digits(5))
    else:
        serial = "".join(
            draw(st.lists(st.sampled_from(PLATE_LETTERS + "0123456789"), min_size=3, max_size=3))
        ) + draw(digits(2))
    forms = {
        "plain": f"{province}{office}{serial}",
        "dot": f"{province}{office}·{serial}",
        "space_after_province": f"{province} {office}{serial}",
        "space_after_office": f"{province}{office} {serial}",
        "dash": f"{province}{office}-{serial}",
        "lower": f"{province}{office}{serial}".lower(),
    }
    form = draw(st.sampled_from(sorted(forms)))
    written, form = _maybe_full_width(draw, forms[form], form)
    prefix = draw(st.sampled_from(PLATE_CUES))
    return draw(_embedded((prefix, written, ""), "plate", form, "plate"))


# --- addresses -------------------------------------------------------------------------

ROADS = (
    "人民路",
    "解放西路",
    "五一大道",
    "建设北街",
    "幸福巷",
    "芙蓉中路二段",
    "韶山南路",
    "东风路",
    "迎宾大道",
    "和平里胡同",
    "桃源村",
    "新华街",
)
COMMUNITIES = ("阳光花园", "锦绣家园", "金桂小区", "滨江公寓", "翠竹苑", "枫林新村", "御景山庄")
ADDRESS_CUES = ("家住", "我住在", "住址：", "我家在", "租住在", "现住", "本人居住在")
CN_NUMBERS = "一二三四五六七八九十"


@st.composite
def addresses(draw: st.DrawFn) -> Item:
    house = str(draw(st.integers(1, 999)))
    building = str(draw(st.integers(1, 40)))
    unit = str(draw(st.integers(1, 6)))
    room = f"{draw(st.integers(1, 33))}{draw(st.integers(1, 8)):02d}"
    road, community = draw(st.sampled_from(ROADS)), draw(st.sampled_from(COMMUNITIES))
    cn_building, cn_unit = draw(st.sampled_from(CN_NUMBERS)), draw(st.sampled_from("一二三四五六"))
    forms = {
        "road_house": (road, f"{house}号"),
        "road_house_room": (road, f"{house}号{building}栋{unit}单元{room}室"),
        "road_house_building_room": (road, f"{house}号{building}栋{room}"),
        "road_house_spaces": (road, f"{house}号 {building}栋 {unit}单元 {room}室"),
        "road_house_dashes": (road, f"{house}号{building}栋-{unit}单元-{room}室"),
        "road_house_hao_lou": (road, f"{house}号院{building}号楼{unit}单元{room}"),
        "community_building_unit_room": (community, f"{building}栋{unit}单元{room}室"),
        "community_dashed": (community, f"{building}-{unit}-{room}"),
        "community_cn_numbers": (community, f"{cn_building}栋{cn_unit}单元{room}室"),
        "community_letter_building": (
            community,
            f"{draw(st.sampled_from('ABCDE'))}{building}栋{room}",
        ),
        "community_house": (community, f"{house}号"),
    }
    form = draw(st.sampled_from(sorted(forms)))
    place, number = forms[form]
    if draw(st.integers(0, 4)) == 0:
        number, form = number.translate(FULL_WIDTH), form + "+full_width"
    prefix = draw(st.sampled_from(ADDRESS_CUES))
    value = place + number
    cover = ((len(place), len(value)),)
    return draw(_embedded((prefix, value, ""), "address", form, "address", cover=cover))


# --- names -----------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _faker_names() -> tuple[tuple[str, ...], tuple[str, ...], str]:
    """Surnames weighted by frequency, given names and their characters (Faker's zh_CN
    lists: a source independent of the detector's own lists)."""
    from faker.providers.person.zh_CN import Provider

    weights = Provider.last_names
    surnames = tuple(
        surname for surname, weight in weights.items() for _ in range(max(1, round(weight * 20)))
    )
    given = tuple(Provider.first_names)
    return surnames, given, "".join(sorted(set("".join(given))))


COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "公孙", "慕容", "司徒", "夏侯")


@st.composite
def person_names(draw: st.DrawFn) -> str:
    surnames, given_names, given_chars = _faker_names()
    if draw(st.integers(0, 19)) == 0:
        surname = draw(st.sampled_from(COMPOUND_SURNAMES))
    else:
        surname = surnames[draw(st.integers(0, len(surnames) - 1))]
    if draw(st.booleans()):
        given = given_names[draw(st.integers(0, len(given_names) - 1))]
    else:
        given = draw(st.text(alphabet=given_chars, min_size=1, max_size=2))
    return surname + given


WRITER_CONTEXTS = (
    ("我叫", "，"),
    ("本人", "，男，"),
    ("", "反映："),
    ("来信人：", "。"),
    ("此致 ", "。"),
    ("请转告", "本人，"),
    ("签名：", "。"),
    ("我是", "，"),
)


@st.composite
def writer_names(draw: st.DrawFn) -> Item:
    name = draw(person_names())
    prefix, suffix = draw(st.sampled_from(WRITER_CONTEXTS))
    form = "spaced" if draw(st.integers(0, 5)) == 0 else "plain"
    written = " ".join(name) if form == "spaced" else name
    return draw(_embedded((prefix, written, suffix), "writer_name", form, "name", writer_name=name))


ROLES_BEFORE = (
    "邻居",
    "物业经理",
    "联系人：",
    "业主",
    "房东",
    "村支书",
    "老板",
    "同事",
    "保安",
    "社区主任",
    "我的丈夫",
    "包工头",
    "施工队长",
    "班主任",
    "楼上住户",
    "村民",
    "负责人",
    "名叫",
)
TITLES_AFTER = ("先生", "女士", "经理", "师傅", "老师", "主任", "书记", "医生", "等人", "一家")
BARE_CONTEXTS = (
    ("", "说这事不归他管"),
    ("和", "一起去了"),
    ("找到了", "，"),
    ("", "多次上门催收"),
    ("我打电话给", "，"),
    ("", "表示会尽快处理"),
    ("", "家的狗"),
    ("被", "打伤了"),
)


@st.composite
def third_party_names(draw: st.DrawFn) -> Item:
    name = draw(person_names())
    style = draw(st.sampled_from(("role_before", "title_after", "placeholder", "bare")))
    if style == "role_before":
        prefix, suffix = (
            draw(st.sampled_from(ROLES_BEFORE)),
            draw(st.sampled_from(("也反映过", "，", "不管", "说"))),
        )
        form = f"role_before:{prefix.rstrip('：')}"
    elif style == "title_after":
        prefix, suffix = "", draw(st.sampled_from(TITLES_AFTER))
        form = f"title_after:{suffix}"
    elif style == "placeholder":
        # 王某 and 王XX alone are masked already (replies use them so) and are no personal
        # data; with an honorific after them they still read as a person to mask, and
        # 吴某敏 shows part of a name.
        surname = name[:2] if name.startswith(COMPOUND_SURNAMES) else name[0]
        placeholder = draw(st.sampled_from(("某某", "某", "XX", "某" + name[-1])))
        name = surname + placeholder
        if len(placeholder) == 2 and placeholder[0] == "某" and placeholder[1] != "某":
            prefix, suffix = draw(st.sampled_from((("邻居", "也反映过"), ("", "说"), ("业主", ""))))
            form = "placeholder:某+given"
        else:
            prefix, suffix = draw(
                st.sampled_from(
                    (("物业经理", "先生"), ("邻居", "女士"), ("", "先生"), ("", "小姐"))
                )
            )
            form = f"placeholder:{placeholder}+honorific"
    else:
        prefix, suffix = draw(st.sampled_from(BARE_CONTEXTS))
        form = f"bare:{prefix or suffix[:2]}"
    return draw(_embedded((prefix, name, suffix), "third_party_name", form, "name"))


# --- known values ----------------------------------------------------------------------


@st.composite
def known_values(draw: st.DrawFn) -> Item:
    """A value the desk holds, written differently in the letter, often without the cue
    the generic rules would need."""
    kind = draw(st.sampled_from(("phone", "landline", "email", "id_number", "address")))
    if kind == "phone":
        value = "1" + draw(st.sampled_from("3456789")) + draw(digits(9))
        written = draw(
            st.sampled_from(
                (
                    value,
                    f"{value[:3]} {value[3:7]} {value[7:]}",
                    f"{value[:3]}.{value[3:7]}.{value[7:]}",
                )
            )
        )
        stored = draw(
            st.sampled_from((value, f"+86 {value}", f"{value[:3]}-{value[3:7]}-{value[7:]}"))
        )
        prefix = draw(st.sampled_from(("", "回电", "号码")))
    elif kind == "landline":
        area = draw(st.sampled_from(AREA_CODES_4))
        local = draw(st.sampled_from("2345678")) + draw(digits(7))
        stored = f"{area}-{local}"
        written = draw(st.sampled_from((local, f"{local[:4]} {local[4:]}", f"{area}{local}")))
        prefix = draw(st.sampled_from(("打", "拨", "回电")))  # no phone cue: only known
    elif kind == "email":
        local = draw(st.sampled_from(LOWER)) + draw(
            st.text(alphabet=LOWER + "0123456789", min_size=3, max_size=10)
        )
        stored = f"{local}@{draw(st.sampled_from(EMAIL_DOMAINS))}"
        written = draw(st.sampled_from((stored, stored.upper(), stored.replace("@", " @ "))))
        prefix = ""
    elif kind == "id_number":
        first17 = f"{draw(st.sampled_from(PROVINCE_CODES))}{draw(digits(4))}"
        born = draw(st.dates(min_value=date(1930, 1, 1), max_value=date(2020, 12, 31)))
        first17 += born.strftime("%Y%m%d") + draw(digits(3))
        stored = first17 + id_check_char(first17)
        written = draw(st.sampled_from((stored, f"{stored[:6]} {stored[6:14]} {stored[14:]}")))
        prefix = ""
    else:
        road, house = draw(st.sampled_from(ROADS)), draw(st.integers(1, 500))
        building, room = (
            draw(st.integers(1, 30)),
            f"{draw(st.integers(1, 30))}0{draw(st.integers(1, 6))}",
        )
        stored = f"湖南省A市B区{road}{house}号{building}栋{room}室"
        written = draw(
            st.sampled_from(
                (
                    stored,
                    f"{road}{house}号{building}栋{room}室",
                    f"A市 {road} {house}号 {building}栋 {room}室",
                )
            )
        )
        prefix = draw(st.sampled_from(("", "寄到", "送到")))
    form = f"{kind}:{'same' if written == stored else 'other_form'}"
    if draw(st.integers(0, 4)) == 0 and kind != "address":
        written, form = written.translate(FULL_WIDTH), form + "+full_width"
    result_kind = "phone" if kind == "landline" else kind
    return draw(
        _embedded((prefix, written, ""), "known_value", form, result_kind, known_values=(stored,))
    )


STRATEGIES: dict[str, Callable[[], st.SearchStrategy[Item]]] = {
    "mobile": mobiles,
    "landline": landlines,
    "id_number": id_numbers,
    "bank_card": bank_cards,
    "email": emails,
    "qq": qq_numbers,
    "wechat": wechat_ids,
    "plate": plates,
    "address": addresses,
    "writer_name": writer_names,
    "third_party_name": third_party_names,
    "known_value": known_values,
}
"""Item type → strategy."""


def sample(strategy: st.SearchStrategy[Item], count: int) -> list[Item]:
    """``count`` different items drawn deterministically (the same on every run)."""
    drawn: dict[tuple[str, tuple[str, ...]], Item] = {}

    @settings(
        max_examples=count * 4,
        derandomize=True,
        database=None,
        phases=[Phase.generate],
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def collect(item: Item) -> None:
        drawn.setdefault((item.text, item.known_values), item)

    collect()
    return list(drawn.values())[:count]
