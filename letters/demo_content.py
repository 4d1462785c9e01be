"""Demo content for the 政民互动办理台: a fictional city, its departments and letters.

Everything here is invented for demonstration and testing. 临江市, its districts,
departments, officials, websites and citizens do not exist; any resemblance to real
people or places is coincidental. In particular:

* the domains under ``linjiang.gov.cn`` are fictional placeholders;
* phone numbers use the 1380000xxxx / 1390000xxxx mobile ranges and the unused
  area code 0999 for fixed lines;
* ID numbers use the unassigned region prefix 9901xx, yet carry a valid
  ISO 7064 MOD 11-2 check digit so that validators and redaction can be exercised;
* e-mail addresses are under ``example.com``.

This module is pure data plus a deterministic generator (``training_letters``). It must
not import Django: the loader that maps this content onto models lives elsewhere.
"""

from __future__ import annotations

import random
from typing import Any

# --------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK_CHARS = "10X98765432"


def id_check_digit(first17: str) -> str:
    """Return the ISO 7064 MOD 11-2 check character of an 18-digit resident ID number."""
    if len(first17) != 17 or not first17.isdigit():
        raise ValueError("first17 must be 17 digits")
    total = sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK_CHARS[total % 11]


def _id_number(region: str, birth: str, seq: int) -> str:
    """Build a fictional resident ID number (region 9901xx) with a valid check digit.

    ``seq`` is the 3-digit sequence code; its last digit is odd for men, even for women.
    """
    first17 = f"{region}{birth}{seq:03d}"
    return first17 + id_check_digit(first17)


# --------------------------------------------------------------------------------------
# The city
# --------------------------------------------------------------------------------------

# Fictional city; the domain is a placeholder and the 网站标识码 uses the unassigned
# region code 9901.
CITY = {
    "name": "临江市",
    "site_name": "临江市人民政府",
    "site_domain": "www.linjiang.gov.cn",
    "site_code": "9901000001",
}

KINDS = (
    "leader_mail",
    "consultation",
    "complaint",
    "suggestion",
    "help",
    "report",
    "site_error",
    "opinion",
)

STAGES = (
    "submitted",
    "accepted",
    "rejected",
    "dispatched",
    "in_progress",
    "paused",
    "under_review",
    "replied",
    "published",
    "closed",
)

RATINGS = ("satisfied", "basically_satisfied", "unsatisfied")

_PUBLIC_KINDS = ["consultation", "complaint", "suggestion", "help", "report"]

DEPARTMENTS: list[dict[str, Any]] = [
    {
        "code": "LJ",
        "name": "临江市人民政府",
        "short_name": "临江市",
        "parent": None,
        "level": "city",
        "kinds": [],
        "head": "郑怀远",
        "phone": "0999-6100000",
    },
    # Districts and counties.
    {
        "code": "LJ-JB",
        "name": "临江市江北区人民政府",
        "short_name": "江北区",
        "parent": "LJ",
        "level": "district",
        "kinds": [*_PUBLIC_KINDS, "site_error"],
        "head": "卢文博",
        "phone": "0999-6210001",
    },
    {
        "code": "LJ-JN",
        "name": "临江市江南区人民政府",
        "short_name": "江南区",
        "parent": "LJ",
        "level": "district",
        "kinds": list(_PUBLIC_KINDS),
        "head": "钟雅琴",
        "phone": "0999-6220001",
    },
    {
        "code": "LJ-GX",
        "name": "临江高新技术产业开发区管理委员会",
        "short_name": "临江高新区",
        "parent": "LJ",
        "level": "district",
        "kinds": list(_PUBLIC_KINDS),
        "head": "严启航",
        "phone": "0999-6230001",
    },
    {
        "code": "LJ-QS",
        "name": "临江市青山县人民政府",
        "short_name": "青山县",
        "parent": "LJ",
        "level": "district",
        "kinds": list(_PUBLIC_KINDS),
        "head": "符国栋",
        "phone": "0999-6240001",
    },
    # City departments.
    {
        "code": "LJ-ZFB",
        "name": "临江市人民政府办公室",
        "short_name": "市政府办公室",
        "parent": "LJ",
        "level": "department",
        "kinds": list(KINDS),
        "head": "邝明德",
        "phone": "0999-6100101",
    },
    {
        "code": "LJ-DSJ",
        "name": "临江市政务服务和大数据管理局",
        "short_name": "大数据局",
        "parent": "LJ",
        "level": "department",
        "kinds": [*_PUBLIC_KINDS, "site_error"],
        "head": "蓝晓峰",
        "phone": "0999-6100202",
    },
    {
        "code": "LJ-ZJJ",
        "name": "临江市住房和城乡建设局",
        "short_name": "住建局",
        "parent": "LJ",
        "level": "department",
        "kinds": list(_PUBLIC_KINDS),
        "head": "裴建新",
        "phone": "0999-6100303",
    },
    {
        "code": "LJ-STJ",
        "name": "临江市生态环境局",
        "short_name": "生态环境局",
        "parent": "LJ",
        "level": "department",
        "kinds": list(_PUBLIC_KINDS),
        "head": "柯清源",
        "phone": "0999-6100404",
    },
    {
        "code": "LJ-JTJ",
        "name": "临江市交通运输局",
        "short_name": "交通运输局",
        "parent": "LJ",
        "level": "department",
        "kinds": list(_PUBLIC_KINDS),
        "head": "戚路平",
        "phone": "0999-6100505",
    },
    {
        "code": "LJ-JYJ",
        "name": "临江市教育局",
        "short_name": "教育局",
        "parent": "LJ",
        "level": "department",
        "kinds": [*_PUBLIC_KINDS, "site_error"],
        "head": "闻书涵",
        "phone": "0999-6100606",
    },
    {
        "code": "LJ-WGLJ",
        "name": "临江市文化广电旅游局",
        "short_name": "文广旅局",
        "parent": "LJ",
        "level": "department",
        "kinds": list(_PUBLIC_KINDS),
        "head": "容若溪",
        "phone": "0999-6100707",
    },
    {
        "code": "LJ-RSJ",
        "name": "临江市人力资源和社会保障局",
        "short_name": "人社局",
        "parent": "LJ",
        "level": "department",
        "kinds": list(_PUBLIC_KINDS),
        "head": "甘立业",
        "phone": "0999-6100808",
    },
    {
        "code": "LJ-WJW",
        "name": "临江市卫生健康委员会",
        "short_name": "卫健委",
        "parent": "LJ",
        "level": "department",
        "kinds": [*_PUBLIC_KINDS, "site_error"],
        "head": "聂康宁",
        "phone": "0999-6100909",
    },
    {
        "code": "LJ-YBJ",
        "name": "临江市医疗保障局",
        "short_name": "医保局",
        "parent": "LJ",
        "level": "department",
        "kinds": list(_PUBLIC_KINDS),
        "head": "桂安和",
        "phone": "0999-6101010",
    },
    {
        "code": "LJ-GJJ",
        "name": "临江市住房公积金管理中心",
        "short_name": "公积金中心",
        "parent": "LJ",
        "level": "department",
        "kinds": [*_PUBLIC_KINDS, "site_error"],
        "head": "麦家栋",
        "phone": "0999-6101111",
    },
    {
        "code": "LJ-GAJ",
        "name": "临江市公安局",
        "short_name": "市公安局",
        "parent": "LJ",
        "level": "department",
        "kinds": [*_PUBLIC_KINDS, "opinion"],
        "head": "岑志刚",
        "phone": "0999-6101212",
    },
    {
        "code": "LJ-SCJ",
        "name": "临江市市场监督管理局",
        "short_name": "市场监管局",
        "parent": "LJ",
        "level": "department",
        "kinds": list(_PUBLIC_KINDS),
        "head": "巫正诚",
        "phone": "0999-6101313",
    },
    {
        "code": "LJ-ZRJ",
        "name": "临江市自然资源和规划局",
        "short_name": "自然资源和规划局",
        "parent": "LJ",
        "level": "department",
        "kinds": list(_PUBLIC_KINDS),
        "head": "段望川",
        "phone": "0999-6101414",
    },
    {
        "code": "LJ-CGJ",
        "name": "临江市城市管理局",
        "short_name": "城管局",
        "parent": "LJ",
        "level": "department",
        "kinds": [*_PUBLIC_KINDS, "opinion"],
        "head": "詹立城",
        "phone": "0999-6101515",
    },
    {
        "code": "LJ-MZJ",
        "name": "临江市民政局",
        "short_name": "民政局",
        "parent": "LJ",
        "level": "department",
        "kinds": list(_PUBLIC_KINDS),
        "head": "苗惠民",
        "phone": "0999-6101616",
    },
    {
        "code": "LJ-SWJ",
        "name": "临江市商务局",
        "short_name": "商务局",
        "parent": "LJ",
        "level": "department",
        "kinds": list(_PUBLIC_KINDS),
        "head": "屠兴邦",
        "phone": "0999-6101717",
    },
]

# Routing categories and the department that answers each of them.
CATEGORIES: list[dict[str, str]] = [
    {"name": "城乡建设", "department": "LJ-ZJJ"},
    {"name": "环境保护", "department": "LJ-STJ"},
    {"name": "交通运输", "department": "LJ-JTJ"},
    {"name": "教育文体", "department": "LJ-JYJ"},
    {"name": "劳动和社会保障", "department": "LJ-RSJ"},
    {"name": "商贸旅游", "department": "LJ-SWJ"},
    {"name": "卫生计生", "department": "LJ-WJW"},
    {"name": "住房公积金", "department": "LJ-GJJ"},
    {"name": "医疗保障", "department": "LJ-YBJ"},
    {"name": "公安户籍", "department": "LJ-GAJ"},
    {"name": "市场监管", "department": "LJ-SCJ"},
    {"name": "城市管理", "department": "LJ-CGJ"},
    {"name": "民政", "department": "LJ-MZJ"},
    {"name": "国土规划", "department": "LJ-ZRJ"},
    {"name": "政务服务", "department": "LJ-DSJ"},
]

LEADERS: list[dict[str, Any]] = [
    {
        "name": "郑怀远",
        "title": "市长",
        "office": "LJ-ZFB",
        "intro": "主持市政府全面工作。负责审计、机构编制方面的工作。",
    },
    {
        "name": "骆思齐",
        "title": "常务副市长",
        "office": "LJ-ZFB",
        "intro": (
            "协助市长处理市政府日常工作。负责发展改革、财政、税务、金融、统计、"
            "政务服务和大数据管理方面的工作。"
        ),
    },
    {
        "name": "姚静澜",
        "title": "副市长（分管教育、卫生健康）",
        "office": "LJ-ZFB",
        "intro": "负责教育、卫生健康、医疗保障、民政、文化广电旅游、体育方面的工作。",
    },
    {
        "name": "易江宁",
        "title": "副市长（分管城乡建设、交通）",
        "office": "LJ-ZFB",
        "intro": (
            "负责住房和城乡建设、自然资源和规划、交通运输、城市管理、生态环境、"
            "住房公积金方面的工作。"
        ),
    },
    {
        "name": "邵振国",
        "title": "副市长（分管公安、市场监管）",
        "office": "LJ-ZFB",
        "intro": "负责公安、司法行政、市场监管、人力资源和社会保障、商务方面的工作。",
    },
]

# Website registry (网站名录). All domains are fictional placeholders.
WEBSITES: list[dict[str, Any]] = [
    {
        "name": "临江市人民政府门户网站",
        "domains": ["www.linjiang.gov.cn", "linjiang.gov.cn"],
        "site_code": "9901000001",
        "owner": "LJ-DSJ",
    },
    {
        "name": "临江市政务服务网",
        "domains": ["zwfw.linjiang.gov.cn"],
        "site_code": "9901000002",
        "owner": "LJ-DSJ",
    },
    {
        "name": "临江市教育局网站",
        "domains": ["jyj.linjiang.gov.cn"],
        "site_code": "9901000013",
        "owner": "LJ-JYJ",
    },
    {
        "name": "临江市卫生健康委员会网站",
        "domains": ["wjw.linjiang.gov.cn"],
        "site_code": "9901000021",
        "owner": "LJ-WJW",
    },
    {
        "name": "临江市住房公积金管理中心网站",
        "domains": ["gjj.linjiang.gov.cn"],
        "site_code": "9901000034",
        "owner": "LJ-GJJ",
    },
    {
        "name": "临江市江北区人民政府网站",
        "domains": ["www.jiangbei.linjiang.gov.cn", "jiangbei.linjiang.gov.cn"],
        "site_code": "9901020001",
        "owner": "LJ-JB",
    },
]

# Error types of 网站找错 letters: exactly the application's choices (code, label).
WEBSITE_ERROR_TYPES: list[tuple[str, str]] = [
    ("typo", "错别字、病句"),
    ("broken_link", "链接无法打开"),
    ("outdated", "内容长期未更新"),
    ("inaccurate", "信息不准确"),
    ("unreachable", "页面无法访问"),
    ("service", "办事服务不可用"),
    ("interaction", "互动留言未回复"),
    ("other", "其他问题"),
]

SOLICITATIONS: list[dict[str, Any]] = [
    {
        "title": "《临江市养犬管理办法（征求意见稿）》公开征求意见",
        "text": (
            "为规范养犬行为，保障公民健康和人身安全，维护市容环境和社会公共秩序，"
            "市公安局会同市城市管理局、市农业农村局等部门起草了《临江市养犬管理办法"
            "（征求意见稿）》，现向社会公开征求意见。\n"
            "征求意见稿共五章三十八条，主要内容包括：实行养犬登记和年度审验制度；"
            "江北区、江南区和临江高新区为重点管理区，重点管理区内每户限养一只犬，"
            "禁止个人饲养烈性犬和大型犬；携犬出户应当束犬链、佩戴犬牌，"
            "并及时清除犬只粪便；建立犬只收容和领养机制等。\n"
            "社会各界可通过以下方式提出意见建议：一是登录临江市人民政府门户网站"
            "“征集意见”栏目在线留言；二是发送电子邮件至 yangquan@example.com；"
            "三是信函寄至临江市公安局治安管理支队（信封注明“养犬管理办法意见”）。\n"
            "意见征集时间为2026年11月1日至2026年12月31日。"
            "我们将认真研究各方面意见，并在征集结束后公开意见采纳情况。"
        ),
        "owner": "LJ-GAJ",
        "opens": "2026-11-01",
        "closes": "2026-12-31",
    },
    {
        "title": "《临江市生活垃圾分类管理办法（草案）》公开征求意见",
        "text": (
            "为推进生活垃圾减量化、资源化、无害化，市城市管理局起草了《临江市生活垃圾"
            "分类管理办法（草案）》，现公开征求社会各界意见。\n"
            "草案明确生活垃圾分为可回收物、有害垃圾、厨余垃圾和其他垃圾四类，"
            "规定了分类投放管理责任人制度，对居住小区定时定点投放、"
            "大件垃圾和装修垃圾预约收运、餐饮单位厨余垃圾单独收运等作出规定。\n"
            "社会各界可通过临江市人民政府门户网站“征集意见”栏目、电子邮件或信函"
            "提出意见建议。\n"
            "意见征集时间为2026年6月1日至2026年6月30日。"
        ),
        "owner": "LJ-CGJ",
        "opens": "2026-06-01",
        "closes": "2026-06-30",
    },
]

# Index of the solicitation that is open for comments in the demo.
OPEN_SOLICITATION = 0

REPLY_TEMPLATES: list[dict[str, Any]] = [
    {
        "name": "通用答复",
        "kind": None,
        "department": None,
        "text": (
            "{name}：\n"
            "您好！您于{received_date}通过临江市人民政府门户网站反映的“{title}”"
            "（信件编号：{tracking_number}）收悉。经核实，现答复如下：\n"
            "……\n"
            "如有疑问，可在工作日拨打咨询电话联系我们。感谢您对我市工作的关注和支持！\n"
            "{department}"
        ),
    },
    {
        "name": "咨询类答复",
        "kind": "consultation",
        "department": None,
        "text": (
            "{name}：\n"
            "您好！您于{received_date}咨询的“{title}”问题收悉。根据相关政策规定，"
            "现将有关情况答复如下：\n"
            "……\n"
            "以上答复供参考。具体办理事项可携带相关材料到市民服务中心窗口咨询办理。"
            "感谢您的来信！\n"
            "{department}"
        ),
    },
    {
        "name": "投诉处理结果答复",
        "kind": "complaint",
        "department": None,
        "text": (
            "{name}：\n"
            "您好！您于{received_date}反映的“{title}”问题（信件编号：{tracking_number}）"
            "收悉。我单位高度重视，立即安排工作人员到现场进行核查。经核实，……\n"
            "针对上述情况，我单位已责令相关责任方限期整改，并将持续跟踪整改落实情况。"
            "感谢您对我市工作的监督和支持！\n"
            "{department}"
        ),
    },
    {
        "name": "网站找错答复",
        "kind": "site_error",
        "department": None,
        "text": (
            "{name}：\n"
            "您好！感谢您对临江市政府网站建设的关注。您于{received_date}通过"
            "“我为政府网站找错”平台反映的“{title}”问题（信件编号：{tracking_number}）"
            "收悉。经核查，您反映的问题属实，我单位已于收到留言后及时完成修改。"
            "欢迎您继续对我们的网站提出宝贵意见。\n"
            "{department}"
        ),
    },
    {
        "name": "征集意见反馈",
        "kind": "opinion",
        "department": "LJ-GAJ",
        "text": (
            "{name}：\n"
            "您好！您于{received_date}对《临江市养犬管理办法（征求意见稿）》提出的意见"
            "收悉。我局将在修改完善办法时认真研究吸纳，意见采纳情况将在征集结束后"
            "统一公开。感谢您积极参与我市立法工作！\n"
            "{department}"
        ),
    },
    {
        "name": "补正材料通知",
        "kind": None,
        "department": None,
        "text": (
            "{name}：\n"
            "您好！您于{received_date}反映的“{title}”（信件编号：{tracking_number}）"
            "收悉。由于来信中缺少具体地址（街道、小区名称或门牌号）及发生时间，"
            "我单位暂时无法开展核查。请您通过信件查询页面补充上述信息，"
            "补正期间办理时限暂停计算。感谢您的理解与配合！\n"
            "{department}"
        ),
    },
    {
        "name": "不属于受理范围告知",
        "kind": None,
        "department": "LJ-ZFB",
        "text": (
            "{name}：\n"
            "您好！您于{received_date}提交的“{title}”收悉。经审查，您反映的事项"
            "已进入司法程序，根据有关规定不属于本平台受理范围，"
            "建议您依法通过诉讼等途径主张权利。感谢您的理解！\n"
            "{department}"
        ),
    },
]

# --------------------------------------------------------------------------------------
# Showcase letters
# --------------------------------------------------------------------------------------


def _letter(
    kind: str,
    title: str,
    body: str,
    *,
    name: str,
    gender: str,
    phone: str,
    department: str,
    stage: str,
    days_ago: int,
    email: str = "",
    id_number: str = "",
    address: str = "",
    consent_public: bool = False,
    leader: int | None = None,
    url: str = "",
    error_type: str = "",
    solicitation: int | None = None,
    category: str | None = None,
    reply: str = "",
    rating: str | None = None,
    reject_reason: str = "",
) -> dict[str, Any]:
    return {
        "kind": kind,
        "title": title,
        "body": body,
        "name": name,
        "gender": gender,
        "phone": phone,
        "email": email,
        "id_number": id_number,
        "address": address,
        "consent_public": consent_public,
        "leader": leader,
        "url": url,
        "error_type": error_type,
        "solicitation": solicitation,
        "category": category,
        "department": department,
        "days_ago": days_ago,
        "stage": stage,
        "reply": reply,
        "rating": rating,
        "reject_reason": reject_reason,
    }


# An ID number that also appears inside a letter body, to exercise redaction.
_ID_IN_BODY = _id_number("990103", "19660708", 43)

LETTERS: list[dict[str, Any]] = [
    # ---- 领导信箱 ------------------------------------------------------------------
    _letter(
        "leader_mail",
        "建议在江北新城规划建设一所公办高中",
        "郑市长您好！我是江北区滨江街道的一名家长。近几年江北新城入住人口增长很快，"
        "仅我家周边就新交付了七八个小区，但江北区至今只有一所公办普通高中，"
        "每年中考后很多孩子只能到江南区或者青山县读书，每天通勤一个多小时。"
        "恳请市里在编制教育设施布局规划时统筹考虑，在江北新城规划建设一所公办高中，"
        "解决群众的实际困难。",
        name="何秋实",
        gender="male",
        phone="13900001806",
        email="heqiushi@example.com",
        id_number=_id_number("990102", "19820315", 31),
        address="临江市江北区滨江街道春晖路16号",
        consent_public=True,
        leader=0,
        department="LJ-ZFB",
        stage="submitted",
        days_ago=0,
    ),
    _letter(
        "leader_mail",
        "望湖路高架施工期间交通拥堵严重",
        "易副市长：您好！望湖路高架工程开工快一年了，施工围挡把双向六车道压缩成"
        "双向两车道，早晚高峰从望湖路口到临江大桥要排四十多分钟。"
        "围挡范围内很多区域长时间没有施工，能否分段施工、分段撤除围挡？"
        "另外建议在施工路段增加交警疏导，优化信号灯配时。"
        "我叫温志远，在江南区上班，联系电话13900002718，希望得到回复。",
        name="温志远",
        gender="male",
        phone="13900002718",
        consent_public=True,
        leader=3,
        department="LJ-ZFB",
        stage="accepted",
        days_ago=1,
    ),
    _letter(
        "leader_mail",
        "青山县乡镇卫生院缺少儿科医生",
        "姚副市长好！我家住青山县石门镇，孩子今年三岁，经常感冒发烧。"
        "镇卫生院没有儿科医生，只能坐一个多小时的班车到县医院看病，"
        "晚上孩子发烧更是没有办法。听说市里有城市医生下乡支援的政策，"
        "能否安排市级医院的儿科医生定期到乡镇卫生院坐诊，或者开通远程问诊？谢谢！",
        name="罗晓燕",
        gender="female",
        phone="13800003265",
        id_number=_id_number("990121", "19930621", 48),
        address="临江市青山县石门镇石门村三组",
        consent_public=True,
        leader=2,
        department="LJ-ZFB",
        stage="dispatched",
        days_ago=2,
    ),
    _letter(
        "leader_mail",
        "企业开办“一网通办”仍需多次跑腿",
        "骆副市长您好！我在临江高新区注册了一家软件公司。按照宣传，"
        "企业开办可以在政务服务网上一网通办，但实际操作中，营业执照在网上办完后，"
        "刻章、银行开户、社保登记仍要分别到不同窗口排队，前后跑了四趟。"
        "建议把这些环节真正整合进一个流程，数据共享、一次提交，让企业少跑腿。",
        name="谭一鸣",
        gender="male",
        phone="13800007741",
        email="tanyiming@example.com",
        consent_public=False,
        leader=1,
        department="LJ-ZFB",
        stage="in_progress",
        days_ago=3,
    ),
    _letter(
        "leader_mail",
        "老旧小区周边电动自行车被盗频发",
        "邵副市长：您好！我是江南区桂花苑小区的居民。今年以来小区及周边已经有"
        "十几辆电动自行车被盗，我本人的车也在上个月被偷，报警后至今没有结果。"
        "小区是老旧小区，没有门岗，监控大部分是坏的。希望公安机关加强夜间巡逻，"
        "也希望推动老旧小区安装监控和智能充电车棚，让居民安心。",
        name="施美玲",
        gender="female",
        phone="13900004402",
        id_number=_id_number("990102", "19760912", 64),
        address="临江市江南区桂花苑小区7栋",
        consent_public=True,
        leader=4,
        department="LJ-ZFB",
        stage="under_review",
        days_ago=5,
    ),
    _letter(
        "leader_mail",
        "关于保留临江老码头历史建筑的建议",
        "市长您好！临江老码头一带的旧仓库和骑楼是我们这座城市开埠的见证。"
        "听说滨江片区要进行更新改造，很多老居民担心这些老建筑会被拆掉。"
        "希望市里在改造中坚持保护优先，对有价值的老建筑挂牌保护，"
        "修缮后做成市民可以参观的历史文化街区，留住城市的记忆。",
        name="何婉清",
        gender="female",
        phone="13800005190",
        consent_public=True,
        leader=0,
        department="LJ-ZFB",
        stage="replied",
        days_ago=9,
        reply=(
            "您好！您的来信收悉。滨江片区更新改造坚持“保护为先、留改拆并举”的原则。"
            "经市自然资源和规划局、市住房和城乡建设局会同有关专家调查，"
            "片区内老仓库、骑楼等历史建筑共23处已列入历史建筑保护名录，"
            "将全部予以保留并进行修缮，改造完成后作为历史文化街区向市民开放。"
            "感谢您对城市文脉保护的关注和支持！"
        ),
    ),
    _letter(
        "leader_mail",
        "江南区多个小区停车难问题",
        "易副市长您好！江南区翠湖、锦绣、望江等几个小区建成较早，车位配比很低，"
        "晚上路边停满了车，消防通道经常被堵。小区附近有一块闲置空地，"
        "能否临时改建为公共停车场？另外建议推动周边机关单位的停车场"
        "在夜间和节假日向居民错时开放。",
        name="龚建军",
        gender="male",
        phone="13900006633",
        id_number=_id_number("990102", "19710204", 17),
        consent_public=True,
        leader=3,
        department="LJ-ZFB",
        stage="published",
        days_ago=18,
        reply=(
            "您好！来信收悉。经市城市管理局、江南区政府实地调查，您反映的闲置空地"
            "为储备用地，已同意先行建设临时公共停车场，设置车位约180个，"
            "预计明年一季度投入使用；同时已协调周边4家机关事业单位在工作日夜间"
            "和节假日向居民错时开放停车位共260个。江南区将同步加强消防通道管理。"
            "感谢您的关注！"
        ),
        rating="satisfied",
    ),
    _letter(
        "leader_mail",
        "希望延长市图书馆夜间开放时间",
        "姚副市长好！我是一名在高新区工作的年轻人，下班后想去市图书馆看书，"
        "但图书馆晚上八点就闭馆了，周一还全天闭馆。能否参照其他城市的做法，"
        "把开放时间延长到晚上十点，或者在人口集中的片区设立24小时自助阅览室？"
        "相信会有很多年轻人受益。",
        name="邱子涵",
        gender="female",
        phone="13800008857",
        email="qiuzihan@example.com",
        consent_public=True,
        leader=2,
        department="LJ-ZFB",
        stage="closed",
        days_ago=35,
        reply=(
            "您好！来信收悉。经市文化广电旅游局研究，自下月起市图书馆自习区"
            "开放时间延长至每日21:30，周一下午起开放部分阅览区；"
            "同时已在临江高新区创新大厦一楼建成24小时城市书房，"
            "可凭社会保障卡或身份证自助进入。欢迎您前往使用，也欢迎继续提出宝贵意见。"
        ),
        rating="satisfied",
    ),
    # ---- 咨询 ----------------------------------------------------------------------
    _letter(
        "consultation",
        "灵活就业人员如何缴纳城镇职工养老保险",
        "你好，我今年38岁，之前在公司上班交了六年社保，去年辞职后自己开网店。"
        "想问一下，灵活就业人员能不能以个人身份继续缴纳城镇职工养老保险？"
        "缴费基数怎么选，在哪里办理？能不能在手机上直接办？谢谢。",
        name="孔令杰",
        gender="male",
        phone="13800001127",
        consent_public=True,
        category="劳动和社会保障",
        department="LJ-RSJ",
        stage="submitted",
        days_ago=0,
    ),
    _letter(
        "consultation",
        "随迁子女在江北区就读小学需要什么材料",
        "您好！我和爱人都是外省户籍，在江北区工作三年了，"
        "租住在江北区滨江路88号锦江花园3栋1单元602室。孩子明年九月要上小学，"
        "请问随迁子女入学需要准备哪些材料？居住证需要办满多长时间？"
        "是不是按租住地址划片入学？谢谢。",
        name="韦丽娟",
        gender="female",
        phone="13900001354",
        email="weilijuan@example.com",
        address="临江市江北区滨江路88号锦江花园3栋1单元602室",
        consent_public=True,
        category="教育文体",
        department="LJ-JYJ",
        stage="accepted",
        days_ago=1,
    ),
    _letter(
        "consultation",
        "公积金贷款额度怎么计算",
        "您好，请问住房公积金贷款额度是怎么计算的？我和妻子都在缴公积金，"
        "已经连续缴存三年，想在江南区买一套二手房。夫妻双方都缴存的话额度能不能叠加？"
        "二手房的房龄对贷款年限有没有影响？",
        name="包振宇",
        gender="male",
        phone="13800002290",
        consent_public=True,
        category="住房公积金",
        department="LJ-GJJ",
        stage="rejected",
        days_ago=3,
        reject_reason=(
            "您反映的问题与您两天前提交的信件内容重复，该信件已受理并正在办理中，"
            "请凭原信件的查询码查看办理进度。"
        ),
    ),
    _letter(
        "consultation",
        "长期异地居住如何办理异地就医备案",
        "你好，我母亲今年72岁，参加的是临江市城乡居民医保，现在跟我在外省生活。"
        "请问长期异地居住怎么办理异地就医备案？我可以在网上替她办吗？"
        "备案以后在当地住院能直接结算吗？门诊费用能不能报销？",
        name="葛文静",
        gender="female",
        phone="13900003471",
        id_number=_id_number("990101", "19800506", 26),
        consent_public=True,
        category="医疗保障",
        department="LJ-YBJ",
        stage="dispatched",
        days_ago=2,
    ),
    _letter(
        "consultation",
        "新生儿随父落户需要哪些材料",
        "您好，我家宝宝上个月在市妇幼保健院出生。我是临江户籍，户口在江南区，"
        "孩子妈妈户口在青山县。请问新生儿可以随父落户到江南区吗？"
        "需要带哪些材料？出生医学证明还没拿到能不能先办？可以网上办理吗？",
        name="殷浩然",
        gender="male",
        phone="13800004638",
        id_number=_id_number("990102", "19910817", 53),
        consent_public=False,
        category="公安户籍",
        department="LJ-GAJ",
        stage="in_progress",
        days_ago=4,
    ),
    _letter(
        "consultation",
        "小超市增加熟食经营范围怎么办理",
        "你好，我在青山县城关镇开了一家小超市，营业执照是前几年办的。"
        "现在想在店里增加卖熟食和现制饮品，请问经营范围要怎么变更？"
        "是不是还要另外办食品经营许可证？需要去哪个窗口，大概多久能办好？",
        name="黎桂芳",
        gender="female",
        phone="13900005526",
        consent_public=True,
        category="市场监管",
        department="LJ-SCJ",
        stage="paused",
        days_ago=8,
    ),
    _letter(
        "consultation",
        "租房能否提取住房公积金",
        "您好，我在江北区租房住，本人和配偶在临江都没有自有住房。"
        "请问租房可以提取住房公积金吗？每年最多可以提取多少？"
        "需要提供租房合同和租金发票吗？能不能在网上按月提取？",
        name="阮晓东",
        gender="male",
        phone="13800006712",
        consent_public=True,
        category="住房公积金",
        department="LJ-GJJ",
        stage="replied",
        days_ago=7,
        reply=(
            "您好！根据《临江市住房公积金提取管理办法》，职工及配偶在本市无自有住房"
            "且租赁住房的，可申请提取住房公积金支付房租。租住商品住房的，"
            "每年提取额度不超过18000元，可通过“临江公积金”网上服务厅按月或按年申请，"
            "无需提供租房合同和发票；租住公共租赁住房的，凭租赁合同和租金缴纳凭证"
            "按实际租金提取。如有疑问，请拨打服务热线0999-6101111。"
        ),
    ),
    _letter(
        "consultation",
        "老年人优待证在哪里办理",
        "您好，我父亲今年刚满65岁，户口在江南区。听说65岁以上老人可以免费乘坐公交、"
        "免费游览公园，请问老年人优待证在哪里办理，需要什么材料？"
        "老人腿脚不方便，可以由子女代办吗？",
        name="常慧敏",
        gender="female",
        phone="13900007085",
        consent_public=True,
        category="民政",
        department="LJ-MZJ",
        stage="published",
        days_ago=15,
        reply=(
            "您好！年满65周岁的本市户籍老年人可申领老年人优待证。申请人可携带身份证、"
            "近期一寸免冠照片到户籍所在地社区服务站办理，也可以通过“临江市民通”"
            "手机应用在线申请，审核通过后可选择邮寄送达。子女代办的，"
            "需提供代办人身份证和老人身份证原件。持证可免费乘坐市内公交车，"
            "免费进入市属公园。"
        ),
        rating="satisfied",
    ),
    _letter(
        "consultation",
        "高新区人才公寓的申请条件",
        "您好！我是今年刚从外省毕业的硕士研究生，已和临江高新区一家企业签了"
        "三年劳动合同。请问高新区的人才公寓申请条件是什么？租金标准怎样？"
        "最长可以住几年？需要单位出具什么证明？",
        name="欧阳睿",
        gender="male",
        phone="13800008394",
        email="ouyangrui@example.com",
        consent_public=True,
        category="城乡建设",
        department="LJ-GX",
        stage="closed",
        days_ago=28,
        reply=(
            "您好！根据《临江高新区人才公寓管理办法》，在区内企业工作、签订一年以上"
            "劳动合同且本人及配偶在本市无自有住房的全日制本科以上学历人员，"
            "可申请人才公寓。硕士研究生前两年免收租金，第三年起按市场租金的50%收取，"
            "租住期限最长5年。您可通过高新区人才服务中心网站在线申请，"
            "由所在企业审核后统一报送。"
        ),
        rating="basically_satisfied",
    ),
    # ---- 投诉 ----------------------------------------------------------------------
    _letter(
        "complaint",
        "望湖路在建楼盘夜间施工噪音扰民",
        "江南区望湖路与桂花路交叉口东北角的在建楼盘，最近一周每天晚上施工到"
        "凌晨一两点，打桩机、混凝土泵车声音很大，周边几个小区的居民根本无法休息。"
        "请问他们有没有办理夜间施工许可？请有关部门尽快到现场查处，"
        "还居民一个安静的夜晚。",
        name="袁志强",
        gender="male",
        phone="13900009123",
        consent_public=False,
        category="环境保护",
        department="LJ-STJ",
        stage="submitted",
        days_ago=0,
    ),
    _letter(
        "complaint",
        "要求政府责令装修公司退还预付款",
        "我与一家装修公司因装修合同纠纷，已经向江北区人民法院起诉，"
        "一审判决我败诉。我认为判决不公，装修公司没有按合同施工，"
        "要求政府出面责令装修公司退还我预付的三万元装修款，并对这家公司进行处罚。",
        name="万德胜",
        gender="male",
        phone="13800009562",
        id_number=_id_number("990101", "19650423", 39),
        consent_public=False,
        department="LJ-ZFB",
        stage="rejected",
        days_ago=4,
        reject_reason=(
            "您反映的事项已经人民法院裁判，属于诉讼程序处理范围，"
            "根据《信访工作条例》有关规定不予受理。如对一审判决不服，"
            "可依法在上诉期内向上一级人民法院提起上诉。"
        ),
    ),
    _letter(
        "complaint",
        "火车站出租车拒载、不打表",
        "昨天晚上九点多，我在临江火车站出站口打车去江北区，连续三辆出租车都说不打表，"
        "要一口价80元，不同意就拒载。平时打表也就35元左右。火车站是城市的窗口，"
        "希望交通运输部门加强火车站出租车管理，严查拒载和议价行为。",
        name="田思远",
        gender="male",
        phone="13900000319",
        email="tiansiyuan@example.com",
        consent_public=True,
        category="交通运输",
        department="LJ-JTJ",
        stage="dispatched",
        days_ago=1,
    ),
    _letter(
        "complaint",
        "金沙湾小区物业擅自上调物业费",
        "我是江北区金沙湾小区业主。物业公司贴出通知，下个月起物业费从每平方米1.2元"
        "上涨到1.8元，涨幅达50%，既没有召开业主大会，也没有公示成本。"
        "小区电梯经常坏，绿化也没人管，服务越来越差却要涨价。"
        "请主管部门核查物业公司涨价是否合规。",
        name="雷淑华",
        gender="female",
        phone="13800000876",
        id_number=_id_number("990102", "19690130", 82),
        address="临江市江北区金沙湾小区12栋",
        consent_public=True,
        category="城乡建设",
        department="LJ-ZJJ",
        stage="in_progress",
        days_ago=3,
    ),
    _letter(
        "complaint",
        "楼下烧烤店油烟直排居民楼",
        "我家楼下新开了一家烧烤店，排烟管道直接对着我们居民楼，"
        "每天从下午五点到半夜，油烟和炭火烟气熏得我们不敢开窗，"
        "家里老人孩子都出现了咳嗽。找店主沟通了好几次都没用，希望相关部门管一管。",
        name="金晓红",
        gender="female",
        phone="13900001945",
        consent_public=False,
        category="环境保护",
        department="LJ-JN",
        stage="paused",
        days_ago=10,
    ),
    _letter(
        "complaint",
        "超市销售过期酸奶且拒绝赔偿",
        "我于本周日在江北区一家连锁超市购买了两盒酸奶，回家后发现已过保质期三天，"
        "孩子已经喝了一口。与超市交涉，对方只同意退款，态度很差。"
        "我保留了购物小票和商品照片。请市场监管部门依法查处。"
        "我叫贾小萌，电话13800004521，可随时联系我提供证据。",
        name="贾小萌",
        gender="female",
        phone="13800004521",
        consent_public=False,
        category="市场监管",
        department="LJ-SCJ",
        stage="under_review",
        days_ago=6,
    ),
    _letter(
        "complaint",
        "21路公交车早高峰到站不停",
        "21路公交车在青山县汽车站到城关中学这一段，经常到站不停，"
        "特别是早上七点左右，站台上等车的学生很多，司机直接开过去。"
        "我孩子已经因此迟到好几次了。希望公交公司加强管理，早高峰增加班次。",
        name="蒲海波",
        gender="male",
        phone="13900002384",
        consent_public=True,
        category="交通运输",
        department="LJ-JTJ",
        stage="replied",
        days_ago=8,
        reply=(
            "您好！来信收悉。经调查，您反映的21路公交车早高峰越站问题属实。"
            "市交通运输局已责成青山县公交公司对相关驾驶员进行批评教育和绩效扣罚，"
            "并在全线开展服务规范整顿。自本周一起，21路早高峰（6:30—7:30）"
            "加开区间车4班，发车间隔由15分钟缩短至8分钟。欢迎您继续监督。"
        ),
    ),
    _letter(
        "complaint",
        "市第二人民医院门诊排队时间过长",
        "上周二我带父亲到市第二人民医院看心内科，早上七点就到了医院，"
        "挂号、候诊、缴费、检查每个环节都排长队，一直到下午三点才看完。"
        "自助机老人不会用，现场也没有志愿者指导。希望医院优化就诊流程，"
        "增加老年人服务窗口。",
        name="宋雨婷",
        gender="female",
        phone="13800003017",
        consent_public=True,
        category="卫生计生",
        department="LJ-WJW",
        stage="published",
        days_ago=20,
        reply=(
            "您好！来信收悉。市卫生健康委已督促市第二人民医院进行整改："
            "一是心内科等热门科室增开午间门诊和周末门诊；二是全面推行分时段预约，"
            "预约时段精确到30分钟；三是在门诊大厅设立“老年人服务专窗”，"
            "每层楼安排志愿者引导使用自助设备；四是开通诊间结算，减少排队缴费。"
            "感谢您的监督！"
        ),
        rating="basically_satisfied",
    ),
    _letter(
        "complaint",
        "幸福里小区旁装修垃圾长期无人清运",
        "江北区滨江街道幸福里小区5栋旁边的空地堆放了大量装修垃圾和废旧家具，"
        "已经快两个月了，一直没人清运，天热蚊蝇滋生，还有异味。"
        "多次向物业反映，物业说不归他们管。请城管部门协调清运，并从根本上解决问题。",
        name="廖永福",
        gender="male",
        phone="13900003650",
        address="临江市江北区滨江街道幸福里小区5栋",
        consent_public=True,
        category="城市管理",
        department="LJ-CGJ",
        stage="closed",
        days_ago=45,
        reply=(
            "您好！来信收悉。经江北区城市管理局现场核查，该处装修垃圾系小区多户业主"
            "装修后随意堆放所致。区城管局已于接件后2日内组织清运，"
            "共清运建筑垃圾约12车。同时责成物业公司在小区内设置装修垃圾临时堆放点，"
            "实行预约清运，并对随意堆放行为加强劝导和巡查。"
        ),
        rating="unsatisfied",
    ),
    # ---- 建议 ----------------------------------------------------------------------
    _letter(
        "suggestion",
        "建议在滨江公园增设公共厕所和直饮水点",
        "滨江公园是江北区市民晨练、散步最集中的地方，每天早晚人很多，"
        "但整个公园只有北门一处公共厕所，从南门过去要走二十多分钟，"
        "老人和孩子很不方便。建议在公园南段和中段各增设一处公共厕所，"
        "并在主要步道旁设置直饮水点。",
        name="方淑琴",
        gender="female",
        phone="13800005813",
        consent_public=True,
        category="城市管理",
        department="LJ-CGJ",
        stage="accepted",
        days_ago=1,
    ),
    _letter(
        "suggestion",
        "建议开通高新区至火车站的快速公交",
        "我在临江高新区上班，每周五要去火车站坐车回老家。目前高新区到火车站"
        "要换乘两次公交，单程将近一个半小时，打车又很贵。建议开通一条高新区"
        "至火车站的快速公交或者通勤专线，周五晚上和周日下午加密班次。",
        name="车俊杰",
        gender="male",
        phone="13900006274",
        email="chejunjie@example.com",
        consent_public=True,
        category="交通运输",
        department="LJ-JTJ",
        stage="dispatched",
        days_ago=2,
    ),
    _letter(
        "suggestion",
        "建议社区老年食堂延长供餐时间并提供送餐",
        "我们江南区望江社区的老年食堂饭菜实惠，老人们都很喜欢，"
        "但只供应午餐，而且十一点半就开始打烊。很多行动不便的独居老人来不了，"
        "建议增加晚餐供应，并为八十岁以上和失能老人提供上门送餐服务，"
        "费用可以适当收取。",
        name="沈佩华",
        gender="female",
        phone="13800007420",
        id_number=_id_number("990102", "19580227", 26),
        consent_public=True,
        category="民政",
        department="LJ-MZJ",
        stage="in_progress",
        days_ago=4,
    ),
    _letter(
        "suggestion",
        "建议中小学课后服务增加体育项目",
        "现在学校的课后服务大部分时间是让孩子在教室写作业，孩子在学校"
        "一坐就是一整天，近视和肥胖的越来越多。建议课后服务每天至少安排"
        "一个小时体育活动，开设足球、篮球、跳绳、游泳等兴趣班，"
        "可以引进社会上有资质的体育俱乐部进校园。",
        name="杜振华",
        gender="male",
        phone="13900008035",
        consent_public=True,
        category="教育文体",
        department="LJ-JYJ",
        stage="under_review",
        days_ago=6,
    ),
    _letter(
        "suggestion",
        "建议医院全面支持医保电子凭证挂号结算",
        "现在医保电子凭证已经很普及了，但我发现市里有的医院只能在人工窗口刷实体卡，"
        "自助机和手机上都不支持医保电子凭证结算，来回排队很浪费时间。"
        "建议医保部门推动全市定点医院和药店全面支持医保电子凭证挂号、缴费、结算。"
        "如有需要可以邮件联系我：fengjia@example.com。",
        name="冯嘉",
        gender="male",
        phone="13800009168",
        email="fengjia@example.com",
        consent_public=True,
        category="医疗保障",
        department="LJ-YBJ",
        stage="replied",
        days_ago=10,
        reply=(
            "您好！感谢您的建议。目前全市二级以上定点医疗机构已全部支持医保电子凭证"
            "窗口结算，其中自助机和手机端结算已覆盖38家。市医疗保障局已将您反映的情况"
            "纳入专项工作，计划于年底前实现全市定点医疗机构和定点零售药店"
            "医保电子凭证全流程应用。欢迎您继续关注和支持医保工作。"
        ),
    ),
    _letter(
        "suggestion",
        "建议规范发展临江老街夜间经济",
        "临江老街晚上很热闹，外地游客也不少，但摊位摆放杂乱，占道经营严重，"
        "垃圾没人及时清理，公共厕所少，停车也很难。建议把老街打造成规范的夜市"
        "步行街，统一设计摊位，引进本地特色小吃和文创商品，"
        "配套建设停车场和公共厕所，带动消费。",
        name="伍诗雨",
        gender="female",
        phone="13900009741",
        consent_public=True,
        category="商贸旅游",
        department="LJ-SWJ",
        stage="published",
        days_ago=22,
        reply=(
            "您好！感谢您对我市夜间经济发展的关注。市商务局已会同江南区政府、"
            "市城市管理局制定临江老街夜间经济提升方案：对老街实行夜间分时段步行化管理，"
            "统一规划设置特色摊位120个，优先引进本地老字号和非遗小吃；"
            "新增公共厕所2座、临时停车位300个，并安排专人夜间保洁。"
            "提升工程预计明年春节前完成。"
        ),
        rating="satisfied",
    ),
    _letter(
        "suggestion",
        "建议加大老旧小区加装电梯补贴力度",
        "我住在江北区一个九十年代建的老小区，六层楼没有电梯，楼里一半是老人，"
        "有的老人一个月都下不了一次楼。听说加装电梯有政府补贴，但标准偏低，"
        "每部电梯居民还要自筹三十多万元，很多单元因此谈不拢。"
        "建议提高补贴标准，并允许提取住房公积金用于加装电梯。",
        name="姜国庆",
        gender="male",
        phone="13800000253",
        id_number=_id_number("990102", "19541001", 15),
        consent_public=True,
        category="城乡建设",
        department="LJ-ZJJ",
        stage="closed",
        days_ago=40,
        reply=(
            "您好！来信收悉。我市已出台既有住宅加装电梯新政策：每部电梯的财政补贴"
            "由20万元提高至30万元，对老年人占比超过一半的单元再增加5万元；"
            "加装电梯所涉及业主及其直系亲属可按规定提取住房公积金。"
            "具体申报流程可咨询所在街道办事处。感谢您的建议！"
        ),
        rating="satisfied",
    ),
    # ---- 求助 ----------------------------------------------------------------------
    _letter(
        "help",
        "在工地打工三个月工资被拖欠",
        "我在临江高新区一个厂房工地做钢筋工，从今年夏天做到现在，"
        "三个月的工资共两万一千多元一直没发，包工头说开发商没给钱，"
        "现在电话也不接了。工资卡号是6217000000001234567，一分钱都没打进来。"
        "家里孩子要交学费，恳请政府帮我们讨回血汗钱。我的电话是13900001578。",
        name="牛大根",
        gender="male",
        phone="13900001578",
        id_number=_id_number("990121", "19780605", 57),
        address="临江市青山县桃源乡桃源村二组",
        consent_public=False,
        category="劳动和社会保障",
        department="LJ-RSJ",
        stage="submitted",
        days_ago=0,
    ),
    _letter(
        "help",
        "独居老母亲无人照料，申请居家养老服务",
        "我母亲今年83岁，一个人住在江南区，我在外地工作，一个月只能回去一次。"
        "母亲有高血压，最近还摔过一次跤。请问社区能不能提供上门探访、"
        "助餐、助浴之类的居家养老服务？我愿意承担相应费用，恳请帮助。",
        name="薛立明",
        gender="male",
        phone="13800002741",
        email="xueliming@example.com",
        consent_public=True,
        category="民政",
        department="LJ-MZJ",
        stage="accepted",
        days_ago=1,
    ),
    _letter(
        "help",
        "孩子患白血病医药费负担过重",
        "我儿子今年9岁，今年初确诊急性白血病，在市人民医院住院治疗，"
        "已经花了四十多万元，医保报销后自付部分仍有十几万元，"
        "家里积蓄已经花光，还借了不少钱。请问像我们这种情况能不能申请医疗救助"
        "或者大病保险二次报销？需要怎么办理？",
        name="钱秀英",
        gender="female",
        phone="13900003892",
        id_number=_id_number("990101", "19870219", 68),
        consent_public=False,
        category="医疗保障",
        department="LJ-YBJ",
        stage="in_progress",
        days_ago=3,
    ),
    _letter(
        "help",
        "户口本遗失，急需补办办理退休手续",
        f"我叫胡春生，身份证号{_ID_IN_BODY}，家里的户口本搬家时弄丢了，"
        "现在单位要给我办退休手续，需要户口本原件。我年纪大了，"
        "请问补办户口本需要哪些材料、到哪里办？能不能加急？",
        name="胡春生",
        gender="male",
        phone="13800004063",
        id_number=_ID_IN_BODY,
        consent_public=False,
        category="公安户籍",
        department="LJ-GAJ",
        stage="paused",
        days_ago=9,
    ),
    _letter(
        "help",
        "家庭困难申请最低生活保障",
        "我是青山县白沙镇人，丈夫去年因病去世，我一个人带两个上学的孩子，"
        "自己有腰椎病干不了重活，只能在镇上打零工，每月收入不到一千元。"
        "请问我家能不能申请低保？需要准备什么材料，到哪里申请？",
        name="覃玉兰",
        gender="female",
        phone="13900005207",
        id_number=_id_number("990121", "19850910", 22),
        address="临江市青山县白沙镇新街47号",
        consent_public=False,
        category="民政",
        department="LJ-QS",
        stage="replied",
        days_ago=6,
        reply=(
            "您好！来信收悉。青山县民政局已安排白沙镇社会事务办工作人员上门了解情况。"
            "根据您家庭的收入和财产状况，初步符合最低生活保障申请条件。"
            "请您携带户口簿、身份证、丈夫死亡证明及孩子在校证明到镇便民服务中心"
            "提出申请，工作人员将协助您填写申请表，审核时限为30个工作日。"
            "同时，两个孩子可按规定申请教育资助。"
        ),
    ),
    _letter(
        "help",
        "残疾人求职屡屡碰壁，希望帮助就业",
        "我今年27岁，小时候因病左腿残疾，持有四级残疾证，大专计算机专业毕业。"
        "这两年投了很多简历，一听说我是残疾人很多单位就不要了。"
        "希望政府能帮助推荐一份适合的工作，比如文员、客服、网店运营都可以。",
        name="韩宇航",
        gender="male",
        phone="13800006395",
        email="hanyuhang@example.com",
        consent_public=True,
        category="劳动和社会保障",
        department="LJ-RSJ",
        stage="published",
        days_ago=16,
        reply=(
            "您好！来信收悉。市人力资源和社会保障局已将您纳入就业困难人员实名台账，"
            "安排专人提供“一对一”就业服务，并向您推荐了3家有意招用残疾人的企业"
            "客服和电商运营岗位，其中一家已通知您面试。用人单位招用残疾人"
            "可享受社会保险补贴和岗位补贴。祝您求职顺利！"
        ),
        rating="satisfied",
    ),
    _letter(
        "help",
        "暴雨冲毁进村道路，群众出行困难",
        "上个月连续暴雨，青山县岭下村通往镇上的唯一一条水泥路有一段被山洪冲毁，"
        "现在只能走田埂，摩托车都过不去，村里的老人看病、孩子上学都非常困难。"
        "村委会说没有资金修，恳请有关部门尽快帮我们把路修好。",
        name="陆长根",
        gender="male",
        phone="13900007512",
        address="临江市青山县岭下村",
        consent_public=True,
        category="交通运输",
        department="LJ-QS",
        stage="closed",
        days_ago=30,
        reply=(
            "您好！来信收悉。青山县交通运输局已于接件次日组织技术人员现场勘察，"
            "将岭下村道路水毁修复列入灾后农村公路抢修项目，先行铺设临时便道"
            "恢复通行，并于近日完成约180米水毁路段的重建和边坡防护。"
            "感谢您的反映！"
        ),
        rating="satisfied",
    ),
    # ---- 举报 ----------------------------------------------------------------------
    _letter(
        "report",
        "举报江南区一诊所无证行医",
        "江南区花园路菜市场旁边有一家挂着“中医推拿”招牌的小诊所，"
        "实际上在给病人打点滴、开处方药，店里只有一个人，没有看到任何执业证书。"
        "附近很多老人在那里输液，万一出事后果不堪设想。请卫生健康部门尽快核查。",
        name="柏志新",
        gender="male",
        phone="13800008627",
        consent_public=False,
        category="卫生计生",
        department="LJ-WJW",
        stage="submitted",
        days_ago=0,
    ),
    _letter(
        "report",
        "举报某单位领导作风问题",
        "我要举报一个单位的领导，这个人平时作风很不好，经常对下属发脾气，"
        "听说还利用职务便利给亲戚办事，单位里的人都敢怒不敢言。"
        "希望上级部门好好查一查，还我们一个风清气正的环境。",
        name="马先锋",
        gender="male",
        phone="13900009850",
        consent_public=False,
        department="LJ-ZFB",
        stage="rejected",
        days_ago=2,
        reject_reason=(
            "您的举报缺少被举报单位、被举报人姓名、具体时间和事实线索，无法核查。"
            "涉及公职人员违纪违法问题，请向纪检监察机关举报（举报电话12388）。"
        ),
    ),
    _letter(
        "report",
        "举报化工企业夜间偷排污水",
        "青山县工业园区临江路东段有一家化工企业，最近几个晚上十一点以后，"
        "厂区后面的排水沟会流出发黄、有刺鼻气味的污水，直接流进旁边的小溪，"
        "小溪下游已经出现死鱼。我拍了视频，可以提供。请环保部门夜间突击检查。",
        name="聂文斌",
        gender="male",
        phone="13800000981",
        consent_public=False,
        category="环境保护",
        department="LJ-STJ",
        stage="dispatched",
        days_ago=1,
    ),
    _letter(
        "report",
        "举报保健品会销诱骗老年人",
        "江北区滨江路一处商铺最近天天举办“健康讲座”，用送鸡蛋、送挂面吸引老人参加，"
        "然后宣传一种保健品能治高血压、糖尿病，几千元一盒。我母亲已经在那里买了"
        "一万多元。请市场监管部门查处这种虚假宣传行为。"
        "店铺的联系电话是0999-6875432。",
        name="符佳琪",
        gender="female",
        phone="13900001264",
        consent_public=False,
        category="市场监管",
        department="LJ-SCJ",
        stage="in_progress",
        days_ago=4,
    ),
    _letter(
        "report",
        "举报楼顶违法加盖建筑",
        "我们小区有一户顶楼业主正在楼顶加盖砖混房屋，已经砌了一人多高，"
        "还在往上搬钢材。这样不仅影响楼体安全，下雨还会渗水到楼下。"
        "物业劝阻无效，请城管部门依法制止并拆除。",
        name="单丽萍",
        gender="female",
        phone="13800002136",
        consent_public=False,
        category="城市管理",
        department="LJ-CGJ",
        stage="paused",
        days_ago=11,
    ),
    _letter(
        "report",
        "举报培训机构违规开展学科类培训",
        "江南区望湖路一家自称做“素质拓展”的培训机构，实际上每周末都在给初中生"
        "上数学、英语、物理课，按学期收费，一期六千多元，而且要一次性交齐。"
        "这明显是违规开展学科类培训和超期预收费，请教育部门依法查处。",
        name="卓晓雯",
        gender="female",
        phone="13900003319",
        consent_public=False,
        category="教育文体",
        department="LJ-JYJ",
        stage="under_review",
        days_ago=7,
    ),
    _letter(
        "report",
        "举报非法占用耕地建厂房",
        "青山县柳塘镇柳塘村有人在基本农田上建了两栋钢结构厂房，面积有好几亩，"
        "已经建了大半年，周边的水稻田都被填平了。村民多次向镇里反映没有结果，"
        "请自然资源部门依法查处，恢复耕地。",
        name="向根发",
        gender="male",
        phone="13800004479",
        consent_public=False,
        category="国土规划",
        department="LJ-ZRJ",
        stage="closed",
        days_ago=50,
        reply=(
            "您好！来信收悉。经市自然资源和规划局会同青山县政府现场核查，"
            "您反映的柳塘村违法占地建厂问题属实，涉及耕地约4.2亩。"
            "县自然资源局已依法立案查处，责令当事人拆除违法建筑、恢复土地原状，"
            "目前两栋厂房已拆除，复耕工作正在进行；对监管不力的相关人员已移交问责。"
            "感谢您的举报！"
        ),
        rating="satisfied",
    ),
    # ---- 我为政府网站找错 ----------------------------------------------------------
    _letter(
        "site_error",
        "政策文件页面存在错别字",
        "临江市人民政府门户网站“政策文件”栏目中《关于进一步优化营商环境的若干措施》"
        "一文第三条中，“降低企业制度性交易成本”误写为“降低企业制度性交易成份”，"
        "第七条“申领”误写为“申令”，请核实修改。",
        name="易思成",
        gender="male",
        phone="13900005730",
        email="yisicheng@example.com",
        consent_public=True,
        url="https://www.linjiang.gov.cn/zwgk/zcwj/202611/t20261105_1234.html",
        error_type="typo",
        department="LJ-DSJ",
        stage="submitted",
        days_ago=0,
    ),
    _letter(
        "site_error",
        "办事指南中的申请表下载链接失效",
        "临江市政务服务网“住房公积金提取”事项办事指南页面，点击“申请表下载”"
        "提示404页面不存在；“相关附件”中的材料清单也无法打开。"
        "群众办事需要下载表格，请尽快修复。",
        name="杨佩",
        gender="female",
        phone="13800006846",
        consent_public=True,
        url="https://zwfw.linjiang.gov.cn/bszn/item/9901-gjj-tq-001.html",
        error_type="broken_link",
        department="LJ-DSJ",
        stage="accepted",
        days_ago=1,
    ),
    _letter(
        "site_error",
        "教育局网站招生政策信息有误",
        "教育局网站发布的义务教育招生政策解读里说随迁子女需要居住证满一年，"
        "但我听朋友说今年改成半年了，网站上的信息是不是没有更新、内容不准确？"
        "请核实。如果政策确有调整，建议在页面显著位置标注，"
        "避免家长按旧政策准备材料耽误报名。",
        name="胡晓丽",
        gender="female",
        phone="13900007963",
        consent_public=False,
        url="https://jyj.linjiang.gov.cn/zsks/202604/t20260415_5678.html",
        error_type="inaccurate",
        department="LJ-JYJ",
        stage="rejected",
        days_ago=2,
        reject_reason=(
            "经核查，该页面所载招生政策与市教育局正式印发的文件一致，"
            "随迁子女入学须持本市居住证满一年，页面内容不存在错误。"
        ),
    ),
    _letter(
        "site_error",
        "公积金贷款利率信息未更新",
        "住房公积金管理中心网站“贷款利率”页面仍显示调整前的利率，"
        "五年以上首套住房公积金贷款利率标的还是旧标准，与最新公布的利率不一致，"
        "容易误导群众计算月供，请及时更新。",
        name="陶振宁",
        gender="male",
        phone="13800008072",
        consent_public=True,
        url="https://gjj.linjiang.gov.cn/dkfw/dkll/index.html",
        error_type="outdated",
        department="LJ-GJJ",
        stage="in_progress",
        days_ago=1,
    ),
    _letter(
        "site_error",
        "预约挂号服务页面无法打开",
        "卫健委网站首页“便民服务”中的“预约挂号”入口，点进去后一直转圈，"
        "过一会儿显示“网关超时”，用手机和电脑都试过，连续两天都打不开。"
        "很多老人是照着宣传单上的网址来预约的，请尽快处理。",
        name="岳春梅",
        gender="female",
        phone="13900009186",
        consent_public=True,
        url="https://wjw.linjiang.gov.cn/bmfw/yyghs/index.html",
        error_type="unreachable",
        department="LJ-WJW",
        stage="under_review",
        days_ago=2,
    ),
    _letter(
        "site_error",
        "个体工商户设立登记在线办理提交失败",
        "临江市政务服务网“个体工商户设立登记”事项，点击“在线办理”填完全部信息后，"
        "一提交就提示“系统异常，请稍后重试”，已填写的内容也全部清空。"
        "换了浏览器和电脑，连续三天都是这样，最后只好请假到窗口办理。"
        "请尽快排查在线申办系统的故障。",
        name="柳青禾",
        gender="female",
        phone="13800009634",
        consent_public=True,
        url="https://zwfw.linjiang.gov.cn/bszn/item/9901-scj-gtsl-002.html",
        error_type="service",
        department="LJ-DSJ",
        stage="dispatched",
        days_ago=2,
    ),
    _letter(
        "site_error",
        "江北区政府网站区长信箱留言两个多月未回复",
        "我九月中旬在江北区人民政府网站“区长信箱”栏目反映了春晖路人行道破损的问题，"
        "页面显示“已受理”，但两个多月过去了一直没有答复，也查不到办理进度。"
        "网站上承诺十五个工作日内答复，希望核实留言办理情况。",
        name="康振东",
        gender="male",
        phone="13900006548",
        consent_public=True,
        url="https://jiangbei.linjiang.gov.cn/hdjl/qzxx/index.html",
        error_type="interaction",
        department="LJ-JB",
        stage="replied",
        days_ago=12,
        reply=(
            "您好！感谢您的监督。经核查，您九月份的留言因承办单位人员调整、交接疏漏"
            "未能按期答复。我办已督促区住房和城乡建设局于本周完成春晖路人行道破损路段的"
            "修复，并已电话向您说明情况。我们将完善网站留言办理督办机制，确保按时答复。"
        ),
    ),
    _letter(
        "site_error",
        "江北区政府网站领导分工信息未更新",
        "江北区人民政府网站“领导之窗”栏目中，区政府领导分工还是去年的，"
        "有两位副区长已经调整了分工，网站上没有更新，群众找不到对应的分管领导，"
        "建议及时更新，并在页面上注明信息的更新日期，方便群众判断信息是否为最新。",
        name="郝建平",
        gender="male",
        phone="13800000417",
        consent_public=True,
        url="https://www.jiangbei.linjiang.gov.cn/zwgk/ldzc/index.html",
        error_type="outdated",
        department="LJ-JB",
        stage="published",
        days_ago=10,
        reply=(
            "您好！感谢您对江北区政府网站的关注。经核查，“领导之窗”栏目中区政府领导"
            "分工信息确未及时更新，我办已于收到留言当日完成更新，"
            "并对全站信息更新情况开展了自查。欢迎您继续监督。"
        ),
        rating="satisfied",
    ),
    _letter(
        "site_error",
        "门户网站正文字号偏小且无法放大",
        "我今年七十岁了，经常上市政府网站看政策。网站文章的正文字体很小，"
        "用手机看更是看不清，页面上也找不到“大字版”或者放大字体的按钮。"
        "希望网站能按照适老化要求，提供大字版和语音朗读功能。",
        name="庞德厚",
        gender="male",
        phone="13900002507",
        consent_public=True,
        url="https://www.linjiang.gov.cn/zwgk/tzgg/202610/t20261020_9012.html",
        error_type="other",
        department="LJ-DSJ",
        stage="closed",
        days_ago=25,
        reply=(
            "您好！感谢您的宝贵意见。临江市人民政府门户网站已完成适老化和无障碍改造，"
            "在页面顶部新增“无障碍”“大字版”入口，支持正文字号放大、高对比度显示"
            "和语音朗读，手机端同步上线长辈版页面。欢迎您体验并继续提出意见。"
        ),
        rating="satisfied",
    ),
    # ---- 征集意见 ------------------------------------------------------------------
    _letter(
        "opinion",
        "建议明确不清理犬只粪便的处罚标准",
        "征求意见稿第十六条规定携犬出户应当及时清除犬只粪便，"
        "但第五章法律责任中没有规定具体的处罚标准，执法时难以操作。"
        "建议明确规定，不清理犬只粪便的，由城市管理部门责令改正，"
        "拒不改正的处以五十元以上二百元以下罚款。",
        name="应海涛",
        gender="male",
        phone="13800001683",
        consent_public=True,
        solicitation=0,
        department="LJ-GAJ",
        stage="submitted",
        days_ago=0,
    ),
    _letter(
        "opinion",
        "重点管理区每户限养一只犬的规定过于一刀切",
        "我家已经养了两只小型犬很多年，都按规定办了证、打了疫苗，"
        "从来没有扰民。征求意见稿规定重点管理区每户限养一只犬，"
        "对已经合法饲养的家庭是否有过渡办法？建议对办法施行前已登记的犬只"
        "予以保留，只对新增犬只执行限养规定。",
        name="夏雨欣",
        gender="female",
        phone="13900002864",
        email="xiayuxin@example.com",
        consent_public=True,
        solicitation=0,
        department="LJ-GAJ",
        stage="accepted",
        days_ago=1,
    ),
    _letter(
        "opinion",
        "建议为登记犬只免费植入电子芯片",
        "犬牌容易丢失，走失犬只很难找到主人。建议在养犬登记时由定点动物诊疗机构"
        "免费为犬只植入电子芯片，芯片信息与养犬登记系统关联，"
        "这样既方便寻找走失犬只，也便于对伤人犬只追溯责任。",
        name="傅明轩",
        gender="male",
        phone="13800003970",
        consent_public=True,
        solicitation=0,
        department="LJ-GAJ",
        stage="dispatched",
        days_ago=2,
    ),
    _letter(
        "opinion",
        "建议划定遛犬区域和时段",
        "小区和公园里既有养犬的人，也有怕狗的老人和孩子，矛盾很多。"
        "建议在办法中增加一条，由各区在公园、绿地划定专门的遛犬区域，"
        "或者规定早晚特定时段可以遛犬，其他时段禁止携犬进入儿童游乐区和健身区。",
        name="莫晓琳",
        gender="female",
        phone="13900004196",
        consent_public=False,
        solicitation=0,
        department="LJ-GAJ",
        stage="in_progress",
        days_ago=3,
    ),
    _letter(
        "opinion",
        "建议公布禁养犬只品种目录",
        "征求意见稿规定重点管理区禁止个人饲养烈性犬和大型犬，"
        "但没有说明哪些品种属于烈性犬、多高多重算大型犬。"
        "建议以附件形式公布禁养犬只品种目录和大型犬的体高标准，"
        "让养犬人心里有数，也方便执法。",
        name="祝立新",
        gender="male",
        phone="13800005207",
        consent_public=True,
        solicitation=0,
        department="LJ-GAJ",
        stage="replied",
        days_ago=5,
        reply=(
            "您好！您对《临江市养犬管理办法（征求意见稿）》提出的意见收悉。"
            "您的建议很有针对性，我局拟采纳，将会同市农业农村局研究制定"
            "重点管理区禁养犬只品种目录和大型犬体高标准，作为办法附件一并公布。"
            "感谢您积极参与我市立法工作！"
        ),
    ),
    _letter(
        "opinion",
        "建议完善流浪犬收容和领养制度",
        "我们小区附近经常有流浪犬出没，晚上成群结队，已经发生过追咬行人的事情。"
        "建议办法中明确流浪犬收容的责任部门和经费保障，建设规范的收容场所，"
        "并建立线上领养平台，鼓励市民领养代替购买。",
        name="殷佳慧",
        gender="female",
        phone="13900005323",
        consent_public=True,
        solicitation=0,
        department="LJ-GAJ",
        stage="published",
        days_ago=8,
        reply=(
            "您好！您的意见收悉。征求意见稿第二十四条已规定由市公安局会同市城市管理局"
            "建立犬只收容场所。我局将根据您的意见，进一步明确收容经费由市、区两级"
            "财政保障，并增加建立犬只领养平台、鼓励以领养代替购买的条款。"
            "感谢您的参与和支持！"
        ),
        rating="satisfied",
    ),
]

# --------------------------------------------------------------------------------------
# Training letters for the demo text classifier
# --------------------------------------------------------------------------------------

# Places of 临江市 used by the generator: (district, street, road, residential estate).
_URBAN_PLACES: list[tuple[str, str, str, str]] = [
    ("江北区", "滨江街道", "滨江路", "锦江花园"),
    ("江北区", "滨江街道", "春晖路", "幸福里小区"),
    ("江北区", "春晖街道", "春晖路", "春晖家园"),
    ("江北区", "金沙街道", "金沙大道", "金沙湾小区"),
    ("江北区", "北湖街道", "北湖路", "北湖名苑"),
    ("江南区", "望湖街道", "望湖路", "翠湖小区"),
    ("江南区", "桂花街道", "桂花路", "桂花苑小区"),
    ("江南区", "望江街道", "望江路", "望江新村"),
    ("江南区", "老街街道", "解放路", "锦绣小区"),
    ("江南区", "花园街道", "花园路", "花园里小区"),
    ("临江高新区", "创新街道", "创新大道", "科创家园"),
    ("临江高新区", "科园街道", "科园路", "云栖雅苑"),
    ("青山县", "城关镇", "人民路", "青山名都"),
    ("青山县", "城关镇", "建设路", "城关花园"),
]

# Rural places of 青山县: (town, village).
_RURAL_PLACES: list[tuple[str, str]] = [
    ("石门镇", "石门村"),
    ("石门镇", "岭下村"),
    ("白沙镇", "河口村"),
    ("白沙镇", "白沙村"),
    ("柳塘镇", "柳塘村"),
    ("柳塘镇", "荷叶村"),
    ("桃源乡", "桃源村"),
    ("桃源乡", "竹林村"),
    ("青石镇", "枫树村"),
]

# Problem phrases per category: (short subject for the title, detail sentence). A detail
# may name a place with {district}, {street}, {road}, {estate} (urban) or {town},
# {village} (rural 青山县).
TRAINING_PROBLEMS: dict[str, list[tuple[str, str]]] = {
    "城乡建设": [
        (
            "拆迁安置房逾期未交付",
            "{district}{street}旧城改造项目签协议时承诺安置房两年内交付，现在已经超期一年多，"
            "安置小区还是一片工地，过渡安置费也时有时无。",
        ),
        (
            "征收拆迁补偿标准不统一",
            "{street}片区房屋征收中，同在{road}两侧的房屋补偿单价相差很大，"
            "先签约和后签约的标准也不一样，被拆迁户普遍不服。",
        ),
        (
            "新建小区配套幼儿园迟迟未建",
            "{estate}交房已经三年，售楼时宣传的配套幼儿园和社区用房至今仍是一块空地，"
            "业主的孩子只能跨片区入园。",
        ),
        (
            "管网改造道路施工迟迟不完工",
            "{road}管网改造工程开挖快半年了，路面坑坑洼洼，施工时断时续，"
            "沿街商铺生意受影响，居民出行也很不方便。",
        ),
        (
            "小区电梯频繁故障停运",
            "{estate}的电梯使用十几年了，最近一个月困人两次，物业说要动用住宅专项维修资金"
            "更换，但一直没有下文。",
        ),
        (
            "住宅专项维修资金使用难",
            "{estate}楼顶防水层老化，顶楼住户一下雨就漏水，申请使用住宅专项维修资金"
            "需要大多数业主签字，手续复杂，迟迟批不下来。",
        ),
        (
            "物业公司不履行维修义务",
            "{estate}的物业公司只收物业费不干事，地下车库积水、单元门禁损坏、楼道灯不亮，"
            "报修几个月都没人来修。",
        ),
        (
            "老旧小区改造施工质量差",
            "{district}{estate}纳入了老旧小区改造，但新铺的路面不到半年就开裂，"
            "外墙保温层出现空鼓，雨污分流管道也没有接通。",
        ),
        (
            "商品房延期交房且质量问题多",
            "在{district}买的期房合同约定去年年底交房，开发商一再推迟，"
            "收房时又发现墙体裂缝、窗户渗水等质量问题。",
        ),
        (
            "开发商交房时违规收费",
            "{estate}开发商在交房时强制收取所谓的“房屋预验费”“装修保证金”，不交就不给钥匙。",
        ),
        (
            "老楼加装电梯协调难、审批慢",
            "{estate}有一半住户是老年人，大家想加装电梯，但低层住户反对，"
            "申报材料交到街道后审批进度也很慢。",
        ),
        (
            "小区二次供水水压不足",
            "{estate}高层住户一到用水高峰水龙头就没水，二次供水设施长期没有清洗维护，"
            "水里还有黄色杂质。",
        ),
        (
            "小区燃气管道老化存在隐患",
            "{estate}的室外燃气管道锈蚀严重，有住户闻到燃气味，担心发生泄漏事故，"
            "希望尽快纳入燃气管网改造计划。",
        ),
        (
            "公租房分配不公开透明",
            "我在{district}申请公共租赁住房已经排队两年，听说有人不符合条件也分到了房子，"
            "轮候名单和分配结果从来没有公示。",
        ),
        (
            "棚户区改造项目停滞",
            "{street}棚户区改造项目去年就启动了，房屋拆了一半就停工，"
            "剩下的住户生活在废墟中间，水电经常中断。",
        ),
        (
            "小区雨污管道堵塞返水",
            "{estate}一楼住户家里的下水道经常返水，小区雨污管道设计不合理，"
            "每逢大雨地下车库就被淹。",
        ),
        (
            "在建住宅楼施工质量堪忧",
            "{road}旁边的在建住宅楼有楼层浇筑后出现明显裂缝，工人说混凝土标号不够，"
            "我们作为购房者非常担心房屋质量。",
        ),
        (
            "农村危房改造补助未到位",
            "青山县{town}{village}有几户村民的土坯房被鉴定为危房，申请农村危房改造已经一年，"
            "补助资金一直没有到位。",
        ),
        (
            "业主委员会成立受阻",
            "{estate}业主多次申请成立业主委员会，街道和社区一直以条件不成熟为由拖着不办，"
            "物业公司也从中阻挠。",
        ),
        (
            "小区车位只售不租",
            "{estate}开发商把地下车位全部高价出售，不买的业主一律不让租用，"
            "很多业主只能把车停到{road}上。",
        ),
        (
            "住宅外墙瓷砖脱落",
            "{estate}几栋楼的外墙瓷砖经常大块脱落，上周差点砸到楼下的小孩，"
            "开发商说已过保修期，物业也不管。",
        ),
        (
            "市政道路路面破损严重",
            "{road}{street}路段路面坑槽连片、检查井下沉，电动车经过很容易摔倒，"
            "这条路已经很多年没有大修过了。",
        ),
        (
            "楼盘停工预售资金被挪用",
            "{district}某楼盘资金链断裂停工，购房者的首付款和按揭款都已经付了，"
            "预售资金监管账户里的钱却被挪用了。",
        ),
        (
            "新老物业交接混乱",
            "{estate}新老物业交接期间，老物业拒不撤场，带走了业主资料和设备钥匙，"
            "小区保安保洁都停了。",
        ),
    ],
    "环境保护": [
        (
            "夜间施工噪音扰民",
            "{road}一处在建工地每天晚上施工到凌晨，打桩机和混凝土泵车轰鸣，"
            "{estate}的居民整夜无法入睡。",
        ),
        (
            "餐饮油烟直排居民楼",
            "{estate}楼下几家餐饮店没有安装油烟净化设施，油烟直接往居民楼排放，住户常年不敢开窗。",
        ),
        (
            "工厂夜间偷排污水",
            "{district}{road}附近一家工厂每到深夜就通过暗管往河里偷排污水，"
            "河水发黑发臭，岸边还有死鱼。",
        ),
        (
            "村口露天焚烧垃圾",
            "青山县{town}{village}村口经常有人露天焚烧生活垃圾和废旧塑料，浓烟呛人，"
            "附近村民家里到处是黑灰。",
        ),
        (
            "企业排放刺鼻废气",
            "{district}工业园区一家企业经常排放刺鼻气味的废气，晚上和阴雨天尤其严重，"
            "{estate}的居民出现头晕、咽喉不适。",
        ),
        (
            "黑臭水体治理不彻底",
            "{street}境内一条河沟水面漂满垃圾，夏天臭气熏天，说是完成了黑臭水体整治，"
            "没过多久又恢复原样。",
        ),
        (
            "养猪场粪污直排农田",
            "青山县{town}{village}有一家养猪场，粪水不经处理直接排进水塘和农田，"
            "周边臭味很重，井水也受到了影响。",
        ),
        (
            "砂石厂粉尘污染",
            "青山县{town}一家砂石加工厂没有任何防尘措施，机器一开周边就尘土飞扬，"
            "{village}村民的庄稼上落满了灰。",
        ),
        (
            "汽修店露天喷漆废气",
            "{road}上几家汽车维修店在店外露天喷漆，油漆废气非常刺鼻，附近{estate}的住户苦不堪言。",
        ),
        (
            "歌舞厅噪声扰民",
            "{estate}附近一家歌舞厅每天营业到凌晨两三点，音响低音震得窗户嗡嗡响，"
            "噪声明显超过夜间标准。",
        ),
        (
            "商场冷却塔噪声扰民",
            "{road}一家商场的冷却塔和空调外机正对着{estate}的居民楼，"
            "全天二十四小时轰鸣，噪音明显超标。",
        ),
        (
            "污水处理厂臭气扰民",
            "{district}污水处理厂附近一到傍晚就弥漫着臭鸡蛋味，{estate}的住户多次反映，"
            "希望检测臭气浓度是否超标。",
        ),
        (
            "建筑工地扬尘污染",
            "{road}旁边的建筑工地裸露土方没有覆盖，也不洒水降尘，刮风天漫天黄土，"
            "空气中的颗粒物明显增多。",
        ),
        (
            "锅炉烟囱冒黑烟",
            "{street}一家洗涤厂的燃煤锅炉烟囱每天冒黑烟，附近晾晒的衣服都被熏黑了，"
            "怀疑大气污染物排放超标。",
        ),
        (
            "江边非法倾倒工业废渣",
            "{district}江边荒地上被人倾倒了大量不明工业废渣和废油桶，下雨后渗出的液体流向江里。",
        ),
        (
            "电镀作坊偷排重金属废水",
            "{street}城中村里有个无证电镀作坊，含重金属的废水直接倒进下水道，"
            "附近的绿化植物都枯死了。",
        ),
        (
            "楼顶通信基站辐射担忧",
            "{estate}楼顶新装了一个通信基站，离住户窗户很近，"
            "居民担心电磁辐射影响健康，希望检测并公开结果。",
        ),
        (
            "焚烧秸秆烟雾弥漫",
            "每年收割季节青山县{town}一带大量焚烧秸秆，浓烟飘到县城，"
            "空气质量明显下降，能见度很低。",
        ),
        (
            "垃圾填埋场渗滤液外溢",
            "青山县{town}垃圾填埋场的渗滤液外溢，流进了{village}的灌溉水渠，村民担心地下水被污染。",
        ),
        (
            "化工项目未做环评就开工",
            "{district}{road}新建的一个化工仓储项目，没有看到环境影响评价公示就已经开工建设了。",
        ),
        (
            "洗砂船泥浆污染江水",
            "临江{district}江段有洗砂船作业，泥浆废水直接排进江里，江水浑浊，"
            "取水口附近的水质令人担忧。",
        ),
        (
            "物流仓库夜间装卸噪音",
            "{road}一家物流仓库每天半夜装卸货物，叉车和货车的噪声很大，{estate}的住户长期失眠。",
        ),
        (
            "废品站焚烧电线冒黑烟",
            "{street}一处废品回收站晚上偷偷焚烧废电线提炼铜，散发出刺鼻的黑烟，周边空气污染严重。",
        ),
    ],
    "交通运输": [
        (
            "公交线路绕行时间长",
            "从{estate}到市中心的公交线路绕行太多，坐一趟要一个多小时，中途还要换乘，"
            "上班族通勤非常辛苦。",
        ),
        (
            "出租车拒载、不打表",
            "晚上在{district}{road}一带打出租车，司机经常拒载短途乘客，或者不打表要求一口价。",
        ),
        (
            "路口红绿灯配时不合理",
            "{road}与临江大道交叉口的红绿灯配时不合理，左转绿灯只有十几秒，"
            "早晚高峰车辆排队几百米，行人过街时间也不够。",
        ),
        (
            "公交班次少、等车时间长",
            "途经{estate}的公交车发车间隔将近半小时，早高峰经常挤不上车，晚上九点以后就没有车了。",
        ),
        (
            "公交末班车收车太早",
            "{district}很多公交线路晚上八点多就收车了，下晚班的职工和学生只能打车或走路回家。",
        ),
        (
            "农村客运班车停运",
            "青山县{town}到{village}的农村客运班车最近停运了，村里老人去镇上看病、赶集非常不便。",
        ),
        (
            "公交站台缺少候车亭",
            "{road}上的几个公交站只有一根站牌，没有候车亭和座椅，下雨天乘客只能站在雨里等车。",
        ),
        (
            "网约车平台乱收费",
            "坐网约车从临江火车站到{district}，行程结束后平台收取了高额的高速费和等候费，"
            "司机实际并没有走高速。",
        ),
        (
            "车站黑车非法营运拉客",
            "临江火车站和汽车客运站出口有大量黑车司机拉客，漫天要价，还强行拉扯乘客的行李。",
        ),
        (
            "公交司机驾驶不规范",
            "{district}一辆公交车的司机开车时打电话、急刹急停，老人上车还没坐稳就起步，"
            "乘客提意见还被司机顶撞。",
        ),
        (
            "过江轮渡长期停航",
            "临江两岸的轮渡码头停航维修已经三个月，{street}的居民过江只能绕行临江大桥，"
            "每天多花半小时。",
        ),
        (
            "农村公路年久失修",
            "青山县{town}通往{village}的农村公路坑洼不平、路基塌陷，大货车经常陷在路上，"
            "学生上学很不安全。",
        ),
        (
            "新小区周边没有公交站",
            "{estate}周边入住了几千户居民，最近的公交站却在一公里以外，"
            "希望增设公交站点或调整公交线路。",
        ),
        (
            "长途客运班线减少",
            "临江汽车客运站到周边县市的班线减少了很多，有的线路一天只有一班，"
            "车票也只能在窗口购买。",
        ),
        (
            "出租车故意绕路多收费",
            "从临江火车站坐出租车到{estate}，司机故意绕远路，平时三十元的车费收了五十多元。",
        ),
        (
            "超限货车夜间通行压坏道路",
            "{district}{road}每天夜里有大量超载超限的砂石车通行，路面被压得坑坑洼洼，"
            "还经常掉落砂石。",
        ),
        (
            "学生公交卡优惠办理",
            "孩子在{district}读初中，每天坐公交车上学，学生乘车卡的优惠标准和办理方式"
            "公交公司说法不一。",
        ),
        (
            "老年人乘车卡办理不便",
            "{district}老年人免费乘车卡只能到公交集团营业厅办理，营业厅距离远、排队时间长，"
            "老人行动不便。",
        ),
        (
            "高速出口节假日严重拥堵",
            "临江北高速出口每到节假日就排起长队，收费站通道开得少，"
            "车辆一直堵到高速主线上，非常危险。",
        ),
        (
            "公交实时查询不准确",
            "临江公交手机查询显示车辆还有两站到达，实际等了二十分钟也没来，"
            "{road}站的电子站牌也经常黑屏。",
        ),
        (
            "驾校乱收费、练车难",
            "在{district}一家驾校报名学车，交了学费后又被要求交补考费、练车费，"
            "科目二练车要排队好几个星期。",
        ),
        (
            "道路交通标线模糊不清",
            "{road}路段的交通标线已经磨损得看不清，转弯处缺少指示标志，外地车辆经常走错车道。",
        ),
        (
            "城乡公交票价偏高",
            "从青山县{town}坐城乡公交到临江市区要转两次车，票价加起来二十多元，比长途班车还贵。",
        ),
    ],
    "教育文体": [
        (
            "义务教育入学划片不合理",
            "{estate}离{street}中心小学只有五百米，却被划到三公里外的学校，"
            "孩子每天上学要穿过好几条主干道。",
        ),
        (
            "公办幼儿园学位紧张",
            "{district}公办幼儿园学位太少，报名要摇号，民办幼儿园每月保教费三四千元，"
            "普通家庭负担很重。",
        ),
        (
            "学校以各种名义乱收费",
            "{street}某小学以“资料费”“活动费”等名义向家长收费，收费标准没有公示，也不开具收据。",
        ),
        (
            "课后服务变相集体补课",
            "孩子所在的{district}一所初中，课后服务时间老师集中讲新课，"
            "不参加的孩子就跟不上教学进度，家长只能全部报名。",
        ),
        (
            "校外培训机构违规补课",
            "{road}一家培训机构以“研学”“素质拓展”为名给中小学生上学科类课程，"
            "还要求一次性预交一年的学费。",
        ),
        (
            "教师体罚和羞辱学生",
            "孩子在{district}一所小学读三年级，因为作业没写完被班主任罚站一上午，"
            "还在班上被点名羞辱，现在不愿意去上学。",
        ),
        (
            "小学生家庭作业负担过重",
            "孩子读{street}中心小学五年级，每天作业要写到晚上十点多，"
            "还有大量需要家长批改和打卡的作业。",
        ),
        (
            "学校食堂饭菜质量差",
            "{district}一所中学的学生食堂饭菜分量少、价格高，有学生在饭菜里吃出过异物，"
            "学校也不让家长进入食堂查看。",
        ),
        (
            "乡村学校接送车辆超员",
            "青山县{town}中心学校接送学生的车辆是改装的面包车，经常严重超员，"
            "孩子们挤在车里非常危险。",
        ),
        (
            "随迁子女入学材料繁多",
            "我们一家在{district}打工多年，孩子上小学要提供居住证、社保缴纳证明等七八种材料，"
            "有一项不全就无法登记入学。",
        ),
        (
            "中考体育考试项目说法不一",
            "{district}初三学生家长想了解今年中考体育考试的项目和评分标准，"
            "学校通知和教育局网站的说法不一致。",
        ),
        (
            "学校体育场馆节假日不开放",
            "{street}几所中小学的操场和体育馆节假日都锁着门，周边居民找不到健身的地方，"
            "只能在马路边跑步。",
        ),
        (
            "社区缺少全民健身设施",
            "{estate}周边没有篮球场、健身步道等公共体育设施，广场上的几件健身器材也早已损坏。",
        ),
        (
            "公共图书馆开放时间短",
            "市图书馆和{district}图书馆晚上闭馆太早，周一还全天闭馆，"
            "上班族和学生很难有时间去借书阅读。",
        ),
        (
            "乡村小学师资力量薄弱",
            "青山县{town}{village}小学只有几名老教师，英语、音乐、美术课都没有专职老师，"
            "很多课程开不齐。",
        ),
        (
            "代课教师待遇偏低",
            "我在{district}一所学校当代课教师八年了，工资不到在编教师的一半，"
            "希望落实教师同工同酬。",
        ),
        (
            "学生课间不准出教室",
            "{district}有的小学课间十分钟不让学生出教室，只允许上厕所，"
            "孩子们整天坐在座位上，缺少户外活动。",
        ),
        (
            "高中家庭困难学生资助",
            "孩子在{district}读高中，父亲生病丧失劳动能力，想了解国家助学金和学费减免如何申请。",
        ),
        (
            "特殊教育学校学位不足",
            "我家孩子是孤独症儿童，到了入学年龄，{district}的特殊教育学校说没有学位，"
            "普通学校随班就读又缺少资源教室。",
        ),
        (
            "中学教室没有安装空调",
            "{street}一所初中的教室至今没有安装空调，夏天教室里超过三十五度，"
            "学生上课中暑的情况时有发生。",
        ),
        (
            "职业学校违规安排顶岗实习",
            "孩子在临江一所职业学校读书，学校安排学生到外地电子厂“顶岗实习”，"
            "每天工作十二个小时，和所学专业毫无关系。",
        ),
        (
            "文化馆公益培训名额太少",
            "{district}文化馆开设的书法、舞蹈、合唱等公益培训班很受欢迎，但名额太少，"
            "每次报名几分钟就满了。",
        ),
        (
            "外省学籍回临江参加高考",
            "孩子学籍在外省、户籍在{district}，想了解回临江参加高考报名需要满足哪些条件，"
            "学籍怎么转回来。",
        ),
    ],
    "劳动和社会保障": [
        (
            "工地拖欠农民工工资",
            "我们在{district}{road}一个建筑工地干活，包工头拖欠二十多名工人大半年的工资，"
            "至今一分钱都没拿到。",
        ),
        (
            "用人单位不缴纳社会保险",
            "我在{district}一家公司上班两年了，公司一直没有给我缴纳社会保险，说是试用期不用交。",
        ),
        (
            "单位拒不签订劳动合同",
            "入职{district}一家餐饮企业半年多，老板一直不和员工签劳动合同，工资全部发现金，"
            "出了事没有任何保障。",
        ),
        (
            "工伤认定难、单位不申报",
            "我在{district}一家工厂上班时被机器压伤手指，单位不承认是工伤，"
            "也不给申报工伤认定，医药费都是自己垫付的。",
        ),
        (
            "违法辞退不给经济补偿",
            "公司以经营困难为由突然把我辞退，没有提前通知，也不给经济补偿金，"
            "我在这家单位已经干了六年。",
        ),
        (
            "长期加班不付加班费",
            "{district}一家电子厂要求工人每天工作十一个小时，周末也经常加班，"
            "加班工资却按最低标准打折发放。",
        ),
        (
            "退休养老金核定偏低",
            "我父亲今年刚办理退休，核定的基本养老金比同年龄、同工龄的同事少了好几百元，"
            "社保经办机构解释不清楚。",
        ),
        (
            "失业保险金申领条件",
            "我被单位裁员后想申领失业保险金，不知道需要缴费满多长时间、"
            "每个月能领多少、在哪里办理。",
        ),
        (
            "灵活就业人员社保缴费",
            "我辞职后在{district}跑外卖，想以灵活就业人员身份继续缴纳养老保险，"
            "不清楚缴费基数和档次怎么选。",
        ),
        (
            "养老保险跨省转移慢",
            "我从外省回到临江工作，申请养老保险关系转移接续已经三个多月了，"
            "系统里一直显示“待审核”。",
        ),
        (
            "原单位欠缴社保无法退休",
            "我已到法定退休年龄，但原单位改制时欠缴了几年的养老保险，现在办不了退休手续。",
        ),
        (
            "高温天气不发高温津贴",
            "{district}不少建筑工地和快递公司在高温天气照常安排露天作业，"
            "从来不发高温津贴，也没有防暑降温措施。",
        ),
        (
            "劳务派遣工同工不同酬",
            "我们在{district}一家国有企业做劳务派遣工，干的活和正式工一样，工资福利却差了一大截。",
        ),
        (
            "职业技能培训补贴申领难",
            "我参加了{district}组织的电工职业技能培训并拿到了证书，申请培训补贴时"
            "被告知材料不全，来回跑了好几趟。",
        ),
        (
            "女职工产假期间工资被克扣",
            "我休产假期间公司只发基本工资，生育津贴被公司领走了也不告诉我，"
            "回来上班后又被调岗降薪。",
        ),
        (
            "民营企业职称评审受限",
            "我是{district}一家民营企业的工程技术人员，想申报中级职称，"
            "但评审条件对民营企业人员有很多限制。",
        ),
        (
            "事业单位招聘条件因人设岗",
            "{district}某事业单位公开招聘工作人员，报名时间只有三天，"
            "招聘条件明显是为特定人员量身定做的。",
        ),
        (
            "高校毕业生就业补贴申请",
            "我是今年的应届毕业生，在{district}一家小微企业就业，"
            "想了解高校毕业生就业补贴和租房补贴怎么申请。",
        ),
        (
            "社保卡丢失补办",
            "我的社会保障卡丢失了，想补办新卡，不知道要多长时间，补办期间能不能用电子社保卡。",
        ),
        (
            "入职被要求放弃缴纳社保",
            "{district}一家物流公司入职时要求员工签订“自愿放弃缴纳社保声明书”，不签就不录用。",
        ),
        (
            "试用期过长且工资过低",
            "公司和我签了三年劳动合同，试用期却定了一年，试用期工资只有转正后的一半。",
        ),
        (
            "缺少零工市场和就业服务",
            "{district}没有固定的零工市场，很多打零工的人只能在{road}路边等活，"
            "遇到刮风下雨很辛苦。",
        ),
        (
            "养老保险补缴政策",
            "我年轻时在{district}一家集体企业工作过几年，单位没有缴纳养老保险，"
            "想了解现在能不能补缴、怎么补缴。",
        ),
    ],
    "商贸旅游": [
        (
            "景区门票和二次消费价格高",
            "临江周边几个景区门票都在一百元以上，景区内观光车、索道还要另外收费，"
            "一家人游玩一趟花费很大。",
        ),
        (
            "一日游导游强制购物",
            "跟团参加临江一日游，导游把游客带到好几个购物店，不买东西就冷嘲热讽，还故意拖延行程。",
        ),
        (
            "旅行社擅自变更行程",
            "在{district}一家旅行社报名的旅游团，出发后旅行社擅自减少景点、降低住宿标准，"
            "回来后拒绝退还差价。",
        ),
        (
            "健身房收取预付卡后跑路",
            "{road}一家健身房办卡时承诺一年有效，收了几百名会员的单用途预付卡费用后突然关门，"
            "老板联系不上。",
        ),
        (
            "乡村民宿农家乐价格乱涨",
            "青山县{town}{village}一带的农家乐和民宿卫生条件差，价格随意上涨，节假日房价翻了几倍。",
        ),
        (
            "商业步行街人气不足",
            "{district}{road}商业步行街改造后店铺空置率很高，业态单一，"
            "缺少特色餐饮和休闲娱乐项目。",
        ),
        (
            "热门景点停车难、厕所少",
            "临江老码头和滨江风光带节假日游客很多，周边停车位严重不足，"
            "旅游厕所也少，排队要二十多分钟。",
        ),
        (
            "消费券使用门槛高",
            "市里发放的消费券在手机上抢到以后，很多商户不能用，能用的商户满减门槛也很高，"
            "促消费效果有限。",
        ),
        (
            "汽车以旧换新补贴未到账",
            "我在{district}一家汽车4S店参加以旧换新活动，提交补贴申请已经两个多月，"
            "补贴资金一直没有到账。",
        ),
        (
            "家电以旧换新补贴申领",
            "想了解家电以旧换新补贴的适用品类和补贴比例，{district}哪些商场可以参加，"
            "补贴怎样申领。",
        ),
        (
            "农贸市场改造后摊位费上涨",
            "{street}农贸市场提质改造后摊位租金涨了一倍，很多摊主撑不下去，"
            "市场里的菜价也跟着上涨。",
        ),
        (
            "夜间消费场所太少",
            "{district}晚上九点以后商场和餐馆基本都关门了，缺少夜间消费的去处，"
            "希望打造几处夜间经济街区。",
        ),
        (
            "老字号店铺经营困难",
            "临江老街上几家开了几十年的老字号因为房租上涨陆续关门，"
            "希望出台老字号保护扶持政策，留住城市的老味道。",
        ),
        (
            "花海景区宣传与实际不符",
            "网上宣传青山县{town}花海景区风景优美，游客到了才发现花都没开，"
            "门票却照收不误，也没有提前告知。",
        ),
        (
            "小型外贸企业出口困难",
            "我们是{district}一家小型外贸企业，今年海外订单减少、物流费用上涨，"
            "想了解有没有稳外贸的扶持政策。",
        ),
        (
            "农产品电商缺少直播基地",
            "{district}有很多从事农产品电商的年轻人，缺少直播场地和供应链服务，"
            "希望建设电商直播基地。",
        ),
        (
            "旅游线路和游客咨询服务缺乏",
            "外地朋友来临江旅游，网上找不到权威的旅游线路推荐和景区开放信息，"
            "游客咨询服务中心也不好找。",
        ),
        (
            "景区预约系统经常崩溃",
            "国庆期间去临江森林公园游玩，景区要求提前网上预约，但预约系统老是崩溃，"
            "到了现场又不允许现场购票。",
        ),
        (
            "连锁酒店客房卫生差",
            "在{district}一家连锁酒店入住时发现床单没有更换，卫生间毛巾有污渍，"
            "向酒店反映后只给了一张优惠券。",
        ),
        (
            "二手车交易市场中介隐瞒车况",
            "{district}二手车交易市场里的中介经常隐瞒车辆事故和泡水情况，"
            "买到问题车后商户之间互相推诿。",
        ),
        (
            "新区缺少加油站和充电站",
            "{estate}周边新建小区很多，附近却没有加油站和充电站，加油要开到五公里以外。",
        ),
        (
            "古村落乡村旅游配套薄弱",
            "青山县{town}{village}有古村落和茶园，很适合发展乡村旅游，但进村道路窄，"
            "缺少停车场和游客服务中心。",
        ),
        (
            "新建片区缺少超市和菜店",
            "{estate}所在片区入住了两万多人，周边没有大型超市和便民菜店，买菜要坐公交去{road}。",
        ),
        (
            "招商引资优惠承诺未兑现",
            "我们企业被招商引进{district}，当时承诺的厂房租金减免和物流补贴至今没有兑现。",
        ),
    ],
    "卫生计生": [
        (
            "医院挂号难、排队久",
            "带老人到{district}人民医院看病，挂号、候诊、缴费、取药每个环节都排长队，"
            "一上午只能看一个科室。",
        ),
        (
            "医生问诊敷衍态度差",
            "在{district}一家医院就诊时，医生问诊不到两分钟就开检查单，患者多问几句就不耐烦。",
        ),
        (
            "医院过度检查、过度治疗",
            "孩子只是普通感冒发烧，{district}一家医院就让做了血常规、CT等一系列检查，"
            "还开了三天输液。",
        ),
        (
            "乡镇卫生院缺医少药",
            "青山县{town}卫生院常用药经常缺货，也没有儿科和妇产科医生，"
            "{village}的村民看个小病都要跑到县城。",
        ),
        (
            "无证诊所违规输液",
            "{road}一家挂着“保健按摩”招牌的店铺，私下给人打针输液、开处方药，"
            "没有看到任何医疗机构执业许可证。",
        ),
        (
            "计划生育奖励扶助金未发放",
            "我是独生子女父母，已经年满六十周岁，按政策可以领取计划生育奖励扶助金，"
            "但今年的扶助金一直没有发放。",
        ),
        (
            "三孩生育登记和育儿补贴",
            "我们准备生育第三个孩子，想了解生育登记怎么办理，{district}有没有育儿补贴政策。",
        ),
        (
            "出生医学证明信息错误",
            "孩子在{district}妇幼保健院出生，出生医学证明上父亲的名字写错了，想了解怎么申请更正。",
        ),
        (
            "儿童疫苗接种预约困难",
            "{street}社区卫生服务中心的儿童疫苗接种每周只开放两天，网上预约名额几秒钟就没了。",
        ),
        (
            "家庭医生签约服务流于形式",
            "我们家签约了家庭医生，但一年到头家庭医生从来没联系过，打电话也找不到人，"
            "签约服务形同虚设。",
        ),
        (
            "120急救车到达太慢",
            "家里老人突发心脏病，拨打120后救护车四十多分钟才到，"
            "{district}的院前急救站点是不是太少了？",
        ),
        (
            "儿科夜间急诊看病难",
            "{district}晚上只有一家医院开设儿科急诊，孩子夜里发烧去看病，要排三四个小时的队。",
        ),
        (
            "医院门诊停车难",
            "{district}人民医院门诊停车场车位太少，排队进停车场要一个小时，"
            "很多看病的车辆只能停在{road}上。",
        ),
        (
            "婴幼儿托育机构不规范",
            "{district}的婴幼儿托育机构收费每月四五千元，有的托育机构没有备案，"
            "保育人员也没有资质证书。",
        ),
        (
            "从业人员健康证办理难",
            "饭店员工需要办理健康证，{district}只有一家体检机构能办，每天限号，要排好几天。",
        ),
        (
            "医疗纠纷处理不公",
            "我母亲在{district}一家医院做手术后出现严重并发症，医院拒绝提供完整病历，"
            "医疗纠纷调解迟迟没有结果。",
        ),
        (
            "社区卫生服务中心医生不足",
            "{estate}所在的社区卫生服务中心只有两三名全科医生，慢病随访和老人体检根本忙不过来。",
        ),
        (
            "老年人免费体检项目少",
            "{district}每年给65岁以上老人免费体检，但项目只有血压、血糖和B超等几项，"
            "希望增加更有针对性的检查。",
        ),
        (
            "医院缺少母婴室和无障碍设施",
            "{district}几家医院门诊楼没有母婴室，轮椅通道也被杂物占用，"
            "带婴儿就诊或坐轮椅的患者很不方便。",
        ),
        (
            "精神障碍患者缺乏救治管理",
            "{estate}有一名精神障碍患者经常夜间砸门吵闹，家属无力看护，希望卫生部门帮助送医救治。",
        ),
        (
            "民营医院虚假宣传诱导治疗",
            "{district}一家民营医院在网上宣称“无痛治疗、一次根治”，患者去了以后"
            "被要求做各种高价治疗项目。",
        ),
        (
            "计划生育特殊家庭扶助",
            "我们是计划生育特殊家庭，唯一的孩子几年前因病去世，"
            "想了解特别扶助金标准和就医绿色通道政策。",
        ),
        (
            "公共场所控烟不力",
            "{district}很多餐馆、网吧里有人随意吸烟，禁烟标志形同虚设，希望加强控烟执法检查。",
        ),
    ],
    "住房公积金": [
        (
            "租房提取公积金额度偏低",
            "我在{district}租房，每月房租两千多元，但租房提取住房公积金每年额度有限，"
            "希望能按实际房租提取。",
        ),
        (
            "公积金贷款审批放款慢",
            "在{district}买了一套二手房，申请住房公积金贷款已经一个多月，放款迟迟没有下来，"
            "卖方一直在催。",
        ),
        (
            "夫妻公积金贷款额度计算",
            "我和爱人都在缴存住房公积金，想了解夫妻双方公积金贷款最高额度是多少，"
            "缴存时间和账户余额怎么影响可贷额度。",
        ),
        (
            "单位不给职工缴存公积金",
            "我在{district}一家企业工作了三年，单位一直没有为职工缴存住房公积金，"
            "人事说是公司规定。",
        ),
        (
            "公积金异地转移接续",
            "我从外地调到临江工作，原来的住房公积金账户想转移到临江，"
            "不知道能不能网上办理，需要多长时间。",
        ),
        (
            "离职后提取公积金",
            "我从单位离职半年了，户籍不在临江，想把住房公积金账户余额全部提取出来，"
            "需要满足什么条件。",
        ),
        (
            "退休销户提取公积金",
            "父亲今年退休，想办理住房公积金销户提取，但原单位已经注销，"
            "不知道没有单位盖章能不能办理。",
        ),
        (
            "公积金缴存基数按最低标准",
            "今年住房公积金缴存基数调整后，我们单位一直按最低标准给员工缴存，"
            "和实际工资差距很大，这样是否合规？",
        ),
        (
            "公积金冲还商业贷款",
            "我的房子用的是商业贷款，想用住房公积金账户余额按年冲还商业贷款本金，需要怎么申请？",
        ),
        (
            "商业贷款转公积金贷款",
            "听说可以办理商业贷款转住房公积金贷款，{district}现在能不能办，"
            "是否需要先还清商业贷款？",
        ),
        (
            "公积金组合贷款办理难",
            "买房时想申请住房公积金和商业银行组合贷款，开发商合作的银行却说不办组合贷，"
            "只能全部走商业贷款。",
        ),
        (
            "个体户自愿缴存公积金",
            "我是个体工商户，在{district}开了一家小店，想了解灵活就业人员能否自愿缴存住房公积金。",
        ),
        (
            "公积金重复账户需合并",
            "我在不同单位工作时开了两个住房公积金账户，现在办理公积金贷款时提示账户重复，"
            "需要先办理合并。",
        ),
        (
            "单位漏缴公积金要求补缴",
            "单位漏缴了我去年三个月的住房公积金，想申请补缴，单位经办人说超过期限不能补。",
        ),
        (
            "公积金贷款提前还款",
            "住房公积金贷款还了五年，想部分提前还款，需不需要预约？"
            "提前还款后月供和贷款年限怎么调整？",
        ),
        (
            "重大疾病提取公积金",
            "我丈夫患重病住院，医疗费用很高，想了解家庭成员患重大疾病能否提取住房公积金。",
        ),
        (
            "公积金网上服务厅登录困难",
            "临江公积金网上服务厅经常提示人脸识别失败，手机端也老是闪退，"
            "想在网上提取一次公积金很困难。",
        ),
        (
            "公积金缴存证明打印",
            "办理{district}人才补贴需要住房公积金缴存证明，能否在网上自助打印？"
            "单位能不能代为打印？",
        ),
        (
            "回老家购房申请异地公积金贷款",
            "我在临江缴存住房公积金，在老家县城买房，能否申请住房公积金异地贷款？",
        ),
        (
            "加装电梯费用提取公积金",
            "{estate}准备加装电梯，每户要分摊几万元，想了解能否提取住房公积金支付加装电梯费用。",
        ),
        (
            "公积金贷款被拒原因不明",
            "申请住房公积金贷款时被告知征信不合格，但我的征信报告并没有逾期记录，"
            "工作人员也说不清楚原因。",
        ),
        (
            "公积金服务网点窗口太少",
            "{district}住房公积金服务网点只有两个窗口办理业务，每次去都要排一两个小时的队。",
        ),
        (
            "二套房公积金贷款首付比例",
            "二套房使用住房公积金贷款的首付比例是多少？第一套房的公积金贷款已经还清，"
            "还算不算二套？",
        ),
    ],
    "医疗保障": [
        (
            "住院医保报销比例低",
            "我父亲在{district}人民医院住院半个月，总费用三万多元，医保报销后自付还有一万多，"
            "报销比例比预期低很多。",
        ),
        (
            "异地就医备案和直接结算",
            "我长期在外省居住，参加的是临江职工医保，想了解异地就医备案怎么办，"
            "备案后门诊费用能否直接结算。",
        ),
        (
            "城乡居民医保缴费年年涨",
            "城乡居民医疗保险每年缴费都在涨，我们农村一家五口一年要交一千多元，负担不轻。",
        ),
        (
            "门诊慢特病认定审核慢",
            "我患高血压和糖尿病多年，申请门诊慢特病待遇，资料交上去两个月还没有审核结果。",
        ),
        (
            "大病保险二次报销",
            "孩子患重病花了几十万元，基本医保报销后自付仍然很多，"
            "想了解大病保险怎么报销、需不需要本人申请。",
        ),
        (
            "低保户医疗救助申请",
            "家里是低保户，老人住院医保报销后还有几千元付不起，想了解医疗救助的申请条件和流程。",
        ),
        (
            "医保定点药店不能刷卡",
            "{road}几家药店挂着医保定点的牌子，买药时却说系统故障不能刷医保，只能自费。",
        ),
        (
            "医保电子凭证无法使用",
            "{district}有的医院只能刷实体社保卡，手机上的医保电子凭证扫码用不了，"
            "忘带卡就只能自费。",
        ),
        (
            "新生儿参加居民医保",
            "宝宝刚出生，想给他办理城乡居民医疗保险，出生后多长时间内参保可以享受医保待遇？",
        ),
        (
            "换工作期间医保断缴",
            "我换工作期间职工医保断缴了两个月，现在新单位已经续上了，断缴期间生病住院能不能报销？",
        ),
        (
            "医保个人账户家庭共济",
            "听说职工医保个人账户可以给家人使用，我想用个人账户的钱给父母买药，该怎么绑定共济？",
        ),
        (
            "集采药品在医院买不到",
            "国家集中带量采购的降压药价格很便宜，但{district}的医院经常说没货，"
            "只能开价格高的同类药。",
        ),
        (
            "医院以医保额度为由催出院",
            "我母亲在{district}一家医院住院还没痊愈，医院就以医保支付额度用完为由要求转院或出院。",
        ),
        (
            "诊所虚构住院骗取医保基金",
            "{road}有家诊所组织老人免费体检、挂床住院，实际是用老人的医保卡虚构费用骗取医保基金。",
        ),
        (
            "生育医疗费用和生育津贴",
            "我在单位参加了生育保险，生孩子后想申领生育医疗费用报销和生育津贴，"
            "个人可以直接办理吗？",
        ),
        (
            "失能老人长期护理保险",
            "我父亲中风后长期卧床失能，听说有长期护理保险，想了解临江是否开展、怎么申请失能评估。",
        ),
        (
            "职工医保门诊统筹报销",
            "职工医保门诊统筹每年的起付线和报销限额是多少？"
            "在社区医院和三甲医院看门诊报销比例一样吗？",
        ),
        (
            "医保缴费年限跨地区累计",
            "我从外地回临江工作，原来在外地缴了八年职工医保，转回临江后医保缴费年限能否累计？",
        ),
        (
            "罕见病用药不在医保目录",
            "我患罕见病需要长期服用一种进口药，每月要一万多元，这个药不在医保药品目录内，"
            "全部自费实在负担不起。",
        ),
        (
            "退休时医保缴费年限不足",
            "我马上要退休了，职工医保缴费年限还差三年，退休后享受医保待遇需要补缴多少，"
            "能否一次性补缴？",
        ),
        (
            "住院医保结算清单收费不明",
            "{district}一家医院住院费用清单中有很多看不懂的收费项目，"
            "有些没用过的耗材也计入了医保结算。",
        ),
        (
            "异地住院手工报销太慢",
            "我在外地住院后回临江手工报销医疗费用，材料交了三个月，医保报销款还没有到账。",
        ),
    ],
    "公安户籍": [
        (
            "新生儿落户地点和材料",
            "孩子刚出生，父母都是临江户籍但不在同一个区，想了解新生儿可以在哪里落户、"
            "需要什么材料。",
        ),
        (
            "外省户口迁入临江条件",
            "我在{district}买了房，缴纳社保两年，想把户口从外省迁到临江，"
            "不知道落户条件和办理流程。",
        ),
        (
            "补办身份证时间太长",
            "身份证丢失后到{district}派出所补办，被告知要二十多个工作日才能领取，"
            "急需用身份证办事怎么办？",
        ),
        (
            "临时居民身份证办理",
            "下周要坐飞机出差，身份证还在补办中，想了解能否在{street}派出所当天办理临时居民身份证。",
        ),
        (
            "居住证办理和签注",
            "我在{district}租房居住半年以上，想办理居住证，需要房东提供什么材料？"
            "居住证每年都要签注吗？",
        ),
        (
            "户口本遗失补办",
            "家里的户口本丢失了，户主年纪大行动不便，其他家庭成员能不能代为到派出所补办户口簿？",
        ),
        (
            "未成年人变更姓名",
            "孩子上小学前想改名字，想了解未成年人户口变更姓名需要哪些材料，"
            "父母双方是否都要到派出所。",
        ),
        (
            "户籍出生日期登记错误",
            "我母亲户口上的出生日期比实际晚了两年，影响办理退休，"
            "想了解户籍出生日期更正需要哪些证明。",
        ),
        (
            "离职后集体户口迁出",
            "我的户口在原单位集体户上，离职后单位要求迁出，但我在临江没有房产，"
            "不知道户口能迁到哪里。",
        ),
        (
            "无犯罪记录证明开具",
            "应聘需要开具无犯罪记录证明，{street}派出所说要回户籍地开，"
            "我在外地工作来回很不方便，能不能网上申请？",
        ),
        (
            "电动自行车上牌难",
            "新买的电动自行车想上牌登记，{district}的上牌点每天限号，排了两天都没排上。",
        ),
        (
            "小区入室盗窃案件频发",
            "{estate}最近接连发生入室盗窃，我家被盗三个多月了，派出所一直没有进展，"
            "小区居民人心惶惶。",
        ),
        (
            "报警后民警出警慢",
            "前几天晚上{road}有人打架斗殴，群众报警后半个多小时民警才到现场，打人者早就跑了。",
        ),
        (
            "老人遭遇电信网络诈骗",
            "我母亲接到冒充公检法的电话，被骗走了十几万元积蓄，已经到{street}派出所报案，"
            "希望公安机关尽快追回损失。",
        ),
        (
            "老人投靠子女落户",
            "我父母在外省农村，年纪大了想投靠我落户到临江，我在{district}有自有住房，"
            "想了解老人投靠落户的条件。",
        ),
        (
            "结婚后分户立户",
            "我结婚后在{district}买了房，想把户口从父母户口本上分出来单独立户，需要准备哪些材料？",
        ),
        (
            "死亡人员注销户口",
            "家中老人去世后需要注销户口，医院开了死亡证明，是否还需要火化证明？"
            "可以在哪个派出所办理？",
        ),
        (
            "毕业生人才落户",
            "我是刚毕业的本科生，准备到{district}就业，想了解人才落户是否需要先缴社保，"
            "户口能否落在人才集体户。",
        ),
        (
            "护照和港澳通行证办理",
            "第一次办理护照和港澳通行证，想了解{district}出入境接待大厅能否预约，"
            "制证需要多长时间。",
        ),
        (
            "未成年子女民族成分变更",
            "我们夫妻分别是汉族和土家族，孩子户口登记为汉族，想在孩子成年前更改民族成分，"
            "需要怎么办理？",
        ),
        (
            "亲属关系证明开具难",
            "办理房屋继承需要开具亲属关系证明，派出所说户籍档案里查不到，让我们自己想办法证明。",
        ),
        (
            "群租房存在治安隐患",
            "{estate}有房东把房子隔成十几个小间出租，人员进出复杂，经常半夜吵闹，"
            "存在很大的治安和消防隐患。",
        ),
        (
            "身份证到期异地换领",
            "我户籍在青山县，在{district}工作，身份证到期换领能不能在工作地的派出所办理？",
        ),
    ],
    "市场监管": [
        (
            "超市销售过期食品",
            "在{district}{road}一家超市买的牛奶和面包已经过了保质期，货架上还有不少过期食品没有下架。",
        ),
        (
            "农贸市场商贩缺斤少两",
            "{street}农贸市场有的摊贩电子秤被动了手脚，一斤肉少了一两多，"
            "回家用自家的秤一称就发现了。",
        ),
        (
            "海鲜餐馆价格欺诈",
            "{road}一家海鲜餐馆菜单上只标“时价”，结账时按每斤几百元收费，比市场价高出好几倍。",
        ),
        (
            "保健品虚假宣传坑老人",
            "{district}有人以免费体检、健康讲座为名向老年人推销所谓能治高血压的保健品，"
            "一盒几千元。",
        ),
        (
            "个体户营业执照和食品经营许可",
            "我想在{district}开一家奶茶店，想了解个体工商户营业执照和食品经营许可证能否一起在网上办理。",
        ),
        (
            "网红餐馆后厨卫生脏乱",
            "在{road}一家网红餐馆就餐后全家拉肚子，后来看到网上曝光的视频，"
            "这家店后厨老鼠乱窜、食材随地堆放。",
        ),
        (
            "外卖商家无证经营",
            "外卖平台上一家评分很高的{district}快餐店，按地址找过去发现是居民楼里的家庭作坊，"
            "没有任何证照。",
        ),
        (
            "网店拒绝七天无理由退货",
            "在本地一家网店买的电器出了质量问题，商家拒绝七天无理由退货，客服一直推诿。",
        ),
        (
            "小区电梯检验过期",
            "{estate}的电梯检验合格标志显示已经过期半年，电梯运行时有异响，"
            "使用单位说特种设备检验还没安排。",
        ),
        (
            "店铺销售假冒名牌商品",
            "{road}一家店铺低价销售所谓名牌运动鞋和化妆品，明显是假冒伪劣商品，很多学生上当。",
        ),
        (
            "药店无处方销售处方药",
            "{street}几家药店不凭处方就随意出售抗生素和处方药，还推荐顾客购买高价保健品。",
        ),
        (
            "加油站加油机计量不准",
            "在{district}一家加油站加油，显示加了五十升，但油箱容量只有四十五升，"
            "怀疑加油机计量作弊。",
        ),
        (
            "美容院诱导办理高价会员卡",
            "{road}一家美容院用免费体验吸引顾客，再以各种理由诱导办理几万元的会员卡，"
            "项目效果与宣传严重不符。",
        ),
        (
            "校园周边销售三无食品",
            "{street}中心小学门口几家小卖部出售没有生产日期和厂家信息的辣条、饮料，"
            "孩子吃了肚子疼。",
        ),
        (
            "直播带货商品货不对板",
            "在本地主播的直播间买了土特产，收到后发现是散装的三无产品，和直播中展示的完全不一样。",
        ),
        (
            "糕点包装标签不规范",
            "{district}一家食品厂生产的糕点包装上没有配料表和食品生产许可证编号，"
            "在很多小超市都有销售。",
        ),
        (
            "燃气热水器产品质量问题",
            "新买的燃气热水器安装后一直打不着火，厂家售后说是正常现象，怀疑产品质量不合格。",
        ),
        (
            "个体户未年报被列入经营异常",
            "我的个体工商户营业执照因为忘记年报被列入经营异常名录，想了解怎么补报和移出。",
        ),
        (
            "二手车行调表欺诈",
            "在{district}二手车行买的车，保养记录显示实际里程是车行标注的两倍多，"
            "车行涉嫌调表欺诈消费者。",
        ),
        (
            "商场停车场收费不明码标价",
            "{road}一家商场地下停车场收费标准没有明码标价，停了不到两个小时收了三十元。",
        ),
        (
            "企业名称核名屡被驳回",
            "我们在{district}注册公司，拟定的企业名称在网上核名时多次被驳回，系统也没有给出原因。",
        ),
        (
            "老店招牌被抢注商标",
            "我们在临江经营了二十多年的老店招牌被别人抢注了商标，对方反过来要求我们停止使用。",
        ),
        (
            "蔬菜农药残留超标",
            "{street}菜市场买的青菜吃了以后舌头发麻，怀疑农药残留超标，希望加强食用农产品快速检测。",
        ),
    ],
    "城市管理": [
        (
            "流动摊贩占道经营",
            "{road}两侧流动摊贩占道经营，早晚时段把人行道和半幅车道都占满了，"
            "行人只能走到机动车道上。",
        ),
        (
            "一楼住户违章搭建",
            "{estate}一楼住户私自圈占公共绿地搭建阳光房，还往外扩建了好几米，"
            "其他业主多次投诉没人管。",
        ),
        (
            "生活垃圾清运不及时",
            "{estate}门口的垃圾收集点经常两三天不清运，垃圾桶满溢，污水流到路上，蚊蝇成群。",
        ),
        (
            "垃圾分类流于形式",
            "{district}推行垃圾分类，但{estate}只放了几个分类垃圾桶，没有督导员，"
            "分好类的垃圾最后还是混在一起运走。",
        ),
        (
            "渣土车沿路抛洒泥土",
            "{road}每天夜里都有渣土车通行，沿路抛洒泥土，白天车一过尘土飞扬，洒水车也没来冲洗。",
        ),
        (
            "路灯损坏长期不亮",
            "{road}{street}路段有十几盏路灯坏了一个多月，晚上一片漆黑，行人和骑车的人都很危险。",
        ),
        (
            "人行道窨井盖破损缺失",
            "{road}人行道上有个窨井盖破损塌陷，只用一根树枝插着做标记，晚上很容易踩空。",
        ),
        (
            "楼顶大型广告牌松动",
            "{road}一栋商业楼楼顶的大型户外广告牌锈蚀严重，部分面板已经松动，"
            "台风天随时可能掉下来。",
        ),
        (
            "楼道电线杆小广告泛滥",
            "{estate}楼道和周边电线杆上贴满了开锁、办证、贷款的小广告，清理了又贴，严重影响市容。",
        ),
        (
            "公共厕所少且卫生差",
            "滨江公园和{road}一带公共厕所很少，仅有的一座也经常没有水、没有手纸，气味很大。",
        ),
        (
            "道路绿化带被毁",
            "{road}中间绿化带的树木枯死了一大片，有的绿地被附近商户铺成了水泥地用来停车。",
        ),
        (
            "行道树过高需要修剪",
            "{estate}楼前的行道树已经长到五六层楼高，枝叶伸进住户阳台，遮挡采光还招虫子，"
            "希望园林部门尽快修剪。",
        ),
        (
            "共享单车乱停堵塞盲道",
            "{road}公交站周边共享单车乱停乱放，堵住了盲道和人行道，推着婴儿车根本过不去。",
        ),
        (
            "沿街商铺店外经营",
            "{road}沿街商铺把货架、餐桌摆到店门外，门前卫生也不打扫，“门前三包”责任形同虚设。",
        ),
        (
            "空地乱倒装修垃圾",
            "{street}一处空地上被人乱倒了大量装修垃圾和建筑垃圾，已经堆成小山，也没人来清运。",
        ),
        (
            "机动车占用人行道停放",
            "{road}人行道上停满了机动车，行人只能走机动车道，建议施划停车泊位并加强管理。",
        ),
        (
            "夜市收摊后满地垃圾",
            "{road}夜市收摊后满地垃圾和油污，一直到第二天中午才有人清扫，周边居民意见很大。",
        ),
        (
            "临街招牌设置杂乱",
            "{road}很多商铺的店招牌五颜六色、大小不一，有的还伸到人行道上空，影响街道市容和安全。",
        ),
        (
            "公园设施损坏无人维修",
            "{district}滨江公园里的座椅、凉亭和步道多处损坏，儿童游乐设施生锈松动，一直没有修缮。",
        ),
        (
            "顶楼住户楼顶违法加盖",
            "{estate}顶楼住户在楼顶私自加盖了一层砖房，还在不断扩建，"
            "楼下住户担心楼体安全，希望依法拆除违法建筑。",
        ),
        (
            "垃圾中转站离居民楼太近",
            "{street}垃圾中转站离居民楼只有二十多米，每天清晨压缩作业噪声很大，夏天臭味飘进屋里。",
        ),
        (
            "城管执法方式简单粗暴",
            "{road}附近城管执法人员在清理流动摊贩时态度粗暴，没收了老人的菜筐，"
            "希望文明执法、疏堵结合。",
        ),
        (
            "背街小巷环卫保洁不到位",
            "{street}背街小巷长期没有环卫工人清扫，路面落叶垃圾堆积，雨水口也被堵住了。",
        ),
        (
            "设置便民摊点疏导点",
            "{district}很多小商贩没有固定摊位只能流动摆卖，建议在{road}附近划定便民疏导点，规范管理。",
        ),
    ],
    "民政": [
        (
            "家庭困难申请低保",
            "我家在{district}，丈夫重病丧失劳动能力，孩子还在上学，"
            "想了解最低生活保障的申请条件和流程。",
        ),
        (
            "孤寡老人特困供养",
            "青山县{town}{village}有一位孤寡老人无儿无女无收入，住的房子也快倒了，"
            "希望纳入特困人员救助供养。",
        ),
        (
            "公办养老院床位紧张",
            "{district}公办养老院床位排队要等一两年，民办养老机构每月收费五六千元，"
            "失能老人家庭负担不起。",
        ),
        (
            "独居老人居家养老服务",
            "我父母都八十多岁了，住在{estate}，子女不在身边，想了解社区能否提供助餐、助浴、"
            "上门探访等居家养老服务。",
        ),
        (
            "八十岁以上高龄津贴",
            "我奶奶今年满八十周岁了，听说有高龄津贴，想了解临江的发放标准，需要到哪里申请。",
        ),
        (
            "残疾人两项补贴申请",
            "我儿子是一级肢体残疾，想了解困难残疾人生活补贴和重度残疾人护理补贴的申请条件和标准。",
        ),
        (
            "婚姻登记预约名额太少",
            "想在七夕当天到{district}婚姻登记处办理结婚登记，网上预约系统一直显示已约满，"
            "能否增加预约名额。",
        ),
        (
            "殡葬服务收费不透明",
            "家里老人去世后，殡仪馆的告别厅、骨灰盒等收费项目很多，价格也不透明，"
            "感觉殡葬服务收费太高。",
        ),
        (
            "经营性公墓价格过高",
            "临江经营性公墓一个墓位要十几万元，普通家庭根本买不起，希望多建一些公益性公墓。",
        ),
        (
            "遭遇火灾申请临时救助",
            "我家突遭火灾，房屋和家具都烧毁了，想了解能否向民政部门申请临时救助。",
        ),
        (
            "农村留守儿童缺少关爱",
            "青山县{town}{village}有很多留守儿童跟着爷爷奶奶生活，缺少照顾和心理关爱，"
            "希望加强留守儿童关爱保护。",
        ),
        (
            "流浪老人露宿街头",
            "{road}天桥下长期有一位流浪老人露宿，天气越来越冷，希望救助管理站能够帮助他。",
        ),
        (
            "社区缺少老年助餐点",
            "{estate}老年人很多，附近没有老年食堂，独居老人吃饭是个大问题，希望社区开设老年助餐点。",
        ),
        (
            "门牌号编排混乱",
            "{estate}所在的{road}门牌号编排混乱，同一个号码有两栋楼，快递和救护车经常找不到地方，"
            "希望规范地名门牌。",
        ),
        (
            "社会组织登记条件",
            "我们几位退休教师想成立一个公益性的社区志愿服务组织，想了解社会组织登记需要什么条件和材料。",
        ),
        (
            "居家适老化改造补贴",
            "家里老人行动不便，想安装扶手和防滑地板，听说有居家适老化改造补贴，想了解申请条件。",
        ),
        (
            "低保资格被取消",
            "我家的低保被取消了，社区说是家庭收入超标，但我们家情况并没有好转，希望重新核查低保资格。",
        ),
        (
            "事实无人抚养儿童补贴",
            "我的侄子父亲去世、母亲离家出走，现在跟着我生活，想了解事实无人抚养儿童的基本生活补贴怎么申请。",
        ),
        (
            "社区居委会办事推诿",
            "{estate}所在社区居委会办事推诿，居民开证明要跑好几趟，居委会成员平时也很难找到。",
        ),
        (
            "结婚证信息错误更正",
            "我们的结婚证上配偶的出生日期登记错了，想了解到{district}婚姻登记处更正需要提供什么材料。",
        ),
        (
            "街头募捐真假难辨",
            "有人在{road}以为重病儿童筹款为名设摊募捐，没有公开募捐资格证书，"
            "怀疑是借慈善名义骗钱。",
        ),
        (
            "养老机构护理服务差",
            "我父亲住在{district}一家养老院，护理员少，老人身上长了褥疮也没有及时发现，伙食也很差。",
        ),
        (
            "街道社工站未开展服务",
            "{street}的社工站建好后一直没有开展活动，希望多组织面向老人、儿童和残疾人的社会工作服务。",
        ),
    ],
    "国土规划": [
        (
            "小区规划绿地被改建住宅",
            "{estate}规划中的中心绿地被开发商调整规划后改建成了两栋住宅楼，规划变更没有征求业主意见。",
        ),
        (
            "新建高楼影响日照间距",
            "{estate}南侧正在建的高层住宅离我们楼太近，建成后低楼层冬天基本晒不到太阳，"
            "怀疑违反日照间距规定。",
        ),
        (
            "交房多年办不了不动产权证",
            "{estate}交房已经五年，开发商因为土地出让金没有缴清，业主的不动产权证书一直办不下来。",
        ),
        (
            "二手房不动产转移登记慢",
            "在{district}买的二手房办理不动产转移登记，窗口说要十五个工作日，"
            "能否缩短时限或者网上办理？",
        ),
        (
            "集体土地征收补偿偏低",
            "青山县{town}{village}的集体土地被征收，补偿标准多年没有调整，"
            "村民对征地补偿和社保安置有意见。",
        ),
        (
            "农村宅基地审批",
            "我是青山县{town}{village}的村民，老房子是危房，想申请宅基地重新建房，"
            "不知道审批流程和面积标准。",
        ),
        (
            "基本农田被非法占用",
            "青山县{town}有人在基本农田上挖塘、建厂房和仓库，大片耕地被破坏，村民多次反映没有人处理。",
        ),
        (
            "无证开采石料破坏山体",
            "青山县{town}后山有人无证开采石料，山体被挖得千疮百孔，下雨时容易发生滑坡。",
        ),
        (
            "村后山体出现地质灾害隐患",
            "青山县{town}{village}后山出现了裂缝，去年雨季发生过小规模滑坡，"
            "山脚下住着十几户村民，希望尽快排查治理地质灾害隐患。",
        ),
        (
            "规划道路多年未打通",
            "{district}{road}是规划中的城市主干道，中间一段断头路十几年没打通，周边居民出行要绕很远。",
        ),
        (
            "控制性详细规划公示不充分",
            "{street}片区控制性详细规划调整的公示只在网站上挂了几天，附近居民都不知道，"
            "希望延长公示期并召开听证会。",
        ),
        (
            "学校公园用地被调整为商住用地",
            "{district}{road}一块原规划为学校和公园的用地，最近被调整为商住用地挂牌出让，"
            "周边居民担心配套落空。",
        ),
        (
            "出让土地长期闲置",
            "{district}{road}旁边一块出让多年的土地一直闲置，围挡里杂草丛生，开发商迟迟不开工。",
        ),
        (
            "工地未公示建设工程规划许可证",
            "{road}旁边的工地开工了，但施工现场没有张贴建设工程规划许可证公示牌，不知道建的是什么项目。",
        ),
        (
            "城郊小产权房无法办证",
            "我多年前在{district}城郊买了一套村集体建的房子，现在想办理产权登记，"
            "被告知属于小产权房不能办证。",
        ),
        (
            "农村建房审批部门多",
            "青山县{town}{village}村民建房报批要跑村、镇、县好几个部门，审批时间长，"
            "很多人只好先建后批。",
        ),
        (
            "山林权属争议需确权",
            "青山县{town}{village}与邻村因为一片山林的权属争议多年，林权证记载的四至界限不清，"
            "希望重新勘测确权。",
        ),
        (
            "套内面积测绘与合同不符",
            "{estate}交房后业主自己测量，套内面积比合同少了好几平方米，想申请不动产测绘复核。",
        ),
        (
            "国土空间总体规划征求意见",
            "听说临江正在编制国土空间总体规划，{district}的发展定位和生态保护红线如何划定，"
            "希望公开征求市民意见。",
        ),
        (
            "规划公园绿地被违法占用",
            "{road}旁边规划的公园绿地上被人建起了几排简易厂房和停车场，规划绿地迟迟建不起来。",
        ),
        (
            "不动产抵押登记在银行办理",
            "我想用房产办理抵押贷款，想了解不动产抵押登记能否在银行网点直接申请，"
            "不用再跑不动产登记中心。",
        ),
        (
            "房改房历史遗留问题办证难",
            "{district}上世纪九十年代的单位房改房，由于原单位改制，房屋手续不全，"
            "住户都办不了不动产权证。",
        ),
        (
            "工业用地规划调整退还出让金",
            "我们企业在{district}竞得的一块工业用地因规划调整无法动工，"
            "想申请解除土地出让合同并退还土地出让金。",
        ),
    ],
    "政务服务": [
        (
            "一网通办仍需多次跑腿",
            "在临江政务服务网申请办理业务，网上提交后还要求到窗口核验原件，前后跑了三趟，"
            "一网通办名不副实。",
        ),
        (
            "政务服务大厅排队时间长",
            "{district}政务服务中心每天上午取号要排很久，开放的窗口少，有的窗口工作人员还在玩手机。",
        ),
        (
            "办事窗口工作人员态度差",
            "在{district}政务服务中心办事时，窗口工作人员说话很不耐烦，"
            "材料有问题也不一次性告知清楚。",
        ),
        (
            "市民通App频繁闪退",
            "“临江市民通”手机应用最近更新后经常闪退，人脸识别也通不过，很多政务服务事项办不了。",
        ),
        (
            "电子证照不被窗口认可",
            "办事时出示了手机上的电子身份证和电子营业执照，窗口仍然要求提交纸质复印件，"
            "电子证照等于白领。",
        ),
        (
            "部门间数据不共享重复交材料",
            "同一家企业在{district}办理不同事项，每次都要重复提交营业执照、法人身份证等材料，"
            "部门之间数据不共享。",
        ),
        (
            "12345热线难打进",
            "拨打12345政务服务便民热线经常占线，好不容易接通后又说转交部门办理，之后再也没有消息。",
        ),
        (
            "网上预约号源太少",
            "政务服务中心实行预约办理，但网上每天放出的预约号很少，一开放就被抢光，"
            "有人怀疑被黄牛抢号。",
        ),
        (
            "跨省通办事项太少",
            "我在外省工作，户籍在{district}，很多事项还是要求本人回临江现场办理，"
            "希望扩大跨省通办事项范围。",
        ),
        (
            "便民服务中心自助终端故障",
            "{street}便民服务中心的政务服务自助终端经常黑屏或者打印不出来，也没有工作人员指导。",
        ),
        (
            "办事指南与窗口要求不一致",
            "按照政务服务网上的办事指南准备了材料，到窗口后又被要求补充指南上没有写的证明材料。",
        ),
        (
            "企业开办环节多、耗时长",
            "在{district}开办企业，营业执照、刻章、税务登记和银行开户分别在不同地方办理，"
            "整个流程用了一个多星期。",
        ),
        (
            "政务大厅缺少延时服务",
            "上班族只能利用中午和周末办事，但{district}政务服务中心中午不办理业务，周末也不开门。",
        ),
        (
            "政务服务差评无人回访",
            "在政务服务中心办事后给了差评并写明原因，但一直没有人回访，"
            "也不知道好差评有没有被处理。",
        ),
        (
            "老人办事缺少帮办代办",
            "老人不会用智能手机，到{street}便民服务中心办理社保资格认证，现场没有帮办代办人员，"
            "只能让子女请假来办。",
        ),
        (
            "政务服务网实名认证失败",
            "在政务服务网注册实名认证时一直提示“身份信息不一致”，打客服电话也解决不了。",
        ),
        (
            "出生一件事一次办未落实",
            "办理新生儿出生“一件事一次办”时，出生医学证明、落户和医保参保还是要分别去几个地方办理。",
        ),
        (
            "政务服务网上缴费失败",
            "在政务服务网上缴纳费用时银行卡已经扣款，系统却显示支付失败，业务无法继续办理，钱也没有退回。",
        ),
        (
            "政府网站政策文件难查找",
            "想在政府网站上查找{district}的政策文件和办事流程，栏目设置混乱，搜索功能也查不到想要的内容。",
        ),
        (
            "已取消的证明事项仍被索要",
            "{district}办理经营许可时还要求提供社区开具的“无违法证明”，这类证明事项按规定早就该取消了。",
        ),
        (
            "容缺受理标准不统一",
            "企业办事时只差一份非关键材料，有的窗口可以容缺受理，有的窗口坚决不收，标准不统一。",
        ),
        (
            "乡镇便民服务中心可办事项少",
            "青山县{town}便民服务中心能办理的事项很少，{village}的村民很多事情还是要跑到县政务服务中心办理。",
        ),
        (
            "电子营业执照下载失败",
            "我们企业在手机上下载电子营业执照时，法定代表人身份验证总是失败，导致很多网上业务无法办理。",
        ),
    ],
}

# Who the writer addresses, per category (they also carry the category's vocabulary).
_TRAINING_AGENCIES: dict[str, list[str]] = {
    "城乡建设": ["住建部门", "市住房和城乡建设局", "房产管理部门"],
    "环境保护": ["生态环境部门", "市生态环境局", "环保执法部门"],
    "交通运输": ["交通运输部门", "市交通运输局", "交通运输主管部门"],
    "教育文体": ["教育部门", "市教育局", "教育行政部门"],
    "劳动和社会保障": ["人社部门", "劳动保障监察部门", "市人力资源和社会保障局"],
    "商贸旅游": ["商务部门", "市商务局", "文旅和商务主管部门"],
    "卫生计生": ["卫生健康部门", "市卫健委", "卫生监督部门"],
    "住房公积金": ["公积金管理中心", "市住房公积金管理中心", "公积金中心"],
    "医疗保障": ["医保部门", "市医疗保障局", "医保经办机构"],
    "公安户籍": ["公安机关", "户籍管理部门", "辖区派出所"],
    "市场监管": ["市场监管部门", "市市场监督管理局", "市场监管执法人员"],
    "城市管理": ["城管部门", "市城市管理局", "城管执法部门"],
    "民政": ["民政部门", "市民政局", "街道民政办"],
    "国土规划": ["自然资源和规划部门", "规划管理部门", "市自然资源和规划局"],
    "政务服务": ["政务服务管理部门", "市政务服务和大数据管理局", "政务服务中心"],
}

# Category-specific closing requests.
_TRAINING_ASKS: dict[str, list[str]] = {
    "城乡建设": [
        "请督促开发企业和物业服务企业切实履行责任。",
        "希望把这个问题纳入城市更新和老旧小区改造统筹解决。",
        "恳请组织专业人员现场查勘房屋和设施，给业主一个明确答复。",
    ],
    "环境保护": [
        "请开展夜间突击检查，对污染源进行采样监测。",
        "希望依法查处环境违法行为，并公开处理结果。",
        "还周边居民一个干净、安静的生活环境。",
    ],
    "交通运输": [
        "希望优化公交线路和班次安排，方便群众出行。",
        "请加强客运市场和出租车行业监管。",
        "建议组织人员实地调研客流和道路通行情况。",
    ],
    "教育文体": [
        "希望加强对学校和培训机构的监管，切实减轻学生和家长负担。",
        "请核实学校的做法是否符合教育政策规定。",
        "希望多听取家长和学生的意见。",
    ],
    "劳动和社会保障": [
        "请依法介入，维护劳动者的合法权益。",
        "希望给出明确的社保政策解释和办理指引。",
        "请督促用人单位依法签订劳动合同、缴纳社会保险。",
    ],
    "商贸旅游": [
        "希望加强对旅游市场和商贸企业的监管，提升游客和消费者的体验。",
        "请督促旅行社、景区和商家规范经营。",
        "建议出台扶持政策，激发消费和旅游市场活力。",
    ],
    "卫生计生": [
        "希望督促医疗机构改进服务流程，改善患者就医体验。",
        "请核查相关医疗机构和人员的执业资质。",
        "希望进一步加强基层医疗卫生服务能力。",
    ],
    "住房公积金": [
        "请公积金中心给予明确答复。",
        "希望简化公积金业务手续，优化线上服务。",
        "请督促单位依法为职工缴存住房公积金。",
    ],
    "医疗保障": [
        "希望进一步提高医保报销待遇、简化报销手续。",
        "请核查定点医药机构的违规行为，守护好群众的看病钱。",
        "希望给出具体的医保办理指引。",
    ],
    "公安户籍": [
        "希望户籍窗口提供更便捷的办理方式。",
        "请依法处理并及时告知办理进度。",
        "请加强巡逻防控，保障群众的人身财产安全。",
    ],
    "市场监管": [
        "请依法查处，保护消费者的合法权益。",
        "希望加强食品和商品质量抽检以及日常巡查。",
        "我保留了购物凭证和照片，可以配合调查。",
    ],
    "城市管理": [
        "请加强巡查、依法处置，维护良好的市容环境。",
        "希望建立长效管理机制，不要一阵风。",
        "请环卫和市政设施管护单位尽快处理。",
    ],
    "民政": [
        "希望给予政策指导和帮助。",
        "请社区和街道尽快上门核实家庭情况。",
        "希望进一步完善养老服务和社会救助体系。",
    ],
    "国土规划": [
        "请核查规划审批情况并公开相关信息。",
        "希望依法查处违法用地和违法开采行为。",
        "请不动产登记中心给予明确的办理指引。",
    ],
    "政务服务": [
        "希望真正做到让数据多跑路、群众少跑腿。",
        "请督促相关窗口整改，提升政务服务水平。",
        "建议优化线上办事系统，改善办事体验。",
    ],
}

_TRAINING_KINDS = ("complaint", "consultation", "suggestion", "help")
# A detail that asks something reads as a consultation (or a plea for help); one that
# describes a problem reads as a complaint, a suggestion or a plea for help.
_TRAINING_QUESTION_MARKERS = ("想了解", "？", "能否", "能不能", "怎么", "需要什么", "需要哪些")
_TRAINING_KIND_WEIGHTS_QUESTION = (0, 80, 0, 20)
_TRAINING_KIND_WEIGHTS_STATEMENT = (45, 10, 30, 15)

_TRAINING_OPENINGS: dict[str, list[str]] = {
    "complaint": ["您好！", "尊敬的领导：您好！", "领导您好，", "", "我要反映一个问题。"],
    "consultation": ["您好！", "你好，", "", "有个问题想咨询一下。", "想向有关部门咨询。"],
    "suggestion": [
        "您好！",
        "尊敬的领导：您好！",
        "",
        "我有一个建议想反映。",
        "作为普通市民，提一点建议。",
    ],
    "help": [
        "您好！",
        "尊敬的领导：您好！",
        "",
        "实在没有办法了，只好写信求助。",
        "冒昧写信求助。",
    ],
}

_TRAINING_IDENTITIES_URBAN = [
    "我是{district}{estate}的居民。",
    "我住在{district}{street}。",
    "本人家住{district}{road}附近。",
    "我在{district}工作和生活多年。",
    "",
]
_TRAINING_IDENTITIES_RURAL = [
    "我是青山县{town}{village}的村民。",
    "我家住在青山县{town}。",
    "",
]

_TRAINING_IMPACTS: dict[str, list[str]] = {
    "complaint": [
        "这种情况已经持续{duration}了，向{contact}反映过多次，一直没有解决。",
        "周边群众对此意见很大。",
        "大家对此反映强烈，却迟迟没有人管。",
        "",
    ],
    "consultation": [
        "在网上查了一些资料，说法不一，心里没底。",
        "打电话问过{contact}，也没有得到明确答复。",
        "",
    ],
    "suggestion": [
        "相信这也是很多市民的共同心声。",
        "这个问题已经存在{duration}，影响面很广。",
        "",
    ],
    "help": [
        "这件事对我们影响很大，实在不知道该怎么办。",
        "已经拖了{duration}，家里人都很着急。",
        "向{contact}反映后没有下文，只能写信求助。",
    ],
}

_TRAINING_DURATIONS = ["一个多月", "两三个月", "半年多", "一年多", "好几个星期"]
_TRAINING_CONTACTS = ["社区", "街道", "有关单位", "12345热线"]

_TRAINING_REQUESTS: dict[str, list[str]] = {
    "complaint": [
        "恳请{agency}尽快派人到现场核查处理。",
        "希望{agency}依法依规处理，并把处理结果告诉我们。",
        "请{agency}督促有关单位限期整改。",
    ],
    "consultation": [
        "请问{agency}，这种情况有什么政策规定，应该怎么办理？",
        "想请{agency}解答一下，需要准备哪些材料、到哪里办理？",
        "请问这个问题归哪个部门管，应该通过什么途径解决？",
    ],
    "suggestion": [
        "建议{agency}把这个问题纳入工作计划，统筹研究解决。",
        "希望{agency}广泛听取群众意见，完善相关措施。",
        "建议{agency}借鉴其他城市的做法，尽快加以改进。",
    ],
    "help": [
        "恳请{agency}帮帮我们，尽快解决实际困难。",
        "我们不知道该找谁，只能向{agency}求助，盼望早日得到回音。",
        "希望{agency}能够伸出援手。",
    ],
}

_TRAINING_CLOSINGS = [
    "谢谢！",
    "盼复。",
    "感谢您在百忙之中阅读我的来信。",
    "期待早日得到答复。",
    "",
]

_TRAINING_TITLES: dict[str, list[str]] = {
    "complaint": ["{subject}", "反映{where}{subject}", "投诉：{subject}", "关于{subject}的投诉"],
    "consultation": [
        "咨询：{subject}",
        "关于{subject}的咨询",
        "{subject}相关问题咨询",
        "请问{subject}问题怎么解决",
    ],
    "suggestion": ["关于{subject}的建议", "建议重视{subject}问题", "对解决{subject}的建议"],
    "help": ["求助：{subject}", "{subject}，恳请帮助", "{where}群众求助：{subject}"],
}


def _compose_training_letter(
    rng: random.Random, category: dict[str, str], subject: str, detail: str
) -> dict[str, str]:
    """Compose one letter of ``category`` about one problem, varying everything else."""
    name = category["name"]
    question = any(marker in detail for marker in _TRAINING_QUESTION_MARKERS)
    weights = _TRAINING_KIND_WEIGHTS_QUESTION if question else _TRAINING_KIND_WEIGHTS_STATEMENT
    kind = rng.choices(_TRAINING_KINDS, weights=weights)[0]
    district, street, road, estate = rng.choice(_URBAN_PLACES)
    town, village = rng.choice(_RURAL_PLACES)
    rural = "{town}" in detail or "{village}" in detail
    values = {
        "district": district,
        "street": street,
        "road": road,
        "estate": estate,
        "town": town,
        "village": village,
        "duration": rng.choice(_TRAINING_DURATIONS),
        "contact": rng.choice(_TRAINING_CONTACTS),
        "agency": rng.choice(_TRAINING_AGENCIES[name]),
        "subject": subject,
        "where": f"青山县{town}" if rural else district,
    }
    identities = _TRAINING_IDENTITIES_RURAL if rural else _TRAINING_IDENTITIES_URBAN
    parts = [
        rng.choice(_TRAINING_OPENINGS[kind]),
        rng.choice(identities),
        detail,
        rng.choice(_TRAINING_IMPACTS[kind]),
        rng.choice(_TRAINING_REQUESTS[kind]),
        rng.choice(_TRAINING_ASKS[name]) if rng.random() < 0.6 else "",
        rng.choice(_TRAINING_CLOSINGS),
    ]
    body = "".join(parts).format_map(values)
    title = rng.choice(_TRAINING_TITLES[kind]).format_map(values)
    return {
        "title": title,
        "body": body,
        "category": name,
        "department": category["department"],
        "kind": kind,
    }


def training_letters(per_category: int = 40, seed: int = 7) -> list[dict[str, str]]:
    """Generate ``per_category`` distinct letters for every category, deterministically.

    Each letter is ``{"title", "body", "category", "department", "kind"}`` composed from
    the hand-written building blocks above, so that a demo text classifier can be trained
    out of the box. The same ``seed`` always gives the same list; no two letters share a
    body. Letters are grouped by category, in the order of ``CATEGORIES``.
    """
    if per_category < 0:
        raise ValueError("per_category must not be negative")
    rng = random.Random(seed)
    seen_bodies: set[str] = set()
    letters: list[dict[str, str]] = []
    for category in CATEGORIES:
        problems = TRAINING_PROBLEMS[category["name"]]
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
            letter = _compose_training_letter(rng, category, subject, detail)
            if letter["body"] in seen_bodies:
                continue
            seen_bodies.add(letter["body"])
            letters.append(letter)
            made += 1
    return letters
