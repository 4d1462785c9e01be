from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    """Supervision: the periodic scan, urging and 督办单, reports and scores."""

    name = "supervision"
    verbose_name = "督办与统计"

    def ready(self) -> None:
        from supervision import endpoints, tasks  # noqa: F401  (registers both)
