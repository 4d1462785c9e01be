"""Celery tasks of supervision."""

from __future__ import annotations

from celery import shared_task

from supervision import reporting, services


@shared_task(name="supervision.scan")
def supervision_scan() -> dict[str, object]:
    return services.supervision_scan().as_dict()


@shared_task(name="supervision.reporting_calendar")
def reporting_calendar() -> dict[str, list[int]]:
    """Generate the reports that fell due and remind of unfiled ones (idempotent)."""
    return reporting.run_calendar().as_dict()
