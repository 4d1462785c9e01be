"""Create one group per staff role (DESIGN.md §1)."""

from typing import Any

from django.db import migrations

ROLES = ["dispatcher", "handler", "reviewer", "publisher", "supervisor", "admin", "auditor"]


def create(apps: Any, schema_editor: Any) -> None:
    group = apps.get_model("auth", "Group")
    for name in ROLES:
        group.objects.get_or_create(name=name)


def remove(apps: Any, schema_editor: Any) -> None:
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [("letters", "0003_case_handling"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(create, remove)]
