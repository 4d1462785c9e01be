"""Knowledge base over the API: the entry lifecycle, what the public may see, synonyms,
the curator's queue of replied consultations, and the kb_evaluate command."""

from __future__ import annotations

import csv
import json
from datetime import timedelta
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from rest_framework.test import APIClient

from knowledge_base import services
from knowledge_base.models import EntryStatus, KnowledgeEntry, KnowledgeEntryVersion, SynonymGroup
from letters.choices import LetterKind, LetterStatus
from letters.models import Letter
from tests.world import Desk

pytestmark = [pytest.mark.django_db, pytest.mark.desk(a="测试市医疗保障局")]
KB = "/api/v1/kb/"
CURATOR = f"{KB}curator/"


def search_ids(api: APIClient, q: str) -> list[int]:
    response = api.get(f"{KB}search/", {"q": q})
    assert response.status_code == 200, response.json()
    return [row["id"] for row in response.json()["results"]]


def suggest_ids(api: APIClient, text: str) -> list[int]:
    response = api.get(f"{KB}suggest/", {"text": text})
    assert response.status_code == 200, response.json()
    assert response.json()["letters"] == []
    return [row["id"] for row in response.json()["entries"]]


def replied_consultation(desk: Desk, **extra: Any) -> Letter:
    fields: dict[str, Any] = {
        "tracking_number": f"XJ20261120-{Letter.objects.count() + 1:06d}",
        "query_code": "ABCDEF",
        "kind": LetterKind.CONSULTATION,
        "title": "异地就医如何备案",
        "body": "本人在外地工作，想了解异地就医直接结算。请问异地就医备案在哪里办理？谢谢。",
        "name": "孙丽",
        "phone": "13700004444",
        "status": LetterStatus.REPLIED,
        "department": desk.a,
        "reply_department": desk.a,
        "reply_text": "孙丽：您好！异地就医备案可通过国家医保服务平台App线上办理。",
        "public_text": "X女士：您好！异地就医备案可通过国家医保服务平台App线上办理。",
        "replied_at": timezone.now(),
        **extra,
    }
    return Letter.objects.create(**fields)


def test_entry_lifecycle_draft_review_publish_retire(desk: Desk, api: APIClient) -> None:
    curator = desk.api("dispatcher")
    created = curator.post(
        f"{CURATOR}entries/",
        {
            "question": "住房公积金怎么提取？",
            "answer": "职工购买自住住房、退休或者租房，可以申请提取住房公积金账户余额。",
            "department": desk.a.pk,
            "category": "住房",
            "keywords": "公积金,提取",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    pk = body["id"]
    assert (body["status"], body["status_display"], body["version"]) == ("draft", "草稿", 1)
    assert search_ids(api, "公积金提取") == []

    submitted = curator.post(f"{CURATOR}entries/{pk}/submit/")
    assert submitted.json()["status"] == "in_review"
    assert search_ids(api, "公积金提取") == []
    assert api.get(f"{KB}entries/{pk}/").status_code == 404

    # A dispatcher curates but does not approve.
    refused = curator.post(f"{CURATOR}entries/{pk}/review/", {"approve": True}, format="json")
    assert refused.status_code == 403
    assert KnowledgeEntry.objects.get(pk=pk).status == EntryStatus.IN_REVIEW

    approved = desk.api("publisher").post(
        f"{CURATOR}entries/{pk}/review/", {"approve": True, "note": "准确"}, format="json"
    )
    assert approved.status_code == 200, approved.json()
    assert approved.json()["status"] == "published"
    assert approved.json()["reviewed_by"] == desk.users["publisher"].pk

    results = api.get(f"{KB}search/", {"q": "公积金提取"}).json()["results"]
    assert [r["id"] for r in results] == [pk]
    assert results[0]["question"] == "住房公积金怎么提取？"
    assert results[0]["department"] == "测试市医疗保障局"
    assert results[0]["category"] == "住房"
    assert results[0]["score"] > 0
    assert suggest_ids(api, "我想提取住房公积金") == [pk]
    detail = api.get(f"{KB}entries/{pk}/").json()
    assert detail["keywords"] == ["公积金", "提取"]

    retired = desk.api("publisher").post(f"{CURATOR}entries/{pk}/retire/")
    assert retired.json()["status"] == "retired"
    assert search_ids(api, "公积金提取") == []
    assert suggest_ids(api, "我想提取住房公积金") == []
    assert api.get(f"{KB}entries/{pk}/").status_code == 404


def test_editing_keeps_versions_and_sends_a_published_entry_back_to_review(
    desk: Desk, api: APIClient
) -> None:
    entry = desk.published_entry("社保卡丢失怎么补办", "携带身份证到社保经办网点补办社保卡。")
    assert search_ids(api, "社保卡补办") == [entry.pk]

    response = desk.api("dispatcher").patch(
        f"{CURATOR}entries/{entry.pk}/",
        {"answer": "可在线上申请补办社保卡，也可携带身份证到经办网点办理。"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert (response.json()["status"], response.json()["version"]) == ("draft", 2)
    assert search_ids(api, "社保卡补办") == []
    versions = list(
        KnowledgeEntryVersion.objects.filter(entry=entry).values_list("version", "answer")
    )
    assert versions == [
        (2, "可在线上申请补办社保卡，也可携带身份证到经办网点办理。"),
        (1, "携带身份证到社保经办网点补办社保卡。"),
    ]


def test_expired_and_not_yet_effective_entries_never_appear(desk: Desk, api: APIClient) -> None:
    today = timezone.localdate()
    expired = desk.published_entry(
        "供暖费补贴怎么申请",
        "符合条件的家庭向社区申请供暖费补贴。",
        effective_from=today - timedelta(days=400),
        expires_on=today - timedelta(days=1),
    )
    future = desk.published_entry(
        "供暖费补贴新标准",
        "新的供暖费补贴标准自明年起执行。",
        effective_from=today + timedelta(days=30),
    )
    current = desk.published_entry(
        "供暖费补贴发放时间", "供暖费补贴每年十一月发放。", expires_on=today
    )
    assert search_ids(api, "供暖费补贴") == [current.pk]
    for entry in (expired, future):
        assert api.get(f"{KB}entries/{entry.pk}/").status_code == 404
    stale = desk.api("dispatcher").get(f"{CURATOR}stale/").json()["results"]
    assert [row["id"] for row in stale] == [expired.pk]


def test_stale_lists_entries_not_reviewed_for_the_given_months(desk: Desk) -> None:
    entry = desk.published_entry("居住证如何办理", "到居住地派出所申请办理居住证。")
    KnowledgeEntry.objects.filter(pk=entry.pk).update(
        reviewed_at=timezone.now() - timedelta(days=200)
    )
    client = desk.api("dispatcher")
    assert client.get(f"{CURATOR}stale/").json()["results"] == []
    rows = client.get(f"{CURATOR}stale/", {"months": 6}).json()["results"]
    assert [row["id"] for row in rows] == [entry.pk]


def test_synonym_group_finds_an_entry_that_uses_the_other_term(desk: Desk, api: APIClient) -> None:
    entry = desk.published_entry("医疗保险怎么缴费", "城乡居民医疗保险可通过税务App缴费。")
    assert search_ids(api, "医保") == []
    SynonymGroup.objects.create(terms="医保，医疗保险")
    assert search_ids(api, "医保") == [entry.pk]
    assert suggest_ids(api, "想问一下医保") == [entry.pk]


def test_unpublished_entries_never_appear_publicly(desk: Desk, api: APIClient) -> None:
    draft = services.entry_create(
        actor=desk.users["dispatcher"], question="护照办理流程", answer="到出入境窗口办理护照。"
    )
    in_review = services.entry_create(
        actor=desk.users["dispatcher"], question="护照加急办理", answer="护照可申请加急办理。"
    )
    services.entry_submit(in_review, desk.users["dispatcher"])
    rejected = services.entry_create(
        actor=desk.users["dispatcher"], question="护照过期换发", answer="护照过期可申请换发。"
    )
    services.entry_submit(rejected, desk.users["dispatcher"])
    services.entry_review(rejected, desk.users["publisher"], approve=False, note="答复不完整")

    assert KnowledgeEntry.objects.get(pk=rejected.pk).status == EntryStatus.DRAFT
    assert search_ids(api, "护照办理") == []
    assert suggest_ids(api, "护照怎么办理") == []
    for entry in (draft, in_review, rejected):
        assert api.get(f"{KB}entries/{entry.pk}/").status_code == 404


def test_search_with_few_queries(
    desk: Desk, api: APIClient, django_assert_max_num_queries: Any
) -> None:
    for n in range(5):
        desk.published_entry(f"第{n}号公交线路调整", f"第{n}号公交线路自下月起调整站点。")
    with django_assert_max_num_queries(6):
        assert len(search_ids(api, "公交线路调整")) == 5


@pytest.mark.parametrize("params", [{}, {"q": ""}, {"q": "   "}])
def test_search_without_query_is_a_400_naming_q(api: APIClient, params: dict[str, str]) -> None:
    response = api.get(f"{KB}search/", params)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["q"]
    assert response.json()["errors"]["q"][0].startswith("「检索词」")


def test_suggest_needs_four_characters(desk: Desk, api: APIClient) -> None:
    desk.published_entry("医疗保险怎么缴费", "城乡居民医疗保险可通过税务App缴费。")
    assert suggest_ids(api, "医疗") == []
    assert suggest_ids(api, " 医 疗 ") == []
    assert api.get(f"{KB}suggest/").json() == {"entries": [], "letters": []}


def test_curator_input_errors_name_the_field(desk: Desk) -> None:
    client = desk.api("dispatcher")
    missing = client.post(f"{CURATOR}entries/", {"answer": "答复"}, format="json")
    assert missing.status_code == 400
    assert list(missing.json()["errors"]) == ["question"]
    assert missing.json()["errors"]["question"][0].startswith("「问题」")
    dates = client.post(
        f"{CURATOR}entries/",
        {
            "question": "问",
            "answer": "答",
            "effective_from": "2026-05-01",
            "expires_on": "2026-04-01",
        },
        format="json",
    )
    assert dates.status_code == 400
    assert dates.json()["errors"] == {"expires_on": ["「失效日期」：不能早于生效日期。"]}
    assert KnowledgeEntry.objects.count() == 0


def test_review_of_a_draft_is_refused_and_changes_nothing(desk: Desk) -> None:
    entry = services.entry_create(actor=desk.users["dispatcher"], question="问", answer="答")
    response = desk.api("publisher").post(
        f"{CURATOR}entries/{entry.pk}/review/", {"approve": True}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["detail"] == "只有待审核的条目可以审核。"
    entry.refresh_from_db()
    assert (entry.status, entry.reviewed_at) == (EntryStatus.DRAFT, None)


def test_case_handlers_and_anonymous_users_cannot_curate(desk: Desk, api: APIClient) -> None:
    assert desk.api("handler_a").get(f"{CURATOR}queue/").status_code == 403
    assert api.get(f"{CURATOR}entries/").status_code in (401, 403)


def test_curator_queue_lists_replied_consultations_until_drafted(desk: Desk) -> None:
    letter = replied_consultation(desk)
    replied_consultation(desk, kind=LetterKind.COMPLAINT, title="投诉噪音扰民")
    replied_consultation(desk, title="尚未答复", status=LetterStatus.IN_PROGRESS)
    replied_consultation(desk, title="答复为空", reply_text="", public_text="")
    client = desk.api("dispatcher")

    queue = client.get(f"{CURATOR}queue/").json()["results"]
    assert [row["id"] for row in queue] == [letter.pk]
    assert queue[0]["reply_department"] == "测试市医疗保障局"

    drafted = client.post(f"{CURATOR}queue/{letter.pk}/draft/")
    assert drafted.status_code == 201, drafted.json()
    entry = drafted.json()
    assert entry["question"] == "异地就医如何备案：请问异地就医备案在哪里办理？"
    assert entry["answer"] == "X女士：您好！异地就医备案可通过国家医保服务平台App线上办理。"
    assert (entry["department"], entry["status"]) == (desk.a.pk, "draft")
    assert entry["source_letters"] == [letter.pk]

    assert client.get(f"{CURATOR}queue/").json()["results"] == []
    again = client.post(f"{CURATOR}queue/{letter.pk}/draft/")
    assert again.status_code == 409
    assert KnowledgeEntry.objects.count() == 1


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_kb_evaluate_prints_metrics_on_a_temporary_index(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "qa.csv",
        [
            {"question": "公积金怎么提取", "answer": "住房公积金提取需要携带身份证到管理中心。"},
            {"question": "护照如何办理", "answer": "护照到出入境管理窗口申请办理。"},
            {
                "question": "垃圾分类投放时间",
                "answer": "小区垃圾分类定时定点投放，每天早晚各一次。",
            },
        ],
    )
    out = StringIO()
    call_command(
        "kb_evaluate",
        str(path),
        "--query-column",
        "question",
        "--index-columns",
        "answer",
        stdout=out,
    )
    result = json.loads(out.getvalue().strip().splitlines()[-1])
    assert set(result) == {"recall_at_1", "recall_at_5", "mrr_at_10", "n", "p50_ms", "p95_ms"}
    assert (result["recall_at_1"], result["recall_at_5"], result["mrr_at_10"], result["n"]) == (
        1.0,
        1.0,
        1.0,
        3,
    )


def test_kb_evaluate_names_missing_columns(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "qa.csv", [{"question": "问", "answer": "答"}])
    with pytest.raises(CommandError, match="CSV 文件中没有这些列：reply"):
        call_command(
            "kb_evaluate", str(path), "--query-column", "question", "--index-columns", "reply"
        )


def test_synonyms_are_managed_in_the_admin(desk: Desk, api: APIClient, admin_client: Any) -> None:
    entry = desk.published_entry("社会保险关系怎么转移", "社会保险关系可在线申请转移。")
    add = "/admin/knowledge_base/synonymgroup/add/"
    assert search_ids(api, "社保") == []

    single = admin_client.post(add, {"terms": "社保， 社保"})
    saved = admin_client.post(add, {"terms": " 社保，社会保险 ,社保"})

    assert single.status_code == 200
    assert "请至少填写两个不同的词" in single.content.decode()
    assert saved.status_code == 302
    assert list(SynonymGroup.objects.values_list("terms", flat=True)) == ["社保,社会保险"]
    assert search_ids(api, "社保") == [entry.pk]
