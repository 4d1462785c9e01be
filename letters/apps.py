from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "letters"
    verbose_name = "来信办理"

    def ready(self) -> None:
        # Register the app's Celery tasks in every process (web, worker, beat, tests), so
        # the outbox can hand any message to its task by name.
        from django.db.models.signals import post_delete, post_save

        from letters import tasks  # noqa: F401
        from letters.models import DeadlinePolicy
        from letters.services.deadlines import POLICIES

        # Every process reloads its copy of the deadline policies after a change.
        for signal in (post_save, post_delete):
            signal.connect(POLICIES.changed, sender=DeadlinePolicy, dispatch_uid="policies")
