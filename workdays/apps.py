from django.apps import AppConfig


class WorkdaysConfig(AppConfig):
    """The official working-day calendar (State Council schedule) and its yearly import."""

    name = "workdays"
    verbose_name = "工作日历"
