"""Honest routing (#18.3): the model dispatches alone only at max(stored threshold, floor
DESK_ROUTER_MIN_AUTO_PROBABILITY); every routed letter keeps its top 3 with confidence;
a letter without suggestions says why. A fixed model stands for a trained one, so the
probabilities are exact; the clock is frozen."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.conf import LazySettings
from django.core.management import call_command
from django.utils import timezone

from letters.models import Letter
from letters.services.intake import LetterSubmission, letter_submit
from org.models import Department
from routing import services
from routing.engine import RouterModel
from routing.models import RouterVersion
from tests.conftest import TEST_NOW
from tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db

CODES = ("LJ-GJJ", "LJ-ZJJ", "LJ-RSJ")


class FixedModel(RouterModel):
    """A department model that gives every letter the same top 3 (code, probability)."""

    def __init__(self, top: list[tuple[str, float]], threshold: float | None) -> None:
        super().__init__(None, {"threshold": threshold, "labels": [c for c, _ in top]})  # type: ignore[arg-type]
        self.top = top

    def predict_top_batch(self, texts: Any, k: int = 3) -> list[list[tuple[str, float]]]:
        return [self.top[:k] for _ in texts]


@pytest.fixture
def units() -> dict[str, Department]:
    return {code: DepartmentFactory(code=code, name=f"单位{code}") for code in CODES}


@pytest.fixture
def frozen() -> Iterator[None]:
    with time_machine.travel(TEST_NOW, tick=False):
        yield


def use_model(monkeypatch: pytest.MonkeyPatch, top_probability: float, threshold: float) -> None:
    rest = (1.0 - top_probability) / 2
    model = FixedModel([("LJ-GJJ", top_probability), ("LJ-ZJJ", rest), ("LJ-RSJ", rest)], threshold)
    monkeypatch.setattr(
        services, "active_model", lambda task: model if task == "department" else None
    )


def submit() -> Letter:
    # No model during intake: the letter is routed below, with the fixed model.
    letter = letter_submit(
        submission=LetterSubmission(
            kind="consultation",
            title="公积金提取",
            body="租房能否提取住房公积金？需要哪些材料？",
            name="吕明",
            phone="13300001111",
        )
    ).letter
    Letter.objects.filter(pk=letter.pk).update(routed_at=None, routing_suggestions=[])
    return letter


def route(letter: Letter) -> Letter:
    services.route_letter(letter_id=letter.pk)
    letter.refresh_from_db()
    return letter


def top3(letter: Letter) -> list[tuple[str, float, str]]:
    return [(s["department"], s["confidence"], s["reason"]) for s in letter.routing_suggestions]


def test_half_sure_is_not_dispatched_even_above_the_stored_threshold_but_keeps_its_top3(
    units: dict[str, Department], monkeypatch: pytest.MonkeyPatch, frozen: None
) -> None:
    use_model(monkeypatch, 0.5, threshold=0.1)

    letter = route(submit())

    assert letter.status == "submitted"
    assert letter.department_id is None
    assert top3(letter) == [
        ("单位LJ-GJJ", 0.5, "模型"),
        ("单位LJ-ZJJ", 0.25, "模型"),
        ("单位LJ-RSJ", 0.25, "模型"),
    ]
    advice = services.letter_advice(letter, services.RouterState(version(0.1)))
    assert advice.note == "模型把握不足（最高50%，自动分办需不低于60%），请人工确认。"
    assert advice.suggestions == letter.routing_suggestions
    assert advice.threshold == 0.6


def test_seventy_percent_is_dispatched(
    units: dict[str, Department], monkeypatch: pytest.MonkeyPatch, frozen: None
) -> None:
    use_model(monkeypatch, 0.7, threshold=0.1)

    letter = route(submit())

    assert (letter.status, letter.department_id) == ("dispatched", units["LJ-GJJ"].pk)
    assert top3(letter)[0] == ("单位LJ-GJJ", 0.7, "模型")
    assert letter.events.get(action="dispatch").note == "系统自动分办（模型）"


@pytest.mark.parametrize(
    ("floor", "probability", "stored", "dispatched"),
    [
        (0.8, 0.7, 0.1, False),  # a higher floor holds 70 % back
        (0.8, 0.8, 0.1, True),  # at the floor exactly
        (0.0, 0.5, 0.1, True),  # no floor: the stored threshold alone
        (0.3, 0.5, 0.55, False),  # the stored threshold above the floor still counts
    ],
)
def test_the_floor_setting_is_honoured(
    units: dict[str, Department],
    monkeypatch: pytest.MonkeyPatch,
    settings: LazySettings,
    frozen: None,
    floor: float,
    probability: float,
    stored: float,
    dispatched: bool,
) -> None:
    settings.DESK = dataclasses.replace(settings.DESK, router_min_auto_probability=floor)
    use_model(monkeypatch, probability, threshold=stored)

    letter = route(submit())

    assert (letter.status == "dispatched") is dispatched
    assert len(letter.routing_suggestions) == 3
    assert services.effective_threshold(stored) == max(stored, floor)


def test_the_default_floor_is_sixty_percent() -> None:
    from django.conf import settings

    assert settings.DESK.router_min_auto_probability == 0.6
    assert services.effective_threshold(0.099) == 0.6
    assert services.effective_threshold(0.77) == 0.77
    assert services.effective_threshold(None) is None


def test_engine_effective_threshold_and_floor() -> None:
    model = FixedModel([("a", 0.5), ("b", 0.5)], threshold=0.1)
    assert model.effective_threshold() == 0.1
    assert model.effective_threshold(0.6) == 0.6
    assert model.should_auto_dispatch(0.5) is True
    assert model.should_auto_dispatch(0.5, 0.6) is False
    assert model.should_auto_dispatch(0.6, 0.6) is True
    never = FixedModel([("a", 0.5), ("b", 0.5)], threshold=None)
    assert never.effective_threshold(0.6) is None
    assert never.should_auto_dispatch(1.0, 0.0) is False


def version(threshold: float, created_at: Any = None) -> RouterVersion:
    return RouterVersion.objects.create(
        task="department",
        artifact="/nonexistent",
        active=False,  # RouterState is given the version; nothing loads it
        n_train=1465,
        threshold=threshold,
        fingerprint="x",
        created_at=created_at or timezone.now(),
    )


def test_the_reasons_for_no_suggestion_and_for_no_dispatch(
    units: dict[str, Department], frozen: None
) -> None:
    letter = submit()  # routed_at cleared: routing has not run yet
    none = services.RouterState(None)
    assert services.letter_advice(letter, none).note == (
        "路由未完成：来信正在分析，稍后刷新即可看到分办建议。"
    )

    letter.routed_at = timezone.now()
    assert services.letter_advice(letter, none).note == "分办模型尚未训练，暂无智能分办建议。"
    assert none.threshold is None
    assert none.description == ("分办模型尚未训练：来信只按规则自动分办，其余由分办员人工分办。")

    later = services.RouterState(version(0.099, timezone.now() + timedelta(hours=1)))
    assert services.letter_advice(letter, later).note == (
        "来信在模型训练前提交，当时没有可用的分办模型。"
    )
    assert later.threshold == 0.6
    assert later.description == (
        f"分办模型 v{later.version.pk}（2026-11-20训练，样本1465条）："  # type: ignore[union-attr]
        "最高置信度不低于60%时自动分办（训练确定的阈值10%，下限60%）。"
    )

    letter.routing_suggestions = [
        {
            "department_id": units[c].pk,
            "department": units[c].name,
            "confidence": p,
            "reason": "模型",
        }
        for c, p in zip(CODES, (0.24, 0.2, 0.1), strict=True)
    ]
    state = services.RouterState(version(0.099, timezone.now() - timedelta(days=1)))
    advice = services.letter_advice(letter, state)
    assert advice.note == "模型对所有部门都没有把握（最高24%），以下建议仅供参考。"
    assert advice.as_dict() == {
        "suggestions": letter.routing_suggestions,
        "note": advice.note,
        "threshold": 0.6,
    }
    letter.routing_suggestions[0]["confidence"] = 0.45
    assert services.letter_advice(letter, state).note == (
        "模型把握不足（最高45%，自动分办需不低于60%），请人工确认。"
    )
    letter.routing_suggestions[0]["confidence"] = 0.9
    assert services.letter_advice(letter, state).note == ""
    letter.routed_at = timezone.now() - timedelta(days=2)  # before the model: not dispatched
    assert services.letter_advice(letter, state).note == (
        "来信在当前模型启用前已分析，未自动分办，请人工确认。"
    )

    letter.kind = "site_error"
    letter.routing_suggestions = []
    assert services.letter_advice(letter, state).note == (
        "此类来信按写信人指定的对象分办，未找到对应的承办单位，请人工分办。"
    )


def test_train_router_prints_the_stored_and_the_effective_threshold(
    trained: RouterVersion,
) -> None:
    out = StringIO()
    call_command("train_router", stdout=out)
    version = RouterVersion.objects.order_by("-pk").first()
    assert version is not None
    first, second = out.getvalue().splitlines()
    effective = max(version.threshold, 0.6)
    assert first.startswith(
        f"模型版本{version.pk}：训练样本{version.n_train}条，自动分办阈值{version.threshold:.3f}，"
        f"生效阈值{effective:.3f}（下限0.600），"
    )
    assert second.startswith("交叉验证：准确率")
    assert version.metrics["min_auto_probability"] == 0.6
