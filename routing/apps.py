from django.apps import AppConfig


class RoutingConfig(AppConfig):
    name = "routing"
    verbose_name = "智能分办"

    def ready(self) -> None:
        from routing import tasks  # noqa: F401
