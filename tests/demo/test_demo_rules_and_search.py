"""Issue #18.4 on the demo city (临江市): every policy it runs on — deadline policies,
publication rules and the assessment score — cites its own demo rule text, never the
real-world documents the migrations seed (荷塘区, 山西省, 德阳市); the home page's example
query 公积金提取 finds the curator's entries on the public API too, and a letter being
typed gets the matching entry first."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from demo.content import city
from demo.services import load_demo
from letters.models import DeadlinePolicy, PublicationPolicy
from supervision.models import ScoringRule
from supervision.scoring import active_rule

pytestmark = pytest.mark.django_db

RULES = "《临江市政府网站互动交流办理规定》"
REAL_WORLD = ("荷塘", "山西", "德阳")


def test_every_demo_policy_cites_the_demo_city_s_rules() -> None:
    load_demo()

    sources = [
        *DeadlinePolicy.objects.values_list("source", flat=True),
        *PublicationPolicy.objects.values_list("source", flat=True),
        *ScoringRule.objects.filter(active=True).values_list("source", flat=True),
    ]
    assert len(sources) == 9 + 8 + 1
    for source in sources:
        assert source.startswith(RULES), source
        assert not any(name in source for name in REAL_WORLD), source


def test_the_demo_scores_with_its_own_article() -> None:
    load_demo()

    rule = active_rule()
    assert rule is not None
    assert rule.source == (
        "《临江市政府网站互动交流办理规定》第二十条：互动交流工作纳入政府网站年度考核，满分20分："
        "每超期答复一次扣10分，扣完为止；统计截止时有超过办理期限仍未答复的互动类留言的，得0分。"
    )
    assert (rule.full_points, rule.penalty_per_late_reply, rule.zero_if_overdue_unanswered) == (
        20,
        10,
        True,
    )
    assert rule.kinds == frozenset(city().scoring["kinds"])
    assert "荷塘" not in rule.description
    assert list(ScoringRule.objects.filter(active=True).values_list("code", flat=True)) == [
        "linjiang-interaction"
    ]


def test_the_example_query_finds_the_demo_entries_on_the_api(api: APIClient) -> None:
    load_demo()

    response = api.get("/api/v1/kb/search/", {"q": "公积金提取"})

    assert response.status_code == 200
    questions = [row["question"] for row in response.json()["results"]]
    assert len(questions) == 4
    assert all("公积金" in question for question in questions), questions
    assert {q.split("：")[0] for q in questions} == {
        "租房能否提取住房公积金",
        "购买商品住房后如何提取住房公积金",
        "离职后住房公积金能否一次性提取",
        "退休后提取住房公积金需要哪些材料",
    }


@pytest.mark.parametrize(
    ("typed", "first"),
    [
        (
            "我在外地买了房子，想提取住房公积金还商业贷款，需要什么材料",
            "购买商品住房后如何提取住房公积金",
        ),
        ("请问退休以后住房公积金怎么取出来", "退休后提取住房公积金需要哪些材料"),
        ("我父亲今年70岁，想办老年人优待证坐公交", "老年人优待证在哪里办理"),
    ],
)
def test_a_letter_being_typed_gets_the_matching_entry_first(
    api: APIClient, typed: str, first: str
) -> None:
    load_demo()

    response = api.get("/api/v1/kb/suggest/", {"text": typed})

    assert response.status_code == 200
    entries = response.json()["entries"]
    assert entries
    assert entries[0]["question"].split("：")[0] == first


def test_an_unrelated_letter_gets_no_knowledge_base_entry(api: APIClient) -> None:
    load_demo()

    response = api.get(
        "/api/v1/kb/suggest/", {"text": "我家楼下的路灯坏了一个多月了，晚上出行很不方便"}
    )

    assert response.json()["entries"] == []
