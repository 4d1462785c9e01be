"""The demo city (临江市, fictional), read from the YAML files in ``demo/data``.

Everything in those files is invented for demonstration and testing (see each file's
header). This module only reads and checks them and has no Django imports: ``city()``
reads every file once, fills the letters' optional fields and refuses a file that names
something that does not exist, with a message naming the file and the entry.
``demo.services`` maps the content onto models through the real services.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).resolve().parent / "data"

# The application's letter kinds and the stages the loader can take a letter to.
KINDS = (
    "leader_mail",
    "consultation",
    "complaint",
    "suggestion",
    "help",
    "report",
    "site_error",
    "opinion",
)
STAGES = (
    "submitted",
    "accepted",
    "rejected",
    "dispatched",
    "in_progress",
    "paused",
    "under_review",
    "office_review",
    "replied",
    "published",
    "closed",
)
ANSWERED_STAGES = frozenset({"office_review", "replied", "published", "closed"})
PUBLICATION_RULES = ("consent", "unless_withheld")
RATINGS = ("satisfied", "basically_satisfied", "unsatisfied")
GENDERS = ("male", "female")

LETTER_REQUIRED = (
    "kind",
    "title",
    "body",
    "name",
    "gender",
    "phone",
    "department",
    "days_ago",
    "stage",
)
# Optional letter fields and the value a letter without them gets.
LETTER_DEFAULTS: dict[str, Any] = {
    "email": "",
    "id_number": "",
    "address": "",
    "consent_public": False,
    "leader": None,
    "url": "",
    "error_type": "",
    "solicitation": None,
    "category": None,
    "reply": "",
    "rating": None,
    "rating_comment": "",
    "reject_reason": "",
    "source": "web",
}
# The channels a demo letter may come by (letters.choices.LetterSource).
SOURCES = ("web", "api", "hotline", "wechat", "mail", "visit")
LETTER_FIELDS = frozenset(LETTER_REQUIRED) | frozenset(LETTER_DEFAULTS)

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK_CHARS = "10X98765432"


class DemoDataError(ValueError):
    """A demo data file is missing, malformed or names something that does not exist."""


def id_check_digit(first17: str) -> str:
    """Return the ISO 7064 MOD 11-2 check character of an 18-digit resident ID number."""
    if len(first17) != 17 or not first17.isdigit():
        raise ValueError("first17 must be 17 digits")
    total = sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK_CHARS[total % 11]


def read(name: str, data_dir: Path = DATA_DIR) -> Any:
    """One data file, parsed (safe YAML: plain data only)."""
    path = data_dir / name
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DemoDataError(f"演示数据文件 {name} 无法读取：{exc.strerror}") from None
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        raise DemoDataError(f"演示数据文件 {name} 格式有误：{exc}") from None


@dataclass(frozen=True)
class City:
    """The whole demo city as plain data (lists of dicts in file order)."""

    city: dict[str, str]
    site_office: str
    staff: list[dict[str, str]]
    departments: list[dict[str, Any]]
    categories: list[dict[str, str]]
    leaders: list[dict[str, Any]]
    websites: list[dict[str, Any]]
    solicitations: list[dict[str, Any]]
    reply_templates: list[dict[str, Any]]
    letters: list[dict[str, Any]]
    rules: dict[str, Any]
    policies: list[dict[str, Any]]
    knowledge: dict[str, Any]
    publication: list[dict[str, Any]]
    scoring: dict[str, Any]

    @property
    def department_codes(self) -> set[str]:
        return {row["code"] for row in self.departments}

    @property
    def open_solicitation(self) -> dict[str, Any]:
        return next(row for row in self.solicitations if row["open"])

    def article(self, number: str) -> str:
        """The text of one article of the city's rule document."""
        for article in self.rules["articles"]:
            if article["number"] == number:
                return str(article["text"])
        raise KeyError(number)

    def policy_source(self, policy: Mapping[str, Any]) -> str:
        """A deadline policy's source: «《title》article：text»."""
        article = policy["article"]
        return f"《{self.rules['title']}》{article}：{self.article(article)}"


def _section(data: Any, key: str, name: str) -> Any:
    if not isinstance(data, dict) or key not in data:
        raise DemoDataError(f"演示数据文件 {name} 缺少「{key}」。")
    return data[key]


def _letter(row: Mapping[str, Any], number: int) -> dict[str, Any]:
    missing = [key for key in LETTER_REQUIRED if key not in row]
    unknown = sorted(set(row) - LETTER_FIELDS)
    if missing or unknown:
        raise DemoDataError(
            f"演示数据文件 letters.yaml 第{number}封来信：缺少 {missing}，未知字段 {unknown}。"
        )
    return {
        key: row.get(key, LETTER_DEFAULTS.get(key)) for key in (*LETTER_REQUIRED, *LETTER_DEFAULTS)
    }


def _refuse(name: str, where: str, field: str, value: Any) -> DemoDataError:
    return DemoDataError(f"演示数据文件 {name}：{where}的「{field}」{value!r} 不存在。")


def _check_in(name: str, where: str, field: str, value: Any, allowed: Iterable[Any]) -> None:
    if value not in set(allowed):
        raise _refuse(name, where, field, value)


def check(city: City) -> None:
    """Refuse data that names a unit, leader, solicitation, kind or article that does not
    exist, or that the loader cannot create in order (parents before children)."""
    codes: set[str] = set()
    for row in city.departments:
        if row["code"] in codes:
            raise DemoDataError(f"演示数据文件 departments.yaml：单位代码 {row['code']} 重复。")
        if row["parent"] is not None:
            _check_in("departments.yaml", row["code"], "parent", row["parent"], codes)
        for kind in row["kinds"]:
            _check_in("departments.yaml", row["code"], "kinds", kind, KINDS)
        codes.add(row["code"])
    _check_in("city.yaml", "site_office", "site_office", city.site_office, codes)
    for row in city.categories:
        _check_in("departments.yaml", row["name"], "department", row["department"], codes)
    for row in city.leaders:
        _check_in("departments.yaml", row["name"], "office", row["office"], codes)
    for row in city.websites:
        _check_in("departments.yaml", row["name"], "owner", row["owner"], codes)
    for row in city.solicitations:
        _check_in("solicitations.yaml", row["key"], "owner", row["owner"], codes)
    if sum(bool(row["open"]) for row in city.solicitations) != 1:
        raise DemoDataError("演示数据文件 solicitations.yaml：须有且只有一项 open: true。")
    for row in city.reply_templates:
        if row["department"] is not None:
            _check_in("templates.yaml", row["name"], "department", row["department"], codes)
        if row["kind"] is not None:
            _check_in("templates.yaml", row["name"], "kind", row["kind"], KINDS)
    leaders = {row["name"] for row in city.leaders}
    solicitations = {row["key"] for row in city.solicitations}
    categories = {row["name"] for row in city.categories}
    for row in city.letters:
        where = row["title"]
        _check_in("letters.yaml", where, "kind", row["kind"], KINDS)
        _check_in("letters.yaml", where, "stage", row["stage"], STAGES)
        _check_in("letters.yaml", where, "source", row["source"], SOURCES)
        _check_in("letters.yaml", where, "gender", row["gender"], GENDERS)
        _check_in("letters.yaml", where, "department", row["department"], codes)
        for field, allowed in [
            ("leader", leaders),
            ("solicitation", solicitations),
            ("category", categories),
            ("rating", RATINGS),
        ]:
            if row[field] is not None:
                _check_in("letters.yaml", where, field, row[field], allowed)
    articles = {article["number"] for article in city.rules["articles"]}
    for row in city.policies:
        where = f"{row['kind']}·{row['step']}"
        _check_in("rules.yaml", where, "kind", row["kind"], KINDS)
        _check_in("rules.yaml", where, "article", row["article"], articles)
    for row in city.publication:
        _check_in("rules.yaml", row["kind"], "kind", row["kind"], KINDS)
        _check_in("rules.yaml", row["kind"], "rule", row["rule"], PUBLICATION_RULES)
        _check_in("rules.yaml", row["kind"], "article", row["article"], articles)
    for kind in city.scoring["kinds"]:
        _check_in("rules.yaml", "scoring", "kinds", kind, KINDS)
    _check_in("rules.yaml", "scoring", "article", city.scoring["article"], articles)
    answered = {
        row["title"]
        for row in city.letters
        if row["kind"] == "consultation" and row["stage"] in ANSWERED_STAGES
    }
    for entry in city.knowledge["entries"]:
        _check_in("knowledge.yaml", entry["letter"], "letter", entry["letter"], answered)


def load_city(data_dir: Path = DATA_DIR) -> City:
    """Read and check every data file of the demo city."""
    city_file = read("city.yaml", data_dir)
    organisation = read("departments.yaml", data_dir)
    rules = read("rules.yaml", data_dir)
    letters = _section(read("letters.yaml", data_dir), "letters", "letters.yaml")
    knowledge = read("knowledge.yaml", data_dir)
    _section(knowledge, "entries", "knowledge.yaml")
    loaded = City(
        city=_section(city_file, "city", "city.yaml"),
        site_office=_section(city_file, "site_office", "city.yaml"),
        staff=_section(city_file, "staff", "city.yaml"),
        departments=_section(organisation, "departments", "departments.yaml"),
        categories=_section(organisation, "categories", "departments.yaml"),
        leaders=_section(organisation, "leaders", "departments.yaml"),
        websites=_section(organisation, "websites", "departments.yaml"),
        solicitations=_section(
            read("solicitations.yaml", data_dir), "solicitations", "solicitations.yaml"
        ),
        reply_templates=_section(
            read("templates.yaml", data_dir), "reply_templates", "templates.yaml"
        ),
        letters=[_letter(row, number) for number, row in enumerate(letters, start=1)],
        rules=_section(rules, "document", "rules.yaml"),
        policies=_section(rules, "policies", "rules.yaml"),
        knowledge=knowledge,
        publication=_section(rules, "publication", "rules.yaml"),
        scoring=_section(rules, "scoring", "rules.yaml"),
    )
    check(loaded)
    return loaded


@functools.cache
def city() -> City:
    """The demo city from ``demo/data`` (read once per process)."""
    return load_city()
