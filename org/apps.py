from django.apps import AppConfig


class OrgConfig(AppConfig):
    """The organisation: departments, leaders, websites, solicitations, staff roles."""

    name = "org"
    verbose_name = "单位与人员"
