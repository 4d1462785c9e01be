"""OpenAPI schema conventions: every operation documents the errors it can answer.

The error body is the one of ``core.api.exception_handler``. Which codes an operation
lists follows from the view: 400 when it takes input, 403 unless anyone may call it,
404 when the path names an object, 409 and 413 for writes, 429 when it is rate-limited.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny

# The body of every 4xx answer (core.api.exception_handler).
ErrorSerializer = inline_serializer(
    name="Error",
    fields={
        "detail": serializers.CharField(help_text="一句中文说明"),
        "errors": serializers.DictField(
            child=serializers.ListField(child=serializers.CharField()),
            help_text='出错的字段及其中文提示，如 {"phone": ["「联系电话」：格式不正确……"]}',
        ),
    },
)


ERRORS = {
    "400": "提交的内容有误（errors 逐项说明字段）",
    "403": "未登录或无权进行此操作",
    "404": "对象不存在或不在本单位的范围内",
    "409": "与当前办理状态冲突",
    "413": "提交的内容过大",
    "429": "操作过于频繁，请按 Retry-After 秒数后再试",
}
WRITES = {"POST", "PUT", "PATCH", "DELETE"}


def error_response(code: str) -> OpenApiResponse:
    """For ``@extend_schema(responses={...})``: an error an operation answers beyond the
    ones ``DeskAutoSchema`` derives from the view (e.g. 404 for an unknown number)."""
    return OpenApiResponse(response=ErrorSerializer, description=ERRORS[code])


class DeskAutoSchema(AutoSchema):
    def _error_codes(self) -> list[str]:
        codes = []
        if self.method in WRITES or self._get_parameters():
            codes.append("400")
        if not all(isinstance(p, AllowAny) for p in self.view.get_permissions()):
            codes.append("403")
        # An object named in the path, or a page number or cursor beyond the list.
        if "{" in self.path or (self._is_list_view() and self._get_paginator()):
            codes.append("404")
        if self.method in WRITES:
            codes += ["409", "413"]
        if self.view.get_throttles():
            codes.append("429")
        return codes

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code in self._error_codes():
            if code in responses:
                continue
            response = self._get_response_for_code(error_response(code), code)
            if code == "429":
                response["headers"] = {
                    "Retry-After": {
                        "schema": {"type": "integer"},
                        "description": "需要等待的秒数",
                    }
                }
            responses[code] = response
        return responses
