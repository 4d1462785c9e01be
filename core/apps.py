from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The shared kernel: audit log, outbox, real-time events, API conventions, personal
    data (encrypted fields, masks, detection) and the sensitive-word list."""

    name = "core"
    verbose_name = "基础设施"
