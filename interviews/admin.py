"""Admin of the yearly interview plan: interviews with their staff roles; publishing the
preview (发布预告) goes through ``interviews.services.interview_publish`` (the gate)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest

from core.errors import ActionRefused
from interviews import services
from interviews.models import Interview, InterviewQuestion, InterviewStaff


class InterviewForm(forms.ModelForm[Interview]):
    class Meta:
        model = Interview
        fields = [
            "title",
            "topic",
            "guest_leader",
            "guest_department",
            "guest_name",
            "host_name",
            "starts_at",
            "ends_at",
            "summary",
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # Public texts: no personal data or sensitive word (the publication gate's finder).
        texts = {name: str(data.get(name) or "") for name in services.PLAN_FIELDS}
        for field, errors in services.plan_hits(texts).items():
            for message in errors:
                self.add_error(field, message)
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", "预计结束时间应晚于访谈时间。")
        return data


class InterviewStaffInline(admin.TabularInline[InterviewStaff, Interview]):
    model = InterviewStaff
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(Interview)
class InterviewAdmin(admin.ModelAdmin[Interview]):
    form = InterviewForm
    list_display = ["title", "starts_at", "host_name", "guest_department", "status", "published"]
    list_filter = ["status", "published"]
    search_fields = ["title", "topic"]
    date_hierarchy = "starts_at"
    # The live session is started and ended by its host or moderator (the services),
    # never by editing the status here.
    readonly_fields = ["status", "published", "started_at", "finished_at"]
    inlines = [InterviewStaffInline]
    actions = ["publish"]

    @admin.action(description="发布所选访谈的预告")
    def publish(self, request: HttpRequest, queryset: QuerySet[Interview]) -> None:
        done = 0
        for interview in queryset:
            try:
                services.interview_publish(interview_id=interview.pk, actor=request.user)  # type: ignore[arg-type]
                done += 1
            except (ValidationError, ActionRefused, PermissionDenied) as exc:
                text = (
                    exc.message
                    if isinstance(exc, ActionRefused)
                    else "；".join(exc.messages if isinstance(exc, ValidationError) else [str(exc)])
                )
                self.message_user(request, f"《{interview.title}》：{text}", messages.ERROR)
        if done:
            self.message_user(request, f"已发布{done}场访谈的预告。", messages.SUCCESS)


@admin.register(InterviewQuestion)
class InterviewQuestionAdmin(admin.ModelAdmin[InterviewQuestion]):
    """Read-only: moderation is the moderators' (staff API); contact data is not listed."""

    list_display = ["number", "interview", "status", "received_at", "answered_live"]
    list_filter = ["status", "answered_live"]
    fields = ("interview", "public_text", "status", "received_at", "answered_at", "letter")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
