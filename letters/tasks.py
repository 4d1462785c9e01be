"""Celery tasks of the letters app. Tasks take ids, have explicit names, are idempotent."""

from __future__ import annotations

from celery import shared_task

from core.outbox import RETRY, OutboxTask
from letters.services import deadlines, notifications, workflow


@shared_task(name="letters.notify_citizen", base=OutboxTask, **RETRY)
def notify_citizen(letter_id: int, event: str, event_id: int | None = None) -> list[str]:
    return notifications.notify_citizen(letter_id=letter_id, event=event, event_id=event_id)


@shared_task(name="letters.close_unrated")
def close_unrated() -> int:
    return workflow.close_unrated()


@shared_task(name="letters.recompute_deadlines", base=OutboxTask, **RETRY)
def recompute_deadlines(year: int) -> int:
    """After a calendar import: re-derive open deadlines that depend on ``year``."""
    return deadlines.recompute_for_year(year)
