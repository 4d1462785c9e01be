from celery import shared_task

from core.outbox import RETRY, OutboxTask
from routing import services


@shared_task(name="routing.route_letter", base=OutboxTask, **RETRY)
def route_letter(letter_id: int) -> bool:
    """Suggest departments for a new letter and dispatch it when confident; idempotent."""
    return services.route_letter(letter_id=letter_id).auto_dispatched


@shared_task(name="routing.train_router")
def train_router() -> dict[str, object]:
    result = services.train_router()
    return {"version": result.version.pk, "activated": result.activated}
