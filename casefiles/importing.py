"""Historical cases from an office's previous system (``manage.py import_cases``).

Each row of a CSV or XLSX file becomes a closed letter with its real dates: received,
accepted and replied as the old system recorded them, its old number kept
(``Letter.old_number``, unique), ``source`` 历史导入, the reply and the replying
department, an optional rating, and a timeline dated like the case (来信, 开始计时, 答复,
办结, and 公开 for a public one). The reply clock is derived from the kind's reply
policy and the calendar like any letter's, so the past periods' figures
(``supervision.metrics``) count the imported cases as late or on time by their dates.

Rules of a run (one home: this module; the command only prints):

- Every row is checked before anything is written; every problem is listed with its
  row number, column and Chinese reason. A file with any bad row stores nothing.
- A real run is one transaction: all of a file's new cases or none.
- Idempotent by old number: a row whose old number is already in the desk is left as
  it is, so running the same file again changes nothing.
- Contact data is encrypted on the way in and its keyed hash written
  (``core.pii.EncryptedCharField``/``KeyedHashField`` on the bulk insert too).
- A row marked public goes public only if its title, text and reply pass the
  publication gate (``knowledge_base.gate.findings``: no personal data, no sensitive
  word). A hit keeps the case private and the report names the row, the field and the
  kind of data (never the data itself); nothing bypasses the gate.
- One audit record per run that stores anything (``casefiles.import``).

Fast by construction: lookups (departments, reply policies, known old numbers, official
numbers, sensitive words) are read once, tracking numbers are reserved per received day
in one statement per chunk of days, and letters and their timeline go in with
``bulk_create`` in chunks; no query runs per row.
"""

from __future__ import annotations

import csv
import hashlib
import io
import secrets
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import yaml
from django.db import IntegrityError, connection, connections, transaction
from django.utils import timezone

from core.audit import audit
from core.conf import desk_settings
from core.formats import normalize_phone
from core.sensitive import active_words
from knowledge_base import gate
from knowledge_base.search import index_published_letters
from letters.choices import LetterKind, LetterSource, LetterStatus, Rating
from letters.models import DeadlinePolicy, Letter, LetterEvent, TrackingCounter
from letters.services import deadlines
from letters.services.intake import QUERY_CODE_ALPHABET, QUERY_CODE_LENGTH
from letters.validators import PHONE_INVALID
from org.models import Department
from workdays.calendar_core import BEIJING, WorkCalendar
from workdays.services import get_calendar

FIELDS: tuple[str, ...] = (
    "old_number",
    "kind",
    "title",
    "body",
    "name",
    "phone",
    "received_at",
    "replied_at",
    "department",
    "reply",
    "public",
    "rating",
)
REQUIRED = frozenset(
    {"old_number", "kind", "title", "body", "received_at", "replied_at", "department", "reply"}
)
FIELD_LABELS = {
    "old_number": "原系统编号",
    "kind": "类别",
    "title": "标题",
    "body": "来信内容",
    "name": "姓名",
    "phone": "联系电话",
    "received_at": "来信时间",
    "replied_at": "答复时间",
    "department": "答复单位",
    "reply": "答复内容",
    "public": "是否公开",
    "rating": "满意度",
}
OLD_NUMBER_MAX = 64
TITLE_MAX = 100
NAME_MAX = 50
EARLIEST_YEAR = 1990
CHUNK = 2000  # rows per bulk insert
DAYS_PER_STATEMENT = 500  # received days per tracking-number reservation

_KINDS: dict[str, str] = {
    **{value: value for value in LetterKind.values},
    **{str(label): value for value, label in LetterKind.choices},
    "找错": LetterKind.SITE_ERROR,
    "征集": LetterKind.OPINION,
}
_RATINGS: dict[str, str] = {
    **{value: value for value in Rating.values},
    **{str(label): value for value, label in Rating.choices},
}
_TRUE = frozenset({"1", "是", "公开", "y", "yes", "true"})
_FALSE = frozenset({"0", "否", "不公开", "n", "no", "false", ""})
_DATE_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%Y.%m.%d",
    "%Y年%m月%d日 %H:%M",
    "%Y年%m月%d日",
)


class ImportRefused(Exception):
    """The file or the mapping cannot be read at all (Chinese message)."""


@dataclass(frozen=True)
class RowError:
    """One problem of one row: the file's row number (the header is row 1), the file's
    column name and the reason in Chinese."""

    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        return f"第{self.row}行「{self.column}」：{self.reason}"


@dataclass(frozen=True)
class KeptPrivate:
    """A row marked public whose texts the publication gate refused: imported, not
    published. ``findings`` names fields and kinds of data, never the data."""

    row: int
    old_number: str
    findings: tuple[str, ...]

    def __str__(self) -> str:
        return (
            f"第{self.row}行（原系统编号 {self.old_number}）：{'、'.join(self.findings)}，"
            "未公开（仅导入，不对外公开）。"
        )


@dataclass
class ImportReport:
    file: str
    dry_run: bool
    rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    imported: int = 0  # stored now (or, in a dry run, that would be)
    already: int = 0  # old number already in the desk: left unchanged
    published: int = 0
    kept_private: list[KeptPrivate] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        if self.errors:
            return (
                f"共{self.rows}行，{len(self.errors)}处错误"
                f"（涉及{len({e.row for e in self.errors})}行），未导入任何数据。"
            )
        private = (
            f"，{len(self.kept_private)}条标记公开但未通过公开检查，未公开"
            if (self.kept_private)
            else ""
        )
        if self.dry_run:
            return (
                f"检查通过（试运行，未导入）：共{self.rows}行，将导入{self.imported}条"
                f"（其中公开{self.published}条{private}），{self.already}条已导入过、将跳过。"
            )
        if not self.imported:
            return f"共{self.rows}行，均已导入过（按原系统编号），本次未作任何更改。"
        return (
            f"已导入{self.imported}条（其中公开{self.published}条{private}），"
            f"{self.already}条已导入过、未更改；共{self.rows}行。"
        )


# --- mapping and reading ------------------------------------------------------------------


def build_mapping(pairs: Iterable[str] = (), yaml_file: Path | None = None) -> dict[str, str]:
    """Field → column name: the defaults (the field names themselves), then a YAML file
    (``field: column``, optionally under ``columns:``), then ``--map field=column``."""
    mapping = {name: name for name in FIELDS}
    if yaml_file is not None:
        try:
            loaded = yaml.safe_load(yaml_file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            raise ImportRefused(f"映射文件“{yaml_file}”无法读取：{exc}") from None
        if isinstance(loaded, dict) and isinstance(loaded.get("columns"), dict):
            loaded = loaded["columns"]
        if not isinstance(loaded, dict):
            raise ImportRefused(f"映射文件“{yaml_file}”应写成“字段: 列名”的形式。")
        mapping |= _checked({str(k): str(v) for k, v in loaded.items()}, "映射文件")
    given: dict[str, str] = {}
    for pair in pairs:
        for part in pair.split(","):
            if not part.strip():
                continue
            if "=" not in part:
                raise ImportRefused(f"--map：“{part}”应写成 字段=列名。")
            key, column = (s.strip() for s in part.split("=", 1))
            given[key] = column
    return mapping | _checked(given, "--map")


def _checked(mapping: dict[str, str], where: str) -> dict[str, str]:
    for key, column in mapping.items():
        if key not in FIELDS:
            raise ImportRefused(f"{where}：未知字段“{key}”，可用：{', '.join(FIELDS)}。")
        if not column.strip():
            raise ImportRefused(f"{where}：字段“{key}”的列名为空。")
    return {key: column.strip() for key, column in mapping.items()}


Cell = str | datetime | date


def _cell(value: Any) -> Cell:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_table(path: Path) -> tuple[list[str], Iterator[list[Cell]]]:
    """The header and the data rows of a .csv (UTF-8, or GB18030 as older Chinese
    systems export) or .xlsx file (its first sheet)."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        from openpyxl import load_workbook

        try:
            book = load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a broken file
            raise ImportRefused(f"无法读取 Excel 文件：{exc}") from None
        sheet = book.worksheets[0] if book.worksheets else None
        if sheet is None:
            raise ImportRefused("Excel 文件中没有工作表。")
        rows = sheet.iter_rows(values_only=True)
        header = [str(_cell(c)) for c in next(rows, ())]
        return header, ([_cell(c) for c in values] for values in rows)
    if suffix != ".csv":
        raise ImportRefused("只支持 .csv 或 .xlsx 文件。")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("gb18030")
        except UnicodeDecodeError:
            raise ImportRefused("CSV 文件编码无法识别，请保存为 UTF-8 编码。") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [c.strip() for c in next(reader, [])]
    return header, ([c.strip() for c in row] for row in reader)


# --- checking rows ----------------------------------------------------------------------


@dataclass(frozen=True)
class CaseRow:
    """One checked row, ready to store."""

    row: int
    old_number: str
    kind: str
    title: str
    body: str
    name: str
    phone: str
    received_at: datetime
    replied_at: datetime
    department: Department
    reply: str
    public: bool
    rating: str


def _parse_datetime(value: Cell) -> datetime:
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime.combine(value, time())
    else:
        text = value.replace("：", ":").strip()
        for fmt in _DATE_FORMATS:
            try:
                moment = datetime.strptime(text, fmt)
                break
            except ValueError:
                continue
        else:
            raise ValueError(f"“{value}”不是可识别的日期，请写成 2024-03-01 或 2024-03-01 09:30")
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=BEIJING)
    return moment


class _Checker:
    """Checks rows against the lookups read once for the whole file."""

    def __init__(self, columns: Mapping[str, str], now: datetime) -> None:
        self.columns = columns
        self.now = now
        self.by_code: dict[str, Department] = {}
        names: dict[str, list[Department]] = {}
        for department in Department.objects.all():
            self.by_code[department.code] = department
            for name in {department.name, department.short_name} - {""}:
                names.setdefault(name, []).append(department)
        self.by_name = names
        self.seen: dict[str, int] = {}

    def check(
        self, number: int, cells: Mapping[str, Cell]
    ) -> tuple[CaseRow | None, list[RowError]]:
        errors: list[RowError] = []

        def fail(key: str, reason: str) -> None:
            errors.append(RowError(number, self.columns[key], reason))

        def text(key: str) -> str:
            value = cells.get(key, "")
            return value.isoformat() if isinstance(value, date) else value

        for key in sorted(REQUIRED, key=FIELDS.index):
            if not (cells.get(key) or ""):
                fail(key, f"{FIELD_LABELS[key]}不能为空")
        old_number = text("old_number")
        if old_number:
            if len(old_number) > OLD_NUMBER_MAX:
                fail("old_number", f"原系统编号不能超过{OLD_NUMBER_MAX}个字符")
            elif old_number in self.seen:
                fail("old_number", f"与第{self.seen[old_number]}行的原系统编号重复")
            else:
                self.seen[old_number] = number
        kind = _KINDS.get(text("kind")) or _KINDS.get(text("kind").lower(), "")
        if text("kind") and not kind:
            fail("kind", f"类别“{text('kind')}”无法识别，可填：{'、'.join(LetterKind.labels)}")
        title = text("title")
        if len(title) > TITLE_MAX:
            fail("title", f"标题不能超过{TITLE_MAX}个字，现有{len(title)}个字")
        name = text("name")
        if len(name) > NAME_MAX:
            fail("name", f"姓名不能超过{NAME_MAX}个字")
        phone = text("phone")
        if phone:
            normalized = normalize_phone(phone)
            if normalized is None:
                fail("phone", f"联系电话{PHONE_INVALID}")
            phone = normalized or ""
        received = self._moment("received_at", cells, fail)
        replied = self._moment("replied_at", cells, fail)
        if received and replied and replied < received:
            fail("replied_at", "答复时间早于来信时间")
        department = self._department(text("department"), fail)
        public_text = text("public").lower()
        if public_text not in _TRUE | _FALSE:
            fail("public", f"“{text('public')}”无法识别，请填 1（公开）或 0（不公开）")
        rating = ""
        if text("rating"):
            rating = _RATINGS.get(text("rating"), "")
            if not rating:
                fail("rating", f"满意度“{text('rating')}”无法识别，可填：满意、基本满意、不满意")
        if errors or received is None or replied is None or department is None:
            return None, errors
        return (
            CaseRow(
                row=number,
                old_number=old_number,
                kind=kind,
                title=title,
                body=text("body"),
                name=name,
                phone=phone,
                received_at=received,
                replied_at=replied,
                department=department,
                reply=text("reply"),
                public=public_text in _TRUE,
                rating=rating,
            ),
            [],
        )

    def _moment(self, key: str, cells: Mapping[str, Cell], fail: Any) -> datetime | None:
        value = cells.get(key) or ""
        if not value:
            return None
        try:
            moment = _parse_datetime(value)
        except ValueError as exc:
            fail(key, str(exc))
            return None
        if moment.year < EARLIEST_YEAR:
            fail(key, f"{FIELD_LABELS[key]}不能早于{EARLIEST_YEAR}年")
            return None
        if moment > self.now:
            fail(key, f"{FIELD_LABELS[key]}不能晚于现在")
            return None
        return moment

    def _department(self, value: str, fail: Any) -> Department | None:
        if not value:
            return None
        department = self.by_code.get(value)
        if department is not None:
            return department
        matches = self.by_name.get(value, [])
        if len(matches) == 1:
            return matches[0]
        if matches:
            fail("department", f"有{len(matches)}个单位名为“{value}”，请改填单位编码")
        else:
            fail("department", f"找不到单位“{value}”（按单位名称、简称或编码查找）")
        return None


def check_file(
    path: Path, mapping: Mapping[str, str], *, now: datetime
) -> tuple[list[CaseRow], ImportReport]:
    """Every row checked; the good ones and a report holding every error."""
    report = ImportReport(file=path.name, dry_run=True)
    header, rows = read_table(path)
    position = {name: index for index, name in enumerate(header) if name}
    explicit = set(mapping.items()) - {(name, name) for name in FIELDS}
    for key, column in mapping.items():
        if column not in position and (key in REQUIRED or (key, column) in explicit):
            report.errors.append(RowError(1, column, f"文件中没有这一列（{FIELD_LABELS[key]}）"))
    if report.errors:
        return [], report
    present = {key: position[column] for key, column in mapping.items() if column in position}
    checker = _Checker(mapping, now)
    good: list[CaseRow] = []
    for number, values in enumerate(rows, start=2):
        if not any(v != "" for v in values):
            continue  # blank lines at the end of a sheet
        report.rows += 1
        cells = {key: values[i] if i < len(values) else "" for key, i in present.items()}
        case, errors = checker.check(number, cells)
        if case is not None:
            good.append(case)
        report.errors.extend(errors)
    if report.rows == 0:
        report.errors.append(RowError(2, "", "文件中没有数据行"))
    return good, report


# --- storing ----------------------------------------------------------------------------


class _Publication:
    """The publication gate for many rows: official numbers and sensitive words read once."""

    def __init__(self) -> None:
        self.official = gate.official_numbers()
        self.words = active_words()

    def refusal(self, case: CaseRow) -> tuple[str, ...]:
        texts = {"public_title": case.title, "public_body": case.body, "public_text": case.reply}
        writer = gate.Writer(name=case.name, known_values=(case.phone,) if case.phone else ())
        hits = gate.findings(texts, writer=writer, official=self.official, words=self.words)
        described = (f"「{gate.field_label(h.field)}」中有{gate.kind_label(h.kind)}" for h in hits)
        return tuple(dict.fromkeys(described))


def _known_old_numbers(numbers: list[str]) -> set[str]:
    known: set[str] = set()
    for start in range(0, len(numbers), 5000):
        known |= set(
            Letter.objects.filter(old_number__in=numbers[start : start + 5000]).values_list(
                "old_number", flat=True
            )
        )
    return known


def _reserve_numbers(days: Counter[date]) -> dict[date, int]:
    """The first sequence number reserved on each day for ``days[day]`` letters, from the
    same per-day counter intake uses (one statement per chunk of days)."""
    table = TrackingCounter._meta.db_table
    first: dict[date, int] = {}
    items = sorted(days.items())
    for start in range(0, len(items), DAYS_PER_STATEMENT):
        chunk = items[start : start + DAYS_PER_STATEMENT]
        values = ", ".join(["(%s, %s)"] * len(chunk))
        sql = (
            f"INSERT INTO {table} (day, last_value) VALUES {values} "  # noqa: S608 - table from model meta
            f"ON CONFLICT (day) DO UPDATE SET last_value = {table}.last_value + excluded.last_value "
            "RETURNING day, last_value"
        )
        params: list[Any] = [p for day, n in chunk for p in (day, n)]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for day, last in cursor.fetchall():
                key = day if isinstance(day, date) else date.fromisoformat(str(day)[:10])
                first[key] = last - days[key] + 1
    return first


class _Builder:
    """Letters and timelines of checked rows, with the lookups read once."""

    def __init__(self, *, file: str, now: datetime, publish: _Publication) -> None:
        self.file = file
        self.now = now
        self.publish = publish
        self.policies: dict[str, DeadlinePolicy] = deadlines.reply_policies()
        self.calendar: WorkCalendar = get_calendar()
        self.clocks: dict[tuple[str, date], dict[str, Any]] = {}
        self.clock_events: dict[tuple[str, str], tuple[str, dict[str, Any]]] = {}
        self.prefix = desk_settings().tracking_prefix

    def clock(self, kind: str, start: date) -> dict[str, Any] | None:
        policy = self.policies.get(kind)
        if policy is None:
            return None
        key = (kind, start)
        derivation = self.clocks.get(key)
        if derivation is None:
            derivation = self.clocks[key] = deadlines.derive_clock(policy, start, self.calendar)
        return derivation

    def letter(self, case: CaseRow, number: str, code: str, refusal: tuple[str, ...]) -> Letter:
        published = case.public and not refusal
        letter = Letter(
            tracking_number=number,
            query_code=code,
            kind=case.kind,
            title=case.title,
            body=case.body,
            name=case.name,
            phone=case.phone,
            consent_public=case.public,
            status=LetterStatus.CLOSED,
            department_id=case.department.pk,
            reply_department_id=case.department.pk,
            reply_text=case.reply,
            received_at=case.received_at,
            accepted_at=case.received_at,
            replied_at=case.replied_at,
            closed_at=case.replied_at,
            rating=case.rating,
            source=LetterSource.IMPORTED,
            old_number=case.old_number,
        )
        if published:
            letter.public_title = case.title
            letter.public_body = case.body
            letter.public_text = case.reply
            letter.published_at = case.replied_at
            letter.public_replied_at = case.replied_at
        start = timezone.localdate(case.received_at)
        derivation = self.clock(case.kind, start)
        if derivation is not None:
            deadlines.apply_clock(letter, start, derivation)
        return letter

    def events(self, letter: Letter, case: CaseRow) -> list[dict[str, Any]]:
        """The letter's timeline as rows of ``LetterEvent`` fields, dated like the case."""
        S = LetterStatus
        pk = letter.pk
        imported = f"历史导入：原系统编号 {case.old_number}（文件 {self.file}，{self.now:%Y-%m-%d} 导入）。"
        events = [
            _event(
                pk,
                case.received_at,
                "submit",
                to_status=S.SUBMITTED,
                public_note="来信已收到。",
                note=imported,
                data={"source": LetterSource.IMPORTED, "old_number": case.old_number},
            )
        ]
        if letter.deadline_derivation:
            key = (letter.kind, letter.deadline_derivation["start"])
            start = self.clock_events.get(key)
            if start is None:  # the same text for every letter with this clock
                event = deadlines.clock_start_event(letter, letter.deadline_derivation)
                start = self.clock_events[key] = (event.public_note, event.data)
            events.append(
                _event(pk, case.received_at, "clock_start", public_note=start[0], data=start[1])
            )
        events.append(
            _event(
                pk,
                case.replied_at,
                "imported_reply",
                from_status=S.SUBMITTED,
                to_status=S.REPLIED,
                public_note=f"{case.department.name}已答复。",
                data={"department_id": case.department.pk},
            )
        )
        last = S.REPLIED
        if letter.published_at is not None:
            events.append(
                _event(
                    pk,
                    case.replied_at,
                    "publish",
                    from_status=S.REPLIED,
                    to_status=S.PUBLISHED,
                    public_note="答复已公开。",
                )
            )
            last = S.PUBLISHED
        events.append(
            _event(
                pk,
                case.replied_at,
                "close",
                from_status=last,
                to_status=S.CLOSED,
                public_note="已办结。",
            )
        )
        return events


def _event(
    letter_id: int,
    at: datetime,
    action: str,
    *,
    from_status: str = "",
    to_status: str = "",
    note: str = "",
    public_note: str = "",
    data: dict[str, Any] | None = None,
) -> dict[str, Any]:
    return {
        "letter_id": letter_id,
        "at": at,
        "actor_id": None,
        "action": action,
        "from_status": from_status,
        "to_status": to_status,
        "note": note,
        "public_note": public_note,
        "public": True,
        "data": data or {},
    }


def _query_codes(count: int) -> list[str]:
    """``count`` query codes like intake's (8 symbols of a 32-symbol alphabet, 40 bits),
    from one read of the system's random source."""
    alphabet = QUERY_CODE_ALPHABET
    assert len(alphabet) == 32
    raw = secrets.token_bytes(count * QUERY_CODE_LENGTH)
    return [
        "".join(alphabet[b & 31] for b in raw[i : i + QUERY_CODE_LENGTH])
        for i in range(0, len(raw), QUERY_CODE_LENGTH)
    ]


def import_cases(
    path: Path,
    mapping: Mapping[str, str],
    *,
    dry_run: bool,
    actor: Any = None,
    now: datetime | None = None,
) -> ImportReport:
    """Check ``path`` and, unless ``dry_run`` or any row is bad, store its new cases.

    Returns the report; nothing is stored when it holds errors. ``actor`` (a staff user
    or a label) is named in the audit record.
    """
    now = now or timezone.now()
    cases, report = check_file(path, mapping, now=now)
    report.dry_run = dry_run
    if report.errors:
        return report
    publication = _Publication()
    with transaction.atomic():
        known = _known_old_numbers([case.old_number for case in cases])
        new = [case for case in cases if case.old_number not in known]
        report.already = len(cases) - len(new)
        refusals = {case.row: publication.refusal(case) for case in new if case.public}
        report.kept_private = [
            KeptPrivate(row, case.old_number, refusals[row])
            for case in new
            if (row := case.row) in refusals and refusals[row]
        ]
        report.published = sum(1 for found in refusals.values() if not found)
        report.imported = len(new)
        if dry_run or not new:
            return report
        try:
            first_id, last_id = _store(new, refusals, path=path, now=now, publication=publication)
        except IntegrityError:
            raise ImportRefused(
                "保存时与已有来信冲突（原系统编号或信件编号重复，可能有另一次导入同时进行），"
                "未导入任何数据，请重新运行。"
            ) from None
        audit(
            "casefiles.import",
            actor=actor if actor is not None else "manage.py import_cases",
            data={
                "file": path.name,
                "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
                "rows": report.rows,
                "imported": report.imported,
                "already": report.already,
                "published": report.published,
                "kept_private": len(report.kept_private),
                "letter_ids": [first_id, last_id],
            },
        )
    return report


def _insert(model: type[Letter], objects: list[Any]) -> None:
    """Insert ``objects`` and set their ids: ``bulk_create``, or on PostgreSQL ``COPY``
    with ids drawn from the table's sequence first (Django's multi-row insert there binds
    every column as an array, which psycopg escapes value by value in Python: several
    times slower for long texts). Values are prepared by the fields themselves
    (``pre_save`` and ``get_db_prep_save``), so contact data is encrypted and its keyed
    hash computed exactly as on ``save()``."""
    if not objects:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objects, batch_size=500)
        return
    meta = model._meta
    db = connections[connection.alias]  # the wrapper itself, not the per-context proxy
    quote = db.ops.quote_name
    fields = list(meta.concrete_fields)
    with db.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [meta.db_table, len(objects)],
        )
        for obj, (pk,) in zip(objects, cursor.fetchall(), strict=True):
            obj.pk = pk
        columns = ", ".join(quote(field.column) for field in fields)
        sql = f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN"
        with cursor.copy(sql) as copy:
            for obj in objects:
                copy.write_row(
                    [field.get_db_prep_save(field.pre_save(obj, True), db) for field in fields]
                )
    for obj in objects:
        obj._state.adding = False
        obj._state.db = db.alias


def _insert_events(rows: list[dict[str, Any]]) -> None:
    """Insert timeline rows: ``bulk_create``, or ``COPY`` on PostgreSQL (ids from the
    column's default)."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        LetterEvent.objects.bulk_create([LetterEvent(**row) for row in rows], batch_size=2000)
        return
    from psycopg.types.json import Jsonb

    db = connections[connection.alias]
    quote = db.ops.quote_name
    column_of = {field.attname: field.column for field in LetterEvent._meta.concrete_fields}
    columns = ", ".join(quote(column_of[name]) for name in rows[0])
    with db.cursor() as cursor:
        sql = f"COPY {quote(LetterEvent._meta.db_table)} ({columns}) FROM STDIN"
        with cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row([Jsonb(v) if k == "data" else v for k, v in row.items()])


def _store(
    cases: list[CaseRow],
    refusals: Mapping[int, tuple[str, ...]],
    *,
    path: Path,
    now: datetime,
    publication: _Publication,
) -> tuple[int, int]:
    """Insert the cases in chunks (caller's transaction); the first and last new ids."""
    builder = _Builder(file=path.name, now=now, publish=publication)
    days = Counter(timezone.localdate(case.received_at) for case in cases)
    first = _reserve_numbers(days)
    used: Counter[date] = Counter()
    ids: list[int] = []
    for start in range(0, len(cases), CHUNK):
        chunk = cases[start : start + CHUNK]
        letters: list[Letter] = []
        for case, code in zip(chunk, _query_codes(len(chunk)), strict=True):
            day = timezone.localdate(case.received_at)
            sequence = first[day] + used[day]
            used[day] += 1
            number = f"{builder.prefix}{day:%Y%m%d}-{sequence:06d}"
            letters.append(builder.letter(case, number, code, refusals.get(case.row, ())))
        _insert(Letter, letters)
        events = [
            e
            for letter, case in zip(letters, chunk, strict=True)
            for e in builder.events(letter, case)
        ]
        _insert_events(events)
        index_published_letters(letter for letter in letters if letter.published_at is not None)
        ids.extend((letters[0].pk, letters[-1].pk))
    return min(ids), max(ids)
