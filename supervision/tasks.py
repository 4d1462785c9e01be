"""Celery tasks of supervision."""

from __future__ import annotations

from celery import shared_task

from supervision import services


@shared_task(name="supervision.scan")
def supervision_scan() -> dict[str, object]:
    return services.supervision_scan().as_dict()
