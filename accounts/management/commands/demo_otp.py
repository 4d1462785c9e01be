"""Prints the current TOTP code of a demo account (development only)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.oath import totp

from accounts.demo import DEMO_OTP_KEY, refuse_in_production
from accounts.services import confirmed_device


class Command(BaseCommand):
    help = "显示演示账号当前的 6 位动态验证码（仅开发环境）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            refuse_in_production()
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from None
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"没有用户名为 {options['username']} 的账号。")
        device = confirmed_device(user)
        if device is None or device.key != DEMO_OTP_KEY:
            raise CommandError(f"{user.get_username()} 不是使用演示密钥的演示账号。")
        code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
        self.stdout.write(f"{code:0{device.digits}d}")
