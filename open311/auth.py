"""DRF authentication, scope check and rate limit for partner systems (``open311.partners``).

The partner API reads the key from ``Authorization: ApiKey <key>`` (or ``X-Api-Key``);
Open311 from the ``api_key`` parameter as its spec says. A request carrying no key is
anonymous for the authentication class (the view's permission then refuses it with 401);
an unknown or revoked key is refused with 401 at once. The partner is ``request.auth``;
``request.user`` stays anonymous, so no staff permission ever passes for a partner.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from core.api import DeskThrottle
from open311 import partners
from open311.models import PartnerScope, PartnerSystem

KEYWORD = "ApiKey"


class PartnerKeyAuthentication(BaseAuthentication):
    """``Authorization: ApiKey <key>`` or ``X-Api-Key: <key>``."""

    def key_of(self, request: Request) -> str | None:
        header = request.headers.get("Authorization", "")
        if header:
            keyword, _, value = header.partition(" ")
            if keyword.lower() in {KEYWORD.lower(), "bearer"}:
                return value
        return request.headers.get("X-Api-Key")

    def authenticate(self, request: Request) -> tuple[Any, PartnerSystem] | None:
        key = self.key_of(request)
        if key is None:
            return None
        try:
            partner = partners.authenticate(key)
        except partners.PartnerRefused as exc:
            raise exceptions.AuthenticationFailed(exc.message) from None
        return AnonymousUser(), partner

    def authenticate_header(self, request: Request) -> str:
        return KEYWORD


class Open311KeyAuthentication(PartnerKeyAuthentication):
    """The GeoReport v2 ``api_key`` parameter (form body, or the query string)."""

    def key_of(self, request: Request) -> str | None:
        value = request.query_params.get("api_key")
        if value is None and request.method == "POST":
            data = request.data
            raw = data.get("api_key") if hasattr(data, "get") else None
            value = raw if isinstance(raw, str) else None
        return value if value is not None else super().key_of(request)


def partner_of(request: Request) -> PartnerSystem | None:
    return request.auth if isinstance(request.auth, PartnerSystem) else None


class PartnerScopePermission(BasePermission):
    """The view's ``partner_scope``: no key 401, a key without the scope 403."""

    def has_permission(self, request: Request, view: Any) -> bool:
        partner = partner_of(request)
        if partner is None:
            raise exceptions.NotAuthenticated(partners.MISSING_KEY)
        scope: PartnerScope = view.partner_scope
        try:
            partners.require_scope(partner, scope)
        except partners.PartnerRefused as exc:
            raise exceptions.PermissionDenied(exc.message) from None
        return True


class PartnerThrottle(DeskThrottle):
    """``PartnerSystem.rate_per_minute`` per partner (any address), in the cache; open if
    the cache is unreachable (``DeskThrottle``). Requests without a partner pass here
    (the per-address throttles of the view count those)."""

    def allow_request(self, request: Any, view: Any) -> bool:
        partner = partner_of(request)
        if partner is None:
            return True
        self.scope = "partner"
        self.rate = f"{partner.rate_per_minute}/min"
        self.partner_id = partner.pk
        return self.count_request(request, view)  # fails open like every throttle

    def get_cache_key(self, request: Any, view: Any) -> str | None:
        return self.cache_format % {"scope": "partner", "ident": self.partner_id}
