"""Street addresses: the part that identifies a dwelling.

Only that part is masked; the road or community name stays readable.  A house number
after a road (路/街/大街/大道/巷/弄/胡同/村) and everything after it (号楼/栋/单元/楼/室
...), a house number after a community (小区/花园/苑/公寓/家园 ...), and a building chain
that reaches a unit or a room (``3栋2单元``, ``3栋501``, ``2单元102室``) have every number
replaced by ``**``: ``人民路18号3栋2单元501室`` → ``人民路**号**栋**单元**室``.  Parts
may be joined by a space or a dash (``3栋-2单元-501室``, ``18 号``).

A building or a building floor on its own (``8栋业主``, ``1栋四楼``) names a building or
a shop rather than a household and is not masked; neither are road names, metro lines
(3号线), document numbers (〔2026〕12号), dates or amounts.  A bare house number (no
building, unit or room) in a clause about an office, a shop or a project (``本中心地址：
人民路18号``, ``人民路18号的餐馆``) is a public place, unless the clause is about where
someone lives.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .normalise import HAN, Candidate

__all__ = ["address_mask", "find_addresses"]

_CN_NUMBER = "[一二三四五六七八九十两]+"
_PART = rf"(?:[0-9]+|[A-Za-z][0-9]*|{_CN_NUMBER})"
_S = " ?"
_BUILDING = rf"{_PART}{_S}(?:号楼|栋|幢|座)"
_UNIT = rf"{_PART}{_S}单元"
_FLOOR = rf"{_PART}{_S}(?:楼|层)"
_JOIN = r"(?: ?- ?| )?"
# A bare 3-4 digit number after a building or unit is a room, unless it counts something.
_ROOM_NUMBER = r"[0-9]{3,4}(?:号房|号|室|房)?(?![0-9A-Za-z年月日元万米多余户套个人家])"
_ROOM = rf"[0-9]+{_S}(?:号房|室|房)"
_HOUSE = rf"(?:[0-9]+(?:[-之][0-9]+)?|{_CN_NUMBER}){_S}号(?![栋线文令码])(?:附[0-9]+号|院)?"
# Building, unit, floor and room after a house number; a bare number only as the room.
_TAIL = (
    rf"(?:(?:{_JOIN}(?:{_BUILDING}|{_UNIT}|{_FLOOR}))+(?:{_JOIN}(?:{_ROOM}|{_ROOM_NUMBER}))?"
    rf"|{_JOIN}{_ROOM})?"
)
_ROAD_ADDRESS = re.compile(
    rf"[{HAN}](?:大道|大街|胡同|路|街|巷|弄|村)"
    rf"(?:[东南西北中]段|[一二三四五六七八九十0-9]+[段组])?{_S}"
    rf"(?P<number>{_HOUSE}{_TAIL})"
)
_COMMUNITY_ADDRESS = re.compile(
    r"(?:小区|花园|苑|公寓|家园|新村|山庄|别墅|大厦|公馆)"
    rf"{_S}(?P<number>[0-9]+-[0-9]+-[0-9]+(?:室|房|号)?(?![0-9])"
    rf"|[0-9]+{_S}号(?![楼栋线文令码]){_TAIL})"
)
_DWELLING_ADDRESS = re.compile(
    rf"(?<![0-9A-Za-z])(?P<number>"
    rf"{_BUILDING}{_JOIN}(?:{_UNIT}{_JOIN}(?:{_FLOOR}{_JOIN})?(?:{_ROOM}|{_ROOM_NUMBER})?"
    rf"|(?:{_FLOOR}{_JOIN})?(?:{_ROOM}|{_ROOM_NUMBER}))"
    rf"|{_UNIT}{_JOIN}(?:{_FLOOR}{_JOIN})?(?:{_ROOM}|{_ROOM_NUMBER})"
    r")"
)
_ADDRESS_NUMBER = re.compile(rf"[0-9]+|[A-Za-z][0-9]*|{_CN_NUMBER}")
_DWELLING_PART = re.compile(r"栋|幢|座|单元|室|房|-[0-9]+-")

# A house number alone in a clause about a public place is not someone's home.
_PLACE_BEFORE = re.compile(
    r"(?:局|中心|办公室|政府|办事处|街道办|居委会|村委会|委员会|大队|支队|中队|派出所|车管所"
    r"|窗口|大厅|医院|学校|小学|中学|幼儿园|公司|银行|营业厅|单位|门店|店|超市|酒店|宾馆|饭店"
    r"|餐馆|餐厅|大排档|市场|商场|广场|项目|工地|厂|馆|所|站|地址为|位于|坐落|办理|咨询|营业"
    r"|部门|社区|物业)"
    r"[^。!?;\n]*$"
)
_PLACE_AFTER = re.compile(
    r"[^。!?;,\n]{0,12}?(?:局|中心|政府|办事处|大队|支队|派出所|大厅|医院|学校|公司|银行"
    r"|营业厅|门店|超市|酒店|宾馆|饭店|餐馆|餐厅|大排档|市场|商场|广场|项目|工地|厂|馆|站)"
)
# A flat that is a shop: ``B2栋155号门面``, ``31栋103号麻将馆``.
_SHOP_AFTER = re.compile(
    r"(?:门面|门店|商铺|店铺|铺面|麻将馆|棋牌|超市|药店|网吧|餐馆|饭店|酒店|中国移动)"
)
_HOME = re.compile(
    r"(?:住|我家|他家|她家|其家|家里|家中|家庭|户籍|户口|本人|租|房东|业主"
    r"|(?<!自)我(?![局委办院司所队部们中单市县区镇乡街行校厅]))[^。!?;\n]*$"
)
_WINDOW = 30


def address_mask(value: str) -> str:
    """Every number of an address replaced by ``**``."""
    return _ADDRESS_NUMBER.sub("**", value)


# A flat or a stairwell in a commercial building, or a stairwell nobody is said to live
# in, is no household: ``商业广场a栋4002``, ``垃圾堆放在4栋一单元``.
_COMMERCIAL_BEFORE = re.compile(r"(?:商业|商场|市场|广场|写字楼|商铺|门面|家电城)[^。!?;,\n]*$")
_ROOM_AT_END = re.compile(r"(?:[0-9]{3,4}|室|房|号)$")


def _home_before(norm: str, start: int) -> bool:
    return _HOME.search(norm, max(0, start - _WINDOW), start) is not None


def _public_place(norm: str, start: int, end: int) -> bool:
    window = max(0, start - _WINDOW)
    if _HOME.search(norm, window, start):
        return False
    return bool(_PLACE_BEFORE.search(norm, window, start) or _PLACE_AFTER.match(norm, end))


def find_addresses(norm: str) -> Iterator[Candidate]:
    """House numbers after roads and communities, and building-unit-room chains."""
    for pattern in (_ROAD_ADDRESS, _COMMUNITY_ADDRESS, _DWELLING_ADDRESS):
        for match in pattern.finditer(norm):
            number = match.group("number")
            start, end = match.span("number")
            if not _DWELLING_PART.search(number) and _public_place(norm, start, end):
                continue
            if _SHOP_AFTER.match(norm, end):
                continue
            if _DWELLING_PART.search(number) and not _home_before(norm, start):
                if _COMMERCIAL_BEFORE.search(norm, max(0, start - _WINDOW), start):
                    continue
                if not _ROOM_AT_END.search(number):
                    continue
            yield Candidate("address", start, end, address_mask(number))
