"""Rate limits of the public endpoints: per client IP, per phone number, wrong query codes
per address and per (address, letter); 429 with Retry-After and a Chinese message; X-Forwarded-For believed only from trusted
proxies, through one client-IP function used by throttles and the audit log."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.test import Client
from rest_framework.test import APIClient

from core.api import throttle_wait
from core.audit import request_ip
from core.middleware import RequestContextMiddleware, client_ip
from desk import settings as desk_settings
from letters.api.views import LetterSubmitView, PhoneThrottle
from letters.models import Letter
from letters.services.intake import LetterSubmission, letter_submit
from tests.world import Desk

pytestmark = pytest.mark.django_db

SUBMIT = "/api/v1/letters/"
LOOKUP = "/api/v1/letters/lookup/"
RATE = "/api/v1/letters/rate/"
SUGGEST = "/api/v1/kb/suggest/"


@pytest.fixture
def rates(settings: Any) -> Any:
    """Set some throttle rates for one test; the captcha stays out of the way."""
    settings.DESK = replace(settings.DESK, captcha_after_submissions=1000)

    def set_rates(**values: str) -> None:
        settings.REST_FRAMEWORK = {
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {
                **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
                **values,
            },
        }

    return set_rates


def payload(phone: str = "13800001234", **extra: Any) -> dict[str, Any]:
    return {
        "kind": "consultation",
        "title": "关于社保转移的咨询",
        "body": "我从外省调入本市工作，想了解养老保险关系转移需要哪些手续。",
        "name": "陈静",
        "phone": phone,
        **extra,
    }


def assert_limited(response: Any, *, period_seconds: int, message: str) -> None:
    assert response.status_code == 429
    assert period_seconds - 5 <= int(response["Retry-After"]) <= period_seconds
    assert response.json() == {"detail": message, "errors": {}}


HOUR = "操作过于频繁，请60分钟后再试。"


def test_submit_is_limited_per_ip(api: APIClient, rates: Any) -> None:
    rates(submit="2/hour", submit_phone="100/day")
    statuses = [
        api.post(SUBMIT, payload(phone=f"1380000{i:04d}"), format="json").status_code
        for i in range(2)
    ]
    limited = api.post(SUBMIT, payload(phone="13800009999"), format="json")
    elsewhere = api.post(
        SUBMIT, payload(phone="13800009999"), format="json", REMOTE_ADDR="10.9.9.9"
    )

    assert statuses == [201, 201]
    assert_limited(limited, period_seconds=3600, message=HOUR)
    assert elsewhere.status_code == 201
    assert Letter.objects.count() == 3


def test_submit_is_limited_per_phone_across_addresses_and_spellings(
    api: APIClient, rates: Any
) -> None:
    rates(submit="100/hour", submit_phone="2/day")
    spellings = ["13800001234", "138 0000 1234", "+86 138-0000-1234"]
    responses = [
        api.post(SUBMIT, payload(phone=phone), format="json", REMOTE_ADDR=f"10.0.0.{i}")
        for i, phone in enumerate(spellings, start=1)
    ]
    other_phone = api.post(
        SUBMIT, payload(phone="13900005678"), format="json", REMOTE_ADDR="10.0.0.3"
    )

    assert [r.status_code for r in responses[:2]] == [201, 201]
    assert_limited(responses[2], period_seconds=86400, message="操作过于频繁，请24小时后再试。")
    assert other_phone.status_code == 201
    assert sorted(Letter.objects.values_list("phone", flat=True)) == [
        "13800001234",
        "13800001234",
        "13900005678",
    ]


def test_phone_counter_key_holds_no_phone_number(rates: Any, rf: Any) -> None:
    rates(submit_phone="2/day")
    throttle = PhoneThrottle()
    throttle.scope = "submit_phone"

    key = throttle.get_cache_key(rf.post("/", {"phone": "138 0000 1234"}), None)

    assert key is not None
    assert key.startswith("throttle_submit_phone_")
    assert "1234" not in key
    assert throttle.get_cache_key(rf.post("/", {"phone": "13800001234"}), None) == key
    assert throttle.get_cache_key(rf.post("/", {"phone": "not a phone"}), None) is None


@pytest.fixture
def letter() -> Letter:
    return letter_submit(
        submission=LetterSubmission(
            kind="consultation",
            title="限流测试来信",
            body="用于检查按信件编号限制查询次数。",
            name="赵磊",
            phone="13700001111",
        )
    ).letter


def test_wrong_codes_are_limited_per_address_and_letter_not_per_letter(
    api: APIClient, rates: Any, letter: Letter
) -> None:
    rates(lookup="100/min", lookup_failures="100/hour", lookup_pair_failures="3/hour")
    wrong = {"tracking_number": letter.tracking_number, "query_code": "WRONG234"}
    guesses = [api.post(LOOKUP, wrong, format="json").status_code for _ in range(3)]
    # The guessing address learns nothing more, not even from the right code.
    right_from_there = api.post(
        LOOKUP,
        {"tracking_number": letter.tracking_number.lower(), "query_code": letter.query_code},
        format="json",
    )
    other_number = api.post(
        LOOKUP, {"tracking_number": "XJ20000101-000001", "query_code": "ABCDEFGH"}, format="json"
    )
    right_elsewhere = api.post(
        LOOKUP,
        {"tracking_number": letter.tracking_number, "query_code": letter.query_code},
        format="json",
        REMOTE_ADDR="10.1.0.99",
    )

    assert guesses == [404, 404, 404]
    assert_limited(right_from_there, period_seconds=3600, message=HOUR)
    assert other_number.status_code == 404  # another letter: its own pair budget
    assert right_elsewhere.status_code == 200


def test_right_codes_spend_no_failure_budget(api: APIClient, rates: Any, letter: Letter) -> None:
    rates(lookup="100/min", lookup_failures="2/hour", lookup_pair_failures="2/hour")
    right = {"tracking_number": letter.tracking_number, "query_code": letter.query_code}

    assert [api.post(LOOKUP, right, format="json").status_code for _ in range(5)] == [200] * 5


def test_rating_is_limited_per_ip_and_shares_the_wrong_code_budget(
    api: APIClient, rates: Any, letter: Letter
) -> None:
    # A request refused by one limit still counts against the others (DRF checks all).
    rates(
        rating="2/hour", lookup="100/min", lookup_failures="100/hour", lookup_pair_failures="4/hour"
    )
    wrong = {
        "tracking_number": letter.tracking_number,
        "query_code": "AAAAAAAA",
        "rating": "satisfied",
    }
    first = [api.post(RATE, wrong, format="json").status_code for _ in range(2)]
    third_same_ip = api.post(RATE, wrong, format="json")
    via_lookup = [api.post(LOOKUP, wrong, format="json").status_code for _ in range(3)]
    other_address = api.post(RATE, wrong, format="json", REMOTE_ADDR="10.2.0.2")

    assert first == [404, 404]
    assert_limited(third_same_ip, period_seconds=3600, message=HOUR)  # per IP
    assert via_lookup == [404, 404, 429]  # 2 wrong ratings + 2 wrong lookups: pair spent
    assert other_address.status_code == 404  # its own budget
    letter.refresh_from_db()
    assert letter.rating == ""


def test_suggest_has_its_own_per_ip_limit(api: APIClient, rates: Any) -> None:
    rates(suggest="2/min", public="100/min")
    statuses = [api.get(SUGGEST, {"text": "公积金提取需要什么材料"}).status_code for _ in range(3)]
    elsewhere = api.get(SUGGEST, {"text": "公积金提取"}, REMOTE_ADDR="10.3.0.1")
    other_public = api.get("/api/v1/departments/")

    assert statuses == [200, 200, 429]
    assert elsewhere.status_code == 200
    assert other_public.status_code == 200


# --- client IP and trusted proxies ---------------------------------------------------


class Req:
    def __init__(self, remote: str, xff: str | None = None) -> None:
        self.META = {"REMOTE_ADDR": remote}
        if xff is not None:
            self.META["HTTP_X_FORWARDED_FOR"] = xff


@pytest.mark.parametrize(
    ("remote", "xff", "expected"),
    [
        ("203.0.113.7", None, "203.0.113.7"),
        # Untrusted peer: its X-Forwarded-For is ignored entirely.
        ("203.0.113.7", "198.51.100.1", "203.0.113.7"),
        # Trusted proxy: the rightmost address it did not add itself.
        ("10.0.0.1", "198.51.100.1", "198.51.100.1"),
        ("10.0.0.1", "1.2.3.4, 198.51.100.1", "198.51.100.1"),
        # Two trusted hops (a CIDR): skip both, the forged leftmost value is never used.
        ("10.0.0.1", "1.2.3.4, 198.51.100.1, 10.0.5.5", "198.51.100.1"),
        ("10.0.0.1", "198.51.100.1,10.0.5.5", "198.51.100.1"),
        # Everything trusted: the furthest hop.
        ("10.0.0.1", "10.0.5.5", "10.0.5.5"),
        # Garbage appended: stop at the last good hop, never the garbage.
        ("10.0.0.1", "not-an-ip", "10.0.0.1"),
        ("10.0.0.1", "", "10.0.0.1"),
        ("2001:db8::1", "2001:db8:1::5", "2001:db8:1::5"),
        ("::ffff:10.0.0.1", "198.51.100.1", "198.51.100.1"),
    ],
)
def test_client_ip_trusts_forwarded_for_only_from_configured_proxies(
    settings: Any, remote: str, xff: str | None, expected: str
) -> None:
    settings.DESK_TRUSTED_PROXIES = ["10.0.0.1", "10.0.5.0/24", "2001:db8::/64"]

    assert client_ip(Req(remote, xff)) == expected


def test_no_trusted_proxies_means_remote_addr(settings: Any) -> None:
    settings.DESK_TRUSTED_PROXIES = []

    assert client_ip(Req("10.0.0.1", "198.51.100.1")) == "10.0.0.1"


def test_spoofed_forwarded_for_does_not_lift_the_limit(
    api: APIClient, rates: Any, settings: Any
) -> None:
    settings.DESK_TRUSTED_PROXIES = ["10.0.0.1"]
    rates(suggest="2/min")
    spoofed = [
        api.get(
            SUGGEST,
            {"text": "公积金"},
            REMOTE_ADDR="203.0.113.7",
            HTTP_X_FORWARDED_FOR=f"1.1.1.{i}",
        ).status_code
        for i in range(3)
    ]
    via_proxy = [
        api.get(
            SUGGEST, {"text": "公积金"}, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=f"1.1.1.{i}"
        ).status_code
        for i in range(3)
    ]

    assert spoofed == [200, 200, 429]
    assert via_proxy == [200, 200, 200]  # three different clients behind the proxy


def test_ipv6_clients_are_counted_per_64(api: APIClient, rates: Any) -> None:
    rates(suggest="2/min")
    same_64 = [
        api.get(SUGGEST, {"text": "公积金"}, REMOTE_ADDR=f"2001:db8:aa:bb::{i}").status_code
        for i in range(1, 4)
    ]
    other_64 = api.get(SUGGEST, {"text": "公积金"}, REMOTE_ADDR="2001:db8:aa:cc::1")

    assert same_64 == [200, 200, 429]
    assert other_64.status_code == 200


def test_audit_log_ip_comes_from_the_same_function(settings: Any) -> None:
    settings.DESK_TRUSTED_PROXIES = ["10.0.0.1"]
    seen: list[str] = []

    def view(request: HttpRequest) -> HttpResponse:
        seen.append(request_ip.get())
        return HttpResponse()

    middleware = RequestContextMiddleware(view)
    for remote, xff in [("10.0.0.1", "198.51.100.1"), ("203.0.113.7", "198.51.100.1")]:
        request = HttpRequest()
        request.META = {"REMOTE_ADDR": remote, "HTTP_X_FORWARDED_FOR": xff}
        middleware(request)

    assert seen == ["198.51.100.1", "203.0.113.7"]


def test_bad_proxy_or_rate_setting_stops_start_up(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DESK_TRUSTED_PROXIES", "10.0.0.1,proxy.local")
    monkeypatch.setenv("DESK_RATE_SUGGEST", "60 per minute")

    with pytest.raises(ImproperlyConfigured, match="DESK_TRUSTED_PROXIES"):
        desk_settings._networks("DESK_TRUSTED_PROXIES")
    with pytest.raises(ImproperlyConfigured, match="DESK_RATE_SUGGEST"):
        desk_settings._rate("DESK_RATE_SUGGEST", "60/min")
    monkeypatch.setenv("DESK_TRUSTED_PROXIES", "10.0.0.1, 172.16.0.0/12, ::1")
    assert desk_settings._networks("DESK_TRUSTED_PROXIES") == ["10.0.0.1", "172.16.0.0/12", "::1"]


def test_web_forms_share_the_api_budget(api: APIClient, rates: Any, rf: Any) -> None:
    rates(submit="100/hour", submit_phone="2/day")
    for i in range(2):
        api.post(SUBMIT, payload(), format="json", REMOTE_ADDR=f"10.4.0.{i}")
    form_post = rf.post("/write/consultation/", {"phone": "138-0000-1234"}, REMOTE_ADDR="10.4.0.9")
    other_phone = rf.post("/write/consultation/", {"phone": "13900001111"}, REMOTE_ADDR="10.4.0.9")
    form_post.user = other_phone.user = AnonymousUser()

    wait = throttle_wait(form_post, LetterSubmitView)

    assert wait is not None
    assert 86400 - 5 <= wait <= 86400
    assert throttle_wait(other_phone, LetterSubmitView) is None


# --- the writer is never locked out by guesses made elsewhere -------------------------


@pytest.mark.parametrize("spread", [False, True], ids=["one_address", "thirty_addresses"])
def test_thirty_wrong_codes_elsewhere_never_lock_the_writer_out(desk: Desk, spread: bool) -> None:
    """With the configured rates: 30 wrong codes for the letter from one address, or from
    30 addresses, and the writer with the right code still looks it up and rates it from
    their own address, through the API and through the portal's forms."""
    letter = desk.replied()
    wrong = {"tracking_number": letter.tracking_number, "query_code": "WRONG234"}
    guesses = [
        APIClient()
        .post(LOOKUP, wrong, format="json", REMOTE_ADDR=f"10.6.0.{n if spread else 1}")
        .status_code
        for n in range(30)
    ]
    right = {"tracking_number": letter.tracking_number, "query_code": letter.query_code}
    writer = APIClient()
    home = "10.6.9.9"

    looked_up = writer.post(LOOKUP, right, format="json", REMOTE_ADDR=home)
    page = Client()
    page_lookup = page.post("/lookup/", right, REMOTE_ADDR=home)
    page_view = page.get("/lookup/", REMOTE_ADDR=home)
    page_rating = page.post("/lookup/rate/", {"rating": "satisfied"}, REMOTE_ADDR=home)
    rated_again = writer.post(
        RATE, {**right, "rating": "satisfied"}, format="json", REMOTE_ADDR=home
    )

    # From one address the pair budget (10 an hour) stops the guesses; spread out, every
    # guess is a plain miss. Either way nothing blocks the letter itself.
    assert guesses == ([404] * 30 if spread else [404] * 10 + [429] * 20)
    assert looked_up.status_code == 200
    assert looked_up.json()["tracking_number"] == letter.tracking_number
    assert page_lookup["Location"] == "/lookup/"
    assert letter.tracking_number in page_view.content.decode()
    assert page_rating["Location"] == "/lookup/"
    assert rated_again.status_code == 409  # rated once already, by the page form
    letter.refresh_from_db()
    assert letter.rating == "satisfied"


def test_the_api_rating_with_the_right_code_passes_after_guesses_elsewhere(desk: Desk) -> None:
    letter = desk.replied()
    wrong = {"tracking_number": letter.tracking_number, "query_code": "WRONG234"}
    for n in range(30):
        APIClient().post(
            RATE,
            {**wrong, "rating": "dissatisfied", "comment": "x" * 10},
            format="json",
            REMOTE_ADDR=f"10.7.0.{n % 3}",
        )
    right = {"tracking_number": letter.tracking_number, "query_code": letter.query_code}

    rated = APIClient().post(
        RATE, {**right, "rating": "satisfied"}, format="json", REMOTE_ADDR="10.7.9.9"
    )

    assert rated.status_code == 200
    letter.refresh_from_db()
    assert letter.rating == "satisfied"


def test_the_lookup_page_spends_the_address_budget_of_wrong_codes(desk: Desk, rates: Any) -> None:
    rates(lookup="100/min", lookup_failures="100/hour", lookup_pair_failures="2/hour")
    letter = desk.replied()
    wrong = {"tracking_number": letter.tracking_number, "query_code": "WRONG234"}
    right = {"tracking_number": letter.tracking_number, "query_code": letter.query_code}
    page = Client()

    misses = [page.post("/lookup/", wrong).status_code for _ in range(2)]
    refused_page = page.post("/lookup/", right)
    refused_api = APIClient().post(LOOKUP, right, format="json")
    elsewhere = Client().post("/lookup/", right, REMOTE_ADDR="10.8.0.1")

    assert misses == [404, 404]
    assert refused_page.status_code == 429
    assert 3595 <= int(refused_page["Retry-After"]) <= 3600
    assert "您的操作过于频繁" in refused_page.content.decode()
    assert refused_api.status_code == 429
    assert elsewhere["Location"] == "/lookup/"
