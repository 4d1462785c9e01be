"""Partner systems' keys: issue, revoke, authenticate, rate-limit (one home for the rule).

A key is ``dk_`` + 40 random base32 characters (200 bits). Only its SHA-256 digest is
stored (a key of that entropy needs no slow hash or salt: nobody can guess one from its
digest), with its first characters to recognise it in the admin. The key is returned
once, by ``issue_partner``; lost, it is revoked and a new one issued. Issue and revoke
are audited (``partner.issue``, ``partner.revoke``); a refused key is logged (not
audited: anyone can send keys, and the audit chain is no place for their noise).

The rate limit is per partner (not per client address): ``PartnerSystem.rate_per_minute``
requests in any sliding minute, counted in the cache like the public throttles
(``core.api.DeskThrottle``) and, like them, open when the cache is unreachable.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.audit import audit
from letters.models import Letter
from open311.models import PARTNER_CHANNELS, PartnerLetter, PartnerScope, PartnerSystem
from org.selectors import StaffUser

logger = logging.getLogger(__name__)

KEY_PREFIX = "dk_"
_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567"
_KEY_LENGTH = 40
SHOWN_PREFIX = 10  # "dk_" and 7 characters, shown in the admin

MISSING_KEY = "缺少接入密钥，请在请求头 Authorization: ApiKey <密钥> 中提供。"
UNKNOWN_KEY = "接入密钥无效，请核对后重试。"
REVOKED_KEY = "该接入密钥已被吊销，请联系系统管理员重新签发。"


class PartnerRefused(Exception):
    """The key is missing, unknown or revoked (HTTP 401), or lacks a scope (403)."""

    def __init__(self, message: str, *, status: int = 401) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def key_digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def new_key() -> str:
    return KEY_PREFIX + "".join(secrets.choice(_ALPHABET) for _ in range(_KEY_LENGTH))


@dataclass(frozen=True)
class Issued:
    partner: PartnerSystem
    key: str  # shown once; never stored


def _checked(name: str, channel: str, scopes: list[str], rate_per_minute: int) -> list[str]:
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = "「系统名称」：请填写接入系统的名称。"
    elif PartnerSystem.objects.filter(name=name.strip()).exists():
        errors["name"] = "「系统名称」：已有同名的接入系统。"
    if channel not in {c.value for c in PARTNER_CHANNELS}:
        errors["channel"] = "「来信渠道」：请从接口、微信、热线电话、信件邮寄、来访中选择。"
    known = set(PartnerScope.values)
    if not scopes or not set(scopes) <= known:
        errors["scopes"] = "「权限范围」：请选择提交来信、查询办理状态中的至少一项。"
    if not 1 <= rate_per_minute <= 10_000:
        errors["rate_per_minute"] = "「每分钟请求上限」：应为1至10000之间的整数。"
    if errors:
        raise ValidationError(errors)
    return sorted(set(scopes))


def issue_partner(
    *, name: str, channel: str, scopes: list[str], rate_per_minute: int, actor: StaffUser
) -> Issued:
    """Register a partner system with a new key; the key is in the result, once."""
    scopes = _checked(name, channel, scopes, rate_per_minute)
    key = new_key()
    with transaction.atomic():
        partner = PartnerSystem.objects.create(
            name=name.strip(),
            channel=channel,
            scopes=scopes,
            rate_per_minute=rate_per_minute,
            key_prefix=key[:SHOWN_PREFIX],
            key_hash=key_digest(key),
            created_by=actor,
        )
        audit(
            "partner.issue",
            actor=actor,
            obj=partner,
            data={
                "name": partner.name,
                "channel": channel,
                "scopes": scopes,
                "rate_per_minute": rate_per_minute,
                "key_prefix": partner.key_prefix,
            },
        )
    return Issued(partner, key)


def revoke_partner(*, partner: PartnerSystem, actor: StaffUser) -> bool:
    """Revoke the partner's key at once; False if it was already revoked."""
    with transaction.atomic():
        locked = PartnerSystem.objects.select_for_update().get(pk=partner.pk)
        if locked.revoked_at is not None:
            return False
        locked.revoked_at = timezone.now()
        locked.revoked_by = actor
        locked.save(update_fields=["revoked_at", "revoked_by"])
        audit(
            "partner.revoke",
            actor=actor,
            obj=locked,
            data={"name": locked.name, "key_prefix": locked.key_prefix},
        )
    partner.revoked_at, partner.revoked_by = locked.revoked_at, actor
    return True


def authenticate(key: str) -> PartnerSystem:
    """The partner holding ``key``; ``PartnerRefused`` (401) if none or revoked."""
    key = key.strip()
    if not key:
        raise PartnerRefused(MISSING_KEY)
    partner = PartnerSystem.objects.filter(key_hash=key_digest(key)).first()
    if partner is None:
        raise PartnerRefused(UNKNOWN_KEY)
    if partner.revoked_at is not None:
        logger.warning("revoked partner key used: partner %s", partner.pk)
        raise PartnerRefused(REVOKED_KEY)
    return partner


def require_scope(partner: PartnerSystem, scope: PartnerScope) -> None:
    if not partner.has_scope(scope):
        raise PartnerRefused(
            f"该接入系统没有“{scope.label}”权限（{scope.value}），请联系系统管理员。", status=403
        )


def record_submission(partner: PartnerSystem, letter: Letter) -> None:
    """Remember that ``partner`` submitted ``letter`` (it may then read its status)."""
    PartnerLetter.objects.get_or_create(letter=letter, defaults={"partner": partner})


def partner_letter(partner: PartnerSystem, tracking_number: str) -> Letter | None:
    """A letter this partner submitted, by its tracking number; None for any other."""
    return (
        Letter.objects.filter(
            tracking_number=tracking_number.strip().upper(), partner_link__partner=partner
        )
        .select_related("reply_department")
        .first()
    )
