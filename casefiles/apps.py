from django.apps import AppConfig


class CasefilesConfig(AppConfig):
    """An office's history brought in (import_cases): historical cases as closed letters with their real dates."""

    name = "casefiles"
    verbose_name = "历史案件导入"
