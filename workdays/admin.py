"""Admin of the working-day calendar: the yearly import of the official schedule."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path

from workdays.models import CalendarDay, CalendarYear
from workdays.services import import_schedule


class CalendarImportForm(forms.Form):
    year = forms.IntegerField(label="年份", min_value=1900, max_value=2200)
    file = forms.FileField(label="节假日安排文件（CSV：date,kind,name）")
    source = forms.CharField(label="来源（通知文号）", max_length=200, required=False)


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin[CalendarYear]):
    """Years with an official schedule; new years come in through the import form."""

    list_display = ["year", "version", "source", "imported_at"]
    change_list_template = "admin/workdays/calendaryear/change_list.html"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: CalendarYear | None = None) -> bool:
        return False

    def get_urls(self) -> list[URLPattern]:
        custom = [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="workdays_calendaryear_import",
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
                return redirect("admin:workdays_calendaryear_changelist")
        context = {
            **self.admin_site.each_context(request),
            "title": "导入节假日安排",
            "form": form,
            "opts": self.model._meta,
        }
        return render(request, "admin/workdays/calendaryear/import.html", context)


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin[CalendarDay]):
    list_display = ["day", "is_workday", "name", "version", "source"]
    list_filter = ["is_workday", "version"]
    date_hierarchy = "day"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: CalendarDay | None = None) -> bool:
        return False
