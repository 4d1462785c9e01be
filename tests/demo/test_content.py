"""The demo city (``demo/data`` read by ``demo.content``): referential integrity and the
training generator.

Pure data checks, no database: they keep the showcase letters loadable by
``demo.services`` and consistent with the application's choices.
"""

from __future__ import annotations

import re
import string
from collections import Counter
from datetime import date
from typing import Any
from urllib.parse import urlparse

import pytest

from core.formats import normalize_id_number, normalize_phone
from demo import content
from demo.content import id_check_digit
from demo.training import training_letters, vocabulary
from letters.choices import LetterKind, LetterStatus, WebsiteErrorType

CITY = content.city()
DEPARTMENT_CODES = {d["code"] for d in CITY.departments}
DEPARTMENTS_BY_CODE = {d["code"]: d for d in CITY.departments}
CATEGORY_NAMES = [c["name"] for c in CITY.categories]
ERROR_TYPE_CODES = {t.value for t in WebsiteErrorType}
LEADERS_BY_NAME = {leader["name"]: leader for leader in CITY.leaders}
ANSWERED = {"office_review", "replied", "published", "closed"}
MOBILE = re.compile(r"^1[3-9]\d{9}$")
LETTER_KEYS = {
    "source",
    "kind",
    "title",
    "body",
    "name",
    "gender",
    "phone",
    "email",
    "id_number",
    "address",
    "consent_public",
    "leader",
    "url",
    "error_type",
    "solicitation",
    "category",
    "department",
    "days_ago",
    "stage",
    "reply",
    "rating",
    "rating_comment",
    "reject_reason",
}


def _letters(kind: str) -> list[dict[str, Any]]:
    return [row for row in CITY.letters if row["kind"] == kind]


def _website_for(url: str) -> dict[str, Any] | None:
    """The website whose domain is the URL's host or its longest parent (as routing does)."""
    host = (urlparse(url).hostname or "").lower()
    best: tuple[int, dict[str, Any]] | None = None
    for website in CITY.websites:
        for domain in website["domains"]:
            if (host == domain or host.endswith("." + domain)) and (
                best is None or len(domain) > best[0]
            ):
                best = (len(domain), website)
    return best[1] if best else None


# --------------------------------------------------------------------------------------
# Organisation
# --------------------------------------------------------------------------------------


def test_enumerations_match_the_application() -> None:
    assert list(content.KINDS) == [k.value for k in LetterKind]
    assert set(content.STAGES) <= {s.value for s in LetterStatus}


def test_departments_form_a_tree_under_the_city() -> None:
    assert len(DEPARTMENT_CODES) == len(CITY.departments)
    roots = [d for d in CITY.departments if d["parent"] is None]
    assert [d["code"] for d in roots] == [CITY.departments[0]["code"]]
    assert roots[0]["name"] == CITY.city["site_name"]
    for dept in CITY.departments:
        assert dept["level"] in {"city", "district", "department"}
        assert dept["parent"] is None or dept["parent"] in DEPARTMENT_CODES
        assert set(dept["kinds"]) <= set(content.KINDS), dept["code"]
        assert dept["name"]
        assert dept["short_name"]
        assert dept["head"]
        assert normalize_phone(dept["phone"]) == dept["phone"], dept["phone"]
    # Parents come first, so the loader can create them in list order.
    seen: set[str] = set()
    for dept in CITY.departments:
        assert dept["parent"] is None or dept["parent"] in seen
        seen.add(dept["code"])


def test_categories_name_existing_departments() -> None:
    assert len(set(CATEGORY_NAMES)) == len(CATEGORY_NAMES)
    for category in CITY.categories:
        assert category["department"] in DEPARTMENT_CODES, category


def test_leaders_offices_handle_leader_mail() -> None:
    assert CITY.leaders
    assert len(LEADERS_BY_NAME) == len(CITY.leaders)
    for leader in CITY.leaders:
        assert leader["office"] in DEPARTMENT_CODES
        assert "leader_mail" in DEPARTMENTS_BY_CODE[leader["office"]]["kinds"]
        assert leader["name"]
        assert leader["title"]
        assert leader["intro"]


def test_websites_are_owned_by_departments_that_handle_site_errors() -> None:
    codes = [w["site_code"] for w in CITY.websites]
    assert len(set(codes)) == len(codes)
    domains = [domain for w in CITY.websites for domain in w["domains"]]
    assert len(set(domains)) == len(domains)
    assert CITY.city["site_domain"] in domains
    for website in CITY.websites:
        assert website["owner"] in DEPARTMENT_CODES
        assert "site_error" in DEPARTMENTS_BY_CODE[website["owner"]]["kinds"]
        assert all(d == d.lower() and "/" not in d for d in website["domains"])


def test_solicitations_and_the_open_one() -> None:
    assert [row["open"] for row in CITY.solicitations].count(True) == 1
    keys = [row["key"] for row in CITY.solicitations]
    assert len(set(keys)) == len(keys)
    for solicitation in CITY.solicitations:
        assert solicitation["owner"] in DEPARTMENT_CODES
        assert "opinion" in DEPARTMENTS_BY_CODE[solicitation["owner"]]["kinds"]
        opens = date.fromisoformat(solicitation["opens"])
        assert opens <= date.fromisoformat(solicitation["closes"])
        assert solicitation["title"]
        assert solicitation["text"]


def test_reply_templates_use_known_placeholders() -> None:
    allowed = {"name", "received_date", "title", "tracking_number", "department"}
    for template in CITY.reply_templates:
        assert template["kind"] is None or template["kind"] in content.KINDS
        assert template["department"] is None or template["department"] in DEPARTMENT_CODES
        fields = {f for _, f, _, _ in string.Formatter().parse(template["text"]) if f}
        assert fields <= allowed, template["name"]


# --------------------------------------------------------------------------------------
# Showcase letters
# --------------------------------------------------------------------------------------


def test_every_letter_has_the_full_schema() -> None:
    for row in CITY.letters:
        assert set(row) == LETTER_KEYS, row["title"]
        assert row["kind"] in content.KINDS
        assert row["stage"] in content.STAGES
        assert row["source"] in content.SOURCES
        assert row["gender"] in {"male", "female"}
        assert isinstance(row["consent_public"], bool)
        assert type(row["days_ago"]) is int
        assert 0 <= row["days_ago"] <= 60
        assert 4 <= len(row["title"]) <= 100
        assert 10 <= len(row["body"]) <= 5000
        assert row["name"]
        assert len(row["address"]) <= 200
        assert row["category"] is None or row["category"] in CATEGORY_NAMES
        assert row["department"] in DEPARTMENT_CODES


def test_titles_are_unique() -> None:
    titles = [row["title"] for row in CITY.letters]
    assert len(set(titles)) == len(titles)


def test_every_kind_has_five_letters_and_every_stage_appears() -> None:
    kinds = Counter(row["kind"] for row in CITY.letters)
    assert all(kinds[kind] >= 5 for kind in content.KINDS), kinds
    assert {row["stage"] for row in CITY.letters} == set(content.STAGES)


def test_letters_go_to_departments_that_handle_their_kind() -> None:
    for row in CITY.letters:
        assert row["kind"] in DEPARTMENTS_BY_CODE[row["department"]]["kinds"], row["title"]


def test_leader_mail_names_a_leader_and_goes_to_the_office() -> None:
    for row in CITY.letters:
        if row["kind"] == "leader_mail":
            assert row["leader"] in LEADERS_BY_NAME
            assert row["department"] == LEADERS_BY_NAME[row["leader"]]["office"]
        else:
            assert row["leader"] is None, row["title"]


def test_site_errors_name_a_registered_page_and_an_error_type() -> None:
    for row in CITY.letters:
        if row["kind"] == "site_error":
            assert urlparse(row["url"]).scheme == "https", row["url"]
            website = _website_for(row["url"])
            assert website is not None, row["url"]
            assert row["department"] == website["owner"], row["title"]
            assert row["error_type"] in ERROR_TYPE_CODES
        else:
            assert row["url"] == "", row["title"]
            assert row["error_type"] == "", row["title"]


def test_site_errors_cover_every_error_type() -> None:
    used = {row["error_type"] for row in _letters("site_error")}
    assert used == ERROR_TYPE_CODES


def test_opinions_comment_on_the_open_solicitation() -> None:
    owner = CITY.open_solicitation["owner"]
    for row in CITY.letters:
        if row["kind"] == "opinion":
            assert row["solicitation"] == CITY.open_solicitation["key"]
            assert row["department"] == owner
            # The loader opens the solicitation 20 days before loading.
            assert row["days_ago"] <= 20
        else:
            assert row["solicitation"] is None, row["title"]


def test_stage_specific_texts_and_ratings() -> None:
    for row in CITY.letters:
        answered = row["stage"] in ANSWERED
        assert bool(row["reply"].strip()) == answered, row["title"]
        assert bool(row["reject_reason"].strip()) == (row["stage"] == "rejected"), row["title"]
        assert row["rating"] is None or row["rating"] in content.RATINGS
        if not answered:
            assert row["rating"] is None, row["title"]
        # 不满意 needs its reason (the rating service refuses it without one).
        assert bool(row["rating_comment"]) == (row["rating"] == "unsatisfied"), row["title"]
        # Published only with consent, except a 找错 (public unless found untrue).
        if row["stage"] == "published" and row["kind"] != "site_error":
            assert row["consent_public"], row["title"]


def test_phones_are_valid_distinct_mobiles() -> None:
    phones = [row["phone"] for row in CITY.letters]
    assert all(MOBILE.match(p) for p in phones), [p for p in phones if not MOBILE.match(p)]
    assert all(normalize_phone(p) == p for p in phones)
    assert len(set(phones)) == len(phones)


def test_emails_are_placeholders() -> None:
    for row in CITY.letters:
        assert row["email"] == "" or re.fullmatch(r"[a-z0-9.]+@example\.com", row["email"])


def test_id_check_digit_follows_iso_7064() -> None:
    # The worked example of GB 11643-1999.
    assert id_check_digit("11010519491231002") == "X"
    with pytest.raises(ValueError):
        id_check_digit("1234")


def test_id_numbers_are_valid_fictional_and_match_gender() -> None:
    numbers = [row for row in CITY.letters if row["id_number"]]
    assert numbers
    for row in numbers:
        number = row["id_number"]
        assert normalize_id_number(number) == number, number
        assert number[17] == id_check_digit(number[:17])
        assert number.startswith("9901"), number  # unassigned region code
        assert (int(number[16]) % 2 == 1) == (row["gender"] == "male"), row["name"]


# --------------------------------------------------------------------------------------
# Training letters
# --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def training() -> list[dict[str, Any]]:
    return training_letters()


def test_training_problems_cover_every_category() -> None:
    assert list(vocabulary().problems) == CATEGORY_NAMES
    for name, problems in vocabulary().problems.items():
        subjects = {subject for subject, _ in problems}
        details = {detail for _, detail in problems}
        assert len(subjects) == len(problems) >= 20, name
        assert len(details) == len(problems), name


def test_training_letters_per_category(training: list[dict[str, Any]]) -> None:
    assert len(training) == 120 * len(CITY.categories)
    assert Counter(x["category"] for x in training) == dict.fromkeys(CATEGORY_NAMES, 120)
    departments = {c["name"]: c["department"] for c in CITY.categories}
    for letter in training:
        assert set(letter) == {"title", "body", "category", "department", "kind", "days_ago"}
        assert letter["department"] == departments[letter["category"]]
        assert letter["kind"] in {"consultation", "complaint", "suggestion", "help"}
        assert letter["title"] == "" or 4 <= len(letter["title"]) <= 100
        assert len(letter["body"]) >= 8
        assert "{" not in letter["title"] + letter["body"], letter["body"]
        assert 1 <= letter["days_ago"] <= 730


def test_training_letters_have_no_duplicates(training: list[dict[str, str]]) -> None:
    pairs = [(x["title"], x["body"]) for x in training]
    assert len(set(pairs)) == len(pairs)
    assert len({x["body"] for x in training}) == len(training)


def test_training_letters_use_many_problems_and_all_kinds(
    training: list[dict[str, str]],
) -> None:
    assert {x["kind"] for x in training} == {"consultation", "complaint", "suggestion", "help"}
    for name, problems in vocabulary().problems.items():
        bodies = [x["body"] for x in training if x["category"] == name]
        for subject, detail in problems:
            # Every problem of the category shows up (120 letters, about 23 problems).
            pattern = re.compile(re.sub(r"\\\{\w+\\\}", ".+?", re.escape(detail)))
            assert any(pattern.search(body) for body in bodies), (name, subject)


def test_training_letters_are_deterministic(training: list[dict[str, str]]) -> None:
    assert training_letters() == training
    assert training_letters(seed=7) == training
    assert training_letters(seed=8) != training


def test_training_letters_count_is_configurable() -> None:
    small = training_letters(per_category=3, seed=1)
    assert Counter(x["category"] for x in small) == dict.fromkeys(CATEGORY_NAMES, 3)
    assert training_letters(per_category=0) == []
    large = training_letters(per_category=120, seed=3)
    assert len({x["body"] for x in large}) == 120 * len(CITY.categories)
    with pytest.raises(ValueError):
        training_letters(per_category=-1)


def test_training_letters_read_like_a_real_history(training: list[dict[str, Any]]) -> None:
    """#18.3: not a template filled 600 times. Exact counts of the 1,800 letters (seed 7)."""
    words = vocabulary()
    bodies = [x["body"] for x in training]
    assert sum(1 for x in training if not x["title"]) == 892  # body only
    named = sum(1 for x in training if any(a in x["body"] for a in words.agencies[x["category"]]))
    assert named == 455  # most letters do not name the answering department
    assert sum(1 for b in bodies if len(b) < 40) == 280  # a line or two
    assert sum(1 for b in bodies if len(b) >= 150) == 136  # rambling
    assert sum(1 for b in bodies if "。" not in b) == 258  # one breath, or a single line
    assert sum(1 for b in bodies if "****" in b) == 167  # a masked phone number
    assert sum(1 for b in bodies if any(c in b for c in words.connectors)) == 108  # 2 matters
    assert sum(1 for b in bodies if any(v in b for v in words.vague)) == 27  # says little
    assert (min(map(len, bodies)), max(map(len, bodies))) == (9, 220)
    # The most recent letters (held back by train_router) cover every category.
    recent = sorted(training, key=lambda x: x["days_ago"])[: len(training) // 5]
    assert {x["category"] for x in recent} == set(CATEGORY_NAMES)
