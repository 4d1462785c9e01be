"""Property-based fuzzing of the whole API from its OpenAPI schema (schemathesis).

Every operation of ``/api/schema/`` gets a few generated requests (valid and invalid
data), anonymous and as an authenticated staff user: no response may be a server error,
and every documented response must match its schema and content type. Bounded: a few
examples per operation, no deadline, so it stays a short part of ``make test``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from accounts.testing import verified_session_key
from knowledge_base import services as kb_services
from letters.services import workflow
from letters.services.intake import LetterSubmission, letter_submit
from org.models import Department
from tests.factories import DepartmentFactory, staff_user

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# FUZZ_EXAMPLES=200 for a longer hunt; the suite's default keeps it to about a minute.
FUZZ_SETTINGS = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "6")),
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture
def _wsgi_in_test_transaction(db: None) -> Iterator[None]:
    """Requests go straight into the WSGI app; keep the test's transaction open across
    them (Django's test client does the same)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def _no_rate_limits(settings: Any) -> None:
    """Many requests from one address: a 429 would hide what the request would have done.
    The limits themselves are tested in tests/letters/test_abuse_rate_limits.py."""
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": dict.fromkeys(rates, "1000000/min"),
    }


@pytest.fixture
def fuzz_world(_wsgi_in_test_transaction: None) -> dict[str, Any]:
    """The office with one staff member in its three desk roles (dispatcher, publisher,
    supervisor: every office endpoint answers them, not just 403), letters in different
    states and a knowledge-base entry."""
    office: Department = DepartmentFactory(code="lj-office", name="市政府办公室")
    dispatcher = staff_user("fuzz-dispatcher", "dispatcher", office)
    dispatcher.groups.add(*Group.objects.filter(name__in=["publisher", "supervisor"]))
    author = staff_user("fuzz-author", "dispatcher", office)
    letters = [
        letter_submit(
            submission=LetterSubmission(
                kind="consultation",
                title=f"咨询小区停车位第{n}号",
                body="小区停车位不够，想咨询是否可以增加停车位。",
                name="李四",
                phone="13800138000",
                consent_public=True,
            )
        ).letter
        for n in range(3)
    ]
    workflow.letter_accept(letter_id=letters[0].pk, actor=dispatcher)
    entry = kb_services.entry_create(
        actor=author,
        question="停车位怎么申请？",
        answer="向街道办事处申请。",
        department_id=office.pk,
    )
    return {"dispatcher": dispatcher, "letters": letters, "entries": [entry]}


# Path parameters naming rows, and where the real rows of the fuzz world are.
REAL_ROWS = [
    (re.compile(r"^/api/v1/(staff/letters|kb/curator/queue)/"), "letters", "pk"),
    (re.compile(r"^/api/v1/kb/(curator/)?entries/"), "entries", "pk"),
    (re.compile(r"^/api/v1/public/letters/"), "letters", "tracking_number"),
]


def aim_at_real_rows(case: Any, world: dict[str, Any]) -> None:
    """Half of the generated ids (the even ones) are turned into rows that exist, so the
    operations run past their 404 on valid and invalid bodies alike; the rest stay as
    generated (missing, negative, huge, not a number)."""
    params = case.path_parameters or {}
    for pattern, rows, attribute in REAL_ROWS:
        if not pattern.match(case.operation.path):
            continue
        for name, value in params.items():
            if isinstance(value, int) and not isinstance(value, bool) and value % 2 == 0:
                row = world[rows][(value // 2) % len(world[rows])]
                params[name] = getattr(row, attribute)
        return


CSRF_SECRET = "fuzzfuzzfuzzfuzzfuzzfuzzfuzzfuzz"


@pytest.fixture
def staff_session(fuzz_world: dict[str, Any]) -> dict[str, Any]:
    """The office's staff member signed in (password and TOTP passed), with a CSRF token."""
    return {
        "cookies": {
            django_settings.SESSION_COOKIE_NAME: verified_session_key(fuzz_world["dispatcher"]),
            django_settings.CSRF_COOKIE_NAME: CSRF_SECRET,
        },
        "headers": {"X-CSRFToken": CSRF_SECRET},
    }


# Loaded at collection (no database needed); pytest 9 breaks schemathesis' lazy
# from_fixture loader, so each operation becomes its own test item instead.
schema = schemathesis.openapi.from_wsgi(
    "/api/schema/",
    get_wsgi_application(),
    config=schemathesis.Config.from_dict({"phases": {"coverage": {"enabled": True}}}),
)


STAFF_PATHS = r"^/api/v1/(staff|reports|kb/curator|audit)/"


@schema.exclude(path_regex=STAFF_PATHS).parametrize()
@FUZZ_SETTINGS
def test_api_anonymous_no_server_errors_and_responses_match_schema(
    case: Any, fuzz_world: dict[str, Any]
) -> None:
    aim_at_real_rows(case, fuzz_world)
    case.call_and_validate(checks=CHECKS)


@schema.include(path_regex=STAFF_PATHS).parametrize()
@FUZZ_SETTINGS
def test_api_as_staff_no_server_errors_and_responses_match_schema(
    case: Any, fuzz_world: dict[str, Any], staff_session: dict[str, Any]
) -> None:
    aim_at_real_rows(case, fuzz_world)
    case.call_and_validate(checks=CHECKS, **staff_session)


def test_unknown_api_url_answers_json_404_and_pages_keep_html(client: Any) -> None:
    api = client.get("/api/v1/staff/letters/-1/")
    page = client.get("/no-such-page/")

    assert api.status_code == 404
    assert api["Content-Type"] == "application/json"
    assert api.json() == {"detail": "未找到。", "errors": {}}
    assert page.status_code == 404
    assert page["Content-Type"].startswith("text/html")
