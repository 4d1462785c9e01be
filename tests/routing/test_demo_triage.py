"""Honest routing in the demo city (#18.3): every letter waiting in the dispatcher's queue
(待分办) shows the router's top 3 with confidence on the triage page and in the staff API,
or says why not; the letters routed before the first model get its suggestions when it is
activated. load_demo, load_training and train_router as ``make run`` runs them."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from accounts.testing import VerifiedAPIClient, VerifiedClient
from demo.services import load_demo, load_training
from letters.models import Letter
from routing import services

WAITING = ["submitted", "accepted", "returned"]
API = "/api/v1/staff/letters/?" + "&".join(f"status={s}" for s in WAITING) + "&page_size=100"


def dispatcher_page() -> str:
    client = VerifiedClient()
    client.force_login(get_user_model().objects.get(username="fenban"))
    response = client.get("/workspace/triage/")
    assert response.status_code == 200
    return response.content.decode()


def dispatcher_api() -> list[dict[str, Any]]:
    client = VerifiedAPIClient()
    client.force_login(get_user_model().objects.get(username="fenban"))
    response = client.get(API)
    assert response.status_code == 200
    body = response.json()
    return list(body["results"] if isinstance(body, dict) else body)


def cards(html: str) -> dict[str, str]:
    """Each triage card's HTML by tracking number."""
    found = re.findall(
        r'<article class="ws-card ws-triage" data-tracking-number="([^"]+)".*?</article>',
        html,
        flags=re.S,
    )
    parts = re.split(r'(?=<article class="ws-card ws-triage")', html)[1:]
    return dict(zip(found, parts, strict=True))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_waiting_demo_letter_shows_its_top3_or_why_not(flushable_audit_log: None) -> None:
    # Real commits, as on a server: each letter is routed once its intake commits.
    load_demo()
    waiting = list(Letter.objects.filter(status__in=WAITING).order_by("received_at", "id"))
    assert len(waiting) == 7
    assert all(letter.routed_at is not None for letter in waiting)

    # Before any model: no suggestion, and the reason, for every waiting letter.
    html = dispatcher_page()
    shown = cards(html)
    assert set(shown) == {letter.tracking_number for letter in waiting}
    for card in shown.values():
        assert "分办模型尚未训练，暂无智能分办建议。" in card
    assert "分办模型尚未训练：来信只按规则自动分办，其余由分办员人工分办。" in html
    rows = dispatcher_api()
    assert len(rows) == 7
    for row in rows:
        assert row["routing"] == {
            "suggestions": [],
            "note": "分办模型尚未训练，暂无智能分办建议。",
            "threshold": None,
        }

    # The first model, once activated, suggests for the letters routed before it.
    assert load_training() == 1800
    result = services.train_router()
    assert result.activated
    version = result.version
    assert version.holdout_metrics["n_holdout"] > 300
    assert version.holdout_metrics["candidate_accuracy"] > 0.85
    assert 0.6 < version.threshold < 0.95  # realistic: the floor does not bind here
    assert 0.85 < version.metrics["accuracy"] < 0.97
    state = services.router_state()
    assert state.threshold == version.threshold

    html = dispatcher_page()
    assert f"分办模型 v{version.pk}（2026-11-20训练，样本{version.n_train}条）" in html
    shown = cards(html)
    for letter in waiting:
        letter.refresh_from_db()
        suggestions = letter.routing_suggestions
        assert len(suggestions) == 3, letter.title
        assert [s["reason"] for s in suggestions] == ["模型"] * 3
        confidences = [s["confidence"] for s in suggestions]
        assert confidences == sorted(confidences, reverse=True)
        card = shown[letter.tracking_number]
        assert card.count('<button type="submit" class="btn') == 4  # 3 suggestions + other
        for s in suggestions:
            assert re.search(rf'分办至 {s["department"]} <span class="ws-conf">\d+% · 模型', card)
        if confidences[0] < version.threshold:
            assert "模型把握不足" in card or "模型对所有部门都没有把握" in card
        else:
            assert "来信在当前模型启用前已分析，未自动分办，请人工确认。" in card
    rows = dispatcher_api()
    assert {row["tracking_number"] for row in rows} == {x.tracking_number for x in waiting}
    by_number = {x.tracking_number: x for x in waiting}
    for row in rows:
        routing = row["routing"]
        assert routing["suggestions"] == by_number[row["tracking_number"]].routing_suggestions
        assert routing["threshold"] == version.threshold
        assert routing["note"] != "分办模型尚未训练，暂无智能分办建议。"
