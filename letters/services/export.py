"""Export of the letters a staff member may see (``GET /api/v1/staff/letters/export/``):
one row per letter with its timeline summary, as CSV (streamed) or XLSX (openpyxl
write-only mode, spooled to a temporary file and streamed from it).

- Which letters: the caller passes the staff inbox's queryset (``letters_for`` and the
  inbox API's filters, in its order); nothing here widens it.
- What of each letter: what the staff screens show (``letters.staff_view``): title, body
  and reply with the writer's data masked, contact data masked, a protected copy without
  the writer. Full data only when the exporter asks for it with a reason and holds the
  unmask permission (``letters.services.pii``), and then only for the letters they may
  unmask; every export is audited (``letter.export``, with ``unmasked`` and the reason),
  a refused unmasked export too.
- Spreadsheet safety: a cell starting with ``= + - @`` is written as text (CSV: a leading
  apostrophe), so no exported text runs as a formula; characters XLSX cannot hold are
  dropped.
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from core import masking
from core.audit import audit
from letters import lifecycle
from letters.models import Letter, LetterEvent
from letters.selectors import URGENCY_LABELS, with_urgency
from letters.services.pii import (
    REASON_MAX_LENGTH,
    REASON_MIN_LENGTH,
    holds_unmask_permission,
    unmask_rule,
)
from letters.staff_view import is_lead_or_office, is_protected_copy, writer_fields
from org.selectors import StaffUser, reader_context

CHUNK = 500
COLUMNS: tuple[str, ...] = (
    "信件编号",
    "原系统编号",
    "来信渠道",
    "类别",
    "标题",
    "来信内容",
    "姓名",
    "联系电话",
    "电子邮箱",
    "身份证号码",
    "联系地址",
    "状态",
    "承办单位",
    "紧急程度",
    "来信时间",
    "受理时间",
    "办理期限",
    "答复时间",
    "办结时间",
    "答复单位",
    "答复内容",
    "满意度",
    "是否公开",
    "办理过程",
    "办理记录数",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class ExportScope:
    """Who exports and whether they asked for full personal data (and why)."""

    user: StaffUser
    unmask: bool = False
    reason: str = ""


def authorize(scope: ExportScope, *, count: int, data: dict[str, Any]) -> None:
    """Check an unmasked export and write the audit record of every export (before the
    first byte is sent). ``data`` names the format and the filters."""
    reason = scope.reason.strip()
    if scope.unmask:
        if not holds_unmask_permission(scope.user):
            audit(
                "letter.export",
                actor=scope.user,
                outcome="denied",
                data={**data, "unmasked": True, "reason": reason[:REASON_MAX_LENGTH]},
            )
            raise PermissionDenied("您无权导出来信人的完整个人信息。")
        if not REASON_MIN_LENGTH <= len(reason) <= REASON_MAX_LENGTH:
            raise ValidationError(
                {
                    "reason": f"「导出理由」：导出完整个人信息请说明理由"
                    f"（{REASON_MIN_LENGTH}至{REASON_MAX_LENGTH}个字）。"
                }
            )
    audit(
        "letter.export",
        actor=scope.user,
        data={**data, "unmasked": scope.unmask, "reason": reason, "letters": count},
    )


def _when(value: datetime | None) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def timeline_summary(events: Sequence[LetterEvent]) -> str:
    """``2024-03-01 09:00 来信；2024-03-04 16:30 答复（原系统办理）；…`` — dates and labels
    only (notes may hold personal data)."""
    return "；".join(f"{_when(e.at)} {lifecycle.event_label(e.action)}" for e in events)


def _row(
    letter: Letter, *, reader: dict[str, Any], full: Callable[[Letter], bool] | None
) -> list[str]:
    department_id = reader.get("department_id")
    protected = is_protected_copy(letter, department_id)
    unmasked = full is not None and full(letter)
    if unmasked:
        writer = {
            "name": letter.name,
            "phone": letter.phone,
            "email": letter.email,
            "id_number": letter.id_number,
            "address": letter.address,
        }
        title, body, reply = letter.title, letter.body, letter.reply_text
    else:
        lead = is_lead_or_office(letter, department_id, office=bool(reader.get("office")))
        writer = writer_fields(letter, protected=protected, full_name=lead)
        title = masking.mask_writer_data(letter, letter.title)
        body = masking.mask_writer_data(letter, letter.body)
        reply = masking.mask_writer_data(letter, letter.reply_text) if letter.reply_text else ""
    events = list(letter.events.all())
    return [
        letter.tracking_number,
        letter.old_number,
        letter.get_source_display(),
        letter.get_kind_display(),
        title,
        body,
        writer["name"],
        writer["phone"],
        writer["email"],
        writer["id_number"],
        writer["address"],
        letter.get_status_display(),
        letter.department.name if letter.department else "",
        URGENCY_LABELS.get(str(getattr(letter, "urgency", "none")), ""),
        _when(letter.received_at),
        _when(letter.accepted_at),
        _when(letter.deadline_at),
        _when(letter.replied_at),
        _when(letter.closed_at),
        letter.reply_department.name if letter.reply_department else "",
        reply,
        letter.get_rating_display() if letter.rating else "",
        "是" if letter.published_at else "否",
        timeline_summary(events),
        str(len(events)),
    ]


def export_rows(ids: Sequence[int], scope: ExportScope) -> Iterator[list[str]]:
    """The header, then one row per letter of ``ids`` in that order, read in chunks
    (two queries per chunk: letters with their departments, their events)."""
    yield list(COLUMNS)
    reader = reader_context(scope.user)
    full = unmask_rule(scope.user) if scope.unmask else None
    now = timezone.now()
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        letters: QuerySet[Letter] = with_urgency(
            Letter.objects.filter(pk__in=chunk)
            .select_related("department", "reply_department")
            .prefetch_related(
                Prefetch("events", queryset=LetterEvent.objects.order_by("at", "id"))
            ),
            now,
        )
        by_id = {letter.pk: letter for letter in letters}
        for pk in chunk:
            letter = by_id.get(pk)
            if letter is not None:
                yield _row(letter, reader=reader, full=full)


# --- writers -------------------------------------------------------------------------------


def _csv_safe(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_START) else value


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_chunks(rows: Iterator[list[str]]) -> Iterator[str]:
    """CSV text as it is produced, with a BOM so spreadsheet programs read it as UTF-8."""
    writer = csv.writer(_Echo())
    yield "\ufeff"
    for row in rows:
        yield writer.writerow([_csv_safe(value) for value in row])


def write_xlsx(rows: Iterator[list[str]]) -> IO[bytes]:
    """The workbook in a temporary file (rewound), written row by row in openpyxl's
    write-only mode, so memory stays flat however many letters are exported."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    book = Workbook(write_only=True)
    sheet = book.create_sheet("来信")
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
            cell.data_type = "s"  # always text: a value starting with "=" is no formula
            cells.append(cell)
        sheet.append(cells)
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - handed to the response, which closes it
    book.save(handle)
    handle.seek(0)
    return handle
