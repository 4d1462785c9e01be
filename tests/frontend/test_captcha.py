"""Issue #18.4: the letter form's captcha has a refresh control and an accessible
alternative (an arithmetic question given as text with the field), works without
JavaScript (the form comes back as typed, nothing is sent) and with htmx (the block is
swapped), and image challenges use no look-alike characters (O/0/Q, I/1/L, S/5 …).
The same in Chromium: tests/browser/test_captcha.py."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

import pytest
from captcha.models import CaptchaStore
from django.test import Client

from letters.models import Letter
from letters.services import abuse

pytestmark = pytest.mark.django_db

PAGE = "/write/interaction/"
LOOK_ALIKES = set("O0QDIJ1LS5Z2B8G6CUV")


@pytest.fixture(autouse=True)
def _captcha_always(settings: Any) -> None:
    settings.DESK = replace(settings.DESK, captcha_after_submissions=0)


def letter_data(**extra: Any) -> dict[str, Any]:
    return {
        "kind": "consultation",
        "title": "咨询公积金提取手续",
        "body": "我想提取住房公积金支付房租，请问需要准备哪些材料？",
        "name": "李平安",
        "phone": "13800138000",
        "form_token": "tok-captcha-0123456789",
        **extra,
    }


def key_of(html: str) -> str:
    match = re.search(r'name="captcha_key" value="([0-9a-f]+)"', html)
    assert match, "no captcha on the page"
    return match.group(1)


def help_of(html: str) -> str:
    match = re.search(r'<p class="help" id="id_captcha_helptext">(.*?)</p>', html, re.S)
    assert match
    return match.group(1)


def test_image_challenges_use_no_look_alike_characters() -> None:
    assert not LOOK_ALIKES & set(abuse.CAPTCHA_ALPHABET)
    for _ in range(300):
        key = abuse.captcha_new()
        store = CaptchaStore.objects.get(hashkey=key)
        assert len(store.challenge) == 4
        assert set(store.challenge) <= set(abuse.CAPTCHA_ALPHABET), store.challenge
        assert store.response == store.challenge.lower()


def test_arithmetic_questions_are_small_sums_in_words() -> None:
    numerals = "零一二三四五六七八九"
    for _ in range(100):
        key = abuse.captcha_new(abuse.QUESTION)
        store = CaptchaStore.objects.get(hashkey=key)
        match = re.fullmatch(
            r"([一二三四五六七八九])加([一二三四五六七八九])等于多少？", store.challenge
        )
        assert match, store.challenge
        a, b = (numerals.index(c) for c in match.groups())
        assert store.response == str(a + b)
        assert abuse.captcha_question(key) == store.challenge
    assert abuse.captcha_question(abuse.captcha_new()) is None


def test_full_width_digits_answer_a_question() -> None:
    key = abuse.captcha_new(abuse.QUESTION)
    answer = CaptchaStore.objects.get(hashkey=key).response
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in answer)

    assert abuse.captcha_passed(key, full_width) is True


def test_the_page_offers_refresh_and_the_question_alternative(client: Client) -> None:
    html = client.get(PAGE).content.decode()

    key = key_of(html)
    assert f'<img src="/captcha/image/{key}/" alt="验证码图片：4个字母或数字' in html
    assert (
        '<button type="submit" name="captcha_change" value="image" formnovalidate '
        'class="button button-small button-light" hx-get="/write/captcha/?captcha_mode=image" '
        'hx-target="#captcha" hx-swap="outerHTML">换一张</button>'
    ) in html
    assert 'hx-get="/write/captcha/?captcha_mode=question"' in html
    assert "改用算术题（适合读屏软件）" in html


def test_without_javascript_switching_to_the_question_keeps_the_form_and_sends_nothing(
    client: Client,
) -> None:
    response = client.post(PAGE, letter_data(captcha_change="question"))

    assert response.status_code == 200
    html = response.content.decode()
    assert Letter.objects.count() == 0
    assert 'class="error-summary"' not in html
    assert 'value="咨询公积金提取手续"' in html
    assert "我想提取住房公积金支付房租，请问需要准备哪些材料？</textarea>" in html
    assert 'value="tok-captcha-0123456789"' in html
    key = key_of(html)
    question = CaptchaStore.objects.get(hashkey=key).challenge
    assert help_of(html) == f"{question}请填写数字答案，如 8。"
    assert "<img" not in html.split('id="captcha"')[1].split("</div>")[0]
    assert 'name="captcha_mode" value="question"' in html

    # Answered, the letter goes in.
    answer = CaptchaStore.objects.get(hashkey=key).response
    sent = client.post(PAGE, letter_data(captcha_key=key, captcha=answer, captcha_mode="question"))
    assert sent.status_code == 302
    assert Letter.objects.count() == 1


def test_a_wrong_answer_gets_a_new_question_in_the_same_mode(client: Client) -> None:
    key = abuse.captcha_new(abuse.QUESTION)

    response = client.post(
        PAGE, letter_data(captcha_key=key, captcha="999", captcha_mode="question")
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "答案不正确或已过期，请回答新的算术题。" in html
    fresh = key_of(html)
    assert fresh != key
    assert abuse.captcha_question(fresh) is not None
    assert Letter.objects.count() == 0


def test_without_javascript_refresh_gives_a_new_image(client: Client) -> None:
    first = key_of(client.get(PAGE).content.decode())

    response = client.post(PAGE, letter_data(captcha_key=first, captcha_change="image"))

    assert response.status_code == 200
    second = key_of(response.content.decode())
    assert second != first
    assert abuse.captcha_question(second) is None
    assert Letter.objects.count() == 0


def test_the_htmx_block_has_a_fresh_challenge_of_the_mode_asked(client: Client) -> None:
    image = client.get("/write/captcha/")
    question = client.get("/write/captcha/", {"captcha_mode": "question"})

    assert image.status_code == question.status_code == 200
    assert image["Cache-Control"] == "no-store"
    image_html, question_html = image.content.decode(), question.content.decode()
    assert image_html.startswith('<div id="captcha" class="captcha">')
    assert f'<img src="/captcha/image/{key_of(image_html)}/"' in image_html
    asked = abuse.captcha_question(key_of(question_html))
    assert asked is not None
    assert help_of(question_html) == f"{asked}请填写数字答案，如 8。"
    assert "改用图片验证码" in question_html
