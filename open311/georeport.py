"""Open311 GeoReport v2: services, the public status of requests, and the formats.

A service request is a letter; its ``service_request_id`` is the tracking number.

- Services: the interaction kinds (咨询, 投诉, 建议, 求助, 举报) by their kind code, and
  网站找错 once per website error type (``site_error.<type>``). 领导信箱 and 征集意见 need a
  leader or a solicitation, which GeoReport has no field for: partners submit those
  through the partner API (``/api/v1/partner/letters/``).
- Which requests are shown: published ones (``knowledge_base.publication.public_q``:
  through the publication gate and not withheld) and those whose writer may have them
  published (``letters.publication_policy.publishable_q``: consent, or 找错 unless found
  untrue or confidential). Any other number is 404 and never listed.
- What is shown: code, status (open/closed) and its Chinese note, department, dates. Texts
  only of published letters, and only the gated public texts (``public_title``,
  ``public_body``, ``public_text``). Never the writer's name or contact data, and never
  the location (it may be the writer's home): it is stored for the staff only.
- Formats: JSON, or XML with the spec's element names; errors as
  ``[{"code": 400, "description": "…"}]`` / ``<errors><error>…</error></errors>``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from xml.etree import ElementTree

from django.db.models import Q, QuerySet
from django.http import HttpResponse
from django.utils import timezone

from knowledge_base.publication import public_q, public_status
from letters.choices import OPEN_STATUSES, LetterKind, LetterStatus, WebsiteErrorType
from letters.models import Letter
from letters.publication_policy import publishable_q

SITE_ERROR_PREFIX = f"{LetterKind.SITE_ERROR}."
INTERACTION_SERVICES: tuple[tuple[LetterKind, str, str], ...] = (
    (LetterKind.CONSULTATION, "询问政策规定、办事流程等", "咨询 政策 办事"),
    (LetterKind.COMPLAINT, "反映单位或工作人员的问题", "投诉 作风 服务"),
    (LetterKind.SUGGESTION, "对政府工作提出意见建议", "建议 意见"),
    (LetterKind.HELP, "生活中遇到困难需要帮助", "求助 困难"),
    (LetterKind.REPORT, "举报违法违规行为", "举报 违法 违规"),
)
MAX_RESULTS = 1000
DEFAULT_DAYS = 90


@dataclass(frozen=True)
class Service:
    code: str
    name: str
    description: str
    keywords: str
    group: str
    kind: str
    error_type: str = ""


def services() -> list[Service]:
    found = [
        Service(kind.value, kind.label, text, words, "咨询投诉建议", kind.value)
        for kind, text, words in INTERACTION_SERVICES
    ]
    found += [
        Service(
            f"{SITE_ERROR_PREFIX}{error.value}",
            f"网站找错：{error.label}",
            f"政府网站的{error.label}问题（需提供出错网页地址 attribute[url]）",
            f"网站找错 {error.label}",
            "网站找错",
            LetterKind.SITE_ERROR,
            error.value,
        )
        for error in WebsiteErrorType
    ]
    return found


def service_by_code(code: str) -> Service | None:
    return next((s for s in services() if s.code == code), None)


def service_of(letter: Letter) -> Service | None:
    code = (
        f"{SITE_ERROR_PREFIX}{letter.error_type}"
        if letter.kind == LetterKind.SITE_ERROR
        else letter.kind
    )
    return service_by_code(code)


def service_dict(service: Service) -> dict[str, Any]:
    return {
        "service_code": service.code,
        "service_name": service.name,
        "description": service.description,
        "metadata": False,
        "type": "realtime",
        "keywords": service.keywords,
        "group": service.group,
    }


# --- which requests are public, and what of them ---------------------------------------

STATUS_FIELDS = [
    "id",
    "tracking_number",
    "kind",
    "error_type",
    "status",
    "consent_public",
    "publication_finding",
    "public_title",
    "public_body",
    "public_text",
    "received_at",
    "accepted_at",
    "replied_at",
    "public_replied_at",
    "published_at",
    "closed_at",
    "deadline_at",
    "department__name",
    "reply_department__name",
]


def visible_requests() -> QuerySet[Letter]:
    """Letters whose public status may be shown: published, or publishable (module doc).
    Merged letters live on in the letter they were merged into."""
    return (
        Letter.objects.filter(public_q() | (publishable_q() & ~Q(status=LetterStatus.MERGED)))
        .select_related("department", "reply_department")
        .only(*STATUS_FIELDS)
    )


def _iso(value: datetime | None) -> str | None:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def request_dict(letter: Letter) -> dict[str, Any]:
    """A letter as a GeoReport request: public fields only (module doc)."""
    service = service_of(letter)
    published = letter.published_at is not None and not letter.publication_finding
    if published:
        notes = public_status(letter)
        if letter.public_text:
            notes = f"{notes}。答复：{letter.public_text}"
        description = "\n\n".join(t for t in (letter.public_title, letter.public_body) if t)
        agency = letter.reply_department or letter.department
        replied = letter.public_replied_at
    else:
        notes = str(LetterStatus(letter.status).label)
        description = ""
        agency = letter.department
        replied = letter.replied_at
    updated = max(
        (
            d
            for d in (letter.accepted_at, replied, letter.published_at, letter.closed_at)
            if d is not None
        ),
        default=letter.received_at,
    )
    return {
        "service_request_id": letter.tracking_number,
        "status": "open" if letter.status in OPEN_STATUSES else "closed",
        "status_notes": notes,
        "service_name": service.name if service is not None else letter.get_kind_display(),
        "service_code": service.code if service is not None else letter.kind,
        "description": description or None,
        "agency_responsible": agency.name if agency is not None else None,
        "service_notice": None,
        "requested_datetime": _iso(letter.received_at),
        "updated_datetime": _iso(updated),
        "expected_datetime": _iso(letter.deadline_at),
        "address": None,
        "address_id": None,
        "zipcode": None,
        "lat": None,
        "long": None,
        "media_url": None,
    }


@dataclass(frozen=True)
class RequestQuery:
    ids: tuple[str, ...] = ()
    service_code: str = ""
    start: datetime | None = None
    end: datetime | None = None
    statuses: tuple[str, ...] = ()


def find_requests(query: RequestQuery, *, now: datetime | None = None) -> list[Letter]:
    """The spec's search: by ids (then nothing else applies), else by code, dates (the
    last 90 days when none is given) and status; newest first, at most 1,000."""
    letters = visible_requests()
    if query.ids:
        return list(letters.filter(tracking_number__in=query.ids).order_by("-received_at"))
    if query.service_code:
        service = service_by_code(query.service_code)
        assert service is not None
        letters = letters.filter(kind=service.kind)
        if service.error_type:
            letters = letters.filter(error_type=service.error_type)
    start, end = query.start, query.end
    if start is None and end is None:
        start = (now or timezone.now()) - timedelta(days=DEFAULT_DAYS)
    if start is not None:
        letters = letters.filter(received_at__gte=start)
    if end is not None:
        letters = letters.filter(received_at__lte=end)
    if query.statuses and set(query.statuses) != {"open", "closed"}:
        is_open = Q(status__in=sorted(OPEN_STATUSES))
        letters = letters.filter(is_open if query.statuses == ("open",) else ~is_open)
    return list(letters.order_by("-received_at", "-id")[:MAX_RESULTS])


def find_request(tracking_number: str) -> Letter | None:
    return visible_requests().filter(tracking_number=tracking_number.strip().upper()).first()


# --- formats ------------------------------------------------------------------------------

JSON_TYPE = "application/json; charset=utf-8"
XML_TYPE = "text/xml; charset=utf-8"


def _xml(root: str, item: str, rows: Iterable[Mapping[str, Any]]) -> bytes:
    top = ElementTree.Element(root)
    for row in rows:
        element = ElementTree.SubElement(top, item)
        for name, value in row.items():
            child = ElementTree.SubElement(element, name)
            if isinstance(value, bool):
                child.text = "true" if value else "false"
            elif value is not None:
                child.text = str(value)
    body: bytes = ElementTree.tostring(top, encoding="utf-8", xml_declaration=True)
    return body


def render(
    fmt: str, rows: list[dict[str, Any]], *, root: str, item: str, status: int = 200
) -> HttpResponse:
    """``rows`` as the spec's JSON array, or as XML ``<root><item>…</item></root>``."""
    if fmt == "xml":
        return HttpResponse(_xml(root, item, rows), content_type=XML_TYPE, status=status)
    body = json.dumps(rows, ensure_ascii=False)
    return HttpResponse(body, content_type=JSON_TYPE, status=status)


def render_errors(fmt: str, status: int, descriptions: list[str]) -> HttpResponse:
    rows = [{"code": status, "description": text} for text in descriptions]
    return render(fmt, rows, root="errors", item="error", status=status)
