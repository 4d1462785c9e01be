"""Captcha after repeated submissions from one address: the API names the field, says
how to get a captcha, stores nothing without a right answer, and each captcha works once."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from captcha.models import CaptchaStore
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from core import api as core_api
from letters.models import Letter
from letters.services import abuse

pytestmark = pytest.mark.django_db

SUBMIT = "/api/v1/letters/"
CAPTCHA = "/api/v1/captcha/"


@pytest.fixture(autouse=True)
def after_two(settings: Any) -> None:
    settings.DESK = replace(settings.DESK, captcha_after_submissions=2)


def payload(**extra: Any) -> dict[str, Any]:
    return {
        "kind": "suggestion",
        "title": "建议增设公交站点",
        "body": "新建的幸福家园小区附近没有公交站，居民出行不便，建议增设站点。",
        "name": "孙丽",
        "phone": "13500002222",
        **extra,
    }


def answer(key: str) -> str:
    response: str = CaptchaStore.objects.get(hashkey=key).response  # captcha is untyped
    return response


def test_third_submission_from_one_address_needs_a_captcha(api: APIClient) -> None:
    before = abuse.captcha_required("127.0.0.1")
    first = [api.post(SUBMIT, payload(), format="json").status_code for _ in range(2)]
    refused = api.post(SUBMIT, payload(), format="json")
    elsewhere = api.post(SUBMIT, payload(), format="json", REMOTE_ADDR="10.5.0.1")

    assert before is False
    assert first == [201, 201]
    assert refused.status_code == 400
    assert refused.json() == {
        "detail": "提交的内容有误，请按提示修改后重试。",
        "errors": {"captcha": [abuse.CAPTCHA_NEEDED]},
    }
    assert "GET /api/v1/captcha/" in abuse.CAPTCHA_NEEDED
    assert elsewhere.status_code == 201
    assert Letter.objects.count() == 3


def test_a_right_answer_lets_the_letter_in_and_works_only_once(api: APIClient) -> None:
    for _ in range(2):
        api.post(SUBMIT, payload(), format="json")
    challenge = api.get(CAPTCHA).json()
    key = challenge["key"]
    right = answer(key)

    accepted = api.post(SUBMIT, payload(captcha_key=key, captcha=right.upper()), format="json")
    replayed = api.post(SUBMIT, payload(captcha_key=key, captcha=right), format="json")

    assert challenge["required"] is True
    assert challenge["image_url"] == f"/captcha/image/{key}/"
    assert accepted.status_code == 201
    assert replayed.status_code == 400
    assert replayed.json()["errors"] == {"captcha": [abuse.CAPTCHA_WRONG]}
    assert Letter.objects.count() == 3


def test_a_wrong_answer_burns_the_captcha_and_stores_nothing(api: APIClient) -> None:
    for _ in range(2):
        api.post(SUBMIT, payload(), format="json")
    key = api.get(CAPTCHA).json()["key"]
    right = answer(key)

    wrong = api.post(SUBMIT, payload(captcha_key=key, captcha="zzzz"), format="json")
    then_right = api.post(SUBMIT, payload(captcha_key=key, captcha=right), format="json")

    assert wrong.status_code == then_right.status_code == 400
    assert wrong.json()["errors"] == {"captcha": [abuse.CAPTCHA_WRONG]}
    assert not CaptchaStore.objects.filter(hashkey=key).exists()
    assert Letter.objects.count() == 2


def test_before_the_threshold_no_captcha_is_asked(api: APIClient) -> None:
    response = api.get(CAPTCHA)

    assert response.status_code == 200
    assert response.json()["required"] is False
    assert response["Cache-Control"] == "no-store"


def test_captcha_image_is_a_same_origin_png(api: APIClient) -> None:
    key = api.get(CAPTCHA).json()["key"]

    image = api.get(f"/captcha/image/{key}/")

    assert image.status_code == 200
    assert image["Content-Type"] == "image/png"
    assert image.content.startswith(b"\x89PNG\r\n\x1a\n")


def test_idempotent_replays_do_not_count(api: APIClient) -> None:
    statuses = [
        api.post(
            SUBMIT, payload(), format="json", HTTP_IDEMPOTENCY_KEY="retry-key-0001"
        ).status_code
        for _ in range(4)
    ]

    assert statuses == [201, 201, 201, 201]
    assert Letter.objects.count() == 1
    assert abuse.captcha_required("127.0.0.1") is False


def test_window_passes_and_the_captcha_is_no_longer_needed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = [1_000_000.0]
    monkeypatch.setattr(abuse, "_now", lambda: clock[0])
    abuse.submission_recorded("198.51.100.1")
    abuse.submission_recorded("198.51.100.1")

    assert abuse.captcha_required("198.51.100.1") is True
    assert abuse.captcha_required("198.51.100.2") is False
    clock[0] += 3601
    assert abuse.captcha_required("198.51.100.1") is False


def test_validation_function_for_web_forms() -> None:
    key = abuse.captcha_new()
    right = answer(key)

    with pytest.raises(ValidationError) as missing:
        abuse.captcha_validate("", "")
    with pytest.raises(ValidationError) as wrong:
        abuse.captcha_validate(abuse.captcha_new(), "nope")
    abuse.captcha_validate(key, f" {right} ")

    assert missing.value.message_dict == {"captcha": [abuse.CAPTCHA_NEEDED]}
    assert wrong.value.message_dict == {"captcha": [abuse.CAPTCHA_WRONG]}
    assert not CaptchaStore.objects.filter(hashkey=key).exists()


def test_captcha_check_fails_open_when_the_cache_is_down(
    api: APIClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def cache_down(*args: Any, **kwargs: Any) -> Any:
        raise ConnectionError("redis down")

    # Every window the captcha reads or counts in: its own, and the one round trip the
    # intake API shares with its rate limits.
    monkeypatch.setattr(abuse, "window_hit", cache_down)
    monkeypatch.setattr(abuse, "window_hits", cache_down)
    monkeypatch.setattr(core_api, "window_hits", cache_down)

    statuses = [api.post(SUBMIT, payload(), format="json").status_code for _ in range(4)]

    assert statuses == [201, 201, 201, 201]
    assert abuse.captcha_required("127.0.0.1") is False
