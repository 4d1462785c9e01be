"""The 录入员 role (org.roles.Role.OPERATOR): enters hotline, visit and mail letters."""

from typing import Any

from django.db import migrations

ROLE = "operator"


def create(apps: Any, schema_editor: Any) -> None:
    apps.get_model("auth", "Group").objects.get_or_create(name=ROLE)


def remove(apps: Any, schema_editor: Any) -> None:
    apps.get_model("auth", "Group").objects.filter(name=ROLE).delete()


class Migration(migrations.Migration):
    dependencies = [("letters", "0018_letter_source_old_number_location")]

    operations = [migrations.RunPython(create, remove)]
