"""Staff sign-in: password plus TOTP second factor, lockout, password policy, session limits."""

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    label = "accounts"
    verbose_name = "账号与登录安全"

    def ready(self) -> None:
        from axes.signals import user_locked_out
        from django.contrib.auth import get_user_model, signals
        from django.db.models.signals import post_save

        from accounts import services

        signals.user_logged_in.connect(services.on_user_logged_in, dispatch_uid="accounts-in")
        signals.user_logged_out.connect(services.on_user_logged_out, dispatch_uid="accounts-out")
        user_locked_out.connect(services.on_locked_out, dispatch_uid="accounts-locked-out")
        # Every failed sign-in, whatever the account, spends the address's failure budget.
        signals.user_login_failed.connect(
            services.on_login_failed, dispatch_uid="accounts-failure-budget"
        )
        # A disabled account loses every session at once.
        post_save.connect(
            services.on_user_saved, sender=get_user_model(), dispatch_uid="accounts-disabled"
        )
