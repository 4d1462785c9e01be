from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "letters"
    verbose_name = "来信办理"

    def ready(self) -> None:
        # Register the app's Celery tasks in every process (web, worker, beat, tests), so
        # the outbox can hand any message to its task by name.
        from letters import tasks  # noqa: F401
