from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The shared kernel: audit log, outbox, real-time events, API conventions, personal
    data (encrypted fields, masks, detection) and the sensitive-word list."""

    name = "core"
    verbose_name = "基础设施"

    def ready(self) -> None:
        from django.contrib.auth import signals

        from core import audit, tasks  # noqa: F401  (tasks register with Celery)

        # Security events go to the audit log wherever the login happens (admin, API, pages).
        signals.user_logged_in.connect(audit.on_login, dispatch_uid="audit-login")
        signals.user_login_failed.connect(audit.on_login_failed, dispatch_uid="audit-login-failed")
        signals.user_logged_out.connect(audit.on_logout, dispatch_uid="audit-logout")
