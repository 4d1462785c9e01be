"""Nothing personal reaches a public output, whatever path a text takes (issue #14).

Forty-eight generated letters, each full of personal data in many written forms (the
writer's own and third parties'), are driven through the real services and APIs: the
publisher first types a text with personal data (refused, nothing changes), then
publishes the masked proposal; a third are rated 不满意, reopened (重办), answered again
with personal data in the new reply and published again; consultations become
knowledge-base entries through the curator flow, letters without publication consent
included. Then every public output is scraped and searched for every generated item.
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import pytest
from rest_framework.test import APIClient

from core.formats import id_check_digit
from core.redaction import luhn_valid
from knowledge_base import services as kb
from knowledge_base.models import EntryStatus
from letters.models import Letter
from letters.services import workflow
from tests.world import Desk

pytestmark = pytest.mark.django_db

LETTERS = 48
SURNAMES = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "欧阳", "司马", "诸葛"]
GIVEN = "明华建国丽娟强伟芳敏静磊洋艳勇军杰娜涛超秀英桂兰志刚"
ROADS = ["人民路", "解放大道", "建设北街", "幸福巷", "迎宾大道", "五一路"]
COMMUNITIES = ["阳光花园", "锦绣家园", "金桂小区", "滨江公寓"]
PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁苏浙赣鄂桂甘晋陕吉闽贵粤川"
PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
FULLWIDTH = str.maketrans("0123456789Xx", "０１２３４５６７８９Ｘｘ")


@dataclass
class Secrets:
    """What must never appear in a public output."""

    strings: list[str] = field(default_factory=list)  # compared as written (normalised)
    digits: list[str] = field(default_factory=list)  # compared on digit runs


def a_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def a_mobile(rng: random.Random) -> str:
    return f"1{rng.choice('3456789')}{rng.randint(0, 9)}{rng.randint(10_000_000, 99_999_999)}"


def written_mobile(rng: random.Random, number: str) -> str:
    forms = [
        number,
        f"{number[:3]} {number[3:7]} {number[7:]}",
        f"{number[:3]}-{number[3:7]}-{number[7:]}",
        f"{number[:3]}.{number[3:7]}.{number[7:]}",
        f"{number[:4]} {number[4:7]} {number[7:]}",
        f"+86 {number}",
        f"+86-{number[:3]}-{number[3:7]}-{number[7:]}",
        number.translate(FULLWIDTH),
        f"tel{number}",
        f"vx{number}",
    ]
    return rng.choice(forms)


def an_id_number(rng: random.Random) -> str:
    first17 = (
        f"{rng.choice(['110105', '430102', '440305', '510104'])}"
        f"{rng.randint(1950, 2005)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
        f"{rng.randint(100, 999)}"
    )
    return first17 + id_check_digit(first17)


def written_id(rng: random.Random, number: str) -> str:
    return rng.choice(
        [
            number,
            number.translate(FULLWIDTH),
            f"{number[:6]} {number[6:10]} {number[10:14]} {number[14:]}",
            f"{number[:6]}-{number[6:14]}-{number[14:]}",
        ]
    )


def a_bank_card(rng: random.Random) -> str:
    body = "62" + "".join(str(rng.randint(0, 9)) for _ in range(rng.choice((14, 16))))
    return next(body + d for d in "0123456789" if luhn_valid(body + d))


def a_plate(rng: random.Random) -> tuple[str, str]:
    province, office = rng.choice(PROVINCES), rng.choice(PLATE_LETTERS)
    serial = f"{rng.choice(PLATE_LETTERS)}{rng.randint(1000, 9999)}"
    if rng.random() < 0.5:
        serial = f"{rng.randint(10_000, 99_999)}"
    written = rng.choice([f"{province}{office}{serial}", f"{province} {office}{serial}"])
    written = rng.choice([written, f"{province}{office}·{serial}"])
    return f"{province}{office}{serial}", written


def an_address(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return (
            f"{rng.choice(ROADS)}{rng.randint(1, 300)}号{rng.randint(1, 30)}栋"
            f"{rng.randint(1, 6)}单元{rng.randint(101, 2604)}室"
        )
    return f"{rng.choice(COMMUNITIES)}{rng.randint(1, 30)}栋{rng.randint(101, 2604)}"


def a_letter(rng: random.Random, index: int) -> tuple[dict[str, Any], str, Secrets]:
    """A submission full of personal data, a reply that repeats some of it, and the
    items that must stay out of every public output."""
    name, phone, ident = a_name(rng), a_mobile(rng), an_id_number(rng)
    email = f"{rng.choice(['zhang', 'li.ming', 'wang_fang'])}{index}@example.com"
    address = an_address(rng)
    neighbour, manager = a_name(rng), a_name(rng)
    other_phone, card = a_mobile(rng), a_bank_card(rng)
    plate, written_plate = a_plate(rng)
    qq = str(rng.randint(10_000_000, 3_999_999_999))
    wechat = f"{rng.choice(['wxid_', 'ming', 'lf_'])}{rng.randint(1000, 99999)}ab"
    body = (
        f"我叫{name}，家住{address}，手机{written_mobile(rng, phone)}，"
        f"身份证号{written_id(rng, ident)}，邮箱{email}。"
        f"邻居{neighbour}也反映过，物业经理{manager}先生一直不处理，"
        f"他的电话是{written_mobile(rng, other_phone)}，QQ：{qq}，微信：{wechat}。"
        f"我的车{written_plate}经常被堵，退费请打到银行卡{card}。"
        f"请问{name}该向哪个部门反映小区停车问题？"
    )
    title = rng.choice(
        [f"{name}反映小区停车问题", f"小区停车问题（电话{phone}）", "关于小区停车问题的咨询"]
    )
    reply = (
        f"{name}您好！来信收悉。经联系物业经理{manager}，已协调解决，"
        f"我们已电话{phone}告知您办理结果。"
    )
    submission = {
        "kind": "consultation",
        "title": title,
        "body": body,
        "name": name,
        "phone": phone,
        "email": email,
        "id_number": ident,
        "address": address,
        "consent_public": index % 8 != 7,  # some writers do not consent
    }
    secrets = Secrets(
        strings=[name, neighbour, manager, email, plate, wechat, address],
        digits=[phone, ident.replace("X", ""), other_phone, card, qq],
    )
    return submission, reply, secrets


def _normalised(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def _digit_runs(text: str) -> str:
    """Digits with the separators people put between them taken out."""
    return re.sub(r"(?<=\d)[\s\-.·]+(?=\d)", "", _normalised(text))


def leaked(output: str, secrets: Secrets) -> list[str]:
    text = _normalised(output)
    plain = re.sub(r"[\s·]", "", text)
    digits = _digit_runs(output)
    found = [s for s in secrets.strings if re.sub(r"[\s·]", "", s) in plain]
    found += [d for d in secrets.digits if d in digits or d[-8:] in digits]
    return found


def scrape(client: APIClient, letters: list[Letter], entry_ids: list[int]) -> str:
    """Every public output: pages, API, feed, search and suggestions."""
    paths = [
        "/",
        "/replies/",
        "/replies/?page=2",
        "/replies/?page=3",
        "/replies/?q=停车",
        "/statistics/?year=2026",
        "/feeds/replies.atom",
        "/kb/?q=停车",
        "/api/v1/public/statistics/?year=2026",
        "/api/v1/kb/search/?q=停车&limit=50",
        "/api/v1/kb/suggest/?text=小区停车问题向哪个部门反映",
    ]
    paths += [f"/replies/{letter.tracking_number}/" for letter in letters]
    paths += [f"/api/v1/public/letters/{letter.tracking_number}/" for letter in letters]
    paths += [f"/kb/{pk}/" for pk in entry_ids]
    paths += [f"/api/v1/kb/entries/{pk}/" for pk in entry_ids]
    outputs: list[str] = []
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        outputs.append(response.content.decode())
    listing: str | None = "/api/v1/public/letters/"
    while listing:
        page = client.get(listing).json()
        outputs.append(str(page))
        listing = page["next"]
    return "\n".join(outputs)


def test_no_generated_personal_data_reaches_any_public_output(settings: Any, desk: Desk) -> None:
    # One test client writes and rates every letter: its address gets the budget of many.
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**rates, "submit": "1000/hour", "rating": "1000/hour"},
    }
    rng = random.Random(20261120)
    publisher = desk.api("publisher")
    public = APIClient()

    all_secrets: list[Secrets] = []
    letters: list[Letter] = []
    entry_ids: list[int] = []
    for index in range(LETTERS):
        submission, reply, secrets = a_letter(rng, index)
        all_secrets.append(secrets)
        created = public.post("/api/v1/letters/", submission, format="json")
        assert created.status_code == 201, created.json()
        letter = Letter.objects.get(tracking_number=created.json()["tracking_number"])
        query_code = created.json()["query_code"]
        letter = desk.reply(letter, reply)  # dispatched to a, answered, approved
        url = f"/api/v1/staff/letters/{letter.pk}/publish/"

        if submission["consent_public"]:
            # The publisher pastes the reply as written: refused, nothing changes.
            typed = publisher.post(url, {"public_text": reply}, format="json")
            assert typed.status_code == 409
            assert Letter.objects.get(pk=letter.pk).published_at is None
            proposal = workflow.publication_proposal(letter)
            published = publisher.post(url, {"public_text": proposal["public_text"]}, format="json")
            assert published.status_code == 200, published.json()
            letters.append(letter)

            if index % 3 == 0:  # 不满意 → 重办 → a new reply → published again
                rated = public.post(
                    "/api/v1/letters/rate/",
                    {
                        "tracking_number": letter.tracking_number,
                        "query_code": query_code,
                        "rating": "unsatisfied",
                        "comment": "问题没有解决",
                    },
                    format="json",
                )
                assert rated.status_code == 200, rated.json()
                again = (
                    f"{reply}补充：经复查，物业经理{a_name(rng)}已整改，请拨{submission['phone']}。"
                )
                workflow.reply_draft(letter_id=letter.pk, actor=desk.users["handler_a"], text=again)
                workflow.reply_submit(letter_id=letter.pk, actor=desk.users["handler_a"])
                workflow.reply_review(
                    letter_id=letter.pk, actor=desk.users["reviewer_a"], approve=True
                )
                workflow.reply_review(
                    letter_id=letter.pk, actor=desk.users["publisher"], approve=True
                )
                typed = publisher.post(url, {"public_text": again}, format="json")
                assert typed.status_code == 409
                proposal = workflow.publication_proposal(Letter.objects.get(pk=letter.pk))
                republished = publisher.post(
                    url, {"public_text": proposal["public_text"]}, format="json"
                )
                assert republished.status_code == 200, republished.json()

        # The curator drafts an entry (published letter or not); the gate checks it.
        entry = kb.draft_from_letter(Letter.objects.get(pk=letter.pk), desk.users["dispatcher"])
        kb.entry_submit(entry, desk.users["dispatcher"])
        entry = kb.entry_review(entry, desk.users["publisher"], approve=True)
        assert entry.status == EntryStatus.PUBLISHED
        entry_ids.append(entry.pk)

    assert len(letters) == 42
    output = scrape(public, letters, entry_ids)
    found = {i: leaked(output, secrets) for i, secrets in enumerate(all_secrets)}
    assert {i: items for i, items in found.items() if items} == {}
    # The outputs are real: every published letter and every entry is in them.
    for letter in letters:
        assert letter.tracking_number in output
