"""Admin-managed sensitive words flag a letter for the dispatcher's review at intake; the
letter is always accepted and stored exactly as written."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from django.contrib import admin
from django.http import HttpRequest
from rest_framework.test import APIClient

from core.models import AuditRecord, SensitiveWord
from letters.models import Letter, LetterEvent
from letters.services.intake import LetterSubmission, letter_submit
from routing.models import KeywordRule
from routing.services import route_letter
from tests.factories import DepartmentFactory, staff_user

pytestmark = pytest.mark.django_db

SUBMIT = "/api/v1/letters/"


@pytest.fixture(autouse=True)
def words(settings: Any) -> None:
    settings.DESK = replace(settings.DESK, captcha_after_submissions=1000)
    SensitiveWord.objects.create(word="炸药", category="危险物品")
    SensitiveWord.objects.create(word="跳楼", category="人身安全")
    SensitiveWord.objects.create(word="停用词", category="测试", active=False)


def submit(api: APIClient, title: str, body: str) -> Any:
    return api.post(
        SUBMIT,
        {"kind": "complaint", "title": title, "body": body, "name": "钱伟", "phone": "13300003333"},
        format="json",
    )


def test_letter_with_a_sensitive_word_is_accepted_flagged_and_kept_verbatim(
    api: APIClient,
) -> None:
    body = "工地上堆放了疑似炸 药的东西，工人说拿不到工资就要ＴＩＡＯ楼，也有人说要跳·楼。停用词。"
    response = submit(api, "工地安全隐患", body)

    assert response.status_code == 201
    letter = Letter.objects.get(tracking_number=response.json()["tracking_number"])
    assert letter.body == body
    assert letter.sensitive_flagged is True
    assert letter.sensitive_hits == [
        {"word": "跳楼", "category": "人身安全"},
        {"word": "炸药", "category": "危险物品"},
    ]
    event = LetterEvent.objects.get(letter=letter, action="sensitive_flag")
    assert (event.public, event.note, event.data) == (
        False,
        "命中敏感词：跳楼、炸药，请分办员复核。",
        {"words": ["跳楼", "炸药"]},
    )


def test_letter_without_active_words_is_not_flagged(api: APIClient) -> None:
    response = submit(api, "停用词测试", "小区路灯坏了好几天，晚上出行不便，请尽快维修。停用词。")

    letter = Letter.objects.get(tracking_number=response.json()["tracking_number"])
    assert (letter.sensitive_flagged, letter.sensitive_hits) == (False, [])
    assert not LetterEvent.objects.filter(letter=letter, action="sensitive_flag").exists()


def test_the_writer_never_sees_the_flag(api: APIClient) -> None:
    receipt = submit(api, "标题中有炸药二字", "内容正常，反映的是其他问题，请有关部门处理。").json()

    lookup = api.post(
        "/api/v1/letters/lookup/",
        {"tracking_number": receipt["tracking_number"], "query_code": receipt["query_code"]},
        format="json",
    )

    assert lookup.status_code == 200
    assert "敏感" not in lookup.content.decode()
    assert [e["status"] for e in lookup.json()["timeline"]] == ["submitted", ""]


def test_dispatchers_see_and_filter_flagged_letters(api: APIClient) -> None:
    flagged = submit(api, "工地安全隐患", "工地上堆放了炸药，非常危险，请尽快处理。").json()
    submit(api, "路灯维修", "小区路灯坏了好几天，晚上出行不便，请尽快维修。")
    dispatcher = staff_user("dsp", "dispatcher", DepartmentFactory())
    client = APIClient()
    client.force_authenticate(dispatcher)

    listing = client.get("/api/v1/staff/letters/", {"sensitive_flagged": "true"}).json()
    everything = client.get("/api/v1/staff/letters/").json()

    assert [row["tracking_number"] for row in listing["results"]] == [flagged["tracking_number"]]
    assert listing["results"][0]["sensitive_hits"] == [{"word": "炸药", "category": "危险物品"}]
    assert sorted(row["sensitive_flagged"] for row in everything["results"]) == [False, True]
    letter_id = listing["results"][0]["id"]
    detail = client.get(f"/api/v1/staff/letters/{letter_id}/").json()
    assert detail["sensitive_flagged"] is True
    assert [e["action"] for e in detail["timeline"]][:2] == ["submit", "sensitive_flag"]


def test_words_are_managed_in_the_admin() -> None:
    form_class = admin.site._registry[SensitiveWord].get_form(HttpRequest())

    added = form_class({"word": "  上访  ", "category": "测试", "active": "on", "note": ""})
    refused = form_class({"word": " ，。 ", "category": "", "active": "on", "note": ""})

    assert added.is_valid(), added.errors
    added.save()
    assert SensitiveWord.objects.filter(word="上访", category="测试", active=True).exists()
    assert not refused.is_valid()
    assert refused.errors == {"word": ["敏感词不能只由空格或标点组成。"]}
    assert SensitiveWord.objects.count() == 4


def test_a_flagged_letter_is_not_dispatched_automatically() -> None:
    target = DepartmentFactory()
    KeywordRule.objects.create(name="焚烧", keywords="焚烧厂", department=target, priority=1)

    def submit_and_route(body: str) -> tuple[Letter, bool]:
        letter = letter_submit(
            submission=LetterSubmission(
                kind="complaint", title="焚烧厂问题", body=body, name="吕明", phone="13300001111"
            )
        ).letter
        result = route_letter(letter_id=letter.pk)
        return Letter.objects.get(pk=letter.pk), result.auto_dispatched

    flagged, flagged_auto = submit_and_route("焚烧厂旁边有人私藏炸药，请尽快核查处理。")
    plain, plain_auto = submit_and_route("焚烧厂每天晚上排出刺鼻气味，请尽快处理。")

    # Both get the rule's suggestion; only the clean one goes out without a human.
    assert flagged.routing_suggestions[0]["department_id"] == target.pk
    assert (flagged.status, flagged.department_id, flagged_auto) == ("submitted", None, False)
    assert (plain.status, plain.department_id, plain_auto) == ("dispatched", target.pk, True)


def test_dispatcher_review_clears_the_flag_keeps_the_hits_and_is_audited(
    api: APIClient,
) -> None:
    receipt = submit(api, "工地安全隐患", "工地上堆放了炸药，非常危险，请尽快处理。").json()
    letter = Letter.objects.get(tracking_number=receipt["tracking_number"])
    office = DepartmentFactory()
    dispatcher = staff_user("dsp", "dispatcher", office)
    publisher = staff_user("pub", "publisher", office)  # sees every letter, reviews replies only
    url = f"/api/v1/staff/letters/{letter.pk}/sensitive-review/"
    as_dispatcher, as_publisher = APIClient(), APIClient()
    as_dispatcher.force_authenticate(dispatcher)
    as_publisher.force_authenticate(publisher)

    by_publisher = as_publisher.post(url, {"note": "已阅"}, format="json")
    no_note = as_dispatcher.post(url, {}, format="json")
    unchanged = Letter.objects.get(pk=letter.pk).sensitive_flagged
    reviewed = as_dispatcher.post(url, {"note": "反映安全隐患，正常受理"}, format="json")
    again = as_dispatcher.post(url, {"note": "重复复核"}, format="json")

    assert (by_publisher.status_code, no_note.status_code, unchanged) == (403, 400, True)
    assert no_note.json()["errors"] == {"note": ["「复核意见」：该字段是必填项。"]}
    assert reviewed.status_code == 200
    assert again.status_code == 409
    letter.refresh_from_db()
    assert (letter.sensitive_flagged, letter.sensitive_hits, letter.status) == (
        False,
        [{"word": "炸药", "category": "危险物品"}],
        "submitted",
    )
    event = LetterEvent.objects.get(letter=letter, action="sensitive_review")
    assert (event.actor, event.public, event.note) == (
        dispatcher,
        False,
        "敏感词已复核：反映安全隐患，正常受理",
    )
    record = AuditRecord.objects.get(action="letter.sensitive_review")
    assert (record.actor_name, record.object_id, record.data["words"]) == (
        "dsp",
        str(letter.pk),
        ["炸药"],
    )
