"""An Open311 client over real HTTP against the running server (pytest-django's live
server: a real server thread on a socket): services → create → status, in JSON and XML."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any
from xml.etree import ElementTree

import pytest

from letters.models import Letter
from open311 import partners
from open311.models import PartnerScope
from tests.world import build_desk

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.real_clock,
]


def _http(method: str, url: str, data: dict[str, str] | None = None) -> tuple[int, bytes, Any]:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    request = urllib.request.Request(url, data=body, method=method)
    if body is not None:
        request.add_header("Content-Type", "application/x-www-form-urlencoded")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read(), response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.read(), error.headers


def test_services_create_and_status_over_http(live_server: Any, flushable_audit_log: None) -> None:
    desk = build_desk()
    key = partners.issue_partner(
        name="临江微信小程序",
        channel="wechat",
        scopes=[PartnerScope.SUBMIT, PartnerScope.STATUS],
        rate_per_minute=30,
        actor=desk.users["admin"],
    ).key
    base = f"{live_server.url}/open311/v2"

    status, body, headers = _http("GET", f"{base}/services.json")
    assert status == 200
    assert headers["Content-Type"] == "application/json; charset=utf-8"
    code = next(s["service_code"] for s in json.loads(body) if s["service_name"] == "建议")

    status, body, _ = _http(
        "POST",
        f"{base}/requests.json",
        {
            "api_key": key,
            "service_code": code,
            "description": "建议在临江公园东门增设非机动车停放点，现在电动车乱停影响通行。",
            "last_name": "赵",
            "first_name": "敏",
            "phone": "13500003333",
            "lat": "28.2",
            "long": "112.9",
            "address_string": "临江公园东门",
            "attribute[consent_public]": "true",
        },
    )
    assert status == 201, body
    (created,) = json.loads(body)
    number = created["service_request_id"]
    letter = Letter.objects.get(tracking_number=number)
    assert (letter.source, letter.kind, letter.location) == ("wechat", "suggestion", "临江公园东门")

    status, body, _ = _http("GET", f"{base}/requests/{number}.json")
    assert status == 200
    (request,) = json.loads(body)
    assert {k: request[k] for k in ("service_request_id", "status", "status_notes")} == {
        "service_request_id": number,
        "status": "open",
        "status_notes": "已提交",
    }
    assert request["service_code"] == "suggestion"
    for value in ("赵敏", "13500003333", "临江公园东门"):
        assert value.encode() not in body

    status, body, headers = _http("GET", f"{base}/requests.xml?service_request_id={number}")
    assert status == 200
    assert headers["Content-Type"] == "text/xml; charset=utf-8"
    root = ElementTree.fromstring(body)
    assert [r.findtext("service_request_id") for r in root.findall("request")] == [number]

    status, body, _ = _http("GET", f"{base}/requests/XJ00000000-000000.xml")
    assert status == 404
    assert ElementTree.fromstring(body).findtext("error/code") == "404"
