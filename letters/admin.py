from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path

from letters.models import (
    CalendarDay,
    CalendarYear,
    DeadlinePolicy,
    Department,
    Leader,
    Letter,
    LetterEvent,
    NotificationTemplate,
    OutboxMessage,
    SensitiveWord,
    Solicitation,
    StaffProfile,
    SupervisionAlert,
    Website,
)
from letters.services.calendar import import_schedule
from letters.services.sensitive import normalize_for_matching


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin[Department]):
    list_display = ["code", "name", "level", "parent", "active"]
    list_filter = ["level", "active"]
    search_fields = ["code", "name", "short_name"]


@admin.register(Leader)
class LeaderAdmin(admin.ModelAdmin[Leader]):
    list_display = ["name", "title", "office", "active"]


@admin.register(Website)
class WebsiteAdmin(admin.ModelAdmin[Website]):
    list_display = ["name", "site_code", "owner", "active"]
    search_fields = ["name", "site_code"]


@admin.register(Solicitation)
class SolicitationAdmin(admin.ModelAdmin[Solicitation]):
    list_display = ["title", "owner", "opens_on", "closes_on"]


class LetterEventInline(admin.TabularInline[LetterEvent, Letter]):
    model = LetterEvent
    extra = 0
    can_delete = False
    fields = ("at", "action", "from_status", "to_status", "actor", "public_note", "note")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Letter | None = None) -> bool:
        return False


@admin.register(Letter)
class LetterAdmin(admin.ModelAdmin[Letter]):
    """Read-only in admin: every change goes through the workflow services."""

    list_display = ["tracking_number", "kind", "title", "status", "department", "received_at"]
    list_filter = ["kind", "status", "sensitive_flagged"]
    search_fields = ["tracking_number", "title"]
    # Contact details are for the handling department's workspace (masked, unmask audited).
    exclude = [
        "query_code",
        "idempotency_key",
        "idempotency_fingerprint",
        "phone",
        "email",
        "id_number",
        "address",
        "phone_hash",
        "id_number_hash",
    ]
    inlines = [LetterEventInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Letter | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Letter | None = None) -> bool:
        return False


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin[OutboxMessage]):
    list_display = ["id", "task_name", "created_at", "relayed_at", "attempts", "last_error"]
    list_filter = ["task_name"]

    def has_change_permission(self, request: HttpRequest, obj: OutboxMessage | None = None) -> bool:
        return False


admin.site.register(StaffProfile)
admin.site.site_header = "政民互动办理台"
admin.site.site_title = "政民互动办理台"


class CalendarImportForm(forms.Form):
    year = forms.IntegerField(label="年份", min_value=1900, max_value=2200)
    file = forms.FileField(label="节假日安排文件（CSV：date,kind,name）")
    source = forms.CharField(label="来源（通知文号）", max_length=200, required=False)


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin[CalendarYear]):
    """Years with an official schedule; new years come in through the import form."""

    list_display = ["year", "version", "source", "imported_at"]
    change_list_template = "admin/letters/calendaryear/change_list.html"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: CalendarYear | None = None) -> bool:
        return False

    def get_urls(self) -> list[URLPattern]:
        custom = [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="letters_calendaryear_import",
            )
        ]
        return custom + super().get_urls()

    def import_view(self, request: HttpRequest) -> HttpResponse:
        if not request.user.has_perm("letters.add_calendarday"):
            raise PermissionDenied
        form = CalendarImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                text = upload.read().decode("utf-8-sig")
                result = import_schedule(
                    year=form.cleaned_data["year"],
                    csv_text=text,
                    source=form.cleaned_data["source"] or upload.name,
                )
            except UnicodeDecodeError:
                form.add_error("file", "文件不是 UTF-8 编码的 CSV。")
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error("file", message)
            else:
                self.message_user(
                    request,
                    f"已导入{result.year}年节假日安排（放假{result.holidays}天，"
                    f"调休上班{result.workdays}天），日历版本{result.version}。",
                    messages.SUCCESS,
                )
                return redirect("admin:letters_calendaryear_changelist")
        context = {
            **self.admin_site.each_context(request),
            "title": "导入节假日安排",
            "form": form,
            "opts": self.model._meta,
        }
        return render(request, "admin/letters/calendaryear/import.html", context)


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin[CalendarDay]):
    list_display = ["day", "is_workday", "name", "version", "source"]
    list_filter = ["is_workday", "version"]
    date_hierarchy = "day"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: CalendarDay | None = None) -> bool:
        return False


@admin.register(NotificationTemplate)
class NotificationTemplateAdmin(admin.ModelAdmin[NotificationTemplate]):
    """Chinese texts of the notices; placeholders {name}, {title}, {tracking_number}."""

    list_display = ["event", "subject"]


@admin.register(SupervisionAlert)
class SupervisionAlertAdmin(admin.ModelAdmin[SupervisionAlert]):
    list_display = ["letter", "level", "round", "department", "created_at"]
    list_filter = ["level"]

    def has_change_permission(
        self, request: HttpRequest, obj: SupervisionAlert | None = None
    ) -> bool:
        return False


@admin.register(DeadlinePolicy)
class DeadlinePolicyAdmin(admin.ModelAdmin[DeadlinePolicy]):
    list_display = [
        "kind",
        "step",
        "working_days",
        "max_working_days",
        "counting",
        "starts_at",
        "active",
    ]
    list_filter = ["step", "active"]


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
