from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo city (临江市, fictional) as data, and the commands that load it."""

    name = "demo"
    verbose_name = "演示数据"
