from django.apps import AppConfig


class Open311Config(AppConfig):
    """Open311 GeoReport v2: the standard interface for other systems (services, requests, status)."""

    name = "open311"
    verbose_name = "Open311 接口"
