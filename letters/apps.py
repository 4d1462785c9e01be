from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "letters"
    verbose_name = "来信办理"

    def ready(self) -> None:
        # Register the app's Celery tasks in every process (web, worker, beat, tests), so
        # the outbox can hand any message to its task by name.
        from django.contrib.auth import signals

        from letters import audit, tasks  # noqa: F401

        # Security events go to the audit log wherever the login happens (admin, API, pages).
        signals.user_logged_in.connect(audit.on_login, dispatch_uid="audit-login")
        signals.user_login_failed.connect(audit.on_login_failed, dispatch_uid="audit-login-failed")
        signals.user_logged_out.connect(audit.on_logout, dispatch_uid="audit-logout")
