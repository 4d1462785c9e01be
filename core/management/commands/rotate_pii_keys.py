"""Re-encrypt personal data under the current key (the first of DESK_PII_KEYS).

Rotation: put the new key first in DESK_PII_KEYS, keep the old ones after it, restart,
run this command, then remove the old keys. Rows already under the current key and
cipher are left alone, so the command can be run again (or resumed) at any time; it
also encrypts plaintext left from before encryption and refreshes stale keyed hashes
(e.g. after switching DESK_PII_CIPHER, which also switches HMAC-SHA256 to HMAC-SM3).
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandParser

from core import pii


class Command(BaseCommand):
    help = "用当前密钥重新加密全部个人信息（可重复执行）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=500, help="每批处理的行数")

    def handle(self, *args: Any, batch_size: int, **options: Any) -> None:
        ring = pii.keyring()
        self.stdout.write(f"当前密钥 {ring.current_id}，算法 {ring.cipher}")
        total = 0
        for model in apps.get_models():
            encrypted, _ = pii.pii_fields(model)
            if not encrypted:
                continue
            stats = pii.reencrypt_model(model, batch_size=max(batch_size, 1))
            total += stats.updated
            self.stdout.write(str(stats))
        self.stdout.write(self.style.SUCCESS(f"完成：共更新 {total} 行。"))
