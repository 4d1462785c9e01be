from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The shared kernel: audit log, outbox, real-time events, API conventions, personal
    data (encrypted fields, masks, detection) and the sensitive-word list."""

    name = "core"
    verbose_name = "基础设施"

    def ready(self) -> None:
        from django.contrib.auth import signals
        from django.db.models.signals import post_delete, post_save

        from core import audit, sensitive, tasks  # noqa: F401  (tasks register with Celery)
        from core.models import SensitiveWord

        # Every process reloads its copy of the sensitive-word list after a change.
        for signal in (post_save, post_delete):
            signal.connect(sensitive.list_changed, sender=SensitiveWord, dispatch_uid="sw")

        # Security events go to the audit log wherever the login happens (admin, API, pages).
        signals.user_logged_in.connect(audit.on_login, dispatch_uid="audit-login")
        signals.user_login_failed.connect(audit.on_login_failed, dispatch_uid="audit-login-failed")
        signals.user_logged_out.connect(audit.on_logout, dispatch_uid="audit-logout")
