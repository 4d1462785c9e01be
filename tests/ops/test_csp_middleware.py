"""core.middleware.CSPMiddleware: django-csp's headers, the site's policy built once.

Every response gets exactly the header django-csp builds; a change of the settings is
seen at once; a view that changes its policy (django-csp's decorators) or takes a nonce
goes through django-csp's own code.
"""

from __future__ import annotations

from typing import Any

from csp.constants import HEADER, SELF
from csp.utils import build_policy
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from core.middleware import CSPMiddleware


def respond(path: str = "/api/v1/letters/", **attributes: Any) -> HttpResponse:
    def view(request: Any) -> HttpResponse:
        response = HttpResponse("ok")
        for name, value in attributes.items():
            setattr(response, name, value)
        return response

    response = CSPMiddleware(view)(RequestFactory().get(path))
    assert isinstance(response, HttpResponse)
    return response


def test_every_response_gets_the_header_django_csp_builds() -> None:
    first, second = respond(), respond("/letters/")

    assert first[HEADER] == build_policy()
    assert second[HEADER] == build_policy()
    assert "default-src 'self'" in first[HEADER]


def test_a_changed_policy_is_used_at_once() -> None:
    before = respond()[HEADER]
    with override_settings(
        CONTENT_SECURITY_POLICY={"DIRECTIVES": {"default-src": [SELF, "https://example.org"]}}
    ):
        changed = respond()[HEADER]

    assert changed == "default-src 'self' https://example.org"
    assert respond()[HEADER] == before


def test_a_view_that_changes_its_policy_gets_django_csps_result() -> None:
    response = respond(_csp_update={"img-src": ["https://tiles.example.org"]})

    assert response[HEADER] == build_policy(update={"img-src": ["https://tiles.example.org"]})
    assert "https://tiles.example.org" in response[HEADER]
    assert HEADER not in respond(_csp_exempt=True)


def test_excluded_prefixes_get_no_header() -> None:
    policy = {"EXCLUDE_URL_PREFIXES": ["/admin/"], "DIRECTIVES": {"default-src": [SELF]}}
    with override_settings(CONTENT_SECURITY_POLICY=policy):
        assert HEADER not in respond("/admin/letters/")
        assert respond("/letters/")[HEADER] == "default-src 'self'"
