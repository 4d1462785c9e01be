"""Abuse protection of the public desk: captcha after repeated submissions and user text
turned into HTML safely.

Rate limits themselves are DRF throttles (``core.api.DeskThrottle`` and its per-value
subclasses in ``letters.api.views``); the client IP always comes from
``core.middleware.client_ip``.

Sensitive words have their own module, ``core.sensitive``.

Integration for a web form (the public portal):

    ip = client_ip(request)
    if captcha_required(ip):                       # show the captcha field
        key = captcha_new()                        # hidden input + captcha_image_url(key)
    ...on POST, before letter_submit():
    if captcha_required(ip):
        captcha_validate(key, answer)              # django ValidationError on "captcha"
    ...after a letter was created:
    submission_recorded(ip)
"""

from __future__ import annotations

import hmac
import html
import logging
import re
import secrets
import sys
import time
import unicodedata

import nh3
from captcha.models import CaptchaStore
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from core import pii
from core.cache import WindowCheck, window_hit, window_hits
from core.conf import desk_settings

logger = logging.getLogger(__name__)

CAPTCHA_LABEL = "「验证码」"
CAPTCHA_NEEDED = (
    f"{CAPTCHA_LABEL}：提交次数较多，请先获取验证码（GET /api/v1/captcha/），"
    "将 key 填入 captcha_key、图片中的字符填入 captcha 后再提交。"
)
CAPTCHA_WRONG = (
    f"{CAPTCHA_LABEL}：验证码不正确或已过期，请重新获取验证码（GET /api/v1/captcha/）后再试。"
)


def keyed_hash(kind: str, value: str) -> str:
    """A keyed, non-reversible digest of a personal value (phone, IP, tracking number) for
    counters in the cache: personal data never reaches the cache in clear."""
    return pii.keyed_hash(kind, value)[:32]


# --- captcha after repeated submissions ----------------------------------------------


def _now() -> float:
    return time.time()


def _submissions_key(ip: str) -> str:
    return f"abuse:submissions:{keyed_hash('ip', ip)}"


def captcha_window(ip: str) -> WindowCheck | None:
    """The window of this IP's recent submissions that decides whether it needs a captcha
    (looked at, not counted in); None when every submission needs one."""
    settings = desk_settings()
    threshold: int = settings.captcha_after_submissions
    if threshold == 0:
        return None
    return WindowCheck(_submissions_key(ip), settings.captcha_window_seconds, threshold, add=False)


def captcha_required(ip: str) -> bool:
    """True once this IP has submitted ``CAPTCHA_AFTER_SUBMISSIONS`` letters within
    ``CAPTCHA_WINDOW_SECONDS``. Fails open when the cache is down, like the throttles.
    (The intake API reads the same window with its rate limits: ``captcha_window``.)"""
    check = captcha_window(ip)
    if check is None:
        return True
    try:
        [window] = window_hits([check], now=_now())
    except Exception as exc:  # cache backend down
        logger.warning("captcha check skipped, cache unavailable: %s", type(exc).__name__)
        return False
    return not window.allowed


def submission_recorded(ip: str) -> None:
    """Count one accepted submission from this IP (call after a letter was created)."""
    try:
        window_hit(
            _submissions_key(ip),
            now=_now(),
            duration=desk_settings().captcha_window_seconds,
            limit=sys.maxsize,
        )
    except Exception as exc:  # cache backend down
        logger.warning("submission not counted, cache unavailable: %s", type(exc).__name__)


# The characters of image challenges: none that another one could be taken for (O/0/Q/D,
# I/1/L/J, S/5, Z/2, B/8, G/6/C, U/V), so a writer never fails on a look-alike glyph.
CAPTCHA_ALPHABET = "AEFHKMNPRTWXY3479"
CAPTCHA_LENGTH = 4
# The accessible alternative to the image: an arithmetic question as text, which a
# screen reader reads out (django-simple-captcha's audio needs the flite program).
IMAGE, QUESTION = "image", "question"
CAPTCHA_MODES = (IMAGE, QUESTION)
_NUMERALS = "零一二三四五六七八九十"
_QUESTION_END = "等于多少？"


def captcha_challenge() -> tuple[str, str]:
    """(challenge, answer) of an image captcha from :data:`CAPTCHA_ALPHABET`
    (``CaptchaStore.generate_key`` takes this function's dotted path)."""
    text = "".join(secrets.choice(CAPTCHA_ALPHABET) for _ in range(CAPTCHA_LENGTH))
    return text, text


def arithmetic_challenge() -> tuple[str, str]:
    """(question, answer): "七加五等于多少？" → "12"."""
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    return f"{_NUMERALS[a]}加{_NUMERALS[b]}{_QUESTION_END}", str(a + b)


def captcha_new(mode: str = IMAGE) -> str:
    """A new challenge (an image, or with ``mode="question"`` an arithmetic question);
    returns its key (the answer stays on the server)."""
    if mode == QUESTION:
        question, answer = arithmetic_challenge()
        return str(CaptchaStore.objects.create(challenge=question, response=answer).hashkey)
    return str(CaptchaStore.generate_key(f"{__name__}.captcha_challenge"))


def captcha_question(key: str) -> str | None:
    """The question of an arithmetic challenge (None for an image one or a used key)."""
    store = CaptchaStore.objects.filter(hashkey=key.strip().lower()).only("challenge").first()
    if store is None or not store.challenge.endswith(_QUESTION_END):
        return None
    return str(store.challenge)


def captcha_image_url(key: str) -> str:
    return reverse("captcha-image", kwargs={"key": key})


def captcha_passed(key: str, answer: str) -> bool:
    """Check an answer. Each key can be tried once: it is deleted whether right or wrong,
    so an answer cannot be guessed by retrying one image."""
    # Full-width letters and digits typed with a Chinese input method count as typed.
    key, answer = key.strip().lower(), unicodedata.normalize("NFKC", answer).strip().lower()
    if not key or not answer:
        return False
    CaptchaStore.remove_expired()
    store = CaptchaStore.objects.filter(hashkey=key, expiration__gt=timezone.now()).first()
    if store is None:
        return False
    store.delete()
    return hmac.compare_digest(store.response.encode(), answer.encode())


def captcha_validate(key: str, answer: str) -> None:
    """Raise ``ValidationError({"captcha": …})`` unless the answer is right (Chinese
    message saying how to get a captcha; empty answer and wrong answer told apart)."""
    if not key.strip() or not answer.strip():
        raise ValidationError({"captcha": CAPTCHA_NEEDED})
    if not captcha_passed(key, answer):
        raise ValidationError({"captcha": CAPTCHA_WRONG})


# --- user text as HTML -----------------------------------------------------------------

# Every text the public or staff type is plain text: stored as typed (it is the record),
# escaped by the template engine on every page. Where a format needs HTML made from such
# text (the Atom feed's html summaries), ``text_to_html`` escapes it, adds line breaks and
# passes the result through nh3 with this allow-list as a second line of defence.
ALLOWED_TAGS = frozenset({"p", "br"})


def clean_html(value: str) -> str:
    """HTML reduced to the allow-list (no attributes, scripts, styles or links)."""
    return str(nh3.clean(value, tags=set(ALLOWED_TAGS), attributes={}))


def text_to_html(text: str) -> str:
    paragraphs = [p for p in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if p.strip()]
    body = "".join(
        "<p>" + "<br>".join(html.escape(line) for line in p.strip().split("\n")) + "</p>"
        for p in paragraphs
    )
    return clean_html(body)
