"""OpenAPI description of the partner key (drf-spectacular extension, loaded by the app)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class PartnerKeyScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    target_class = "open311.auth.PartnerKeyAuthentication"
    name = "partnerApiKey"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "接入系统密钥：Authorization: ApiKey <密钥>（由系统管理员签发，只显示一次）",
        }
