"""Password history (reuse and expiry) and the sessions each staff member holds."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class PasswordHistory(models.Model):
    """One row per password a user has had: its hash and when it was set. The newest row
    dates the current password (expiry); the last few refuse reuse."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="password_history"
    )
    password = models.CharField("密码哈希", max_length=128)
    created_at = models.DateTimeField("设置时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "历史密码"
        verbose_name_plural = "历史密码"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.created_at:%Y-%m-%d %H:%M}"


class StaffSession(models.Model):
    """A session created by a sign-in, so that all of a user's sessions can be ended when
    the account is disabled (the session store itself is not indexed by user)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_sessions"
    )
    session_key = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "登录会话"
        verbose_name_plural = "登录会话"

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.created_at:%Y-%m-%d %H:%M}"
