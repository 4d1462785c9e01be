from django.apps import AppConfig


class Open311Config(AppConfig):
    """Interfaces for other systems: partner systems' keys and API, and Open311 GeoReport v2."""

    name = "open311"
    verbose_name = "接入系统与 Open311 接口"

    def ready(self) -> None:
        from open311 import schema  # noqa: F401 - registers the key's OpenAPI scheme
