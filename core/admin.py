"""Admin of the kernel: the outbox (read-only) and the sensitive-word list."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from core.models import OutboxMessage, SensitiveWord
from core.sensitive import normalize_for_matching


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin[OutboxMessage]):
    list_display = ["id", "task_name", "created_at", "relayed_at", "attempts", "last_error"]
    list_filter = ["task_name"]

    def has_change_permission(self, request: HttpRequest, obj: OutboxMessage | None = None) -> bool:
        return False


admin.site.site_header = "政民互动办理台"
admin.site.site_title = "政民互动办理台"


class SensitiveWordForm(forms.ModelForm[SensitiveWord]):
    class Meta:
        model = SensitiveWord
        fields = ["word", "category", "active", "note"]

    def clean_word(self) -> str:
        word = str(self.cleaned_data["word"]).strip()
        if not normalize_for_matching(word):
            raise ValidationError("敏感词不能只由空格或标点组成。")
        return word


@admin.register(SensitiveWord)
class SensitiveWordAdmin(admin.ModelAdmin[SensitiveWord]):
    """Words that flag a letter for the dispatcher's review at intake; letters are never
    refused or dropped because of them. Matching ignores case, full/half width, spaces
    and punctuation between characters."""

    form = SensitiveWordForm
    list_display = ["word", "category", "active", "note", "updated_at"]
    list_filter = ["active", "category"]
    search_fields = ["word", "note"]
