"""No personal data in logs: the real flows run with every logger at DEBUG (SQL with its
parameters included) and the configured console handler's output is searched for the
writer's phone, ID number, e-mail and address."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from typing import Any, cast

import pytest
from django.conf import settings
from django.db import connection
from django.test import override_settings
from rest_framework.test import APIClient

from core.log_filters import PersonalDataFilter, redact_log_text
from letters.models import Letter
from tests.factories import DepartmentFactory, staff_user
from tests.pii_logs import console_handler, leaked

pytestmark = pytest.mark.django_db

PHONE = "13812345678"
ID_NUMBER = "11010519491231002X"
ADDRESS = "临江市江北区滨江路88号锦江花园3栋1单元602室"
EMAIL = "wang.fang@example.com"
SECRETS = {PHONE, ID_NUMBER, ADDRESS, EMAIL, "138 1234 5678", "12345678", "19491231"}
STAFF = "/api/v1/staff/letters/"


class FailingSms:
    """An SMS gateway whose error quotes the number, as real gateways do."""

    def send(self, phone: str, text: str) -> None:
        raise RuntimeError(f"gateway refused {phone}")


@pytest.fixture
def console_output() -> Iterator[io.StringIO]:
    """What the configured console handler writes, with everything at DEBUG."""
    handler = console_handler()
    buffer = io.StringIO()
    previous_stream = handler.setStream(buffer)  # type: ignore[attr-defined]
    loggers = [logging.getLogger(), logging.getLogger("django"), logging.getLogger("celery")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.DEBUG)
    connection.force_debug_cursor = True  # django.db.backends logs every query and its params
    try:
        yield buffer
    finally:
        connection.force_debug_cursor = False
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)
        handler.setStream(previous_stream)  # type: ignore[attr-defined]


def test_the_console_handler_carries_the_personal_data_filter() -> None:
    logging_config = cast(dict[str, Any], settings.LOGGING)
    assert "personal_data" in logging_config["handlers"]["console"]["filters"]
    assert any(isinstance(f, PersonalDataFilter) for f in console_handler().filters)
    # Celery workers log through LOGGING too instead of installing their own handlers.
    assert settings.CELERY_WORKER_HIJACK_ROOT_LOGGER is False


@override_settings(DESK_SMS_BACKEND="tests.letters.test_pii_logging.FailingSms")
def test_real_flows_at_debug_level_log_no_personal_data(
    console_output: io.StringIO, django_capture_on_commit_callbacks: Any
) -> None:
    office, bureau, other = DepartmentFactory(), DepartmentFactory(), DepartmentFactory()
    users = {
        "dispatcher": staff_user("dispatcher", "dispatcher", office),
        "publisher": staff_user("publisher", "publisher", office),
        "handler": staff_user("handler", "handler", bureau),
        "reviewer": staff_user("reviewer", "reviewer", bureau),
        "other": staff_user("other", "handler", other),
    }

    def act(name: str, pk: int, action: str, **data: Any) -> Any:
        client = APIClient()
        client.force_authenticate(users[name])
        return client.post(f"{STAFF}{pk}/{action}/", data, format="json")

    public = APIClient()
    body = (
        f"本人王芳，身份证号{ID_NUMBER}，家住{ADDRESS}，"
        f"手机138 1234 5678（即{PHONE}），邮箱{EMAIL}。请问租房提取公积金需要哪些材料？"
    )
    payload = {
        "kind": "consultation",
        "title": "公积金提取咨询",
        "body": body,
        "name": "王芳",
        "phone": PHONE,
        "email": EMAIL,
        "id_number": ID_NUMBER,
        "address": ADDRESS,
        "consent_public": True,
    }
    # Error paths first: refused input naming the bad field.
    assert (
        public.post("/api/v1/letters/", {**payload, "email": "wang@"}, format="json").status_code
        == 400
    )
    assert (
        public.post(
            "/api/v1/letters/", {**payload, "phone": "1381234567"}, format="json"
        ).status_code
        == 400
    )

    with django_capture_on_commit_callbacks(execute=True):  # routing and the failing notice
        created = public.post("/api/v1/letters/", payload, format="json")
    assert created.status_code == 201, created.json()
    letter = Letter.objects.get(tracking_number=created.json()["tracking_number"])
    codes = {"tracking_number": letter.tracking_number, "query_code": letter.query_code}
    assert (
        public.post(
            "/api/v1/letters/lookup/", {**codes, "query_code": "WRONG123"}, format="json"
        ).status_code
        == 404
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert act("dispatcher", letter.pk, "dispatch", department=bureau.pk).status_code == 200
        assert act("other", letter.pk, "sign").status_code == 404
        assert act("handler", letter.pk, "sign").status_code == 200
        assert act("handler", letter.pk, "unmask", reason="看").status_code == 400
        assert act("reviewer", letter.pk, "unmask", reason="核实来信人身份").status_code == 403
        assert act("handler", letter.pk, "unmask", reason="电话联系来信人").json()["phone"] == PHONE
        assert (
            act(
                "handler", letter.pk, "draft-reply", text=f"王芳您好，已电话（{PHONE}）联系您。"
            ).status_code
            == 200
        )
        assert act("handler", letter.pk, "submit-review").status_code == 200
        assert act("reviewer", letter.pk, "review", approve=True).status_code == 200
        assert act("publisher", letter.pk, "review", approve=True).status_code == 200
        assert act("publisher", letter.pk, "publish", public_text="").status_code == 400
        published = act("publisher", letter.pk, "publish", public_text="租房提取需提供租赁合同。")
        assert published.status_code == 200, published.json()
    assert public.post("/api/v1/letters/lookup/", codes, format="json").status_code == 200

    output = console_output.getvalue()
    # The flows did log, personal data included before the filter: SQL parameters, the
    # gateway's error, the refused submissions.
    assert 'INSERT INTO "letters_letter"' in output
    assert "gateway refused 138****5678" in output
    assert "Bad Request: /api/v1/letters/" in output
    assert leaked(output, SECRETS) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sms to 13812345678 failed", "sms to 138****5678 failed"),
        ("id 11010519491231002X", "id 1****************X"),
        ("id 110105194912310021 (bad check digit)", "id 1****************1 (bad check digit)"),
        ("mail wang.fang@example.com", "mail w***@example.com"),
        ("letter 42 routed in 3 ms", "letter 42 routed in 3 ms"),
        ("XJ20261121-000123 dispatched", "XJ20261121-000123 dispatched"),
    ],
)
def test_the_filter_masks_patterns_and_leaves_other_text(text: str, expected: str) -> None:
    assert redact_log_text(text) == expected


def test_the_filter_masks_arguments_and_tracebacks() -> None:
    record = logging.LogRecord("x", logging.ERROR, __file__, 1, "sms to %s", (PHONE,), None)
    try:
        raise ValueError(f"bad number {PHONE}")
    except ValueError:
        import sys

        record.exc_info = sys.exc_info()

    assert PersonalDataFilter().filter(record) is True
    formatted = logging.Formatter().format(record)
    assert "sms to 138****5678" in formatted
    assert "bad number 138****5678" in formatted
    assert PHONE not in formatted
