from django.apps import AppConfig


class DeskConfig(AppConfig):
    """The project package as an app: deployment checks and project-wide templates."""

    name = "desk"
    verbose_name = "办理台"

    def ready(self) -> None:
        from desk import checks  # noqa: F401  (registers the system checks)
