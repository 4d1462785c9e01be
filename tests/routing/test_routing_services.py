"""Routing in the desk: rules before the model, suggestions and auto-dispatch on intake,
corrections as training data, training with version history, import and evaluation."""

from __future__ import annotations

import csv
import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from demo.training import training_letters
from letters.models import Letter
from letters.services import workflow
from letters.services.intake import LetterSubmission, letter_submit
from org.models import Department
from routing import services
from routing.models import HistoricalLetter, KeywordRule, RouterVersion, RoutingCorrection
from tests.factories import staff_user

pytestmark = pytest.mark.django_db


# departments and trained come from tests/routing/conftest.py.


def submit(title: str, body: str, kind: str = "consultation") -> Letter:
    return letter_submit(
        submission=LetterSubmission(
            kind=kind, title=title, body=body, name="吕明", phone="13300001111"
        )
    ).letter


def test_training_keeps_every_version_with_metrics(trained: RouterVersion) -> None:
    second = services.train_router()

    assert trained.active is True
    assert trained.n_train == 192  # 80% of 15 categories x 16, the rest held back
    assert set(trained.metrics) >= {"macro_f1", "accuracy", "coverage_at_precision"}
    assert second.version.holdout_metrics["n_holdout"] == 48
    assert second.activated == (second.candidate_accuracy >= (second.active_accuracy or 0.0))
    assert RouterVersion.objects.count() == 2
    assert RouterVersion.objects.filter(active=True).count() == 1


def test_intake_stores_top3_model_suggestions(trained: RouterVersion) -> None:
    letter = submit(
        "住房公积金提取咨询", "我在临江市缴存住房公积金五年了，想用公积金支付房租，请问怎么提取？"
    )

    result = services.route_letter(letter_id=letter.pk)

    letter.refresh_from_db()
    assert len(letter.routing_suggestions) == 3
    top = letter.routing_suggestions[0]
    assert top["department"] == "临江市住房公积金管理中心"
    assert top["reason"] == "模型"
    assert 0 < top["confidence"] <= 1
    confidences = [s["confidence"] for s in letter.routing_suggestions]
    assert confidences == sorted(confidences, reverse=True)
    assert (letter.status == "dispatched") == result.auto_dispatched
    assert services.route_letter(letter_id=letter.pk).suggestions == []  # idempotent


def test_keyword_rule_wins_over_the_model_and_dispatches(
    trained: RouterVersion, departments: dict[str, Department]
) -> None:
    target = departments["LJ-STJ"]
    KeywordRule.objects.create(
        name="垃圾焚烧", keywords="焚烧厂，垃圾焚烧", department=target, priority=1
    )
    letter = submit(
        "小区附近焚烧厂有异味", "每天晚上焚烧厂排出刺鼻气味，请尽快处理。", kind="complaint"
    )

    result = services.route_letter(letter_id=letter.pk)

    letter.refresh_from_db()
    assert result.auto_dispatched is True
    assert (letter.status, letter.department_id) == ("dispatched", target.pk)
    assert letter.routing_suggestions[0]["reason"] == "关键词规则：垃圾焚烧（焚烧厂）"
    assert (
        letter.events.get(action="dispatch").note
        == "系统自动分办（关键词规则：垃圾焚烧（焚烧厂））"
    )


def test_dispatcher_choosing_another_unit_is_recorded(departments: dict[str, Department]) -> None:
    suggested, other = departments["LJ-GJJ"], departments["LJ-ZJJ"]
    letter = submit("公积金贷款额度", "公积金贷款最高能贷多少，需要哪些材料？")
    Letter.objects.filter(pk=letter.pk).update(
        routing_suggestions=[
            {
                "department_id": suggested.pk,
                "department": suggested.name,
                "confidence": 0.6,
                "reason": "模型",
            }
        ]
    )
    dispatcher = staff_user("dsp", "dispatcher", suggested)

    workflow.letter_dispatch(letter_id=letter.pk, actor=dispatcher, department_id=other.pk)
    workflow.letter_transfer(
        letter_id=letter.pk, actor=dispatcher, department_id=suggested.pk, reason="改派"
    )

    correction = RoutingCorrection.objects.get()
    assert (correction.suggested_id, correction.chosen_id, correction.actor) == (
        suggested.pk,
        other.pk,
        dispatcher,
    )


def test_train_router_command_refuses_without_data() -> None:
    with pytest.raises(CommandError) as excinfo:
        call_command("train_router", stdout=StringIO())
    assert str(excinfo.value) == "训练数据不足：0条，0个类别（至少20条、2个类别）。"


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_import_letters_all_or_nothing_with_row_errors(
    tmp_path: Path, departments: dict[str, Department]
) -> None:
    good = write_csv(
        tmp_path / "good.csv",
        [
            {"标题": "路灯不亮", "内容": "小区门口路灯坏了一周", "部门": "临江市城市管理局"},
            {"标题": "学位咨询", "内容": "随迁子女如何申请学位", "部门": "LJ-JYJ"},
        ],
    )
    bad = write_csv(
        tmp_path / "bad.csv",
        [
            {"标题": "路灯不亮", "内容": "小区门口路灯坏了一周", "部门": "临江市城市管理局"},
            {"标题": "空内容", "内容": "", "部门": "不存在的局"},
        ],
    )
    mapping = "title=标题,body=内容,department=部门"

    out = StringIO()
    call_command("import_letters", str(good), "--map", mapping, "--dry-run", stdout=out)
    assert out.getvalue() == "共2行，检查通过（试运行，未导入）。\n"
    assert HistoricalLetter.objects.count() == 0
    call_command("import_letters", str(good), "--map", mapping, stdout=StringIO())
    assert HistoricalLetter.objects.count() == 2

    errors = StringIO()
    with pytest.raises(CommandError) as excinfo:
        call_command("import_letters", str(bad), "--map", mapping, stdout=StringIO(), stderr=errors)
    assert str(excinfo.value) == "共2行，1处错误，未导入任何数据。"
    assert errors.getvalue() == "第3行：内容为空；找不到承办单位或类别对照“不存在的局”\n"
    assert HistoricalLetter.objects.count() == 2


def test_imported_replies_train_the_department_model(
    tmp_path: Path, departments: dict[str, Department]
) -> None:
    rows = [
        {
            "内容": row["body"],
            "部门": row["department"],
            "答复": f"答复{i}：已转{row['department']}办理。",
        }
        for i, row in enumerate(training_letters(per_category=6, seed=4))
    ]
    rows[0]["答复"] = ""
    path = write_csv(tmp_path / "history.csv", rows)

    call_command(
        "import_letters",
        str(path),
        "--map",
        "body=内容,department=部门,reply=答复",
        stdout=StringIO(),
    )
    stored = HistoricalLetter.objects.order_by("id")
    assert stored.count() == len(rows)
    assert [h.reply for h in stored[:2]] == ["", rows[1]["答复"]]

    version = services.train_router().version
    n_train = version.n_train
    # Only replies of training letters (not the held-back recent ones) train.
    train_replies = [
        e.reply for e in sorted(services.training_examples("department"), key=lambda e: str(e.when))
    ][:n_train]
    assert version.metrics["n_replies"] == sum(1 for reply in train_replies if reply) > 0


def test_import_letters_reads_xlsx_and_names_missing_columns(
    tmp_path: Path, departments: dict[str, Department]
) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["title", "body", "category"])
    sheet.append(["噪音扰民", "工地夜间施工噪音很大", "环境保护"])
    path = tmp_path / "old.xlsx"
    book.save(path)
    from routing.models import CategoryMapping

    CategoryMapping.objects.create(category="环境保护", department=departments["LJ-STJ"])

    call_command(
        "import_letters",
        str(path),
        "--map",
        "title=title,body=body,category=category",
        stdout=StringIO(),
    )
    with pytest.raises(CommandError):
        call_command(
            "import_letters",
            str(path),
            "--map",
            "body=正文,category=category",
            stdout=StringIO(),
            stderr=StringIO(),
        )

    assert HistoricalLetter.objects.get().department == departments["LJ-STJ"]


def test_evaluate_router_prints_one_json_line_last(tmp_path: Path) -> None:
    rows = [
        {"title": row["title"], "body": row["body"], "category": row["department"]}
        for row in training_letters(per_category=12, seed=5)
        if row["department"] in {"LJ-GJJ", "LJ-JTJ", "LJ-STJ"}
    ]
    path = write_csv(tmp_path / "train.csv", rows)
    out = StringIO()

    call_command(
        "evaluate_router",
        "--train",
        str(path),
        "--text-columns",
        "title,body",
        "--label-column",
        "category",
        stdout=out,
    )

    result: dict[str, Any] = json.loads(out.getvalue().strip().splitlines()[-1])
    assert list(result) == [
        "macro_f1",
        "accuracy",
        "top3_accuracy",
        "coverage_at_precision",
        "precision_auto",
        "ms_per_letter",
        "n_train",
        "n_test",
    ]
    # 5-fold cross-validation: every letter is tested once; each fold trains on about 4/5.
    assert (result["n_train"], result["n_test"]) == (29, 36)
    assert 0.0 <= result["macro_f1"] <= 1.0


def test_evaluate_router_trains_on_a_reply_column_and_tests_letters_only(tmp_path: Path) -> None:
    rows = [
        {"body": row["body"], "category": row["department"], "reply": f"{row['department']}答复"}
        for row in training_letters(per_category=12, seed=5)
        if row["department"] in {"LJ-GJJ", "LJ-JTJ", "LJ-STJ"}
    ]
    path = write_csv(tmp_path / "train.csv", rows)
    out = StringIO()
    args = ["--train", str(path), "--text-columns", "body", "--label-column", "category"]

    call_command("evaluate_router", *args, "--reply-column", "reply", stdout=out)

    result: dict[str, Any] = json.loads(out.getvalue().strip().splitlines()[-1])
    assert (result["n_train"], result["n_test"]) == (29, 36)
    with pytest.raises(CommandError) as excinfo:
        call_command("evaluate_router", *args, "--reply-column", "答复", stdout=StringIO())
    assert str(excinfo.value).startswith("缺少列: 答复")


def test_evaluate_router_missing_column_is_a_clear_error(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "x.csv", [{"text": "你好", "label": "a"}])

    with pytest.raises(CommandError) as excinfo:
        call_command(
            "evaluate_router",
            "--train",
            str(path),
            "--text-columns",
            "title,body",
            "--label-column",
            "category",
            stdout=StringIO(),
        )

    assert str(excinfo.value).startswith("缺少列: title, body, category")
