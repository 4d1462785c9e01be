"""The demo city loads through the real services, once, with letters in every state, its
own deadline rules and knowledge-base entries that the home page's example search finds."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from demo.content import city
from demo.services import load_demo
from knowledge_base import search
from knowledge_base.models import EntryStatus, KnowledgeEntry
from letters.models import DeadlinePolicy, Letter
from routing.models import CategoryMapping, HistoricalLetter

pytestmark = pytest.mark.django_db

RULES = "《临江市政府网站互动交流办理规定》"
# The real-world documents the migration's policies cite; the demo city cites its own.
REAL_WORLD = ("荷塘区", "山西省", "德阳市")


def test_demo_loads_every_state_and_role_once() -> None:
    out = StringIO()
    call_command("load_demo", stdout=out)

    assert out.getvalue() == (
        "已载入演示数据：单位22个，领导5位，网站6个，征集2项，来信65封，知识条目6条。\n"
    )
    statuses = set(Letter.objects.values_list("status", flat=True))
    assert statuses == {
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
    }
    users = get_user_model().objects
    for username, role in [
        ("fenban", "dispatcher"),
        ("qianfa", "publisher"),
        ("duban", "supervisor"),
        ("xitong", "admin"),
        ("shenji", "auditor"),
        ("lj-zjj-handler", "handler"),
        ("lj-zjj-reviewer", "reviewer"),
    ]:
        assert list(users.get(username=username).groups.values_list("name", flat=True)) == [role]
    # Only a 找错 is public without the writer's consent (its rule: public unless untrue).
    assert list(
        Letter.objects.filter(published_at__isnull=False, consent_public=False).values_list(
            "kind", "title"
        )
    ) == [("site_error", "江北区政府网站领导分工信息未更新")]
    assert load_demo() is None
    call_command("load_demo", stdout=out)
    assert out.getvalue().endswith("\n演示数据已存在，跳过。\n")
    # 65 demo letters and one 在线访谈 question forwarded as a letter (demo/interviews.yaml).
    assert Letter.objects.count() == 66
    assert KnowledgeEntry.objects.count() == 6


def test_demo_deadline_policies_cite_the_city_s_own_rules() -> None:
    load_demo()

    policies = list(DeadlinePolicy.objects.order_by("kind", "step"))
    assert len(policies) == 9
    for policy in policies:
        assert policy.source.startswith(RULES), policy.source
        assert not any(name in policy.source for name in REAL_WORLD), policy.source
        # The article states the policy's own limits.
        assert f"{policy.working_days}个工作日" in policy.source, policy.source
        assert f"不超过{policy.max_working_days}个工作日" in policy.source, policy.source
    consultation = DeadlinePolicy.objects.get(kind="consultation", step="reply")
    assert consultation.source == (
        "《临江市政府网站互动交流办理规定》第十条：领导信箱、咨询、投诉、建议、求助、举报类"
        "来信，承办单位应当自收到之日起3个工作日内办结答复；情况复杂的，经市人民政府办公室"
        "同意可以延期，累计不超过15个工作日。"
    )
    # Every demo letter's "why this date?" cites the same rules.
    sources = {
        letter.deadline_derivation["policy"]["source"]
        for letter in Letter.objects.all()
        if letter.deadline_derivation
    }
    assert sources
    assert all(source.startswith(RULES) for source in sources), sources


def test_the_home_page_example_search_finds_demo_entries(client: Client) -> None:
    load_demo()

    found = search.search_entries("公积金提取")
    assert len(found) >= 3
    for entry in found:
        assert entry.status == EntryStatus.PUBLISHED
        assert entry.reviewed_by is not None
        assert entry.reviewed_by.username == "qianfa"
        assert entry.source_letters.get().kind == "consultation"
        assert "公积金提取" in entry.keywords
    response = client.get("/kb/", {"q": "公积金提取"})
    assert response.status_code == 200
    page = response.content.decode()
    assert f"/kb/{found[0].pk}/" in page
    assert "租房能否提取住房公积金" in page
    # Drafted by the demo curator from the masked public texts of answered consultations.
    titles = [row["letter"] for row in city().knowledge["entries"]]
    for entry in KnowledgeEntry.objects.prefetch_related("source_letters"):
        letter = entry.source_letters.get()
        assert letter.title in titles
        assert entry.created_by is not None
        assert entry.created_by.username == "fenban"
        assert letter.name not in entry.question + entry.answer


def test_load_demo_training_loads_the_generated_letters_once() -> None:
    with pytest.raises(CommandError, match="请先执行 load_demo"):
        call_command("load_demo_training", stdout=StringIO())
    assert HistoricalLetter.objects.count() == 0
    load_demo()

    out = StringIO()
    call_command("load_demo_training", stdout=out)
    call_command("load_demo_training", stdout=out)

    assert out.getvalue() == "已载入演示训练数据1800条。\n演示训练数据已存在，跳过。\n"
    assert HistoricalLetter.objects.filter(source="demo").count() == 1800
    # Dated over the last two years (training holds the most recent back), none today.
    dates = HistoricalLetter.objects.filter(source="demo").values_list("received_on", flat=True)
    today = timezone.localdate()
    assert {(today - d).days for d in dates if d is not None} <= set(range(1, 731))
    assert None not in dates
    assert dict(CategoryMapping.objects.values_list("category", "department__code")) == {
        row["name"]: row["department"] for row in city().categories
    }
