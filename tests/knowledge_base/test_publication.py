"""Publication: personal data never reaches a public output; listing filters, stable
pagination and constant query counts; unpublished letters stay private."""

from __future__ import annotations

import random
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from core.formats import id_check_digit
from core.redaction import luhn_valid
from knowledge_base import services
from knowledge_base.models import KnowledgeEntry
from letters.models import Letter
from letters.services import workflow
from letters.services.intake import LetterSubmission, letter_submit
from letters.services.workflow import TransitionNotAllowed
from tests.world import Desk

pytestmark = [pytest.mark.django_db, pytest.mark.desk(a="测试市民政局")]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "明华建国丽娟强伟芳敏静磊洋艳勇军杰娜涛超"


def replied(
    desk: Desk,
    *,
    name: str,
    body: str,
    reply: str,
    title: str = "关于低保申请的咨询",
    kind: str = "consultation",
    consent_public: bool = True,
    **extra: Any,
) -> Letter:
    """A letter taken through the workflow up to the publisher's approval of its reply."""
    letter = letter_submit(
        submission=LetterSubmission(
            kind=kind,
            title=title,
            body=body,
            name=name,
            phone=extra.pop("phone", "13900008888"),
            consent_public=consent_public,
            **extra,
        )
    ).letter
    return desk.reply(letter, reply)


def publish(desk: Desk, **fields: Any) -> Letter:
    """A letter replied to (see :func:`replied`) and published with the masked proposal."""
    return desk.publish(replied(desk, **fields))


def bank_card(rng: random.Random) -> str:
    """A 19-digit UnionPay card number with a valid Luhn check digit."""
    body = "62" + "".join(str(rng.randint(0, 9)) for _ in range(16))
    return next(body + d for d in "0123456789" if luhn_valid(body + d))


def id_number(rng: random.Random) -> str:
    first17 = f"110105{rng.randint(1950, 2005)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(100, 999)}"
    return first17 + id_check_digit(first17)


def public_outputs(client: APIClient, letter: Letter, entry_id: int) -> str:
    """Every public output that may show the letter or the entry drafted from it."""
    responses = [
        client.get("/api/v1/public/letters/"),
        client.get(f"/api/v1/public/letters/{letter.tracking_number}/"),
        client.get("/feeds/replies.atom"),
        client.get("/api/v1/public/letters/", {"q": "低保"}),
        client.get("/api/v1/public/statistics/"),
        client.get("/api/v1/kb/suggest/", {"text": "想咨询低保申请条件"}),
        client.get("/api/v1/kb/search/", {"q": "低保"}),
        client.get(f"/api/v1/kb/entries/{entry_id}/"),
    ]
    assert [r.status_code for r in responses] == [200] * len(responses)
    return "\n".join(r.content.decode() for r in responses)


def publish_entry_from(desk: Desk, letter: Letter) -> KnowledgeEntry:
    """The curator drafts an entry from the published letter; it is reviewed and published."""
    entry = services.draft_from_letter(letter, desk.users["dispatcher"])
    services.entry_submit(entry, desk.users["dispatcher"])
    return services.entry_review(entry, desk.users["publisher"], approve=True)


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seed=st.integers(0, 10_000), fullwidth=st.booleans(), spaced=st.booleans())
def test_no_personal_data_in_any_public_output(
    desk: Desk, seed: int, fullwidth: bool, spaced: bool
) -> None:
    rng = random.Random(seed)
    name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
    mobile = f"13{rng.randint(0, 9)}{rng.randint(10_000_000, 99_999_999)}"
    landline = f"{rng.randint(2_000_0000, 8_999_9999)}"
    ident = id_number(rng)
    card = bank_card(rng)
    plate = f"{rng.choice('京津冀晋蒙辽')}{rng.choice('ABCDEFG')}{rng.randint(10_000, 99_999)}"
    email = f"user{seed}@example.com"
    shown_mobile = f"{mobile[:3]} {mobile[3:7]} {mobile[7:]}" if spaced else mobile
    shown_card = " ".join(card[i : i + 4] for i in range(0, len(card), 4)) if spaced else card
    shown_id = (
        ident.translate(str.maketrans("0123456789X", "０１２３４５６７８９Ｘ"))
        if fullwidth
        else ident
    )
    body = (
        f"我叫{name}，身份证号{shown_id}，电话{shown_mobile}，座机010-{landline}，"
        f"邮箱{email}，银行卡号{shown_card}，车牌号{plate}，"
        f"家住幸福路{rng.randint(1, 300)}号{rng.randint(1, 20)}栋{rng.randint(101, 2502)}室。"
        f"{name}想咨询：低保申请条件是什么？"
    )
    reply = f"{name}您好！已电话{mobile}联系您，低保申请可到街道办理。"
    letter = publish(
        desk,
        name=name,
        title=f"{name}关于低保申请的咨询",
        body=body,
        reply=reply,
        email=email,
        id_number=ident,
    )
    entry = publish_entry_from(desk, letter)

    output = public_outputs(APIClient(), letter, entry.pk)

    secrets = (name, mobile, ident, email, shown_mobile, shown_id, mobile[-8:], ident[6:14])
    for secret in (*secrets, landline, card, shown_card, card[-8:], plate):
        assert secret not in output, secret
    assert letter.tracking_number in output
    assert entry.question in output


def test_unpublished_letters_stay_private(desk: Desk, api: APIClient) -> None:
    letter = letter_submit(
        submission=LetterSubmission(
            kind="consultation",
            title="尚未答复的来信",
            body="这封来信还没有答复和公开。",
            name="钱七",
            phone="13900009999",
            consent_public=True,
        )
    ).letter

    listing = api.get("/api/v1/public/letters/").json()
    detail = api.get(f"/api/v1/public/letters/{letter.tracking_number}/")

    assert listing["results"] == []
    assert detail.status_code == 404


def test_publishing_without_consent_is_refused_and_nothing_becomes_public(
    desk: Desk, api: APIClient
) -> None:
    letter = replied(
        desk,
        name="钱七",
        title="不同意公开的低保咨询",
        body="想咨询低保申请条件。",
        reply="低保申请可到街道办理。",
        consent_public=False,
    )

    with pytest.raises(TransitionNotAllowed, match="来信人未同意公开"):
        workflow.letter_publish(
            letter_id=letter.pk,
            actor=desk.users["publisher"],
            public_text="低保申请可到街道办理。",
        )

    after = Letter.objects.get(pk=letter.pk)
    assert (after.status, after.published_at) == (letter.status, None)
    assert (after.public_title, after.public_body) == ("", "")
    assert after.public_text == letter.public_text
    assert api.get("/api/v1/public/letters/").json()["results"] == []
    assert api.get(f"/api/v1/public/letters/{letter.tracking_number}/").status_code == 404
    suggested = api.get("/api/v1/kb/suggest/", {"text": "想咨询低保申请条件"}).json()
    assert suggested["letters"] == []
    assert "钱七" not in api.get("/feeds/replies.atom").content.decode()


def test_listing_fields_filters_and_stable_cursor(desk: Desk, api: APIClient) -> None:
    first = publish(desk, name="赵甲", body="请问低保怎么申请？", reply="低保可向街道申请。")
    second = publish(
        desk,
        name="钱乙",
        body="养老院床位怎么预约？",
        reply="可向民政局预约养老床位。",
        title="养老院床位预约",
        kind="help",
    )

    page = api.get("/api/v1/public/letters/", {"page_size": 1}).json()
    row = page["results"][0]
    by_kind = api.get("/api/v1/public/letters/", {"kind": "help"}).json()["results"]
    by_word = api.get("/api/v1/public/letters/", {"q": "养老床位"}).json()["results"]
    by_dept = api.get("/api/v1/public/letters/", {"department": desk.a.pk}).json()["results"]
    bad = api.get("/api/v1/public/letters/", {"kind": "x", "date_from": "昨天"})

    assert set(row) == {
        "tracking_number",
        "title",
        "kind",
        "kind_display",
        "received_at",
        "accepted_at",
        "replied_at",
        "reply_department",
        "reply",
        "status_display",
        "rating_display",
    }
    assert [r["tracking_number"] for r in api.get("/api/v1/public/letters/").json()["results"]] == [
        second.tracking_number,
        first.tracking_number,
    ]
    assert [r["tracking_number"] for r in by_kind] == [second.tracking_number]
    assert [r["tracking_number"] for r in by_word] == [second.tracking_number]
    assert len(by_dept) == 2
    assert (row["reply_department"], row["status_display"], row["rating_display"]) == (
        "测试市民政局",
        "已答复",
        "未评价",
    )
    assert bad.status_code == 400
    assert set(bad.json()["errors"]) == {"kind", "date_from"}


def test_listing_query_count_is_constant(desk: Desk, api: APIClient) -> None:
    publish(desk, name="孙丙", body="第一封来信的内容。", reply="第一封的答复。")
    with CaptureQueriesContext(connection) as few:
        api.get("/api/v1/public/letters/")
    for i in range(4):
        publish(desk, name="李丁", body=f"第{i}封来信的内容。", reply="答复。")
    with CaptureQueriesContext(connection) as many:
        assert len(api.get("/api/v1/public/letters/").json()["results"]) == 5

    assert len(few.captured_queries) == len(many.captured_queries)


def test_publisher_sees_hits_highlighted(desk: Desk) -> None:
    letter = letter_submit(
        submission=LetterSubmission(
            kind="consultation",
            title="咨询低保",
            body="我叫周小川，电话13911112222。",
            name="周小川",
            phone="13911112222",
            consent_public=True,
        )
    ).letter
    client = APIClient()
    client.force_authenticate(desk.users["publisher"])

    response = client.get(f"/api/v1/staff/letters/{letter.pk}/publication/").json()

    assert (
        '<mark class="pii pii-phone" data-kind="phone">13911112222</mark>'
        in response["highlighted"]["body"]
    )
    assert "13911112222" not in response["proposal"]["public_body"]
    assert "周小川" not in response["proposal"]["public_body"]
    assert {h["kind"] for h in response["hits"]} >= {"phone", "name"}
    assert response["gate_pending"] == []  # the masked proposal passes the gate as it is


def test_suggest_offers_published_letters_while_typing(desk: Desk, api: APIClient) -> None:
    published = publish(
        desk,
        name="吴十",
        body="想了解城乡低保的申请条件和材料。",
        reply="低保申请需提供户口簿和收入证明。",
        title="城乡低保申请条件",
    )
    letter_submit(
        submission=LetterSubmission(
            kind="consultation",
            title="低保申请条件咨询（未公开）",
            body="未公开的来信也在问低保申请条件。",
            name="郑十一",
            phone="13900001010",
            consent_public=True,
        )
    )

    found = api.get("/api/v1/kb/suggest/", {"text": "低保申请条件是什么"}).json()["letters"]
    short = api.get("/api/v1/kb/suggest/", {"text": "低保"}).json()["letters"]

    assert [row["tracking_number"] for row in found] == [published.tracking_number]
    assert found[0]["title"] == "城乡低保申请条件"
    assert short == []
