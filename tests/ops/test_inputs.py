"""Every input answered (#17.5): dates outside the calendar, impossible numbers, malformed
bodies and NUL bytes get 400 (or 404 for a row that cannot exist) with a Chinese message
naming the field, on the API and on the portal's pages; never a 500, nothing stored."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from letters.models import Letter
from tests.world import Desk

pytestmark = pytest.mark.django_db

INVALID = "提交的内容有误，请按提示修改后重试。"
DEADLINE = "/api/v1/calendar/deadline/"
NUL = "不能包含空字符（NUL）。"
BIG = str(10**30)
OVER_INT64 = str(2**63)


def _refused(response: Any, field: str, message: str) -> None:
    assert response.status_code == 400
    assert response.json() == {"detail": INVALID, "errors": {field: [message]}}


# --- the calendar -----------------------------------------------------------------------


@pytest.mark.parametrize("day", ["0001-01-01", "1899-12-31", "2201-01-01", "9999-12-31"])
def test_a_start_outside_the_calendar_is_refused_naming_the_field(day: str) -> None:
    response = APIClient().get(DEADLINE, {"days": "3", "from": day})

    _refused(
        response, "from", "「起算日期」：日期应在1900-01-01至2200-12-31之间（日历支持的范围）。"
    )


@pytest.mark.parametrize(
    ("days", "message"),
    [
        (BIG, "「工作日数」：不能超过365个工作日。"),
        ("366", "「工作日数」：不能超过365个工作日。"),
        ("0", "「工作日数」：至少为1个工作日。"),
        ("-1", "「工作日数」：至少为1个工作日。"),
        ("3.5", "「工作日数」：请填写整数。"),
        ("三", "「工作日数」：请填写整数。"),
    ],
)
def test_impossible_working_day_counts_are_refused(days: str, message: str) -> None:
    _refused(APIClient().get(DEADLINE, {"days": days, "from": "2026-05-06"}), "days", message)


@pytest.mark.parametrize(
    ("year", "message"),
    [
        ("1", "「年份」：年份不能早于1900年。"),
        (BIG, "「年份」：年份不能晚于2200年。"),
        ("2026\x00", "「年份」：请填写四位数年份。"),
    ],
)
def test_calendar_years_outside_the_range_are_refused(year: str, message: str) -> None:
    _refused(APIClient().get("/api/v1/calendar/", {"year": year}), "year", message)


def test_a_year_inside_the_range_without_a_schedule_is_answered_as_provisional() -> None:
    response = APIClient().get(DEADLINE, {"days": "3", "from": "2199-06-01"})

    assert response.status_code == 200
    assert (response.json()["deadline"], response.json()["provisional"]) == ("2199-06-05", True)


# --- malformed bodies ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"{bad json", "请求体不是有效的 JSON（第1行第2列附近），无法解析。"),
        (b'{"tracking_number": "XJ', "请求体不是有效的 JSON（第1行第21列附近），无法解析。"),
        (b"\xff\xfe{}", "请求体不是 UTF-8 编码的 JSON，无法解析。"),
    ],
)
def test_a_malformed_json_body_is_refused_in_chinese(body: bytes, message: str) -> None:
    response = Client().generic(
        "POST", "/api/v1/letters/lookup/", body, content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json() == {"detail": message, "errors": {"non_field_errors": [message]}}


def test_a_malformed_body_to_a_staff_action_is_refused_and_changes_nothing(desk: Desk) -> None:
    letter = desk.submit()

    response = desk.api("dispatcher").generic(
        "POST",
        f"/api/v1/staff/letters/{letter.pk}/accept/",
        '{"note": ',
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response.json()["detail"] == "请求体不是有效的 JSON（第1行第10列附近），无法解析。"
    assert Letter.objects.get(pk=letter.pk).status == letter.status


@pytest.mark.parametrize(
    ("content_type", "message"),
    [
        (
            "text/plain; charset=utf-8",
            "不支持的请求体类型（Content-Type：text/plain），请以 JSON（application/json）提交。",
        ),
        ("", "请求体缺少类型（Content-Type），请以 JSON（application/json）提交。"),
    ],
)
def test_a_body_of_an_unreadable_type_is_refused_in_chinese(
    desk: Desk, content_type: str, message: str
) -> None:
    letter = desk.submit()

    public = Client().generic(
        "POST", "/api/v1/letters/lookup/", b"tracking_number=1", content_type=content_type
    )
    staff = desk.api("dispatcher").generic(
        "POST", f"/api/v1/staff/letters/{letter.pk}/accept/", "x", content_type=content_type
    )

    for response in (public, staff):
        assert response.status_code == 400
        assert response.json() == {"detail": message, "errors": {"non_field_errors": [message]}}
    assert Letter.objects.get(pk=letter.pk).status == letter.status


@pytest.mark.parametrize("body", [b"[1, 2]", b'"text"', b"null"])
def test_a_body_that_is_not_an_object_is_refused(body: bytes) -> None:
    response = Client().generic("POST", "/api/v1/letters/", body, content_type="application/json")

    assert response.status_code == 400
    assert response.json()["detail"] == INVALID
    assert Letter.objects.count() == 0


# --- NUL bytes ----------------------------------------------------------------------------


def test_a_nul_byte_in_a_json_field_is_refused_naming_the_field() -> None:
    response = APIClient().post(
        "/api/v1/letters/lookup/",
        {"tracking_number": "XJ20261120\x00", "query_code": "ABCDEFGH"},
        format="json",
    )

    _refused(response, "tracking_number", f"「信件编号」：{NUL}")


def test_a_nul_byte_in_a_letter_stores_nothing() -> None:
    response = APIClient().post(
        "/api/v1/letters/",
        {
            "kind": "consultation",
            "title": "关于社保\x00转移",
            "body": "我从外省调入本市工作，想了解养老保险关系转移需要哪些手续。",
            "name": "陈静",
            "phone": "13800001234",
        },
        format="json",
    )

    _refused(response, "title", f"「标题」：{NUL}")
    assert Letter.objects.count() == 0


@pytest.mark.parametrize(
    ("url", "field", "label"),
    [
        ("/api/v1/public/letters/", "q", "关键词"),
        ("/api/v1/kb/search/", "q", "检索词"),
    ],
)
def test_a_nul_byte_in_a_query_parameter_is_refused(url: str, field: str, label: str) -> None:
    _refused(APIClient().get(url, {field: "供水\x00"}), field, f"「{label}」：{NUL}")


@pytest.mark.parametrize(
    ("url", "label"),
    [("/replies/", "关键词"), ("/kb/", "搜索问题")],
)
def test_a_nul_byte_on_a_page_is_refused_in_chinese(url: str, label: str) -> None:
    response = Client().get(url, {"q": "供水\x00"})

    assert response.status_code == 400
    assert f"「{label}」：{NUL}" in response.content.decode()
    assert "不允许是用空字符串" not in response.content.decode()  # Django's misspelt text


def test_a_nul_byte_in_the_lookup_form_is_refused_in_chinese() -> None:
    response = Client().post("/lookup/", {"tracking_number": "XJ\x00", "query_code": "ABCDEFGH"})

    assert response.status_code == 400
    assert f"「信件编号」：{NUL}" in response.content.decode()


# --- impossible numbers -------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        f"/api/v1/kb/entries/{OVER_INT64}/",
        f"/api/v1/kb/entries/{BIG}/",
        "/api/v1/public/letters/XJ20261120-999999/",
    ],
)
def test_rows_that_cannot_exist_are_404_in_chinese(url: str) -> None:
    response = APIClient().get(url)

    assert response.status_code == 404
    assert response.json() == {"detail": "未找到。", "errors": {}}


@pytest.mark.parametrize("value", [OVER_INT64, BIG])
def test_an_id_filter_beyond_int64_is_refused(value: str) -> None:
    _refused(
        APIClient().get("/api/v1/public/letters/", {"department": value}),
        "department",
        "「答复单位」：编号超出范围。",
    )


@pytest.mark.parametrize("url", [f"/kb/{OVER_INT64}/", f"/kb/{BIG}/"])
def test_pages_of_rows_that_cannot_exist_are_404(url: str) -> None:
    assert Client().get(url).status_code == 404


@pytest.mark.parametrize("page", ["-1", "0", BIG, "abc"])
def test_impossible_staff_list_pages_are_404_in_chinese(desk: Desk, page: str) -> None:
    response = desk.api("dispatcher").get("/api/v1/staff/letters/", {"page": page})

    assert response.status_code == 404
    assert response.json() == {"detail": "无效页面。", "errors": {}}


@pytest.mark.parametrize("pk", [OVER_INT64, BIG])
def test_staff_rows_beyond_int64_are_404(desk: Desk, pk: str) -> None:
    api = desk.api("dispatcher")

    assert api.get(f"/api/v1/staff/letters/{pk}/").status_code == 404
    assert api.post(f"/api/v1/staff/letters/{pk}/accept/", {}, format="json").status_code == 404


@pytest.mark.parametrize("page", ["-1", BIG])
def test_impossible_pages_of_the_portal_are_answered(page: str) -> None:
    replies = Client().get("/replies/", {"page": page})
    kb = Client().get("/kb/", {"q": "供水", "page": page})

    assert (replies.status_code, kb.status_code) == (200, 200)  # the nearest real page
