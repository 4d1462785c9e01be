from celery import shared_task

from routing import services


@shared_task(name="routing.route_letter")
def route_letter(letter_id: int) -> int:
    return len(services.route_letter(letter_id=letter_id))
