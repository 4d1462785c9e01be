from celery import shared_task

from core.outbox import RETRY, OutboxTask
from routing import services


@shared_task(name="routing.route_letter", base=OutboxTask, **RETRY)
def route_letter(letter_id: int) -> bool:
    """Suggest departments for a new letter and dispatch it when confident; idempotent.
    Where many routing messages wait (a burst), route a batch of them as well, in one go:
    each letter once, each message marked done with its letter's routing."""
    dispatched = services.route_letter(letter_id=letter_id).auto_dispatched
    services.route_waiting(exclude=letter_id)
    return dispatched


@shared_task(name="routing.train_router")
def train_router() -> dict[str, object]:
    result = services.train_router()
    return {"version": result.version.pk, "activated": result.activated}
