"""Case actions have one spelling (letters.lifecycle): the extension request's timeline
events, recorded as ``extension_request``, are ``request_extension`` like its route."""

from django.db import migrations


def forwards(apps, schema_editor):
    LetterEvent = apps.get_model("letters", "LetterEvent")
    LetterEvent.objects.filter(action="extension_request").update(action="request_extension")


def backwards(apps, schema_editor):
    LetterEvent = apps.get_model("letters", "LetterEvent")
    LetterEvent.objects.filter(action="request_extension").update(action="extension_request")


class Migration(migrations.Migration):
    dependencies = [("letters", "0014_public_replied_at")]

    operations = [migrations.RunPython(forwards, backwards)]
