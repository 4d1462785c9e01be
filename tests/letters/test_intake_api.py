"""Intake over the public API: every kind, validation, attachments, idempotency, lookup,
rate limits and the transactional outbox."""

from __future__ import annotations

import json
import re
import threading
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from core.models import OutboxMessage
from core.outbox import RELAY, relay_pending
from desk.celery import app as celery_app
from letters.models import Attachment, Letter, LetterEvent, Notification, TrackingCounter
from letters.services.deadlines import describe_deadline
from tests.factories import DepartmentFactory, LeaderFactory, SolicitationFactory, WebsiteFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/letters/"
LOOKUP = "/api/v1/letters/lookup/"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02" + b"\x00" * 64


def base_payload(**extra: Any) -> dict[str, Any]:
    payload = {
        "kind": "consultation",
        "title": "关于公积金提取的咨询",
        "body": "我想了解异地购房提取住房公积金需要准备哪些材料，办理时限是多久。",
        "name": "李明",
        "phone": "13800001234",
    }
    payload.update(extra)
    return payload


def snapshot(media_root: Path) -> tuple[int, ...]:
    files = sum(1 for p in media_root.rglob("*") if p.is_file()) if media_root.exists() else 0
    return (
        Letter.objects.count(),
        LetterEvent.objects.count(),
        Attachment.objects.count(),
        OutboxMessage.objects.count(),
        Notification.objects.count(),
        sum(TrackingCounter.objects.values_list("last_value", flat=True)),
        files,
    )


@pytest.fixture
def targets() -> dict[str, Any]:
    owner = DepartmentFactory(name="测试市政务服务和大数据管理局")
    return {
        "leader": LeaderFactory(),
        "website": WebsiteFactory(owner=owner, domains=["www.ceshi.gov.cn"]),
        "solicitation": SolicitationFactory(),
    }


def kind_payload(kind: str, targets: dict[str, Any]) -> dict[str, Any]:
    extra: dict[str, Any] = {"kind": kind}
    if kind == "leader_mail":
        extra["leader"] = targets["leader"].pk
    elif kind == "site_error":
        extra |= {"url": "https://www.ceshi.gov.cn/zwgk/index.html", "error_type": "typo"}
    elif kind == "opinion":
        extra["solicitation"] = targets["solicitation"].pk
    return base_payload(**extra)


KINDS = [
    "leader_mail",
    "consultation",
    "complaint",
    "suggestion",
    "help",
    "report",
    "site_error",
    "opinion",
]


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_is_accepted_with_its_required_fields(
    api: APIClient, targets: dict[str, Any], kind: str
) -> None:
    response = api.post(URL, kind_payload(kind, targets), format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert set(body) == {"tracking_number", "query_code", "status", "received_at"}
    assert re.fullmatch(r"XJ\d{8}-\d{6}", body["tracking_number"])
    assert re.fullmatch(r"[2-9A-HJ-NP-Z]{8}", body["query_code"])
    assert body["status"] == "submitted"
    letter = Letter.objects.get(tracking_number=body["tracking_number"])
    assert letter.kind == kind
    assert letter.query_code == body["query_code"]
    assert list(letter.events.values_list("action", "to_status")) == [
        ("submit", "submitted"),
        ("clock_start", ""),
    ]
    assert letter.deadline_at is not None


@pytest.mark.parametrize(
    ("kind", "missing", "field"),
    [
        ("leader_mail", "leader", "leader"),
        ("site_error", "url", "url"),
        ("site_error", "error_type", "error_type"),
        ("opinion", "solicitation", "solicitation"),
    ],
)
def test_kind_without_its_required_field_is_refused_and_nothing_stored(
    api: APIClient, targets: dict[str, Any], kind: str, missing: str, field: str, settings: Any
) -> None:
    payload = kind_payload(kind, targets)
    del payload[missing]
    before = snapshot(Path(settings.MEDIA_ROOT))

    response = api.post(URL, payload, format="json")

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert list(errors) == [field]
    assert errors[field][0].startswith("「")
    assert snapshot(Path(settings.MEDIA_ROOT)) == before


def test_target_of_another_kind_is_refused(api: APIClient, targets: dict[str, Any]) -> None:
    response = api.post(URL, base_payload(leader=targets["leader"].pk), format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "leader": ["「写信对象」：只有领导信箱来信需要选择写信对象。"]
    }
    assert Letter.objects.count() == 0


def test_comment_on_a_closed_solicitation_is_refused(api: APIClient) -> None:
    closed = SolicitationFactory(
        opens_on="2020-01-01", closes_on="2020-02-01", title="已结束的征集"
    )
    response = api.post(URL, base_payload(kind="opinion", solicitation=closed.pk), format="json")

    assert response.status_code == 400
    assert response.json()["errors"]["solicitation"] == [
        "「征集事项」：该征集已结束或尚未开始，不能再提交意见。"
    ]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (
            "phone",
            "12345",
            "「联系电话」：格式不正确，请填写11位手机号码或带区号的固定电话（如0999-1234567）。",
        ),
        (
            "id_number",
            "110101199003077778",
            "「身份证号码」：号码不正确，请核对18位居民身份证号码（含校验位）。",
        ),
        ("kind", "petition", "「来信类别」：“petition” 不是合法选项。"),
        ("title", "短", "「标题」：请确保这个字段至少包含 4 个字符。"),
        ("email", "not-an-email", "「电子邮箱」：请输入合法的邮件地址。"),
        (
            "url",
            "ftp://x.gov.cn/a",
            "「问题网页地址」：请填写以 http:// 或 https:// 开头的网页地址。",
        ),
    ],
)
def test_bad_field_gets_a_chinese_message_naming_it(
    api: APIClient, field: str, value: str, message: str, settings: Any
) -> None:
    before = snapshot(Path(settings.MEDIA_ROOT))

    response = api.post(URL, base_payload(**{field: value}), format="json")

    assert response.status_code == 400
    assert response.json()["detail"] == "提交的内容有误，请按提示修改后重试。"
    assert response.json()["errors"][field] == [message]
    assert snapshot(Path(settings.MEDIA_ROOT)) == before


def test_text_with_a_lone_surrogate_is_refused_naming_the_field(api: APIClient) -> None:
    """JSON can carry a lone surrogate (\\ud800), which no database or page can hold."""
    body = json.dumps(base_payload(body="我想咨询一下提取住房公积金需要准备的材料\ud800谢谢您"))

    response = api.post(URL, data=body, content_type="application/json")

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "body": ["「内容」：不能包含无效的 Unicode 字符（代理码位）。"]
    }
    assert not Letter.objects.exists()


def test_missing_fields_are_all_named(api: APIClient) -> None:
    response = api.post(URL, {}, format="json")

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"kind", "title", "body", "name", "phone"}
    assert errors["name"] == ["「姓名」：该字段是必填项。"]


def test_phone_and_id_number_are_normalised(api: APIClient) -> None:
    response = api.post(
        URL,
        base_payload(phone="+86 138-0000-1234", id_number="110105 19491231 002x"),
        format="json",
    )

    assert response.status_code == 201
    letter = Letter.objects.get()
    assert (letter.phone, letter.id_number) == ("13800001234", "11010519491231002X")


@pytest.mark.parametrize(
    "body",
    [b"{not json", b"[]", b'"text"', b"null", b'{"kind": ["consultation"], "title": {"a": 1}}'],
)
def test_malformed_json_is_a_400_not_a_500(api: APIClient, body: bytes) -> None:
    response = api.post(URL, body, content_type="application/json")

    assert response.status_code == 400
    assert Letter.objects.count() == 0


def test_attachment_checked_by_content_is_stored_under_a_random_name(
    api: APIClient, settings: Any
) -> None:
    upload = SimpleUploadedFile("现场照片.png", PNG, content_type="image/png")

    response = api.post(URL, {**base_payload(), "attachments": [upload]}, format="multipart")

    assert response.status_code == 201, response.json()
    attachment = Attachment.objects.get()
    assert (attachment.original_name, attachment.content_type, attachment.size) == (
        "现场照片.png",
        "image/png",
        len(PNG),
    )
    assert "现场照片" not in attachment.file.name
    assert re.fullmatch(r"\d{4}/\d{2}/[0-9a-f]{32}\.png", attachment.file.name)
    assert (Path(settings.MEDIA_ROOT) / attachment.file.name).read_bytes() == PNG


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("a.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("a.html", b"<!DOCTYPE html><html><body>hi</body></html>"),
        ("photo.png", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64),
        ("a.txt", b"plain text is not an accepted attachment type"),
    ],
)
def test_disallowed_attachment_types_are_refused_and_nothing_stored(
    api: APIClient, settings: Any, name: str, content: bytes
) -> None:
    before = snapshot(Path(settings.MEDIA_ROOT))
    upload = SimpleUploadedFile(name, content, content_type="image/png")

    response = api.post(URL, {**base_payload(), "attachments": [upload]}, format="multipart")

    assert response.status_code == 400
    assert response.json()["errors"]["attachments"][0].startswith(
        f"「附件」：文件“{name}”的类型不允许"
    )
    assert snapshot(Path(settings.MEDIA_ROOT)) == before


def test_too_many_attachments_are_refused(api: APIClient, settings: Any) -> None:
    settings.DESK = replace(settings.DESK, attachment_max_count=2)
    uploads = [SimpleUploadedFile(f"{i}.png", PNG) for i in range(3)]

    response = api.post(URL, {**base_payload(), "attachments": uploads}, format="multipart")

    assert response.status_code == 400
    assert response.json()["errors"] == {"attachments": ["「附件」：最多上传2个文件。"]}
    assert Letter.objects.count() == 0


def test_oversize_attachment_is_413_and_nothing_stored(api: APIClient, settings: Any) -> None:
    settings.DESK = replace(settings.DESK, attachment_max_bytes=1024 * 1024)
    big = SimpleUploadedFile("big.png", PNG + b"\x00" * (1024 * 1024))
    before = snapshot(Path(settings.MEDIA_ROOT))

    response = api.post(URL, {**base_payload(), "attachments": [big]}, format="multipart")

    assert response.status_code == 413
    assert "超过大小限制" in response.json()["detail"]
    assert snapshot(Path(settings.MEDIA_ROOT)) == before


def test_oversize_request_is_413_before_reading_it(api: APIClient, settings: Any) -> None:
    settings.DESK_REQUEST_MAX_BYTES = 1000

    response = api.post(URL, base_payload(body="很长的内容" * 400), format="json")

    assert response.status_code == 413
    assert Letter.objects.count() == 0


def test_tracking_numbers_are_ordered_within_a_day(api: APIClient) -> None:
    numbers = [
        api.post(URL, base_payload(title=f"关于第{i}个问题的咨询"), format="json").json()[
            "tracking_number"
        ]
        for i in range(3)
    ]

    assert [n[-6:] for n in numbers] == ["000001", "000002", "000003"]
    assert len({n[:11] for n in numbers}) == 1


def test_same_idempotency_key_returns_the_same_letter(api: APIClient) -> None:
    first = api.post(URL, base_payload(), format="json", HTTP_IDEMPOTENCY_KEY="key-0001-abcd")
    second = api.post(URL, base_payload(), format="json", HTTP_IDEMPOTENCY_KEY="key-0001-abcd")

    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json() == second.json()
    assert second["Idempotent-Replayed"] == "true"
    assert Letter.objects.count() == 1
    assert OutboxMessage.objects.count() == 2


def test_idempotency_key_reused_for_other_content_is_409(api: APIClient) -> None:
    api.post(URL, base_payload(), format="json", HTTP_IDEMPOTENCY_KEY="key-0002-abcd")

    response = api.post(
        URL,
        base_payload(title="另一件事情的咨询"),
        format="json",
        HTTP_IDEMPOTENCY_KEY="key-0002-abcd",
    )

    assert response.status_code == 409
    assert Letter.objects.count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_requests_with_one_key_make_one_letter() -> None:
    results: list[tuple[int, str]] = []
    barrier = threading.Barrier(6)

    def submit() -> None:
        from django.db import connection

        client = APIClient()
        barrier.wait()
        try:
            response = client.post(
                URL, base_payload(), format="json", HTTP_IDEMPOTENCY_KEY="same-key-concurrent"
            )
            results.append((response.status_code, response.json()["tracking_number"]))
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert [status for status, _ in results] == [201] * 6
    assert len({number for _, number in results}) == 1
    assert Letter.objects.count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_letters_get_the_days_numbers_in_sequence_without_a_duplicate() -> None:
    """Outside a transaction the day's counter is incremented in its own (on PostgreSQL:
    one query string, one round trip); six writers at once take 1 to 6."""
    numbers: list[str] = []
    barrier = threading.Barrier(6)

    def submit() -> None:
        from django.db import connection

        client = APIClient()
        barrier.wait()
        try:
            response = client.post(URL, base_payload(), format="json")
            numbers.append(response.json()["tracking_number"])
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(number[-6:] for number in numbers) == [f"{n:06d}" for n in range(1, 7)]
    assert sorted(Letter.objects.values_list("tracking_number", flat=True)) == sorted(numbers)
    assert list(TrackingCounter.objects.values_list("last_value", flat=True)) == [6]
    # The connection is usable after the counter's own transaction.
    assert submit_one(APIClient())["tracking_number"].endswith("-000007")


def submit_one(api: APIClient) -> dict[str, Any]:
    response = api.post(URL, base_payload(), format="json")
    assert response.status_code == 201
    data: dict[str, Any] = response.json()
    return data


def test_lookup_shows_progress_without_internal_notes(api: APIClient) -> None:
    receipt = submit_one(api)
    letter = Letter.objects.get()
    LetterEvent.objects.create(
        letter=letter, action="note", note="内部：请王科长阅处", public=False
    )

    response = api.post(
        LOOKUP,
        {"tracking_number": receipt["tracking_number"], "query_code": receipt["query_code"]},
        format="json",
    )

    assert response.status_code == 200
    body = response.json()
    assert body["tracking_number"] == receipt["tracking_number"]
    assert (body["status"], body["status_display"], body["kind_display"]) == (
        "submitted",
        "已提交",
        "咨询",
    )
    assert [(e["status"], e["note"]) for e in body["timeline"]] == [
        ("submitted", "来信已收到，等待受理。"),
        ("", f"办理期限：{describe_deadline(letter)}。"),
    ]
    assert "王科长" not in response.content.decode()
    assert "13800001234" not in response.content.decode()


def test_wrong_code_and_unknown_number_give_the_same_404(api: APIClient) -> None:
    receipt = submit_one(api)

    wrong = api.post(
        LOOKUP,
        {"tracking_number": receipt["tracking_number"], "query_code": "AAAAAAAA"},
        format="json",
    )
    unknown = api.post(
        LOOKUP,
        {"tracking_number": "XJ20000101-000001", "query_code": receipt["query_code"]},
        format="json",
    )

    assert wrong.status_code == unknown.status_code == 404
    assert (
        wrong.json()
        == unknown.json()
        == {"detail": "未找到该信件，请核对信件编号和查询码。", "errors": {}}
    )


def test_lookup_is_rate_limited_per_ip_with_retry_after(api: APIClient, settings: Any) -> None:
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "lookup": "3/min",
        },
    }
    guess = {"tracking_number": "XJ20261121-000001", "query_code": "ABCDEFGH"}
    statuses = [api.post(LOOKUP, guess, format="json").status_code for _ in range(4)]
    other_ip = api.post(LOOKUP, guess, format="json", REMOTE_ADDR="10.0.0.9")

    assert statuses == [404, 404, 404, 429]
    limited = api.post(LOOKUP, guess, format="json")
    assert limited.status_code == 429
    assert 0 < int(limited["Retry-After"]) <= 60
    assert other_ip.status_code == 404


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("flushable_audit_log")
def test_outbox_keeps_work_while_the_broker_is_down_and_relays_it_once(api: APIClient) -> None:
    """With a broker the request only commits; the process's relay thread sends the
    messages after the commit, and while the broker is down they stay pending."""
    target = LeaderFactory()
    celery_app.conf.task_always_eager = False
    celery_app.conf["broker_url"] = "redis://127.0.0.1:1/0"  # nothing listens there

    response = api.post(
        URL,
        base_payload(kind="leader_mail", leader=target.pk, email="liming@example.com"),
        format="json",
    )

    assert response.status_code == 201
    assert RELAY.drain()
    letter = Letter.objects.get()
    pending = OutboxMessage.objects.filter(relayed_at__isnull=True)
    assert sorted(pending.values_list("task_name", "attempts")) == [
        ("letters.notify_citizen", 1),
        ("routing.route_letter", 1),
    ]
    assert all(m.last_error for m in pending)
    assert letter.routed_at is None

    celery_app.conf.task_always_eager = True  # the broker (here: in-process) is back
    OutboxMessage.objects.update(available_at="2000-01-01T00:00:00Z")
    assert relay_pending() == 2
    assert relay_pending() == 0

    letter.refresh_from_db()
    assert letter.routed_at is not None
    assert letter.routing_suggestions == [
        {
            "department_id": target.office_id,
            "department": target.office.name,
            "confidence": 1.0,
            "reason": "领导信箱：市长",
        }
    ]
    assert sorted(Notification.objects.values_list("event", "channel")) == [
        ("received", "email"),
        ("received", "sms"),
    ]
    assert len(mail.outbox) == 1


def test_site_error_is_routed_to_the_website_owner(
    api: APIClient, targets: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    payload = kind_payload("site_error", targets)
    payload["url"] = "https://sub.www.ceshi.gov.cn/page"

    with django_capture_on_commit_callbacks(execute=True):
        api.post(URL, payload, format="json")

    letter = Letter.objects.get()
    assert [s["department"] for s in letter.routing_suggestions] == ["测试市政务服务和大数据管理局"]


def test_reference_lists_for_the_forms(api: APIClient, targets: dict[str, Any]) -> None:
    SolicitationFactory(opens_on="2020-01-01", closes_on="2020-02-01", title="已结束的征集")

    leaders = api.get("/api/v1/leaders/").json()
    solicitations = api.get("/api/v1/solicitations/").json()
    error_types = api.get("/api/v1/website-error-types/").json()
    departments = api.get("/api/v1/departments/").json()

    assert [(x["name"], x["title"]) for x in leaders] == [("王建国", "市长")]
    assert [x["title"] for x in solicitations] == [targets["solicitation"].title]
    assert error_types[0] == {"code": "typo", "label": "错别字、病句"}
    assert len(departments) == 4
