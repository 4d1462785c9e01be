"""Admin of partner systems: issue a key (shown once), revoke it; both audited.

Only the system administrator role (系统管理员) and superusers see this. A partner's
settings are fixed at issue (scopes, channel and limit change by issuing a new key and
revoking the old one), so the admin never edits a key's rights without an audit entry.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from open311 import partners
from open311.models import PartnerLetter, PartnerScope, PartnerSystem
from org.roles import Role
from org.selectors import staff_user, user_roles


def _is_admin(request: HttpRequest) -> bool:
    user = request.user
    return bool(user.is_active and (user.is_superuser or Role.ADMIN in user_roles(user)))


class IssueForm(forms.ModelForm[PartnerSystem]):
    scopes = forms.MultipleChoiceField(
        label="权限范围",
        choices=PartnerScope.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "请至少选择一项权限。"},
    )
    rate_per_minute = forms.IntegerField(
        label="每分钟请求上限", min_value=1, max_value=10_000, initial=60
    )

    class Meta:
        model = PartnerSystem
        fields = ["name", "channel", "scopes", "rate_per_minute"]


@admin.register(PartnerSystem)
class PartnerSystemAdmin(admin.ModelAdmin[PartnerSystem]):
    list_display = [
        "name",
        "channel",
        "scope_list",
        "rate_per_minute",
        "key_prefix",
        "created_at",
        "revoked_at",
    ]
    list_filter = ["channel"]
    actions = ["revoke"]
    form = IssueForm

    @admin.display(description="权限范围")
    def scope_list(self, obj: PartnerSystem) -> str:
        labels = dict(PartnerScope.choices)
        return "、".join(str(labels.get(s, s)) for s in obj.scopes)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _is_admin(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_admin(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return _is_admin(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # The revoke action needs it on the list; the change form itself is read-only.
        return _is_admin(request) and obj is None

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # kept for the audit trail and the letters they submitted

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        if obj is None:
            return []
        return [
            "name",
            "channel",
            "scope_list",
            "rate_per_minute",
            "key_prefix",
            "created_at",
            "created_by",
            "revoked_at",
            "revoked_by",
        ]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ["name", "channel", "scopes", "rate_per_minute"]
        return self.get_readonly_fields(request, obj)

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        if obj is not None:
            kwargs["form"] = forms.ModelForm
            kwargs["fields"] = []
        return super().get_form(request, obj, change, **kwargs)

    def save_model(self, request: HttpRequest, obj: PartnerSystem, form: Any, change: bool) -> None:
        issued = partners.issue_partner(
            name=form.cleaned_data["name"],
            channel=form.cleaned_data["channel"],
            scopes=list(form.cleaned_data["scopes"]),
            rate_per_minute=form.cleaned_data["rate_per_minute"],
            actor=staff_user(request.user),
        )
        for field in PartnerSystem._meta.concrete_fields:
            setattr(obj, field.attname, getattr(issued.partner, field.attname))
        obj._state.adding = False
        obj._state.db = issued.partner._state.db
        request.issued_key = issued.key  # type: ignore[attr-defined]

    def response_add(
        self, request: HttpRequest, obj: PartnerSystem, post_url_continue: str | None = None
    ) -> HttpResponse:
        """The key, once: on this page only, never stored or sent again."""
        response = TemplateResponse(
            request,
            "admin/open311/partnersystem/key_issued.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "partner": obj,
                "key": getattr(request, "issued_key", ""),
                "title": "接入密钥已签发",
            },
        )
        response["Cache-Control"] = "no-store"
        return response

    @admin.action(description="吊销所选接入系统的密钥")
    def revoke(self, request: HttpRequest, queryset: QuerySet[PartnerSystem]) -> None:
        actor = staff_user(request.user)
        done = [p.name for p in queryset if partners.revoke_partner(partner=p, actor=actor)]
        if done:
            self.message_user(request, f"已吊销：{'、'.join(done)}。", messages.SUCCESS)
        else:
            self.message_user(request, "所选接入系统的密钥此前已吊销。", messages.WARNING)


@admin.register(PartnerLetter)
class PartnerLetterAdmin(admin.ModelAdmin[PartnerLetter]):
    list_display = ["letter", "partner", "created_at"]
    list_filter = ["partner"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _is_admin(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_admin(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
