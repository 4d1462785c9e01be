"""Seed the editable notification templates with the default Chinese texts."""

from typing import Any

from django.db import migrations


def seed(apps: Any, schema_editor: Any) -> None:
    from letters.services.notifications import DEFAULT_SUBJECTS, DEFAULT_TEXTS

    template = apps.get_model("letters", "NotificationTemplate")
    template.objects.bulk_create(
        template(event=event, subject=DEFAULT_SUBJECTS[event], text=text)
        for event, text in DEFAULT_TEXTS.items()
    )


def unseed(apps: Any, schema_editor: Any) -> None:
    apps.get_model("letters", "NotificationTemplate").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("letters", "0005_supervision")]

    operations = [migrations.RunPython(seed, unseed)]
