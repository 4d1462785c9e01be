"""Notices to the writer of a letter: e-mail and SMS, each sent at most once per event."""

from __future__ import annotations

from django.core.mail import send_mail
from django.db import IntegrityError, transaction

from letters.models import Letter, Notification, NotificationTemplate
from letters.sms import get_sms_backend

DEFAULT_SUBJECTS = {
    "received": "您的来信已收到",
    "accepted": "您的来信已受理",
    "rejected": "您的来信不予受理",
    "paused": "请补充来信材料",
    "extended": "您的来信办理期限已延长",
    "replied": "您的来信已答复",
}
DEFAULT_TEXTS = {
    "received": (
        "{name}，您好！您的来信《{title}》已收到，信件编号{tracking_number}。"
        "请凭信件编号和查询码查询办理进度。"
    ),
    "accepted": "{name}，您好！您的来信《{title}》（{tracking_number}）已受理。",
    "rejected": (
        "{name}，您好！您的来信《{title}》（{tracking_number}）不予受理，原因请凭查询码查看。"
    ),
    "paused": (
        "{name}，您好！办理您的来信《{title}》（{tracking_number}）需要补充材料，"
        "请凭查询码查看具体要求。"
    ),
    "extended": (
        "{name}，您好！您的来信《{title}》（{tracking_number}）办理期限已延长，"
        "请凭查询码查看新的期限和理由。"
    ),
    "replied": (
        "{name}，您好！您的来信《{title}》（{tracking_number}）已答复，请凭查询码查看答复并评价。"
    ),
}


def render(template: str, letter: Letter) -> str:
    """Fill {name}, {title}, {tracking_number}; other braces are left as typed in admin."""
    values = {"name": letter.name, "title": letter.title, "tracking_number": letter.tracking_number}
    for key, value in values.items():
        template = template.replace("{" + key + "}", value)
    return template


def notify_citizen(*, letter_id: int, event: str, event_id: int | None = None) -> list[str]:
    """Send the notice for ``event`` on every channel the writer gave; return channels used.

    A ``Notification`` row is written in the same transaction as the send, so a retry
    after a failed send tries again and a retry after a successful one sends nothing.
    ``event_id`` (the timeline event) tells apart two notices of one kind, e.g. two 补正.
    """
    key = event if event_id is None else f"{event}#{event_id}"
    template = NotificationTemplate.objects.filter(event=event).first()
    if template is None:
        raise ValueError(f"no notification template for event {event!r}")
    letter = Letter.objects.filter(pk=letter_id).first()
    if letter is None:
        return []
    text = render(template.text, letter)
    subject = render(template.subject, letter)
    sent: list[str] = []
    channels = [(Notification.Channel.SMS, letter.phone)]
    if letter.email:
        channels.append((Notification.Channel.EMAIL, letter.email))
    for channel, recipient in channels:
        if channel == Notification.Channel.SMS and not recipient.startswith("1"):
            continue  # a fixed line cannot receive SMS
        try:
            with transaction.atomic():
                Notification.objects.create(
                    letter=letter, event=key, channel=channel, recipient=recipient
                )
                if channel == Notification.Channel.EMAIL:
                    send_mail(subject, text, None, [recipient])
                else:
                    get_sms_backend().send(recipient, text)
        except IntegrityError:
            continue  # already sent for this event
        sent.append(channel)
    return sent
