"""Open311 GeoReport v2: services, create, public status — JSON and XML, the spec's errors,
no personal data in any status, and letters that are not public are never listed."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from xml.etree import ElementTree

import pytest
from django.test import Client

from letters.choices import LetterSource, LetterStatus
from letters.models import Letter
from open311 import partners
from open311.models import PartnerLetter, PartnerScope
from tests.world import LETTER, Desk

pytestmark = pytest.mark.django_db

BASE = "/open311/v2"
PERSONAL = ("孙丽", "13700004444", "sunli@example.com", "幸福路88号", "钱多多", "13900002222")
REQUEST: dict[str, str] = {
    "service_code": "complaint",
    "description": "幸福路与建设路口的路灯连续一周不亮，晚上行人过马路很危险。",
    "first_name": "多多",
    "last_name": "钱",
    "phone": "13900002222",
    "email": "qian@example.com",
    "lat": "28.123456",
    "long": "112.987654",
    "address_string": "临江市幸福路与建设路口",
}


def partner_key(desk: Desk, **fields: Any) -> str:
    values: dict[str, Any] = {
        "name": "省12345热线平台",
        "channel": "hotline",
        "scopes": [PartnerScope.SUBMIT, PartnerScope.STATUS],
        "rate_per_minute": 60,
    }
    return partners.issue_partner(actor=desk.users["admin"], **{**values, **fields}).key


def xml(response: Any) -> ElementTree.Element:
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    return ElementTree.fromstring(response.content)


def test_services_list_the_kinds_and_the_site_error_types(client: Client) -> None:
    response = client.get(f"{BASE}/services.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    services = response.json()
    codes = [s["service_code"] for s in services]
    assert codes[:5] == ["consultation", "complaint", "suggestion", "help", "report"]
    assert codes[5:] == [
        "site_error.typo",
        "site_error.broken_link",
        "site_error.outdated",
        "site_error.inaccurate",
        "site_error.unreachable",
        "site_error.service",
        "site_error.interaction",
        "site_error.other",
    ]
    assert services[1] == {
        "service_code": "complaint",
        "service_name": "投诉",
        "description": "反映单位或工作人员的问题",
        "metadata": False,
        "type": "realtime",
        "keywords": "投诉 作风 服务",
        "group": "咨询投诉建议",
    }
    assert services[5]["service_name"] == "网站找错：错别字、病句"

    root = xml(client.get(f"{BASE}/services.xml"))
    assert root.tag == "services"
    first = root.findall("service")[0]
    assert [(c.tag, c.text) for c in first][:4] == [
        ("service_code", "consultation"),
        ("service_name", "咨询"),
        ("description", "询问政策规定、办事流程等"),
        ("metadata", "false"),
    ]
    assert len(root.findall("service")) == 13


def test_a_partner_creates_a_request_through_intake_with_its_channel_and_location(
    desk: Desk, client: Client
) -> None:
    key = partner_key(desk)
    response = client.post(f"{BASE}/requests.json", {**REQUEST, "api_key": key})
    assert response.status_code == 201, response.content
    (body,) = response.json()
    letter = Letter.objects.get(tracking_number=body["service_request_id"])
    assert body == {
        "service_request_id": letter.tracking_number,
        "service_notice": (
            f"来信已收到，查询码 {letter.query_code}。"
            "请转告来信人凭信件编号和查询码查询办理进度，查询码不要公开。"
        ),
        "account_id": None,
    }
    assert (letter.kind, letter.source, letter.status) == (
        "complaint",
        LetterSource.HOTLINE,
        LetterStatus.SUBMITTED,
    )
    assert (letter.name, letter.phone, letter.email) == (
        "钱多多",
        "13900002222",
        "qian@example.com",
    )
    assert letter.title == "投诉：幸福路与建设路口的路灯连续一周不亮，晚上行人过马路很危险。"
    assert letter.body == REQUEST["description"]
    assert (letter.latitude, letter.longitude, letter.location) == (
        Decimal("28.123456"),
        Decimal("112.987654"),
        "临江市幸福路与建设路口",
    )
    assert letter.consent_public is False
    assert PartnerLetter.objects.get(letter=letter).partner.name == "省12345热线平台"


def test_a_site_error_request_needs_the_page_address_and_answers_xml(
    desk: Desk, client: Client
) -> None:
    key = partner_key(desk, channel="wechat")
    data = {
        "api_key": key,
        "service_code": "site_error.broken_link",
        "description": "政务公开栏目的“政策解读”链接点开是空白页面。",
        "last_name": "钱",
        "phone": "13900002222",
    }
    missing = client.post(f"{BASE}/requests.xml", data)
    assert missing.status_code == 400
    errors = xml(missing)
    assert errors.tag == "errors"
    assert [(e.findtext("code"), e.findtext("description")) for e in errors] == [
        ("400", "attribute[url]（问题网页地址）：网站找错请填写出错网页的地址。")
    ]
    assert Letter.objects.count() == 0

    created = client.post(
        f"{BASE}/requests.xml", {**data, "attribute[url]": "https://www.ceshi.gov.cn/zcjd/"}
    )
    assert created.status_code == 201
    root = xml(created)
    assert root.tag == "service_requests"
    number = root.findtext("request/service_request_id")
    letter = Letter.objects.get(tracking_number=number)
    assert (letter.kind, letter.error_type, letter.url, letter.source) == (
        "site_error",
        "broken_link",
        "https://www.ceshi.gov.cn/zcjd/",
        "wechat",
    )


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            {"service_code": "parking"},
            "service_code（服务代码）：没有服务代码“parking”，请从 services 列表中选择。",
        ),
        ({"service_code": ""}, "service_code（服务代码）：请提供服务代码。"),
        (
            {"phone": "123"},
            "phone（联系电话）：格式不正确，请填写11位手机号码或带区号的固定电话（如0999-1234567）。",
        ),
        ({"lat": "95"}, "lat（纬度）：应为 -90 至 90 之间的十进制度数。"),
        ({"long": "abc"}, "long（经度）：应为 -180 至 180 之间的十进制度数。"),
        ({"long": ""}, "long（经度）：经纬度须同时提供。"),
        (
            {"attribute[consent_public]": "maybe"},
            "attribute[consent_public]（同意公开）：应为 true 或 false。",
        ),
        ({"address_string": "路" * 201}, "address_string（事发地点）：不能超过200个字。"),
    ],
)
def test_bad_parameters_are_400_in_the_spec_format_naming_the_parameter(
    desk: Desk, client: Client, change: dict[str, str], expected: str
) -> None:
    key = partner_key(desk)
    response = client.post(f"{BASE}/requests.json", {**REQUEST, "api_key": key, **change})
    assert response.status_code == 400
    assert response.json() == [{"code": 400, "description": expected}]
    assert Letter.objects.count() == 0


def test_a_short_description_and_a_missing_name_are_each_named(desk: Desk, client: Client) -> None:
    key = partner_key(desk)
    data = {**REQUEST, "api_key": key, "description": "路灯坏了", "last_name": "", "first_name": ""}
    response = client.post(f"{BASE}/requests.json", data)
    assert response.status_code == 400
    descriptions = [e["description"] for e in response.json()]
    assert [d.split("：", 1)[0] for d in descriptions] == [
        "description（来信内容）",
        "last_name（姓）",
    ]
    assert Letter.objects.count() == 0


def test_creating_needs_a_valid_key_with_the_submit_scope(desk: Desk, client: Client) -> None:
    no_key = client.post(f"{BASE}/requests.json", REQUEST)
    assert (no_key.status_code, no_key.json()) == (
        401,
        [{"code": 401, "description": partners.MISSING_KEY}],
    )
    wrong = client.post(f"{BASE}/requests.json", {**REQUEST, "api_key": "dk_" + "b" * 40})
    assert wrong.json() == [{"code": 401, "description": partners.UNKNOWN_KEY}]
    status_only = partner_key(desk, name="只读", scopes=[PartnerScope.STATUS])
    refused = client.post(f"{BASE}/requests.xml", {**REQUEST, "api_key": status_only})
    assert refused.status_code == 403
    assert xml(refused).findtext("error/description") == (
        "该接入系统没有“提交来信”权限（letters:submit），请联系系统管理员。"
    )
    revoked_key = partner_key(desk, name="已吊销")
    partner = partners.authenticate(revoked_key)
    partners.revoke_partner(partner=partner, actor=desk.users["admin"])
    revoked = client.post(f"{BASE}/requests.json", {**REQUEST, "api_key": revoked_key})
    assert revoked.json() == [{"code": 401, "description": partners.REVOKED_KEY}]
    assert Letter.objects.count() == 0


def _world(desk: Desk) -> dict[str, Letter]:
    published = desk.publish(desk.replied())
    consenting = desk.dispatch(desk.submit(title="小区垃圾清运不及时"))
    private = desk.submit(consent_public=False, title="不愿公开的来信")
    withheld = desk.submit(kind="site_error", url="https://www.ceshi.gov.cn/a/", error_type="typo")
    return {
        "published": published,
        "consenting": consenting,
        "private": private,
        "site_error": withheld,
    }


def test_the_list_shows_published_and_consenting_requests_only_without_personal_data(
    desk: Desk, client: Client
) -> None:
    letters = _world(desk)
    response = client.get(f"{BASE}/requests.json")
    assert response.status_code == 200
    rows = {r["service_request_id"]: r for r in response.json()}
    assert set(rows) == {
        letters["published"].tracking_number,
        letters["consenting"].tracking_number,
        letters["site_error"].tracking_number,  # 找错 is public unless found untrue
    }
    published = rows[letters["published"].tracking_number]
    letter = letters["published"]
    assert published["status"] == "closed"
    assert published["status_notes"] == f"已答复。答复：{letter.public_text}"
    assert published["description"] == f"{letter.public_title}\n\n{letter.public_body}"
    assert published["agency_responsible"] == "测试市住房和城乡建设局"
    assert (published["lat"], published["long"], published["address"]) == (None, None, None)
    consenting = rows[letters["consenting"].tracking_number]
    assert {k: consenting[k] for k in ("status", "status_notes", "description")} == {
        "status": "open",
        "status_notes": "待签收",
        "description": None,
    }
    assert rows[letters["site_error"].tracking_number]["service_code"] == "site_error.typo"
    text = response.content.decode()
    for value in PERSONAL:
        assert value not in text
    assert "小区垃圾清运不及时" not in text  # an unpublished title is not public text

    closed = client.get(f"{BASE}/requests.json", {"status": "closed"}).json()
    assert [r["service_request_id"] for r in closed] == [letter.tracking_number]
    by_code = client.get(f"{BASE}/requests.json", {"service_code": "site_error.typo"}).json()
    assert [r["service_request_id"] for r in by_code] == [letters["site_error"].tracking_number]
    asked = ",".join(letters[k].tracking_number for k in ("private", "published"))
    by_id = client.get(f"{BASE}/requests.json", {"service_request_id": asked}).json()
    assert [r["service_request_id"] for r in by_id] == [letter.tracking_number]

    root = xml(client.get(f"{BASE}/requests.xml"))
    assert root.tag == "service_requests"
    assert {r.findtext("service_request_id") for r in root.findall("request")} == set(rows)


def test_one_request_is_public_or_404(desk: Desk, client: Client) -> None:
    letters = _world(desk)
    number = letters["published"].tracking_number
    (row,) = client.get(f"{BASE}/requests/{number}.json").json()
    assert row["service_request_id"] == number
    root = xml(client.get(f"{BASE}/requests/{number}.xml"))
    assert root.findtext("request/status") == "closed"
    assert root.findtext("request/lat") == ""  # an empty element: never the location

    hidden = letters["private"].tracking_number
    for fmt in ("json", "xml"):
        response = client.get(f"{BASE}/requests/{hidden}.{fmt}")
        assert response.status_code == 404
    assert client.get(f"{BASE}/requests/{hidden}.json").json() == [
        {"code": 404, "description": "未找到该服务请求，或该请求不公开。"}
    ]
    assert client.get(f"{BASE}/requests/XJ-NONE.json").status_code == 404


def test_a_request_created_by_a_partner_shows_no_personal_data(desk: Desk, client: Client) -> None:
    key = partner_key(desk)
    data = {**REQUEST, "api_key": key, "attribute[consent_public]": "true"}
    (created,) = client.post(f"{BASE}/requests.json", data).json()
    number = created["service_request_id"]
    listed = client.get(f"{BASE}/requests.json").content.decode()
    one = client.get(f"{BASE}/requests/{number}.json").content.decode()
    assert number in listed
    assert number in one
    for text in (listed, one, client.get(f"{BASE}/requests/{number}.xml").content.decode()):
        for value in (*PERSONAL, "qian@example.com", "28.123456", "幸福路与建设路口"):
            assert value not in text


def test_bad_search_parameters_are_400_naming_them(client: Client) -> None:
    for params, expected in (
        (
            {"start_date": "yesterday"},
            "start_date（开始时间）：时间格式不正确，应为 ISO 8601，例如 2026-11-01T00:00:00+08:00 或 2026-11-01。",
        ),
        (
            {"status": "pending"},
            "status（状态）：应为 open（办理中）或 closed（已办结），多个以逗号分隔。",
        ),
        (
            {"start_date": "2026-11-02", "end_date": "2026-11-01"},
            "end_date（结束时间）：结束时间不能早于开始时间。",
        ),
        (
            {"service_code": "x"},
            "service_code（服务代码）：没有服务代码“x”，请从 services 列表中选择。",
        ),
    ):
        response = client.get(f"{BASE}/requests.json", params)
        assert (response.status_code, response.json()) == (
            400,
            [{"code": 400, "description": expected}],
        ), params


def test_other_methods_are_refused_in_the_spec_format(client: Client) -> None:
    response = client.delete(f"{BASE}/services.json")
    assert response.status_code == 405
    assert response.json()[0]["code"] == 405
    assert "DELETE" in response.json()[0]["description"]


def test_reads_are_rate_limited_per_address(client: Client, settings: Any) -> None:
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "public_letters": "2/min",
        },
    }
    assert [client.get(f"{BASE}/requests.json").status_code for _ in range(2)] == [200, 200]
    refused = client.get(f"{BASE}/requests.json")
    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"
    assert refused.json() == [{"code": 429, "description": "操作过于频繁，请60秒后再试。"}]


def test_partner_submissions_count_in_the_statistics_by_channel(desk: Desk, client: Client) -> None:
    from supervision.metrics import build_report

    client.post(f"{BASE}/requests.json", {**REQUEST, "api_key": partner_key(desk)})
    desk.submit()
    rows = {r.source: r.received for r in build_report("2026-11").by_source}
    assert (rows["hotline"], rows["web"], rows["api"]) == (1, 1, 0)
    assert LETTER["kind"] == "consultation"
