"""Admin: surveys with their questions (options on each question's page), scoped to the
user's own department unless the user is a superuser; responses and feedback reports are
read-only here (review and publication run through ``surveys.services`` on the results
page, so the publication gate cannot be bypassed)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest

from org.models import Department
from org.selectors import user_department_id
from surveys import services
from surveys.models import FeedbackReport, Option, Question, ResponseRule, Survey


def _scoped(request: HttpRequest, queryset: QuerySet[Any], field: str) -> QuerySet[Any]:
    if request.user.is_superuser:
        return queryset
    return queryset.filter(**{field: user_department_id(request.user)})


class QuestionInline(admin.TabularInline[Question, Survey]):
    model = Question
    extra = 1
    show_change_link = True
    fields = ["position", "kind", "text", "required", "min_choices", "max_choices"]


class OptionInline(admin.TabularInline[Option, Question]):
    model = Option
    extra = 3
    fields = ["position", "text"]


class SurveyForm(forms.ModelForm[Survey]):
    class Meta:
        model = Survey
        fields = [
            "kind",
            "title",
            "description",
            "owner",
            "opens_at",
            "closes_at",
            "published",
            "response_rule",
            "opinion_required",
        ]

    def clean_response_rule(self) -> str:
        rule = str(self.cleaned_data.get("response_rule") or "")
        if rule == ResponseRule.PHONE and not services.sms_configured():
            raise ValidationError("本站未配置短信服务（DESK_SMS_BACKEND），不能按手机号限答。")
        return rule


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin[Survey]):
    form = SurveyForm
    list_display = ["title", "kind", "owner", "opens_at", "closes_at", "published"]
    list_filter = ["kind", "published", "owner"]
    search_fields = ["title"]
    inlines = [QuestionInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Survey]:
        return _scoped(request, super().get_queryset(request), "owner_id")

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "owner" and field is not None and not request.user.is_superuser:
            field.queryset = Department.objects.filter(pk=user_department_id(request.user) or 0)
        return field


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin[Question]):
    list_display = ["text", "survey", "position", "kind"]
    inlines = [OptionInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Question]:
        return _scoped(request, super().get_queryset(request), "survey__owner_id")

    def has_module_permission(self, request: HttpRequest) -> bool:
        return False  # reached from its survey's page


@admin.register(FeedbackReport)
class FeedbackReportAdmin(admin.ModelAdmin[FeedbackReport]):
    """Read-only: reports are published through the publication gate on the pages."""

    list_display = ["__str__", "deadline", "published_at", "on_time", "complex_matter"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[FeedbackReport]:
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        department = user_department_id(request.user)
        return queryset.filter(survey__owner_id=department) | queryset.filter(
            solicitation__owner_id=department
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
