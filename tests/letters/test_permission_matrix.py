"""Endpoint × role × own/other department, generated from the URL conf.

Every route under /api/v1/ is either public (listed below) or staff; every staff route
with an object id answers 404 to staff of another department and 403 to roles without
case work, so an endpoint added later cannot escape department scoping.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from knowledge_base.models import KnowledgeEntry
from letters.models import Attachment, Letter
from letters.services import workflow
from letters.services.intake import LetterSubmission, letter_submit
from supervision import services as supervision
from tests.factories import DepartmentFactory, staff_user

pytestmark = pytest.mark.django_db

PUBLIC_ROUTES = {
    "api/v1/letters/",
    "api/v1/letters/lookup/",
    "api/v1/letters/rate/",
    "api/v1/captcha/",
    "api/v1/departments/",
    "api/v1/leaders/",
    "api/v1/solicitations/",
    "api/v1/website-error-types/",
    "api/v1/calendar/",
    "api/v1/calendar/deadline/",
    "api/v1/public/letters/",
    "api/v1/public/letters/<str:tracking_number>/",
    "api/v1/public/statistics/",
    "api/v1/public/reports/",
    "api/v1/kb/search/",
    "api/v1/kb/suggest/",
    "api/v1/kb/entries/<int:pk>/",
    "api/v1/surveys/",
    "api/v1/surveys/<int:pk>/",
    "api/v1/surveys/<int:pk>/responses/",
    "api/v1/surveys/<int:pk>/phone-code/",
    "api/v1/surveys/<int:pk>/results/",
    # Online interviews: their staff routes are scoped by the interview's own roles (ids
    # named <int:interview_id>; tests/interviews/test_api.py checks outsiders get 404).
    "api/v1/interviews/",
    "api/v1/interviews/<int:interview_id>/",
    "api/v1/interviews/<int:interview_id>/questions/",
    "api/v1/interviews/questions/lookup/",
}


def routes(resolver: URLResolver | None = None, prefix: str = "") -> Iterator[tuple[str, Any]]:
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from routes(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


API_ROUTES = sorted({route for route, _ in routes() if route.startswith("api/v1/")})
STAFF_ROUTES = [
    r
    for r in API_ROUTES
    if r.startswith(("api/v1/staff/", "api/v1/reports/", "api/v1/kb/curator/", "api/v1/audit/"))
]
# Partner systems' routes: a partner key (open311.auth), never a session or nothing.
PARTNER_ROUTES = [r for r in API_ROUTES if r.startswith("api/v1/partner/")]
# Routes that address one letter (or its extension, order, attachment): department-scoped.
OBJECT_ROUTES = [r for r in STAFF_ROUTES if r.startswith("api/v1/staff/") and "<int:pk>" in r]
CURATOR_ROUTES = [r for r in STAFF_ROUTES if r.startswith("api/v1/kb/curator/")]


def test_every_api_route_is_public_or_staff() -> None:
    assert set(API_ROUTES) - set(STAFF_ROUTES) - set(PARTNER_ROUTES) == PUBLIC_ROUTES
    assert len(OBJECT_ROUTES) >= 18


@pytest.mark.parametrize("route", PARTNER_ROUTES)
def test_partner_routes_refuse_anonymous_and_staff_without_a_key(
    route: str, world: dict[str, Any]
) -> None:
    callback = dict(routes())[route]
    staff = APIClient()
    staff.force_authenticate(world["users"][("dispatcher", "office")])
    route = route.replace("<str:tracking_number>", world["letter"].tracking_number)
    for client in (APIClient(), staff):
        assert call(client, route, callback, 0) == 401, route


@pytest.fixture
def world() -> dict[str, Any]:
    own, other, office = DepartmentFactory(), DepartmentFactory(), DepartmentFactory()
    users = {
        ("handler", "own"): staff_user("h_own", "handler", own),
        ("reviewer", "own"): staff_user("r_own", "reviewer", own),
        ("handler", "other"): staff_user("h_other", "handler", other),
        ("reviewer", "other"): staff_user("r_other", "reviewer", other),
        ("admin", "office"): staff_user("adm", "admin", office),
        ("auditor", "office"): staff_user("aud", "auditor", office),
        ("dispatcher", "office"): staff_user("dsp", "dispatcher", office),
        ("supervisor", "office"): staff_user("sup", "supervisor", office),
    }
    letter = letter_submit(
        submission=LetterSubmission(
            kind="consultation",
            title="权限矩阵测试来信",
            body="用于检查各接口的部门隔离是否生效。",
            name="周全",
            phone="13600005555",
        )
    ).letter
    dispatcher = users[("dispatcher", "office")]
    workflow.letter_dispatch(letter_id=letter.pk, actor=dispatcher, department_id=own.pk)
    workflow.letter_sign(letter_id=letter.pk, actor=users[("handler", "own")])
    extension = workflow.extension_request(
        letter_id=letter.pk, actor=users[("handler", "own")], working_days=2, reason="会商"
    )
    order = supervision.order_issue(
        letter_id=letter.pk,
        actor=users[("supervisor", "office")],
        instruction="请于期限内反馈",
        respond_by=date.today() + timedelta(days=30),
    )
    attachment = Attachment(
        letter=letter, original_name="现场.png", content_type="image/png", size=3, sha256=""
    )
    attachment.file.save("x.png", ContentFile(b"png"), save=True)
    return {
        "users": users,
        "letter": letter,
        "extension": extension,
        "attachment": attachment,
        "order": order,
    }


def call(client: APIClient, route: str, callback: Any, pk: int, attachment_id: int = 0) -> int:
    url = "/" + route.replace("<int:pk>", str(pk)).replace(
        "<int:attachment_id>", str(attachment_id)
    )
    methods = getattr(callback, "cls", None)
    if methods is not None and hasattr(methods, "get") and not hasattr(methods, "post"):
        return int(client.get(url).status_code)
    return int(client.post(url, {}, format="json").status_code)


def object_pk(route: str, world: dict[str, Any]) -> int:
    if route.startswith("api/v1/staff/extensions/"):
        return int(world["extension"].pk)
    if route.startswith("api/v1/staff/orders/"):
        return int(world["order"].pk)
    return int(world["letter"].pk)


@pytest.mark.parametrize("route", OBJECT_ROUTES)
@pytest.mark.parametrize(
    ("role", "where", "expected"),
    [
        ("handler", "other", {404}),
        ("reviewer", "other", {404}),
        ("admin", "office", {403}),
        ("auditor", "office", {403}),
        ("anonymous", "", {401, 403}),
    ],
)
def test_object_routes_refuse_outsiders(
    world: dict[str, Any], route: str, role: str, where: str, expected: set[int]
) -> None:
    callbacks = dict(routes())
    client = APIClient()
    if role != "anonymous":
        client.force_authenticate(world["users"][(role, where)])
    letter = world["letter"]
    before = (Letter.objects.get(pk=letter.pk).status, letter.events.count())

    status = call(client, route, callbacks[route], object_pk(route, world), world["attachment"].pk)

    assert status in expected, (route, role, status)
    assert (Letter.objects.get(pk=letter.pk).status, letter.events.count()) == before


@pytest.mark.parametrize("route", OBJECT_ROUTES)
def test_object_routes_are_in_scope_for_the_own_department(
    world: dict[str, Any], route: str
) -> None:
    callbacks = dict(routes())
    client = APIClient()
    client.force_authenticate(world["users"][("handler", "own")])

    status = call(client, route, callbacks[route], object_pk(route, world), world["attachment"].pk)

    assert status != 404, route


def test_list_routes_show_nothing_of_another_department(world: dict[str, Any]) -> None:
    client = APIClient()
    client.force_authenticate(world["users"][("handler", "other")])

    listing = client.get("/api/v1/staff/letters/").json()
    counts = client.get("/api/v1/staff/inbox/counts/").json()
    report = client.get("/api/v1/reports/", {"period": "2026"}).json()

    assert listing["count"] == 0
    assert set(counts.values()) == {0}
    assert report["total"] is None
    assert len(report["rows"]) == 1
    assert report["rows"][0]["received"] == 0


def test_attachment_is_served_as_a_download_to_its_department(world: dict[str, Any]) -> None:
    client = APIClient()
    client.force_authenticate(world["users"][("handler", "own")])
    letter, attachment = world["letter"], world["attachment"]

    response = client.get(f"/api/v1/staff/letters/{letter.pk}/attachments/{attachment.pk}/")

    assert response.status_code == 200
    assert response.streaming
    assert response.getvalue() == b"png"  # joins the streamed content
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/octet-stream"


@pytest.mark.parametrize("route", CURATOR_ROUTES)
@pytest.mark.parametrize("role", ["handler", "reviewer", "admin", "auditor"])
def test_curator_routes_refuse_department_staff_and_other_duties(
    world: dict[str, Any], route: str, role: str
) -> None:
    callbacks = dict(routes())
    client = APIClient()
    where = "office" if role in {"admin", "auditor"} else "own"
    client.force_authenticate(world["users"][(role, where)])
    url = "/" + route.replace("<int:pk>", "1").replace("<int:letter_id>", str(world["letter"].pk))
    cls = getattr(callbacks[route], "cls", None)
    status = (
        client.get(url).status_code
        if cls is not None and hasattr(cls, "get")
        else client.post(url, {}, format="json").status_code
    )

    assert status in {403, 404}, (route, role, status)
    assert not KnowledgeEntry.objects.exists()
