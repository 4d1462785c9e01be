"""The captcha of the letter form: an image of look-alike-free characters or, as the
accessible alternative, an arithmetic question read out with the field; a refresh
control (换一张) and a switch between the two, with JavaScript (htmx swaps the block
from :func:`captcha_block`) and without (the write view re-shows the form unsent).
Challenges and checking are ``letters.services.abuse``'s."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.api import throttle_wait, too_many_response
from frontend.public_forms import LetterForm
from letters.api.views import CaptchaView
from letters.services import abuse


def captcha_mode(data: Any) -> str:
    """The mode asked for (``captcha_mode`` of a query or form), image by default."""
    mode = str(data.get("captcha_mode", ""))
    return mode if mode in abuse.CAPTCHA_MODES else abuse.IMAGE


def captcha_context(form: LetterForm, mode: str) -> dict[str, Any]:
    """Put a fresh challenge of ``mode`` on ``form``; the page's context for it."""
    form.require_captcha()
    key = abuse.captcha_new(mode)
    question = abuse.captcha_question(key) if mode == abuse.QUESTION else None
    form.show_captcha(key, question)
    return {
        "captcha_mode": mode,
        "captcha_image": "" if question else abuse.captcha_image_url(key),
        "captcha_question": question or "",
    }


@require_GET
def captcha_block(request: HttpRequest) -> HttpResponse:
    """The captcha block with a new challenge (htmx: 换一张, 改用算术题/图片)."""
    wait = throttle_wait(request, CaptchaView)
    if wait is not None:
        return too_many_response(wait)
    form = LetterForm()
    context = captcha_context(form, captcha_mode(request.GET))
    response = render(request, "frontend/_captcha.html", {"form": form, **context})
    response["Cache-Control"] = "no-store"
    return response
