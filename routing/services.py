"""Routing services: suggestions on intake, auto-dispatch, training and corrections.

Order of evidence (DESIGN.md §5): explicit targets, then admin keyword/region rules, then
the classifier. Suggestions (top 3 with confidence and reason) are stored on the letter,
whatever the model's confidence; a letter is dispatched without a human only when the
evidence is a rule or the model's top probability reaches the effective threshold: the one
fixed at training time for the target precision or the floor
``DESK_ROUTER_MIN_AUTO_PROBABILITY``, whichever is higher. A model activated later gives
its suggestions to the letters still waiting for the dispatcher (``refresh_waiting``).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core import outbox
from core.conf import desk_settings
from letters.choices import LetterKind, LetterStatus
from letters.models import Letter
from letters.services.workflow import TransitionNotAllowed, letter_dispatch
from org.models import Department
from org.selectors import StaffUser
from routing.engine import RouterModel
from routing.models import HistoricalLetter, KeywordRule, RouterVersion, RoutingCorrection
from routing.rules import Suggestion, explicit_target

logger = logging.getLogger(__name__)

# The kind model's labels (as in the old systems' data) → the kind we would suggest.
KIND_LABELS = {
    "咨询": LetterKind.CONSULTATION,
    "投诉/求助": LetterKind.COMPLAINT,
    "投诉求助": LetterKind.COMPLAINT,
    "建言": LetterKind.SUGGESTION,
    "建议": LetterKind.SUGGESTION,
}
KIND_GROUPS = {
    LetterKind.CONSULTATION: {LetterKind.CONSULTATION},
    LetterKind.COMPLAINT: {LetterKind.COMPLAINT, LetterKind.HELP, LetterKind.REPORT},
    LetterKind.SUGGESTION: {LetterKind.SUGGESTION},
}
# Kinds whose target the writer names; the model is not asked about them.
MODEL_KINDS = {
    LetterKind.CONSULTATION,
    LetterKind.COMPLAINT,
    LetterKind.SUGGESTION,
    LetterKind.HELP,
    LetterKind.REPORT,
}

_lock = threading.Lock()
_loaded: dict[str, tuple[int, RouterModel]] = {}


def letter_text(title: str, body: str) -> str:
    return f"{title}\n{body}".strip()


def min_auto_probability() -> float:
    """The floor under the trained threshold (``DESK_ROUTER_MIN_AUTO_PROBABILITY``)."""
    return desk_settings().router_min_auto_probability


def effective_threshold(stored: float | None) -> float | None:
    """The top-1 probability a model needs to dispatch alone: max(stored, floor); None
    (or a stored 1.0 and above, which is how a version without threshold is kept): never."""
    if stored is None:
        return None
    return max(stored, min_auto_probability())


def active_model(task: str) -> RouterModel | None:
    """The active model of ``task``, loaded once per process and version."""
    version = RouterVersion.objects.filter(task=task, active=True).first()
    if version is None:
        return None
    with _lock:
        cached = _loaded.get(task)
        if cached is None or cached[0] != version.pk:
            try:
                model = RouterModel.load(version.artifact)
            except (OSError, ValueError):
                logger.exception("router model %s could not be loaded", version.pk)
                return None
            _loaded[task] = (version.pk, model)
            cached = _loaded[task]
        return cached[1]


def keyword_suggestion(
    letter: Letter, rules: Sequence[KeywordRule] | None = None
) -> Suggestion | None:
    text = letter_text(letter.title, letter.body)
    if rules is None:
        rules = list(KeywordRule.objects.filter(active=True).select_related("department"))
    for rule in rules:
        hit = next((k for k in rule.keyword_list() if k in text), None)
        region_ok = not rule.region or rule.region in text or rule.region in letter.address
        if hit is not None and region_ok:
            return Suggestion(
                rule.department_id, rule.department.name, 1.0, f"关键词规则：{rule.name}（{hit}）"
            )
    return None


def model_suggestions(
    letter: Letter,
    model: RouterModel,
    departments: dict[str, Department] | None = None,
    top: Sequence[tuple[str, float]] | None = None,
) -> list[Suggestion]:
    if departments is None:
        departments = {d.code: d for d in Department.objects.filter(active=True)}
    if top is None:
        top = model.predict_top(letter_text(letter.title, letter.body), k=3)
    result: list[Suggestion] = []
    for label, probability in top:
        department = departments.get(label)
        if department is not None:
            result.append(
                Suggestion(department.pk, department.name, round(float(probability), 4), "模型")
            )
    return result


@dataclass(frozen=True)
class RouteResult:
    suggestions: list[Suggestion]
    auto_dispatched: bool


class _Batch:
    """What the letters routed together share: the active models, the keyword rules and
    the departments (each read once, when first needed) and the models' predictions for
    every letter's text, computed in one call per model (one vectorisation)."""

    def __init__(self) -> None:
        self._models: dict[str, RouterModel | None] = {}
        self._rules: list[KeywordRule] | None = None
        self._departments: dict[str, Department] | None = None
        self.departments_top: dict[str, list[tuple[str, float]]] = {}
        self.kinds_top: dict[str, tuple[str, float]] = {}

    def model(self, task: str) -> RouterModel | None:
        if task not in self._models:
            self._models[task] = active_model(task)
        return self._models[task]

    @property
    def rules(self) -> list[KeywordRule]:
        if self._rules is None:
            self._rules = list(KeywordRule.objects.filter(active=True).select_related("department"))
        return self._rules

    @property
    def departments(self) -> dict[str, Department]:
        if self._departments is None:
            self._departments = {d.code: d for d in Department.objects.filter(active=True)}
        return self._departments

    def predict(self, texts: list[str]) -> None:
        if not texts:
            return
        department_model = self.model(RouterVersion.Task.DEPARTMENT)
        if department_model is not None:
            tops = department_model.predict_top_batch(texts, k=3)
            self.departments_top.update(zip(texts, tops, strict=True))
        kind_model = self.model(RouterVersion.Task.KIND)
        if kind_model is not None:
            tops = kind_model.predict_top_batch(texts, k=1)
            self.kinds_top.update((t, top[0]) for t, top in zip(texts, tops, strict=True))


# Set while a batch routes its letters: suggest_kind reads the batch's predictions.
_current_batch: ContextVar[_Batch | None] = ContextVar("routing_batch", default=None)


def route_letter(*, letter_id: int) -> RouteResult:
    """Store suggestions once, then dispatch automatically when the evidence is strong."""
    result = _route_one(letter_id, _Batch())
    assert result is not None  # a blocking lock never skips the letter
    return result


def _route_one(
    letter_id: int, batch: _Batch, *, skip_locked: bool = False, outbox_ids: list[int] | None = None
) -> RouteResult | None:
    """Route one letter in its own transaction; ``outbox_ids`` (its routing messages) are
    marked done in that same transaction. With ``skip_locked`` a letter another worker is
    routing right now is left to it (None)."""
    with transaction.atomic():
        letters = Letter.objects.select_for_update(of=("self",), skip_locked=skip_locked)
        letter = (
            letters.select_related("leader__office", "solicitation__owner")
            .filter(pk=letter_id, routed_at__isnull=True)
            .first()
        )
        if letter is None:
            if skip_locked and Letter.objects.filter(pk=letter_id, routed_at__isnull=True).exists():
                return None  # locked by another worker: its routing marks the message
            outbox.mark_done_many(outbox_ids or [])  # routed before: the effect is there
            return RouteResult([], auto_dispatched=False)
        suggestions: list[Suggestion] = []
        auto = False
        rule = explicit_target(letter) or (
            keyword_suggestion(letter, batch.rules) if letter.kind in MODEL_KINDS else None
        )
        if rule is not None:
            suggestions.append(rule)
            auto = True
        model = batch.model(RouterVersion.Task.DEPARTMENT) if letter.kind in MODEL_KINDS else None
        if model is not None:
            top = batch.departments_top.get(letter_text(letter.title, letter.body))
            predicted = model_suggestions(letter, model, batch.departments, top)
            if not suggestions and predicted:
                auto = model.should_auto_dispatch(predicted[0].confidence, min_auto_probability())
            seen = {s.department_id for s in suggestions}
            suggestions += [s for s in predicted if s.department_id not in seen]
        suggestions = suggestions[:3]
        letter.routing_suggestions = [s.as_dict() for s in suggestions]
        token = _current_batch.set(batch)
        try:
            letter.kind_suggestion = suggest_kind(letter)
        finally:
            _current_batch.reset(token)
        letter.routed_at = timezone.now()
        letter.save(
            update_fields=["routing_suggestions", "kind_suggestion", "routed_at", "updated_at"]
        )
        # Suggestions and the automatic dispatch commit together: a worker killed in
        # between must not leave a letter marked routed but never dispatched.
        dispatched = False
        # A letter flagged by the sensitive-word list waits for the dispatcher's review.
        if (
            auto
            and suggestions
            and letter.status == LetterStatus.SUBMITTED
            and not letter.sensitive_flagged
        ):
            try:
                letter_dispatch(
                    letter_id=letter.pk,
                    actor=None,
                    department_id=suggestions[0].department_id,
                    note=f"系统自动分办（{suggestions[0].reason}）",
                )
                dispatched = True
            except (TransitionNotAllowed, ValueError) as exc:
                logger.info("auto-dispatch of %s skipped: %s", letter.pk, exc)
        outbox.mark_done_many(outbox_ids or [])
    return RouteResult(suggestions, auto_dispatched=dispatched)


# A routing task finding at least BATCH_MIN_WAITING other routing messages taken by the
# broker and not applied yet (a deep queue: a burst, or a worker back after an outage)
# routes up to BATCH_SIZE of them too, newest first (the queue's head is what the other
# workers are taking). Their own tasks, delivered later, find them routed and do nothing.
ROUTE_TASK = "routing.route_letter"
BATCH_SIZE = 50
BATCH_MIN_WAITING = 10


def route_waiting(
    *, limit: int = BATCH_SIZE, min_waiting: int = BATCH_MIN_WAITING, exclude: int | None = None
) -> int:
    """Route, in one go, letters whose routing message waits in a deep queue; each in its
    own transaction that also marks its message done. Return how many letters were
    handled (routed now, or found routed and their message marked done)."""
    waiting = outbox.waiting(ROUTE_TASK, limit=limit + 1)
    by_letter: dict[int, list[int]] = {}
    for message_id, payload in waiting:
        letter_id = payload.get("letter_id")
        if isinstance(letter_id, int) and letter_id != exclude:
            by_letter.setdefault(letter_id, []).append(message_id)
    if len(by_letter) < min_waiting:
        return 0
    letter_ids = list(by_letter)[:limit]
    batch = _Batch()
    batch.predict(
        [
            letter_text(title, body)
            for title, body in Letter.objects.filter(
                pk__in=letter_ids, routed_at__isnull=True, kind__in=MODEL_KINDS
            ).values_list("title", "body")
        ]
    )
    handled = 0
    for letter_id in letter_ids:
        result = _route_one(letter_id, batch, skip_locked=True, outbox_ids=by_letter[letter_id])
        handled += result is not None
    return handled


def suggest_kind(letter: Letter) -> str:
    """A better kind when the kind model disagrees with the writer's choice, else ''."""
    if letter.kind not in MODEL_KINDS:
        return ""
    batch = _current_batch.get()
    model = (
        batch.model(RouterVersion.Task.KIND)
        if batch is not None
        else active_model(RouterVersion.Task.KIND)
    )
    if model is None:
        return ""
    text = letter_text(letter.title, letter.body)
    top = batch.kinds_top.get(text) if batch is not None else None
    label, probability = top or model.predict_top(text, k=1)[0]
    kind = KIND_LABELS.get(label)
    if kind is None or not model.should_auto_dispatch(probability):
        return ""
    return "" if letter.kind in KIND_GROUPS[kind] else str(kind)


def record_correction(letter: Letter, department_id: int, actor: StaffUser | None) -> None:
    """Listener of letters' dispatch: a human choosing another unit is training data."""
    if actor is None or not letter.routing_suggestions:
        return
    suggested = letter.routing_suggestions[0]["department_id"]
    if suggested != department_id:
        RoutingCorrection.objects.create(
            letter=letter, suggested_id=suggested, chosen_id=department_id, actor=actor
        )


# --- training --------------------------------------------------------------------------


@dataclass(frozen=True)
class Example:
    text: str
    label: str
    when: datetime
    reply: str = ""  # the department's reply: extra training text for its label


def _when(received_on: date | None, fallback: datetime) -> datetime:
    """When a historical letter arrived (its date, else when it was imported), comparable
    with our own letters' ``received_at``: the most recent examples are held back."""
    if received_on is None:
        return fallback
    return timezone.make_aware(datetime.combine(received_on, time(12)))


def training_examples(task: str) -> list[Example]:
    """Imported history plus our own dispatched letters (their final department).

    For the department task each example carries the letter's reply, if it has one: the
    engine learns the answering department's own vocabulary from it (never predicts on it).
    """
    replies = task == RouterVersion.Task.DEPARTMENT
    examples: list[Example] = []
    history = HistoricalLetter.objects.select_related("department")
    for row in history.iterator():
        label = row.department.code if task == RouterVersion.Task.DEPARTMENT else row.kind
        if label:
            examples.append(
                Example(
                    letter_text(row.title, row.body),
                    label,
                    _when(row.received_on, row.imported_at),
                    row.reply if replies else "",
                )
            )
    if task == RouterVersion.Task.DEPARTMENT:
        own = (
            Letter.objects.filter(department__isnull=False, kind__in=MODEL_KINDS)
            .exclude(status__in=[LetterStatus.REJECTED, LetterStatus.MERGED])
            .exclude(Q(status=LetterStatus.RETURNED))
            .select_related("department")
        )
        for letter in own.iterator():
            if letter.department is not None:
                examples.append(
                    Example(
                        letter_text(letter.title, letter.body),
                        letter.department.code,
                        letter.received_at,
                        letter.reply_text,
                    )
                )
    return examples


@dataclass(frozen=True)
class TrainResult:
    version: RouterVersion
    activated: bool
    candidate_accuracy: float
    active_accuracy: float | None


def _accuracy(model: RouterModel, examples: list[Example]) -> float:
    if not examples:
        return 0.0
    top = model.predict_top_batch([e.text for e in examples], k=1)
    return sum(1 for e, best in zip(examples, top, strict=True) if best[0][0] == e.label) / len(
        examples
    )


def train_router(*, task: str = "department", holdout_share: float = 0.2) -> TrainResult:
    """Train a candidate, compare it with the active model on the most recent held-back
    examples, and activate it only if it is not worse. Every version is kept."""
    examples = sorted(training_examples(task), key=lambda e: e.when)
    labels = {e.label for e in examples}
    if len(examples) < 20 or len(labels) < 2:
        raise ValueError(
            f"训练数据不足：{len(examples)}条，{len(labels)}个类别（至少20条、2个类别）。"
        )
    cut = max(1, int(len(examples) * (1 - holdout_share)))
    train, holdout = examples[:cut], examples[cut:]
    if len({e.label for e in train}) < 2:
        train, holdout = examples, []
    candidate = RouterModel.train(
        [e.text for e in train],
        [e.label for e in train],
        replies=[e.reply for e in train],
        target_precision=desk_settings().router_target_precision,
        min_auto_probability=min_auto_probability(),
    )
    current = active_model(task)
    candidate_accuracy = _accuracy(candidate, holdout)
    active_accuracy = _accuracy(current, holdout) if current is not None else None
    activate = active_accuracy is None or candidate_accuracy >= active_accuracy
    models_dir = Path(settings.VAR_DIR) / "models"
    models_dir.mkdir(parents=True, exist_ok=True)
    path = models_dir / f"router-{task}-{timezone.now():%Y%m%d%H%M%S%f}.joblib"
    candidate.save(path)
    with transaction.atomic():
        if activate:
            RouterVersion.objects.filter(task=task, active=True).update(active=False)
        version = RouterVersion.objects.create(
            task=task,
            artifact=str(path),
            active=activate,
            n_train=len(train),
            threshold=float(candidate.threshold or 1.0),
            fingerprint=candidate.fingerprint,
            metrics=dict(candidate.metrics),
            holdout_metrics={
                "n_holdout": len(holdout),
                "candidate_accuracy": round(candidate_accuracy, 4),
                "active_accuracy": None if active_accuracy is None else round(active_accuracy, 4),
            },
            note="已启用" if activate else "留出集准确率低于在用模型，未启用",
        )
    if activate:
        refresh_waiting()
    return TrainResult(version, activate, candidate_accuracy, active_accuracy)


# --- suggestions for the letters waiting in triage ---------------------------------------

# The dispatcher's queue (待分办: letters.selectors.inbox_filters "to_dispatch").
WAITING_STATUSES = (LetterStatus.SUBMITTED, LetterStatus.ACCEPTED, LetterStatus.RETURNED)
MODEL_REASON = "模型"
# Below this top probability the model is sure of no unit at all.
UNSURE_PROBABILITY = 0.3


def refresh_waiting(*, limit: int = 5000) -> int:
    """Give the letters waiting for the dispatcher the active department model's top 3
    (after any rule's suggestion, which stays first); return how many changed.

    Called when a model is activated: letters routed before any model (or by an older one)
    show what the model in use says. Nothing is dispatched: these letters are in a human's
    queue already."""
    model = active_model(RouterVersion.Task.DEPARTMENT)
    if model is None:
        return 0
    letters = list(
        Letter.objects.filter(
            status__in=WAITING_STATUSES, routed_at__isnull=False, kind__in=MODEL_KINDS
        ).order_by("received_at", "id")[:limit]
    )
    if not letters:
        return 0
    departments = {d.code: d for d in Department.objects.filter(active=True)}
    tops = model.predict_top_batch([letter_text(x.title, x.body) for x in letters], k=3)
    changed = 0
    for letter, top in zip(letters, tops, strict=True):
        kept = [s for s in letter.routing_suggestions or [] if s.get("reason") != MODEL_REASON]
        seen = {s.get("department_id") for s in kept}
        predicted = model_suggestions(letter, model, departments, top)
        fresh = (kept + [s.as_dict() for s in predicted if s.department_id not in seen])[:3]
        if fresh != letter.routing_suggestions:
            # Only the suggestions: the letter's case (status, clock, updated_at) is untouched.
            Letter.objects.filter(pk=letter.pk).update(routing_suggestions=fresh)
            changed += 1
    return changed


@dataclass(frozen=True)
class RouterState:
    """The active department model as the desk applies it (read once per page or list)."""

    version: RouterVersion | None

    @property
    def threshold(self) -> float | None:
        """The effective auto-dispatch threshold: max(stored, floor); None: never."""
        if self.version is None or self.version.threshold >= 1.0:
            return None
        return effective_threshold(self.version.threshold)

    @property
    def description(self) -> str:
        """One line for the dispatcher: which model, and when it dispatches alone."""
        version = self.version
        if version is None:
            return "分办模型尚未训练：来信只按规则自动分办，其余由分办员人工分办。"
        trained = timezone.localtime(version.created_at).strftime("%Y-%m-%d")
        threshold = self.threshold
        if threshold is None:
            rule = "该模型达不到目标准确率，不自动分办"
        else:
            rule = (
                f"最高置信度不低于{percent(threshold)}时自动分办（训练确定的阈值"
                f"{percent(version.threshold)}，下限{percent(min_auto_probability())}）"
            )
        return f"分办模型 v{version.pk}（{trained}训练，样本{version.n_train}条）：{rule}。"


def router_state() -> RouterState:
    return RouterState(
        RouterVersion.objects.filter(task=RouterVersion.Task.DEPARTMENT, active=True).first()
    )


def percent(value: float) -> str:
    return f"{value * 100:.0f}%"


@dataclass(frozen=True)
class Advice:
    """What the dispatcher sees of the router for one letter: the stored top 3 (with
    confidence and reason) and, where it helps, why there is none or why the letter was
    not dispatched automatically."""

    suggestions: list[dict[str, Any]]
    note: str
    threshold: float | None

    def as_dict(self) -> dict[str, Any]:
        return {"suggestions": self.suggestions, "note": self.note, "threshold": self.threshold}


def letter_advice(letter: Letter, state: RouterState | None = None) -> Advice:
    state = state or router_state()
    suggestions = list(letter.routing_suggestions or [])[:3]
    threshold = state.threshold
    if letter.routed_at is None:
        note = "路由未完成：来信正在分析，稍后刷新即可看到分办建议。"
    elif not suggestions:
        if letter.kind not in MODEL_KINDS:
            note = "此类来信按写信人指定的对象分办，未找到对应的承办单位，请人工分办。"
        elif state.version is None:
            note = "分办模型尚未训练，暂无智能分办建议。"
        elif letter.routed_at < state.version.created_at:
            note = "来信在模型训练前提交，当时没有可用的分办模型。"
        else:
            note = "模型建议的承办单位均已停用或不在本系统中，请人工分办。"
    elif suggestions[0].get("reason") != MODEL_REASON:
        note = ""
    else:
        top = float(suggestions[0].get("confidence", 0.0))
        if top < UNSURE_PROBABILITY:
            note = f"模型对所有部门都没有把握（最高{percent(top)}），以下建议仅供参考。"
        elif state.version is None:
            note = "当前没有在用的分办模型，不自动分办，请人工确认。"
        elif threshold is None:
            note = "当前模型达不到目标准确率，不自动分办，请人工确认。"
        elif top < threshold:
            note = (
                f"模型把握不足（最高{percent(top)}，自动分办需不低于{percent(threshold)}），"
                "请人工确认。"
            )
        elif letter.sensitive_flagged:
            note = "来信含敏感词，需人工复核后分办。"
        elif state.version is not None and letter.routed_at < state.version.created_at:
            note = "来信在当前模型启用前已分析，未自动分办，请人工确认。"
        else:
            note = ""
    return Advice(suggestions, note, threshold)


def advice_for_api(letter: Any, cache: dict[str, Any]) -> dict[str, Any]:
    """``letters.hooks`` routing advice: the router state is read once per ``cache``
    (the serializer's context, shared by the rows of one list)."""
    state = cache.get("routing_state")
    if not isinstance(state, RouterState):
        state = cache["routing_state"] = router_state()
    return letter_advice(letter, state).as_dict()
